"""The text output of ``coach grade``: a table per objective, each key result's rule and
messages under it, then the team score, sandbagging and the reminder."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.padding import Padding
from rich.table import Table

from coach.grading.bands import REMINDER, Band
from coach.grading.records import GradeReport, KeyResultGrade, ObjectiveGrade
from coach.render import RenderOptions
from coach.render.rich_text import VisibleText as Text
from coach.render.text import make_console

_STYLE = {"warning": "yellow", "note": "dim"}


def render_text(report: GradeReport, options: RenderOptions | None = None) -> str:
    console = make_console(options or RenderOptions())
    head = " · ".join(filter(None, (report.source, report.team, report.quarter)))
    phase = "mid-quarter" if report.mid_quarter else "quarter end"
    dates = f"as of {report.as_of}, quarter ends {report.end}" if report.mid_quarter else report.end
    console.print(
        Text(f"{head} · {phase}{f' ({dates})' if dates else ''}", style="bold"), soft_wrap=True
    )
    for objective in report.objectives:
        console.print()
        _objective(console, objective, report.mid_quarter)
    console.print()
    _summary(console, report)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    return "".join(line.rstrip(" ") + "\n" for line in text.splitlines())


def score_phrase(score: float | None, band: Band | None) -> str:
    if score is None or band is None:
        return "not graded"
    return f"{score:.2f} · {band.title} ({band.range}): {band.meaning}"


def scores_phrase(score: float | None, forecast: float | None, band: Band | None, mid: bool) -> str:
    """ "0.71 · Strong performance …", or mid-quarter "so far 0.40 · forecast 0.72 · …"."""
    if not mid:
        return score_phrase(score, band)
    so_far = "—" if score is None else f"{score:.2f}"
    ahead = "no forecast" if forecast is None else f"forecast {score_phrase(forecast, band)}"
    return f"so far {so_far} · {ahead}"


def _objective(console: Console, objective: ObjectiveGrade, mid_quarter: bool) -> None:
    console.print(
        Text(f"{objective.label} · line {objective.line} · {objective.text}", style="bold"),
        soft_wrap=True,
    )
    phrase = scores_phrase(objective.score, objective.forecast, objective.band, mid_quarter)
    console.print(Text(f"score {phrase}"), soft_wrap=True)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1), expand=True)
    for name in ("KR", "Key result", "Type", "From → to", "Actual", "Score", "Verdict"):
        flexible = name == "Key result"
        table.add_column(
            name,
            justify="right" if name == "Score" else "left",
            no_wrap=True,
            overflow="ellipsis" if flexible else "fold",
            ratio=1 if flexible else None,
        )
    if mid_quarter:
        table.add_column("Forecast", no_wrap=True)
    for kr in objective.key_results:
        table.add_row(*_row(kr, mid_quarter))
    console.print(Padding(table, (0, 0, 0, 2)))
    for kr in objective.key_results:
        _details(console, kr)


def _row(kr: KeyResultGrade, mid_quarter: bool) -> list[Text]:
    goal = f"{kr.baseline} → {kr.target}" if kr.baseline else kr.target or "—"
    verdict = Text("excluded", style="yellow")
    if mid_quarter and kr.score is not None:
        at_risk = kr.forecast is not None and kr.forecast.at_risk
        words = "no forecast" if kr.forecast is None else ("at risk" if at_risk else "on track")
        verdict = Text(words, style="red" if at_risk else "")
    elif kr.met is not None:
        words = "✓ met" if kr.met else f"✗ below {kr.expected:.1f}"
        verdict = Text(words, style="green" if kr.met else "red")
    ambition = kr.ambition.value + ("" if kr.ambition_tagged else "*")
    cells = [
        Text(kr.label.split(".", 1)[-1]),
        Text(kr.text),
        Text(ambition),
        Text(goal),
        Text(kr.actual or "—"),
        Text("—" if kr.score is None else f"{kr.score:.2f}", style="bold"),
        verdict,
    ]
    if mid_quarter:
        f = kr.forecast
        cells.append(Text("—" if f is None else f"{f.score:.2f}"))
    return cells


def _details(console: Console, kr: KeyResultGrade) -> None:
    short = kr.label.split(".", 1)[-1]
    lines = []
    if kr.rule:
        lines.append((" · ".join(filter(None, (kr.rule, kr.judgement))), ""))
    if kr.forecast:
        lines.append((f"forecast: {kr.forecast.rule}", ""))
    lines += [
        (f"{'⚠ ' if m.level == 'warning' else ''}{m.text}", _STYLE[m.level]) for m in kr.messages
    ]
    for n, (text, style) in enumerate(lines):
        prefix = f"  {short:<5} " if n == 0 else " " * 8
        console.print(Text(prefix) + Text(text, style=style), soft_wrap=True)


def _summary(console: Console, report: GradeReport) -> None:
    phrase = scores_phrase(report.score, report.forecast, report.band, report.mid_quarter)
    console.print(Text(f"Team score {phrase}", style="bold"), soft_wrap=True)
    graded = [o for o in report.objectives if o.score is not None]
    if graded:
        parts = ", ".join(f"{o.label} {o.score:.2f}" for o in graded)
        if report.mid_quarter:
            parts += " (progress so far)"
        console.print(Text(f"  the average of {len(graded)} objective(s): {parts}"), soft_wrap=True)
    if report.remark:
        console.print(Text(f"  {report.remark}"), soft_wrap=True)
    excluded = [kr.label for kr in report.key_results() if not kr.included]
    if excluded:
        console.print(
            Text(
                f"  excluded from the averages (see their warnings): {', '.join(excluded)}",
                style="yellow",
            ),
            soft_wrap=True,
        )
    at_risk = [kr.label for kr in report.key_results() if kr.forecast and kr.forecast.at_risk]
    if at_risk:
        console.print(
            Text(f"  at risk by the end of the quarter: {', '.join(at_risk)}", style="red"),
            soft_wrap=True,
        )
    if report.sandbagging:
        s = report.sandbagging
        console.print(
            Text(f"  {'⚠ ' if s.flagged else ''}{s.message}", style="yellow" if s.flagged else ""),
            soft_wrap=True,
        )
        for note in s.notes:
            console.print(Text(f"  {note}", style="dim"), soft_wrap=True)
    for message in report.messages:
        console.print(
            Text(
                f"  {'⚠ ' if message.level == 'warning' else ''}{message.text}",
                style=_STYLE[message.level],
            ),
            soft_wrap=True,
        )
    console.print()
    console.print(Text(REMINDER, style="italic"), soft_wrap=True)
