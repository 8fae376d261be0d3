"""Grade one key result: its spec, its actual value, its score, band, judgement and forecast."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coach.grading.bands import band_of, expected, judge
from coach.grading.checkins import CheckIn
from coach.grading.forecast import forecast
from coach.grading.measure import Ungradable, at, measure, value_of
from coach.grading.progress import Progress
from coach.grading.quarter import Timeline
from coach.grading.records import KeyResultGrade
from coach.grading.spec import GradeSpec, build_spec
from coach.grading.values import read_value
from coach.model import Ambition, KeyResult, KeyResultAnalysis

EXCLUDED = "excluded from the averages"


@dataclass(frozen=True)
class Observed:
    """What the inputs say about one key result."""

    value: object | None = None
    source: str | None = None
    baseline: object | None = None
    series: tuple[CheckIn, ...] = ()
    notes: tuple[str, ...] = ()


def grade_key_result(
    kr: KeyResult,
    ref: tuple[int, int],
    label: str,
    text: str,
    analysis: KeyResultAnalysis,
    observed: Observed,
    timeline: Timeline,
) -> KeyResultGrade:
    ambition = kr.ambition or Ambition.COMMITTED
    """Grade one key result; every problem becomes a message on the grade, never an exception."""
    grade = KeyResultGrade(
        ref,
        label,
        text,
        kr.position.line,
        ambition,
        kr.ambition is not None,
        expected=expected(ambition),
    )
    for note in observed.notes:
        grade.note(note)
    file_baseline = None if observed.baseline is None else read_value(observed.baseline)
    spec = build_spec(text, analysis, file_baseline)
    _describe(grade, spec)
    if spec.problem:
        grade.warn(f"{spec.problem}; {EXCLUDED}")
        return grade
    points = _points(grade, spec, observed.series)
    if observed.value is None:
        grade.warn(f"no actual value (inline, in an actuals file or a check-in); {EXCLUDED}")
        return grade
    grade.actual, grade.actual_source = read_value(observed.value).text, observed.source
    try:
        result = measure(spec, read_value(observed.value))
    except Ungradable as exc:
        grade.warn(f"{exc}; {EXCLUDED}")
        return grade
    if spec.kind == "maintain" and points:
        result = _held_throughout(spec, points, result)
    _score(grade, result, timeline.mid_quarter)
    if timeline.mid_quarter and points:
        _forecast(grade, spec, points, timeline)
    return grade


def _describe(grade: KeyResultGrade, spec: GradeSpec) -> None:
    grade.kind = spec.kind
    grade.unit = spec.scale.label() if spec.scale else None
    if spec.kind in ("maintain", "threshold"):
        grade.target = f"{'≤' if spec.upper else '≥'} {spec.show(spec.target)}"
    elif spec.kind == "binary":
        grade.target = "done"
    elif spec.kind:
        grade.baseline = spec.show(spec.baseline) + (" (assumed)" if spec.from_zero else "")
        grade.target = spec.show(spec.target)
    for warning in spec.warnings:
        grade.warn(warning)
    for note in spec.notes:
        grade.note(note)


def _points(
    grade: KeyResultGrade, spec: GradeSpec, series: tuple[CheckIn, ...]
) -> list[tuple[date, float]]:
    """The check-ins as values on the key result's scale; unreadable ones get a message."""
    points = []
    for checkin in sorted(series, key=lambda c: c.day):
        reading = read_value(checkin.value)
        grade.checkins.append((checkin.day, reading.text))
        if spec.kind == "binary":
            continue
        try:
            points.append((checkin.day, value_of(spec, reading)[0]))
        except Ungradable as exc:
            grade.warn(f"check-in {checkin.day}: {exc}; left out of the trend")
    return points


def _held_throughout(spec: GradeSpec, points: list[tuple[date, float]], last: Progress) -> Progress:
    if last.score == 0.0:
        return last
    for day, value in points:
        reading = at(spec, value)
        if reading.score == 0.0:
            return Progress(0.0, f"broke the bound on {day}: {reading.rule}", notes=last.notes)
    return Progress(
        last.score, last.rule + f" (held at all {len(points)} check-ins)", notes=last.notes
    )


def _score(grade: KeyResultGrade, result: Progress, mid_quarter: bool) -> None:
    grade.score, grade.raw, grade.rule = result.score, result.raw, result.rule
    for note in result.notes:
        grade.note(note)
    if mid_quarter:
        return  # progress so far: the band comes from the forecast, if any
    grade.band = band_of(result.score)
    grade.met, grade.judgement = judge(result.score, grade.ambition)


def _forecast(
    grade: KeyResultGrade, spec: GradeSpec, points: list[tuple[date, float]], timeline: Timeline
) -> None:
    found = forecast(spec, points, timeline, grade.ambition)
    if isinstance(found, str):
        grade.note(found)
        return
    grade.forecast = found
    grade.band = band_of(found.score)
    for note in found.notes:
        grade.note(note)
    if found.at_risk:
        what = "committed" if grade.ambition == Ambition.COMMITTED else "stretch"
        grade.warn(
            f"at risk: forecast {found.score:.2f} is below {found.threshold} for a {what} key result"
        )
