"""The offline rewriter's pieces for key results: metric spans, deadlines, the lexicon.

Pure functions over text, no model and no I/O beyond the packaged word lists and lexicon. Metric
names and the user's metrics live in ``metrics`` and objective templates in
``objectives`` (their public names are re-exported here); the task's own subject is read
by ``subject`` and kept by ``outcomes``. Decisions (the tests hold them):

- Deadlines. A metric key result keeps its own deadline phrase, unless it is a response window
  ("within 7 days": how fast, not by when). A task's own deadline is kept
  only when it is the end of a period ("by end of Q3", "this quarter", "by the end of the fiscal
  year"): "by Week 6" or "by March 1" is when the *task* is due, not when the outcome is read, so
  the outcome gets the end of the draft's quarter ("by end of Q2"), or of a quarter the item or
  its objective names, or "by end of the quarter".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from coach.analysis import find_deadline
from coach.model import Direction, KeyResultAnalysis, Unit
from coach.rewrite.markup import LINK_ADDRESS
from coach.rewrite.offline.metrics import (  # noqa: F401  (re-exported)
    contradicts,
    lookup_metric,
    metric_key,
    number_sources,
    tidy_metric,
    value_of,
    windowed_name,
    with_article,
)
from coach.rewrite.offline.objectives import (  # noqa: F401  (re-exported)
    beneficiary,
    default_beneficiary,
    key_result_beneficiary,
    objective_plan,
    objective_texts,
    objective_verb_end,
    without_numbers,
)
from coach.rewrite.period import draft_deadline, is_window
from coach.rewrite.polarity import lower_is_better
from coach.rubric.vocabulary import load_vocabulary

if TYPE_CHECKING:
    from coach.rewrite.lexicon import OutcomeEntry

PLACEHOLDER_BASELINE = "[baseline]"
PLACEHOLDER_TARGET = "[target]"

_PERIOD_END = re.compile(
    r"\b(?:end|close)\s+of\b|\b(?:this|next|current|the)\s+(?:quarter|half|year|fiscal\s+year)\b"
    r"|\bby\s+(?:Q[1-4]|H[12]|FY)",
    re.I,
)
_QUARTER = re.compile(r"\b([QH][1-4])\b", re.I)


def rule_spans(rule_id: str, text: str) -> list[tuple[int, int]]:
    """Where a pattern rule's own words and patterns match ``text`` (the rubric stays the source)."""
    from coach.rubric import load_rubric

    params = load_rubric().get(rule_id).params
    vocabulary = load_vocabulary()
    names, patterns = params.vocabulary or [], params.patterns or []
    compiled = [vocabulary.pattern(n) for n in ([names] if isinstance(names, str) else names)]
    compiled += [
        vocabulary.compile(p) for p in ([patterns] if isinstance(patterns, str) else patterns)
    ]
    return sorted(m.span() for pattern in compiled for m in pattern.finditer(text))


# ----------------------------------------------------------------------------- deadlines
def quarter_deadline(
    quarter: str | None, item: str = "", objective: str = ""
) -> tuple[str, str | None]:
    """("by end of Q2", where Q2 comes from) for the draft's period (``coach.rewrite.period``:
    a year is its end, a period it cannot read "by [deadline]"), else for a quarter the item or
    its objective names, else ("by end of the quarter", None)."""
    if quarter and quarter.strip():  # a period it cannot read ("2020 Set 1"): a placeholder
        return draft_deadline(quarter), "draft"
    for source, text in (("original", item), ("draft", objective)):
        m = _QUARTER.search(text)
        if m:
            phrase = f"by end of {m.group(1).upper()}"
            if find_deadline(phrase)[0] == phrase:
                return phrase, source
    return draft_deadline(None), None


def is_period_end(deadline: str) -> bool:
    return bool(_PERIOD_END.search(deadline))


def deadline_tail(text: str, after: int) -> str | None:
    """The item's own deadline phrase, with the words that complete it ("across all Q2
    releases") when it comes after position ``after`` (the end of the metric)."""
    phrase = find_deadline(text)[0]
    if not phrase:
        return None
    start = text.find(phrase)
    if start < after:
        return phrase
    tail = re.split(r"\s*(?:[(;,]|\bwhile\b|\b(?:as\s+)?measured\b)", text[start:])[0].strip(" .")
    if rule_spans("OKR404", tail) or len(tail) > len(phrase) + 24:
        return phrase
    return tail if find_deadline(tail)[0] else phrase


# ----------------------------------------------------------------------------- the lexicon
def lexicon_candidates(text: str) -> list[OutcomeEntry]:
    """Matching entries: areas first, then outputs, each in order of where they occur, words
    in parentheses after all others of their role (``lexicon.first_match``)."""
    from coach.rewrite.lexicon import first_match, load_lexicon  # coach.rewrite imports this

    lexicon = load_lexicon()
    heads = {h.lower() for kind in lexicon.kinds for h in kind.get("heads", ())}
    found = []
    if "](" in text:  # a link's address names no family ("…/-/epics/52" is no epic)
        text = LINK_ADDRESS.sub(lambda m: " " * len(m.group(0)), text)
    for index, entry in enumerate(lexicon.entries):
        if not entry.fits(text):
            continue
        matches = entry.pattern.finditer(text)
        # "a SOP for promoting Wechaty in events": the events are what the document is for
        matches = (m for m in matches if not _done_with(text[: m.start()], heads))
        if entry.option("catch_all"):  # "usage policy", "usage examples": a policy, examples
            matches = (
                m
                for m in matches
                if not _modifies(text[m.end() :], heads, entry)
                and not _complements(text[: m.start()], heads)
            )
        if entry.option("bare"):  # "push notifications for abandoned carts": what they are for
            matches = (m for m in matches if not _PURPOSE_AFTER.match(text, m.end()))
        m, aside = first_match(matches, text)  # "(with known fixes)": an aside, not the subject
        if m:
            found.append((entry.role == "output", aside, m.start(), index, entry))
    return [entry for *_, entry in sorted(found, key=lambda f: f[:4])]


_PURPOSE_AFTER = re.compile(r"\s+(?:for|about|when|on|to)\s", re.I)
"""After a ``bare`` entry's words, what the thing is for: the entry is for the bare thing only."""


def _modifies(rest: str, heads: set[str], entry: OutcomeEntry) -> bool:
    """Whether the word a catch-all entry matched modifies a head noun one or two words after
    it, a thing of a kind ``own.kinds`` knows that the entry does not ("usage" in "usage
    policy", "API" in "API usage policy"; not "Tableau" in "Tableau dashboard")."""
    m = re.match(r"\s+([\w-]+)(?:\s+([\w-]+))?", rest)
    words = [w for w in (m.groups() if m else ()) if w]
    return any(w.lower() in heads and not entry.pattern.fullmatch(w) for w in words)


_COMPLEMENT = re.compile(r"\b([\w-]+)\s+(?:for|of|about|on)\s+(?:the\s+|our\s+|its\s+)?[\w./-]*$")


def _complements(before: str, heads: set[str]) -> bool:
    """Whether a catch-all entry's word is what a thing of a kind ``own.kinds`` knows is for or
    about ("api" in "documentation for the dds_web/api"): the thing's kind chooses the metric."""
    m = _COMPLEMENT.search(before)
    return bool(m) and m.group(1).lower() in heads


_FOR_DOING = re.compile(r"\b([\w-]+)(?:\s+\(([\w-]+)\))?\s+for\s+[\w-]+ing\b[^,;:.()]*$", re.I)


def _done_with(before: str, heads: set[str]) -> bool:
    """Whether an entry's word sits in what a thing of a kind ``own.kinds`` knows is for doing
    ("events" in "A Standard of Process (SOP) for promoting Wechaty in events"): the thing
    (the SOP) chooses the metric, not the activity it serves."""
    m = _FOR_DOING.search(before)
    return bool(m) and any((w or "").lower() in heads for w in m.groups())


_RATIO = re.compile(r"(?:the\s+)?(?:share|percentage|proportion|ratio|rate|%)\b", re.I)
CLAUSE = re.compile(
    r"\b(?:love|loves|like|likes|use|uses|want|wants|need|needs|feel|feels|get|gets)\b", re.I
)


def measures_an_outcome(text: str, a: KeyResultAnalysis) -> bool:
    """A "task" with a baseline and a target that is not one of the guide's output measures
    ("Build pipeline median duration down from 22 min to 8 min"): not the offline rewriter's to
    replace. "Increase sprint velocity from 32 to 45" is an output measure (the guide's table)."""
    ratio = _RATIO.match(a.subject or "")
    if not ratio and counted_output(text, a):  # "… from 6 courses to 11": more output made
        return False
    return bool(ratio) or not load_vocabulary().search("output_metrics", text)


def counted_output(text: str, a: KeyResultAnalysis) -> str | None:
    """The things a team makes that the baseline or target counts, as the checker's OKR201
    reads them, with what holds them: "Increase our internal enablement library from 6 courses
    to 11" → "courses in our internal enablement library" (the item's own nouns, for an outcome
    of its own); "Grow number of Percy snapshots from 8 to 40" → "Percy snapshots"; None when
    the numbers count no output."""
    vocabulary = load_vocabulary()
    number_of = vocabulary.compile(
        r"^(?:the\s+)?(?:total\s+)?number\s+of\s+((?:[\w-]+\s+){0,2}?(?:{content_nouns}))$"
    ).match(a.subject or "")
    if number_of and (a.baseline or a.target):  # "Grow number of Percy snapshots from 8 to 40"
        return number_of.group(1)
    counted = vocabulary.compile(r"^\s*((?:[a-z][\w-]*\s+){0,2}?(?:{content_nouns}))\b")
    found = next(
        (m for q in (a.baseline, a.target) if q and (m := counted.match(text[q.end :]))), None
    )
    if not found:
        return None
    noun = found.group(1)
    held = re.match(r"^\S+\s+(.+?)\s+(?:from|to|by)\s", text)  # what the verb grows
    if not held or re.search(rf"\b{re.escape(noun)}\b", held.group(1), re.I):
        return noun  # "our library of tutorials from 4 tutorials": the tutorials
    return f"{noun} in {held.group(1)}"


_AMBIGUOUS = {"improve", "optimize", "optimise", "speed up", "better", "push", "scale"}
_PLACEHOLDER_NUMBER = r"(?:[$€£]?[+\-−]?\d|\[|TB[DCA]\b|X{1,3}\s?%|N\s?%|\?\?)"
COMPARATOR = r"[<>≤≥]=?\s?"
"""A bound written as a sign ("to <5%"): part of the number, not of the metric."""
BOUND_WORDS = (
    r"no\s+(?:more|less|fewer)\s+than|not\s+(?:more|less)\s+than|less\s+than|fewer\s+than"
    r"|more\s+than|at\s+(?:least|most)|below|under|above|over"
)
"""A bound written in words before a number ("no more than 2%", "at least 40%")."""
WORDED_BOUND = re.compile(rf"\b({BOUND_WORDS})\s+$", re.I)
"""A bound in words right before a target: kept with it, as a sign is ("to <5%")."""
_METRIC_CUT = re.compile(
    rf"\s(?:(?:from|to|by|at|of)\s+(?:about\s+|around\s+|~\s?|{COMPARATOR}|(?:{BOUND_WORDS})\s+)?"
    rf"{_PLACEHOLDER_NUMBER}"
    rf"|(?:{BOUND_WORDS})\s+{_PLACEHOLDER_NUMBER}"
    r"|or\s+(?:higher|lower|more|less|above|below)\b|while\b|so\s+that\b|by\s+\w+ing\b"
    # the means ("IPFS usage through onboarding improvements"); not a channel, which qualifies
    # the metric ("signups through referrals", "questions resolved through self-service")
    r"|(?:through|via)\s+(?=(?:[\w-]+\s+){0,2}(?:improvements?|changes|enhancements?|updates"
    r"|redesigns?|initiatives?|efforts?|work|optimi[sz]ations?|fixes)\b))"
    # a comma ends it, except inside a list of numbers ("at the 30, 60, and 90-day marks"); a
    # colon opens a list of what it covers ("error types: closed, moved, and renamed")
    r"|\s?[(;]|,\s(?<![0-9],\s)|,\s(?!(?:and\s+|or\s+)?[0-9])|\s[-–—]\s|:\s",
    re.I,
)
_THRESHOLD = re.compile(rf"(?:{BOUND_WORDS}|within|<|>|≤|≥)\s*$", re.I)
# a comparative, or a plain "low"/"high" ("Low dropoff when users encounter …"): the way the
# metric should go, not part of it
COMPARATIVE = re.compile(
    r"^(better|higher|more|faster|greater|lower|fewer|less|smaller|low|high)\s+(?=[a-z])", re.I
)
_TRAILING = re.compile(
    r"(?:\s+(?:from|to|by|at|of|in|on|for|and|or|with|below|under|above|over))+$", re.I
)
ANY_VERB = load_vocabulary().compile(
    r"(?:{increase_verbs}|{decrease_verbs}|{reach_verbs}|{maintain_verbs}|{task_verbs}|make|get"
    r"|have|see|bring|take)(?:\s+(?:up|in|on|more))?\s+"
)


# ----------------------------------------------------------------------------- key results
def clean_item(text: str) -> str:
    """The item without vague quantifiers ("significantly", "best-in-class") or a final period."""
    capital = text.lstrip()[:1].isupper()
    for start, end in reversed(rule_spans("OKR407", text)):
        inner = re.match(r"as\s+(?:many|much|few)\s+(.*?)\s*as\s+possible$", text[start:end], re.I)
        text = text[:start] + " " + (inner.group(1) if inner else "") + " " + text[end:]
    text = re.sub(r"\s+", " ", text).strip(" .")
    return text[:1].upper() + text[1:] if capital else text


_ASKED = re.compile(r"\b(?:what|which|how\s+much)\s+(?:[\w-]+\s+){1,3}$", re.I)


def split_dependency(text: str) -> tuple[str, str]:
    """("Launch partner portal", ", depends on another team"): the dependency stays the user's."""
    marker = load_vocabulary().search("dependency_markers", text)
    if not marker or _ASKED.search(text[: marker.start()]):
        return text, ""  # "Research what users need from the CLI": what they need, no dependency
    m = re.search(r"\s*(?:\(|,|;|\s[-–—])\s*$", text[: marker.start()])
    start = m.start() if m else marker.start()
    clause = text[start:].strip()
    if not clause.startswith(("(", ",", ";", "-", "–", "—")):
        clause = ", " + clause
    sep = "" if clause.startswith((",", ";")) else " "
    return text[:start].strip(" ,;"), sep + clause


def held_value(text: str, a: KeyResultAnalysis, number, inside: tuple[int, int]):
    """What a "maintain" key result says the metric is today: "Maintain 99.9% uptime" and "Keep
    uptime at 99.9%" state it; "below 3%" is a threshold (a KPI guardrail), not today's value."""
    number = number or next((n for n in a.numbers if not inside[0] <= n.start < inside[1]), None)
    return number if number and not _THRESHOLD.search(text[: number.start]) else None


_LOWER_BOUND = re.compile(
    r"above|over|more\s+than|at\s+least|no\s+(?:less|fewer)\s+than|not\s+less\s+than|>|≥", re.I
)


def guardrail(text: str, a: KeyResultAnalysis, inside: tuple[int, int]) -> str:
    """The threshold a "maintain" key result states, kept as the improvement's guardrail:
    "Maintain checkout error rate below 0.5%" → ", never above 0.5%" (issue 11: a rewrite keeps
    every number the line states); "" when the line states none."""
    for number in a.numbers:
        if inside[0] <= number.start < inside[1]:
            continue
        held = _THRESHOLD.search(text[: number.start])
        if held:
            side = "below" if _LOWER_BOUND.match(held.group(0).strip()) else "above"
            return f", never {side} {number.raw}"
    return ""


def find_ignoring_case(text: str, part: str) -> re.Match[str] | None:
    """Where ``part`` first stands in ``text``, whatever its case (the analysis lowers some of
    what it reads: "close cycle" in "Close cycle reduced to 9 days")."""
    return re.search(re.escape(part), text, re.I)


# the auxiliaries before a verb after its metric: "The error rate is kept below 1%"
_AUXILIARIES = r"(?:\s+(?:has|have|had|is|are|was|were|will|would|should|must|can|been|be|to))*"


def metric_span(text: str, a: KeyResultAnalysis) -> tuple[str, int, int, str | None]:
    """(metric phrase with its qualifiers, where it starts and ends, a leading comparative)."""
    found = find_ignoring_case(text, a.subject) if a.subject else None
    start = found.start() if found else 0
    verb = ANY_VERB.match(text)
    leads = bool(verb and (not a.verb or verb.group(0).lower().startswith(a.verb)))
    if leads:
        start = max(start, verb.end())
    start += len(text[start:]) - len(text[start:].lstrip())
    comparative = COMPARATIVE.match(text[start:])
    start += comparative.end() if comparative else 0
    rest = text[start:]
    after = None
    if a.verb and not leads:  # "Close cycle reduced to 9 days": the verb after its metric
        after = re.search(rf"{_AUXILIARIES}\s{re.escape(a.verb)}\b", rest, re.I)
    # before a verb after its metric, a comma is inside the metric's noun phrase ("Number of
    # valid, payable claims submitted increases by X%")
    cuts = [
        m.start()
        for m in _METRIC_CUT.finditer(rest)
        if not (after and m.group(0).startswith(",") and m.start() < after.start())
    ][:1]
    cuts += [s - start for s, _ in find_deadline(text)[1] if s > start]
    cuts += [s for s, _ in rule_spans("OKR404", rest)]
    cuts += [after.start()] if after else []
    phrase = _TRAILING.sub("", rest[: min(cuts, default=len(rest))].strip(" .,;:")).strip()
    metric = tidy_metric(phrase)
    return metric, start, start + len(phrase), comparative and comparative.group(1).lower()


def role_number(text: str, a: KeyResultAnalysis, q, inside: tuple[int, int], before: str):
    """The analysed baseline/target, unless it sits inside the metric ("per 1k users") or in a
    "by writing 400 tests" clause; then the number after "from" / "to" that follows the metric."""
    if q is not None and re.search(r"\bby\s+\w+ing\b", text[inside[1] : q.start]):
        return None
    if q is not None and re.search(r"\bn\s?=\s?$", text[: q.start], re.I):
        return None  # "across the n=750 ground truth dataset": a sample size, no target
    if q is not None and not inside[0] <= q.start < inside[1]:
        return q
    return next(
        (
            n
            for n in a.numbers
            if n.start >= inside[1]
            and re.search(
                rf"\b{before}\s+(?:at\s+least\s+|about\s+|~\s?|{COMPARATOR})?$", text[: n.start]
            )
        ),
        None,
    )


# Words that already say a metric is a time, a span or a pace ("close cycle time", "latency",
# "release cadence", "p95"), so a target in days or hours needs no "time" added to it.
_TIMED = re.compile(
    r"\b(?:time|times|duration|latenc(?:y|ies)|delays?|lag|age|turnaround|wait(?:ing)?|uptime"
    r"|downtime|MTT\w*|TT\w+|SLAs?|p\d{2,3}|cadence|frequency|interval|period|per|every"
    r"|seconds?|minutes?|hours?|days?|weeks?|months?|years?)\b",
    re.I,
)


def timed_metric(metric: str, *numbers) -> str:
    """A metric asked to reach a length of time names a time: "Close cycle reduced to 9 days" →
    "close cycle time", "App load under 2 seconds" → "app load time" (a span is not a count of
    close cycles). A metric that already says it is a time or a pace stays as it is."""
    if _TIMED.search(metric) or not any(n and n.unit == Unit.DURATION for n in numbers):
        return metric
    return f"{metric} time"


_OR_CHANGE = re.compile(r"\s*[a-z]+\s+or\s+([a-z]+)\b", re.I)


def direction_of(a: KeyResultAnalysis, metric: str, comparative: str | None, text: str = "") -> str:
    if comparative in {"lower", "fewer", "less", "smaller", "low"}:
        return "decrease"
    either = _OR_CHANGE.match(text) if a.direction == Direction.MAINTAIN else None
    if either:  # "Maintain or reduce the amount of time …": the change it allows is the way
        for name in ("decrease_verbs", "increase_verbs"):
            if load_vocabulary().pattern(name).fullmatch(either.group(1)):
                return name.partition("_")[0]
    if a.direction == Direction.MAINTAIN and a.numbers:  # "Keep SLA breach rate under 2%"
        held = _THRESHOLD.search(text[: a.numbers[0].start])
        if held and re.match(r"below|under|less|at\s+most|no\s+more|within|<|≤", held.group(0)):
            return "decrease"
        if held:
            return "increase"
    if a.direction in (Direction.INCREASE, Direction.DECREASE) and (a.verb or "") not in _AMBIGUOUS:
        return a.direction.value
    return "decrease" if lower_is_better(metric) else "increase"


def verb_direction(verb: str) -> str:
    return "decrease" if load_vocabulary().pattern("decrease_verbs").fullmatch(verb) else "increase"


def own_deadline(text: str, a: KeyResultAnalysis, quarter: str | None, objective: str, after: int):
    """A metric key result keeps its own deadline ("across all Q2 releases"), else the quarter's."""
    own = deadline_tail(text, after) if a.deadline else None
    where = text.find(own) if own else -1
    if own and any(
        s <= where < e or where <= s < where + len(own) for s, e in rule_spans("OKR404", text)
    ):
        own = None  # "at the end-of-quarter customer review" names the survey, not a deadline
    own = own and re.sub(r"^(?:in|during)\s+the\s+([QH][1-4])$", r"by end of \1", own)
    if own and is_window(own):
        own = None  # "resolve critical alerts within 7 days": how fast, not by when
    return _by(own) if own else quarter_deadline(quarter, text, objective)[0]


_BARE_END = re.compile(r"(?:the\s+)?end\s+of\b", re.I)


def _by(deadline: str) -> str:
    """A deadline the line wrote without its preposition ("Ship the export end of Q3") reads
    "by end of Q3" after a target, as the quarter's own deadline does."""
    return f"by {deadline}" if _BARE_END.match(deadline) else deadline


# A response window ("within 7 days", "within 24 hours") measures how fast something is done;
# the outcome is still read at the period's end. "Within the next 6 months" is a deadline.


def task_deadline(text: str, a: KeyResultAnalysis, quarter: str | None, objective: str) -> str:
    """A task's "by Week 6" is the task's due date; the outcome is read at the period's end."""
    if a.deadline and is_period_end(a.deadline):
        return _by(a.deadline)
    return quarter_deadline(quarter, text, objective)[0]


def relative_phrase(a: KeyResultAnalysis, direction: str) -> str:
    """ "by 20%" kept beside the placeholders as "(a 20% increase)", never computed into a target."""
    rel = a.relative_change
    if (
        not rel
        or not re.search(r"\d", rel.raw)
        or (a.verb or "").lower() in {"double", "triple", "halve"}
    ):
        return ""
    return f"(a {rel.raw} {'increase' if direction == 'increase' else 'reduction'})"
