"""Markdown tables of key results: which column holds the key result, which one its owner.

Published OKR tables put one key result per row, with columns such as "Key Result | Assignee |
Priority | Score". The header row names the columns; without a recognisable one, the first column
holds the text.
"""

from __future__ import annotations

import re

from coach.parsing import measures
from coach.parsing.blocks import Block
from coach.parsing.labels import match_label

_TEXT_HEADER = re.compile(
    r"^\W*(?:key[ \t]*results?|krs?|objectives?|goals?|description|what)\W*$", re.I
)
_OKR_HEADER = re.compile(r"^\W*(?:key[ \t]*results?|krs?|objectives?|goals?)\W*$", re.I)
_KR_HEADER = re.compile(r"^\W*(?:key[ \t]*results?|krs?)\W*$", re.I)
_OBJECTIVE_HEADER = re.compile(r"^\W*objectives?\W*$", re.I)
_OWNER_HEADER = re.compile(r"^\W*(?:owners?|assignees?|dri|leads?|responsible|who)\W*$", re.I)


def rows(table: Block) -> list[Block]:
    """Every row of a table, the header row first."""
    found = []
    for part in table.children:
        found += [r for r in part.children if r.kind == "row"] if part.kind != "row" else [part]
    return found


def cells(row: Block) -> list[Block]:
    return [c for c in row.children if c.kind == "cell"]


def columns(table: Block) -> tuple[int, int | None]:
    """(text column, owner column or None), read from the header row: the "Key Result" column
    before an "Objective" one ("| Objective | Key Result | Baseline |"). A column of key-result
    labels alone ("| KR | Target |" over "| **KR 1** | Achieve ≥90% precision … |") is not the
    text: the column after it is."""
    header = _header(table)
    kr = next((i for i, name in enumerate(header) if _KR_HEADER.match(name)), None)
    text = (
        kr
        if kr is not None
        else next((i for i, name in enumerate(header) if _TEXT_HEADER.match(name)), 0)
    )
    owner = next((i for i, name in enumerate(header) if _OWNER_HEADER.match(name)), None)
    if _labels_only(table, text) and text + 1 < len(header) and text + 1 != owner:
        text += 1
    return text, owner


def _labels_only(table: Block, column: int) -> bool:
    """Whether every body cell of ``column`` is a key-result label and nothing else."""
    body = [cells(row) for row in rows(table)[1:]]
    found = [row[column].content.strip() for row in body if column < len(row)]
    return bool(found) and all(_label_only(cell) for cell in found)


def _label_only(cell: str) -> bool:
    label = match_label(cell)
    return label is not None and label.kind == "kr" and not cell[label.end :].strip(" *_:|.")


def objective_column(table: Block) -> int | None:
    """The "Objective" column of a table that also has a "Key Result" column (one row per key
    result, its objective beside it: "| Objective | Key Result | Target |"), else None."""
    header = _header(table)
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


def measure_columns(table: Block, text: int) -> list[tuple[int, str]]:
    """(column, the word its value follows: "from", "to" or "by") for each column that states
    a key result's baseline, target or due date (``measures.word_for``); never the text
    column, and the first of each."""
    found: dict[str, int] = {}
    for i, name in enumerate(_header(table)):
        word = measures.word_for(name) if i != text else None
        if word is not None and word not in found:
            found[word] = i
    return [(i, word) for word, i in found.items()]


def body_cells(
    table: Block,
) -> list[tuple[Block, str | None, str, str | None, Block | None]]:
    """(text cell, owner text or None, the row's measures, its label or None, its objective
    cell or None) of every row under the header. The measures are its baseline, target and due cells as words ("from 45%
    to 70% by Q3", see ``KeyResult.measures``), empty when the table has no such column or the
    row no value; the label is the key-result label in the column before the text, when the
    text was moved past a column of labels (``columns``)."""
    text, owner = columns(table)
    measured = measure_columns(table, text)
    objective = objective_column(table)
    found = []
    for row in rows(table)[1:]:
        row_cells = cells(row)
        if text >= len(row_cells):
            continue
        who = (
            row_cells[owner].content.strip()
            if owner is not None and owner < len(row_cells)
            else None
        )
        label = None
        if text and _label_only(row_cells[text - 1].content.strip()):
            label = match_label(row_cells[text - 1].content.strip()).label
        found.append(
            (
                row_cells[text],
                who.lstrip("@") if who else None,
                _measures(row_cells, measured),
                label,
                row_cells[objective]
                if objective is not None and objective < len(row_cells)
                else None,
            )
        )
    return found


def _measures(row_cells: list[Block], measured: list[tuple[int, str]]) -> str:
    return measures.compose(
        {word: row_cells[i].content for i, word in measured if i < len(row_cells)}
    )
