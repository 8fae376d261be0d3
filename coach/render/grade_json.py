"""The JSON output of ``coach grade``: a documented, versioned schema (docs/grading.md)."""

from __future__ import annotations

from datetime import date

from coach import __version__
from coach.grading.bands import COMMITTED_TARGET, REMINDER, STRETCH_TARGET
from coach.grading.forecast import AT_RISK, Forecast
from coach.grading.history import SANDBAGGING_QUARTERS, SANDBAGGING_SCORE, SCHEMA
from coach.grading.records import GradeReport, KeyResultGrade, ObjectiveGrade, Sandbagging
from coach.model import Ambition
from coach.render.json_output import dumps

SCHEMA_VERSION = "1"


def render_json(report: GradeReport) -> str:
    return dumps(to_json(report))


def to_json(report: GradeReport) -> dict:
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "okr-coach", "version": __version__},
        "source": report.source,
        "team": report.team,
        "quarter": report.quarter,
        "timeline": {
            "start": _day(report.start),
            "end": _day(report.end),
            "as_of": _day(report.as_of),
            "phase": "mid-quarter" if report.mid_quarter else "quarter-end",
        },
        "reminder": REMINDER,
        "thresholds": {
            "committed": COMMITTED_TARGET,
            "stretch": STRETCH_TARGET,
            "at_risk": {
                "committed": AT_RISK[Ambition.COMMITTED],
                "stretch": AT_RISK[Ambition.STRETCH],
            },
            "sandbagging": {"score": SANDBAGGING_SCORE, "quarters": SANDBAGGING_QUARTERS},
        },
        "score": report.score,
        "forecast": report.forecast,
        "band": report.band.to_json() if report.band else None,
        "remark": report.remark,
        "objectives": [_objective(o) for o in report.objectives],
        "sandbagging": _sandbagging(report.sandbagging),
        "messages": [m.to_json() for m in report.messages],
    }


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _objective(o: ObjectiveGrade) -> dict:
    return {
        "label": o.label,
        "text": o.text,
        "line": o.line,
        "score": o.score,
        "forecast": o.forecast,
        "band": o.band.to_json() if o.band else None,
        "graded": sum(kr.included for kr in o.key_results),
        "excluded": sum(not kr.included for kr in o.key_results),
        "key_results": [_key_result(kr) for kr in o.key_results],
    }


def _key_result(kr: KeyResultGrade) -> dict:
    i, j = kr.ref
    return {
        "label": kr.label,
        "path": f"objectives[{i}].key_results[{j}]",
        "line": kr.line,
        "text": kr.text,
        "ambition": kr.ambition.value,
        "ambition_tagged": kr.ambition_tagged,
        "expected": kr.expected,
        "kind": kr.kind,
        "unit": kr.unit,
        "baseline": kr.baseline,
        "target": kr.target,
        "actual": kr.actual,
        "actual_source": kr.actual_source,
        "included": kr.included,
        "score": kr.score,
        "raw": kr.raw,
        "rule": kr.rule,
        "band": kr.band.to_json() if kr.band else None,
        "met": kr.met,
        "judgement": kr.judgement,
        "forecast": _forecast(kr.forecast),
        "checkins": [{"date": day.isoformat(), "value": value} for day, value in kr.checkins],
        "messages": [m.to_json() for m in kr.messages],
    }


def _forecast(f: Forecast | None) -> dict | None:
    if f is None:
        return None
    return {
        "value": round(f.value, 4),
        "score": f.score,
        "at_risk": f.at_risk,
        "threshold": f.threshold,
        "slope_per_day": round(f.slope_per_day, 6),
        "points": f.points,
        "rule": f.rule,
    }


def _sandbagging(s: Sandbagging | None) -> dict | None:
    if s is None:
        return None
    return {
        "flagged": s.flagged,
        "message": s.message,
        "quarters": [
            {"quarter": q.quarter, "score": q.score, "source": q.source} for q in s.quarters
        ],
        "notes": s.notes,
    }
