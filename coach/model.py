"""The OKR draft model: draft → objectives → key results, each with its source position.

Everything the parser produces and the checker, rewriter and grader consume is one of these
dataclasses. Positions are 1-based (line, column) into the source text so findings can point an
editor at the exact place.

Plain dataclasses, not pydantic models: they sit on the hot path of every ``coach check``, and
building pydantic models at import costs more than the whole check of a draft. Input from
outside (front matter, YAML and JSON drafts) is validated where it is read; ``to_json`` gives
the JSON form every writer uses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from enum import Enum, StrEnum
from math import isfinite
from typing import Any

from coach.classcode import run_source
from coach.frozeninit import fast_init

_PLAIN = (str, int, float, bool, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def _field_names(cls: type) -> tuple[str, ...] | None:
    """A dataclass's field names in order (None for other classes), looked up once per class."""
    try:
        return _FIELD_NAMES[cls]
    except KeyError:
        names = tuple(f.name for f in fields(cls)) if hasattr(cls, "__dataclass_fields__") else None
        _FIELD_NAMES[cls] = names
        return names


def to_json(value: Any) -> Any:
    """The JSON form of a model object (or of a value inside one): dataclasses as dicts in
    field order, enums as their values, frozensets as sorted lists."""
    cls = type(value)
    if cls in _PLAIN:  # most values: tested first (an exact type, so enums go on)
        # a number too large for a float (309 digits in a key result) is inf, which JSON
        # cannot hold: null, beside the raw text that says what was written
        return value if cls is not float or isfinite(value) else None
    try:
        return _CONVERTERS[cls](value)
    except KeyError:
        convert = _CONVERTERS[cls] = _converter(cls)
        return convert(value)


_CONVERTERS: dict[type, Callable[[Any], Any]] = {}
"""Each class's JSON form, found once per class (what ``isinstance`` tests would choose)."""


def _converter(cls: type) -> Callable[[Any], Any]:
    names = _field_names(cls)
    if names is not None:
        return _dataclass_converter(names)
    if issubclass(cls, Enum):
        return _enum_value
    if issubclass(cls, (list, tuple)):
        return lambda value: [to_json(v) for v in value]
    if issubclass(cls, frozenset):
        return lambda value: sorted(to_json(v) for v in value)
    if issubclass(cls, dict):
        return lambda value: {k: to_json(v) for k, v in value.items()}
    return _same


def _enum_value(value: Enum) -> Any:
    return value.value


def _same(value: Any) -> Any:
    return value


def _dataclass_converter(names: tuple[str, ...]) -> Callable[[Any], Any]:
    """A function writing one dataclass's dict with a line per field, as ``dataclasses`` writes
    ``__init__``: a field holding a str, int, bool or None is taken as it is, without a call
    (a third of an analysis's conversion was the calls; floats still go through ``to_json``
    for the infinity test). ``extra`` (a dict) is merged in after the fields, as before."""
    lines = ["def convert(value):", "    data = {"]
    lines += [f"        {n!r}: x if type(x := value.{n}) in plain else to_json(x)," for n in names]
    lines.append("    }")
    if "extra" in names:
        lines += [
            '    extra = data.pop("extra")',
            "    return {**data, **extra} if isinstance(extra, dict) else data",
        ]
    else:
        lines.append("    return data")
    namespace = {"plain": _PLAIN_NOT_FLOAT, "to_json": to_json}
    run_source("\n".join(lines), namespace)
    return namespace["convert"]


_PLAIN_NOT_FLOAT = frozenset({str, int, bool, type(None)})


@fast_init
@dataclass(frozen=True, slots=True)
class Position:
    """Where an item's text starts and ends in the source (1-based lines and columns)."""

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


@fast_init
@dataclass(frozen=True, slots=True)
class Quantity:
    """A number found in a key result, with the text it came from."""

    value: float
    raw: str
    unit: Unit | None = None
    unit_text: str | None = None
    start: int = 0  # character offset in the key result's text
    end: int = 0


@fast_init
@dataclass(frozen=True, slots=True)
class KeyResultAnalysis:
    """What the analyser read out of one key result. Reused by rewrite and grading.

    Frozen: analyses are cached by text and shared between drafts.
    """

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
    numbers: list[Quantity] = field(default_factory=list)
    """Every metric-value number in the text (not digits inside names, deadlines or ids)."""
    placeholders: list[str] = field(default_factory=list)
    """Unfilled placeholders such as "[baseline]"."""


@dataclass(slots=True)
class KeyResult:
    """A key result as written, with its markup and, once analysed, what it measures."""

    text: str
    raw: str = ""
    """The whole source line(s) the key result came from, labels and tags included."""
    position: Position = field(default_factory=Position)
    label: str | None = None
    """The label the author used, e.g. "KR1"."""
    ambition: Ambition | None = None
    owner: str | None = None
    priority: str | None = None
    """A priority tag written on the line ("P0", "[P1]", "`PX`"), normalised to "P0"."""
    done: bool | None = None
    """The task-list box on the line: True for "[x]", False for "[ ]", None without one."""
    measures: str = ""
    """What the draft states beside the key result in a table's baseline, target and due
    columns, as the words the analysis reads after the text (" from 45% to 70% by Q3"); empty
    elsewhere. Not part of the text: messages quote and rewrites replace the text alone."""
    analysis: KeyResultAnalysis | None = None

    @property
    def statement(self) -> str:
        """The text and what its table row states beside it: what the analysis reads."""
        return self.text + self.measures if self.measures else self.text


@dataclass(slots=True)
class Objective:
    """An objective as written, with its markup and its key results."""

    text: str
    raw: str = ""
    position: Position = field(default_factory=Position)
    label: str | None = None
    owner: str | None = None
    priority: str | None = None
    done: bool | None = None
    parent: int | None = None
    """Index (in Draft.objectives) of the objective this one contributes to, in nested trees
    (company → department → team)."""
    key_results: list[KeyResult] = field(default_factory=list)
    also_at: tuple[Position, ...] = ()
    """Where else the draft writes this objective: a table's Objective column repeats it on each
    of its rows. A rewrite replaces it at ``position`` and at every one of these."""


@dataclass(slots=True)
class Note:
    """Free text in the draft that is neither an objective nor a key result."""

    text: str
    position: Position = field(default_factory=Position)


@dataclass(frozen=True, slots=True)
class Suppression:
    """An inline ``<!-- coach-ignore OKR201 -->`` comment: rule ids silenced on one line (or in
    the whole file for ``coach-ignore-file``). No rule ids silences every rule."""

    rules: frozenset[str] = frozenset()
    line: int | None = None
    """The 1-based line the comment applies to; None for the whole file."""

    def covers(self, rule_id: str, rule_name: str, line: int) -> bool:
        return (self.line is None or self.line == line) and (
            not self.rules or rule_id in self.rules or rule_name in self.rules
        )


@dataclass(slots=True)
class DraftMeta:
    """Metadata from YAML front matter (or the top level of a YAML/JSON draft)."""

    team: str | None = None
    quarter: str | None = None
    parent: str | None = None
    """The parent (company or group) objective this team's OKRs contribute to."""
    owner: str | None = None
    first_cycle: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    """Keys the coach does not know ("tracker: https://…"), kept as written."""


@dataclass(slots=True)
class Draft:
    """A parsed draft: its metadata, objectives (with their key results), notes and suppressions."""

    source: str = "<string>"
    """A file path, or "<stdin>" / "<string>"."""
    meta: DraftMeta = field(default_factory=DraftMeta)
    objectives: list[Objective] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
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
