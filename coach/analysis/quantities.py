"""Metric-value numbers in a key result, with their units. Digits that are not metric values —
deadlines, windows, names ("Windows 11", "P0", "SOC 2", "Day 30", "30-day churn"), years — are
masked first."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from coach.analysis.deadlines import find_deadline
from coach.model import Quantity, Unit
from coach.rubric.vocabulary import Vocabulary, ascii_words, load_vocabulary

_NAMES = [
    re.compile(r"(?<![\w$€£])#\d+\b"),
    # P0, v2, HTTP/2, GPT-4 ("++": giving back a letter could never let "[-/]?\d" match)
    re.compile(r"\b[A-Za-z]++[-/]?\d+[A-Za-z\d.]*\b(?<!\d[kKmMxX])"),
    # Day 30 retention (the lookahead only fails early where no alternative can start)
    re.compile(r"\b(?=[dwm])(?:day|week|month|D|W|M)[- ]?\d+\b(?!\s?%)", re.I),
    re.compile(r"\b\d+-(?:day|week|month|year|hour|minute|second)s?\b", re.I),  # 30-day churn
    # "16-bit", "8-core", "3-step": a number that names a kind of thing, not a value
    re.compile(
        r"\b\d+-(?:bit|byte|core|inch|pin|port|way|step|node|digit|letter|character|player|seat)s?\b",
        re.I,
    ),
    # "the 8086", "the 6502 emulator": a model number after "the" (not a round count)
    re.compile(r"(?<=\bthe\s)\d{3,5}\b(?=\s+[a-z])(?<![05]0)(?<!00)"),
    re.compile(r"\b24/7\b"),
    re.compile(r"(?<=\bper\s)[\d,.]+\s?[kKmM]?\b", re.I),  # "tickets per 1k users" is a denominator
    re.compile(r"\b(?:day|week|month|year)\s+one\b", re.I),
    re.compile(
        r"(?:\b(?:in|by|of|since|during|for|until|before|after|end|FY|the|a)\s+|,\s?)(?:19|20)\d{2}\b"
    ),
    re.compile(r"\b\d+(?:st|nd|rd|th)\b"),
]
_CAPITALISED_NAME = re.compile(
    # possessive runs of letters: a letter given back could never match [A-Z] or \s
    r"(?<=\s)([A-Z][A-Za-z]*+|[a-z]++[A-Z][A-Za-z]*+)\s+(\d+(?:\.\d+)?)\b(?!\s?(?:%|x\b|k\b|[mM]\b|ms\b))"
)
_METRIC_ACRONYMS = {
    "NPS",
    "CSAT",
    "CES",
    "SUS",
    "MAU",
    "DAU",
    "WAU",
    "ARR",
    "MRR",
    "NRR",
    "GRR",
    "ARPU",
    "CAC",
    "LTV",
    "GMV",
    "CTR",
    "MTTR",
    "MTTD",
    "SLA",
    "SLO",
    "ENPS",
    "KPI",
    "P95",
    "P99",
    "P90",
    "P50",
}
_NUMBER = r"[+\-−±~]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# (the lookahead: what a quantity can start with, so that other positions fail at once)
_QUANTITY = re.compile(
    rf"(?=[$€£¥\s+\-−±~\d])(?P<cur>[$€£¥])?\s?(?P<num>{_NUMBER})(?P<mult>\s?(?:k|K|m|M|mm|bn|B)\b|\s(?:thousand|million"
    r"|billion|mil)\b)?\s?(?P<unit>%|percent\b|per\s?cent\b|pp\b|percentage\s+points?\b|points?\b"
    r"|pts\b|x\b|×|ms\b|milliseconds?\b|s\b|secs?\b|seconds?\b|mins?\b|minutes?\b|h\b|hrs?\b"
    r"|hours?\b|days?\b|weeks?\b|wks?\b|months?\b|/\s?\d+|stars?\b|USD\b|EUR\b|GBP\b"
    r"|[KMGTP]i?B(?:/s|ps)?(?![\w/])|[KMG]bps\b)?"
)
_WORD_NUMBERS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
    "fifty": 50,
    "hundred": 100,
}
_WORD_QUANTITY = re.compile(
    # (the lookahead: the first letters of the number words, so other positions fail at once)
    r"\b(?=[zotfsenh])(?P<num>"
    + "|".join(_WORD_NUMBERS)
    + r")(?P<mult>\s(?:thousand|million|billion))?\b"
    r"(?=\s+(?:new\s+|more\s+|additional\s+)?[a-z])",
    re.I,
)
_MULTIPLIERS = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "million": 1e6,
    "mil": 1e6,
    "bn": 1e9,
    "b": 1e9,
    "billion": 1e9,
}
_DURATION = re.compile(r"^(?:ms|milli|s\b|sec|min|h\b|hr|hour|day|week|wk|month)", re.I)


class _Masked:
    """Masked spans, merged where they overlap and sorted, so asking whether a span overlaps
    one is a binary search (a key result of 30,000 "Q3"s has 30,000 spans and as many
    numbers to ask about)."""

    def __init__(self, spans: list[tuple[int, int]]):
        merged: list[list[int]] = []
        for s, e in sorted(spans):
            if merged and s < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def covers(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end) - 1  # the last span starting before ``end``
        return i >= 0 and start < self.ends[i]


# What each pattern of ``_NAMES`` cannot match without, in order: (a digit, one of some
# substrings, one of some words). Checked on ASCII text only (see ``ascii_words``), where ``\d``
# is 0-9.
_NAME_NEEDS = (
    (False, ("#",), None),
    (True, (), None),
    (True, (), None),
    (True, ("-",), None),
    (True, ("-",), None),
    (True, (), frozenset({"the"})),
    (True, ("24/7",), None),
    (False, (), frozenset({"per"})),
    (False, (), frozenset({"one"})),
    (True, ("19", "20"), None),  # a year
    (True, ("st", "nd", "rd", "th"), None),  # "1st" (case-sensitive: no re.I)
)
_GATED_NAMES = tuple(zip(_NAMES, _NAME_NEEDS, strict=True))
# The patterns that need no word, split by whether they need a digit: on ASCII text without a
# digit only the first group can match, and the word-gated ones are looked at one by one.
_DIGIT = re.compile("[0-9]")


def _has_digit(text: str) -> bool:
    return _DIGIT.search(text) is not None


def _name_patterns(
    text: str, words: frozenset[str] | None = None, digit: bool | None = None
) -> list[re.Pattern[str]]:
    """The patterns of ``_NAMES`` that can match ``text``, in order (all for non-ASCII text).
    ``words`` and ``digit`` are ``ascii_words(text)`` and ``_has_digit(text)`` when the caller
    has them."""
    if words is None:
        words = ascii_words(text)
        if words is None:
            return _NAMES
    if digit is None:
        digit = _has_digit(text)
    return [
        pattern
        for pattern, (needs_digit, parts, needs_words) in _GATED_NAMES
        if (digit or not needs_digit)
        and (not parts or any(part in text for part in parts))
        and (needs_words is None or not needs_words.isdisjoint(words))
    ]


def _name_spans(
    text: str,
    vocabulary: Vocabulary,
    words: frozenset[str] | None = None,
    digits: bool | None = None,
) -> list[tuple[int, int]]:
    """Spans of names and ids. ``words`` and ``digits`` are ``ascii_words(text)`` and
    ``_may_hold_digits(text)`` when the caller has them."""
    if words is None:
        words = ascii_words(text)
    if words is None:
        patterns = _NAMES
        digits = True
    else:
        if digits is None:
            digits = _has_digit(text)
        patterns = _name_patterns(text, words, digits)
    spans = [m.span() for pattern in patterns for m in pattern.finditer(text)]
    if not digits:
        return spans
    for m in _CAPITALISED_NAME.finditer(text):
        word = m.group(1)
        if word.upper() in _METRIC_ACRONYMS or _is_verb(word, vocabulary):
            continue
        spans.append(m.span(2))
    return spans


def _is_verb(word: str, vocabulary: Vocabulary) -> bool:
    return any(
        vocabulary.pattern(name).fullmatch(word)
        for name in (
            "increase_verbs",
            "decrease_verbs",
            "reach_verbs",
            "maintain_verbs",
            "task_verbs",
        )
    )


SECONDS_PER = {
    "millisecond": 0.001,
    "second": 1,
    "minute": 60,
    "hour": 3600,
    "day": 86400,
    "week": 7 * 86400,
    "month": 30 * 86400,
}
_DURATION_PREFIXES = (
    ("ms", "millisecond"),
    ("milli", "millisecond"),
    ("min", "minute"),
    ("mo", "month"),
    ("h", "hour"),
    ("d", "day"),
    ("w", "week"),
    ("s", "second"),
)


def duration_unit(text: str | None, default: str = "day") -> str:
    """The duration unit a unit text names ("hrs" → "hour", "45min" → "minute")."""
    lowered = (text or "").strip().lower()
    return next(
        (name for prefix, name in _DURATION_PREFIXES if lowered.startswith(prefix)), default
    )


def in_seconds(q: Quantity) -> float:
    """A duration quantity in seconds ("1.2 s" → 1.2, "400 ms" → 0.4); other quantities as they are."""
    if q.unit != Unit.DURATION or not q.unit_text:
        return q.value
    return q.value * SECONDS_PER[duration_unit(q.unit_text, "second")]


def _unit(match: re.Match[str]) -> tuple[Unit | None, str | None]:
    unit = (match.group("unit") or "").strip()
    lowered = unit.lower()
    if match.group("cur") or lowered in {"usd", "eur", "gbp"}:
        return Unit.CURRENCY, match.group("cur") or unit
    if lowered in {"%", "percent"} or lowered.startswith("per"):
        return Unit.PERCENT, unit
    if lowered in {"pp", "pts"} or "point" in lowered:
        return Unit.POINTS, unit
    if lowered in {"x", "×"}:
        return Unit.RATIO, unit
    if lowered.startswith("/") or lowered.startswith("star"):
        return Unit.SCORE, unit
    if lowered and _DURATION.match(lowered):
        return Unit.DURATION, unit
    if match.group("mult"):
        return Unit.COUNT, match.group("mult").strip()
    if unit:  # a data size or rate: "1TB", "10MiB/s", "100Mbps"
        return Unit.COUNT, unit
    return None, None


def _value(number: str, multiplier: str | None) -> float:
    value = float(number.replace(",", "").replace("−", "-").lstrip("±~"))
    if multiplier:
        value *= _MULTIPLIERS.get(multiplier.strip().lower(), 1)
    return value


def find_quantities(text: str, vocabulary: Vocabulary | None = None) -> list[Quantity]:
    """Every metric-value number in ``text``, with names, deadlines and years masked out."""
    return list(_find_quantities(text, vocabulary or load_vocabulary()))


def _may_hold_digits(text: str) -> bool:
    """False only for ASCII text without a digit (``_QUANTITY`` and ``_CAPITALISED_NAME`` need
    one; outside ASCII ``\\d`` matches other scripts' digits too)."""
    return ascii_words(text) is None or _has_digit(text)


_WORD_NUMBER_SET = frozenset(_WORD_NUMBERS)


@lru_cache(maxsize=4096)
def _find_quantities(text: str, vocabulary: Vocabulary) -> tuple[Quantity, ...]:
    words = ascii_words(text)
    first_digit = _DIGIT.search(text) if words is not None else None
    digits = words is None or first_digit is not None  # _may_hold_digits
    number_words = words is None or not words.isdisjoint(_WORD_NUMBER_SET)
    if not digits and not number_words:
        return ()  # no digit and no number word: nothing to find
    _, deadline_spans = find_deadline(text)
    masked = _Masked(deadline_spans + _name_spans(text, vocabulary, words, digits))
    found: list[Quantity] = []
    # A quantity starts at most three characters (currency, space, sign) before its first digit,
    # so on ASCII text the scan can start there.
    scan_from = max(0, first_digit.start() - 3) if first_digit is not None else 0
    for m in _QUANTITY.finditer(text, scan_from) if digits else ():
        cur, num, mult, unit_group = m.group("cur", "num", "mult", "unit")
        num_start, num_end = m.span("num")
        start = m.start("cur") if cur else num_start
        # the groups follow one another, so the last one matched ends the quantity
        end = m.end("unit") if unit_group else m.end("mult") if mult else num_end
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if masked.covers(num_start, num_end) or before.isalnum() or before in "_.":
            continue
        if after.isalpha() and not unit_group:
            continue
        unit, unit_text = _unit(m)
        raw = text[start:end].strip()
        found.append(
            Quantity(
                value=_value(num, mult),
                raw=raw,
                unit=unit,
                unit_text=unit_text,
                start=start,
                end=start + len(raw),
            )
        )
    for m in _WORD_QUANTITY.finditer(text) if number_words else ():
        if masked.covers(*m.span()) or (m.group("num").lower() == "one" and not m.group("mult")):
            continue  # a bare "one" is a pronoun: "the one they route around"
        value = _WORD_NUMBERS[m.group("num").lower()] * _MULTIPLIERS.get(
            (m.group("mult") or "").strip().lower(), 1
        )
        found.append(
            Quantity(value=value, raw=m.group(0), unit=Unit.COUNT, start=m.start(), end=m.end())
        )
    return tuple(sorted(found, key=lambda q: q.start))
