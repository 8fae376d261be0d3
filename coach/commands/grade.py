"""`coach grade`: quarter-end grading and mid-quarter forecasts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from coach.cli import fail, terminal_options
from coach.config import load_settings
from coach.errors import EXIT_INPUT

_DATE = click.DateTime(["%Y-%m-%d"])


@click.command("grade")
@click.argument("file", type=click.Path(allow_dash=True))
@click.argument("more_history", nargs=-1, type=click.Path(), metavar="")
@click.option(
    "--actuals",
    type=click.Path(),
    metavar="FILE",
    help="YAML/JSON or CSV: key result → actual value.",
)
@click.option(
    "--checkins",
    type=click.Path(),
    metavar="FILE",
    help="Check-ins: CSV date,key_result,value or YAML.",
)
@click.option(
    "--history",
    multiple=True,
    type=click.Path(),
    metavar="FILE...",
    help="Earlier quarters' `coach grade --format json` files, for sandbagging (one or more).",
)
@click.option(
    "--quarter-end", type=_DATE, metavar="DATE", help="Last day of the quarter (YYYY-MM-DD)."
)
@click.option("--as-of", type=_DATE, metavar="DATE", help="Grade as of this date (default: today).")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--chart", type=click.Path(), metavar="FILE", help="Write a chart: .png or .html.")
@click.option("-o", "--output", type=click.Path(), metavar="FILE", help="Write the report here.")
@click.option("--no-color", is_flag=True, help="Plain text output, even on a terminal.")
@click.option("--config", "config_file", type=click.Path(path_type=Path), help="Settings file.")
@click.pass_context
def grade_command(
    ctx: click.Context,
    file: str,
    more_history: tuple[str, ...],
    actuals: str | None,
    checkins: str | None,
    history: tuple[str, ...],
    quarter_end: Any,
    as_of: Any,
    fmt: str,
    chart: str | None,
    output: str | None,
    no_color: bool,
    config_file: Path | None,
) -> None:
    """Grade key results on the 0.0–1.0 scale from actual values, or forecast mid-quarter.

    FILE is the OKR draft ("-" for stdin). Scores are for team learning, not performance
    reviews. Exit codes: 0 graded, 2 bad input, 3 --chart without the charts extra.
    """
    from coach.files import check_output, same_output, write_atomic
    from coach.grading import GradeInputs, grade_file, render_json, render_text
    from coach.grading.output import check_chart_path, write_chart

    if more_history and not history:
        fail(ctx, f"unexpected extra argument {more_history[0]!r} (FILE is one draft)", EXIT_INPUT)
    read = [
        ("the draft", file),
        ("the actuals file", actuals),
        ("the check-ins file", checkins),
        *(("a history file", h) for h in (*history, *more_history)),
    ]
    if output is not None:
        check_output(output, read)
    if chart is not None:
        check_chart_path(chart, read)
        if output is not None and same_output(output, chart):
            fail(ctx, f"{chart}: --chart and -o name the same file", EXIT_INPUT)
    settings = load_settings(
        start=Path(file).parent if file != "-" else None, config_file=config_file
    )
    inputs = GradeInputs(
        actuals=actuals,
        checkins=checkins,
        history=(*history, *more_history),
        quarter_end=quarter_end.date() if quarter_end else None,
        as_of=as_of.date() if as_of else None,
        max_file_bytes=settings.limits.max_file_bytes,
    )
    report = grade_file(file, inputs)
    if fmt == "json":
        text = render_json(report)
    else:
        text = render_text(report, terminal_options(no_color or output is not None))
    if output is not None:
        write_atomic(output, text, inputs=read)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)
    if chart is not None:
        write_chart(report, chart, read)
        click.echo(f"wrote {chart}", err=True)
