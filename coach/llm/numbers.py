"""Numbers in text, as the coach compares them: shared by the prompts (which mask every number the
request does not hold) and the guard (which judges every number a rewrite holds)."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
NUMBER = re.compile(r"(?<![\w.])[$€£+±~-]?\d[\d,]*(?:\.\d+)?(?:\s?%|[kKmM]\b)?")
"""A number as written, with its sign, currency and unit ("+31", "$1.2M", "45 %")."""


def numbers_in(text: str) -> set[float]:
    """Every number in ``text`` as a value ("1,200" → 1200.0; "v2.3" → 2.3)."""
    values = set()
    for token in _DIGITS.findall(text):
        cleaned = token.replace(",", "")
        try:
            values.add(float(cleaned))
        except ValueError:
            values.update(float(part) for part in re.findall(r"\d+(?:\.\d+)?", cleaned))
    return values
