"""The result of checking one draft: the draft, its findings and its scorecard."""

from __future__ import annotations

from dataclasses import dataclass, field

from coach.findings import Finding
from coach.frozeninit import fast_init
from coach.model import Draft


@fast_init
@dataclass(frozen=True, slots=True)
class ItemScore:
    """The score of one objective or key result."""

    path: str
    kind: str  # "objective" | "key_result"
    text: str
    line: int
    score: int


@fast_init
@dataclass(frozen=True, slots=True)
class ObjectiveScore:
    """An objective's score and its band."""

    path: str
    text: str
    line: int
    score: int
    band: str


@fast_init
@dataclass(frozen=True, slots=True)
class GuideRuleScore:
    """One row of the scorecard: a guide rule's score and how many findings cost it."""

    rule: int
    title: str
    score: int
    findings: int


@fast_init
@dataclass(frozen=True, slots=True)
class Scorecard:
    """A draft's scores: overall and band, per objective, per guide rule, per item."""

    overall: int
    band: str
    objectives: tuple[ObjectiveScore, ...]
    guide_rules: tuple[GuideRuleScore, ...]
    items: tuple[ItemScore, ...]
    set_score: int

    def to_json(self) -> dict:
        return {
            "overall": self.overall,
            "band": self.band,
            "set": self.set_score,
            "objectives": [_asdict(o) for o in self.objectives],
            "guide_rules": [_asdict(g) for g in self.guide_rules],
            "items": [_asdict(i) for i in self.items],
        }


def _asdict(record) -> dict:
    return {name: getattr(record, name) for name in record.__slots__}


@fast_init
@dataclass(frozen=True, slots=True)
class CheckReport:
    """What checking a draft found: the findings, the scorecard and the count per level."""

    draft: Draft
    findings: tuple[Finding, ...]
    scorecard: Scorecard
    counts: dict[str, int] = field(default_factory=dict)
    """Findings by level: {"error": n, "warning": n, "suggestion": n}."""
