"""Actual values from a file: YAML / JSON (key result → value) or CSV (key_result,actual).

YAML shapes (an optional top-level ``actuals:`` wrapper is allowed)::

    KR1: 62%                                  # label, "O1.KR2", text or metric name → value
    30-day churn: {actual: 9%, baseline: 12%} # a baseline for key results that give none
    - {key_result: O2.KR1, actual: done}      # or a list of entries

CSV: a header with ``key_result`` (or kr, key, label, metric, text) and ``actual`` (or value),
and an optional ``baseline`` column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coach.errors import InputError
from coach.grading.sources import MAX_BYTES, Table, column, load_table_or_data, pick

KEY_NAMES = ("key_result", "kr", "key", "label", "metric", "text")
VALUE_NAMES = ("actual", "value", "actual_value", "result")
BASELINE_NAMES = ("baseline",)
WRAPPERS = ("actuals", "key_results", "results")


@dataclass(frozen=True)
class Entry:
    """One actual value as written in the file, not yet matched to a key result."""

    key: str
    value: object
    baseline: object | None = None
    where: str = ""


def read_actuals(path: str | Path, max_bytes: int = MAX_BYTES) -> list[Entry]:
    """Every entry in an actuals file; a file that cannot be read or parsed is an InputError."""
    source, data = load_table_or_data(path, max_bytes)
    return actuals_from(data, source)


def actuals_from(data: Table | object, source: str) -> list[Entry]:
    """Every entry of an actuals file already parsed (``sources.parse_table_or_data``)."""
    if isinstance(data, Table):
        data.require("key result", KEY_NAMES)
        data.require("actual value", VALUE_NAMES)
        return [
            Entry(
                str(pick(cells, KEY_NAMES) or ""),
                pick(cells, VALUE_NAMES) or None,
                pick(cells, BASELINE_NAMES) or None,
                where,
            )
            for where, cells in data.rows
        ]
    return _from_yaml(unwrap(data, WRAPPERS), source)


def unwrap(data: object, wrappers: tuple[str, ...]) -> object:
    """The inside of a one-key wrapper mapping such as ``actuals: {...}``."""
    if isinstance(data, dict) and len(data) == 1:
        ((key, inside),) = data.items()
        if column(key) in wrappers:
            return inside
    return data


def _from_yaml(data: object, source: str) -> list[Entry]:
    if isinstance(data, dict):
        return [_entry(str(key), value, f"“{key}”") for key, value in data.items()]
    if isinstance(data, list):
        entries = []
        for n, item in enumerate(data, 1):
            fields = {column(k): v for k, v in item.items()} if isinstance(item, dict) else {}
            key = pick(fields, KEY_NAMES)
            if key is None:
                raise InputError(source, f"entry {n} names no key result", hint="add key_result: …")
            entries.append(_entry(str(key), fields, f"entry {n}"))
        return entries
    raise InputError(source, "expected key result → actual value entries", hint="e.g. `KR1: 62%`")


def _entry(key: str, value: object, where: str) -> Entry:
    if isinstance(value, dict):
        fields = {column(k): v for k, v in value.items()}
        return Entry(key, pick(fields, VALUE_NAMES), pick(fields, BASELINE_NAMES), where)
    return Entry(key, value, None, where)
