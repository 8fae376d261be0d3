"""The seam between the coach and whatever proposes rewrites.

Everything above ``coach.llm`` depends only on this module: a ``Rewriter`` turns a
``RewriteRequest`` into a proposal that has passed the ``Guard`` (the deterministic rubric, the
number-provenance check and the faithfulness check), or raises ``RewriteFailed``. Three
implementations: ``coach.llm.client.OpenAIRewriter`` (any OpenAI-compatible endpoint),
``coach.rewrite.offline.OfflineRewriter`` (the embedded default), ``coach.llm.fake.FakeRewriter``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

from pydantic import (
    BaseModel,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

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
    key_results: tuple[str, ...] = ()
    """For an objective, its own key results: who they name may be who it is for. Not sent to
    the model (its context is ``context_lines``)."""
    suggestion: str = ""
    """For a key result: the metric the fallback rewriter (the offline one) would measure it
    by, offered to the model to keep when it fits or to better (empty: none)."""
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
            "suggestion": self.suggestion,
        }


class NumberUse(BaseModel):
    value: str = Field(description="a number exactly as it appears in the new text")
    source: NumberSource = Field(
        description="where it comes from: 'original' (the item itself), 'draft' (another line of "
        "the draft), 'metrics' (the user's metrics) or 'placeholder' (unknown: written as [baseline] "
        "or [target])"
    )


class KeyResultProposal(BaseModel):
    """A rewritten key result: an outcome with a baseline, a target and a deadline.

    What a rewriter hands back and the guard judges. A model never writes one: it answers with a
    ``KeyResultChoice`` (words only), and the coach composes this from it, placing the numbers."""

    text: str = Field(description="the rewritten key result, one sentence")
    metric: str = Field(description="the outcome metric it measures")
    direction: Literal["increase", "decrease", "reach", "binary"]
    baseline: str | None = Field(default=None, description="current value, or [baseline]")
    target: str | None = Field(default=None, description="target value, or [target]")
    deadline: str | None = Field(default=None, description="e.g. 'by end of the quarter'")
    numbers: list[NumberUse] = Field(default_factory=list)
    _measures: str | None = PrivateAttr(default=None)
    """The metric without the people it is measured for, when the coach composed it from a
    model's choice: the guard judges the subject by what is measured."""
    _own_words: bool = PrivateAttr(default=False)
    """Set by the offline rewriter when its metric was built from the item's own words (no
    lexicon entry or template family gave it): the change then says so, for the user to check."""

    @model_validator(mode="after")
    def _guarded(self, info: ValidationInfo) -> KeyResultProposal:
        return _run_guard(self, info)


class ObjectiveProposal(BaseModel):
    """A rewritten objective: qualitative, inspiring, naming who benefits; no metric numbers."""

    text: str = Field(description="the rewritten objective, one line, words only, no numbers")

    @model_validator(mode="after")
    def _guarded(self, info: ValidationInfo) -> ObjectiveProposal:
        return _run_guard(self, info)

    @model_validator(mode="wrap")
    @classmethod
    def _once(cls, data, handler, info: ValidationInfo):
        return _judged_once(cls, data, handler, info)


_DIGIT = re.compile(r"\d")
_CLAUSE = re.compile(
    r"^(?:(?!\b(?:who|that|which|whose|where|when|while|until|before|after|once|if|to)\b).)*?"
    r"\b(?:is|are|was|were|becomes?|became|gets?|got|has|have|had|can|will)\b",
    re.IGNORECASE,
)
"""A metric that is a sentence: a verb of its own ("tests are running on CI", "the roadmap is
created", "users can add packages") outside a relative clause ("share of users who are
active"). It restates the work or its result instead of naming what is measured."""
_ECHO = re.compile(r"measured for|in words only|the work should move|outcome metric", re.I)
"""The schema's own descriptions, copied back by a weak model."""
_WORDS = re.compile(r"[a-z]{3,}", re.I)
_DIRECTION_WORDS = re.compile(
    r"\b(?:increase|decrease|raise|reduce|grow|improve|boost|lift|cut|lower|reach|the|and)\b",
    re.I,
)
_PLACED = re.compile(
    r"\s+(?:from\s|to\s+\[|by\s+(?:the\s+)?end\s+of\b|by\s+(?:Q[1-4]|H[12])\b).*$", re.I
)
"""What the coach places itself, when a model writes it into the metric anyway: "weekly active
users from 23,000 to [target] by end of Q2" is the metric "weekly active users"."""
_VERB = re.compile(
    r"^(?:to\s+)?(?:increase|raise|grow|improve|boost|lift|reduce|decrease|cut|lower|shorten|"
    r"reach|maintain|keep)\s+(?:the\s+)?",
    re.I,
)
_DIRECTIONS = {
    "increase": "increase",
    "raise": "increase",
    "grow": "increase",
    "improve": "increase",
    "boost": "increase",
    "lift": "increase",
    "reach": "increase",
    "decrease": "decrease",
    "reduce": "decrease",
    "cut": "decrease",
    "lower": "decrease",
    "shorten": "decrease",
}


class KeyResultChoice(BaseModel):
    """What a model answers for a key result: words only. The coach composes the key result and
    places baseline, target and deadline from their sources (or as placeholders)."""

    direction: Literal["increase", "decrease"] = Field(
        description="whether the metric should go up (increase) or down (decrease)"
    )
    metric: str = Field(
        description="the outcome metric the work should move, in words only (no numbers)"
    )
    audience: str = Field(
        default="",
        description="the people or things it is measured for, in words only (no numbers); empty "
        "when the metric already says it",
    )

    @field_validator("direction", mode="before")
    @classmethod
    def _synonym(cls, value):
        if isinstance(value, str):
            return _DIRECTIONS.get(value.strip().lower(), value)
        return value

    @field_validator("metric", "audience")
    @classmethod
    def _words_only(cls, value: str, info: ValidationInfo) -> str:
        value = _VERB.sub("", _PLACED.sub("", " ".join(value.split()))).strip(" .;:,")
        suggested = (info.context or {}).get("suggestion", "") if info else ""
        if suggested and info.field_name == "metric" and value.lower() == suggested.lower():
            return value  # the coach's own metric, offered as it stands: its numbers are placed
        names = (info.context or {}).get("metric_names", ()) if info else ()
        unnamed = value.lower()
        for name in sorted(names, key=len, reverse=True):  # "Day 30 retention" is a name
            unnamed = unnamed.replace(name.lower(), " ")
        if _DIGIT.search(unnamed) or "[" in value:
            raise ValueError(
                "Write words only: no numbers. The coach places the baseline, target and "
                "deadline itself."
            )
        if _ECHO.search(value):
            raise ValueError("Write the metric and the people themselves, not the description.")
        if info.field_name == "metric" and not _WORDS.search(_DIRECTION_WORDS.sub("", value)):
            raise ValueError("Name the outcome metric in words, e.g. what share of whom does what.")
        if info.field_name == "metric" and _CLAUSE.search(unnamed):
            raise ValueError(
                "Name the metric as a noun phrase, what is counted or measured, not a sentence "
                "about the work or its result."
            )
        return value

    @model_validator(mode="after")
    def _composed_and_guarded(self, info: ValidationInfo) -> KeyResultChoice:
        compose = (info.context or {}).get("compose") if info else None
        if compose is None:
            return self
        self._proposal = _run_guard(compose(self), info)
        return self

    @model_validator(mode="wrap")
    @classmethod
    def _once(cls, data, handler, info: ValidationInfo):
        return _judged_once(cls, data, handler, info)

    _proposal: KeyResultProposal | None = PrivateAttr(default=None)

    @property
    def proposal(self) -> KeyResultProposal | None:
        """The key result the coach composed from this choice (once validated with a composer)."""
        return self._proposal


Proposal = KeyResultProposal | ObjectiveProposal
Guard = Callable[[Proposal], list[str]]
"""Returns the problems with a proposal (empty when it may be shown). Messages say how to fix.
A guard may also carry ``compose(choice) -> KeyResultProposal`` (``coach.rewrite.guard``'s does):
how the coach turns a model's ``KeyResultChoice`` into the key result it judges."""
Composer = Callable[[KeyResultChoice], KeyResultProposal]
REJECTED = "The rewrite was rejected: "


class RepeatedProposal(Exception):
    """The model answered with a proposal it had already been told was wrong: asking again with
    the same conversation would only repeat it, so the item stops here. Not a ``ValueError``, so
    pydantic lets it through and the retry policy does not re-ask."""

    def __init__(self, problems: list[str]):
        super().__init__("the model repeated a proposal the checks had already rejected")
        self.problems = problems


def _answer_key(model: type[BaseModel], data) -> str | None:
    """An answer as the checks see it: its fields, case and spacing aside."""
    if isinstance(data, BaseModel):
        data = data.model_dump()
    if not isinstance(data, dict):
        return None
    values = [
        " ".join(str(data.get(name, f.default) or "").lower().split()).strip(" .")
        for name, f in model.model_fields.items()
    ]
    return "\0".join(values)


def _judged_once(model: type[BaseModel], data, handler, info: ValidationInfo | None):
    """Validate a model's answer, unless it repeats one already rejected for this item (the
    ``seen`` of the validation context): then ``RepeatedProposal``, without judging it again."""
    seen = (info.context or {}).get("seen") if info else None
    key = _answer_key(model, data) if seen is not None else None
    if key is None:
        return handler(data)
    if key in seen:
        raise RepeatedProposal(seen[key])
    try:
        return handler(data)
    except ValidationError as exc:
        seen[key] = describe_problems(exc)
        raise


def describe_problems(exc: ValidationError) -> list[str]:
    """One line per validation error: the guard's own words, or ``field: what is wrong``."""
    problems = []
    for error in exc.errors(include_url=False):
        message = str(error["msg"]).removeprefix("Value error, ")
        where = ".".join(str(part) for part in error["loc"])
        problems.append(f"{where}: {message}" if where else message)
    return problems


def _run_guard(proposal, info: ValidationInfo | None):
    guard = (info.context or {}).get("guard") if info else None
    problems = guard(proposal) if guard is not None else []
    if problems:
        raise ValueError(REJECTED + " ".join(problems))
    return proposal


def composer_of(guard: Guard | None) -> Composer | None:
    """The guard's composer, if it carries one."""
    return getattr(guard, "compose", None)


def validate_proposal(data: dict | Proposal, kind: ItemKind, guard: Guard | None) -> Proposal:
    """Validate a finished proposal (a rewriter's, or a cached one) with the guard in the
    validation context."""
    model = KeyResultProposal if kind == "key_result" else ObjectiveProposal
    payload = data.model_dump() if isinstance(data, BaseModel) else data
    return model.model_validate(payload, context={"guard": guard})


def response_model(kind: ItemKind) -> type[KeyResultChoice] | type[ObjectiveProposal]:
    """What a model answers with: a key result's choice of words, or an objective's words."""
    return KeyResultChoice if kind == "key_result" else ObjectiveProposal


def validation_context(
    guard: Guard | None,
    seen: dict[str, list[str]] | None = None,
    request: RewriteRequest | None = None,
) -> dict:
    """The context a model's answer is validated in: the guard, its composer, the answers
    already rejected for this item (``seen``: a repeat stops the item with ``RepeatedProposal``),
    the names of the user's metrics (a metric may be named "Day 30 retention") and the metric
    suggested to the model (kept as it stands, it may hold the item's numbers or a slot such as
    "[the practice]": the guard judges the key result composed from it like any other)."""
    names = tuple(name for name, _ in request.metrics) if request else ()
    suggestion = " ".join(request.suggestion.split()) if request else ""
    return {
        "guard": guard,
        "compose": composer_of(guard),
        "seen": seen,
        "metric_names": names,
        "suggestion": suggestion,
    }


def validate_answer(
    data: dict | BaseModel,
    request: RewriteRequest,
    guard: Guard | None,
    seen: dict[str, list[str]] | None = None,
) -> Proposal:
    """Validate a model's raw answer: compose a key result from its choice, then guard it.
    Raises ``ValidationError`` (re-ask) or ``RepeatedProposal`` (stop)."""
    payload = data.model_dump() if isinstance(data, BaseModel) else data
    context = validation_context(guard, seen, request)
    answer = response_model(request.kind).model_validate(payload, context=context)
    return finished(answer)


def finished(answer: BaseModel) -> Proposal:
    """The proposal a validated answer stands for (a choice's composed key result)."""
    if isinstance(answer, KeyResultChoice):
        if answer.proposal is None:
            raise RewriteFailed("no composer: the guard given cannot compose a key result")
        return answer.proposal
    return answer  # type: ignore[return-value]


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
