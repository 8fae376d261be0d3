"""Run the rubric over a draft: every active rule over every item it applies to."""

from __future__ import annotations

from collections import defaultdict

from coach.analysis import analyse_key_result
from coach.config import Settings
from coach.findings import Finding, Level
from coach.model import Draft, item_path
from coach.parsing import parse_text
from coach.report import CheckReport
from coach.rubric import Rubric, load_rubric
from coach.rubric.context import ItemContext
from coach.rubric.kinds import KINDS
from coach.rubric.rule import Rule
from coach.rubric.vocabulary import Vocabulary, load_vocabulary
from coach.scoring import score


def analyse_draft(draft: Draft, vocabulary: Vocabulary | None = None) -> Draft:
    """Fill in every key result's analysis (in place; idempotent). Returns the draft."""
    vocabulary = vocabulary or load_vocabulary()
    for objective in draft.objectives:
        for kr in objective.key_results:
            if kr.analysis is None:
                kr.analysis = analyse_key_result(kr.text, vocabulary)
    return draft


def _contexts(
    draft: Draft, settings: Settings, vocabulary: Vocabulary
) -> dict[str, list[ItemContext]]:
    common = {"draft": draft, "settings": settings, "vocabulary": vocabulary}
    contexts: dict[str, list[ItemContext]] = {"objective": [], "key_result": []}
    contexts["draft"] = [
        ItemContext(kind="draft", text="", path="draft", position=_draft_position(draft), **common)
    ]
    for i, objective in enumerate(draft.objectives):
        contexts["objective"].append(
            ItemContext(
                kind="objective",
                text=objective.text,
                path=item_path(i),
                position=objective.position,
                objective_index=i,
                **common,
            )
        )
        for j, kr in enumerate(objective.key_results):
            contexts["key_result"].append(
                ItemContext(
                    kind="key_result",
                    text=kr.text,
                    path=item_path(i, j),
                    position=kr.position,
                    objective_index=i,
                    kr_index=j,
                    analysis=kr.analysis,
                    **common,
                )
            )
    return contexts


def _draft_position(draft: Draft):
    return draft.objectives[0].position if draft.objectives else None


def _finding(rule: Rule, ctx: ItemContext, hit, source: str) -> Finding:
    position = hit.position or ctx.position
    line, column = (position.line, position.column) if position else (1, 1)
    return Finding(
        rule_id=rule.id,
        rule_name=rule.name,
        level=rule.level,
        message=rule.message.format_map(defaultdict(str, hit.args)),
        path=hit.path or ctx.path,
        line=line,
        column=column,
        guide_rule=rule.guide_rule,
        fix=rule.fix.strip(),
        source=source,
        end_line=position.end_line if position else None,
        end_column=position.end_column if position else None,
    )


def run_rules(
    draft: Draft, rubric: Rubric, settings: Settings, vocabulary: Vocabulary
) -> list[Finding]:
    contexts = _contexts(draft, settings, vocabulary)
    findings: list[Finding] = []
    for rule in rubric.active:
        kind = KINDS[rule.kind]
        for ctx in contexts[rule.applies_to]:
            hits = kind(rule, ctx)
            if hits:
                findings.extend(_finding(rule, ctx, hit, draft.source) for hit in hits)
    fired = {(f.path, f.rule_id) for f in findings}
    by_id = {r.id: r for r in rubric.active}
    findings = [
        f
        for f in findings
        if not any((f.path, other) in fired for other in by_id[f.rule_id].suppressed_by)
        and not any(s.covers(f.rule_id, f.rule_name, f.line) for s in draft.suppressions)
    ]
    return sorted(findings, key=lambda f: (f.line, f.column, -f.level.rank, f.rule_id))


def check(
    draft: Draft | str, settings: Settings | None = None, source: str = "<string>"
) -> CheckReport:
    """Check a draft (or Markdown/YAML/JSON text) against the rubric."""
    settings = settings or Settings()
    if isinstance(draft, str):
        draft = parse_text(draft, source=source)
    vocabulary = load_vocabulary(settings.vocabulary)
    rubric = load_rubric(settings)
    analyse_draft(draft, vocabulary)
    findings = run_rules(draft, rubric, settings, vocabulary)
    counts = {level.value: sum(f.level == level for f in findings) for level in Level}
    return CheckReport(
        draft=draft, findings=tuple(findings), scorecard=score(draft, findings), counts=counts
    )
