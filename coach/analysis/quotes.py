"""Whether a place in a line is inside a double-quoted title ('the "Give me your end of year
budget" campaign'): the title's words name a thing; they are not the line's deadline or kind.

Only a title inside a sentence counts, a word before it and after it: a line quoted whole (a
YAML value, a quoted key result), or a quote after a colon or at either end, is the line's own
words."""

from __future__ import annotations

import re

_GOES_ON = re.compile(r"\s*\w")
_WORD_BEFORE = re.compile(r"\w\s*$")


def in_double_quotes(text: str, at: int) -> bool:
    """``text[at]`` is inside a straight or curly double-quoted title followed by more words."""
    before = text[:at]
    if before.count('"') % 2 == 1:
        start, close = before.rfind('"'), text.find('"', at)
    elif before.rfind("\u201c") > before.rfind("\u201d"):
        start, close = before.rfind("\u201c"), text.find("\u201d", at)
    else:
        return False
    return (
        close != -1
        and _WORD_BEFORE.search(text, 0, start) is not None
        and _GOES_ON.match(text, close + 1) is not None
    )
