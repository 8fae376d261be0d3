"""Deadlines and time boxes in a key result ("by end of Q2", "by Week 6", "within 30 days",
"before Q2 roadmap lock", "during Black Friday week")."""

from __future__ import annotations

import re
from functools import lru_cache

from coach.analysis.quotes import in_double_quotes
from coach.rubric.vocabulary import ascii_words

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# The words of ``_MONTH``'s names: a gate for the patterns that need a month
_MONTH_WORDS = frozenset(
    "jan january feb february mar march apr april may jun june jul july aug august sep sept "
    "september oct october nov november dec december".split()
)
_PERIOD = (
    rf"(?:Q[1-4](?:\s*(?:FY)?'?\d{{2,4}})?|H[12](?:\s*\d{{4}})?|FY\s?'?\d{{2,4}}|(?:19|20)\d{{2}}"
    r"|(?:the\s+)?(?:(?:this|next|current|coming|following)\s+)?(?:quarter|year|half|month|sprint"
    r"|cycle|fiscal\s+year|term(?!\s*[\"“'‘])|semester|school\s+year|season)"  # not 'the term "x"'
    rf"|{_MONTH}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:\s+\d{{4}})?"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?"
    r"|(?:week|wk|sprint|day|month)\s+\d+(?:\s+of\s+(?:the\s+)?(?:quarter|Q[1-4]))?"
    r"|EO[QYM]|launch|GA|go-live"
    r"|\[(?:deadline|date)\])"  # the placeholder a rewrite writes for a period it cannot read
)
_BY = r"(?:by|before|until|till|through|no\s+later\s+than|ahead\s+of)"
# A lookahead "(?=[…])" after the first \b names the letters a match can start with, so that a
# position starting with another one fails at once instead of trying every alternative.
_DEADLINES = [
    re.compile(  # "by end of Q2", "at the close of the year", "by end-of-year", "by end 2025"
        rf"\b(?=[butnaec])(?:(?:{_BY}\s+|at\s+)?(?:the\s+)?(?:end|close)[\s-]+of[\s-]+(?:the[\s-]+)?"
        rf"|{_BY}\s+(?:the\s+)?end[\s-]+){_PERIOD}",
        re.I,
    ),
    re.compile(rf"\b{_BY}\s+(?:the\s+)?(?:start|beginning)\s+of\s+(?:the\s+)?{_PERIOD}", re.I),
    re.compile(  # "by Q3", "by June 30", "by year end", "by quarter-end"
        rf"\b(?=[btnau]){_BY}\s+(?:the\s+)?{_PERIOD}(?:[\s-]+end\b)?", re.I
    ),
    re.compile(
        rf"\b(?=[idfoat])(?:in|during|for|over|across|throughout)\s+(?:all\s+)?(?:of\s+)?(?:the\s+)?{_PERIOD}\b",
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
        r"\b(?=[wiod])(?:within|in|over|during)\s+(?:the|their|your|our|its)?\s*(?:first|next|coming|"
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
    re.compile(  # a calendar date: "on March 4", "on 15 March 2026", "on the 4th of March"
        rf"\bon\s+(?:the\s+)?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"
        rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:\s+\d{{4}})?)",
        re.I,
    ),
]


# Words each pattern above cannot match without, sets of them per pattern, in order: a pattern
# is tried only when the text holds a word of each of its sets. Each word starts or ends at word
# boundaries in the pattern ("end" and "close" for the first, ``_BY`` for the third, the named
# event's noun for the sixth …). Most key results lack most of them, and a set lookup is cheaper
# than a scan.
_NEEDS = (
    (frozenset({"end", "close"}),),
    (frozenset({"start", "beginning"}),),
    (frozenset({"by", "before", "until", "till", "through", "no", "ahead"}),),
    (frozenset({"in", "during", "for", "over", "across", "throughout"}),),
    (frozenset({"end"}), frozenset({"in", "at"}), frozenset({"quarter", "year", "term"})),
    (
        frozenset({"during", "in", "over", "on", "before", "by"}),
        frozenset(
            {
                "week",
                "weekend",
                "season",
                "sale",
                "period",
                "peak",
                "launch",
                "conference",
                "release",
            }
        ),
    ),
    (frozenset({"within", "in", "over", "during"}),),
    (frozenset({"this", "next", "current"}),),
    (frozenset({"before"}),),
    (frozenset({"eoq", "eoy"}),),
    (frozenset({"on"}), _MONTH_WORDS),
)
_GATED = tuple(zip(_DEADLINES, _NEEDS, strict=True))


_NEEDED = frozenset().union(*(need for needs in _NEEDS for need in needs))
"""Every word some pattern needs: which patterns can match depends only on which of these a
text holds."""
_BY_NEEDED: dict[frozenset[str], list[re.Pattern[str]]] = {}
"""``_gated_patterns`` by the needed words a text holds: a few hundred key sets at most (texts
hold few of these words), each a dictionary lookup instead of a loop over the patterns."""
_MAX_KEYS = 4096


def _patterns_for(text: str) -> list[re.Pattern[str]]:
    """The patterns that can match ``text``, in order (all of them for non-ASCII text)."""
    words = ascii_words(text)
    if words is None:
        return _DEADLINES
    key = _NEEDED.intersection(words)
    found = _BY_NEEDED.get(key)
    if found is None:
        if len(_BY_NEEDED) >= _MAX_KEYS:
            _BY_NEEDED.clear()
        found = _BY_NEEDED[key] = _gated_patterns(key)
    return found


def _gated_patterns(words: frozenset[str]) -> list[re.Pattern[str]]:
    """The patterns whose every set of needed words meets ``words``."""
    found = []
    for pattern, needs in _GATED:
        for need in needs:
            if need.isdisjoint(words):
                break
        else:
            found.append(pattern)
    return found


@lru_cache(maxsize=4096)
def find_deadline(text: str) -> tuple[str | None, list[tuple[int, int]]]:
    """The longest deadline phrase in ``text`` and the spans of every deadline phrase."""
    spans = [m.span() for pattern in _patterns_for(text) for m in pattern.finditer(text)]
    if spans and ('"' in text or "\u201c" in text):  # a quoted title's words are no deadline
        spans = [s for s in spans if not in_double_quotes(text, s[0])]
    if not spans:
        return None, []
    start, end = max(spans, key=lambda s: (s[1] - s[0], -s[0]))
    return text[start:end].strip(), spans
