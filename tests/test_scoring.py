"""The documented scoring formula (docs/scoring.md), checked on hand-computed drafts."""

from __future__ import annotations

from coach import check, parse_text
from coach.scoring import band

GOOD = """---
quarter: Q2 2026
---
## Objective: Make every new user feel confident and capable within their first 7 days
- Increase onboarding completion rate from 45% to 70% by end of Q2 [stretch]
- Reduce time to first value from 3 days to 2 days by end of Q2 (committed)
"""


def test_a_clean_draft_scores_100_on_every_row():
    report = check(parse_text(GOOD))
    assert report.findings == ()
    assert report.scorecard.overall == 100 and report.scorecard.band == "strong"
    assert [r.score for r in report.scorecard.guide_rules] == [100] * 5


def test_a_task_key_result_costs_60_and_the_objective_weighs_its_key_results_70_percent():
    draft = GOOD.replace(
        "- Reduce time to first value from 3 days to 2 days by end of Q2 (committed)",
        "- Ship the redesigned onboarding checklist (committed)",
    )
    report = check(parse_text(draft))
    assert [f.rule_id for f in report.findings] == ["OKR201"]
    scores = {i.path: i.score for i in report.scorecard.items}
    assert scores["objectives[0].key_results[1]"] == 40
    # 0.3 × 100 + 0.7 × mean(100, 40) = 30 + 49 = 79
    assert report.scorecard.objectives[0].score == 79
    assert report.scorecard.overall == 79 and report.scorecard.band == "needs work"
    rule2 = report.scorecard.guide_rules[1]
    assert (rule2.rule, rule2.score, rule2.findings) == (2, 70, 1)


def test_draft_level_findings_cost_the_overall_score_half_their_weight():
    report = check(parse_text(GOOD + "\nOKR scores feed into each PM's bonus.\n"))
    assert [f.rule_id for f in report.findings] == ["OKR603"]
    assert report.scorecard.set_score == 40
    assert report.scorecard.overall == 100 - 30


def test_bands():
    assert [band(v) for v in (100, 90, 89, 80, 79, 50, 49, 0)] == [
        "strong",
        "strong",
        "good",
        "good",
        "needs work",
        "needs work",
        "weak",
        "weak",
    ]
