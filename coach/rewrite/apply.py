"""Put rewritten items back into the draft's source text, leaving every other byte alone."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass

from coach.model import Draft, Position, item_path


@dataclass(frozen=True, slots=True)
class Edit:
    path: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class TextEdit:
    """A replacement an editor can apply to the original text: the span from (``start_line``,
    ``start_column``) up to, not including, (``end_line``, ``end_column``) — 1-based lines and
    columns counted in characters (code points), as in ``coach.model.Position`` — becomes
    ``new_text`` (escaped as the source format needs: inside JSON or YAML quotes)."""

    path: str
    """The item rewritten, e.g. "objectives[0].key_results[1]"."""
    start_line: int
    start_column: int
    end_line: int
    end_column: int
    old_text: str
    new_text: str

    def to_json(self) -> dict:
        return {
            "path": self.path,
            "start": {"line": self.start_line, "column": self.start_column},
            "end": {"line": self.end_line, "column": self.end_column},
            "old_text": self.old_text,
            "new_text": self.new_text,
        }


def _positions(draft: Draft) -> dict[str, Position]:
    positions = {}
    for i, objective in enumerate(draft.objectives):
        positions[item_path(i)] = objective.position
        for j, kr in enumerate(objective.key_results):
            positions[item_path(i, j)] = kr.position
    return positions


def _repeats(draft: Draft) -> dict[str, tuple[Position, ...]]:
    """The other places each objective is written (``Objective.also_at``), by path."""
    return {item_path(i): o.also_at for i, o in enumerate(draft.objectives) if o.also_at}


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


def place_edits(
    text: str, draft: Draft, edits: list[Edit], fmt: str = "markdown"
) -> tuple[list[TextEdit], list[Edit]]:
    """(the edits as line/column ranges of ``text``, in order, the edits that could not be
    placed). An edit is placed only where the source still reads exactly ``before`` at the item's
    position (or once on its first line)."""
    positions = _positions(draft)
    repeats = _repeats(draft)
    offsets = _offsets(text)
    placed: list[tuple[int, TextEdit]] = []
    skipped = []
    for edit in edits:
        position = positions.get(edit.path)
        span = _span(text, offsets, position, edit.before) if position else None
        after = edit.after
        if span is None and position:  # the parser's statement is not the source's words
            span, after = _core_span(text, offsets, position, edit.before, edit.after)
        if span is None and position and fmt == "markdown":  # a statement wrapped over lines
            span = _wrapped_span(text, offsets, position, edit.before)
        if span is None:
            skipped.append(edit)
            continue
        spans = [span]
        for other in repeats.get(edit.path, ()):  # the same objective on a table's other rows
            again = _span(text, offsets, other, edit.before)
            if again is None:
                again, _ = _core_span(text, offsets, other, edit.before, edit.after)
            if again is not None:
                spans.append(again)
        for start, end in spans:
            placed.append((start, _text_edit(text, offsets, edit.path, start, end, after, fmt)))
    return [e for _, e in sorted(placed, key=lambda p: p[0])], skipped


def _text_edit(
    text: str, offsets: list[int], path: str, start: int, end: int, after: str, fmt: str
) -> TextEdit:
    before_char = text[start - 1] if start else ""
    (start_line, start_column), (end_line, end_column) = (
        _line_column(offsets, start),
        _line_column(offsets, end),
    )
    replacement = _escape(after, fmt, before_char)
    return TextEdit(
        path, start_line, start_column, end_line, end_column, text[start:end], replacement
    )


def apply_text_edits(text: str, edits: list[TextEdit]) -> str:
    """``text`` with the (non-overlapping) ``edits`` applied, as an editor would."""
    offsets = _offsets(text)
    for e in sorted(edits, key=lambda e: (e.start_line, e.start_column), reverse=True):
        start = offsets[e.start_line - 1] + e.start_column - 1
        end = offsets[e.end_line - 1] + e.end_column - 1
        text = text[:start] + e.new_text + text[end:]
    return text


def apply_edits(
    text: str, draft: Draft, edits: list[Edit], fmt: str = "markdown"
) -> tuple[str, list[Edit]]:
    """(new text, the edits that could not be placed): ``place_edits``, then applied."""
    placed, skipped = place_edits(text, draft, edits, fmt)
    return apply_text_edits(text, placed), skipped


def _line_column(offsets: list[int], offset: int) -> tuple[int, int]:
    line = bisect_right(offsets, offset) - 1
    if line >= len(offsets) - 1 and line > 0 and offsets[line] == offset:
        line -= 1  # the end of the last line, not a line after it
    line = min(line, len(offsets) - 2) if len(offsets) > 1 else 0
    return line + 1, offset - offsets[line] + 1


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


def _core_span(
    text: str, offsets: list[int], position: Position, before: str, after: str
) -> tuple[tuple[int, int] | None, str]:
    """Where the source's label differs from the statement the parser handed over ("**API
    documentation [COMMITTED]:**" read as "**API documentation:**"), only the statement inside
    the markup is replaced, so the source's own markup stays byte for byte: (its span, the
    rewrite inside the markup), or (None, ``after``)."""
    from coach.rewrite.markup import split_markup

    lead, core, tail = split_markup(before)
    if not (lead or tail) or not after.startswith(lead) or not after.endswith(tail):
        return None, after
    inner = after[len(lead) : len(after) - len(tail)]
    span = _span(text, offsets, Position(position.line, position.column), core)
    return (span, inner) if span and inner.strip() else (None, after)


_MARKUP = re.compile(r"\*\*|__|`")


def _wrapped_span(
    text: str, offsets: list[int], position: Position, before: str
) -> tuple[int, int] | None:
    """The span of a Markdown statement wrapped over several lines ("- KR2: Ship the" then
    "  redesigned checkout"), which the parser hands over with each line break and indentation
    read as one space: placed when the span reads the same words, whitespace aside, and holds no
    emphasis or code markers whose other half the rewrite would leave behind."""
    if not position.end_line or position.end_line <= position.line or _MARKUP.search(before):
        return None
    if position.end_line > len(offsets) - 1 or not position.end_column:
        return None
    start = offsets[position.line - 1] + position.column - 1
    end = offsets[position.end_line - 1] + position.end_column - 1
    return (start, end) if " ".join(text[start:end].split()) == before else None
