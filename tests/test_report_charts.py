"""The charts of coach.render.charts: the grade chart judges each key result against its own
bar (1.0 committed, 0.7 stretch), labels are whole and clear of the plot, forecasts are
labelled; the batch distribution counts what it shows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from matplotlib.colors import to_rgba

from coach.grading import REMINDER, grade_file, grade_text
from coach.grading.grade import GradeInputs
from coach.render import charts

ROOT = Path(__file__).resolve().parent.parent
LONG_KR = (
    "Increase the share of enterprise customers who renew their annual contract without a "
    "discount and expand to at least one more product line from 12% to 30% by the end of Q2"
)


@pytest.fixture(scope="module")
def quarter_end():
    return grade_file(
        ROOT / "examples/okrs-q2.md", GradeInputs(actuals=str(ROOT / "examples/actuals-q2.yaml"))
    )


@pytest.fixture(scope="module")
def mid_quarter():
    inputs = GradeInputs(checkins=str(ROOT / "examples/checkins-q2.csv"), as_of=date(2026, 5, 13))
    return grade_file(ROOT / "examples/okrs-q2.md", inputs)


def artist(fig, gid):
    found = fig.findobj(lambda a: a.get_gid() == gid)
    assert len(found) == 1, gid
    return found[0]


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]


def test_each_key_result_is_judged_against_its_own_bar(quarter_end):
    fig = charts.grade_figure(quarter_end)
    kr2 = next(kr for kr in quarter_end.key_results() if kr.label == "O1.KR2")
    assert (kr2.ambition.value, kr2.score) == ("committed", 0.75)
    assert list(artist(fig, "judge-O1.KR2").get_xdata()) == [1.0, 1.0]
    assert list(artist(fig, "judge-O1.KR1").get_xdata()) == [0.7, 0.7]  # a stretch KR


def test_a_committed_075_is_missed_and_a_stretch_075_met(quarter_end):
    fig = charts.grade_figure(quarter_end)
    assert artist(fig, "bar-O1.KR2").get_facecolor() == to_rgba(charts.MISSED)  # committed 0.75
    assert artist(fig, "bar-O2.KR2").get_facecolor() == to_rgba(charts.MET)  # stretch 0.75
    assert artist(fig, "bar-O2.KR2").get_hatch()  # stretch bars are hatched
    assert artist(fig, "bar-O1.KR2").get_hatch() is None
    assert "0.75 of 1.0 · missed" in texts(fig)
    assert "0.75 of 0.7 · met" in texts(fig)


def test_objectives_group_their_key_results_with_their_average(quarter_end):
    fig = charts.grade_figure(quarter_end)
    ax = fig.axes[1]
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert [label.split(" ")[0] for label in labels] == [
        "O1", "O1.KR1", "O1.KR2", "O1.KR3", "O2", "O2.KR1", "O2.KR2", "O2.KR3", "O2.KR4"
    ]  # fmt: skip
    assert artist(fig, "average-O1").get_width() == quarter_end.objectives[0].score
    assert "average 0.86" in texts(fig)


def test_values_sit_in_a_column_right_of_the_plot_not_on_the_target(quarter_end):
    fig = charts.grade_figure(quarter_end)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[1]
    right = ax.get_window_extent(renderer).x1
    values = [t for t in ax.texts if " of " in t.get_text() or t.get_text().startswith("average")]
    assert len(values) == 9
    assert all(t.get_window_extent(renderer).x0 > right for t in values)


def test_labels_are_whole_however_long(tmp_path):
    draft = f"## Objective: Keep our best customers\n- {LONG_KR} (actual 21%)\n"
    report = grade_text(draft, "long.md")
    fig = charts.grade_figure(report)
    label = fig.axes[1].get_yticklabels()[1].get_text()
    assert "\n" in label  # wrapped, not cut
    assert " ".join(label.split()) == f"O1.KR1 (committed) {LONG_KR}"
    assert "…" not in label


def test_forecasts_are_drawn_and_labelled(mid_quarter):
    fig = charts.grade_figure(mid_quarter)
    kr3 = next(kr for kr in mid_quarter.key_results() if kr.label == "O1.KR3")
    diamond = artist(fig, "forecast-O1.KR3")
    assert list(diamond.get_xdata()) == [kr3.forecast.score]
    assert diamond.get_color() == charts.MISSED  # at risk
    assert f"so far 0.11 of 0.7 · forecast {kr3.forecast.score:.2f} at risk" in texts(fig)
    # mid-quarter nothing is judged yet: every bar is "progress so far"
    bars = fig.findobj(lambda a: str(a.get_gid()).startswith("bar-"))
    assert bars and {b.get_facecolor() for b in bars} == {to_rgba(charts.IN_PROGRESS)}


def test_the_reminder_is_in_a_chart_that_stands_alone_only(quarter_end):
    def joined(fig):
        return " ".join(" ".join(texts(fig)).split())

    assert REMINDER in joined(charts.grade_figure(quarter_end))
    assert REMINDER not in joined(charts.grade_figure(quarter_end, reminder=False))


def test_svg_output_names_the_judge_marks_and_is_reproducible(quarter_end):
    first = charts.encode(charts.grade_figure(quarter_end), "svg")
    again = charts.encode(charts.grade_figure(quarter_end), "svg")
    assert first == again
    svg = first.decode("utf-8")
    for kr in quarter_end.key_results():
        assert f'id="judge-{kr.label}"' in svg
    assert charts.inline_svg(charts.grade_figure(quarter_end)).startswith("<svg")


def test_png_resolution_follows_the_dpi(quarter_end):
    import struct

    def width(dpi):
        data = charts.encode(charts.grade_figure(quarter_end), "png", dpi)
        return struct.unpack(">I", data[16:20])[0]

    assert 1.9 < width(200) / width(100) < 2.1


def test_drawn_text_shows_control_characters_as_escapes():
    report = grade_text("## Objective: Keep \u202eevil\u202c users $5\n- Ship it (actual done)\n")
    label = charts.grade_figure(report).axes[1].get_yticklabels()[0].get_text()
    assert "\u202e" not in label and "\\u202e" in label
    assert r"\$5" in label  # a "$" is not matplotlib math


def test_score_bins_count_each_score_once():
    assert charts.score_bins([0, 9, 10, 58, 89, 90, 100]) == [2, 1, 0, 0, 0, 1, 0, 0, 1, 2]
    assert charts.score_bins([]) == [0] * 10


def test_distribution_bars_are_the_counts():
    fig = charts.distribution_figure([91, 84, 58, 100, 9])
    bars = fig.findobj(lambda a: a.get_gid() == "score-bins")
    heights = [bar.get_height() for bar in sorted(bars, key=lambda bar: bar.get_x())]
    assert heights == [1, 0, 0, 0, 0, 1, 0, 0, 1, 2]


def test_task_share_chart_orders_teams_by_share():
    fig = charts.share_figure([("A", 0.25), ("B", 1.0), ("C", 0.0)])
    ax = fig.axes[0]
    placed = sorted(zip(ax.get_yticks(), (t.get_text() for t in ax.get_yticklabels()), strict=True))
    assert [label for _, label in placed][::-1] == ["B", "A", "C"]  # top down: largest first
    assert {"100%", "25%", "0%"} <= set(texts(fig))


def test_task_share_chart_keeps_the_largest_shares_when_there_are_many_teams():
    shares = [(f"T{i:03}", i / 100) for i in range(100)]
    fig = charts.share_figure(shares)
    labels = {t.get_text() for t in fig.axes[0].get_yticklabels()}
    assert len(labels) == charts.SHARE_LIMIT
    assert "T099" in labels and f"T{100 - charts.SHARE_LIMIT:03}" in labels
    assert f"T{99 - charts.SHARE_LIMIT:03}" not in labels
