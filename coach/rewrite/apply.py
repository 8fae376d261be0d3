"""Put rewritten items back into the draft's source text, leaving every other byte alone."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from coach.model import Draft, Position, item_path


@dataclass(frozen=True, slots=True)
class Edit:
    path: str
    before: str
    after: str


def _positions(draft: Draft) -> dict[str, Position]:
    positions = {}
    for i, objective in enumerate(draft.objectives):
        positions[item_path(i)] = objective.position
        for j, kr in enumerate(objective.key_results):
            positions[item_path(i, j)] = kr.position
    return positions


def _offsets(text: str) -> list[int]:
    """Character offset of the start of every line (1-based line n → offsets[n - 1])."""
    offsets, total = [0], 0
    for line in text.splitlines(keepends=True):
        total += len(line)
        offsets.append(total)
    return offsets


_YAML_NEEDS_QUOTES = re.compile(r"^[\[\]{}>|*&!%@`'\"#,?:-]|: | #|:$")


def _escape(after: str, fmt: str, before_char: str) -> str:
    """The new text as it must be written where the old text stood: inside JSON or YAML quotes
    escaped, and as a YAML plain scalar quoted when it would otherwise change the document."""
    if fmt == "json" or (fmt == "yaml" and before_char == '"'):
        return json.dumps(after, ensure_ascii=False)[1:-1]
    if fmt == "yaml" and before_char == "'":
        return after.replace("'", "''")
    if fmt == "yaml" and _YAML_NEEDS_QUOTES.search(after):
        return json.dumps(after, ensure_ascii=False)
    return after


def apply_edits(
    text: str, draft: Draft, edits: list[Edit], fmt: str = "markdown"
) -> tuple[str, list[Edit]]:
    """(new text, the edits that could not be placed). An edit is placed only where the source
    still reads exactly ``before`` at the item's position (or once on its first line)."""
    positions = _positions(draft)
    offsets = _offsets(text)
    spans: list[tuple[int, int, str]] = []
    skipped = []
    for edit in edits:
        position = positions.get(edit.path)
        span = _span(text, offsets, position, edit.before) if position else None
        if span is None:
            skipped.append(edit)
            continue
        before_char = text[span[0] - 1] if span[0] else ""
        spans.append((*span, _escape(edit.after, fmt, before_char)))
    for start, end, replacement in sorted(spans, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text, skipped


def _span(text: str, offsets: list[int], position: Position, before: str) -> tuple[int, int] | None:
    if position.line > len(offsets) - 1:
        return None
    start = offsets[position.line - 1] + position.column - 1
    if position.end_line and position.end_column:
        end = offsets[position.end_line - 1] + position.end_column - 1
        if text[start:end] == before:
            return start, end
    line_end = offsets[position.line]
    found = text.find(before, offsets[position.line - 1], line_end)
    if found >= 0 and text.count(before, offsets[position.line - 1], line_end) == 1:
        return found, found + len(before)
    return None
