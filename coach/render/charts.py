"""Every chart the coach draws, for `coach grade --chart` and the batch HTML report: matplotlib's
headless Agg backend, from the optional ``charts`` extra.

The figure builders return matplotlib figures (tests read their artists); :func:`encode` turns
one into PNG or SVG bytes and :func:`inline_svg` into an ``<svg>`` element to put in a page.
Artists a test or a reader looks for carry an SVG id (``gid``): ``judge-O1.KR2`` is the bar a key
result is judged against, ``bar-…`` its score, ``forecast-…`` its forecast. Text is drawn as
paths so a chart looks the same in every viewer and in print; everything put in a figure has
passed through :func:`coach.visible.visible`.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

from coach.errors import ConfigError
from coach.grading.bands import COMMITTED_TARGET, REMINDER, STRETCH_TARGET
from coach.grading.records import GradeReport, KeyResultGrade, ObjectiveGrade
from coach.model import Ambition
from coach.scoring import BANDS as CHECK_BANDS
from coach.visible import visible

MISSING = "{what} needs matplotlib, which is not installed: pip install 'okr-coach[charts]'"
FORMATS = ("png", "svg")
DEFAULT_DPI = 150

MET = "#2e7d32"
MISSED = "#c0392b"
IN_PROGRESS = "#4a78a8"
AVERAGE = "#555555"
JUDGE = "#111111"
_BAND_COLOURS = {"strong": "#2e7d32", "good": "#7cb342", "needs work": "#e0a030", "weak": MISSED}
_LABEL_WIDTH = 58  # characters per line of a key result's label: wrapped, never shortened


def pyplot(what: str = "--chart"):
    """matplotlib.pyplot on the Agg backend, or a ConfigError naming the ``charts`` extra."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise ConfigError(MISSING.format(what=what)) from None
    return plt


def require_matplotlib(what: str = "--chart") -> None:
    """A ConfigError naming the ``charts`` extra when matplotlib is not installed."""
    pyplot(what)


def encode(fig, fmt: str, dpi: int = DEFAULT_DPI) -> bytes:
    """The figure as PNG or SVG bytes (then closed). The same figure gives the same bytes: no
    dates, no random ids; nothing is cut off at the edges (a tight bounding box)."""
    import matplotlib

    plt = pyplot()
    metadata = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "okr-coach", "svg.fonttype": "path"}):
        fig.savefig(
            buffer, format=fmt, dpi=dpi, metadata=metadata, bbox_inches="tight", pad_inches=0.15
        )
    plt.close(fig)
    return buffer.getvalue()


def inline_svg(fig) -> str:
    """The figure as an ``<svg>`` element for an HTML page (no XML prologue)."""
    svg = encode(fig, "svg").decode("utf-8")
    return svg[svg.index("<svg") :]


def _plain(text: str) -> str:
    """Text as written, safe to draw: control characters shown as escapes, and a "$" that
    would otherwise start matplotlib's math mode."""
    return visible(text).replace("$", r"\$")


def _gid(kind: str, label: str) -> str:
    return f"{kind}-{''.join(c if c.isalnum() or c in '._' else '_' for c in label)}"


# ---- coach grade --------------------------------------------------------------------------


def grade_figure(report: GradeReport, reminder: bool = True):
    """Each key result's score as a bar, grouped by objective, against the bar it is judged
    against (1.0 committed, 0.7 stretch; a black mark), green when it met it and red when it
    missed (blue mid-quarter: progress so far). Each objective's average is a grey bar above
    its key results; values and forecasts are written in a column to the right, so no label
    sits on the target. ``reminder`` adds the learning-not-reviews rule under a chart that
    stands alone (an HTML page shows it once, in the page)."""
    plt = pyplot()
    rows = _grade_rows(report)
    heights = [h for _, _, h in rows]
    total = sum(heights)
    fig, (key, ax) = plt.subplots(
        2, 1, figsize=(11, 2.2 + 0.42 * total), height_ratios=(1.3, total), layout="constrained"
    )
    top, ticks, labels = total, [], []
    for kind, item, height in rows:
        y = top - height / 2
        top -= height
        ticks.append(y)
        if kind == "objective":
            labels.append(_objective_label(item))
            _objective_bar(ax, y, item, report.mid_quarter)
            ax.axhline(top + height, color="#cccccc", linewidth=0.6)
        else:
            labels.append(_kr_label(item))
            _kr_bar(ax, y, item, report.mid_quarter)
    ax.set_yticks(ticks, labels, fontsize=8)
    for label, (kind, _, _) in zip(ax.get_yticklabels(), rows, strict=True):
        if kind == "objective":
            label.set_fontweight("bold")
    ax.tick_params(axis="y", length=0)
    for x in (0.3, 0.5, STRETCH_TARGET, COMMITTED_TARGET):
        ax.axvline(x, color="#e3e3e3", linewidth=0.8, zorder=0)
    ax.set_xlim(0, 1.05)
    ax.set_xticks([0, 0.3, 0.5, 0.7, 1.0])
    ax.set_ylim(0, total)
    ax.set_xlabel("score (0.0–1.0)", fontsize=8)
    fig.suptitle(_grade_title(report), fontsize=10, x=0.01, ha="left")
    ax.spines[["top", "right"]].set_visible(False)
    key.axis("off")
    key.legend(handles=_grade_legend(plt, report), fontsize=7, loc="center", ncols=4, frameon=False)
    if reminder:
        fig.supxlabel(textwrap.fill(REMINDER, 150), fontsize=7, style="italic", x=0.01, ha="left")
    return fig


def _grade_rows(report: GradeReport) -> list[tuple[str, object, float]]:
    """(kind, record, height in row units), top to bottom: each objective, then its KRs."""
    rows: list[tuple[str, object, float]] = []
    for objective in report.objectives:
        lines = _objective_label(objective).count("\n") + 1
        rows.append(("objective", objective, max(1.0, 0.45 * lines + 0.3)))
        for kr in objective.key_results:
            lines = _kr_label(kr).count("\n") + 1
            rows.append(("kr", kr, max(1.0, 0.45 * lines + 0.3)))
    return rows


def _wrap(text: str, width: int = _LABEL_WIDTH) -> str:
    return "\n".join(textwrap.wrap(text, width, break_long_words=True)) or " "


def _kr_label(kr: KeyResultGrade) -> str:
    tag = "stretch" if kr.ambition == Ambition.STRETCH else "committed"
    return _plain(_wrap(f"{kr.label} ({tag}) {kr.text}"))


def _objective_label(objective: ObjectiveGrade) -> str:
    return _plain(_wrap(f"{objective.label} · {objective.text}"))


def verdict_colour(kr: KeyResultGrade, mid_quarter: bool) -> str:
    """Green for a key result that met its bar, red for one that missed it; mid-quarter, when
    nothing is judged yet, blue."""
    if mid_quarter or kr.met is None:
        return IN_PROGRESS
    return MET if kr.met else MISSED


def _kr_bar(ax, y: float, kr: KeyResultGrade, mid_quarter: bool) -> None:
    stretch = kr.ambition == Ambition.STRETCH
    if kr.score is None:
        ax.text(0.01, y, "not graded (see messages)", va="center", fontsize=7, color="#777777")
    else:
        ax.barh(
            y,
            kr.score,
            height=0.55,
            color=verdict_colour(kr, mid_quarter),
            hatch="///" if stretch else None,
            edgecolor="white",
            linewidth=0,
            gid=_gid("bar", kr.label),
        )
    ax.plot(
        [kr.expected, kr.expected],
        [y - 0.38, y + 0.38],
        color=JUDGE,
        linewidth=2.2,
        solid_capstyle="butt",
        gid=_gid("judge", kr.label),
    )
    if kr.forecast is not None:
        ax.plot(
            kr.forecast.score,
            y,
            marker="D",
            markersize=6,
            color=MISSED if kr.forecast.at_risk else "black",
            markeredgecolor="white",
            linestyle="",
            gid=_gid("forecast", kr.label),
        )
    ax.text(1.02, y, kr_value_text(kr, mid_quarter), transform=ax.get_yaxis_transform(),
            va="center", fontsize=7.5, clip_on=False)  # fmt: skip


def kr_value_text(kr: KeyResultGrade, mid_quarter: bool) -> str:
    """The right-hand column: "0.75 of 1.0 · missed", "so far 0.40 · forecast 0.83 at risk"."""
    bar = f"{kr.expected:.1f}"
    if mid_quarter:
        so_far = "—" if kr.score is None else f"{kr.score:.2f}"
        text = f"so far {so_far} of {bar}"
    elif kr.score is None:
        text = f"not graded · bar {bar}"
    else:
        text = f"{kr.score:.2f} of {bar} · {'met' if kr.met else 'missed'}"
    if kr.forecast is not None:
        risk = " at risk" if kr.forecast.at_risk else ""
        text += f" · forecast {kr.forecast.score:.2f}{risk}"
    return text


def _objective_bar(ax, y: float, objective: ObjectiveGrade, mid_quarter: bool) -> None:
    value = objective.forecast if mid_quarter else objective.score
    if value is not None:
        ax.barh(y, value, height=0.22, color=AVERAGE, gid=_gid("average", objective.label))
    if mid_quarter:
        text = "forecast " + ("—" if objective.forecast is None else f"{objective.forecast:.2f}")
    else:
        text = "average " + ("not graded" if objective.score is None else f"{objective.score:.2f}")
    ax.text(1.02, y, text, transform=ax.get_yaxis_transform(), va="center", fontsize=7.5,
            fontweight="bold", clip_on=False)  # fmt: skip


def _grade_legend(plt, report: GradeReport) -> list:
    from matplotlib.patches import Patch

    line = plt.Line2D
    handles = []
    if report.mid_quarter:
        handles.append(Patch(color=IN_PROGRESS, label="progress so far"))
    else:
        handles += [
            Patch(color=MET, label="met its bar"),
            Patch(color=MISSED, label="missed its bar"),
        ]
    handles += [
        Patch(facecolor="#999999", hatch="///", edgecolor="white", label="stretch (hatched)"),
        line([], [], color=JUDGE, linewidth=2.2, label="the bar: 1.0 committed, 0.7 stretch"),
        Patch(color=AVERAGE, label="objective forecast" if report.mid_quarter else "objective average"),
    ]  # fmt: skip
    krs = report.key_results()
    if any(kr.forecast for kr in krs):
        handles.append(line([], [], marker="D", linestyle="", color="black", label="forecast"))
    if any(kr.forecast and kr.forecast.at_risk for kr in krs):
        handles.append(
            line([], [], marker="D", linestyle="", color=MISSED, label="forecast, at risk")
        )
    return handles


def _grade_title(report: GradeReport) -> str:
    head = " · ".join(filter(None, (report.team, report.quarter)))
    score = "not graded" if report.score is None else f"{report.score:.2f}"
    if report.mid_quarter:
        ahead = "no forecast" if report.forecast is None else f"forecast {report.forecast:.2f}"
        body = f"progress so far {score} · team {ahead}"
    else:
        body = f"quarter-end grades · team score {score}"
    return _plain(f"{head + ' · ' if head else ''}{body}")


# ---- the batch report ---------------------------------------------------------------------

SCORE_BINS = tuple((low, low + 9 if low < 90 else 100) for low in range(0, 100, 10))


def score_bins(scores: Sequence[int]) -> list[int]:
    """How many scores fall in each of 0–9, 10–19, …, 90–100."""
    counts = [0] * len(SCORE_BINS)
    for score in scores:
        counts[min(score // 10, len(SCORE_BINS) - 1)] += 1
    return counts


def _check_band(score: int) -> str:
    return next(name for floor, name in CHECK_BANDS if score >= floor)


def distribution_figure(scores: Sequence[int]):
    """A histogram of the drafts' 0–100 scores in bins of ten, each bar coloured by the band
    of its lowest score, its count written on top."""
    plt = pyplot("the HTML report")
    counts = score_bins(scores)
    fig, ax = plt.subplots(figsize=(7.5, 2.8))
    names = [f"{low}–{high}" for low, high in SCORE_BINS]
    colours = [_BAND_COLOURS.get(_check_band(low), AVERAGE) for low, _ in SCORE_BINS]
    bars = ax.bar(names, counts, color=colours, gid="score-bins")
    ax.bar_label(bars, [str(c) if c else "" for c in counts], fontsize=8, padding=2)
    ax.set_ylim(0, max(counts, default=0) + 1)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("score (0–100)", fontsize=8)
    ax.set_ylabel("drafts", fontsize=8)
    ax.tick_params(labelsize=7.5)
    ax.spines[["top", "right"]].set_visible(False)
    from matplotlib.patches import Patch

    ax.legend(
        handles=[Patch(color=_BAND_COLOURS[name], label=f"{name} ({floor}+)") for floor, name in CHECK_BANDS],
        fontsize=7, frameon=False, loc="upper left",
    )  # fmt: skip
    return fig


SHARE_LIMIT = 30
"""At most this many teams in the task-style share chart (those with the largest shares); the
team table has every team's share."""


def share_figure(shares: Sequence[tuple[str, float]]):
    """Per team, the share of key results written as tasks (0–100%), largest first; the
    :data:`SHARE_LIMIT` largest when there are more teams."""
    plt = pyplot("the HTML report")
    ordered = sorted(shares, key=lambda item: (-item[1], item[0]))[:SHARE_LIMIT]
    fig, ax = plt.subplots(figsize=(7.5, 0.9 + 0.32 * max(len(ordered), 1)))
    positions = list(range(len(ordered)))[::-1]
    values = [share * 100 for _, share in ordered]
    ax.barh(positions, values, height=0.6, color=IN_PROGRESS, gid="task-share")
    for y, value in zip(positions, values, strict=True):
        ax.text(value + 1, y, f"{value:.0f}%", va="center", fontsize=7.5)
    ax.set_yticks(positions, [_plain(_wrap(team, 30)) for team, _ in ordered], fontsize=7.5)
    ax.set_xlim(0, 110)
    ax.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"], fontsize=7.5)
    ax.set_xlabel("key results written as tasks", fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return fig
