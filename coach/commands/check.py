"""`coach check`: check drafts against the rubric, through ``coach.service`` only."""

from typing import Annotated

import click
import typer

from coach.cli import (
    ColorOption,
    ConfigOption,
    FailOnOption,
    NoColorOption,
    OutputFileOption,
    color_choice,
    terminal_options,
)
from coach.render import FORMATS, RenderOptions, renderer
from coach.service import (
    SettingsResolver,
    check_paths,
    earlier_output,
    exit_code,
    input_files,
    rule_statistics,
    rules_by_id,
    validate_rule_ids,
)
from coach.visible import visible, visible_name


def check_command(
    ctx: typer.Context,
    files: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="FILES...",
            show_default=False,
            help="Drafts, folders or globs ('okrs/**/*.md'); '-' reads stdin.",
        ),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            click_type=click.Choice(FORMATS),
            help="Output format (docs/output-formats.md).",
        ),
    ] = "text",
    fail_on: FailOnOption = None,
    select: Annotated[
        str | None,
        typer.Option(metavar="IDS", help="Only these rule ids or prefixes (comma-separated)."),
    ] = None,
    ignore: Annotated[
        str | None,
        typer.Option(metavar="IDS", help="Skip these rule ids or prefixes (comma-separated)."),
    ] = None,
    config_file: ConfigOption = None,
    stdin_filename: Annotated[
        str | None,
        typer.Option(
            "--stdin-filename",
            metavar="PATH",
            help="The name of the draft read from stdin: shown in the output, its config found "
            "from its folder, its format from its suffix.",
        ),
    ] = None,
    output_file: OutputFileOption = None,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="Print how many findings each rule made.")
    ] = False,
    color: ColorOption = "auto",
    no_color: NoColorOption = False,
    quiet: Annotated[
        bool, typer.Option("-q", "--quiet", help="Text format: only each file's summary line.")
    ] = False,
    show_settings: Annotated[
        bool,
        typer.Option(
            "--show-settings",
            help="Print the settings that apply to the first FILE (its config file, COACH_* "
            "variables and these options) as a .coach.toml, and exit without checking.",
        ),
    ] = False,
) -> None:
    """Check OKR drafts against the rubric; print findings and a score.

    FILES are Markdown, YAML or JSON drafts, folders (searched for drafts) or globs; "-" reads
    one from stdin. Exit codes: 0 ok, 1 findings at or above --fail-on, 2 bad input, 3 config
    error (docs/exit-codes.md).
    """
    files = list(files or [])
    if not files and stdin_filename is None and not show_settings:
        raise click.MissingParameter(ctx=ctx, param=_param(ctx, "files"))
    flags = {"select": _ids(select), "ignore": _ids(ignore), "fail_on": fail_on}
    resolver = SettingsResolver(config_file, flags)
    if show_settings:  # as ruff's: what applies to the first file, nothing checked
        from coach.commands.config import render_settings

        first = stdin_filename or next((f for f in files if f != "-"), None)
        click.echo(render_settings(resolver.for_path(first), first))
        ctx.exit(0)
    earlier = None  # a report an earlier run wrote where this one looks for drafts
    if output_file is not None:
        from coach.files import check_output

        earlier = earlier_output(files, output_file, resolver)
        read = input_files(files, resolver, earlier)
        check_output(output_file, read)
    settings = resolver.for_path(stdin_filename or next((f for f in files if f != "-"), None))
    validate_rule_ids(settings, {k: f"--{k}" for k in ("select", "ignore") if flags[k]})
    run = check_paths(files, resolver, stdin_filename=stdin_filename, leave_out=earlier)
    for error in run.errors:
        click.echo(visible(f"coach: {visible_name(error.source)}: {error.message}"), err=True)
    for note in run.notes():
        click.echo(visible_name(f"coach: {note}"), err=True)
    if run.empty:
        names = ", ".join(visible_name(f) for f in files)
        click.echo(visible(f"coach: {names}: no OKR drafts found"), err=True)
        ctx.exit(exit_code(run))
    plain = output_file is not None
    rules = rules_by_id(settings) if fmt == "sarif" else {}
    if fmt == "text" or statistics:
        colour = "never" if plain else color_choice(color, no_color)
        options = terminal_options(colour, quiet=quiet, rules=rules)
    else:  # output for programs: no colour or width, so no need to ask rich about the terminal
        options = RenderOptions(quiet=quiet, rules=rules)
    if statistics:
        text = _statistics(rule_statistics(run.reports), fmt)
    else:
        text = renderer(fmt)(run.reports, run.errors, options)
    if output_file is not None:
        from coach.files import write_atomic

        write_atomic(output_file, text, inputs=read)
        click.echo(visible(f"wrote {output_file}"), err=True)
    else:
        click.echo(text, nl=False, color=options.color)
    ctx.exit(exit_code(run))


def _param(ctx: click.Context, name: str) -> click.Parameter | None:
    return next((p for p in ctx.command.params if p.name == name), None)


def _ids(value: str | None) -> list[str] | None:
    return None if value is None else [part for part in value.split(",") if part.strip()]


def _statistics(rows: list[tuple[str, str, int]], fmt: str) -> str:
    """Findings per rule, most first: ``   3  OKR201  output-as-key-result`` (like ruff)."""
    if fmt == "json":
        from coach.render.json_output import dumps

        return dumps([{"rule_id": r, "rule_name": n, "count": c} for r, n, c in rows])
    width = max((len(str(c)) for _, _, c in rows), default=1)
    return "".join(f"{c:>{width}}  {r}  {n}\n" for r, n, c in rows)
