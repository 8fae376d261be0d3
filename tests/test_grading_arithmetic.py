"""Grading arithmetic at its edges: directions, clamping, units, kinds, and the guide's examples."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from coach.grading import grade_draft
from coach.grading.actuals import Entry
from coach.grading.progress import linear, round2
from coach.parsing import parse_text


def grade_one(key_result: str, actual=None, baseline=None):
    """Grade a one-key-result draft, with ``actual`` (and a baseline) from an actuals entry."""
    draft = parse_text(f"## Objective: Make new users confident\n- {key_result}\n", "d.md")
    entries = [Entry("KR1", actual, baseline)] if actual is not None or baseline else []
    return grade_draft(draft, entries).objectives[0].key_results[0]


def texts(grade) -> list[str]:
    return [m.text for m in grade.messages]


# ---- increase and decrease ---------------------------------------------------------------


def test_the_guides_onboarding_example_scores_exactly_0_7():
    grade = grade_one("Increase onboarding completion rate from 45% to 70% by end of Q2", "62.5%")
    assert grade.score == 0.7
    assert grade.rule == "(62.5 − 45) / (70 − 45) = 0.70"
    assert grade.kind == "increase"
    assert (grade.baseline, grade.target, grade.actual) == ("45%", "70%", "62.5%")


def test_the_rule_is_written_out_with_two_decimals():
    grade = grade_one("Increase onboarding completion rate from 45% to 70%", "62%")
    assert grade.score == 0.68
    assert grade.rule == "(62 − 45) / (70 − 45) = 0.68"


def test_overshoot_is_clamped_to_1_and_says_it_overshot():
    grade = grade_one("Increase onboarding completion rate from 45% to 70%", "80%")
    assert grade.score == 1.0
    assert grade.raw == pytest.approx(1.4)
    assert grade.rule == "(80 − 45) / (70 − 45) = 1.40 → 1.0"
    assert "overshot the target (1.40 of the way): clamped to 1.0" in texts(grade)


def test_regressing_below_the_baseline_scores_0():
    grade = grade_one("Increase onboarding completion rate from 45% to 70%", "40%")
    assert grade.score == 0.0
    assert grade.rule == "(40 − 45) / (70 − 45) = -0.20 → 0.0"
    assert "regressed: the actual is below the baseline, so the score is 0.0" in texts(grade)


def test_hitting_the_target_exactly_scores_1():
    assert grade_one("Increase onboarding completion rate from 45% to 70%", "70%").score == 1.0


def test_staying_at_the_baseline_scores_0():
    assert grade_one("Increase onboarding completion rate from 45% to 70%", "45%").score == 0.0


def test_a_decrease_metric_churn_12_to_8_with_9_scores_0_75():
    grade = grade_one("Reduce 30-day churn from 12% to 8%", "9%")
    assert grade.kind == "decrease"
    assert grade.score == 0.75
    assert grade.rule == "(12 − 9) / (12 − 8) = 0.75"


def test_a_decrease_that_went_up_scores_0_and_says_so():
    grade = grade_one("Reduce 30-day churn from 12% to 8%", "13%")
    assert grade.score == 0.0
    assert "regressed: the actual is above the baseline, so the score is 0.0" in texts(grade)


def test_a_decrease_below_its_target_is_clamped():
    grade = grade_one("Reduce 30-day churn from 12% to 8%", "6%")
    assert grade.score == 1.0
    assert grade.raw == pytest.approx(1.5)


def test_wording_that_contradicts_the_numbers_is_graded_by_the_numbers():
    grade = grade_one("Reduce checkout completion rate from 62% to 80%", "71%")
    assert grade.kind == "increase"
    assert grade.score == 0.5
    assert "the wording says decrease but the numbers increase: graded by the numbers" in texts(
        grade
    )


def test_rounding_is_half_up_on_the_decimal_people_read():
    assert round2(0.675) == 0.68
    assert round2(0.125) == 0.13
    assert round2(2 / 3) == 0.67
    assert linear(0, 8, 5.4).score == 0.68  # 0.675


# ---- units ---------------------------------------------------------------------------------


def test_a_bare_number_for_a_percent_target_is_read_as_percent_with_a_note():
    grade = grade_one("Increase onboarding completion rate from 45% to 70%", 62)
    assert grade.score == 0.68
    assert "read “62” as 62%" in texts(grade)


def test_percentage_points_are_a_change_from_the_baseline():
    grade = grade_one("Increase onboarding completion rate from 45% to 70%", "+5pp")
    assert grade.score == 0.2
    assert "read “+5pp” as percentage points from the baseline: 50%" in texts(grade)


def test_a_points_target_adds_points_to_the_baseline_not_percent():
    grade = grade_one("Increase activation rate by 5 points", "43%", baseline="40%")
    assert grade.target == "45%"
    assert grade.score == 0.6
    assert "target = 40 + 5 = 45%" in texts(grade)


def test_a_percent_relative_change_multiplies_the_baseline():
    grade = grade_one("Increase weekly active teams from 1,200 by 30%", "1,500")
    assert grade.target == "1,560"
    assert grade.score == 0.83
    assert "target = 1,200 × (1 + 30%) = 1,560" in texts(grade)


def test_a_relative_change_without_a_baseline_is_excluded_with_a_clear_message():
    grade = grade_one("Increase weekly active teams by 30%", "1,500")
    assert grade.score is None
    assert texts(grade) == [
        "“30%” is a change relative to a baseline the key result does not give: write “from X” "
        "in it, or add a baseline for it to the actuals file; excluded from the averages"
    ]


def test_a_relative_change_takes_its_baseline_from_the_actuals_file():
    grade = grade_one("Increase weekly active teams by 30%", "1,500", baseline=1200)
    assert grade.score == 0.83
    assert "baseline 1,200 from the actuals file" in texts(grade)


@pytest.mark.parametrize(
    ("actual", "score"),
    [("$1.6M", 0.5), ("$1,600k", 0.5), ("$1.4M", 0.25), ("$2.4M", 1.0)],
)
def test_currency_with_k_and_m_multipliers(actual, score):
    grade = grade_one("Grow ARR from $1.2M to $2M", actual)
    assert grade.score == score


def test_currency_rule_uses_compact_numbers():
    assert grade_one("Grow ARR from $1.2M to $2M", "$1.6M").rule == (
        "(1.6M − 1.2M) / (2M − 1.2M) = 0.50"
    )


def test_a_bare_number_for_money_is_read_in_the_key_results_currency():
    grade = grade_one("Grow ARR from $1.2M to $2M", "1.6M")
    assert grade.score == 0.5
    assert "read “1.6M” as $1.6M" in texts(grade)


def test_another_currency_is_a_per_item_message():
    grade = grade_one("Grow ARR from $1.2M to $2M", "€1.6M")
    assert grade.score is None
    assert texts(grade) == [
        "“€1.6M” is in €, but the key result is in $: convert it to $; excluded from the averages"
    ]


def test_money_for_a_percent_key_result_is_a_per_item_message_not_a_crash():
    grade = grade_one("Increase onboarding completion rate from 45% to 70%", "$5k")
    assert grade.score is None
    assert texts(grade) == [
        "“$5k” is money, but the key result is measured in percent: give the value in percent; "
        "excluded from the averages"
    ]


def test_hours_convert_to_a_key_result_in_days():
    grade = grade_one("Reduce time to first value from 3 days to 1 day", "36 hours")
    assert grade.score == 0.75
    assert grade.rule == "(3 − 1.5) / (3 − 1) = 0.75"
    assert "“36 hours” = 1.5 days" in texts(grade)


def test_mixed_duration_units_in_the_key_result_use_the_targets_unit():
    grade = grade_one("Cut p95 latency from 2 hours to 30 minutes", "1 h")
    assert grade.rule == "(120 − 60) / (120 − 30) = 0.67"
    assert grade.score == 0.67


def test_a_bare_number_for_a_duration_is_read_in_the_targets_unit():
    grade = grade_one("Reduce time to first value from 3 days to 1 day", "2")
    assert grade.score == 0.5
    assert "read “2” as 2 days" in texts(grade)


def test_a_percentage_for_a_duration_is_a_mismatch():
    grade = grade_one("Reduce time to first value from 3 days to 1 day", "5%")
    assert grade.score is None
    assert "is a percentage, but the key result is measured in days" in texts(grade)[0]


def test_a_percentage_for_a_count_is_a_mismatch():
    grade = grade_one("Increase weekly active users from 23,000 to 30,000", "62%")
    assert grade.score is None
    assert texts(grade) == [
        "“62%” is a percentage, but the key result is measured in plain numbers: give a plain "
        "number; excluded from the averages"
    ]


def test_counts_with_k_suffix():
    assert grade_one("Increase weekly active users from 23,000 to 30,000", "26.5k").score == 0.5


# ---- binary, milestones, maintain ---------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "score"),
    [("done", 1.0), ("yes", 1.0), (True, 1.0), (1, 1.0), ("not done", 0.0), ("no", 0.0)]
    + [(False, 0.0), (0, 0.0), ("false", 0.0)],
)
def test_binary_key_results(actual, score):
    grade = grade_one("Achieve SOC 2 certification by end of Q2", actual)
    assert grade.kind == "binary"
    assert grade.score == score
    assert "binary: done → 1.0, not done → 0.0" in texts(grade)


@pytest.mark.parametrize(("actual", "score"), [("3/5", 0.6), ("3 of 4 milestones", 0.75)])
def test_milestone_key_results_score_the_fraction_done(actual, score):
    grade = grade_one("Achieve SOC 2 certification by end of Q2", actual)
    assert grade.score == score


def test_a_number_for_a_binary_key_result_is_a_per_item_message():
    grade = grade_one("Achieve SOC 2 certification by end of Q2", "42")
    assert grade.score is None
    assert "“42” does not fit a done / not-done key result" in texts(grade)[-1]


def test_a_task_key_result_graded_done():
    assert grade_one("Launch the new onboarding flow by Week 6", "done").score == 1.0


@pytest.mark.parametrize(
    ("key_result", "actual", "score", "rule"),
    [
        ("Maintain uptime at or above 99.9%", "99.95%", 1.0, "99.95% ≥ 99.9% → 1.0"),
        ("Maintain uptime at or above 99.9%", "99.9%", 1.0, "99.9% ≥ 99.9% → 1.0"),
        ("Maintain uptime at or above 99.9%", "99.8%", 0.0, "99.8% < 99.9% → 0.0"),
        ("Keep checkout error rate below 0.5%", "0.3%", 1.0, "0.3% ≤ 0.5% → 1.0"),
        ("Keep checkout error rate below 0.5%", "0.7%", 0.0, "0.7% > 0.5% → 0.0"),
    ],
)
def test_maintain_key_results_score_1_if_the_bound_held_else_0(key_result, actual, score, rule):
    grade = grade_one(key_result, actual)
    assert grade.kind == "maintain"
    assert (grade.score, grade.rule) == (score, rule)
    assert "maintain: 1.0 if the bound held, else 0.0" in texts(grade)


# ---- missing pieces -------------------------------------------------------------------------


def test_no_baseline_is_graded_from_zero_with_a_visible_warning():
    grade = grade_one("Conduct 20 user interviews", "14")
    assert grade.score == 0.7
    assert grade.baseline == "0 (assumed)"
    assert grade.messages[0].level == "warning"
    assert grade.messages[0].text.startswith("no baseline: graded from zero (0 → 20)")


def test_a_decrease_without_a_baseline_is_graded_met_or_not():
    met = grade_one("Reduce churn to 8%", "7.5%")
    missed = grade_one("Reduce churn to 8%", "9%")
    assert (met.score, missed.score) == (1.0, 0.0)
    assert met.kind == "threshold"
    assert "a decrease cannot be graded from zero" in texts(met)[0]


def test_target_equal_to_baseline_is_excluded_and_says_so():
    grade = grade_one("Increase conversion from 4% to 4%", "4%")
    assert grade.score is None and not grade.included
    assert texts(grade) == [
        "the target equals the baseline (4%): there is no progress to measure; excluded from "
        "the averages"
    ]


def test_a_missing_actual_is_excluded_and_says_so():
    grade = grade_one("Increase onboarding completion rate from 45% to 70%")
    assert grade.score is None
    assert texts(grade) == [
        "no actual value (inline, in an actuals file or a check-in); excluded from the averages"
    ]


def test_an_unreadable_actual_is_excluded_and_says_so():
    grade = grade_one("Increase onboarding completion rate from 45% to 70%", "about half")
    assert grade.score is None
    assert "could not read “about half”" in texts(grade)[0]


def test_done_for_a_numeric_key_result_is_graded_with_a_note():
    grade = grade_one("Increase onboarding completion rate from 45% to 70%", "done")
    assert grade.score == 1.0
    assert "graded as done / not done: give the number for a finer grade" in texts(grade)


def test_a_baseline_in_the_actuals_file_that_is_not_a_number_is_a_per_item_message():
    grade = grade_one("Increase weekly active teams by 30%", "1,500", baseline="lots")
    assert grade.score is None
    assert texts(grade) == [
        "the baseline “lots” in the actuals file is not a number; excluded from the averages"
    ]


def test_a_baseline_in_the_actuals_file_in_another_unit_is_a_per_item_message():
    grade = grade_one("Increase activation rate to 50%", "45%", baseline="$40")
    assert grade.score is None
    assert texts(grade) == [
        "the baseline in the actuals file does not fit: “$40” is money, but the key result is "
        "measured in percent: give the value in percent; excluded from the averages"
    ]


def test_a_baseline_in_the_actuals_file_replaces_grading_from_zero():
    grade = grade_one("Increase activation rate to 50%", "45%", baseline="40%")
    assert (grade.score, grade.baseline) == (0.5, "40%")


@given(
    baseline=st.floats(-1e6, 1e6),
    target=st.floats(-1e6, 1e6),
    actual=st.floats(-1e7, 1e7),
)
def test_linear_progress_is_always_on_the_scale(baseline, target, actual):
    assume(abs(target - baseline) > 1e-3)
    result = linear(baseline, target, actual)
    assert 0.0 <= result.score <= 1.0
    if (actual - baseline) / (target - baseline) >= 1:
        assert result.score == 1.0


def test_negative_numbers_are_bracketed_in_the_rule():
    grade = grade_one("Increase NPS from -10 to 20", "5")
    assert (grade.score, grade.rule) == (0.5, "(5 − (-10)) / (20 − (-10)) = 0.50")
