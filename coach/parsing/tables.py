"""Markdown tables of key results: which column holds the key result, which one its owner.

Published OKR tables put one key result per row, with columns such as "Key Result | Assignee |
Priority | Score". The header row names the columns; without a recognisable one, the first column
holds the text.
"""

from __future__ import annotations

import re

from coach.parsing.blocks import Block

_TEXT_HEADER = re.compile(
    r"^\W*(?:key[ \t]*results?|krs?|objectives?|goals?|description|what)\W*$", re.I
)
_OKR_HEADER = re.compile(r"^\W*(?:key[ \t]*results?|krs?|objectives?|goals?)\W*$", re.I)
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
    """(text column, owner column or None), read from the header row."""
    header = _header(table)
    text = next((i for i, name in enumerate(header) if _TEXT_HEADER.match(name)), 0)
    owner = next((i for i, name in enumerate(header) if _OWNER_HEADER.match(name)), None)
    return text, owner


def names_okrs(table: Block) -> bool:
    """Whether the header names a column of key results, objectives or goals ("Key Result |
    Owner"), not only a generic one ("Week | What", "Document | Licence")."""
    return any(_OKR_HEADER.match(name) for name in _header(table))


def _header(table: Block) -> list[str]:
    all_rows = rows(table)
    return [c.content.strip() for c in cells(all_rows[0])] if all_rows else []


def body_cells(table: Block) -> list[tuple[Block, str | None]]:
    """(text cell, owner text or None) of every row under the header."""
    text, owner = columns(table)
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
        found.append((row_cells[text], who.lstrip("@") if who else None))
    return found
