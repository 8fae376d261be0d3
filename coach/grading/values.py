"""Read one actual value: a number with its unit, done / not done, or milestones done ("3/5")."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from coach.analysis import find_quantities
from coach.model import Quantity

_TRUE = {"done", "yes", "y", "true", "complete", "completed", "shipped", "launched", "achieved"}
_TRUE |= {"met", "passed", "✓", "✔", "✅"}
_FALSE = {"not done", "no", "n", "false", "not complete", "incomplete", "not completed", "missed"}
_FALSE |= {"not met", "not shipped", "not launched", "failed", "✗", "✘", "❌"}
_FRACTION = re.compile(
    r"^(?P<done>\d+(?:\.\d+)?)\s*(?:/|of|out\s+of)\s*(?P<total>\d+(?:\.\d+)?)(?:\s+[a-z][a-z ]*)?$",
    re.I,
)


@dataclass(frozen=True)
class Reading:
    """What an actual value can mean. A key result's kind decides which meaning is used."""

    text: str
    quantity: Quantity | None = None
    boolean: bool | None = None
    fraction: tuple[float, float] | None = None
    """(done, total) milestones."""

    @property
    def readable(self) -> bool:
        return any(x is not None for x in (self.quantity, self.boolean, self.fraction))


def value_text(value: object) -> str:
    """The value as a user would write it: 62.5, "62%", True → "true"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def read_value(value: object) -> Reading:
    """Every meaning ``value`` can have; ``readable`` is False when it has none."""
    text = value_text(value)
    if isinstance(value, float) and not math.isfinite(value):
        return Reading(text)
    if isinstance(value, bool):
        return Reading(text, boolean=value)
    if value is None or isinstance(value, list | dict | date):
        return Reading(text)
    lowered = re.sub(r"\s+", " ", text.lower()).strip(" .!")
    if lowered in _TRUE or lowered in _FALSE:
        return Reading(text, boolean=lowered in _TRUE)
    fraction = _fraction(lowered)
    quantities = find_quantities(text)
    quantity = quantities[0] if len(quantities) == 1 else None
    if quantity is not None and not math.isfinite(quantity.value):
        quantity = None  # a number too long for a float ("999…" with 400 digits) reads as none
    if fraction is not None and not all(math.isfinite(x) for x in fraction):
        fraction = None
    boolean = None
    if quantity is not None and quantity.unit is None and quantity.raw in {"0", "1"}:
        boolean = quantity.raw == "1"
    return Reading(text, quantity=quantity, boolean=boolean, fraction=fraction)


def _fraction(text: str) -> tuple[float, float] | None:
    match = _FRACTION.match(text)
    if not match:
        return None
    done, total = float(match.group("done")), float(match.group("total"))
    return (done, total) if total > 0 and 0 <= done else None
