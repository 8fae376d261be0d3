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


def _score(cost: int) -> int:
    return max(0, 100 - cost)


def score(draft: Draft, findings: list[Finding]) -> Scorecard:
    # per item, the sum of its findings' costs; per (guide rule, item), that rule's share
    costs: dict[str, int] = {}
    row_costs: dict[tuple[int, str], int] = {}
    counts = dict.fromkeys(GUIDE_RULES, 0)
    for f in findings:
        cost = COST[f.level]
        path = f.path
        costs[path] = costs.get(path, 0) + cost
        rule = f.guide_rule
        if rule:
            key = (rule, path)
            row_costs[key] = row_costs.get(key, 0) + cost
            if rule in counts:
                counts[rule] += 1
    items: list[ItemScore] = []
    objectives: list[ObjectiveScore] = []
    kind_of: dict[str, str] = {"draft": "draft"}  # each item's path: its kind
    for i, objective in enumerate(draft.objectives):
        path = item_path(i)
        kind_of[path] = "objective"
        own = _score(costs.get(path, 0))
        items.append(ItemScore(path, "objective", objective.text, objective.position.line, own))
        kr_total = 0
        key_results = objective.key_results
        for j, kr in enumerate(key_results):
            kr_path = f"{path}.key_results[{j}]"  # item_path(i, j)
            kind_of[kr_path] = "key_result"
            kr_score = _score(costs.get(kr_path, 0))
            kr_total += kr_score
            items.append(ItemScore(kr_path, "key_result", kr.text, kr.position.line, kr_score))
        # the mean of whole numbers: their exact sum over the count (``mean``)
        value = round(0.3 * own + 0.7 * (kr_total / len(key_results) if key_results else 0))
        objectives.append(
            ObjectiveScore(path, objective.text, objective.position.line, value, band(value))
        )
    draft_cost = costs.get("draft", 0)
    set_score = _score(draft_cost)
    average = mean([o.score for o in objectives]) if objectives else 0
    overall = max(0, round(average - draft_cost / 2)) if objectives else 0
    sizes = {
        "objective": len(objectives),
        "key_result": len(items) - len(objectives),
        "draft": 1,
    }
    # a row is the mean of its scope's item scores, an item without costs scoring 100: the
    # items with costs are the row's keys, so the sum is 100 per item plus what they lose
    # (whole numbers: the sum is exact, and ``mean`` of the whole list divides that same sum)
    row_sizes = {rule: sum(sizes[kind] for kind in scope) for rule, scope in ROW_SCOPE.items()}
    totals = {rule: 100 * size for rule, size in row_sizes.items()}
    for (rule, path), cost in row_costs.items():
        if rule in totals and kind_of.get(path) in ROW_SCOPE[rule]:
            totals[rule] += _score(cost) - 100
    rows = []
    for rule, title in GUIDE_RULES.items():
        size = row_sizes[rule]
        row = round(totals[rule] / size) if size else 100
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
