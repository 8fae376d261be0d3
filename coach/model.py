"""The OKR draft model: draft → objectives → key results, each with its source position.

Everything the parser produces and the checker, rewriter and grader consume is one of these
pydantic models. Positions are 1-based (line, column) into the source text so findings can
point an editor at the exact place.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Position(BaseModel):
    """Where an item's text starts and ends in the source (1-based lines and columns)."""

    model_config = ConfigDict(frozen=True)

    line: int = 1
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None


class Ambition(StrEnum):
    """Whether a key result is meant to be hit in full (committed) or at ~0.7 (stretch)."""

    COMMITTED = "committed"
    STRETCH = "stretch"


class Direction(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"
    REACH = "reach"
    MAINTAIN = "maintain"
    BINARY = "binary"
    UNKNOWN = "unknown"


class Unit(StrEnum):
    PERCENT = "percent"
    CURRENCY = "currency"
    COUNT = "count"
    DURATION = "duration"
    SCORE = "score"
    RATIO = "ratio"
    POINTS = "points"
    """Percentage points ("by 5 points", "5pp")."""


class Quantity(BaseModel):
    """A number found in a key result, with the text it came from."""

    model_config = ConfigDict(frozen=True)

    value: float
    raw: str
    unit: Unit | None = None
    unit_text: str | None = None
    start: int = 0  # character offset in the key result's text
    end: int = 0


class KeyResultAnalysis(BaseModel):
    """What the analyser read out of one key result. Reused by rewrite and grading.

    Frozen: analyses are cached by text and shared between drafts.
    """

    model_config = ConfigDict(frozen=True)

    direction: Direction = Direction.UNKNOWN
    verb: str | None = None
    metric: str | None = None
    """The outcome metric phrase ("onboarding completion rate"), when the text names one."""
    subject: str | None = None
    """What the key result is about: the metric, or for a task the deliverable ("new onboarding flow")."""
    baseline: Quantity | None = None
    target: Quantity | None = None
    unit: Unit | None = None
    relative_change: Quantity | None = None
    deadline: str | None = None
    cadence: str | None = None
    numbers: list[Quantity] = Field(default_factory=list)
    """Every metric-value number in the text (not digits inside names, deadlines or ids)."""
    placeholders: list[str] = Field(default_factory=list)
    """Unfilled placeholders such as "[baseline]"."""


class KeyResult(BaseModel):
    text: str
    raw: str = ""
    """The whole source line(s) the key result came from, labels and tags included."""
    position: Position = Field(default_factory=Position)
    label: str | None = None
    """The label the author used, e.g. "KR1"."""
    ambition: Ambition | None = None
    owner: str | None = None
    priority: str | None = None
    """A priority tag written on the line ("P0", "[P1]", "`PX`"), normalised to "P0"."""
    done: bool | None = None
    """The task-list box on the line: True for "[x]", False for "[ ]", None without one."""
    analysis: KeyResultAnalysis | None = None


class Objective(BaseModel):
    text: str
    raw: str = ""
    position: Position = Field(default_factory=Position)
    label: str | None = None
    owner: str | None = None
    priority: str | None = None
    done: bool | None = None
    parent: int | None = None
    """Index (in Draft.objectives) of the objective this one contributes to, in nested trees
    (company → department → team)."""
    key_results: list[KeyResult] = Field(default_factory=list)


class Note(BaseModel):
    """Free text in the draft that is neither an objective nor a key result."""

    text: str
    position: Position = Field(default_factory=Position)


class Suppression(BaseModel):
    """An inline ``<!-- coach-ignore OKR201 -->`` comment: rule ids silenced on one line (or in
    the whole file for ``coach-ignore-file``). No rule ids silences every rule."""

    model_config = ConfigDict(frozen=True)

    rules: frozenset[str] = frozenset()
    line: int | None = None
    """The 1-based line the comment applies to; None for the whole file."""

    def covers(self, rule_id: str, rule_name: str, line: int) -> bool:
        return (self.line is None or self.line == line) and (
            not self.rules or rule_id in self.rules or rule_name in self.rules
        )


class DraftMeta(BaseModel):
    """Metadata from YAML front matter (or the top level of a YAML/JSON draft)."""

    model_config = ConfigDict(extra="allow")

    team: str | None = None
    quarter: str | None = None
    parent: str | None = None
    """The parent (company or group) objective this team's OKRs contribute to."""
    owner: str | None = None
    first_cycle: bool = False


class Draft(BaseModel):
    source: str = "<string>"
    """A file path, or "<stdin>" / "<string>"."""
    meta: DraftMeta = Field(default_factory=DraftMeta)
    objectives: list[Objective] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    suppressions: list[Suppression] = Field(default_factory=list)
    skipped: list[int] = Field(default_factory=list)
    """1-based lines that look like objectives or key results but could not be placed in the
    draft's structure (reported by the reader's own rule, never dropped silently)."""

    def key_results(self) -> list[tuple[int, int, KeyResult]]:
        """(objective index, key result index, key result) for every key result."""
        return [
            (i, j, kr)
            for i, objective in enumerate(self.objectives)
            for j, kr in enumerate(objective.key_results)
        ]


def item_path(objective_index: int | None = None, kr_index: int | None = None) -> str:
    """The stable path of an item in a draft, as used in findings: "objectives[0].key_results[2]"."""
    if objective_index is None:
        return "draft"
    path = f"objectives[{objective_index}]"
    if kr_index is not None:
        path += f".key_results[{kr_index}]"
    return path
