"""The seam between the coach and whatever proposes rewrites.

Everything above ``coach.llm`` depends only on this module: a ``Rewriter`` turns a
``RewriteRequest`` into a proposal that has passed the ``Guard`` (the deterministic rubric, the
number-provenance check and the faithfulness check), or raises ``RewriteFailed``. Three
implementations: ``coach.llm.client.OpenAIRewriter`` (any OpenAI-compatible endpoint),
``coach.rewrite.offline.OfflineRewriter`` (the embedded default), ``coach.llm.fake.FakeRewriter``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

from pydantic import BaseModel, Field, ValidationInfo, model_validator

ItemKind = Literal["key_result", "objective"]
NumberSource = Literal["original", "draft", "metrics", "placeholder"]


@dataclass(frozen=True)
class FindingBrief:
    """A finding as the model sees it: the rule text comes from the rubric."""

    rule_id: str
    name: str
    message: str
    why: str
    fix: str


@dataclass(frozen=True)
class RewriteRequest:
    kind: ItemKind
    text: str
    """The item to rewrite, exactly as the draft has it (labels and tags removed)."""
    objective: str
    """The objective the key result belongs to (for an objective: the objective itself)."""
    findings: tuple[FindingBrief, ...]
    metrics: tuple[tuple[str, str], ...] = ()
    """The user's metrics file: (metric name, current value as written), in file order."""
    context_lines: tuple[str, ...] = ()
    """The other objectives and key results of the draft (numbers there may be reused)."""
    quarter: str | None = None
    team: str | None = None
    taken_metrics: frozenset[str] = frozenset()
    """The metrics the draft's other key results measure as they stand (rewritten ones as
    rewritten), as duplicate-metric keys: a rewrite may not measure one of them again. Checked
    by the guard, not sent to the model."""

    def cache_key(self) -> dict:
        return {
            "kind": self.kind,
            "text": self.text,
            "objective": self.objective,
            "findings": [f.rule_id for f in self.findings],
            "metrics": list(self.metrics),
            "context": list(self.context_lines),
            "quarter": self.quarter,
            "team": self.team,
        }


class NumberUse(BaseModel):
    value: str = Field(
        description="a number exactly as it appears in the new text, e.g. '45%' or '[baseline]'"
    )
    source: NumberSource = Field(
        description="where it comes from: 'original' (the item itself), 'draft' (another line of "
        "the draft), 'metrics' (the user's metrics) or 'placeholder' (unknown: written as [baseline] "
        "or [target])"
    )


class KeyResultProposal(BaseModel):
    """A rewritten key result: an outcome with a baseline, a target and a deadline."""

    text: str = Field(
        description="the rewritten key result, one sentence, starting with a verb such as Increase or Reduce"
    )
    metric: str = Field(
        description="the outcome metric it measures, e.g. 'onboarding completion rate'"
    )
    direction: Literal["increase", "decrease", "reach", "binary"]
    baseline: str | None = Field(
        default=None, description="current value, or [baseline] when unknown"
    )
    target: str | None = Field(default=None, description="target value, or [target] when unknown")
    deadline: str | None = Field(default=None, description="e.g. 'by end of Q2'")
    numbers: list[NumberUse] = Field(default_factory=list)

    @model_validator(mode="after")
    def _guarded(self, info: ValidationInfo) -> KeyResultProposal:
        return _run_guard(self, info)


class ObjectiveProposal(BaseModel):
    """A rewritten objective: qualitative, inspiring, naming who benefits; no metric numbers."""

    text: str = Field(description="the rewritten objective, one line, no numbers")

    @model_validator(mode="after")
    def _guarded(self, info: ValidationInfo) -> ObjectiveProposal:
        return _run_guard(self, info)


Proposal = KeyResultProposal | ObjectiveProposal
Guard = Callable[[Proposal], list[str]]
"""Returns the problems with a proposal (empty when it may be shown). Messages say how to fix."""


def _run_guard(proposal, info: ValidationInfo):
    guard = (info.context or {}).get("guard") if info else None
    if guard is not None:
        problems = guard(proposal)
        if problems:
            raise ValueError("The rewrite was rejected: " + " ".join(problems))
    return proposal


def validate_proposal(data: dict | Proposal, kind: ItemKind, guard: Guard | None) -> Proposal:
    """Validate raw model output (or a proposal) with the guard in the validation context."""
    model = KeyResultProposal if kind == "key_result" else ObjectiveProposal
    payload = data.model_dump() if isinstance(data, BaseModel) else data
    return model.model_validate(payload, context={"guard": guard})


@dataclass
class Usage:
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cache_hits: int = 0

    def add(self, other: Usage) -> None:
        self.calls += other.calls
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.cache_hits += other.cache_hits


class RewriteFailed(Exception):
    """No proposal passed the guard (or the model could not be reached). The caller falls back.

    ``skipped``: the model was not asked at all, because it was stopped for the rest of the run
    (its deadline passed, or the circuit breaker opened); ``reason`` says why."""

    def __init__(
        self,
        reason: str,
        attempts: int = 0,
        problems: list[str] | None = None,
        skipped: bool = False,
    ):
        super().__init__(reason)
        self.reason = reason
        self.attempts = attempts
        self.problems = problems or []
        self.skipped = skipped


@runtime_checkable
class Rewriter(Protocol):
    name: str
    """"offline", "fake", or "<provider>:<model>" — shown next to every change it proposes."""
    usage: Usage

    def propose(self, request: RewriteRequest, guard: Guard) -> Proposal:
        """A proposal that passed ``guard``, or raise RewriteFailed (never anything else)."""
        ...


@dataclass
class RenderedPrompt:
    """Exactly what would be sent: shown by ``--show-prompt``."""

    messages: list[dict[str, str]] = field(default_factory=list)
    prompt_version: str = ""
