"""Markdown tables of key results: which column holds the key result, which one its owner.

Published OKR tables put one key result per row, with columns such as "Key Result | Assignee |
Priority | Score". The header row names the columns; without a recognisable one, the first column
holds the text.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from coach.parsing import measures
from coach.parsing.blocks import Block
from coach.parsing.labels import match_label

_TEXT_HEADER = re.compile(
    r"^\W*(?:key[ \t]*results?|krs?|objectives?|goals?|description|what)\W*$", re.I
)
_OKR_HEADER = re.compile(r"^\W*(?:key[ \t]*results?|krs?|objectives?|goals?)\W*$", re.I)
_KR_HEADER = re.compile(r"^\W*(?:key[ \t]*results?|krs?)\W*$", re.I)
_OBJECTIVE_HEADER = re.compile(r"^\W*objectives?\W*$", re.I)
# "1.1 Pro accounts with …" in a column named "KR": the key result's number
_KR_NUMBER = re.compile(r"[ \t*_]*(\d{1,2}\.\d{1,2})\.?[ \t]+(?=\S)")
_OWNER_HEADER = re.compile(r"^\W*(?:owners?|assignees?|dri|leads?|responsible|who)\W*$", re.I)


def rows(table: Block) -> list[Block]:
    """Every row of a table, the header row first."""
    found = []
    for part in table.children:
        found += [r for r in part.children if r.kind == "row"] if part.kind != "row" else [part]
    return found


def cells(row: Block) -> list[Block]:
    return [c for c in row.children if c.kind == "cell"]


def columns(header: list[str], body: list[list[Block]]) -> tuple[int, int | None]:
    """(text column, owner column or None), read from the header row: the "Key Result" column
    before an "Objective" one ("| Objective | Key Result | Baseline |"). A column of key-result
    labels alone ("| KR | Target |" over "| **KR 1** | Achieve ≥90% precision … |") is not the
    text: the column after it is. ``body``: the cells of the rows under the header."""
    kr = next((i for i, name in enumerate(header) if _KR_HEADER.match(name)), None)
    text = (
        kr
        if kr is not None
        else next((i for i, name in enumerate(header) if _TEXT_HEADER.match(name)), 0)
    )
    owner = next((i for i, name in enumerate(header) if _OWNER_HEADER.match(name)), None)
    if _labels_only(body, text) and text + 1 < len(header) and text + 1 != owner:
        text += 1
    return text, owner


def _labels_only(body: list[list[Block]], column: int) -> bool:
    """Whether every body cell of ``column`` is a key-result label and nothing else."""
    found = [row[column].content.strip() for row in body if column < len(row)]
    return bool(found) and all(_label_only(cell) for cell in found)


def _label_only(cell: str, kind: str = "kr") -> bool:
    label = match_label(cell)
    return label is not None and label.kind == kind and not cell[label.end :].strip(" *_:|.")


def objective_column(table: Block, header: list[str] | None = None) -> int | None:
    """The "Objective" column of a table that also has a "Key Result" column (one row per key
    result, its objective beside it: "| Objective | Key Result | Target |"), else None."""
    header = _header(table) if header is None else header
    if not any(_KR_HEADER.match(name) for name in header):
        return None
    return next((i for i, name in enumerate(header) if _OBJECTIVE_HEADER.match(name)), None)


def names_okrs(table: Block) -> bool:
    """Whether the header names a column of key results, objectives or goals ("Key Result |
    Owner"), not only a generic one ("Week | What", "Document | Licence")."""
    return any(_OKR_HEADER.match(name) for name in _header(table))


def names_key_results(table: Block) -> bool:
    """Whether the header names a column of key results ("Key Result | Owner", "KR | Target"):
    enough to say the section holding the table is about OKRs ("Goal | Status" is not)."""
    return any(_KR_HEADER.match(name) for name in _header(table))


def _header(table: Block) -> list[str]:
    all_rows = rows(table)
    return [c.content.strip() for c in cells(all_rows[0])] if all_rows else []


def measure_columns(header: list[str], text: int) -> list[tuple[int, str]]:
    """(column, the word its value follows: "from", "to" or "by") for each column that states
    a key result's baseline, target or due date (``measures.word_for``); never the text
    column, and the first of each."""
    found: dict[str, int] = {}
    for i, name in enumerate(header):
        word = measures.word_for(name) if i != text else None
        if word is not None and word not in found:
            found[word] = i
    return [(i, word) for word, i in found.items()]


class Row(NamedTuple):
    """A table row under the header, read as a key result."""

    cell: Block  # the text cell
    owner: str | None  # the owner cell's text
    measures: str  # its baseline, target and due cells as words ("from 45% to 70% by Q3")
    label: str | None  # its key-result label
    start: int  # where the text starts in the cell, past a label in it ("KR1: …", "1.1 …")
    objective: Block | None  # the "Objective" cell beside it (``objective_column``)


def body_cells(table: Block) -> list[Row]:
    """Every row under the header with text in its text cell. The measures are empty when the
    table has no value column (see ``KeyResult.measures``) or the row no value; the label is
    the one in the column before the text, when the text was moved past a column of labels
    (``columns``), else one at the start of the text cell: "KR1: …", or "1.1 …" in a
    key-result column numbered so."""
    all_rows = rows(table)
    header = [c.content.strip() for c in cells(all_rows[0])] if all_rows else []
    body = [cells(row) for row in all_rows[1:]]
    text, owner = columns(header, body)
    measured = measure_columns(header, text)
    objective = objective_column(table, header)
    numbered = _numbered(header, body, text)
    found = []
    for row_cells in body:
        if text >= len(row_cells):
            continue
        who = (
            row_cells[owner].content.strip()
            if owner is not None and owner < len(row_cells)
            else None
        )
        before = row_cells[text - 1].content.strip() if text else ""
        beside = (
            row_cells[objective]
            if objective is not None
            and objective < len(row_cells)
            and not _label_only(row_cells[objective].content.strip(), "objective")
            else None
        )  # "| O1 | KR1 | | |", a scorecard's skeleton, names no objective
        lines = _lines_of(row_cells[text])
        split = [_split(c.content) for c in row_cells] if len(lines) > 1 else None
        labelled = bool(text) and _label_only(before)  # "| **KR 1** | Achieve … |"
        column_label = match_label(before).label if labelled else None
        for i, cell in enumerate(lines):
            if labelled:
                label, start = column_label, 0
            else:
                label, start = _own_label(cell.content, numbered)
            if not cell.content[start:].strip(" \t*_:|.-"):
                continue  # "| KR3: | | |": an unfilled template row
            values = row_cells if split is None else _line_of_each(row_cells, split, i, len(lines))
            owned = who if split is None or who is None else _line_of(split[owner], i, len(lines))
            found.append(
                Row(
                    cell,
                    owned.lstrip("@") if owned else None,
                    _measures(values, measured),
                    label,
                    start,
                    beside,
                )
            )
    return found


# A line break inside a table cell: GitHub tables have no other way to put several key results
# in one cell ("KR1: Raise …<br>KR2: Cut …"). A cell of more lines than a team has key results
# is read as it stands: the lines' positions are searched for in the row, which must stay linear.
_BR = re.compile(r"\s*<br\s*/?>\s*", re.I)
_MOST_LINES = 32


def _split(content: str) -> list[str]:
    """The non-empty lines ``<br>`` breaks a cell's text into (the text itself when none)."""
    if "<" not in content or not _BR.search(content):
        return [content]
    return [p.strip() for p in _BR.split(content) if p.strip()]


def _lines_of(cell: Block) -> list[Block]:
    """The cell, or one cell per line of it when ``<br>`` breaks it into a few lines."""
    parts = _split(cell.content)
    if len(parts) < 2 or len(parts) > _MOST_LINES:
        return [cell]
    return [Block("cell", line=cell.line, content=p) for p in parts]


def _line_of(parts: list[str], i: int, count: int) -> str | None:
    """The ``i``-th of ``count`` lines of a cell (``parts``, its ``_split``) beside a text cell
    that ``<br>`` breaks into ``count`` key results: the cell itself when it has one line (one
    due date for all of them), None when its lines do not pair up with theirs."""
    if len(parts) <= 1:
        return parts[0] if parts else ""
    return parts[i] if len(parts) == count else None


def _line_of_each(
    row_cells: list[Block], split: list[list[str]], i: int, count: int
) -> list[Block]:
    """The row's cells, each cut to its ``i``-th line (``_line_of``; empty where the lines do
    not pair up): "45%<br>3 days" beside two key results gives each its own baseline."""
    return [
        Block("cell", line=c.line, content=_line_of(parts, i, count) or "")
        for c, parts in zip(row_cells, split, strict=True)
    ]


def _numbered(header: list[str], body: list[list[Block]], text: int) -> bool:
    """Whether the text column is named for key results and every one of its (two or more)
    cells starts with a number "1.1": then the number is a label, not a value ("3.5 stars")."""
    found = [row[text].content for row in body if text < len(row)]
    return (
        _KR_HEADER.match(header[text]) is not None
        and len(found) >= 2
        and all(_KR_NUMBER.match(cell) for cell in found)
    )


def _own_label(content: str, numbered: bool) -> tuple[str | None, int]:
    """(label, where the text starts) for a text cell that starts with a key-result label."""
    label = match_label(content)
    if label is not None and label.kind == "kr":
        return label.label, label.end
    number = _KR_NUMBER.match(content) if numbered else None
    return (f"KR{number[1]}", number.end()) if number else (None, 0)


def _measures(row_cells: list[Block], measured: list[tuple[int, str]]) -> str:
    return measures.compose(
        {word: row_cells[i].content for i, word in measured if i < len(row_cells)}
    )
