"""A key result's values stated beside its text: a table's "Baseline | Target | Due" columns, or
"Target: 70%" lines under it (a template's "* **Key Result 1.1:** …" over "* _Target:_ 70%"),
put into the words the analysis reads after the text (" from 45% to 70% by Q3",
``KeyResult.measures``)."""

from __future__ import annotations

import re

# Each name with the word its value follows. The due date first: a "Target date" is a
# deadline, not a target. "Current" is not a baseline: in a tracking sheet ("KR | End of Q2 |
# Current") or a template ("Current Status: 5%") it is the progress so far.
_NAMES = (
    (
        re.compile(
            r"(?:due(?:\s+date)?|deadline|by(?:\s+when)?|target\s+date|eta|timeline|time\s*frame)",
            re.I,
        ),
        "by",
    ),
    (re.compile(r"(?:baselines?|start(?:ing)?(?:\s+value)?|from)", re.I), "from"),
    (re.compile(r"(?:targets?(?:\s+value)?|goal(?:\s+value)?|to)", re.I), "to"),
)
_ORDER = ("from", "to", "by")
_QUALIFIER = re.compile(r"\s*\([^()]*\)\W*$")  # "Baseline (Q2)", "Target (end of Q3):"
_EDGES = re.compile(r"^\W+|\W+$")
# An empty cell, "-", "n/a", "TBD", "Not measured", or a template's placeholder in brackets ("[e.g., 5%]",
# "[Target value]") states no value.
_NO_VALUE = re.compile(
    r"^\W*(?:n/?a|none|-+|—|–|tb[dc]|to\s+be\s+(?:decided|determined|confirmed)|unknown"
    r"|not\s+(?:yet\s+)?(?:measured|measurable|known|tracked|available))?\W*$"
    r"|^\[[^\]]*\]$",
    re.I,
)
_OWNER = re.compile(r"(?:owners?|dri|assignees?)", re.I)
# "* _Target:_ 70%", "- **Baseline:** 800", "Due: end of Q3": a name, a colon, a value
_FIELD = re.compile(r"[*_\s]*([A-Za-z][A-Za-z ]{0,20}?)[*_\s]*:[*_\s]*(\S.*?)[*_\s]*")


def is_field(line: str) -> bool:
    """A "Name: value" line of any name ("**Progress:** 0%", "Confidence: high")."""
    m = _FIELD.fullmatch(line.strip())
    return m is not None and len(m.group(1).split()) <= 3


def word_for(name: str) -> str | None:
    """ "from", "to" or "by" for a column or field that states a baseline, a target or a due
    date (its name, emphasis and punctuation around it aside), else None."""
    name = _QUALIFIER.sub("", name).strip(" \t*_:.#")
    name = _EDGES.sub("", name)  # "🎯 Target", "📅 Target date"
    return next((word for pattern, word in _NAMES if pattern.fullmatch(name)), None)


def field(line: str) -> tuple[str, str] | None:
    """(word, value) for a line that states a value ("from" / "to" / "by", or "owner"), else
    None."""
    m = _FIELD.fullmatch(line.strip())
    if m is None:
        return None
    name, value = m.group(1).strip(), m.group(2).strip()
    word = "owner" if _OWNER.fullmatch(name) else word_for(name)
    return (word, value) if word is not None else None


def compose(stated: dict[str, str]) -> str:
    """The words for the values stated (by "from", "to", "by"), in that order: " from 45% to
    70% by Q3"; an empty, "-", "n/a", "TBD" or "[placeholder]" value states nothing."""
    words = []
    for word in _ORDER:
        value = " ".join(stated.get(word, "").split()).strip("*_` ")
        if _NO_VALUE.match(value):
            continue
        words.append(value if value.lower().startswith(word + " ") else f"{word} {value}")
    return "".join(" " + w for w in words)
