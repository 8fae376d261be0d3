"""Solvers: run the checker, or the rewrite pipeline, on one eval case."""

from __future__ import annotations

from dataclasses import dataclass

from coach.checker import check
from coach.config import Settings
from coach.findings import Finding
from coach.llm.protocol import Usage
from coach.rewrite.engine import propose_one
from coach.rewrite.providers import Proposer
from coach.rewrite.requests import build_targets
from coach.rubric import load_rubric

from .dataset import EvalCase


def solve_check(case: EvalCase, settings: Settings) -> list[Finding]:
    return list(check(case.draft(), settings).findings)


@dataclass(frozen=True)
class RewriteOutcome:
    case_id: str
    text: str | None
    origin: str
    """model:… / cache:… / offline / offline fallback / unchanged / not flagged"""
    note: str = ""
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    model_replies: int = 0
    """Model replies the guard judged (model runs only)."""
    rejected: int = 0
    invented_caught: int = 0
    """Model replies the guard rejected for numbers found nowhere in the draft or metrics."""


def solve_rewrite(case: EvalCase, chain: list[Proposer], settings: Settings) -> RewriteOutcome:
    report = check(case.draft(), settings)
    targets = [
        t
        for t in build_targets(report, load_rubric(settings), case.metrics)
        if t.path == case.item_path
    ]
    if not targets:
        return RewriteOutcome(
            case.id, None, "not flagged", "the checker raised nothing a rewrite fixes"
        )
    rewriter = chain[0].rewriter
    before = Usage()
    before.add(rewriter.usage)
    answer = propose_one(targets[0].request, chain, settings)
    u = rewriter.usage
    return RewriteOutcome(
        case.id,
        answer.proposal.text.strip() if answer.proposal else None,
        answer.origin,
        answer.note,
        u.calls - before.calls,
        u.prompt_tokens - before.prompt_tokens,
        u.completion_tokens - before.completion_tokens,
    )
