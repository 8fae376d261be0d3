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
from coach.rubric.kinds import may_fire, pattern_gates
from coach.rubric.rule import Rule
from coach.rubric.vocabulary import Vocabulary, load_vocabulary
from coach.scoring import score


def analyse_draft(draft: Draft, vocabulary: Vocabulary | None = None) -> Draft:
    """Fill in every key result's analysis (in place; idempotent). Returns the draft."""
    vocabulary = vocabulary or load_vocabulary()
    for objective in draft.objectives:
        for kr in objective.key_results:
            if kr.analysis is None:
                kr.analysis = analyse_key_result(kr.statement, vocabulary)
    return draft


def _contexts(
    draft: Draft, settings: Settings, vocabulary: Vocabulary
) -> dict[str, list[ItemContext]]:
    # positional arguments, in ItemContext's field order: one of these per item and check
    objectives: list[ItemContext] = []
    key_results: list[ItemContext] = []
    contexts = {
        "draft": [
            ItemContext(draft, settings, vocabulary, "draft", "", "draft", _draft_position(draft))
        ],
        "objective": objectives,
        "key_result": key_results,
    }
    for i, objective in enumerate(draft.objectives):
        path = item_path(i)
        objectives.append(
            ItemContext(
                draft, settings, vocabulary, "objective", objective.text, path,
                objective.position, i,
            )
        )  # fmt: skip
        for j, kr in enumerate(objective.key_results):
            key_results.append(
                ItemContext(
                    draft, settings, vocabulary, "key_result", kr.text,
                    f"{path}.key_results[{j}]", kr.position, i, j, kr.analysis,
                )
            )  # fmt: skip
    return contexts


def _draft_position(draft: Draft):
    return draft.objectives[0].position if draft.objectives else None


def _finding(rule: Rule, ctx: ItemContext, hit, source: str, fix: str) -> Finding:
    position = hit.position or ctx.position
    if position:
        line, column, end_line, end_column = (
            position.line, position.column, position.end_line, position.end_column,
        )  # fmt: skip
    else:
        line, column, end_line, end_column = 1, 1, None, None
    return Finding(
        rule.id,
        rule.name,
        rule.level,
        _message(rule.message, hit.args),
        hit.path or ctx.path,
        line,
        column,
        rule.guide_rule,
        fix,
        source,
        end_line,
        end_column,
    )


_LEVELS = tuple(level.value for level in Level)


def _message(template: str, args: dict) -> str:
    """The rule's message with the hit's arguments (a missing one as empty); a message with no
    field (nor a brace to unescape) is the template itself."""
    if "{" not in template and "}" not in template:
        return template
    return template.format_map(defaultdict(str, args))


def _sort_key(f: Finding) -> tuple:
    return (f.line, f.column, -f.level.rank, f.rule_id)


def run_rules(
    draft: Draft, rubric: Rubric, settings: Settings, vocabulary: Vocabulary
) -> list[Finding]:
    contexts = _contexts(draft, settings, vocabulary)
    findings: list[Finding] = []
    source = draft.source
    suppressed_by = rubric.suppressors
    suppressing = rubric.suppressing
    fired: dict[str, set[str]] = {}  # the paths each rule that suppresses another fired on
    gates = pattern_gates(rubric.active, vocabulary)
    for (rule, applies_to, run, fix, skip_after), gate in zip(rubric.plan, gates, strict=True):
        # a rule whose findings an earlier rule's finding on the same item makes redundant is
        # not run on the items where that rule fired (``Rubric.skippable``)
        if not skip_after:
            skip = ()
        elif len(skip_after) == 1:
            skip = fired.get(skip_after[0], ())
        else:
            skip = set().union(*(fired.get(other, ()) for other in skip_after))
        paths = fired.setdefault(rule.id, set()) if rule.id in suppressing else None
        for ctx in contexts[applies_to]:
            if skip and ctx.path in skip:
                continue
            if gate is not None and not may_fire(gate, ctx.text):
                continue  # a pattern rule none of whose lists or regexes can match
            hits = run(rule, ctx)
            for hit in hits:
                finding = _finding(rule, ctx, hit, source, fix)
                findings.append(finding)
                if paths is not None:
                    paths.add(finding.path)
    if suppressed_by:  # a finding another rule's finding on the same item makes redundant
        findings = [
            f
            for f in findings
            if f.rule_id not in suppressed_by
            or not any(f.path in fired.get(other, ()) for other in suppressed_by[f.rule_id])
        ]
    if draft.suppressions:
        findings = [
            f
            for f in findings
            if not any(s.covers(f.rule_id, f.rule_name, f.line) for s in draft.suppressions)
        ]
    return sorted(findings, key=_sort_key)


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
    counts = dict.fromkeys(_LEVELS, 0)
    for f in findings:
        counts[f.level] += 1  # a StrEnum member finds its value's key
    return CheckReport(
        draft=draft, findings=tuple(findings), scorecard=score(draft, findings), counts=counts
    )
