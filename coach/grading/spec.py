"""What a key result asks for, as gradable numbers: kind, scale, baseline, target, bound.

Kinds: "increase" / "decrease" (progress from baseline to target), "maintain" (a bound that
must hold), "threshold" (a decrease with no baseline: met or not), "binary" (done / not done,
or milestones). A relative change ("by 30%") needs a baseline, from the text or the actuals
file. A problem that makes the key result ungradable is ``problem``; it is then excluded.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from coach.grading.units import Scale, UnitMismatch, convert, fmt, scale_of
from coach.grading.values import Reading
from coach.model import Direction, KeyResultAnalysis, Quantity, Unit

_UPPER = re.compile(
    r"\b(?:below|under|at\s+most|no\s+more\s+than|less\s+than|lower\s+than|max(?:imum)?|"
    r"or\s+(?:less|lower|below|fewer|under))\b|[<≤]",
    re.I,
)


@dataclass(frozen=True)
class GradeSpec:
    kind: str | None = None
    scale: Scale | None = None
    baseline: float | None = None
    target: float | None = None
    upper: bool = False
    """For maintain and threshold: the value must stay at or below the target."""
    problem: str | None = None
    from_zero: bool = False
    """No baseline was given: progress is measured from zero."""
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def show(self, value: float | None) -> str:
        if value is None:
            return "—"
        return self.scale.show(value) if self.scale else fmt(value)


def build_spec(text: str, a: KeyResultAnalysis, file_baseline: Reading | None) -> GradeSpec:
    """The gradable shape of one key result (``a`` is the analysis of ``text``)."""
    numbers = (a.target, a.baseline, a.relative_change)
    if any(q is not None and not math.isfinite(q.value) for q in numbers):
        return GradeSpec(problem="a number in the key result is too large to grade with")
    if a.direction == Direction.MAINTAIN and a.target is not None:
        scale = scale_of(a.target)
        target, _ = _own(a.target, scale)
        rule = "maintain: 1.0 if the bound held, else 0.0"
        return GradeSpec("maintain", scale, None, target, bool(_UPPER.search(text)), notes=(rule,))
    if a.target is None and a.relative_change is None:
        if not a.numbers or a.direction == Direction.BINARY:
            return GradeSpec("binary", notes=("binary: done → 1.0, not done → 0.0",))
        return GradeSpec(problem="no target number to grade against")
    scale = scale_of(a.target, a.baseline, file_baseline and file_baseline.quantity)
    try:
        baseline, notes = _baseline(a, scale, file_baseline)
        if a.target is None:
            return _relative(a, scale, baseline, notes)
        target, _ = _own(a.target, scale, baseline)
    except UnitMismatch as exc:
        return GradeSpec(problem=str(exc))
    if baseline is None:
        return _no_baseline(a, scale, target, notes)
    return _progress(a, scale, baseline, target, notes)


def _own(q: Quantity, scale: Scale, baseline: float | None = None) -> tuple[float, str | None]:
    """One of the key result's own numbers on its scale."""
    try:
        return convert(q, scale, baseline, quiet=True)
    except UnitMismatch as exc:
        raise UnitMismatch(f"the key result's own numbers do not agree: {exc}") from None


def _baseline(
    a: KeyResultAnalysis, scale: Scale, file_baseline: Reading | None
) -> tuple[float | None, tuple[str, ...]]:
    """The baseline from the text, else from the actuals file, and a note on where it came from."""
    if a.baseline is not None:
        value, _ = _own(a.baseline, scale)
        if file_baseline is None or file_baseline.quantity is None:
            return value, ()
        said = a.baseline.raw
        return value, (
            f"baseline {file_baseline.text} in the actuals file ignored: the key result says {said}",
        )
    if file_baseline is None:
        return None, ()
    if file_baseline.quantity is None:
        raise UnitMismatch(
            f"the baseline “{file_baseline.text}” in the actuals file is not a number"
        )
    try:
        value, _ = convert(file_baseline.quantity, scale)
    except UnitMismatch as exc:
        raise UnitMismatch(f"the baseline in the actuals file does not fit: {exc}") from None
    return value, (f"baseline {scale.show(value)} from the actuals file",)


def _relative(
    a: KeyResultAnalysis, scale: Scale, baseline: float | None, notes: tuple[str, ...]
) -> GradeSpec:
    change = a.relative_change
    assert change is not None
    if baseline is None:
        return GradeSpec(
            problem=f"“{change.raw}” is a change relative to a baseline the key result does not "
            "give: write “from X” in it, or add a baseline for it to the actuals file"
        )
    step = -abs(change.value) if a.direction == Direction.DECREASE else change.value
    if change.unit == Unit.PERCENT:
        target = baseline * (1 + step / 100)
        how = f"target = {fmt(baseline)} × (1 {'−' if step < 0 else '+'} {fmt(abs(step))}%)"
    else:
        target = baseline + step
        how = f"target = {fmt(baseline)} {'−' if step < 0 else '+'} {fmt(abs(step))}"
    notes += (f"{how} = {scale.show(target)}",)
    return _progress(a, scale, baseline, target, notes)


def _no_baseline(
    a: KeyResultAnalysis, scale: Scale, target: float, notes: tuple[str, ...]
) -> GradeSpec:
    if a.direction == Direction.DECREASE or target == 0:
        warning = (
            "no baseline: a decrease cannot be graded from zero, so it is graded as met (1.0) "
            "or not (0.0); write “from X” in the key result for a graded score"
        )
        return GradeSpec("threshold", scale, None, target, True, warnings=(warning,), notes=notes)
    warning = (
        f"no baseline: graded from zero (0 → {scale.show(target)}); write “from X” in the key "
        "result, or add a baseline to the actuals file, for a fair grade"
    )
    spec = _progress(a, scale, 0.0, target, notes, warnings=(warning,))
    return replace(spec, from_zero=spec.problem is None)


def _progress(
    a: KeyResultAnalysis,
    scale: Scale,
    baseline: float,
    target: float,
    notes: tuple[str, ...],
    warnings: tuple[str, ...] = (),
) -> GradeSpec:
    if target == baseline:
        shown = scale.show(target)
        return GradeSpec(
            problem=f"the target equals the baseline ({shown}): there is no progress to measure"
        )
    kind = "increase" if target > baseline else "decrease"
    said = a.direction if a.direction in (Direction.INCREASE, Direction.DECREASE) else None
    if said is not None and said.value != kind:
        notes += (f"the wording says {said.value} but the numbers {kind}: graded by the numbers",)
    return GradeSpec(kind, scale, baseline, target, warnings=warnings, notes=notes)
