"""The arithmetic: progress on the 0.0–1.0 scale, with the rule written out.

Increase: (actual − baseline) / (target − baseline). Decrease: (baseline − actual) /
(baseline − target). Both are clamped to [0, 1]: overshooting the target gives 1.0 and says
so; moving the wrong way past the baseline gives 0.0 and says so. Scores are rounded half-up
to two decimals, and bands are read from the rounded score the user sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from coach.grading.units import fmt


@dataclass(frozen=True)
class Progress:
    score: float
    """Clamped to [0, 1] and rounded to two decimals."""
    rule: str
    raw: float | None = None
    """Before clamping, for linear progress."""
    notes: tuple[str, ...] = field(default_factory=tuple)


def round2(value: float) -> float:
    """Half-up rounding on the decimal a person reads: 0.675 → 0.68, 0.7 stays 0.7."""
    return float(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def linear(baseline: float, target: float, actual: float) -> Progress:
    """Progress from baseline to target (either direction); target must differ from baseline."""
    raw = (actual - baseline) / (target - baseline)
    a, b, t = _term(actual), _term(baseline), _term(target)
    rule = f"({a} − {b}) / ({t} − {b})" if target > baseline else f"({b} − {a}) / ({b} − {t})"
    rule += f" = {round2(raw):.2f}"
    if raw > 1:
        return Progress(1.0, rule + " → 1.0", raw, (_overshoot(raw),))
    if raw < 0:
        side = "below" if target > baseline else "above"
        note = f"regressed: the actual is {side} the baseline, so the score is 0.0"
        return Progress(0.0, rule + " → 0.0", raw, (note,))
    return Progress(round2(raw), rule, raw)


def _term(value: float) -> str:
    """A number inside the formula; negative ones in brackets: (5 − (-10))."""
    return f"({fmt(value)})" if value < 0 else fmt(value)


def _overshoot(raw: float) -> str:
    return f"overshot the target ({round2(raw):.2f} of the way): clamped to 1.0"


def bound(actual: float, limit: float, upper: bool, shown: tuple[str, str]) -> Progress:
    """1.0 if ``actual`` is within the bound (at most / at least ``limit``), else 0.0."""
    held = actual <= limit if upper else actual >= limit
    sign = ("≤" if held else ">") if upper else ("≥" if held else "<")
    score = 1.0 if held else 0.0
    return Progress(score, f"{shown[0]} {sign} {shown[1]} → {score:.1f}")


def done(value: bool, text: str) -> Progress:
    return Progress(1.0 if value else 0.0, f"{text} → {1.0 if value else 0.0:.1f}")


def milestones(finished: float, total: float) -> Progress:
    """Milestones done of the total, as a fraction (more than the total is clamped)."""
    raw = finished / total
    rule = f"{fmt(finished)} / {fmt(total)} milestones = {round2(raw):.2f}"
    if raw > 1:
        return Progress(1.0, rule + " → 1.0", raw, (_overshoot(raw),))
    return Progress(round2(raw), rule, raw)
