"""Read a key result: direction, metric, baseline, target, unit, relative change, deadline, cadence.

Pure functions over text, no model. Digits that are not metric values — deadlines ("by Week 6",
"Q2"), windows ("within 14 days"), names ("Windows 11", "P0", "SOC 2", "Day 30", "30-day churn"),
years — are masked first, so "Reduce 30-day churn from 12% to 8%" has exactly two numbers.
"""

from __future__ import annotations

import re
from functools import lru_cache

from coach.analysis.deadlines import find_deadline
from coach.analysis.quantities import _find_quantities
from coach.model import Direction, KeyResultAnalysis, Quantity, Unit
from coach.rubric.vocabulary import Vocabulary, ascii_words, load_vocabulary, may_match

_RELATIVE_WORDS = {"double": 100.0, "triple": 200.0, "quadruple": 300.0, "halve": -50.0}
_RELATIVE_AFTER = re.compile(
    r"^\s*(?:(?P<up>increase|growth|improvement|uplift|lift|more|higher|faster|gain|jump|rise)"
    r"|(?P<down>decrease|reduction|drop|decline|cut|fewer|less|lower|slower|fall))\b",
    re.I,
)
_CHANGE_IN = re.compile(
    r"\s*(?:increase|decrease|reduction|growth|improvement|uplift|lift|gain|rise|drop|decline)"
    r"\s+(?:in|of)\s+",
    re.I,
)
# (the lookahead: the first letters of the alternatives, so other positions fail at once)
_BASELINE_BEFORE = re.compile(
    r"(?=[fbcnudvwt])(?:\bfrom\s+(?:the\s+|a\s+|our\s+)?(?:current\s+|today'?s\s+|baseline\s+of\s+|about\s+"
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
EXAMPLE_WORDS = r"(?:i\.\s?e\.|e\.\s?g\.|such\s+as|for\s+(?:example|instance))"
"""What opens examples of something said before ("i.e.", "e.g.", "such as" …): a regex source."""
_EXAMPLES = re.compile(rf"\((?:{EXAMPLE_WORDS}|incl\.|including)[^()]*\)", re.I)
"""A parenthesis of examples ("(i.e. instance started, >1 repositories added)"): its numbers
are the examples', not the key result's baseline or target."""
_DENOMINATOR_BEFORE = re.compile(r"\bof\s+(?:the\s+)?$|\bout\s+of\s+$|/\s*$", re.I)
# "…, never above 0.5%", "staying below 3%": a guardrail the metric must not cross on the way to
# its target, not the target itself (the offline rewrite of a "Maintain … below 0.5%" says so)
_GUARDRAIL_BEFORE = re.compile(
    r"\b(?:never|not|staying|stay|kept|keeping)\s+(?:above|below|over|under|exceeding)\s+$", re.I
)
# A placeholder names the gap ("[baseline]", "[X%]", "TBD", "{target}"); a bracketed note,
# a priority "[P0]", a task box "[ ]", an owner "[alice]" or a brand ("source{d}") is not one.
# (the lookahead: the characters a placeholder can start with, so that other positions fail at
# once instead of trying eight alternatives)
_PLACEHOLDER = re.compile(
    r"(?=[\[txny?<{])(?:\[[^\]\[]{0,20}\b(?:baseline|target|value|number|metric|amount|date|deadline|fill\s+in|insert"
    r"|current|tbd|tbc|todo|x{1,3}|n|y)\b[^\]\[]{0,20}\](?!\()"
    r"|\[\s*[$€£]?[XYNxyn]{1,3}\s*%?\s*\](?!\()|\[\s*\?+\s*\]"
    r"|\bTB[DCA]\b|\b(?:X{1,3}|N|Y)\s?%|\?{2,}"
    # "<metric>", not an HTML tag ("KR1: …<br>KR2: …" in a table cell)
    r"|<(?!(?:br|b|i|u|s|em|strong|span|sub|sup|code|p|div|small|mark|del|ins)\s*>)[a-z][a-z _-]{0,30}>"
    r"|(?<!\w)\{[a-z_ ]{1,30}\})",
    re.I,
)
PLACEHOLDER_ITEM = re.compile(r"^\s*(?:TB[DCA]|\?{2,})(?:\s*[(:\-–—].*)?\s*$", re.I | re.S)
"""A key result not written yet, only a placeholder (as ``_PLACEHOLDER`` reads them): "TBD",
"TBC (what are the plans for ipfs-desktop ?)"."""
_BASELINE_PLACEHOLDER = re.compile(r"\bfrom\s+[$€£]?(\[[^\]]+\]|TB[DCA]\b|X{1,3}\b|\?\?)", re.I)
_QUARTER_END_KIND = re.compile(r"annual|yearly|year-end|end-of-year|half-yearly|biannual", re.I)
_POSITIVE_CADENCE = re.compile(
    r"\b(?:(?:tracked|measured|reviewed|reported|updated)\s+(?P<a>daily|weekly|bi-?weekly|"
    r"fortnightly|monthly|every\s+two\s+weeks)|(?P<b>daily|weekly|bi-?weekly|fortnightly|monthly)"
    r"\s+(?:survey|pulse|dashboard|report|check-?in))\b",
    re.I,
)
_LEADING_FILLER = re.compile(  # "on-call", "all-hands": a word joined by a hyphen stays
    r"^(?:\s|\+|(?:the|a|an|our|its|their|all|at\s+least|over|more\s+than|above|under|below"
    r"|less\s+than|up\s+to|to|of|in|on|for|or\s+(?:more|higher|above|better|less|lower|below"
    r"|fewer)|increase|decrease|reduction|drop|growth|improvement|uplift|lift|decline)(?![\w-])"
    r"|new(?![\w-])(?=\s+\w+\s+\w))+",
    re.I,
)
# Where the metric phrase ends (only the start of the match is used). The alternatives that
# begin with a space share one "\s", so a position that is neither a space nor ",;:([" fails
# at once; "(?<!time\s)to" after the space is "(?<!time)\sto" before it. After the space the
# words are grouped by their first letter, and a lookahead on those letters fails a space
# before any other word at once: under re.IGNORECASE ``re`` tries every alternative of a group
# in turn (it skips ahead only on case-sensitive literals), so each space before a word cost
# some forty failed tries. Only where a match can start matters, and the grouping keeps that.
_METRIC_END = re.compile(
    r"\s(?=[abcdfostuvwi\-–—])(?:a(?:fter|cross|t|bove|mong|t\s+least|nd\s+(?:increase|reduce"
    r"|decrease|raise|grow|improve|cut|lower|achieve|reach|keep|maintain))\b|b(?:y|efore|elow)\b"
    r"|compared\b|during\b|f(?:rom|or)\b|o(?:ver|f\s+at\s+least|r\s+above|r\s+below|r\s+(?:more"
    r"|higher|above|better|less|lower|below|fewer))\b"
    # "of 40%" ends it, not the people a share is of ("share of 30 team leads who …")
    r"|of\s+(?=[$€£+\-−]?\d)(?<!share\sof\s)(?<!percentage\sof\s)(?<!proportion\sof\s)"
    r"|s(?:o\s+that|o)\b"
    r"|through\b|(?<!time\s)to\s|u(?:ntil|nder)\b|v(?:ia|s\.?|ersus)\b|w(?:ithin|hile|ithout"
    r"|ith)\b|in\s+(?:the\s+|all\s+|our\s+)?(?:next|first|Q[1-4]|H[12])|[-–—]\s)|[,;:(\[]",
    re.I,
)
# Number words a key result uses as its target (key results only: in an objective "One place
# for every team" is not a metric). "One customer indexes …", "at least one existing customer",
# "more than one business day"; "by a third", "one-quarter of accounts", "half of all teams";
# "No transactions fail" is a target of zero.
_LEADING_ONE = re.compile(
    r"(?:^|\b(?:at\s+least|more\s+than|less\s+than|fewer\s+than|over|under|only|exactly)\s+)"
    r"(?P<num>one)\s+(?=[a-z])",
    re.I,
)
_FRACTIONS = {"half": 50.0, "third": 100 / 3, "quarter": 25.0, "thirds": 200 / 3, "quarters": 75.0}
_FRACTION = re.compile(
    r"(?<![\w-])(?:(?:one|a)[- ](?P<one>half|third|quarter)(?=\s+of\b)|(?<=by\s)(?:one|a)[- ]"
    r"(?P<by>half|third|quarter)\b|one-(?P<hyphen>half|third|quarter)\b|two[- ](?P<two>thirds)\b"
    r"|three[- ](?P<three>quarters)\b|(?<!first\s)(?<!second\s)(?<!the\s)(?<!next\s)"
    r"(?<!last\s)(?P<half>half)(?=\s+of\b)|(?<=\bby\s)(?P<byhalf>half)\b|(?<=\bin\s)(?P<inhalf>half)\b)",
    re.I,
)
_NO_TARGET = re.compile(r"^(?P<num>no|none\s+of\s+the)\s+(?=[a-z])", re.I)
_RELATIVE_ANYWHERE = re.compile(
    r"\b(?:(?P<double>doubles|doubled|doubling|twice|double(?![\s-](?:check|digit|click|tap|down)))|(?P<triple>triples|tripled|tripling|thrice)"
    r"|(?P<halve>halves|halved|halving))\b"
    r"(?!\s+(?:per|a|an|each|every|in|during|weekly|monthly|daily|yearly|annually)\b)",
    re.I,
)
# "X claims", "XXX influential users", "ZZZ developer testimonials": a count left to fill in.
_COUNT_PLACEHOLDER = re.compile(
    r"(?<![\w/.-])(?:X{1,3}|Z{2,3}|N)(?=\s+[A-Za-z])(?!\s+(?:Corp|Window))"
)


# Words without one of which a pattern cannot match: on ASCII text the pattern is skipped when
# none occurs (``ascii_words``); each starts or ends at word boundaries.
_ONE = frozenset({"one"})
_FRACTION_WORDS = frozenset(_FRACTIONS)
_RELATIVE_FORMS = frozenset(
    "doubles doubled doubling twice double triples tripled tripling thrice halves halved halving".split()
)
_TBD = frozenset({"tbd", "tbc", "tba"})
_COUNT_PLACEHOLDERS = frozenset({"x", "xx", "xxx", "zz", "zzz", "n"})
_CADENCES = frozenset({"daily", "weekly", "biweekly", "fortnightly", "monthly", "every"})
_FROM = frozenset({"from"})


def _word_targets(text: str) -> list[Quantity]:
    found = []
    words = ascii_words(text)
    for m in _LEADING_ONE.finditer(text) if may_match(words, _ONE) else ():
        raw = m.group("num")
        found.append(Quantity(value=1.0, raw=raw, unit=Unit.COUNT, start=m.start("num"),
                              end=m.end("num")))  # fmt: skip
    for m in _FRACTION.finditer(text) if may_match(words, _FRACTION_WORDS) else ():
        value = _FRACTIONS[next(g for g in m.groups() if g).lower()]
        found.append(Quantity(value=value, raw=m.group(0), unit=Unit.PERCENT, start=m.start(),
                              end=m.end()))  # fmt: skip
    m = _NO_TARGET.match(text)
    if m:
        found.append(Quantity(value=0.0, raw=m.group("num"), unit=Unit.COUNT, start=m.start(),
                              end=m.end("num")))  # fmt: skip
    for m in _CADENCE_CHANGE.finditer(text) if may_match(words, _CADENCE_WORDS) else ():
        for group in ("from", "to"):  # times a year, so the direction follows
            raw = m.group(group)
            found.append(Quantity(value=_PER_YEAR[raw.lower().replace("-", "")], raw=raw,
                                  unit=Unit.COUNT, start=m.start(group), end=m.end(group)))  # fmt: skip
    return found


# "Deploy frequency … from fortnightly to daily": a cadence's baseline and target, in words
_PER_YEAR = {"hourly": 8760.0, "daily": 365.0, "weekly": 52.0, "biweekly": 26.0,
             "fortnightly": 26.0, "monthly": 12.0, "quarterly": 4.0, "yearly": 1.0,
             "annually": 1.0}  # fmt: skip
_CADENCE = r"hourly|daily|weekly|bi-?weekly|fortnightly|monthly|quarterly|yearly|annually"
_CADENCE_CHANGE = re.compile(
    rf"\bfrom\s+(?P<from>{_CADENCE})\s+to\s+(?P<to>{_CADENCE})\b(?!\s+[a-z]+s\b)", re.I
)
_CADENCE_WORDS = frozenset(w.replace("-?", "") for w in _CADENCE.split("|")) | {"bi-weekly"}


# A change stated as done to its subject: "Close cycle reduced to 9 days", "Monthly referral
# traffic has increased by 50%", "Churn reduced from 5% to 3%": the subject is the metric.
_PARTICIPLES_DOWN = ("reduced", "decreased", "lowered", "cut", "dropped", "shrunk", "shortened")
_PARTICIPLES_UP = ("increased", "raised", "grown", "improved", "boosted", "lifted", "expanded")
_PARTICIPLE_CHANGE = re.compile(
    r"(?P<subject>[A-Za-z][^\n]*?)\s+(?:(?:has|have|is|are|was|were|been|be|will|gets?|got)\s+)*"
    rf"(?:(?P<down>{'|'.join(_PARTICIPLES_DOWN)})|(?P<up>{'|'.join(_PARTICIPLES_UP)}))"
    r"(?=\s+(?:to|from|by|below|under|above|over)\b)",
    re.I,
)
_PARTICIPLES = frozenset(_PARTICIPLES_DOWN + _PARTICIPLES_UP)  # the words the regex needs
# A change stated after its subject in any tense, with a number or placeholder after it: "Retention
# at the 90-day mark increases by 10%", "We have reduced the total error rates in our platforms by
# 50%", "Each portfolio will improve customer satisfaction by 3% or more", "Share of voice has
# increased 30%". Read only when no verb opens the key result: the metric is what the verb moves
# (its object), else its subject.
_CHANGES_UP = (
    "increase increases increased improve improves improved grow grows grew raise raises lift "
    "lifts boost boosts"
).split()
_CHANGES_DOWN = (
    "reduce reduces reduced decrease decreases decreased lower lowers lowered cut cuts".split()
)
_MID_CHANGE = re.compile(
    r"(?P<subject>[A-Za-z][^\s]*(?:\s+[^\s]+){0,9}?)\s+(?:(?:has|have|had|is|are|was|were|will"
    r"|would|should|must|can|been|be)\s+)*(?:\w+ly\s+)?"
    rf"(?:(?P<up>{'|'.join(_CHANGES_UP)})|(?P<down>{'|'.join(_CHANGES_DOWN)}))\b"
    r"(?:(?P<object>(?:\s+[^\s]+){1,8}?)\s+(?:by|to)|(?:\s+(?:by|to))?)"
    r"\s+(?:about\s+|around\s+|at\s+least\s+|over\s+|more\s+than\s+)?(?=[$€£]?\d|X\s?%|\[)",
    re.I,
)
_CHANGES = frozenset(_CHANGES_UP + _CHANGES_DOWN)
# A level held, stated after its subject, with a number after it: "App store rating remains
# above 4.8", "Uptime stays at or above 99.9%", "The error rate is kept below 1%" (the subject is
# the metric); or the team holding it: "We maintain an overall average 7 day resolution" (the
# metric is what is held, as after an opening verb). A health metric to monitor (OKR203). Read
# only when no verb opens the key result.
_HOLDS = "remain remains remained stay stays stayed kept held hold holds maintained sustained"
_HOLDERS = "maintain keep sustain hold uphold preserve"
_MID_HOLD = re.compile(
    r"(?:we|our\s+teams?|the\s+team)\s+(?:will\s+|must\s+|should\s+|continue\s+to\s+)?"
    rf"(?P<holder>{_HOLDERS.replace(' ', '|')})\b(?=(?:\s+[^\s]+){{0,8}}?\s+[$€£]?\d)"
    r"|(?P<subject>[A-Za-z][^\s]*(?:\s+[^\s]+){0,7}?)\s+"
    r"(?:(?:will|must|should|is|are|be|been|has|have|to)\s+)*"
    rf"(?P<held>{_HOLDS.replace(' ', '|')})\s+"
    r"(?:at\s+or\s+(?:above|below)|above|below|under|over|at\s+least|at\s+most|at|within"
    r"|no\s+(?:more|less)\s+than|[<>≤≥]=?)\s*(?=[$€£]?\d)",
    re.I,
)
_HOLD_WORDS = frozenset((_HOLDS + " " + _HOLDERS).split())  # the words the regex needs
_LISTED_WORD = re.compile(r",\s+(?=[a-z][a-z-]*\s+[a-z])(?!(?:and|or|but|which|that|who)\b)")
_LEADING_BLANK = re.compile(r"[\s\0]*")
# what is left at the end of the phrase when a number was cut after it: "median deploy time
# to [10 min]", "page load time to < [2s]"
_TRAILING_LINK = re.compile(
    r"(?:\s+(?:and|or|the|a|an|of|in|on|per|to|from|by)|\s*[<>≤≥=~])+$", re.I
)
_LINK_WORDS = frozenset(
    {"and", "or", "the", "a", "an", "of", "in", "on", "per", "to", "from", "by"}
)
_RELATIVE_WORD = re.compile(r"(double|triple|quadruple|halve)\b", re.I)
_SCORE_WORD = re.compile(r"score|NPS|CSAT|rating", re.I)

_AMBIGUOUS_VERBS = {"improve", "optimize", "optimise", "speed up", "better", "push", "scale"}


_VERB_LISTS = (
    ("maintain_verbs", Direction.MAINTAIN),
    ("decrease_verbs", Direction.DECREASE),
    ("increase_verbs", Direction.INCREASE),
    ("reach_verbs", Direction.REACH),
    ("task_verbs", Direction.UNKNOWN),
)


# A task verb followed by one of these is the first word of a measure's name ("Build time from
# 20 min to 10 min", "Deploy frequency …", "Test coverage from 60% to 80%"), not a task
_MEASURE_NOUN = re.compile(
    r"\s+(?:time|times|frequency|rate|rates|coverage|latency|duration|cadence|velocity|throughput"
    r"|success|failure|failures|speed)\b",
    re.I,
)


def _leading_verb(text: str, vocabulary: Vocabulary) -> tuple[Direction, str | None, int]:
    direction, verb, end = _first_verb(text, vocabulary)
    if direction == Direction.UNKNOWN and verb and _MEASURE_NOUN.match(text, end):
        return Direction.UNKNOWN, None, 0  # "Build time", "Deploy frequency": a measure's name
    if verb and text.startswith(" or ", end):
        # "Maintain or reduce the time …", "Reduce or maintain churn …": two verbs, one metric,
        # which follows the second; the first says what is asked of it ("maintain or reduce":
        # hold it, a KPI, as the guide reads it)
        other_end = _first_verb(text[end + 4 :], vocabulary)[2]
        if other_end:
            return direction, verb, end + 4 + other_end
    return direction, verb, end


def _first_verb(text: str, vocabulary: Vocabulary) -> tuple[Direction, str | None, int]:
    if ascii_words(text) is not None:
        # ASCII text: each list's match at the start is the one of its phrases that begin with
        # the text's first word (``WordListPattern.match``), worked out once for all five lists
        for direction, pattern in vocabulary.at_start(_VERB_LISTS, text):
            m = pattern.match(text)
            if m:
                return direction, m.group(0).lower(), m.end()
        return Direction.UNKNOWN, None, 0
    for name, direction in _VERB_LISTS:
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
    examples = [m.span() for m in _EXAMPLES.finditer(text)] if "(" in text else []
    for i, q in enumerate(numbers):
        if examples and any(s <= q.start < e for s, e in examples):
            continue
        before = text[previous_end : q.start]
        after = text[q.end : q.end + 30]
        previous_end = q.end
        if i and _DENOMINATOR_BEFORE.search(before):
            denominators.add(i)
            continue
        if i and _GUARDRAIL_BEFORE.search(before):
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
    masked = text[:cut_at]
    for q in numbers:
        if q.end > cut_at:
            break
        masked = masked[: q.start] + "\0" * (q.end - q.start) + masked[q.end :]
    rest = masked[verb_end:]
    rest = rest[_LEADING_BLANK.match(rest).end() :]
    while True:
        stripped = _LEADING_FILLER.sub("", rest).lstrip("\0 ≥≤<>=~")  # "Achieve ≥90% precision"
        if stripped == rest:
            break
        rest = stripped
    cut = _METRIC_END.search(" " + rest)
    phrase = (" " + rest)[: cut.start()] if cut else rest
    phrase = phrase.split("\0")[0]
    phrase = " ".join(phrase.split()).strip(" .!*_`'\"")  # whitespace runs as one space
    # on ASCII text the link words can only go when the last word is one of them
    if (
        not phrase.isascii()
        or phrase.rpartition(" ")[2].lower() in _LINK_WORDS
        or phrase[-1:] in "<>=~"
    ):
        phrase = _TRAILING_LINK.sub("", phrase)
    return phrase or None


def _opened(subject: str | None) -> str | None:
    """A metric that opened the sentence, its capital taken off ("Close cycle" → "close
    cycle"); an acronym ("NPS") keeps its case."""
    if subject and subject[0].isupper() and not subject[:2].isupper():
        return subject[0].lower() + subject[1:]
    return subject


def baseline_placeholder(text: str) -> str | None:
    """The placeholder standing where the baseline goes ("from [baseline]", "from TBD"): the
    baseline is acknowledged, just not filled in yet. One definition for the rubric and the evals."""
    if not may_match(ascii_words(text), _FROM):
        return None
    m = _BASELINE_PLACEHOLDER.search(text)
    return m.group(1) if m else None


RESTATED_GOAL = ", alongside the goal"
"""What opens the goal a rewrite restates after its outcome, to keep the team's numbers: "Increase
adoption rate … by end of Q3, alongside the goal: Grow story points delivered per sprint from 40
to 55". The goal is context, not the key result: its numbers are no baseline or target, its
output no output measure (the rules read ``without_restated_goal``)."""


def without_restated_goal(text: str) -> str:
    """``text`` up to a restated goal (``RESTATED_GOAL``), or the whole of it."""
    at = text.find(RESTATED_GOAL)
    return text[:at] if at > 0 else text


def analyse_key_result(text: str, vocabulary: Vocabulary | None = None) -> KeyResultAnalysis:
    """Analyse one key result's text. Cached by text: an editor re-checks mostly unchanged lines."""
    return _analyse(text, vocabulary or load_vocabulary())


@lru_cache(maxsize=4096)
def _analyse(text: str, vocabulary: Vocabulary) -> KeyResultAnalysis:
    text = without_restated_goal(text)
    direction, verb, verb_end = _leading_verb(text, vocabulary)
    deadline, deadline_spans = find_deadline(text)
    numbers = list(_find_quantities(text, vocabulary))
    taken = [(q.start, q.end) for q in numbers]
    numbers += [
        q for q in _word_targets(text) if not any(s < q.end and q.start < e for s, e in taken)
    ]
    numbers.sort(key=lambda q: q.start)
    baseline, target, relative, implied = _roles(text, numbers)
    relative_word = _RELATIVE_WORD.match(text)
    if relative is None and relative_word:
        word = relative_word.group(1).lower()
        relative = Quantity(value=_RELATIVE_WORDS[word], raw=word, unit=Unit.PERCENT, end=len(word))
    words = ascii_words(text)
    anywhere = (
        None
        if relative or not may_match(words, _RELATIVE_FORMS)
        else _RELATIVE_ANYWHERE.search(text)
    )
    if anywhere:
        word = next(k for k, v in anywhere.groupdict().items() if v)
        relative = Quantity(
            value=_RELATIVE_WORDS[word],
            raw=anywhere.group(0),
            unit=Unit.PERCENT,
            start=anywhere.start(),
            end=anywhere.end(),
        )
        if direction == Direction.UNKNOWN and verb is None:  # "Revenue doubles", "twice as many"
            direction = Direction.DECREASE if word == "halve" else Direction.INCREASE
    if implied:
        direction = Direction(implied)
    elif (
        baseline
        and target
        and (direction in {Direction.UNKNOWN, Direction.REACH} or verb in _AMBIGUOUS_VERBS)
    ):
        if target.value != baseline.value:
            direction = Direction.INCREASE if target.value > baseline.value else Direction.DECREASE
    changed = (
        _PARTICIPLE_CHANGE.match(text)
        if (verb is None or direction not in (Direction.INCREASE, Direction.DECREASE))
        and may_match(words, _PARTICIPLES)
        else None
    )
    mid = (
        _MID_CHANGE.match(text)
        if changed is None
        and verb is None
        and (numbers or "X" in text or "[" in text)
        and may_match(words, _CHANGES)
        else None
    )
    held = (
        _MID_HOLD.match(text)
        if changed is None
        and mid is None
        and verb is None
        and numbers
        and may_match(words, _HOLD_WORDS)
        else None
    )
    if held:
        direction = Direction.MAINTAIN
        if held.group("holder"):  # "We maintain …": the metric follows the verb
            verb, verb_end = held.group("holder").lower(), held.end("holder")
        else:  # "remains above": what the message quotes
            verb = " ".join(text[held.start("held") : held.end()].lower().split())
    if held and held.group("subject"):
        subject = _opened(_metric_phrase(held.group("subject"), 0, [], []))
    elif changed:
        direction = Direction.DECREASE if changed.group("down") else Direction.INCREASE
        verb = (changed.group("down") or changed.group("up")).lower()
        # after a role or label ("Controller: Close cycle reduced …")
        subject = _opened(_metric_phrase(changed.group("subject").rpartition(": ")[2], 0, [], []))
    elif mid:
        direction = Direction.DECREASE if mid.group("down") else Direction.INCREASE
        verb = (mid.group("down") or mid.group("up")).lower()
        moved = (mid.group("object") or "").strip() or mid.group("subject")
        # "Number of valid, payable claims submitted": a comma between the words of one noun
        # phrase, not the end of the metric
        subject = _opened(_metric_phrase(_LISTED_WORD.sub(" ", moved), 0, [], []))
    else:
        # "Enterprise announcement drives a 10% increase in enterprise leads": with no verb
        # before it, what "a 10% increase in" names is the metric, not the words before it
        change_in = (
            _CHANGE_IN.match(text, relative.end)
            if implied and verb is None and relative and relative.end
            else None
        )
        start = relative.start if change_in else verb_end
        subject = _metric_phrase(text, start, deadline_spans, numbers)
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
        unit = Unit.SCORE if _SCORE_WORD.search(subject) else Unit.COUNT
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
        placeholders=_placeholders(text, words),
    )


def _placeholders(text: str, words: frozenset[str] | None) -> list[str]:
    found = []
    if words is None or not _TBD.isdisjoint(words) or any(c in text for c in "[%?<{"):
        found = [m.group(0) for m in _PLACEHOLDER.finditer(text)]
    if may_match(words, _COUNT_PLACEHOLDERS):
        found += [m.group(0) for m in _COUNT_PLACEHOLDER.finditer(text)]
    return list(dict.fromkeys(found)) if len(found) > 1 else found  # each once in the message


def _cadence(text: str, vocabulary: Vocabulary) -> str | None:
    m = vocabulary.search("quarter_end_measures", text)
    if m:
        return "annual" if _QUARTER_END_KIND.search(m.group(0)) else "quarterly"
    positive = may_match(ascii_words(text), _CADENCES) and _POSITIVE_CADENCE.search(text)
    if positive:
        return (positive.group("a") or positive.group("b")).lower()
    return None
