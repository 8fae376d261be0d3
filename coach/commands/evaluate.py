"""`coach eval`: run the eval suite against its thresholds."""

from pathlib import Path
from typing import Annotated

import click
import typer

from coach.cli import (
    ColorOption,
    ConfigOption,
    NoColorOption,
    color_choice,
    fail,
    terminal_options,
)
from coach.config import load_settings
from coach.errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK


def eval_command(
    ctx: typer.Context,
    provider: Annotated[
        str,
        typer.Option(
            "--provider",
            click_type=click.Choice(["model", "offline"]),
            help="model: the recorded (or, with --record, live) model; offline: the offline rewriter.",
        ),
    ] = "model",
    record: Annotated[
        bool,
        typer.Option("--record", help="Re-record the model's traffic against the live endpoint."),
    ] = False,
    root: Annotated[
        Path,
        typer.Option(
            "--evals",
            file_okay=False,
            metavar="DIRECTORY",
            help="The evals folder (cases/, cassettes/, thresholds.yaml).",
        ),
    ] = Path("evals"),
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            metavar="PATH",
            help="Write the results JSON here (implies --write-results).",
        ),
    ] = None,
    write_results: Annotated[
        bool,
        typer.Option(
            "--write-results",
            help="Write the results JSON (to --output, else evals/results/<provider>.json); "
            "without it the tracked result files are left alone.",
        ),
    ] = False,
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only",
            show_default=False,
            help="Run only these case ids (or id prefixes); thresholds are not applied.",
        ),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", click_type=click.Choice(["table", "json"]))
    ] = "table",
    review: Annotated[
        bool,
        typer.Option(
            "--review",
            help="Run the rewrite-review set (rewrite-review/ in the evals folder): would a "
            "careful reviewer accept each rewrite?",
        ),
    ] = False,
    config_file: ConfigOption = None,
    color: ColorOption = "auto",
    no_color: NoColorOption = False,
) -> None:
    """Run the eval suite; exit 1 when a score is below evals/thresholds.yaml."""
    from coach.files import check_output, write_atomic
    from coach.render.json_output import dumps
    from coach.service.evaluating import render_review_table, render_tables, run_eval, run_review
    from coach.visible import visible

    if record and provider != "model":
        fail(ctx, "--record records model traffic: use it with --provider model", EXIT_INPUT)
    if not (root / "cases").is_dir():
        fail(
            ctx,
            f"{root}: no cases/ folder here; run from a checkout of okr-coach or pass --evals",
            EXIT_INPUT,
        )
    read = [("an eval case", case) for case in sorted((root / "cases").glob("*.yaml"))]
    read += [("the thresholds file", root / "thresholds.yaml")]
    read += [("a cassette", c) for c in sorted((root / "cassettes").rglob("*")) if c.is_file()]
    review_files = (root / "rewrite-review").rglob("*") if review else ()
    read += [("a rewrite-review file", c) for c in sorted(review_files) if c.is_file()]
    if review and not (root / "rewrite-review" / "cases.yaml").is_file():
        fail(ctx, f"{root}: no rewrite-review/cases.yaml here; pass --evals", EXIT_INPUT)
    only = tuple(only or ())
    name = f"review-{provider}" if review else provider
    target = output if output is not None else root / "results" / f"{name}.json"
    write = (write_results or output is not None) and not only
    if write:
        if output is None:
            _make_folder(root / "results")
        check_output(target, read)
    run = (run_review if review else run_eval)(
        root, provider, record, load_settings(config_file=config_file), only
    )
    text = dumps(run.results)
    if write:
        write_atomic(target, text, inputs=read)
        click.echo(visible(f"wrote {target}"), err=True)
    if fmt == "json":
        click.echo(text, nl=False)
    else:
        terminal = terminal_options(color_choice(color, no_color))
        tables = render_review_table if review else render_tables
        rendered = tables(run.results, max(terminal.width, 140), terminal.color)
        click.echo(rendered, nl=False, color=terminal.color)
    ctx.exit(EXIT_FINDINGS if run.failures else EXIT_OK)


def _make_folder(folder: Path) -> None:
    """The default results folder (a given --output's folder must exist already)."""
    from coach.errors import InputError

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(str(folder), f"cannot make the folder: {exc.strerror}") from None


# ---- coach grade -------------------------------------------------------------------------
