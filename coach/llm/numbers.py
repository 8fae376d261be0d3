"""Numbers in text, as the coach compares them: shared by the prompts (which mask every number the
request does not hold) and the guard (which judges every number a rewrite holds)."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
NUMBER = re.compile(r"(?<![\w.])[$€£+±~-]?\d[\d,]*(?:\.\d+)?(?:\s?%|[kKmM]\b)?")
"""A number as written, with its sign, currency and unit ("+31", "$1.2M", "45 %")."""


# A magnitude after a number: "125k", "1.2M", "3bn", "1 million" ("m" alone is minutes or
# metres, unless a currency sign stands before the number: "$1.2m").
_MAGNITUDE = re.compile(
    r"(?:(?P<k>[kK])|(?P<m>M|mn|mm)|(?P<b>B|bn))\b"
    r"|\s(?P<word>(?i:thousand|million|billion|trillion))\b"
    r"|(?P<money_m>m)\b"
)
_SCALE = {"k": 1e3, "m": 1e6, "b": 1e9, "thousand": 1e3, "million": 1e6, "billion": 1e9,
          "trillion": 1e12}  # fmt: skip


def numbers_in(text: str, magnitudes: bool = True) -> set[float]:
    """Every number in ``text`` as a value ("1,200" → 1200.0; "v2.3" → 2.3), and for a number
    with a magnitude its whole value as well ("1 million" → 1.0 and 1000000.0, "125k" → 125.0
    and 125000.0): a rewrite that turns "1 million" into "1 thousand" holds a value the line
    does not (1000.0), and one that drops the "k" loses one it does. ``magnitudes=False``: the
    numbers as written only, for a message that names them."""
    values = set()
    for m in _DIGITS.finditer(text):
        cleaned = m.group(0).replace(",", "")
        try:
            value = float(cleaned)
        except ValueError:
            values.update(float(part) for part in re.findall(r"\d+(?:\.\d+)?", cleaned))
            continue
        values.add(value)
        scale = _scale(text, m.start(), m.end()) if magnitudes else None
        if scale:
            values.add(value * scale)
    return values


def _scale(text: str, start: int, end: int) -> float | None:
    magnitude = _MAGNITUDE.match(text, end)
    if magnitude is None:
        return None
    if magnitude.group("money_m") and not (start and text[start - 1] in "$€£"):
        return None
    if magnitude.group("word"):
        return _SCALE[magnitude.group("word").lower()]
    name = next(k for k, v in magnitude.groupdict().items() if v)
    return _SCALE["m" if name == "money_m" else name]
