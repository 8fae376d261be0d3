"""Actual values written in the draft itself, next to their key result.

Accepted: "(actual 62%)" or "[actual: 62%]" anywhere in the key result, "— actual: 62%" at its
end, or a line "actual: 62%" right under it (a continuation line, a nested list item, or a
field of a YAML/JSON key result). The key result is graded on its text without the actual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.model import Draft

_BRACKETED = re.compile(r"\s*[(\[]\s*actual\s*[:=]?\s*(?P<value>[^()\[\]]+?)\s*[)\]]", re.I)
_TRAILING = re.compile(r"(?:^|\s*[—–|·;,]|\s+-|\s)\s*actual\s*[:=]\s*(?P<value>.+?)\s*$", re.I)
_LINE = re.compile(r"^\s*(?:[-*+]\s+)?[\"']?actual[\"']?\s*[:=]\s*(?P<value>.+?)\s*$", re.I | re.M)


@dataclass(frozen=True)
class Inline:
    value: str
    text: str
    """The key result's text without the actual."""
    extra: tuple[str, ...] = ()
    """Further inline actuals for the same key result (ignored, with a message)."""


def find_inline(draft: Draft) -> dict[tuple[int, int], Inline]:
    """Inline actuals by (objective index, key result index)."""
    notes = _notes_by_key_result(draft)
    found = {}
    for i, j, kr in draft.key_results():
        values, text = [], kr.text
        for pattern in (_BRACKETED, _TRAILING):
            match = pattern.search(text)
            if match:
                values.append(match.group("value").strip())
                text = (text[: match.start()] + text[match.end() :]).strip(" —–-|·;,")
        values += [m.group("value").strip() for m in _LINE.finditer(kr.raw)]
        values += [m.group("value") for note in notes.get((i, j), []) if (m := _LINE.match(note))]
        values = list(dict.fromkeys(v.strip("\"'") for v in values))
        if values:
            found[(i, j)] = Inline(values[0], text, tuple(values[1:]))
    return found


def _notes_by_key_result(draft: Draft) -> dict[tuple[int, int], list[str]]:
    """Notes that sit under a key result, before the next objective or key result."""
    starts = sorted(
        [(o.position.line, None) for o in draft.objectives]
        + [(kr.position.line, (i, j)) for i, j, kr in draft.key_results()],
        key=lambda item: item[0],
    )
    attached: dict[tuple[int, int], list[str]] = {}
    for note in draft.notes:
        owner = None
        for line, ref in starts:
            if line > note.position.line:
                break
            owner = ref
        if owner is not None:
            attached.setdefault(owner, []).append(note.text)
    return attached
