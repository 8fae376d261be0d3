"""`coach eval`: run the eval suite against its thresholds."""

from __future__ import annotations

from pathlib import Path

import click

from coach.cli import fail
from coach.config import load_settings
from coach.errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK


@click.command("eval")
@click.option(
    "--provider",
    type=click.Choice(["model", "offline"]),
    default="model",
    show_default=True,
    help="model: the recorded (or, with --record, live) model; offline: the offline rewriter.",
)
@click.option(
    "--record", is_flag=True, help="Re-record the model's traffic against the live endpoint."
)
@click.option(
    "--evals",
    "root",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("evals"),
    show_default=True,
    help="The evals folder (cases/, cassettes/, thresholds.yaml).",
)
@click.option(
    "--output",
    type=click.Path(),
    help="Results JSON (default: evals/results/<provider>.json).",
)
@click.option(
    "--only",
    multiple=True,
    help="Run only these case ids (or id prefixes); thresholds are not applied.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_context
def eval_command(
    ctx: click.Context,
    provider: str,
    record: bool,
    root: Path,
    output: str | None,
    only: tuple[str, ...],
    fmt: str,
) -> None:
    """Run the eval suite; exit 1 when a score is below evals/thresholds.yaml."""
    import json

    from coach.evals.run import run_eval
    from coach.evals.table import render_tables
    from coach.files import check_output, write_atomic
    from coach.visible import json_safe, visible

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
    target = output if output is not None else root / "results" / f"{provider}.json"
    if not only:
        if output is None:
            _make_folder(root / "results")
        check_output(target, read)
    run = run_eval(root, provider, record, load_settings(), only)
    text = json_safe(json.dumps(run.results, indent=2, ensure_ascii=False)) + "\n"
    if not only:
        write_atomic(target, text, inputs=read)
    click.echo(text if fmt == "json" else visible(render_tables(run.results)), nl=False)
    ctx.exit(EXIT_FINDINGS if run.failures else EXIT_OK)


def _make_folder(folder: Path) -> None:
    """The default results folder (a given --output's folder must exist already)."""
    from coach.errors import InputError

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(str(folder), f"cannot make the folder: {exc.strerror}") from None


# ---- coach grade -------------------------------------------------------------------------
