"""The offline rewriter's metric names: matching the user's metrics file, tidying a metric phrase,
and where every number of a proposal comes from.

The user's metrics match tolerantly but never across subjects: case, plurals, punctuation,
abbreviations (NPS, DAU, …) and the generic words "rate", "completion", "share", "score", … are
ignored; every other word must agree, so "onboarding completion rate" never takes the value of
"checkout completion rate". A metric named "<metric> target" gives the target.
"""

from __future__ import annotations

import re

from coach.analysis import find_quantities

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
    """(current value, target value) for ``metric`` from the user's metrics, as written. A
    user's metric that only adds a window to it is the same metric ("new-user 7-day retention"
    for "new-user retention"; "30-day churn" for "churn"): the user says over what time it is
    measured, which a metric named with no digit cannot."""
    want = metric_key(re.sub(r"\[[^\]]*\]", " ", metric))
    current = target = None
    if not want:
        return None, None
    for name, value in metrics:
        key = metric_key(name)
        raw = _first_quantity(str(value))
        if raw is None:
            continue
        if key & _TARGET_WORDS and key - _TARGET_WORDS in (want, _without_window(want, name)):
            target = target or raw
        elif key in (want, _without_window(want, name)):
            current = current or raw
    return current, target


def windowed_name(metric: str, metrics: tuple[tuple[str, str], ...]) -> str | None:
    """The user's name for ``metric`` when it adds a window ("new-user 7-day retention" for
    "new-user retention"), so a rewrite says over what time its baseline was measured."""
    want = metric_key(metric)
    if not want:
        return None
    for name, _ in metrics:
        if metric_key(name) != want and metric_key(name) == _without_window(want, name):
            return name.strip()
    return None


_WINDOW = re.compile(r"\b(\d+)[- ]?(day|week|month|hour)s?\b", re.I)


def _without_window(want: frozenset[str], name: str) -> frozenset[str] | None:
    """``want`` with the window ``name`` names ("7-day") added, when ``want`` names none: the
    key a user's metric with that window has; None when there is nothing to add."""
    m = _WINDOW.search(name)
    if m is None or any(w.isdigit() for w in want):
        return None
    return want | metric_key(m.group(0))


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
        if re.match(
            r"(?:share|number|percentage|proportion)\s+of\b|time\s+it\s+takes\b"
            r"|(?:availability|latency|(?:completion|success|failure)\s+rate)\s+of\b",
            metric,
        )
        else metric
    )


def value_of(raw: str) -> float | None:
    found = find_quantities(raw)
    return found[0].value if found else None


def contradicts(baseline: str, target: str, direction: str) -> bool:
    b, g = value_of(baseline), value_of(target)
    if b is None or g is None:
        return False
    return g == b or (g < b if direction == "increase" else g > b)


_NUMBER_TOKEN = re.compile(
    r"\[[^\]\[]+\]|(?<![^\s()\[\]])[^\s()\[\]\d]*\d[^\s()\[\]]*"
    r"(?:\s(?i:thousand|million|billion|trillion)\b)?"
)
"""A placeholder, or a run of non-space characters holding a digit, with the magnitude word
after it ("1 million": its value is a million, ``numbers_in``). A run starts only where the run
before it ended (the lookbehind), so a long run with no digit is read once, not once per
character."""


def number_sources(
    text: str, known: dict[str, str], item: str, metrics: tuple[tuple[str, str], ...]
) -> list[dict[str, str]]:
    """Every number and placeholder in ``text`` with where it comes from."""
    from coach.rewrite.guard import numbers_in  # coach.rewrite imports this package

    in_item = numbers_in(item)
    in_metrics = [numbers_in(value) for _, value in metrics]
    numbers = []
    for token in _NUMBER_TOKEN.findall(text):
        token = token if token.startswith("[") else token.rstrip(".,;:")
        if token in known:
            source = known[token]
        elif token.startswith("["):
            source = "placeholder"
        elif numbers_in(token) <= in_item:
            source = "original"
        elif any(numbers_in(token) <= found for found in in_metrics):
            source = "metrics"
        else:
            source = "draft"
        numbers.append({"value": token, "source": source})
    return numbers
