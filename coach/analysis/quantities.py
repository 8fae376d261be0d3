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
    # P0, v2, HTTP/2, GPT-4 ("++": giving back a letter could never let "[-/]?\d" match); not
    # a rank ("Top-5")
    re.compile(r"\b(?![Tt][Oo][Pp]-\d)[A-Za-z]++[-/]?\d+[A-Za-z\d.]*\b(?<!\d[kKmMxX])"),
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
    # a year: "in 2024", "Q3, 2024", and after a period or a comparison: "Q4 2024", "March
    # 2025", "compared to Q4 2024", "vs 2023"
    re.compile(
        r"(?:\b(?:in|by|of|since|during|for|until|before|after|end|FY|the|a|[QH][1-4]|vs\.?|versus"
        r"|than|(?<=compared\s)to|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?)"
        r"\s+|,\s?)(?:19|20)\d{2}\b"
    ),
    # a year that names a plan: "Support Charles’ 2024 OKRs", "Ship our 2026 plan"
    re.compile(
        r"\b(?:19|20)\d{2}(?=\s+(?:OKRs?|goals|objectives|roadmap|plan|budget|strategy|priorities"
        r"|targets|edition|cohort)\b)",
        re.I,
    ),
    re.compile(r"\b\d+(?:st|nd|rd|th)\b"),
    # "above the last 12 months' peaks", "over the past 30 days": a window, not a value
    re.compile(
        r"\b(?:last|past|previous|prior|trailing|rolling)\s+\d+\s+"
        r"(?:days?|weeks?|months?|quarters?|years?)\b",
        re.I,
    ),
    # "[Issue 380282333](…)", "bug 1234", "PR #57", "[Epic 1332](…)": a ticket's number, never
    # a value (a plural only with "#": "open bugs 120 → 40" counts bugs)
    re.compile(
        r"\b(?:(?:issue|bug|ticket|pr|pull\s+request|incident|jira|epic)\s*#?"
        r"|(?:issues|bugs|tickets|prs|pull\s+requests|incidents|epics)\s*#)\s*\d+\b(?!\s?%)",
        re.I,
    ),
    # the people a share is of: "the share of the 30 team leads who …" (a count, no value)
    re.compile(
        r"\b(?:share|percentage|proportion|fraction)\s+of\s+(?:the\s+|our\s+|all\s+)?"
        r"\d[\d,]*\+?(?=\s+[a-z])",
        re.I,
    ),
]
_CAPITALISED_NAME = re.compile(
    # possessive runs of letters: a letter given back could never match [A-Z] or \s. The space
    # before the name is matched, not looked back at: ``re`` then scans for it in C (the same
    # matches from 0 or from ``_digit_reach``, never just after a space)
    r"\s([A-Z][A-Za-z]*+|[a-z]++[A-Z][A-Za-z]*+)\s+(\d+(?:\.\d+)?)\b(?!\s?(?:%|x\b|k\b|[mM]\b|ms\b))"
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
# substrings, one of some words, a regex that finds what must stand around a digit). Checked on
# ASCII text only (see ``ascii_words``), where ``\d`` is 0-9. The last are cheap scans: they
# start with a digit, which ``re`` looks for in C, and look back from it.
_LETTER_DIGIT = re.compile(r"[0-9](?:(?<=[A-Za-z][0-9])|(?<=[A-Za-z][-/][0-9]))")  # "P0", "GPT-4"
_PERIOD_DIGIT = re.compile(  # the last letter of "day", "week", "month", "D", "W", "M" before it
    r"[0-9](?:(?<=[ykhdwmYKHDWM][0-9])|(?<=[ykhdwmYKHDWM][- ][0-9]))"
)
_DIGIT_HYPHEN = re.compile(r"[0-9]-")  # "30-day", "16-bit"
_ORDINAL = re.compile(r"[0-9](?:st|nd|rd|th)")  # "1st" (case-sensitive, as the pattern)
_NAME_NEEDS = (
    (True, ("#",), None, None),
    (True, (), None, _LETTER_DIGIT),
    (True, (), None, _PERIOD_DIGIT),
    (True, (), None, _DIGIT_HYPHEN),
    (True, (), None, _DIGIT_HYPHEN),
    (True, (), frozenset({"the"}), None),
    (True, ("24/7",), None, None),
    (False, (), frozenset({"per"}), None),
    (False, (), frozenset({"one"}), None),
    (True, ("19", "20"), None, None),  # a year
    (
        True,
        ("19", "20"),
        frozenset(
            "okr okrs goals objectives roadmap plan budget strategy priorities targets edition "
            "cohort".split()
        ),
        None,
    ),  # a year that names a plan
    (True, (), None, _ORDINAL),
    (True, (), frozenset("last past previous prior trailing rolling".split()), None),
    (
        True,
        (),
        frozenset(
            "issue issues bug bugs ticket tickets pr prs requests request incident incidents jira "
            "epic epics".split()
        ),
        None,
    ),
    (False, (), frozenset({"share", "percentage", "proportion", "fraction"}), None),
)
_GATED_NAMES = tuple((pattern, *needs) for pattern, needs in zip(_NAMES, _NAME_NEEDS, strict=True))
_DIGIT = re.compile("[0-9]")


def _has_digit(text: str) -> bool:
    return _DIGIT.search(text) is not None


def _digit_reach(text: str, first_digit: int) -> int:
    """Where a match that holds a digit can start, at the earliest: the start of the
    whitespace-delimited run before the one holding ``first_digit`` (a name reaches back from its
    digits at most that far: "Week 6", "in 2024", "Q3, 2024", "#12", "GPT-4"), or a little
    before (the space before it)."""
    head = text[:first_digit]
    runs = 1 if head[-1:].isspace() else 2  # the digit's own run starts before it, or at it
    parts = head.rsplit(None, runs)
    return len(parts[0]) if len(parts) > runs else 0


def _name_spans(
    text: str,
    vocabulary: Vocabulary,
    words: frozenset[str] | None = None,
    digits: bool | None = None,
    first_digit: int | None = None,
) -> list[tuple[int, int]]:
    """Spans of names and ids. ``words``, ``digits`` and ``first_digit`` are
    ``ascii_words(text)``, ``_may_hold_digits(text)`` and where the first digit 0-9 is, when the
    caller has them.

    On ASCII text a pattern is run only when the text has what it needs, and a pattern whose
    every match holds a digit is run from ``_digit_reach``, not from the start: the text before
    it cannot hold the start of a match, and trying each of its positions was most of the cost.
    """
    if words is None:
        words = ascii_words(text)
    if words is None:
        spans = [m.span() for pattern in _NAMES for m in pattern.finditer(text)]
        reach = 0
        digits = True
    else:
        if first_digit is None and digits is not False:
            found = _DIGIT.search(text)
            first_digit = found.start() if found else None
        digits = first_digit is not None
        reach = _digit_reach(text, first_digit) if digits else 0
        spans = []
        for pattern, needs_digit, parts, needs_words, around in _GATED_NAMES:
            if needs_digit and not digits:
                continue
            if parts:
                for part in parts:
                    if part in text:
                        break
                else:
                    continue
            if needs_words is not None and needs_words.isdisjoint(words):
                continue
            start = reach if needs_digit else 0
            if around is not None and around.search(text, start) is None:
                continue
            spans += [m.span() for m in pattern.finditer(text, start)]
    if not digits:
        return spans
    # on ASCII text, a set lookup answers what the verb lists' regexes would
    verbs = None if words is None else vocabulary.one_word_phrases(_VERB_LISTS)
    for m in _CAPITALISED_NAME.finditer(text, reach):
        word = m.group(1)
        if word.upper() in _METRIC_ACRONYMS:
            continue
        if word.lower() in verbs if verbs is not None else _is_verb(word, vocabulary):
            continue
        spans.append(m.span(2))
    return spans


_VERB_LISTS = ("increase_verbs", "decrease_verbs", "reach_verbs", "maintain_verbs", "task_verbs")


def _is_verb(word: str, vocabulary: Vocabulary) -> bool:
    """Whether one of the verb lists matches the whole ``word`` (the regexes: for lists with a
    phrase outside ASCII, where ``Vocabulary.one_word_phrases`` has no answer)."""
    return any(vocabulary.pattern(name).fullmatch(word) for name in _VERB_LISTS)


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
    masked = _Masked(
        deadline_spans
        + _name_spans(text, vocabulary, words, digits, first_digit.start() if first_digit else None)
    )
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
        if num[0] in "-−" and before.isalpha() and not cur:  # "Top-5": a hyphen, not a sign
            num, start, num_start, before = num[1:], start + 1, num_start + 1, num[0]
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
