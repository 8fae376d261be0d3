"""Quarter dates: "Q2 2026" → 2026-04-01 … 2026-06-30, and the timeline a grade is made on.

Calendar quarters only: "Q2 2026", "2026-Q2", "Q2 '26". A fiscal quarter ("Q2 FY26") has no
known dates; pass ``--quarter-end`` for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_Q_FIRST = re.compile(r"\bQ([1-4])\s*[-/ ]?\s*['’]?(\d{4}|\d{2})\b", re.I)
_YEAR_FIRST = re.compile(r"\b(\d{4})\s*[-/ ]?\s*Q([1-4])\b", re.I)


def quarter_key(text: str | None) -> tuple[int, int] | None:
    """(year, quarter) from a calendar quarter's name; None for fiscal or unknown quarters."""
    if not text or re.search(r"\bFY", text, re.I):
        return None
    match = _Q_FIRST.search(text)
    if match:
        year = int(match.group(2))
        return (year + 2000 if year < 100 else year), int(match.group(1))
    match = _YEAR_FIRST.search(text)
    return (int(match.group(1)), int(match.group(2))) if match else None


def quarter_dates(text: str | None) -> tuple[date, date] | None:
    """(first day, last day) of a calendar quarter."""
    key = quarter_key(text)
    if key is None:
        return None
    year, q = key
    start = date(year, 3 * q - 2, 1)
    end = date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)
    return start, end - timedelta(days=1)


def next_quarter(key: tuple[int, int]) -> tuple[int, int]:
    year, q = key
    return (year + 1, 1) if q == 4 else (year, q + 1)


@dataclass(frozen=True)
class Timeline:
    """When the grade is made: the quarter's first and last day, and the as-of date."""

    start: date | None = None
    end: date | None = None
    as_of: date | None = None

    @property
    def mid_quarter(self) -> bool:
        return self.as_of is not None and self.end is not None and self.as_of < self.end
