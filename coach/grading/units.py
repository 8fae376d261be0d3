"""Units: which actual values fit a key result, and converting them into the key result's unit.

A key result is measured on one *scale*: percent, currency (one symbol), duration (one unit)
or plain number (counts, scores, ratios, NPS points). Durations convert ("36 hours" for a
"days" key result); a bare number is read in the key result's unit, with a note; percentage
points count as a change from the baseline on a percent scale; anything else is a mismatch.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.analysis import SECONDS_PER as _SECONDS
from coach.analysis import duration_unit
from coach.model import Quantity, Unit

_CURRENCY = {"usd": "$", "eur": "€", "gbp": "£"}
_PHRASES = {
    "percent": "a percentage",
    "currency": "money",
    "duration": "a duration",
    "points": "percentage points",
    "number": "a plain number",
}


class UnitMismatch(ValueError):
    """An actual value whose unit cannot be read on the key result's scale."""


@dataclass(frozen=True)
class Scale:
    """The unit a key result is measured in; ``symbol`` is a currency sign or a duration unit."""

    family: str  # "percent" | "currency" | "duration" | "number"
    symbol: str | None = None

    def label(self) -> str:
        if self.family == "currency":
            return f"money ({self.symbol})"
        if self.family == "duration":
            return f"{self.symbol}s"
        return {"percent": "percent", "number": "plain numbers"}[self.family]

    def show(self, value: float) -> str:
        """A value on this scale as a person writes it: "62.5%", "$1.2M", "3 days"."""
        number = fmt(value)
        if self.family == "percent":
            return f"{number}%"
        if self.family == "currency":
            return f"-{self.symbol}{fmt(-value)}" if value < 0 else f"{self.symbol}{number}"
        if self.family == "duration":
            return f"{number} {self.symbol}{'' if value == 1 else 's'}"
        return number


def fmt(value: float) -> str:
    """A compact number: 1.2M, 23,500, 62.5, 0.33."""
    if abs(value) >= 1e9:
        return f"{round(value / 1e9, 3):g}B"
    if abs(value) >= 1e6:
        return f"{round(value / 1e6, 3):g}M"
    value = round(float(value), 2)
    return f"{int(value):,}" if value.is_integer() else f"{value:,}"


def family(unit: Unit | None) -> str:
    if unit in (Unit.PERCENT, Unit.CURRENCY, Unit.DURATION, Unit.POINTS):
        return str(unit.value)
    return "number"


def currency_symbol(text: str | None) -> str:
    return _CURRENCY.get((text or "$").lower(), text or "$")


def scale_of(*quantities: Quantity | None) -> Scale:
    """The scale of a key result from its numbers (target first); percent wins over points."""
    present = [q for q in quantities if q is not None]
    for wanted in ("percent", "currency", "duration"):
        for q in present:
            if family(q.unit) != wanted:
                continue
            if wanted == "currency":
                return Scale("currency", currency_symbol(q.unit_text))
            if wanted == "duration":
                return Scale("duration", duration_unit(q.unit_text))
            return Scale("percent")
    return Scale("number")


def convert(
    q: Quantity, scale: Scale, baseline: float | None = None, quiet: bool = False
) -> tuple[float, str | None]:
    """``q`` as a value on ``scale`` and a note on how it was read; UnitMismatch if it can't be."""
    kind = family(q.unit)
    bare = q.unit is None
    if scale.family == "percent":
        if kind == "percent" or bare:
            return q.value, None if quiet or not bare else f"read “{q.raw}” as {fmt(q.value)}%"
        if kind == "points" and baseline is not None:
            value = baseline + q.value
            note = f"read “{q.raw}” as percentage points from the baseline: {fmt(value)}%"
            return value, note
        if kind == "points":
            raise UnitMismatch(
                f"“{q.raw}” is a change in percentage points, but there is no baseline to add "
                "it to: give the percentage itself"
            )
    elif scale.family == "currency":
        if kind == "currency":
            symbol = currency_symbol(q.unit_text)
            if symbol == scale.symbol:
                return q.value, None
            raise UnitMismatch(
                f"“{q.raw}” is in {symbol}, but the key result is in {scale.symbol}: "
                f"convert it to {scale.symbol}"
            )
        if kind == "number" and q.unit in (None, Unit.COUNT):
            return q.value, None if quiet else f"read “{q.raw}” as {scale.show(q.value)}"
    elif scale.family == "duration":
        if kind == "duration":
            seconds = q.value * _SECONDS[duration_unit(q.unit_text)]
            value = seconds / _SECONDS[scale.symbol or "day"]
            same = duration_unit(q.unit_text) == scale.symbol
            return value, None if quiet or same else f"“{q.raw}” = {scale.show(value)}"
        if bare:
            return q.value, None if quiet else f"read “{q.raw}” as {scale.show(q.value)}"
    elif kind in ("number", "points"):
        return q.value, None
    wanted = "a plain number" if scale.family == "number" else f"the value in {scale.label()}"
    raise UnitMismatch(
        f"“{q.raw}” is {_PHRASES[kind]}, but the key result is measured in {scale.label()}: "
        f"give {wanted}"
    )
