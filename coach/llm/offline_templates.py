"""The offline rewriter's pieces: metric names, deadlines, the user's metrics, objective templates.

Pure functions over text, no model and no I/O beyond the packaged word lists and lexicon.
Decisions (documented here because the tests hold them):

- Deadlines. A metric key result keeps its own deadline phrase. A task's own deadline is kept
  only when it is the end of a period ("by end of Q3", "this quarter", "by the end of the fiscal
  year"): "by Week 6" or "by March 1" is when the *task* is due, not when the outcome is read, so
  the outcome gets the end of the draft's quarter ("by end of Q2"), or of a quarter the item or
  its objective names, or "by end of the quarter".
- The user's metrics match tolerantly but never across subjects: case, plurals, punctuation,
  abbreviations (NPS, DAU, …) and the generic words "rate", "completion", "share", "score", …
  are ignored; every other word must agree, so "onboarding completion rate" never takes the
  value of "checkout completion rate". A metric named "<metric> target" gives the target.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from coach.analysis import find_deadline, find_quantities
from coach.model import Direction, KeyResultAnalysis
from coach.rubric.vocabulary import load_vocabulary

if TYPE_CHECKING:
    from coach.rewrite.lexicon import OutcomeEntry

PLACEHOLDER_BASELINE = "[baseline]"
PLACEHOLDER_TARGET = "[target]"

_GENERIC = {
    "rate",
    "completion",
    "percentage",
    "percent",
    "pct",
    "share",
    "ratio",
    "level",
    "the",
    "of",
    "a",
    "an",
    "our",
    "average",
    "avg",
    "mean",
    "overall",
    "total",
    "number",
    "count",
    "score",
    "current",
    "today",
    "value",
    "metric",
    "kpi",
    "in",
    "per",
    "by",
    "for",
}
_ALIASES = {
    "nps": "net promoter",
    "csat": "customer satisfaction",
    "dau": "daily active user",
    "wau": "weekly active user",
    "mau": "monthly active user",
    "arr": "annual recurring revenue",
    "mrr": "monthly recurring revenue",
    "nrr": "net revenue retention",
    "mttr": "mean time resolve",
    "fcr": "first contact resolution",
    "cac": "customer acquisition cost",
    "ltv": "lifetime value",
    "signup": "sign up",
    "signups": "sign up",
    "sign-ups": "sign up",
    "e-mail": "email",
}
_TARGET_WORDS = {"target", "goal", "objective"}
_PERIOD_END = re.compile(
    r"\b(?:end|close)\s+of\b|\b(?:this|next|current|the)\s+(?:quarter|half|year|fiscal\s+year)\b"
    r"|\bby\s+(?:Q[1-4]|H[12]|FY)",
    re.I,
)
_QUARTER = re.compile(r"\b([QH][1-4])\b", re.I)
_LOWER_IS_BETTER = re.compile(
    r"\b(?:churn|latency|time|times|duration|cost|costs|defects?|errors?|incidents?|bounce|backlog"
    r"|drop-?off|abandonment|crash(?:es)?(?!-free)|bugs?|wait|delays?|downtime|outages?|escape"
    r"|attrition|CAC|spend|burn|MTTR|MTTD|p\d\d|failures?|complaints?|tickets?|days\s+to"
    r"|cycle|breach(?:es)?|violations?|vulnerabilit(?:y|ies)|no-shows?|risk)\b",
    re.I,
)
_ACRONYMS = {
    "nps",
    "csat",
    "ces",
    "dau",
    "wau",
    "mau",
    "arr",
    "mrr",
    "nrr",
    "sso",
    "api",
    "seo",
    "ctr",
    "mttr",
    "ltv",
    "cac",
    "arpu",
    "kpi",
    "ux",
    "ui",
}


# ----------------------------------------------------------------------------- metric names
def _tokens(name: str) -> list[str]:
    words = []
    for word in re.findall(r"[a-z0-9]+", name.lower().replace("&", " and ")):
        expanded = _ALIASES.get(word, word)
        for part in expanded.split():
            words.append(part[:-1] if len(part) > 3 and part.endswith("s") else part)
    return words


def metric_key(name: str) -> frozenset[str]:
    """The words of a metric name that decide which metric it is."""
    return frozenset(w for w in _tokens(name) if w not in _GENERIC)


def _first_quantity(value: str) -> str | None:
    found = find_quantities(value.strip())
    return found[0].raw if found else None


def lookup_metric(
    metric: str, metrics: tuple[tuple[str, str], ...]
) -> tuple[str | None, str | None]:
    """(current value, target value) for ``metric`` from the user's metrics, as written."""
    want = metric_key(re.sub(r"\[[^\]]*\]", " ", metric))
    current = target = None
    if not want:
        return None, None
    for name, value in metrics:
        key = metric_key(name)
        raw = _first_quantity(str(value))
        if raw is None:
            continue
        if key & _TARGET_WORDS and key - _TARGET_WORDS == want:
            target = target or raw
        elif key == want:
            current = current or raw
    return current, target


def lower_is_better(metric: str) -> bool:
    """Whether the metric's head ("support ticket volume" in "… per active user") should fall."""
    head = re.split(
        r"\s(?:for|on|in|of|at|per|among|from|with|across|by|via)\s", metric, maxsplit=1
    )[0]
    return bool(_LOWER_IS_BETTER.search(head)) and not re.search(r"\buptime\b", head, re.I)


def rule_spans(rule_id: str, text: str) -> list[tuple[int, int]]:
    """Where a pattern rule's own words and patterns match ``text`` (the rubric stays the source)."""
    from coach.rubric import load_rubric

    params = load_rubric().get(rule_id).params
    vocabulary = load_vocabulary()
    names, patterns = params.get("vocabulary") or [], params.get("patterns") or []
    compiled = [vocabulary.pattern(n) for n in ([names] if isinstance(names, str) else names)]
    compiled += [
        vocabulary.compile(p) for p in ([patterns] if isinstance(patterns, str) else patterns)
    ]
    return sorted(m.span() for pattern in compiled for m in pattern.finditer(text))


_COUNTABLE = re.compile(
    r"^(?:[\w-]+\s+)?(?:customers|accounts|teams|members|partners|merchants"
    r"|sellers|buyers|developers|workspaces|seats|deals)$",
    re.I,
)


def tidy_metric(phrase: str) -> str:
    """The metric as a noun phrase: "our support response times" → "support response times",
    "beta customers" → "number of beta customers", "nps" → "NPS"."""
    phrase = re.sub(r"^(?:the|our|a|an|its|their)\s+", "", phrase.strip(" .,;:"), flags=re.I)
    words = [w.upper() if w.lower() in _ACRONYMS else w for w in phrase.split()]
    if words and re.fullmatch(r"[A-Z][a-z-]+", words[0]):  # "Average manager …"
        words[0] = words[0].lower()
    phrase = " ".join(words)
    if _COUNTABLE.match(phrase) and not re.match(
        r"(?:active|paying|paid|daily|weekly|monthly)\b", phrase, re.I
    ):
        phrase = "number of " + phrase
    return phrase


def with_article(metric: str) -> str:
    return (
        "the " + metric
        if re.match(r"(?:share|number|percentage|proportion)\s+of\b", metric)
        else metric
    )


# ----------------------------------------------------------------------------- deadlines
def quarter_deadline(
    quarter: str | None, item: str = "", objective: str = ""
) -> tuple[str, str | None]:
    """("by end of Q2", where Q2 comes from) for the draft's quarter, else for a quarter the item
    or its objective names, else ("by end of the quarter", None)."""
    for source, text in (("draft", quarter or ""), ("original", item), ("draft", objective)):
        m = _QUARTER.search(text)
        if m:
            phrase = f"by end of {m.group(1).upper()}"
            if find_deadline(phrase)[0] == phrase:
                return phrase, source
    return "by end of the quarter", None


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
    """Matching entries: areas first, then outputs, each in order of where they occur."""
    from coach.rewrite.lexicon import load_lexicon  # coach.rewrite imports this package

    found = []
    for index, entry in enumerate(load_lexicon().entries):
        m = entry.pattern.search(text)
        if m:
            found.append((entry.role == "output", m.start(), index, entry))
    return [entry for *_, entry in sorted(found, key=lambda f: f[:3])]


# ----------------------------------------------------------------------------- objectives
_BENEFICIARY_NOUNS = (
    r"users?|customers?|clients?|buyers?|sellers?|merchants?|shoppers?|members?|subscribers?"
    r"|developers?|partners?|patients?|students?|learners?|readers?|employees?|people|teams?"
    r"|engineers?|managers?|admins?|agents?|reps?|candidates?|hires?|owners?|marketers?"
    r"|designers?|operators?|drivers?|riders?|guests?|hosts?|creators?|players?|fans?|accounts?"
    r"|enterprises?|SMBs?|analysts?|marketing managers?|product managers?"
)
_MODIFIER = r"(?!(?:for|with|to|of|and|or|in|on|by|at|who|that)\b)[A-Za-z][\w-]*\s+"
_BENEFICIARY = re.compile(
    rf"\b(?:for|with|to|among|across|of)\s+(?:all\s+|our\s+|the\s+|every\s+|each\s+)*"
    rf"((?:{_MODIFIER}){{0,2}}(?:{_BENEFICIARY_NOUNS}))\b",
    re.I,
)
_BARE_BENEFICIARY = re.compile(rf"\b({_BENEFICIARY_NOUNS})\b", re.I)
_CUT = re.compile(
    r"\s(?:for|with|to|among|across|by|from|in|into|so\s+that|without|within|at"
    r"|through|until|via)\s",
    re.I,
)
_GENERIC_TAIL = re.compile(r"\s+(?:experience|process|journey|flow|workflow|experiences)$", re.I)
_CATEGORIES = [
    ("retention", r"churn|retention|renewal|cancel"),
    ("engagement", r"engag|active\s+users|\busage\b|sticki|habit|\b[DWM]AU\b"),
    ("nps", r"\bNPS\b|net\s+promoter|satisfaction|CSAT|recommend|loyal"),
    ("revenue", r"revenue|\bARR\b|\bMRR\b|\bsales\b|profit|bookings|monetis|monetiz"),
    ("usability", r"usability|ease\s+of\s+use|\bUX\b|user\s+experience"),
    ("audience", r"\baudiences?\b|\breaders(?:hip)?\b|\bfollowing\b"),
    ("market", r"\bmarkets?\b|\breach\b|international|expansion"),
    (
        "reliability",
        r"reliab|uptime|stabil|incident|outage|quality|defect|\bbugs?\b|release|\bMTT[RDA]\b"
        r"|deploy",
    ),
    ("speed", r"speed|performance|latency|\bfast|load\s+time"),
    ("community", r"communit|forum|followers"),
    ("cost", r"\b(?:costs?|spend|budget|expenses?|CAC)$"),
    ("security", r"secur|posture|\bSSO\b|\b2FA\b|\bMFA\b|privacy|compliance"),
]
_TEMPLATES = {
    "retention": "Make our product something every {b} wants to keep",
    "engagement": "Make our product a daily habit for every {b} who relies on it",
    "nps": "Become the product every {b} recommends without being asked",
    "revenue": "Make our product so valuable to every {b} that {subject} follows",
    "usability": "Make our product effortless to use for every {b}",
    "audience": "Make our work something {subject} seeks out and recommends",
    "market": "Make our product the first choice for every {b} in each market we enter",
    "place": "Make our product the first choice for every {b} in {subject}",
    "reliability": "Make {subject} rock-solid for every {b}",
    "speed": "Make {subject} feel instant for every {b}",
    "community": "Make {subject} a place every {b} wants to be part of",
    "cost": "Make {subject} lean without slowing down any {b}",
    "security": "Make {subject} something every {b} can trust without thinking about it",
    "default": "Make {subject} effortless for every {b}",
}
_QUALITY_TAIL = re.compile(
    r"(?:^|\s+)(?:reliability|stability|uptime|quality|performance|speed|latency|posture|MTT[RDA])$",
    re.I,
)
_INTERNAL = re.compile(
    r"\b(?:stack|code|CI|build|pipeline|infrastructure|infra|deploy\w*|on-call"
    r"|tests?|tooling|platform|release\w*|engineering)\b",
    re.I,
)
_CUSTOMER = re.compile(
    r"\b(?:revenue|sales|billing|pricing|checkout|payments?|renewals?|market"
    r"|enterprise|NPS|ARR|MRR|recommend)\w*",
    re.I,
)


def _singular(phrase: str) -> str:
    words = phrase.split()
    last = words[-1]
    if last.lower() == "people":
        return " ".join(words[:-1] + ["person"])
    if last.endswith("s") and not last.endswith("ss") and len(last) > 3:
        last = last[:-1]
    return " ".join(words[:-1] + [last])


def beneficiary(text: str) -> str | None:
    m = _BENEFICIARY.search(text) or _BARE_BENEFICIARY.search(text)
    if not m:
        return None
    phrase = re.sub(r"^(?:all|our|the|every|each)\s+", "", m.group(1).strip(), flags=re.I)
    return _singular(phrase[0].lower() + phrase[1:] if not phrase[:3].isupper() else phrase)


def default_beneficiary(text: str) -> str:
    if re.search(r"\b(?:hir(?:e|es|ing)|recruit\w*|candidates?|talent)\b", text, re.I):
        return "candidate"
    if _CUSTOMER.search(text):
        return "customer"
    return "engineer on the team" if _INTERNAL.search(text) else "user"


def objective_subject(text: str, verb_end: int, keep_case: bool = False) -> str:
    """What the objective is about, without its verb, numbers, time phrases and beneficiary:
    "Improve the onboarding experience for new users" → "onboarding"."""
    masked = list(text[verb_end:])
    spans = [(q.start, q.end) for q in find_quantities(text[verb_end:])]
    for start, end in spans + find_deadline(text[verb_end:])[1]:
        masked[start:end] = "\0" * (end - start)
    rest = re.sub(r"^\s*(?:to|into|in|on|for|with)\s+", "", "".join(masked), flags=re.I)
    cut = _CUT.search(" " + rest + " ")
    subject = (" " + rest)[: cut.start()] if cut else rest
    chunks = [c.strip(" .") for c in re.split(r"\0|,|;|:|\s[-–—]\s", subject)]
    subject = next((c for c in chunks if c), "")
    subject = re.sub(
        r"(?:\s+(?:of|to|by|from|at|in|on|for|with|and|or))+$", "", subject, flags=re.I
    )
    subject = re.sub(r"^(?:an?|of|to|by|from|at|in|on|for|with)\s+", "", subject, flags=re.I)
    stripped = re.sub(r"^(?:the|our)\s*", "", _GENERIC_TAIL.sub("", subject), flags=re.I).strip()
    if stripped and stripped != subject and _GENERIC_TAIL.search(subject):
        subject = stripped
    words = subject.split()
    if len(words) > 4 or re.search(r"\b(?:they|them|their|we|us|it|its|is|are)\b", subject, re.I):
        return ""  # a clause, not a noun phrase: no template reads well around it
    long_words = [w for w in text.split() if len(w) > 3]
    if keep_case or len(long_words) < 3 or not all(w[:1].isupper() for w in long_words):
        return " ".join(words)
    return " ".join(w if any(c.isupper() for c in w[1:]) else w.lower() for w in words)


def objective_texts(text: str, verb_end: int) -> list[str]:
    """Candidate rewrites of an objective, best first."""
    subject = objective_subject(text, verb_end)
    who = beneficiary(text) or default_beneficiary(text)
    kinds = [name for name, pattern in _CATEGORIES if re.search(pattern, subject or text, re.I)]
    if re.match(r"\s*in\s+[A-Z]", text[verb_end:]):  # "Launch in Germany and France"
        kinds, who = ["place"], beneficiary(text) or "customer"
        subject = objective_subject(text, verb_end, keep_case=True)
    texts = []
    for kind in [*kinds[:1], "default"]:
        if "{subject}" in _TEMPLATES[kind] and not subject:
            continue
        template, named = _TEMPLATES[kind], subject
        if kind in ("reliability", "speed", "security") and _QUALITY_TAIL.search(subject):
            core = re.sub(r"^(?:the|our)\s+", "", _QUALITY_TAIL.sub("", subject), flags=re.I)
            named = "our " + core  # "platform reliability" → "our platform"
            if not core:  # "uptime", "MTTR"
                template, named = "Make {subject} something every {b} can count on", subject
        if kind == "audience" and not re.match(r"(?:the|our|their)\s", subject, re.I):
            named = "our " + subject
        texts.append(template.format(b=who, subject=named))
    return list(dict.fromkeys(texts))


_RATIO = re.compile(r"(?:the\s+)?(?:share|percentage|proportion|ratio|rate|%)\b", re.I)
CLAUSE = re.compile(
    r"\b(?:love|loves|like|likes|use|uses|want|wants|need|needs|feel|feels|get|gets)\b", re.I
)


def measures_an_outcome(text: str, a: KeyResultAnalysis) -> bool:
    """A "task" with a baseline and a target that is not one of the guide's output measures
    ("Build pipeline median duration down from 22 min to 8 min"): not the offline rewriter's to
    replace. "Increase sprint velocity from 32 to 45" is an output measure (the guide's table)."""
    ratio = _RATIO.match(a.subject or "")
    return bool(ratio) or not load_vocabulary().search("output_metrics", text)


_AMBIGUOUS = {"improve", "optimize", "optimise", "speed up", "better", "push", "scale"}
_PLACEHOLDER_NUMBER = r"(?:[$€£]?[+\-−]?\d|\[|TB[DCA]\b|X{1,3}\s?%|N\s?%|\?\?)"
_METRIC_CUT = re.compile(
    rf"\s(?:(?:from|to|by|at|of)\s+(?:at\s+least\s+|about\s+|around\s+|~\s?)?{_PLACEHOLDER_NUMBER}"
    rf"|(?:below|under|above|over|less\s+than|more\s+than|at\s+(?:least|most))\s+{_PLACEHOLDER_NUMBER}"
    r"|or\s+(?:higher|lower|more|less|above|below)\b|while\b|so\s+that\b|by\s+\w+ing\b)"
    r"|\s?[(;]|,\s|\s[-–—]\s",
    re.I,
)
_THRESHOLD = re.compile(
    r"(?:below|under|above|over|less\s+than|more\s+than|at\s+(?:least|most)"
    r"|no\s+more\s+than|within|<|>|≤|≥)\s*$",
    re.I,
)
COMPARATIVE = re.compile(r"^(better|higher|more|faster|greater|lower|fewer|less|smaller)\s+", re.I)
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


def split_dependency(text: str) -> tuple[str, str]:
    """("Launch partner portal", ", depends on another team"): the dependency stays the user's."""
    marker = load_vocabulary().search("dependency_markers", text)
    if not marker:
        return text, ""
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


def metric_span(text: str, a: KeyResultAnalysis) -> tuple[str, int, int, str | None]:
    """(metric phrase with its qualifiers, where it starts and ends, a leading comparative)."""
    start = max(text.find(a.subject) if a.subject else 0, 0)
    verb = ANY_VERB.match(text)
    if verb and (not a.verb or verb.group(0).lower().startswith(a.verb)):
        start = max(start, verb.end())
    start += len(text[start:]) - len(text[start:].lstrip())
    comparative = COMPARATIVE.match(text[start:])
    start += comparative.end() if comparative else 0
    rest = text[start:]
    cuts = [m.start() for m in [_METRIC_CUT.search(rest)] if m]
    cuts += [s - start for s, _ in find_deadline(text)[1] if s > start]
    cuts += [s for s, _ in rule_spans("OKR404", rest)]
    phrase = _TRAILING.sub("", rest[: min(cuts, default=len(rest))].strip(" .,;:")).strip()
    metric = tidy_metric(phrase)
    return metric, start, start + len(phrase), comparative and comparative.group(1).lower()


def role_number(text: str, a: KeyResultAnalysis, q, inside: tuple[int, int], before: str):
    """The analysed baseline/target, unless it sits inside the metric ("per 1k users") or in a
    "by writing 400 tests" clause; then the number after "from" / "to" that follows the metric."""
    if q is not None and re.search(r"\bby\s+\w+ing\b", text[inside[1] : q.start]):
        return None
    if q is not None and not inside[0] <= q.start < inside[1]:
        return q
    return next(
        (
            n
            for n in a.numbers
            if n.start >= inside[1]
            and re.search(rf"\b{before}\s+(?:at\s+least\s+|about\s+|~\s?)?$", text[: n.start])
        ),
        None,
    )


def direction_of(a: KeyResultAnalysis, metric: str, comparative: str | None, text: str = "") -> str:
    if comparative in {"lower", "fewer", "less", "smaller"}:
        return "decrease"
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


def value_of(raw: str) -> float | None:
    found = find_quantities(raw)
    return found[0].value if found else None


def contradicts(baseline: str, target: str, direction: str) -> bool:
    b, g = value_of(baseline), value_of(target)
    if b is None or g is None:
        return False
    return g == b or (g < b if direction == "increase" else g > b)


def number_sources(
    text: str, known: dict[str, str], item: str, metrics: tuple[tuple[str, str], ...]
) -> list[dict[str, str]]:
    """Every number and placeholder in ``text`` with where it comes from."""
    from coach.rewrite.guard import numbers_in  # coach.rewrite imports this package

    numbers = []
    for token in re.findall(r"\[[^\]\[]+\]|[^\s()\[\]]*\d[^\s()\[\]]*", text):
        token = token if token.startswith("[") else token.rstrip(".,;:")
        if token in known:
            source = known[token]
        elif token.startswith("["):
            source = "placeholder"
        elif numbers_in(token) <= numbers_in(item):
            source = "original"
        elif any(numbers_in(token) <= numbers_in(value) for _, value in metrics):
            source = "metrics"
        else:
            source = "draft"
        numbers.append({"value": token, "source": source})
    return numbers


def objective_verb_end(text: str) -> int:
    """Where the objective's opening verb ("Improve", "Grow", "Reach") ends; 0 without one."""
    vocabulary = load_vocabulary()
    names = ("activity_verbs", "increase_verbs", "decrease_verbs", "reach_verbs", "maintain_verbs")
    ends = [m.end() for m in (vocabulary.pattern(n).match(text) for n in names) if m]
    ends += [m.end() for m in [re.match(r"(?:make|become|be|get|ensure)\b", text, re.I)] if m]
    return max(ends, default=0)


def without_numbers(text: str) -> str | None:
    """ "Make onboarding 50% faster for new admins" → "Make onboarding faster for new admins":
    the objective with its metric numbers taken out, when they are incidental to it."""
    vocabulary = load_vocabulary()
    names = ("increase_verbs", "decrease_verbs", "reach_verbs", "maintain_verbs")
    if any(vocabulary.pattern(n).match(text) for n in names):
        return None  # "Increase revenue by 25%": the number is the point; use a template
    for q in reversed(find_quantities(text)):
        if re.match(r"\s+of\b", text[q.end :]):  # "so that 60% of them give again"
            text = text[: q.start] + "more" + text[q.end :]
            continue
        before = re.search(
            r"(?:\s+(?:by|to|of|at|from|with|over|under|about))?\s*$", text[: q.start]
        )
        text = text[: before.start()] + " " + text[q.end :]
    return re.sub(r"\s+", " ", text).strip(" ,.") or None


def own_deadline(text: str, a: KeyResultAnalysis, quarter: str | None, objective: str, after: int):
    """A metric key result keeps its own deadline ("across all Q2 releases"), else the quarter's."""
    own = deadline_tail(text, after) if a.deadline else None
    where = text.find(own) if own else -1
    if own and any(
        s <= where < e or where <= s < where + len(own) for s, e in rule_spans("OKR404", text)
    ):
        own = None  # "at the end-of-quarter customer review" names the survey, not a deadline
    own = own and re.sub(r"^(?:in|during)\s+the\s+([QH][1-4])$", r"by end of \1", own)
    return own or quarter_deadline(quarter, text, objective)[0]


def task_deadline(text: str, a: KeyResultAnalysis, quarter: str | None, objective: str) -> str:
    """A task's "by Week 6" is the task's due date; the outcome is read at the period's end."""
    if a.deadline and is_period_end(a.deadline):
        return a.deadline
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
