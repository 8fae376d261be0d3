"""The records a grade produces: per key result, per objective, per team (the draft)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from coach.grading.bands import Band
from coach.grading.forecast import Forecast
from coach.model import Ambition


@dataclass(frozen=True)
class Message:
    level: str
    """"warning" (something the user should fix or know) or "note" (how a value was read)."""
    text: str

    def to_json(self) -> dict:
        return {"level": self.level, "text": self.text}


@dataclass
class KeyResultGrade:
    ref: tuple[int, int]
    label: str
    """ "O1.KR2"."""
    text: str
    line: int
    ambition: Ambition
    ambition_tagged: bool
    kind: str | None = None
    baseline: str | None = None
    target: str | None = None
    unit: str | None = None
    actual: str | None = None
    actual_source: str | None = None
    score: float | None = None
    raw: float | None = None
    rule: str | None = None
    band: Band | None = None
    """Of the score at quarter end; of the forecast mid-quarter."""
    expected: float = 1.0
    met: bool | None = None
    judgement: str | None = None
    forecast: Forecast | None = None
    checkins: list[tuple[date, str]] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)

    @property
    def included(self) -> bool:
        """Graded, so it counts in its objective's average."""
        return self.score is not None

    def warn(self, text: str) -> None:
        self.messages.append(Message("warning", text))

    def note(self, text: str) -> None:
        self.messages.append(Message("note", text))


@dataclass
class ObjectiveGrade:
    index: int
    label: str
    text: str
    line: int
    key_results: list[KeyResultGrade]
    score: float | None = None
    forecast: float | None = None
    """Mid-quarter: the average forecast of the key results that have one."""
    band: Band | None = None
    """Of the score at quarter end; of the forecast mid-quarter."""


@dataclass(frozen=True)
class PastQuarter:
    quarter: str | None
    score: float | None
    source: str


@dataclass
class Sandbagging:
    """Team scores by quarter, oldest first, and whether 0.9+ ran three quarters."""

    quarters: list[PastQuarter]
    flagged: bool
    message: str
    notes: list[str] = field(default_factory=list)


@dataclass
class GradeReport:
    source: str
    team: str | None
    quarter: str | None
    start: date | None
    end: date | None
    as_of: date | None
    mid_quarter: bool
    objectives: list[ObjectiveGrade]
    score: float | None = None
    forecast: float | None = None
    band: Band | None = None
    """Of the team score at quarter end; of the team forecast mid-quarter."""
    remark: str | None = None
    sandbagging: Sandbagging | None = None
    messages: list[Message] = field(default_factory=list)

    def key_results(self) -> list[KeyResultGrade]:
        return [kr for objective in self.objectives for kr in objective.key_results]
