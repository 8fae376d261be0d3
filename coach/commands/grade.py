"""`coach grade`: quarter-end grading and mid-quarter forecasts."""

from datetime import datetime
from pathlib import Path
from typing import Annotated

import click
import typer

from coach.cli import ColorOption, ConfigOption, NoColorOption, color_choice, fail, terminal_options
from coach.config import load_settings
from coach.errors import EXIT_INPUT

_DATE_FORMATS = ["%Y-%m-%d"]


def grade_command(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE", show_default=False)],
    more_history: Annotated[
        list[str] | None, typer.Argument(metavar="", show_default=False, hidden=True)
    ] = None,
    actuals: Annotated[
        str | None,
        typer.Option(metavar="FILE", help="YAML/JSON or CSV: key result → actual value."),
    ] = None,
    checkins: Annotated[
        str | None,
        typer.Option(metavar="FILE", help="Check-ins: CSV date,key_result,value or YAML."),
    ] = None,
    history: Annotated[
        list[str] | None,
        typer.Option(
            metavar="FILE...",
            show_default=False,
            help="Earlier quarters' `coach grade --format json` files, for sandbagging (one or more).",
        ),
    ] = None,
    quarter_end: Annotated[
        datetime | None,
        typer.Option(
            formats=_DATE_FORMATS, metavar="DATE", help="Last day of the quarter (YYYY-MM-DD)."
        ),
    ] = None,
    as_of: Annotated[
        datetime | None,
        typer.Option(
            formats=_DATE_FORMATS, metavar="DATE", help="Grade as of this date (default: today)."
        ),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", click_type=click.Choice(["text", "json"]))
    ] = "text",
    chart: Annotated[
        str | None, typer.Option(metavar="FILE", help="Write a chart: .png, .svg or .html.")
    ] = None,
    chart_dpi: Annotated[
        int | None,
        typer.Option(
            metavar="DPI",
            min=50,
            max=600,
            help="Resolution of a .png chart, dots per inch (default 150).",
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "-o",
            "--output-file",
            "--output",
            metavar="FILE",
            help="Write the report here (--output: the same).",
        ),
    ] = None,
    color: ColorOption = "auto",
    no_color: NoColorOption = False,
    config_file: ConfigOption = None,
) -> None:
    """Grade key results on the 0.0–1.0 scale from actual values, or forecast mid-quarter.

    FILE is the OKR draft ("-" for stdin). Scores are for team learning, not performance
    reviews. Exit codes: 0 graded, 2 bad input, 3 --chart without the charts extra.
    """
    from coach.files import check_output, same_output, write_atomic
    from coach.service.grading import (
        GradeInputs,
        check_chart_path,
        grade_file,
        render_json,
        render_text,
        write_chart,
    )

    more_history = tuple(more_history or ())
    history = tuple(history or ())
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
    if chart_dpi is not None and chart is None:
        fail(ctx, "--chart-dpi needs --chart FILE.png", EXIT_INPUT)
    if chart is not None:
        check_chart_path(chart, read, chart_dpi)
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
    options = terminal_options("never" if output is not None else color_choice(color, no_color))
    if fmt == "json":
        text = render_json(report)
    else:
        text = render_text(report, options)
    if output is not None:
        write_atomic(output, text, inputs=read)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False, color=options.color)
    if chart is not None:
        write_chart(report, chart, read, chart_dpi)
        click.echo(f"wrote {chart}", err=True)
