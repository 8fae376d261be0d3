"""Scores, 0–100. The formula (also in docs/scoring.md):

- a finding costs its item 60 points (error), 20 (warning) or 5 (suggestion); an item's score is
  100 minus its costs, never below 0 (a key result that is really a task scores 40 at best);
- an objective's score is 30% its own statement and 70% the mean of its key results (an
  objective with no key results has 0 for that part);
- the set score is 100 minus the costs of draft-level findings (too many objectives, no
  committed/stretch mix, duplicated metrics, scores tied to pay);
- overall = mean of the objective scores minus half the costs of draft-level findings, never
  below 0;
- each guide rule's row is the mean, over the items that rule looks at, of 100 minus the costs of
  that rule's findings on the item.

Bands: 90–100 strong, 80–89 good, 50–79 needs work, 0–49 weak.
"""

from __future__ import annotations

from collections import defaultdict
from math import fsum

from coach.findings import Finding, Level
from coach.model import Draft, item_path
from coach.report import GuideRuleScore, ItemScore, ObjectiveScore, Scorecard
from coach.rubric.rule import GUIDE_RULES

COST = {Level.ERROR: 60, Level.WARNING: 20, Level.SUGGESTION: 5}
BANDS = ((90, "strong"), (80, "good"), (50, "needs work"), (0, "weak"))
# Which items each guide rule looks at, for its scorecard row.
ROW_SCOPE = {
    1: ("objective",),
    2: ("key_result",),
    3: ("objective", "draft"),
    4: ("key_result",),
    5: ("draft",),
}


def band(value: int) -> str:
    for floor, name in BANDS:
        if value >= floor:
            return name
    raise ValueError(f"no band for a score of {value}")


def _score(costs: list[int]) -> int:
    return max(0, 100 - sum(costs))


def score(draft: Draft, findings: list[Finding]) -> Scorecard:
    costs: dict[str, list[int]] = defaultdict(list)
    row_costs: dict[tuple[int, str], list[int]] = defaultdict(list)
    for f in findings:
        costs[f.path].append(COST[f.level])
        if f.guide_rule:
            row_costs[(f.guide_rule, f.path)].append(COST[f.level])
    items: list[ItemScore] = []
    objectives: list[ObjectiveScore] = []
    paths: dict[str, list[str]] = {"objective": [], "key_result": [], "draft": ["draft"]}
    for i, objective in enumerate(draft.objectives):
        path = item_path(i)
        paths["objective"].append(path)
        own = _score(costs[path])
        items.append(ItemScore(path, "objective", objective.text, objective.position.line, own))
        kr_scores = []
        for j, kr in enumerate(objective.key_results):
            kr_path = item_path(i, j)
            paths["key_result"].append(kr_path)
            kr_scores.append(_score(costs[kr_path]))
            items.append(ItemScore(kr_path, "key_result", kr.text, kr.position.line, kr_scores[-1]))
        value = round(0.3 * own + 0.7 * (mean(kr_scores) if kr_scores else 0))
        objectives.append(
            ObjectiveScore(path, objective.text, objective.position.line, value, band(value))
        )
    set_score = _score(costs["draft"])
    average = mean([o.score for o in objectives]) if objectives else 0
    overall = max(0, round(average - sum(costs["draft"]) / 2)) if objectives else 0
    rows = []
    counts: dict[int | None, int] = defaultdict(int)
    for f in findings:
        counts[f.guide_rule] += 1
    for rule, title in GUIDE_RULES.items():
        scope = [p for kind in ROW_SCOPE[rule] for p in paths[kind]]
        if scope:
            # the mean of the scope's item scores; an item without costs scores 100 (the sum
            # of whole numbers is exact in any order, so this is ``mean`` of the whole list)
            scores = [_score(row_costs[(rule, p)]) for p in scope if (rule, p) in row_costs]
            row = round(mean([*scores, *[100] * (len(scope) - len(scores))]))
        else:
            row = 100
        rows.append(GuideRuleScore(rule, title, row, counts[rule]))
    return Scorecard(
        overall=overall,
        band=band(overall),
        objectives=tuple(objectives),
        guide_rules=tuple(rows),
        items=tuple(items),
        set_score=set_score,
    )


def mean(values: list[float]) -> float:
    """``statistics.fmean`` (an exact sum over the count), without importing ``statistics``
    (7 ms of every run)."""
    return fsum(values) / len(values)
