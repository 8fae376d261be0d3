"""The grade's HTML page: the reminder (once), the chart as inline SVG, a table per objective.
Self-contained: no fetches, one packaged script (click a header to sort)."""

from __future__ import annotations

from dataclasses import dataclass

from coach.grading.bands import REMINDER
from coach.grading.records import GradeReport, KeyResultGrade, Message
from coach.render import charts
from coach.render.grade_text import score_phrase, scores_phrase
from coach.render.html import Cell, Column, Row, number, render_page

WHAT = "--chart FILE.html"
COLUMNS = (
    Column("KR"),
    Column("Key result"),
    Column("Type"),
    Column("From → to"),
    Column("Actual"),
    Column("Score", numeric=True),
    Column("Bar", numeric=True),
    Column("Verdict"),
    Column("Forecast", numeric=True),
    Column("Rule and messages"),
)


@dataclass(frozen=True, slots=True)
class _Objective:
    title: str
    phrase: str
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class _Message:
    text: str
    css: str


def render_html(report: GradeReport, chart: str | None = None) -> str:
    """The page; ``chart`` is an ``<svg>`` element (drawn from the report when not given)."""
    from markupsafe import Markup

    svg = chart if chart is not None else charts.inline_svg(charts.grade_figure(report, False))
    mid = report.mid_quarter
    value = report.forecast if mid else report.score
    objectives = [
        _Objective(
            f"{o.label} · {o.text}",
            scores_phrase(o.score, o.forecast, o.band, mid),
            tuple(_row(kr, mid) for kr in o.key_results),
        )
        for o in report.objectives
    ]
    return render_page(
        "grade.html.j2",
        what=WHAT,
        title=" · ".join(filter(None, ("OKR grades", report.team, report.quarter))),
        reminder=REMINDER,
        team_score=score_phrase(value, report.band) if value is not None else "not graded",
        mid_quarter=mid,
        phase=_phase(report),
        source=report.source,
        remark=report.remark,
        chart=Markup(svg),
        chart_caption=(
            "Each key result's score against the bar it is judged by (the black mark: 1.0 "
            f"committed, 0.7 stretch); grey bars are objective {'forecasts' if mid else 'averages'}."
        ),
        columns=COLUMNS,
        objectives=objectives,
        messages=[_message(m) for m in report.messages],
        sandbagging=report.sandbagging.message if report.sandbagging else None,
    )


def _phase(report: GradeReport) -> str | None:
    if report.mid_quarter:
        so_far = "—" if report.score is None else f"{report.score:.2f}"
        return f"mid-quarter, as of {report.as_of}: progress so far {so_far}"
    return None


def _message(message: Message) -> _Message:
    return _Message(message.text, "warn" if message.level == "warning" else "note")


def _row(kr: KeyResultGrade, mid_quarter: bool) -> Row:
    goal = f"{kr.baseline} → {kr.target}" if kr.baseline else kr.target or "—"
    if kr.score is None:
        verdict = Cell("excluded", css="note")
    elif mid_quarter or kr.met is None:
        verdict = Cell("in progress", css="note")
    else:
        verdict = Cell("met" if kr.met else f"missed ({kr.score:.2f} of {kr.expected:.1f})",
                       css="met" if kr.met else "missed")  # fmt: skip
    if kr.forecast is None:
        forecast = number(None)
    else:
        risk = " at risk" if kr.forecast.at_risk else ""
        forecast = Cell(f"{kr.forecast.score:.2f}{risk}", repr(kr.forecast.score),
                        "n missed" if risk else "n")  # fmt: skip
    messages = (f"warning: {m.text}" if m.level == "warning" else m.text for m in kr.messages)
    notes = tuple(filter(None, (kr.rule, kr.judgement, *messages)))
    return Row(
        (
            Cell(kr.label),
            Cell(kr.text),
            Cell(kr.ambition.value),
            Cell(goal),
            Cell(kr.actual or "—"),
            number(kr.score, 2),
            number(kr.expected, 1),
            verdict,
            forecast,
            Cell(notes),
        )
    )
