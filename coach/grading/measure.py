"""Grade one actual value against a key result's spec: unit conversion, then the arithmetic."""

from __future__ import annotations

from coach.grading import progress
from coach.grading.progress import Progress
from coach.grading.spec import GradeSpec
from coach.grading.units import UnitMismatch, convert, fmt
from coach.grading.values import Reading


class Ungradable(ValueError):
    """An actual value that cannot be graded against its key result; the message says why."""


def value_of(spec: GradeSpec, reading: Reading) -> tuple[float, str | None]:
    """The reading as a number on the key result's scale, and a note on how it was read."""
    if reading.quantity is None:
        raise Ungradable(
            f"could not read “{reading.text}” as a number for this key result"
            if reading.readable
            else f"could not read “{reading.text}” as a number, done / not done, or milestones (3/5)"
        )
    assert spec.scale is not None
    try:
        return convert(reading.quantity, spec.scale, spec.baseline)
    except UnitMismatch as exc:
        raise Ungradable(str(exc)) from None


def measure(spec: GradeSpec, reading: Reading) -> Progress:
    """Progress for one reading; raises Ungradable with a per-item message."""
    if spec.kind == "binary":
        return _binary(reading)
    if reading.boolean is not None and reading.quantity is None:
        result = progress.done(reading.boolean, "done" if reading.boolean else "not done")
        note = "graded as done / not done: give the number for a finer grade"
        return Progress(result.score, result.rule, notes=(note,))
    value, note = value_of(spec, reading)
    result = at(spec, value)
    return Progress(result.score, result.rule, result.raw, ((note,) if note else ()) + result.notes)


def at(spec: GradeSpec, value: float) -> Progress:
    """Progress for a value already on the key result's scale."""
    assert spec.target is not None
    if spec.kind in ("maintain", "threshold"):
        shown = (spec.show(value), spec.show(spec.target))
        return progress.bound(value, spec.target, spec.upper, shown)
    assert spec.baseline is not None
    return progress.linear(spec.baseline, spec.target, value)


def _binary(reading: Reading) -> Progress:
    if reading.boolean is not None:
        return progress.done(reading.boolean, "done" if reading.boolean else "not done")
    if reading.fraction is not None:
        return progress.milestones(*reading.fraction)
    q = reading.quantity
    if q is not None and q.unit is not None and q.unit.value == "percent" and 0 <= q.value:
        result = progress.milestones(q.value, 100)
        rule = f"{fmt(q.value)}% of the milestones = {result.score:.2f}"
        return Progress(result.score, rule, result.raw, result.notes)
    raise Ungradable(
        f"“{reading.text}” does not fit a done / not-done key result: give done or not done, "
        "or the milestones finished as 3/5"
    )
