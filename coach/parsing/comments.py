"""HTML comments: never item text, and the home of inline suppressions.

``<!-- coach-ignore OKR201 -->`` silences the listed rules (all rules when none is listed) on
its own line when it follows text there, otherwise on the next non-blank line;
``<!-- coach-ignore-file OKR103 -->`` silences them in the whole file. This is ruff's ``noqa``
and Vale's comment switches, in Markdown's own comment syntax. Every comment is blanked out
(replaced by spaces, newlines kept) before the Markdown is read, so columns stay true.
"""

from __future__ import annotations

import re

from coach.model import Suppression

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_DIRECTIVE = re.compile(r"\s*coach-ignore(?P<file>-file)?\b(?P<rules>[^>]*?)\s*\Z", re.I)
_RULE = re.compile(r"[A-Za-z][\w-]*")


def mask_comments(text: str) -> tuple[str, list[Suppression]]:
    """(the text with every HTML comment blanked, the suppressions the comments declare)."""
    if "<!--" not in text:
        return text, []
    pieces, directives, last = [], [], 0
    for m in _COMMENT.finditer(text):
        pieces.append(text[last : m.start()])
        pieces.append(re.sub(r"[^\n]", " ", m.group(0)))
        last = m.end()
        directive = _DIRECTIVE.match(m.group(0)[4:-3])
        if directive:
            directives.append((m.start(), m.end(), directive))
    pieces.append(text[last:])
    masked = "".join(pieces)
    lines = masked.split("\n")
    suppressions = []
    for start, end, directive in directives:
        rules = frozenset(
            r if "-" in r else r.upper() for r in _RULE.findall(directive["rules"].replace(",", " "))
        )
        line = None if directive["file"] else _target_line(masked, lines, start, end)
        suppressions.append(Suppression(rules=rules, line=line))
    return masked, suppressions


def _target_line(masked: str, lines: list[str], start: int, end: int) -> int:
    """The 1-based line a comment silences: its own if it shares the line with text, else the
    next non-blank line after it."""
    first = masked.count("\n", 0, start)
    last = masked.count("\n", 0, end)
    if lines[first].strip():
        return first + 1
    if lines[last].strip():
        return last + 1
    for number in range(last + 1, len(lines)):
        if lines[number].strip():
            return number + 1
    return last + 1
