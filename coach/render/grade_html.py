"""The HTML chart page: the chart as an embedded PNG plus the table; no scripts, no CDN."""

from __future__ import annotations

import base64
from html import escape as _escape_html

from coach.grading.bands import REMINDER
from coach.grading.records import GradeReport, KeyResultGrade
from coach.render.grade_chart import render_png
from coach.render.grade_text import score_phrase
from coach.visible import visible


def escape(text: str) -> str:
    """HTML-escaped, with control and bidi characters shown as escapes (``\\u202e``)."""
    return _escape_html(visible(text))


_STYLE = (
    "body{font-family:system-ui,sans-serif;margin:2em;max-width:72em;color:#222}"
    "table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border-bottom:1px solid #ddd;"
    "padding:.3em .6em;text-align:left;vertical-align:top}.n{text-align:right}"
    ".warn{color:#a15c00}.note{color:#666}.reminder{font-style:italic;background:#f5f5f5;"
    "padding:.6em 1em}img{max-width:100%}"
)
_COLUMNS = (
    "KR",
    "Key result",
    "Type",
    "From → to",
    "Actual",
    "Score",
    "Verdict",
    "Forecast",
    "Rule and messages",
)


def render_html(report: GradeReport, png: bytes | None = None) -> str:
    """A self-contained page: title, reminder, chart, a table per objective, the team score."""
    image = base64.b64encode(png if png is not None else render_png(report)).decode("ascii")
    title = escape(" · ".join(filter(None, ("OKR grades", report.team, report.quarter))))
    parts = [
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>',
        f"<style>{_STYLE}</style></head><body>\n<h1>{title}</h1>",
        f'<p class="reminder">{escape(REMINDER)}</p>',
        f"<p><strong>Team score {escape(score_phrase(report.score, report.band))}</strong></p>",
        f'<img alt="score per key result against the 0.7 line" src="data:image/png;base64,{image}">',
    ]
    for o in report.objectives:
        parts.append(f"<h2>{escape(o.label)} · {escape(o.text)}</h2>")
        parts.append(f"<p>score {escape(score_phrase(o.score, o.band))}</p>")
        head = "".join(f"<th>{escape(c)}</th>" for c in _COLUMNS)
        rows = "".join(_row(kr) for kr in o.key_results)
        parts.append(f"<table><tr>{head}</tr>{rows}</table>")
    parts += [
        f'<p class="{"warn" if m.level == "warning" else "note"}">{escape(m.text)}</p>'
        for m in report.messages
    ]
    if report.sandbagging:
        parts.append(f"<p>{escape(report.sandbagging.message)}</p>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _row(kr: KeyResultGrade) -> str:
    goal = f"{kr.baseline} → {kr.target}" if kr.baseline else kr.target or "—"
    verdict = "excluded" if kr.met is None else ("met" if kr.met else f"below {kr.expected:.1f}")
    forecast = "—"
    if kr.forecast:
        forecast = f"{kr.forecast.score:.2f}{' at risk' if kr.forecast.at_risk else ''}"
    notes = [escape(kr.rule)] if kr.rule else []
    notes += [
        f'<span class="{"warn" if m.level == "warning" else "note"}">{escape(m.text)}</span>'
        for m in kr.messages
    ]
    cells = [kr.label, kr.text, kr.ambition.value, goal, kr.actual or "—"]
    score = "—" if kr.score is None else f"{kr.score:.2f}"
    return (
        "<tr>"
        + "".join(f"<td>{escape(c)}</td>" for c in cells)
        + f'<td class="n">{score}</td><td>{escape(verdict)}</td><td>{escape(forecast)}</td>'
        + f"<td>{'<br>'.join(notes)}</td></tr>"
    )
