"""Bi-weekly check-ins: a dated series of values per key result, from CSV or YAML.

CSV: a header ``date,key_result,value`` (dates as YYYY-MM-DD). YAML (an optional ``checkins:``
wrapper is allowed)::

    - {date: 2026-04-15, key_result: KR1, value: 51%}   # a list of check-ins, or
    KR1:                                                # key result → dated values
      2026-04-01: 45%
      2026-04-15: 51%

A row with a bad date is skipped with a message; a file that cannot be parsed is an InputError.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from coach.errors import InputError
from coach.grading.actuals import KEY_NAMES, VALUE_NAMES, unwrap
from coach.grading.sources import MAX_BYTES, Table, column, load_table_or_data, pick

DATE_NAMES = ("date", "day", "as_of", "checked_on")


@dataclass(frozen=True)
class CheckIn:
    key: str
    day: date
    value: object
    where: str = ""


def read_checkins(path: str | Path, max_bytes: int = MAX_BYTES) -> tuple[list[CheckIn], list[str]]:
    """(check-ins, per-row problems) from a check-ins file."""
    source, data = load_table_or_data(path, max_bytes)
    return checkins_from(data, source)


def checkins_from(data: Table | object, source: str) -> tuple[list[CheckIn], list[str]]:
    """(check-ins, per-row problems) of a check-ins file already parsed."""
    if isinstance(data, Table):
        for what, names in (
            ("date", DATE_NAMES),
            ("key result", KEY_NAMES),
            ("value", VALUE_NAMES),
        ):
            data.require(what, names)
        rows = [(where, cells) for where, cells in data.rows]
    else:
        rows = _yaml_rows(unwrap(data, ("checkins", "check_ins")), source)
    found: list[CheckIn] = []
    problems: list[str] = []
    for where, cells in rows:
        key, raw_day = pick(cells, KEY_NAMES), pick(cells, DATE_NAMES)
        day = parse_date(raw_day)
        if not key:
            problems.append(f"check-in {where}: names no key result; skipped")
        elif day is None:
            problems.append(
                f"check-in {where}: “{raw_day}” is not a date (use YYYY-MM-DD); skipped"
            )
        elif pick(cells, VALUE_NAMES) in (None, ""):
            problems.append(f"check-in {where}: no value; skipped")
        else:
            found.append(CheckIn(str(key), day, pick(cells, VALUE_NAMES), where))
    return found, problems


def parse_date(value: object) -> date | None:
    """A date from YAML's date type or an ISO string; None if it is neither."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _yaml_rows(data: object, source: str) -> list[tuple[str, dict]]:
    if isinstance(data, list):
        return [(f"entry {n}", _fields(item)) for n, item in enumerate(data, 1)]
    if not isinstance(data, dict):
        raise InputError(source, "expected check-ins", hint="a list of {date, key_result, value}")
    rows = []
    for key, series in data.items():
        if isinstance(series, dict):
            series = [{"date": day, "value": value} for day, value in series.items()]
        if not isinstance(series, list):
            raise InputError(source, f"the check-ins for “{key}” are not a list of dated values")
        for n, item in enumerate(series, 1):
            rows.append((f"“{key}” entry {n}", {"key_result": key, **_fields(item)}))
    return rows


def _fields(item: object) -> dict:
    return {column(k): v for k, v in item.items()} if isinstance(item, dict) else {}
