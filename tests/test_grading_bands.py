"""Bands at their boundaries, committed vs stretch judgement, objective and team averages."""

from __future__ import annotations

import pytest

from coach.grading import BANDS, band_of, grade_draft
from coach.grading.actuals import Entry
from coach.grading.bands import judge, team_remark
from coach.model import Ambition
from coach.parsing import parse_text


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (1.0, "fully-achieved"),
        (0.99, "strong"),
        (0.9, "strong"),
        (0.7, "strong"),
        (0.69, "acceptable"),
        (0.5, "acceptable"),
        (0.49, "learning"),
        (0.3, "learning"),
        (0.29, "fundamental"),
        (0.0, "fundamental"),
    ],
)
def test_band_boundaries_belong_to_the_upper_band(score, band):
    assert band_of(score).id == band


def test_bands_carry_the_guides_meaning():
    meanings = {band.id: (band.range, band.meaning) for band in BANDS}
    assert meanings == {
        "fully-achieved": (
            "1.0",
            "the target was too conservative: next quarter's target should stretch further",
        ),
        "strong": ("0.7–0.9", "the sweet spot for ambitious, well-scoped OKRs"),
        "acceptable": ("0.5–0.7", "some misalignment between planning assumptions and reality"),
        "learning": ("0.3–0.5", "was this a strategy problem or an execution problem?"),
        "fundamental": ("below 0.3", "hold a retrospective focused on diagnosis, not blame"),
    }


@pytest.mark.parametrize(
    ("score", "ambition", "met"),
    [
        (1.0, Ambition.COMMITTED, True),
        (0.99, Ambition.COMMITTED, False),
        (0.7, Ambition.COMMITTED, False),
        (0.7, Ambition.STRETCH, True),
        (0.69, Ambition.STRETCH, False),
        (1.0, Ambition.STRETCH, True),
    ],
)
def test_committed_is_judged_against_1_and_stretch_against_0_7(score, ambition, met):
    assert judge(score, ambition)[0] is met


def test_a_stretch_key_result_at_1_is_told_to_aim_higher():
    assert judge(1.0, Ambition.STRETCH)[1] == (
        "stretch fully achieved: it was not a stretch, so aim higher next quarter"
    )


def test_team_remark_for_the_right_level_of_ambition():
    assert team_remark(0.6) == team_remark(0.7)
    assert "right level of ambition" in team_remark(0.65)
    assert team_remark(0.55) is None


DRAFT = """---
quarter: Q2 2026
---
## Objective 1: Make every new user feel confident within their first 7 days
- KR1: Increase onboarding completion rate from 45% to 70% [stretch]
- KR2: Reduce 30-day churn from 12% to 8% (committed)
- KR3: Increase new-user 7-day retention from 31% to 40%

## Objective 2: Make checkout effortless for returning customers
- KR1: Increase checkout completion rate from 62% to 80% (committed)
- KR2: Achieve PCI compliance certification (committed)

## Objective 3: Grow our audience of engaged readers
- KR1: Increase weekly active users from 23,000 to 30,000
"""


def grade(*entries):
    return grade_draft(parse_text(DRAFT, "d.md"), [Entry(k, v) for k, v in entries])


def test_objective_and_team_scores_are_averages_and_exclusions_are_named():
    report = grade(
        ("O1.KR1", "62.5%"),  # 0.70
        ("O1.KR2", "9%"),  # 0.75
        ("O1.KR3", "33%"),  # 0.22
        ("O2.KR1", "71%"),  # 0.50
        ("O2.KR2", "done"),  # 1.00
    )
    o1, o2, o3 = report.objectives
    assert [kr.score for kr in o1.key_results] == [0.7, 0.75, 0.22]
    assert o1.score == 0.56  # (0.70 + 0.75 + 0.22) / 3 = 0.5567
    assert o2.score == 0.75
    assert o3.score is None
    assert report.score == 0.66  # (0.56 + 0.75) / 2 = 0.655, half up
    assert report.band.id == "acceptable"
    assert (
        report.remark == "a team score of 0.6 to 0.7 means the team set the right level of ambition"
    )
    assert "O3 has no graded key result; excluded from the team score" in [
        m.text for m in report.messages
    ]


def test_an_excluded_key_result_does_not_drag_its_objective_down():
    report = grade(("O1.KR1", "62.5%"), ("O1.KR2", "9%"))
    assert report.objectives[0].score == 0.73  # (0.70 + 0.75) / 2 = 0.725
    assert [kr.included for kr in report.objectives[0].key_results] == [True, True, False]


def test_untagged_key_results_are_judged_as_committed_and_the_report_says_so():
    report = grade(("O1.KR3", "40%"))
    kr3 = report.objectives[0].key_results[2]
    assert (kr3.ambition, kr3.ambition_tagged, kr3.expected, kr3.met) == (
        Ambition.COMMITTED,
        False,
        1.0,
        True,
    )
    notes = [m.text for m in report.messages if m.text.startswith("untagged")]
    assert notes == [
        "untagged (marked * in text tables), so judged as committed (1.0 expected): O1.KR3, "
        "O3.KR1; tag a key result [stretch] to judge it against 0.7"
    ]


def test_stretch_at_0_7_is_met_and_committed_at_0_75_is_not():
    report = grade(("O1.KR1", "62.5%"), ("O1.KR2", "9%"))
    kr1, kr2, _ = report.objectives[0].key_results
    assert (kr1.expected, kr1.met, kr1.band.id) == (0.7, True, "strong")
    assert (kr2.expected, kr2.met) == (1.0, False)
    assert kr2.judgement == "committed: 0.75 of the 1.0 committed; what got in the way?"
