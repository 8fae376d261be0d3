"""Grade a draft: every key result, each objective's average, the team's average, sandbagging."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from coach.analysis import analyse_key_result
from coach.grading.actuals import Entry, actuals_from, read_actuals
from coach.grading.bands import band_of, team_remark
from coach.grading.checkins import CheckIn, checkins_from, read_checkins
from coach.grading.collect import observe
from coach.grading.history import past_quarter, read_history, sandbagging
from coach.grading.inline import find_inline
from coach.grading.keyresult import Observed, grade_key_result
from coach.grading.matching import KeyResultIndex, kr_label
from coach.grading.progress import round2
from coach.grading.quarter import Timeline, quarter_dates
from coach.grading.records import GradeReport, Message, ObjectiveGrade, PastQuarter
from coach.grading.sources import parse_table_or_data
from coach.model import Draft
from coach.parsing import load_draft, parse_text

NO_QUARTER_END = (
    "the quarter's end is unknown, so there are no forecasts: add `quarter: Q2 2026` to the "
    "front matter or pass --quarter-end"
)


@dataclass(frozen=True)
class GradeInputs:
    """Where the actual values come from, and the dates to grade on."""

    actuals: str | Path | None = None
    checkins: str | Path | None = None
    history: Sequence[str | Path] = ()
    quarter_end: date | None = None
    as_of: date | None = None
    max_file_bytes: int = 1_000_000
    """``limits.max_file_bytes``: the size limit of the draft and of every input file."""


def grade_file(path: str | Path, inputs: GradeInputs = GradeInputs()) -> GradeReport:
    """Read the draft and every input file, then grade. Unreadable files raise InputError."""
    limit = inputs.max_file_bytes
    draft = load_draft(path, limit)
    entries = read_actuals(inputs.actuals, limit) if inputs.actuals else []
    checkins, problems = read_checkins(inputs.checkins, limit) if inputs.checkins else ([], [])
    history = read_history(inputs.history, limit)
    as_of = inputs.as_of or (date.today() if checkins else None)
    report = grade_draft(draft, entries, checkins, inputs.quarter_end, as_of, history)
    report.messages[:0] = [Message("warning", problem) for problem in problems]
    return report


def grade_text(
    text: str,
    source: str = "<text>",
    *,
    actuals: tuple[str, str] | None = None,
    checkins: tuple[str, str] | None = None,
    history: Sequence[tuple[str, object]] = (),
    quarter_end: date | None = None,
    as_of: date | None = None,
) -> GradeReport:
    """``grade_file`` for inputs already in memory (an HTTP request's body; nothing is read from
    disk): the draft's text; actuals and check-ins as (name, text) — CSV, YAML or JSON, as their
    files would hold, the name's suffix picking the format; history as (name, parsed JSON) of
    earlier quarters' ``coach grade --format json``."""
    draft = parse_text(text, source)
    entries = (
        actuals_from(parse_table_or_data(actuals[1], actuals[0]), actuals[0]) if actuals else []
    )
    found, problems = (
        checkins_from(parse_table_or_data(checkins[1], checkins[0]), checkins[0])
        if checkins
        else ([], [])
    )
    past = [past_quarter(name, data) for name, data in history]
    as_of = as_of or (date.today() if found else None)
    report = grade_draft(draft, entries, found, quarter_end, as_of, past)
    report.messages[:0] = [Message("warning", problem) for problem in problems]
    return report


def grade_draft(
    draft: Draft,
    entries: Sequence[Entry] = (),
    checkins: Sequence[CheckIn] = (),
    quarter_end: date | None = None,
    as_of: date | None = None,
    history: Sequence[PastQuarter] = (),
) -> GradeReport:
    """Grade a parsed draft against actual values already read."""
    inline = find_inline(draft)
    texts = {
        (i, j): inline[(i, j)].text if (i, j) in inline else kr.text
        for i, j, kr in draft.key_results()
    }
    # a table row's baseline, target and due columns count for its analysis (``statement``)
    analyses = {
        (i, j): analyse_key_result(inline[(i, j)].text if (i, j) in inline else kr.statement)
        for i, j, kr in draft.key_results()
    }
    index = KeyResultIndex(draft, texts, {ref: a.metric for ref, a in analyses.items()})
    timeline = _timeline(draft, quarter_end, as_of)
    observed, messages = observe(
        index, inline, entries, checkins, timeline.as_of, timeline.mid_quarter
    )
    if checkins and timeline.end is None:
        messages.insert(0, Message("note", NO_QUARTER_END))
    objectives = []
    for i, objective in enumerate(draft.objectives):
        grades = []
        for j, kr in enumerate(objective.key_results):
            ref = (i, j)
            seen = observed.get(ref, Observed())
            label = kr_label(draft, ref)
            grade = grade_key_result(kr, ref, label, texts[ref], analyses[ref], seen, timeline)
            grades.append(grade)
        label = objective.label or f"O{i + 1}"
        objectives.append(ObjectiveGrade(i, label, objective.text, objective.position.line, grades))
    report = GradeReport(
        draft.source,
        draft.meta.team,
        draft.meta.quarter,
        timeline.start,
        timeline.end,
        timeline.as_of,
        timeline.mid_quarter,
        objectives,
        messages=messages,
    )
    _averages(report)
    _untagged(report)
    if history:
        current = (
            None if report.mid_quarter else PastQuarter(report.quarter, report.score, report.source)
        )
        report.sandbagging = sandbagging(current, history)
    return report


def _untagged(report: GradeReport) -> None:
    untagged = [kr.label for kr in report.key_results() if not kr.ambition_tagged]
    if untagged:
        text = (
            f"untagged (marked * in text tables), so judged as committed (1.0 expected): "
            f"{', '.join(untagged)}; tag a key result [stretch] to judge it against 0.7"
        )
        report.messages.append(Message("note", text))


def _timeline(draft: Draft, quarter_end: date | None, as_of: date | None) -> Timeline:
    dates = quarter_dates(draft.meta.quarter)
    start = dates[0] if dates else None
    return Timeline(start, quarter_end or (dates[1] if dates else None), as_of)


def _mean(scores: list[float]) -> float | None:
    return round2(sum(scores) / len(scores)) if scores else None


def _averages(report: GradeReport) -> None:
    """Objective score = mean of its graded key results; team score = mean of objectives.
    Mid-quarter, forecasts are averaged the same way and bands are read from them."""
    for objective in report.objectives:
        objective.score = _mean([kr.score for kr in objective.key_results if kr.score is not None])
        forecasts = [kr.forecast.score for kr in objective.key_results if kr.forecast]
        objective.forecast = _mean(forecasts)
        banded = objective.forecast if report.mid_quarter else objective.score
        objective.band = None if banded is None else band_of(banded)
        if objective.score is None:
            text = f"{objective.label} has no graded key result; excluded from the team score"
            report.messages.append(Message("warning", text))
    report.score = _mean([o.score for o in report.objectives if o.score is not None])
    report.forecast = _mean([o.forecast for o in report.objectives if o.forecast is not None])
    banded = report.forecast if report.mid_quarter else report.score
    if banded is not None:
        report.band = band_of(banded)
        report.remark = None if report.mid_quarter else team_remark(banded)
