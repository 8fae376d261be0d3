"""Mid-quarter: quarter dates, the linear trend over check-ins, at-risk flags."""

from __future__ import annotations

from datetime import date

import pytest

from coach.grading import grade_draft
from coach.grading.checkins import CheckIn
from coach.grading.forecast import AT_RISK, trend
from coach.grading.quarter import Timeline, quarter_dates, quarter_key
from coach.model import Ambition
from coach.parsing import parse_text

Q2 = "---\nquarter: Q2 2026\n---\n"


@pytest.mark.parametrize(
    ("name", "dates"),
    [
        ("Q2 2026", (date(2026, 4, 1), date(2026, 6, 30))),
        ("2026-Q4", (date(2026, 10, 1), date(2026, 12, 31))),
        ("Q1 '27", (date(2027, 1, 1), date(2027, 3, 31))),
        ("Q3 FY26", None),
        ("next quarter", None),
        (None, None),
    ],
)
def test_calendar_quarter_dates(name, dates):
    assert quarter_dates(name) == dates


def test_quarter_keys_sort_calendar_quarters():
    assert sorted(["Q1 2026", "Q4 2025", "2025-Q3"], key=quarter_key) == [
        "2025-Q3",
        "Q4 2025",
        "Q1 2026",
    ]


def test_timeline_is_mid_quarter_only_before_the_last_day():
    end = date(2026, 6, 30)
    assert Timeline(None, end, date(2026, 6, 29)).mid_quarter
    assert not Timeline(None, end, end).mid_quarter
    assert not Timeline(None, None, date(2026, 5, 1)).mid_quarter


def test_trend_is_least_squares():
    points = [(date(2026, 4, 1), 45.0), (date(2026, 4, 15), 51.0), (date(2026, 4, 29), 58.0)]
    slope, start = trend(points)
    assert slope == pytest.approx(182 / 392)
    assert start == pytest.approx(51 + 1 / 3 - 14 * 182 / 392)
    assert trend(points[:1]) is None


def grade(key_result: str, series: list[tuple[str, str]], as_of: str, header: str = Q2):
    draft = parse_text(f"{header}## Objective: Make new users confident\n- {key_result}\n", "d.md")
    checkins = [CheckIn("KR1", date.fromisoformat(day), value) for day, value in series]
    report = grade_draft(draft, checkins=checkins, as_of=date.fromisoformat(as_of))
    return report, report.objectives[0].key_results[0]


def test_the_guides_sprint_planning_example_as_check_ins():
    """ "Last sprint we moved KR2 from 45% to 51%. Our goal this sprint is to reach 58%." """
    report, kr = grade(
        "Increase onboarding completion rate from 45% to 70% by end of Q2 [stretch]",
        [("2026-04-01", "45%"), ("2026-04-15", "51%")],
        as_of="2026-04-15",
    )
    assert report.mid_quarter
    assert (kr.actual, kr.score) == ("51%", 0.24)
    f = kr.forecast
    assert f.value == pytest.approx(45 + 90 * 6 / 14)  # 83.57% on 30 June
    assert (f.score, f.at_risk, f.threshold, f.points) == (1.0, False, 0.4, 2)
    assert f.rule == "trend +6 points per two weeks over 2 points → 83.57% on 2026-06-30 → 1.00"
    assert kr.band.id == "fully-achieved"  # mid-quarter, bands come from the forecast
    assert (kr.met, kr.judgement) == (None, None)


def test_a_slow_stretch_key_result_is_at_risk_below_0_4():
    _, kr = grade(
        "Increase onboarding completion rate from 45% to 70% [stretch]",
        [("2026-04-01", "45%"), ("2026-04-15", "46%"), ("2026-04-29", "47%")],
        as_of="2026-04-29",
    )
    assert kr.forecast.score == 0.26  # 45 + 90 / 14 = 51.43% → 6.43 / 25
    assert kr.forecast.at_risk
    assert "at risk: forecast 0.26 is below 0.4 for a stretch key result" in [
        m.text for m in kr.messages
    ]


@pytest.mark.parametrize(
    ("tag", "at_risk", "threshold"),
    [("(committed)", True, 0.7), ("[stretch]", False, 0.4), ("", True, 0.7)],
)
def test_the_same_forecast_0_5_is_at_risk_only_for_committed(tag, at_risk, threshold):
    _, kr = grade(
        f"Increase weekly active teams from 100 to 200 {tag}",
        [("2026-04-01", "100"), ("2026-05-16", "125")],
        as_of="2026-05-16",
    )
    assert kr.forecast.score == 0.5
    assert (kr.forecast.at_risk, kr.forecast.threshold) == (at_risk, threshold)


def test_a_forecast_exactly_at_the_threshold_is_not_at_risk():
    _, kr = grade(
        "Increase weekly active teams from 100 to 200 (committed)",
        [("2026-04-01", "100"), ("2026-05-16", "135")],
        as_of="2026-05-16",
    )
    assert (kr.forecast.score, kr.forecast.at_risk) == (0.7, False)


def test_at_risk_thresholds():
    assert AT_RISK == {Ambition.COMMITTED: 0.7, Ambition.STRETCH: 0.4}


def test_one_check_in_trends_from_the_baseline_on_the_quarters_first_day():
    _, kr = grade(
        "Increase weekly active teams from 100 to 200", [("2026-05-16", "125")], as_of="2026-05-20"
    )
    assert kr.forecast.score == 0.5
    assert "one check-in: the trend starts from the baseline on 2026-04-01" in [
        m.text for m in kr.messages
    ]


def test_a_decrease_forecast_in_converted_units():
    _, kr = grade(
        "Reduce time to first value from 3 days to 1 day [stretch]",
        [("2026-04-01", "3 days"), ("2026-04-16", "60 hours")],
        as_of="2026-04-16",
    )
    # 0.5 days less every 15 days: 3 - 90 / 30 = 0 days on 30 June → overshoot
    assert kr.forecast.value == pytest.approx(0.0)
    assert kr.forecast.score == 1.0
    assert kr.score == 0.25  # (3 - 2.5) / (3 - 1)


def test_check_ins_after_the_as_of_date_are_left_out():
    report, kr = grade(
        "Increase weekly active teams from 100 to 200",
        [("2026-04-01", "100"), ("2026-05-16", "125"), ("2026-06-01", "190")],
        as_of="2026-05-16",
    )
    assert (kr.actual, kr.forecast.score) == ("125", 0.5)
    assert "1 check-in(s) dated after 2026-05-16 left out" in [m.text for m in report.messages]


def test_a_maintain_key_result_breaks_if_any_check_in_broke_the_bound():
    report, kr = grade(
        "Keep checkout error rate below 0.5%",
        [("2026-04-01", "0.4%"), ("2026-04-15", "0.6%"), ("2026-04-29", "0.45%")],
        as_of="2026-06-30",
    )
    assert not report.mid_quarter
    assert (kr.score, kr.rule) == (0.0, "broke the bound on 2026-04-15: 0.6% > 0.5% → 0.0")


def test_mid_quarter_averages_forecasts_and_reads_bands_from_them():
    draft = parse_text(
        Q2 + "## Objective: Make new users confident\n"
        "- KR1: Increase weekly active teams from 100 to 200 (committed)\n"
        "- KR2: Increase onboarding completion rate from 45% to 70% [stretch]\n",
        "d.md",
    )
    series = [("KR1", "2026-04-01", "100"), ("KR1", "2026-05-16", "125")]
    series += [("KR2", "2026-04-01", "45%"), ("KR2", "2026-05-16", "55%")]
    checkins = [CheckIn(k, date.fromisoformat(d), v) for k, d, v in series]
    report = grade_draft(draft, checkins=checkins, as_of=date(2026, 5, 16))
    objective = report.objectives[0]
    assert [kr.score for kr in objective.key_results] == [0.25, 0.4]
    assert [kr.forecast.score for kr in objective.key_results] == [0.5, 0.8]
    assert (objective.score, objective.forecast, objective.band.id) == (0.33, 0.65, "acceptable")
    assert (report.score, report.forecast) == (0.33, 0.65)


def test_no_quarter_no_forecast_and_it_says_so():
    report, kr = grade(
        "Increase weekly active teams from 100 to 200",
        [("2026-04-01", "100"), ("2026-05-16", "125")],
        as_of="2026-05-16",
        header="",
    )
    assert kr.forecast is None and not report.mid_quarter
    assert report.messages[0].text.startswith(
        "the quarter's end is unknown, so there are no forecasts"
    )


def test_quarter_end_flag_gives_forecasts_without_a_quarter():
    draft = parse_text("## Objective: Grow\n- Increase weekly active teams from 100 to 200\n")
    checkins = [CheckIn("KR1", date(2026, 4, 1), "100"), CheckIn("KR1", date(2026, 5, 16), "125")]
    report = grade_draft(
        draft, checkins=checkins, quarter_end=date(2026, 6, 30), as_of=date(2026, 5, 16)
    )
    assert report.key_results()[0].forecast.score == 0.5


def test_a_maintain_key_result_that_broke_at_the_end_is_not_said_to_have_held():
    from coach.grading.actuals import Entry

    draft = parse_text(Q2 + "## Objective: Keep checkout calm\n- Keep error rate below 0.5%\n")
    checkins = [CheckIn("KR1", date(2026, 4, 1), "0.4%"), CheckIn("KR1", date(2026, 5, 1), "0.3%")]
    report = grade_draft(draft, [Entry("KR1", "0.6%")], checkins, as_of=date(2026, 7, 1))
    kr = report.key_results()[0]
    assert (kr.score, kr.rule) == (0.0, "0.6% > 0.5% → 0.0")


def test_a_maintain_key_result_that_held_at_every_check_in():
    draft = parse_text(Q2 + "## Objective: Keep checkout calm\n- Keep error rate below 0.5%\n")
    checkins = [CheckIn("KR1", date(2026, 4, 1), "0.4%"), CheckIn("KR1", date(2026, 5, 1), "0.3%")]
    kr = grade_draft(draft, checkins=checkins, as_of=date(2026, 7, 1)).key_results()[0]
    assert (kr.score, kr.rule) == (1.0, "0.3% ≤ 0.5% → 1.0 (held at all 2 check-ins)")
