"""Which items a rewrite sends, and what it sends with them.

Only failing items go: key results and objectives with findings of the rules a rewrite can fix,
deduplicated by (kind, text, objective); which rules those are is a field of each rule
file (``rewrite: fixes``). Each request carries the rule texts from the rubric, the
user's metrics and the other lines of the draft (the only places numbers may come from).
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.llm.protocol import FindingBrief, RewriteRequest
from coach.model import Draft, item_path
from coach.report import CheckReport
from coach.rewrite.guard import DraftLines
from coach.rubric import Rubric


def fixed_by_rewrite(rubric: Rubric, kind: str) -> frozenset[str]:
    """The ids of the rules (``rewrite: fixes`` in the rule file) a rewrite of a ``kind`` item
    fixes."""
    return frozenset(r.id for r in rubric.rules if r.rewrite == "fixes" and r.applies_to == kind)


@dataclass(frozen=True)
class Target:
    """One item of the draft to rewrite, and the request that describes it."""

    path: str
    line: int
    request: RewriteRequest
    measures: str = ""
    """What the item's table row states beside it (``KeyResult.measures``)."""

    @property
    def dedupe_key(self) -> tuple:
        return (self.request.kind, self.request.text, self.request.objective)


def _item_paths(draft: Draft) -> list[tuple[str, str]]:
    """(path, text) of every objective and key result, in draft order."""
    items = []
    for i, objective in enumerate(draft.objectives):
        items.append((item_path(i), objective.text))
        items += [(item_path(i, j), kr.text) for j, kr in enumerate(objective.key_results)]
    return items


def build_targets(
    report: CheckReport, rubric: Rubric, metrics: tuple[tuple[str, str], ...] = ()
) -> list[Target]:
    draft = report.draft
    items = _item_paths(draft)
    lines = DraftLines(text for _, text in items)  # every request's context: the others
    index = {path: i for i, (path, _) in enumerate(items)}
    by_path: dict[str, list] = {}
    for f in report.findings:
        by_path.setdefault(f.path, []).append(f)
    objective_rules = fixed_by_rewrite(rubric, "objective")
    key_result_rules = fixed_by_rewrite(rubric, "key_result")
    targets = []
    for i, objective in enumerate(draft.objectives):
        items = [
            (
                item_path(i),
                "objective",
                objective.text,
                objective.position.line,
                objective_rules,
                "",
            )
        ]
        items += [
            (
                item_path(i, j),
                "key_result",
                kr.text,
                kr.position.line,
                key_result_rules,
                kr.measures,
            )
            for j, kr in enumerate(objective.key_results)
        ]
        own_key_results = tuple(kr.text for kr in objective.key_results)
        for path, kind, text, line, rules, stated in items:
            findings = [f for f in by_path.get(path, []) if f.rule_id in rules]
            if not findings or not text.strip():
                continue
            briefs = tuple(
                FindingBrief(
                    f.rule_id,
                    f.rule_name,
                    f.message,
                    rubric.get(f.rule_id).why.strip(),
                    rubric.get(f.rule_id).fix.strip(),
                )
                for f in findings
            )
            request = RewriteRequest(
                kind=kind,
                text=text,
                objective=objective.text,
                findings=briefs,
                metrics=metrics,
                context_lines=lines.others(index[path]),
                quarter=draft.meta.quarter,
                team=draft.meta.team,
                key_results=own_key_results if kind == "objective" else (),
            )
            targets.append(Target(path=path, line=line, request=request, measures=stated))
    return targets
