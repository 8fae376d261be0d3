"""Sandbagging: three consecutive quarters with a team score of 0.9 or more (guide).

Previous quarters come from files ``coach grade --format json`` wrote. Quarters are put in
calendar order when every one names a calendar quarter ("Q1 2026"), and a missing quarter
breaks a run; otherwise they keep the order given, this quarter last.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from coach.errors import InputError
from coach.grading.quarter import next_quarter, quarter_key
from coach.grading.records import PastQuarter, Sandbagging
from coach.grading.sources import MAX_BYTES, read_json

SCHEMA = "okr-coach/grade"
SANDBAGGING_SCORE = 0.9
SANDBAGGING_QUARTERS = 3


def read_history(paths: Sequence[str | Path], max_bytes: int = MAX_BYTES) -> list[PastQuarter]:
    """The team score and quarter of each graded file; a file of another kind is an InputError."""
    return [past_quarter(*read_json(path, max_bytes)) for path in paths]


def past_quarter(source: str, data: object) -> PastQuarter:
    """The team score and quarter of one graded quarter (``coach grade --format json``)."""
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise InputError(
            source,
            "not a graded quarter",
            hint="use a file written by `coach grade --format json`",
        )
    score = data.get("score")
    if score is not None and (
        isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 1
    ):
        raise InputError(source, f"the team score {score!r:.40} is not a number from 0 to 1")
    quarter = data.get("quarter")
    if quarter is not None and not isinstance(quarter, str):
        raise InputError(source, f"the quarter {quarter!r:.40} is not text like 'Q2 2026'")
    return PastQuarter(quarter, score, source)


def sandbagging(current: PastQuarter | None, past: Sequence[PastQuarter]) -> Sandbagging:
    """Whether the latest quarters ran three at 0.9 or more; earlier runs are noted."""
    quarters, notes = _ordered([*past, *([current] if current else [])])
    runs = _runs(quarters)
    flagged = bool(runs) and runs[-1][-1] is quarters[-1]
    for run in runs[:-1] if flagged else runs:
        notes.append(
            f"{_span(run)} scored 0.9 or more {len(run)} quarters running; the run has since ended"
        )
    if flagged:
        run = runs[-1]
        message = (
            f"sandbagging: {len(run)} consecutive quarters at 0.9 or more ({_span(run)}): the "
            "targets are not ambitious enough; set bolder key results next quarter"
        )
    else:
        scores = ", ".join(f"{_name(q)} {_score(q)}" for q in quarters)
        message = f"no sandbagging: no three consecutive quarters at 0.9 or more ({scores})"
    return Sandbagging(quarters, flagged, message, notes)


def _ordered(quarters: list[PastQuarter]) -> tuple[list[PastQuarter], list[str]]:
    keys = [quarter_key(q.quarter) for q in quarters]
    if not quarters or None in keys:
        return quarters, ["not every quarter names a calendar quarter: kept in the order given"]
    by_key = {}
    notes = []
    for key, quarter in zip(keys, quarters, strict=True):
        if key in by_key:
            notes.append(f"{quarter.quarter} appears twice; {quarter.source} is used")
        by_key[key] = quarter
    return [by_key[key] for key in sorted(by_key)], notes


def _runs(quarters: list[PastQuarter]) -> list[list[PastQuarter]]:
    """Runs of three or more consecutive quarters at 0.9 or more."""
    runs: list[list[PastQuarter]] = []
    run: list[PastQuarter] = []
    for quarter in quarters:
        high = quarter.score is not None and quarter.score >= SANDBAGGING_SCORE
        if high and run and not _follows(run[-1], quarter):
            run = []
        run = [*run, quarter] if high else []
        if len(run) == SANDBAGGING_QUARTERS:
            runs.append(run)
        elif len(run) > SANDBAGGING_QUARTERS:
            runs[-1] = run
    return runs


def _follows(previous: PastQuarter, quarter: PastQuarter) -> bool:
    a, b = quarter_key(previous.quarter), quarter_key(quarter.quarter)
    return a is None or b is None or next_quarter(a) == b


def _span(run: list[PastQuarter]) -> str:
    return f"{_name(run[0])} to {_name(run[-1])}"


def _name(quarter: PastQuarter) -> str:
    return quarter.quarter or Path(quarter.source).name


def _score(quarter: PastQuarter) -> str:
    return "—" if quarter.score is None else f"{quarter.score:.2f}"
