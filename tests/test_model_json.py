"""``coach.model.to_json`` writes each class through a converter made once per class; these
tests hold it to the plain recursive definition it replaced, on real checked drafts and on the
edge cases (infinity, ``extra``, frozensets, subclasses of the plain types)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from enum import Enum, IntEnum, StrEnum
from math import isfinite
from typing import Any

import pytest

import coach
from coach.config import Settings
from coach.model import to_json


def plain_to_json(value: Any) -> Any:
    """The definition: dataclasses as dicts in field order (``extra`` merged in), enums as
    values, lists and tuples as lists, frozensets sorted, non-finite floats as None."""
    if type(value) in (str, int, bool, type(None)):
        return value
    if type(value) is float:
        return value if isfinite(value) else None
    if is_dataclass(value) and not isinstance(value, type):
        data = {f.name: plain_to_json(getattr(value, f.name)) for f in fields(value)}
        extra = data.pop("extra", None)
        return {**data, **extra} if isinstance(extra, dict) else data
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [plain_to_json(v) for v in value]
    if isinstance(value, frozenset):
        return sorted(plain_to_json(v) for v in value)
    if isinstance(value, dict):
        return {k: plain_to_json(v) for k, v in value.items()}
    return value


DRAFT = """# Q3 OKRs

## Objective: Make onboarding effortless for new teams @ana

- KR1: Increase onboarding completion rate from 45% to 70% by end of Q3 [P1]
- KR2: Launch the new onboarding flow by Week 6
- KR3: Cut time to first value from 3 days to 1.5 days (stretch)

## Objective: Grow our audience

- [ ] Publish 12 new tutorials
- Reduce p95 latency from 1.2 s to 400 ms
- Lift NPS by 10 points, 999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999 users
"""


def test_a_checked_draft_is_written_as_the_definition_writes_it():
    report = coach.check(coach.parse_text(DRAFT, "q3.md", "markdown"), Settings())
    analyses = [kr.analysis for o in report.draft.objectives for kr in o.key_results]
    assert any(a.baseline is not None for a in analyses)  # the draft exercises nested records
    assert to_json(report.draft) == plain_to_json(report.draft)
    assert to_json(report.scorecard) == plain_to_json(report.scorecard)
    assert [to_json(f) for f in report.findings] == [plain_to_json(f) for f in report.findings]


class Colour(StrEnum):
    RED = "red"


class Size(IntEnum):
    BIG = 2


class Tags(list):
    pass


@dataclass(frozen=True)
class Inner:
    value: float
    colour: Colour
    size: Size


@dataclass
class Outer:
    name: str
    inner: Inner | None
    items: tuple[Any, ...]
    words: frozenset[str]
    tags: Tags
    flag: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


@pytest.mark.parametrize(
    "value",
    [
        Outer(
            "a",
            Inner(float("inf"), Colour.RED, Size.BIG),
            (1, 2.5, None),
            frozenset("cab"),
            Tags(["x"]),
            extra={"more": Inner(-0.0, Colour.RED, Size.BIG)},
        ),
        Outer("b", None, (), frozenset(), Tags(), flag=False),
        Outer(
            "c",
            Inner(float("nan"), Colour.RED, Size.BIG),
            ({"k": Colour.RED},),
            frozenset(),
            Tags(),
            extra=None,
        ),  # type: ignore[arg-type]
    ],
)
def test_edge_cases_match_the_definition(value):
    assert to_json(value) == plain_to_json(value)
    assert to_json(value) == to_json(value)  # the second call uses the converter made by the first


def test_extra_is_merged_after_the_fields_and_infinity_is_null():
    written = to_json(
        Outer(
            "a",
            Inner(float("inf"), Colour.RED, Size.BIG),
            (),
            frozenset("ba"),
            Tags(),
            extra={"more": 1},
        )
    )
    assert list(written) == ["name", "inner", "items", "words", "tags", "flag", "more"]
    assert written["inner"] == {"value": None, "colour": "red", "size": 2}
    assert written["words"] == ["a", "b"]
