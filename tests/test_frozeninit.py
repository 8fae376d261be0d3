"""``coach.frozeninit.fast_init``: the faster ``__init__`` makes the objects the dataclass's own
``__init__`` makes, and the classes stay frozen."""

from __future__ import annotations

import inspect
from dataclasses import FrozenInstanceError, dataclass, field, fields

import pytest

from coach.findings import Finding, Level
from coach.frozeninit import fast_init
from coach.model import KeyResultAnalysis, Position, Quantity, Unit
from coach.report import CheckReport, GuideRuleScore, ItemScore, ObjectiveScore, Scorecard

FAST = (
    Position, Quantity, KeyResultAnalysis, Finding, ItemScore, ObjectiveScore, GuideRuleScore,
    Scorecard, CheckReport,
)  # fmt: skip


def _twin(cls: type) -> type:
    """The same fields in a frozen dataclass that keeps the ``__init__`` dataclasses wrote."""
    return dataclass(frozen=True, slots=True)(
        type(
            cls.__name__,
            (),
            {
                "__annotations__": {f.name: object for f in fields(cls)},
                **{
                    f.name: field(default=f.default, default_factory=f.default_factory)
                    for f in fields(cls)
                },
            },
        )
    )


@pytest.mark.parametrize("cls", FAST, ids=lambda c: c.__name__)
def test_signature_is_the_dataclass_one(cls):
    fast = inspect.signature(cls).parameters
    own = inspect.signature(_twin(cls)).parameters
    assert list(fast) == list(own)
    for name, parameter in own.items():
        assert fast[name].kind == parameter.kind
        assert repr(fast[name].default) == repr(parameter.default), name


@pytest.mark.parametrize("cls", FAST, ids=lambda c: c.__name__)
def test_same_fields_set(cls):
    values = [f"value-{i}" for i, _ in enumerate(fields(cls))]
    made = cls(*values)
    twin = _twin(cls)(*values)
    assert [getattr(made, f.name) for f in fields(cls)] == values
    assert [getattr(twin, f.name) for f in fields(cls)] == values
    by_keyword = cls(**{f.name: v for f, v in zip(fields(cls), values, strict=True)})
    assert by_keyword == made and hash(by_keyword) == hash(made)


def test_defaults_and_factories():
    q = Quantity(2.5, "2.5%", Unit.PERCENT)
    assert (q.unit_text, q.start, q.end) == (None, 0, 0)
    a, b = KeyResultAnalysis(), KeyResultAnalysis()
    assert a.numbers == [] and a.numbers is not b.numbers  # a new list each, not one shared
    assert a == b and a.direction.value == "unknown"
    assert Position() == Position(1, 1, None, None)
    f = Finding("OKR201", "output", Level.WARNING, "m", "draft", 3, 4)
    assert (f.guide_rule, f.fix, f.source, f.end_line) == (None, None, "<string>", None)


@pytest.mark.parametrize("cls", FAST, ids=lambda c: c.__name__)
def test_still_frozen(cls):
    made = cls(*[None] * len(fields(cls)))
    with pytest.raises(FrozenInstanceError):
        setattr(made, fields(cls)[0].name, 1)


def test_missing_argument_is_a_type_error():
    with pytest.raises(TypeError):
        Quantity(1.0)


def test_refuses_a_class_it_does_not_fit():
    @dataclass(slots=True)
    class Plain:
        x: int

    with pytest.raises(TypeError):
        fast_init(Plain)

    @dataclass(frozen=True, slots=True)
    class Later:
        x: int

        def __post_init__(self):
            pass

    with pytest.raises(TypeError):
        fast_init(Later)
