"""The batch report as one self-contained HTML page: the team table (click a header to sort;
it reads the same with scripts off), the score distribution and task-style share as inline SVG
charts, the rules broken most, the worst lines with their proposed fixes, the alignment map,
the findings across drafts, broken and skipped files, and what ``--rewrite`` cost."""

from __future__ import annotations

from statistics import median

from coach.batch.records import BatchReport, TeamRow
from coach.render import charts
from coach.render.html import Cell, Column, Row, number, render_page, require_jinja2

WHAT = "the HTML report"
TEAM_COLUMNS = (
    Column("Team"),
    Column("Score", numeric=True),
    Column("Band"),
    Column("Quarter"),
    Column("Objectives", numeric=True),
    Column("Key results", numeric=True),
    Column("Task-style", numeric=True),
    Column("Errors", numeric=True),
    Column("Warnings", numeric=True),
    Column("Suggestions", numeric=True),
    Column("Exit", numeric=True),
)
RULE_COLUMNS = (
    Column("Rule"),
    Column("Name"),
    Column("Findings", numeric=True),
    Column("Teams", numeric=True),
)


def require_extras(what: str = WHAT) -> None:
    """A ConfigError naming the ``charts`` extra when matplotlib or Jinja2 is missing: call it
    before a batch run that will write this report."""
    charts.require_matplotlib(what)
    require_jinja2(what)


def render_batch_html(report: BatchReport) -> str:
    """The page for one batch run."""
    require_extras()
    from markupsafe import Markup

    checked = report.checked
    scores = [r.score for r in checked if r.score is not None]
    shares = [(r.team, r.task_share) for r in checked if r.task_share is not None]
    distribution = charts.inline_svg(charts.distribution_figure(scores)) if scores else None
    share_chart = charts.inline_svg(charts.share_figure(shares)) if shares else None
    return render_page(
        "batch.html.j2",
        what=WHAT,
        title="OKR batch report",
        report=report,
        summary=_summary(report, scores),
        team_columns=TEAM_COLUMNS,
        team_rows=[_team_row(r) for r in report.rows],
        rule_columns=RULE_COLUMNS,
        rule_rows=[
            Row((Cell(r.rule_id), Cell(r.rule_name), number(r.findings), number(r.teams)))
            for r in report.top_rules
        ],
        distribution=Markup(distribution) if distribution else None,
        share_chart=Markup(share_chart) if share_chart else None,
        shares=shares,
        share_limit=charts.SHARE_LIMIT,
    )


def _summary(report: BatchReport, scores: list[int]) -> list[tuple[str, str]]:
    """(value, label) pairs for the page's header."""
    items = [
        (str(len(report.checked)), _plural(len(report.checked), "draft") + " checked"),
        (str(len(report.broken)), _plural(len(report.broken), "broken file")),
        (str(len(report.skipped)), _plural(len(report.skipped), "skipped file")),
    ]
    if scores:
        items.append((f"{median(scores):g}", "median score"))
    if report.company is not None:
        orphans = len(report.orphans)
        items.append((str(orphans), _plural(orphans, "orphan company objective")))
    items.append((f"exit {report.exit_code}", f"with --fail-on {report.fail_on}"))
    return items


def _plural(count: int, noun: str) -> str:
    return noun if count == 1 else noun + "s"


def _team_row(row: TeamRow) -> Row:
    team = Cell(row.team, row.team, note=row.path)
    if row.error is not None:
        # the problem spans the columns after the score; empty sort keys put the row last
        problem = Cell(row.error, "", span=len(TEAM_COLUMNS) - 2)
        return Row((team, number(None), problem), "broken")
    share = row.task_share
    tasks = Cell(
        f"{row.task_key_results} ({share:.0%})" if share is not None else "—",
        "" if share is None else repr(share),
        "n",
    )
    return Row(
        (
            team,
            number(row.score),
            Cell(row.band or "—"),
            Cell(row.quarter or "—"),
            number(row.objectives),
            number(row.key_results),
            tasks,
            number(row.findings.get("error", 0)),
            number(row.findings.get("warning", 0)),
            number(row.findings.get("suggestion", 0)),
            number(row.exit_code),
        )
    )
