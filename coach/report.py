"""The result of checking one draft: the draft, its findings and its scorecard."""

from __future__ import annotations

from dataclasses import dataclass, field

from coach.findings import Finding
from coach.model import Draft


@dataclass(frozen=True, slots=True)
class ItemScore:
    path: str
    kind: str  # "objective" | "key_result"
    text: str
    line: int
    score: int


@dataclass(frozen=True, slots=True)
class ObjectiveScore:
    path: str
    text: str
    line: int
    score: int
    band: str


@dataclass(frozen=True, slots=True)
class GuideRuleScore:
    rule: int
    title: str
    score: int
    findings: int


@dataclass(frozen=True, slots=True)
class Scorecard:
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


@dataclass(frozen=True, slots=True)
class CheckReport:
    draft: Draft
    findings: tuple[Finding, ...]
    scorecard: Scorecard
    counts: dict[str, int] = field(default_factory=dict)
    """Findings by level: {"error": n, "warning": n, "suggestion": n}."""
