"""Reading the data files grading uses (actuals, check-ins, history): CSV, YAML or JSON.

A file that cannot be read or parsed is an ``InputError`` (one line, exit 2). What is inside
is checked by the caller, item by item.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from coach.errors import InputError
from coach.parsing.frontmatter import yaml_problem
from coach.parsing.reading import read_source
from coach.parsing.strict import loads_json
from coach.yamlsafe import load_yaml

Row = tuple[str, dict[str, str]]
MAX_BYTES = 1_000_000
"""The default of ``limits.max_file_bytes``."""
"""(where, cells by normalised column name): ("row 3", {"key_result": "KR1", …})."""


@dataclass(frozen=True)
class Table:
    """A CSV file: its normalised header and its non-blank rows."""

    source: str
    header: tuple[str, ...]
    rows: list[Row]

    def require(self, what: str, names: tuple[str, ...]) -> None:
        """An InputError unless the header has one of ``names``."""
        if not set(self.header) & set(names):
            hint = f"one of: {', '.join(names)}"
            raise InputError(self.source, f"the CSV header has no {what} column", hint=hint)


def column(name: str) -> str:
    """A normalised column or field name: "Key Result" → "key_result"."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def load_table_or_data(path: str | Path, max_bytes: int = MAX_BYTES) -> tuple[str, Table | object]:
    """(source, Table) for a CSV file; (source, parsed data) for YAML or JSON."""
    source, text = read_source(path, max_bytes)
    return source, parse_table_or_data(text, source)


def parse_table_or_data(text: str, source: str) -> Table | object:
    """A Table for CSV text (by the name's suffix, or by its first line when the name has no
    data suffix); parsed data for YAML or JSON."""
    suffix = Path(source).suffix.lower()
    if suffix == ".csv" or (suffix not in (".yaml", ".yml", ".json") and _looks_like_csv(text)):
        return read_csv(text, source)
    return read_yaml(text, source)


def _looks_like_csv(text: str) -> bool:
    first = text.lstrip().split("\n", 1)[0]
    return "," in first and ":" not in first


def read_csv(text: str, source: str) -> Table:
    """Rows with a header line; blank lines are skipped."""
    try:
        reader = csv.reader(io.StringIO(text))
        header = [column(cell) for cell in next(reader, [])]
        rows = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(header):
                raise InputError(source, f"row {reader.line_num} has more cells than the header")
            rows.append(
                (
                    f"row {reader.line_num}",
                    dict(zip(header, (c.strip() for c in cells), strict=False)),
                )
            )
    except csv.Error as exc:
        raise InputError(source, f"malformed CSV: {exc}") from None
    if not any(header):
        raise InputError(source, "the CSV file has no header line")
    return Table(source, tuple(header), rows)


def read_yaml(text: str, source: str) -> object:
    """Parsed YAML (JSON is YAML too); a syntax error names the line."""
    try:
        return load_yaml(text)
    except yaml.YAMLError as exc:
        problem, line = yaml_problem(exc)
        where = f" at line {line}" if line is not None else ""
        raise InputError(source, f"malformed YAML{where}: {problem}") from None


def read_json(path: str | Path, max_bytes: int = MAX_BYTES) -> tuple[str, object]:
    source, text = read_source(path, max_bytes)
    try:
        return source, loads_json(text)
    except json.JSONDecodeError as exc:
        raise InputError(source, f"malformed JSON at line {exc.lineno}: {exc.msg}") from None


def pick(cells: dict, names: tuple[str, ...]) -> object | None:
    """The first of ``names`` present in ``cells`` (keys already normalised)."""
    return next((cells[name] for name in names if name in cells), None)
