"""Splitting one block's lines into objective, key result, note and metadata segments.

People put several OKR lines in one paragraph ("**Objective:** …" then "KR1: …" on the next
line, no blank line between), so a paragraph is read line by line: a labelled line starts a new
segment, an unlabelled line continues the one before (a wrapped line).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from coach.parsing.blocks import Piece
from coach.parsing.labels import _KEPT_CHARS, Label, match_label, meta_line

# Pasted bullets and numbers that Markdown does not see as a list ("• Increase …", "•Focus",
# "2. Deployment frequency …" inside a paragraph, "1.Cloud cost").
_SYMBOL = re.compile(r"[ \t]*[•◦▪‣●○■□➢➤►▶][ \t]*(?=\S)")
# "1.1 Increase …": a key result numbered under its objective (a flattened wiki table row)
_KR_NUMBER = re.compile(r"[ \t]*(\d{1,2}\.\d{1,2})[ \t]+(?=\S)")
_NUMBER = re.compile(r"[ \t]*\d{1,2}[.)](?:[ \t]+|(?=[A-Z]))")
# A "Why: …" or "**Description:** …" line ends a wrapped objective or key result.
_FIELD = re.compile(r"[ \t]*(?:\*\*|__)?[A-Za-z][\w /&-]{0,24}(?:\*\*|__)?:(?:\*\*|__)?[ \t]")


class Segment(NamedTuple):
    """A run of a block's lines that holds one item (or a note, or a metadata line).

    Immutable: the segments of a one-line piece are kept per line and shared."""

    kind: str  # objective | kr | item (a pasted bullet) | krs | note | meta
    first: int  # index of its first line in the block's piece
    stop: int  # one past its last line
    start: int = 0  # where the text starts in the first line (after the label)
    label: str | None = None
    owner: str | None = None  # from an "Owner: …" line right under it
    meta: tuple[str, str] | None = None


def segment(piece: Piece, first: str | None = None) -> tuple[Segment, ...]:
    """The segments of a block. ``first`` ("kr" or "objective") is the kind of an unlabelled
    first line, e.g. a list item under an objective is a key result even without "KR1:".

    A one-line piece (most items) is read from its line and ``first`` alone: kept per line of
    item size, like labels."""
    lines = piece.lines
    if len(lines) == 1 and len(lines[0]) <= _KEPT_CHARS:
        return _kept_line(lines[0], first)
    return _segment(lines, first)


@lru_cache(maxsize=4096)
def _kept_line(line: str, first: str | None) -> tuple[Segment, ...]:
    return _segment([line], first)


def _segment(lines: list[str], first: str | None) -> tuple[Segment, ...]:
    segments: list[Segment] = []
    current: Segment | None = None
    line_per_kr = False  # after a bare "Key Results:" line each line is one key result
    # when some lines are numbered, those are the items; bullets and plain lines are details
    numbered = len(lines) > 1 and any(_NUMBER.match(line) for line in lines[1:])
    for i, line in enumerate(lines):
        bullet = _NUMBER.match(line) if i or first else None
        if numbered and bullet is None and current is not None and current.kind != "note":
            current = segments[-1] = current._replace(stop=i + 1)
            continue
        if bullet is None and not line.isascii():  # every ``_SYMBOL`` bullet is non-ASCII
            bullet = _SYMBOL.match(line)
        label = match_label(line, bullet.end() if bullet else 0)
        if label is not None and label.kind == "krs":
            line_per_kr = True
            if not line[label.end :].strip():
                segments.append(Segment("krs", i, i + 1))
                current = None
                continue
            label = Label("kr", None, label.end)
        numbered_kr = _KR_NUMBER.match(line) if label is None else None
        if numbered_kr is not None:
            label = Label("kr", f"KR{numbered_kr[1]}", numbered_kr.end())
        elif label is None and bullet is not None:
            label = Label("item", None, bullet.end())
        elif label is None and i == 0 and first:
            label = Label(first, None, 0)
        if label is not None:
            current = Segment(label.kind, i, i + 1, label.end, label.label)
            segments.append(current)
            continue
        meta = meta_line(line)
        if meta is not None:
            if meta[0] == "owner" and current is not None and current.kind in ("objective", "kr"):
                segments[-1] = current._replace(owner=meta[1].lstrip("@"))
            else:
                segments.append(Segment("meta", i, i + 1, meta=meta))
            current = None
        elif line_per_kr:
            current = Segment("kr", i, i + 1)
            segments.append(current)
        elif current is not None and (
            _bare(lines, current) or not (current.kind != "note" and _FIELD.match(line))
        ):
            # a wrapped line, or the text of a bare "Objective 3:" line
            current = segments[-1] = current._replace(stop=i + 1)
        else:
            current = Segment("note", i, i + 1)
            segments.append(current)
    return tuple(segments)


def _bare(lines: list[str], seg: Segment) -> bool:
    """A labelled segment with no text yet ("Objective 3:" alone on its line)."""
    return (
        seg.kind in ("objective", "kr")
        and seg.stop == seg.first + 1
        and not lines[seg.first][seg.start :].strip()
    )
