"""HTML comments: never item text, and the home of inline suppressions.

``<!-- coach-ignore OKR201 -->`` silences the listed rules (all rules when none is listed) on
its own line when it follows text there, otherwise on the next non-blank line;
``<!-- coach-ignore-file OKR103 -->`` silences them in the whole file. This is ruff's ``noqa``
and Vale's comment switches, in Markdown's own comment syntax. Every comment is blanked out
(replaced by spaces, newlines kept) before the Markdown is read, so columns stay true.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from coach.model import Suppression

_DIRECTIVE = re.compile(r"\s*coach-ignore(?P<file>-file)?\b(?P<rules>[^>]*)\Z", re.I)
_RULE = re.compile(r"[A-Za-z][\w-]*")
_NOT_NEWLINE = re.compile(r"[^\n]")


def mask_comments(text: str) -> tuple[str, list[Suppression]]:
    """(the text with every HTML comment blanked, the suppressions the comments declare).

    Linear in the text: each comment is found with ``str.find`` (an unclosed ``<!--`` ends the
    search instead of being retried at every later ``<!--``), and lines are numbered once."""
    if "<!--" not in text:
        return text, []
    pieces, directives, last = [], [], 0
    start = text.find("<!--")
    while start != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            break
        end += 3
        pieces.append(text[last:start])
        pieces.append(_NOT_NEWLINE.sub(" ", text[start:end]))
        last = end
        directive = _DIRECTIVE.match(text, start + 4, end - 3)
        if directive:
            directives.append((start, end, directive))
        start = text.find("<!--", end)
    pieces.append(text[last:])
    masked = "".join(pieces)
    if not directives:
        return masked, []
    lines = masked.split("\n")
    starts = list(accumulate(len(line) + 1 for line in lines[:-1]))  # of lines 2, 3, …
    following = _next_text_lines(lines)
    suppressions = []
    for start, end, directive in directives:
        rules = frozenset(
            r if "-" in r else r.upper()
            for r in _RULE.findall(directive["rules"].replace(",", " "))
        )
        line = None if directive["file"] else _target_line(lines, starts, following, start, end)
        suppressions.append(Suppression(rules=rules, line=line))
    return masked, suppressions


def _next_text_lines(lines: list[str]) -> list[int | None]:
    """For each 0-based line, the first line at or after it that holds text (None: none)."""
    following: list[int | None] = [None] * (len(lines) + 1)
    for number in range(len(lines) - 1, -1, -1):
        following[number] = number if lines[number].strip() else following[number + 1]
    return following


def _target_line(
    lines: list[str], starts: list[int], following: list[int | None], start: int, end: int
) -> int:
    """The 1-based line a comment silences: its own if it shares the line with text, else the
    next non-blank line after it. ``starts``: where each line after the first starts."""
    first = bisect_right(starts, start)  # 0-based lines of the comment's first and last character
    last = bisect_right(starts, end)
    if lines[first].strip():
        return first + 1
    if lines[last].strip():
        return last + 1
    after = following[last + 1]
    return (after if after is not None else last) + 1
