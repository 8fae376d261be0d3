"""Deterministic scorers: the checker against expected rules; a rewrite against the case."""

from __future__ import annotations

from collections import defaultdict

from coach.analysis import analyse_key_result, baseline_placeholder
from coach.checker import check
from coach.config import Settings
from coach.findings import Finding, Level
from coach.model import KeyResult, Objective
from coach.rewrite.guard import allowed_after_rewrite, content_words, numbers_in

from .dataset import EvalCase
from .solve import RewriteOutcome


def _fired(case: EvalCase, findings: list[Finding], rule_id: str, path: str | None) -> bool:
    if case.kind != "draft":
        return any(f.rule_id == rule_id and f.path == case.item_path for f in findings)
    return any(f.rule_id == rule_id and (path is None or f.path == path) for f in findings)


def tally_checker(results: list[tuple[EvalCase, list[Finding]]]) -> dict[str, dict]:
    """Per rule: tp (expected and fired), fn (expected, silent), fp (forbidden but fired)."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0})
    for case, findings in results:
        for e in case.fire:
            counts[e.rule_id]["tp" if _fired(case, findings, e.rule_id, e.path) else "fn"] += 1
        for e in case.not_fire:
            if _fired(case, findings, e.rule_id, e.path):
                counts[e.rule_id]["fp"] += 1
    return {rule: _rates(c) for rule, c in sorted(counts.items())}


def _rates(c: dict[str, int]) -> dict:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {**c, "precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3)}


def overall(per_rule: dict[str, dict]) -> dict:
    total = {k: sum(v[k] for v in per_rule.values()) for k in ("tp", "fp", "fn")}
    return _rates(total)


def _allowed(case: EvalCase) -> set[float]:
    sources = [case.text, case.objective or "", case.quarter or "", *case.context]
    sources += [v for _, v in case.metrics] + list(case.rewrite.numbers if case.rewrite else ())
    return set().union(*(numbers_in(s) for s in sources))


def _passes_rubric(case: EvalCase, text: str, settings: Settings) -> bool:
    draft = case.draft()
    objective: Objective = draft.objectives[0]
    if case.kind == "objective":
        objective.text = text
    else:
        objective.key_results[0] = KeyResult(text=text)
    triggered = {e.rule_id for e in case.fire}
    allowed = allowed_after_rewrite(settings)
    for f in check(draft, settings).findings:
        if f.path == case.item_path and f.rule_id not in allowed:
            if f.level == Level.ERROR or f.rule_id in triggered:
                return False
    return True


def _jaccard(a: str | None, b: str | None) -> float:
    x, y = content_words(a or ""), content_words(b or "")
    return len(x & y) / len(x | y) if x | y else 0.0


def score_rewrite(case: EvalCase, outcome: RewriteOutcome, settings: Settings) -> dict:
    text = outcome.text
    base = {
        "id": case.id,
        "origin": outcome.origin,
        "text": text,
        "note": outcome.note,
        "calls": outcome.calls,
        "prompt_tokens": outcome.prompt_tokens,
        "completion_tokens": outcome.completion_tokens,
        "model_replies": outcome.model_replies,
        "replies_rejected": outcome.rejected,
        "invented_caught": outcome.invented_caught,
        "model_accepted": int(outcome.origin.startswith(("model:", "cache:"))),
    }
    if text is None:
        return {
            **base,
            "rewritten": 0,
            "passes_rubric": 0,
            "invented_numbers": 0,
            "subject_kept": 0,
            "baseline_present": 0,
            "metric_agreement": 0.0 if case.kind == "key_result" and case.rewrite.metric else None,
        }
    expect = case.rewrite
    lowered = text.lower()
    analysis = analyse_key_result(text) if case.kind == "key_result" else None
    return {
        **base,
        "rewritten": 1,
        "passes_rubric": int(_passes_rubric(case, text, settings)),
        "invented_numbers": len(numbers_in(text) - _allowed(case)),
        "subject_kept": int(any(w.lower() in lowered for w in expect.subject))
        if expect.subject
        else 1,
        "baseline_present": int(
            case.kind != "key_result" or bool(analysis.baseline) or bool(baseline_placeholder(text))
        ),
        "metric_agreement": round(_jaccard(analysis.metric or analysis.subject, expect.metric), 3)
        if analysis and expect.metric
        else None,
    }


RATE_KEYS = (
    "rewritten",
    "model_accepted",
    "passes_rubric",
    "subject_kept",
    "baseline_present",
    "metric_agreement",
)
SUM_KEYS = (
    "invented_numbers",
    "calls",
    "prompt_tokens",
    "completion_tokens",
    "model_replies",
    "replies_rejected",
    "invented_caught",
)


def rewrite_totals(rows: list[dict]) -> dict:
    if not rows:
        return {"cases": 0}
    totals = {"cases": len(rows)}
    for (
        key
    ) in RATE_KEYS:  # a rate over the cases it applies to (metric agreement: KRs with a reference)
        values = [r[key] for r in rows if r[key] is not None]
        totals[key] = round(sum(values) / len(values), 3) if values else None
    totals.update({k: sum(r[k] for r in rows) for k in SUM_KEYS})
    return totals
