"""Read a key result: direction, metric, baseline, target, unit, relative change, deadline, cadence.

Pure functions over text, no model. Digits that are not metric values — deadlines ("by Week 6",
"Q2"), windows ("within 14 days"), names ("Windows 11", "P0", "SOC 2", "Day 30", "30-day churn"),
years — are masked first, so "Reduce 30-day churn from 12% to 8%" has exactly two numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from coach.model import Direction, KeyResultAnalysis, Quantity, Unit
from coach.rubric.vocabulary import Vocabulary, load_vocabulary

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_PERIOD = (
    rf"(?:Q[1-4](?:\s*(?:FY)?'?\d{{2,4}})?|H[12](?:\s*\d{{4}})?|FY\s?'?\d{{2,4}}|(?:19|20)\d{{2}}"
    r"|(?:the\s+)?(?:(?:this|next|current|coming|following)\s+)?(?:quarter|year|half|month|sprint"
    r"|cycle|fiscal\s+year|term|semester|school\s+year|season)"
    rf"|{_MONTH}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:\s+\d{{4}})?"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?"
    r"|(?:week|wk|sprint|day|month)\s+\d+(?:\s+of\s+(?:the\s+)?(?:quarter|Q[1-4]))?"
    r"|EO[QYM]|launch|GA|go-live)"
)
_BY = r"(?:by|before|until|till|through|no\s+later\s+than|ahead\s+of)"
_DEADLINES = [
    re.compile(rf"\b(?:{_BY}\s+|at\s+)?(?:the\s+)?(?:end|close)\s+of\s+(?:the\s+)?{_PERIOD}", re.I),
    re.compile(rf"\b{_BY}\s+(?:the\s+)?(?:start|beginning)\s+of\s+(?:the\s+)?{_PERIOD}", re.I),
    re.compile(rf"\b{_BY}\s+(?:the\s+)?{_PERIOD}", re.I),
    re.compile(
        rf"\b(?:in|during|for|over|across|throughout)\s+(?:all\s+)?(?:of\s+)?(?:the\s+)?{_PERIOD}\b",
        re.I,
    ),
    re.compile(
        r"\b(?:in|at)\s+(?:the\s+)?end[\s-]of[\s-](?:the[\s-])?(?:quarter|year|term)\b", re.I
    ),
    re.compile(  # named events: "during Black Friday week", "before the Spring Sale"
        r"\b(?:during|in|over|on|before|by)\s+(?:the\s+)?(?:[A-Z][\w-]*\s+){1,3}"
        r"(?:week|weekend|season|sale|period|peak|launch|conference|release)\b"
    ),
    re.compile(
        r"\b(?:within|in|over|during)\s+(?:the|their|your|our|its)?\s*(?:first|next|coming|"
        r"following)?\s*\d+\s*(?:days?|weeks?|months?|sprints?)\b(?:\s+of\s+[\w\s-]{1,30}?"
        r"(?=[,.;)]|$))?",
        re.I,
    ),
    re.compile(r"\b(?:this|next|current)\s+(?:quarter|half|year|cycle|sprint)\b", re.I),
    re.compile(
        r"\bbefore\s+(?:the\s+)?(?:Q[1-4]\s+)?(?:[\w-]+\s+){0,3}?(?:lock|freeze|launch|kick-?off"
        r"|review|planning|season|release|deadline|cut-?off|renewal)\b",
        re.I,
    ),
    re.compile(r"\bEO[QY]\b"),
]
_NAMES = [
    re.compile(r"(?<![\w$€£])#\d+\b"),
    re.compile(r"\b[A-Za-z]+[-/]?\d+[A-Za-z\d.]*\b(?<!\d[kKmMxX])"),  # P0, v2, HTTP/2, GPT-4
    re.compile(r"\b(?:day|week|month|D|W|M)[- ]?\d+\b(?!\s?%)", re.I),  # Day 30 retention
    re.compile(r"\b\d+-(?:day|week|month|year|hour|minute|second)s?\b", re.I),  # 30-day churn
    re.compile(r"\b24/7\b"),
    re.compile(r"(?<=\bper\s)[\d,.]+\s?[kKmM]?\b", re.I),  # "tickets per 1k users" is a denominator
    re.compile(r"\b(?:day|week|month|year)\s+one\b", re.I),
    re.compile(
        r"(?:\b(?:in|by|of|since|during|for|until|before|after|end|FY|the|a)\s+|,\s?)(?:19|20)\d{2}\b"
    ),
    re.compile(r"\b\d+(?:st|nd|rd|th)\b"),
]
_CAPITALISED_NAME = re.compile(
    r"(?<=\s)([A-Z][A-Za-z]*|[a-z]+[A-Z][A-Za-z]*)\s+(\d+(?:\.\d+)?)\b(?!\s?(?:%|x\b|k\b|[mM]\b|ms\b))"
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
_QUANTITY = re.compile(
    rf"(?P<cur>[$€£¥])?\s?(?P<num>{_NUMBER})(?P<mult>\s?(?:k|K|m|M|mm|bn|B)\b|\s(?:thousand|million"
    r"|billion|mil)\b)?\s?(?P<unit>%|percent\b|per\s?cent\b|pp\b|percentage\s+points?\b|points?\b"
    r"|pts\b|x\b|×|ms\b|milliseconds?\b|s\b|secs?\b|seconds?\b|mins?\b|minutes?\b|h\b|hrs?\b"
    r"|hours?\b|days?\b|weeks?\b|wks?\b|months?\b|/\s?\d+|stars?\b|USD\b|EUR\b|GBP\b)?"
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
    r"\b(?P<num>" + "|".join(_WORD_NUMBERS) + r")(?P<mult>\s(?:thousand|million|billion))?\b"
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
_RELATIVE_WORDS = {"double": 100.0, "triple": 200.0, "quadruple": 300.0, "halve": -50.0}
_RELATIVE_AFTER = re.compile(
    r"^\s*(?:(?P<up>increase|growth|improvement|uplift|lift|more|higher|faster|gain|jump|rise)"
    r"|(?P<down>decrease|reduction|drop|decline|cut|fewer|less|lower|slower|fall))\b",
    re.I,
)
_BASELINE_BEFORE = re.compile(
    r"(?:\bfrom\s+(?:the\s+|a\s+|our\s+)?(?:current\s+|today'?s\s+|baseline\s+of\s+|about\s+"
    r"|around\s+|roughly\s+|~\s?)?|\bbaseline(?:\s+of)?\s*[:=]?\s*|\bcurrently(?:\s+at)?\s*[:=]?\s*"
    r"|\bnow(?:\s+at)?\s*[:=]?\s*|\bup\s+from\s+|\bdown\s+from\s+|\bvs\.?\s+|\bversus\s+"
    r"|\bwas\s+|\btoday\s*[:=]\s*)$",
    re.I,
)
_TARGET_AFTER_BASELINE = re.compile(
    r"^\s*(?:[a-z/%-]+\s+){0,4}?(?:to|→|->|–|—|-)\s*(?:at\s+least\s+|over\s+|above\s+|below\s+"
    r"|under\s+|~\s?|about\s+|around\s+)?$",
    re.I,
)
_RELATIVE_BEFORE = re.compile(
    r"\bby\s+(?:about\s+|around\s+|at\s+least\s+|over\s+|another\s+)?$", re.I
)
_DENOMINATOR_BEFORE = re.compile(r"\bof\s+(?:the\s+)?$|\bout\s+of\s+$|/\s*$", re.I)
_PLACEHOLDER = re.compile(
    r"\[[^\]\[]{1,40}\](?!\()|\bTB[DCA]\b|\b(?:X{1,3}|N|Y)\s?%|\?{2,}|<[a-z][a-z _-]{0,30}>|\{[a-z_ ]{1,30}\}",
)
_QUARTER_END_KIND = re.compile(r"annual|yearly|year-end|end-of-year|half-yearly|biannual", re.I)
_POSITIVE_CADENCE = re.compile(
    r"\b(?:(?:tracked|measured|reviewed|reported|updated)\s+(?P<a>daily|weekly|bi-?weekly|"
    r"fortnightly|monthly|every\s+two\s+weeks)|(?P<b>daily|weekly|bi-?weekly|fortnightly|monthly)"
    r"\s+(?:survey|pulse|dashboard|report|check-?in))\b",
    re.I,
)
_LEADING_FILLER = re.compile(
    r"^(?:\s|\+|the\b|a\b|an\b|our\b|its\b|their\b|all\b|at\s+least\b|over\b|more\s+than\b|above\b"
    r"|under\b|below\b|less\s+than\b|up\s+to\b|to\b|of\b|in\b|on\b|for\b|or\s+(?:more|higher|above"
    r"|better|less|lower|below|fewer)\b|increase\b|decrease\b|reduction\b|drop\b|growth\b"
    r"|improvement\b|uplift\b|lift\b|decline\b|new\b(?=\s+\w+\s+\w))+",
    re.I,
)
_METRIC_END = re.compile(
    r"\s(?:from|by|within|before|after|across|during|until|through|for|at|via|so\s+that|so|while"
    r"|below|above|under|over|of\s+at\s+least|at\s+least|or\s+above|or\s+below"
    r"|without|compared|vs\.?|versus|among|with|or\s+(?:more|higher|above|better|less|lower|below"
    r"|fewer)|and\s+(?:increase|reduce|decrease|raise|grow|improve|cut|lower|achieve|reach|keep"
    r"|maintain))\b|(?<!time)\sto\s|\sof\s+(?=[$€£+\-−]?\d)|\sin\s+(?:the\s+|all\s+|our\s+)?"
    r"(?:next|first|Q[1-4]|H[12])|[,;:(\[]|\s[-–—]\s",
    re.I,
)
_AMBIGUOUS_VERBS = {"improve", "optimize", "optimise", "speed up", "better", "push", "scale"}


@dataclass(frozen=True)
class _Masked:
    spans: tuple[tuple[int, int], ...]

    def covers(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.spans)


@lru_cache(maxsize=4096)
def find_deadline(text: str) -> tuple[str | None, list[tuple[int, int]]]:
    """The longest deadline phrase in ``text`` and the spans of every deadline phrase."""
    spans = [m.span() for pattern in _DEADLINES for m in pattern.finditer(text)]
    if not spans:
        return None, []
    start, end = max(spans, key=lambda s: (s[1] - s[0], -s[0]))
    return text[start:end].strip(), spans


def _name_spans(text: str, vocabulary: Vocabulary) -> list[tuple[int, int]]:
    spans = [m.span() for pattern in _NAMES for m in pattern.finditer(text)]
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
    return None, None


def _value(number: str, multiplier: str | None) -> float:
    value = float(number.replace(",", "").replace("−", "-").lstrip("±~"))
    if multiplier:
        value *= _MULTIPLIERS.get(multiplier.strip().lower(), 1)
    return value


def find_quantities(text: str, vocabulary: Vocabulary | None = None) -> list[Quantity]:
    """Every metric-value number in ``text``, with names, deadlines and years masked out."""
    return list(_find_quantities(text, vocabulary or load_vocabulary()))


@lru_cache(maxsize=4096)
def _find_quantities(text: str, vocabulary: Vocabulary) -> tuple[Quantity, ...]:
    _, deadline_spans = find_deadline(text)
    masked = _Masked(tuple(deadline_spans + _name_spans(text, vocabulary)))
    found: list[Quantity] = []
    for m in _QUANTITY.finditer(text):
        start = m.start("cur") if m.group("cur") else m.start("num")
        end = max(m.end(g) for g in ("num", "mult", "unit") if m.group(g))
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if masked.covers(m.start("num"), m.end("num")) or before.isalnum() or before in "_.":
            continue
        if after.isalpha() and not m.group("unit"):
            continue
        unit, unit_text = _unit(m)
        raw = text[start:end].strip()
        found.append(
            Quantity(
                value=_value(m.group("num"), m.group("mult")),
                raw=raw,
                unit=unit,
                unit_text=unit_text,
                start=start,
                end=start + len(raw),
            )
        )
    for m in _WORD_QUANTITY.finditer(text):
        if masked.covers(*m.span()) or (m.group("num").lower() == "one" and not m.group("mult")):
            continue  # a bare "one" is a pronoun: "the one they route around"
        value = _WORD_NUMBERS[m.group("num").lower()] * _MULTIPLIERS.get(
            (m.group("mult") or "").strip().lower(), 1
        )
        found.append(
            Quantity(value=value, raw=m.group(0), unit=Unit.COUNT, start=m.start(), end=m.end())
        )
    return tuple(sorted(found, key=lambda q: q.start))


def _leading_verb(text: str, vocabulary: Vocabulary) -> tuple[Direction, str | None, int]:
    for name, direction in (
        ("maintain_verbs", Direction.MAINTAIN),
        ("decrease_verbs", Direction.DECREASE),
        ("increase_verbs", Direction.INCREASE),
        ("reach_verbs", Direction.REACH),
        ("task_verbs", Direction.UNKNOWN),
    ):
        m = vocabulary.pattern(name).match(text)
        if m:
            return direction, m.group(0).lower(), m.end()
    return Direction.UNKNOWN, None, 0


def _roles(
    text: str, numbers: list[Quantity]
) -> tuple[Quantity | None, Quantity | None, Quantity | None, str | None]:
    """(baseline, target, relative change, direction implied by "X% decrease in") from context."""
    baseline = target = relative = None
    implied: str | None = None
    denominators: set[int] = set()
    previous_end = 0
    for i, q in enumerate(numbers):
        before = text[previous_end : q.start]
        after = text[q.end : q.end + 30]
        previous_end = q.end
        if i and _DENOMINATOR_BEFORE.search(before):
            denominators.add(i)
            continue
        if baseline is None and _BASELINE_BEFORE.search(before):
            baseline = q
            if i + 1 < len(numbers):
                nxt = numbers[i + 1]
                if _TARGET_AFTER_BASELINE.match(text[q.end : nxt.start]):
                    target = nxt
            continue
        if q is target:
            continue
        relative_match = _RELATIVE_AFTER.match(after)
        if relative is None and (_RELATIVE_BEFORE.search(before) or relative_match):
            relative = q
            if relative_match:
                implied = "increase" if relative_match.group("up") else "decrease"
            continue
        if target is None:
            target = q
    return baseline, target, relative, implied


def _metric_phrase(
    text: str, verb_end: int, deadline_spans: list[tuple[int, int]], numbers: list[Quantity]
) -> str | None:
    cut_at = min((start for start, _ in deadline_spans if start >= verb_end), default=len(text))
    chars = list(text[:cut_at])
    for q in numbers:
        if q.end > cut_at:
            break
        chars[q.start : q.end] = "\0" * (q.end - q.start)
    rest = "".join(chars)[verb_end:]
    rest = re.sub(r"^[\s\0]*", "", rest)
    while True:
        stripped = _LEADING_FILLER.sub("", rest).lstrip("\0 ")
        if stripped == rest:
            break
        rest = stripped
    cut = _METRIC_END.search(" " + rest)
    phrase = (" " + rest)[: cut.start()] if cut else rest
    phrase = phrase.split("\0")[0]
    phrase = re.sub(r"\s+", " ", phrase).strip(" .!*_`'\"")
    phrase = re.sub(r"\s+(?:and|or|the|a|an|of|in|on|per)$", "", phrase, flags=re.I)
    return phrase or None


def analyse_key_result(text: str, vocabulary: Vocabulary | None = None) -> KeyResultAnalysis:
    """Analyse one key result's text. Cached by text: an editor re-checks mostly unchanged lines."""
    return _analyse(text, vocabulary or load_vocabulary())


@lru_cache(maxsize=4096)
def _analyse(text: str, vocabulary: Vocabulary) -> KeyResultAnalysis:
    direction, verb, verb_end = _leading_verb(text, vocabulary)
    deadline, deadline_spans = find_deadline(text)
    numbers = list(_find_quantities(text, vocabulary))
    baseline, target, relative, implied = _roles(text, numbers)
    relative_word = re.match(r"(double|triple|quadruple|halve)\b", text, re.I)
    if relative is None and relative_word:
        word = relative_word.group(1).lower()
        relative = Quantity(value=_RELATIVE_WORDS[word], raw=word, unit=Unit.PERCENT, end=len(word))
    if implied:
        direction = Direction(implied)
    elif (
        baseline
        and target
        and (direction in {Direction.UNKNOWN, Direction.REACH} or verb in _AMBIGUOUS_VERBS)
    ):
        if target.value != baseline.value:
            direction = Direction.INCREASE if target.value > baseline.value else Direction.DECREASE
    subject = _metric_phrase(text, verb_end, deadline_spans, numbers)
    has_outcome_term = bool(subject and vocabulary.search("outcome_terms", subject))
    if not numbers and vocabulary.search("binary_milestones", text):
        direction = Direction.BINARY
    metric = (
        subject
        if subject and (has_outcome_term or (numbers and direction != Direction.UNKNOWN))
        else None
    )
    unit = next((q.unit for q in (target, baseline, relative) if q and q.unit), None)
    if unit is None and (target or baseline) and subject:
        unit = Unit.SCORE if re.search(r"score|NPS|CSAT|rating", subject, re.I) else Unit.COUNT
    return KeyResultAnalysis(
        direction=direction,
        verb=verb,
        metric=metric,
        subject=subject,
        baseline=baseline,
        target=target,
        unit=unit,
        relative_change=relative,
        deadline=deadline,
        cadence=_cadence(text, vocabulary),
        numbers=numbers,
        placeholders=[m.group(0) for m in _PLACEHOLDER.finditer(text)],
    )


def _cadence(text: str, vocabulary: Vocabulary) -> str | None:
    m = vocabulary.search("quarter_end_measures", text)
    if m:
        return "annual" if _QUARTER_END_KIND.search(m.group(0)) else "quarterly"
    positive = _POSITIVE_CADENCE.search(text)
    if positive:
        return (positive.group("a") or positive.group("b")).lower()
    return None
