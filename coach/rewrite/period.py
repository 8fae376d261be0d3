"""The deadline a rewrite reads its outcome at, from the draft's period (its ``quarter:``).

Shared by the offline rewriter and the model path's composer, so both read a period the same
way: a quarter or half names its end ("FY21-Q1" → "by end of Q1"), a year alone its end
("2024" → "by end of 2024", "FY2022" → "by end of FY2022"), and a period neither can read ("2020 Set 1") becomes the
``[deadline]`` placeholder for the team to fill — never a copy of words that are no date.
"""

from __future__ import annotations

import re

from coach.analysis import find_deadline

_WINDOW = re.compile(
    r"within\s+(?:\d+|an?|one|two|three)\s+(?:business\s+|working\s+)?(?:minutes?|hours?|days?"
    r"|weeks?)(?:\s+(?:of|after|from)\s+\S.*)?$",  # "… within 1 day of being discovered"
    re.I,
)


def is_window(deadline: str) -> bool:
    """Whether a deadline the checker reads is a response window ("within 7 days", "within 1
    day of being discovered"): how fast each case is handled, not by when the key result is met.
    A rewrite reads its outcome at the period's end and keeps the window in its goal."""
    return _WINDOW.match(deadline) is not None


PLACEHOLDER_DEADLINE = "by [deadline]"
NO_PERIOD = "by end of the quarter"
_QUARTER = re.compile(r"(?<![A-Za-z])([QH][1-4])\b", re.I)
_YEAR = re.compile(r"^((?:FY\s?'?)?(?:(?:19|20)\d\d|\d\d))$", re.I)


def period_deadline(period: str | None) -> str | None:
    """ "by end of Q2" / "by end of 2024" for a period that names one, else None."""
    text = (period or "").strip()
    m = _QUARTER.search(text)
    if m:
        phrase = f"by end of {m.group(1).upper()}"
        return phrase if find_deadline(phrase)[0] == phrase else None
    year = _YEAR.match(text)  # a fiscal year keeps its "FY": it need not end in December
    if not year or re.fullmatch(r"\d\d", year.group(1)):
        return None
    phrase = f"by end of {year.group(1)}"
    return phrase if find_deadline(phrase)[0] == phrase else None


def draft_deadline(period: str | None) -> str:
    """The deadline for a draft's period: its end when readable, the placeholder when the draft
    names a period this cannot read, and "by end of the quarter" when it names none."""
    if not (period or "").strip():
        return NO_PERIOD
    return period_deadline(period) or PLACEHOLDER_DEADLINE
