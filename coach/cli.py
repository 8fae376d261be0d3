"""The ``coach`` command line: parse arguments, call the library, print, exit.

Exit codes are documented in docs/exit-codes.md and defined in coach/errors.py. Every error
becomes one line on stderr (``coach: <message>``); ``--debug`` adds the traceback.
"""

from __future__ import annotations

import os
import shutil
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import click

from coach import __version__
from coach.checker import check
from coach.config import Settings, load_settings
from coach.errors import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_OK,
    CoachError,
    InputError,
    RubricError,
)
from coach.parsing import load_draft
from coach.render import FORMATS, FileError, RenderOptions, renderer, rule_attr
from coach.render.json_output import render_rules_json
from coach.render.text import render_rule_explain, render_rules_plain, render_rules_table
from coach.report import CheckReport
from coach.rubric import load_rubric

FAIL_ON_CHOICES = ("error", "warning", "suggestion", "never")


def fail(ctx: click.Context, message: str, exit_code: int) -> NoReturn:
    """Print one line on stderr (the traceback first, with --debug) and exit."""
    if ctx.find_root().params.get("debug") and sys.exc_info()[0] is not None:
        click.echo(traceback.format_exc(), err=True, nl=False)
    click.echo(f"coach: {' '.join(message.splitlines())}", err=True)
    ctx.exit(exit_code)


class CoachGroup(click.Group):
    """A click group that turns every exception into one line and a documented exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except CoachError as exc:
            fail(ctx, str(exc), exc.exit_code)
        except Exception as exc:  # the last resort: never show a bare traceback
            what = ": ".join(part for part in (type(exc).__name__, str(exc)) if part)
            hint = "(run with --debug for the traceback)"
            fail(ctx, f"internal error: {what} {hint}", EXIT_INTERNAL)


@click.group(cls=CoachGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="okr-coach")
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
def cli(debug: bool) -> None:
    """An OKR writing coach: checks drafts against the five writing rules."""


# ---- coach check -------------------------------------------------------------------------


@cli.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Output format (docs/output-formats.md).",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON_CHOICES),
    help="Exit 1 if a finding is at or above this level.  [default: from config, else error]",
)
@click.option("--select", metavar="IDS", help="Only these rule ids or prefixes (comma-separated).")
@click.option("--ignore", metavar="IDS", help="Skip these rule ids or prefixes (comma-separated).")
@click.option("--config", "config_file", type=click.Path(path_type=Path), help="Settings file.")
@click.option("--no-color", is_flag=True, help="Plain text output, even on a terminal.")
@click.option("--quiet", "-q", is_flag=True, help="Text format: only each file's summary line.")
@click.pass_context
def check_command(
    ctx: click.Context,
    files: tuple[str, ...],
    fmt: str,
    fail_on: str | None,
    select: str | None,
    ignore: str | None,
    config_file: Path | None,
    no_color: bool,
    quiet: bool,
) -> None:
    """Check OKR drafts against the rubric; print findings and a score.

    FILES are Markdown, YAML or JSON drafts; "-" reads one from stdin. Exit codes: 0 ok,
    1 findings at or above --fail-on, 2 bad input, 3 config error (docs/exit-codes.md).
    """
    first = next((Path(f) for f in files if f != "-"), None)
    settings = load_settings(
        start=(first.parent if first else None),
        config_file=config_file,
        overrides={"select": _ids(select), "ignore": _ids(ignore), "fail_on": fail_on},
    )
    reports, errors = check_files(files, settings)
    for error in errors:
        click.echo(f"coach: {error.source}: {error.message}", err=True)
    rules = _rules_by_id(settings) if fmt == "sarif" else {}
    options = _terminal_options(no_color, quiet=quiet, rules=rules)
    click.echo(renderer(fmt)(reports, errors, options), nl=False)
    ctx.exit(exit_code(reports, errors, settings))


def _ids(value: str | None) -> list[str] | None:
    return None if value is None else [part for part in value.split(",") if part.strip()]


def check_files(
    files: Sequence[str], settings: Settings
) -> tuple[list[CheckReport], list[FileError]]:
    """Check every file ("-" is stdin); a file that cannot be read is recorded, the rest run."""
    reports: list[CheckReport] = []
    errors: list[FileError] = []
    for name in files:
        try:
            reports.append(check(load_draft(name, settings.limits.max_file_bytes), settings))
        except InputError as exc:
            problem = exc.problem + (f" ({exc.hint})" if exc.hint else "")
            errors.append(FileError(exc.source, problem))
    return reports, errors


def exit_code(
    reports: Sequence[CheckReport], errors: Sequence[FileError], settings: Settings
) -> int:
    """2 for any unreadable input; else 1 if a finding is at or above fail_on; else 0."""
    if errors:
        return EXIT_INPUT
    threshold = settings.fail_on
    if threshold is not None and any(
        f.level.rank >= threshold.rank for report in reports for f in report.findings
    ):
        return EXIT_FINDINGS
    return EXIT_OK


def _terminal_options(no_color: bool, **kwargs: Any) -> RenderOptions:
    """Colour and the terminal's width on a TTY; plain at 100 columns otherwise."""
    tty = sys.stdout.isatty()
    color = tty and not no_color and not os.environ.get("NO_COLOR")
    width = shutil.get_terminal_size((100, 24)).columns if tty else 100
    return RenderOptions(color=color, width=width, **kwargs)


# ---- coach rules -------------------------------------------------------------------------


def _load_rules(settings: Settings) -> list[Any]:
    return list(load_rubric(settings).rules)


def _rules_by_id(settings: Settings) -> dict[str, Any]:
    return {rule_attr(rule, "id"): rule for rule in _load_rules(settings)}


@cli.group("rules", invoke_without_command=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "plain", "json"]),
    default="table",
    show_default=True,
)
@click.option("--no-color", is_flag=True, help="Plain text output, even on a terminal.")
@click.pass_context
def rules_command(ctx: click.Context, fmt: str, no_color: bool) -> None:
    """List the rubric's rules, or explain one.

    Columns: id, name, level, what it applies to, and the guide rule (1-5) it belongs to.
    """
    ctx.obj = _terminal_options(no_color)
    if ctx.invoked_subcommand is not None:
        return
    rules = _load_rules(load_settings())
    if fmt == "json":
        click.echo(render_rules_json(rules), nl=False)
    elif fmt == "plain":
        click.echo(render_rules_plain(rules), nl=False)
    else:
        click.echo(render_rules_table(rules, ctx.obj), nl=False)


@rules_command.command("explain")
@click.argument("rule")
@click.pass_context
def explain_command(ctx: click.Context, rule: str) -> None:
    """Explain one rule: why it matters, how to fix it, weak and strong examples.

    RULE is an id in any case (OKR201, okr201) or a name (output-as-key-result).
    """
    rubric = load_rubric(load_settings())
    try:
        found = rubric.get(rule)
    except RubricError:
        fail(ctx, f"unknown rule {rule!r} (run `coach rules` to list the rules)", EXIT_INPUT)
    click.echo(render_rule_explain(found, ctx.obj), nl=False)


def main(argv: Sequence[str] | None = None) -> None:
    """The console-script entry point (``coach``)."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="coach")


@cli.command("rewrite")
@click.argument("file", type=click.Path(allow_dash=True))
@click.option(
    "--metrics", "metrics_path", type=click.Path(), help="YAML file of current metric values."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "diff", "json"]),
    default="text",
    show_default=True,
    help="What to print.",
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Write the rewritten draft here."
)
@click.option(
    "--in-place", is_flag=True, help="Replace FILE (atomically; the original is kept as FILE.bak)."
)
@click.option(
    "--show-prompt",
    is_flag=True,
    help="Print exactly what would be sent to the model; send nothing.",
)
@click.option(
    "--provider",
    type=click.Choice(["auto", "offline", "openai", "azure"]),
    help="Override the provider.",
)
@click.option("--model", help="Model name (turns the model on; else COACH_MODEL).")
@click.option("--base-url", help="OpenAI-compatible endpoint (else OPENAI_BASE_URL).")
@click.option("--no-cache", is_flag=True, help="Ask the model again even for cached items.")
@click.option("--verbose", "-v", is_flag=True, help="Also print model calls and tokens.")
@click.option("--config", "config_file", type=click.Path(path_type=Path), help="Settings file.")
@click.pass_context
def rewrite_command(
    ctx: click.Context,
    file: str,
    metrics_path: str | None,
    fmt: str,
    output: Path | None,
    in_place: bool,
    show_prompt: bool,
    provider: str | None,
    model: str | None,
    base_url: str | None,
    no_cache: bool,
    verbose: bool,
    config_file: Path | None,
) -> None:
    """Rewrite task-style key results (and activity objectives) into outcomes.

    Prints each change, the rule it fixes and where every number came from; writes nothing
    unless -o or --in-place is given. With no model configured, the offline rewriter is used.
    """
    from coach.files import write_atomic
    from coach.rewrite import prompts_for_file, rewrite_file
    from coach.rewrite.output import render

    if output and in_place:
        fail(ctx, "use either -o FILE or --in-place, not both", EXIT_INPUT)
    if in_place and file == "-":
        fail(ctx, "--in-place needs a file, not stdin", EXIT_INPUT)
    if output and file != "-" and output.exists() and output.resolve() == Path(file).resolve():
        fail(
            ctx,
            f"{file}: -o would overwrite the draft; use --in-place to replace it (keeps a backup)",
            EXIT_INPUT,
        )
    model_overrides = {
        k: v for k, v in {"provider": provider, "model": model, "base_url": base_url}.items() if v
    }
    settings = load_settings(
        start=Path(file).parent if file != "-" else None,
        config_file=config_file,
        overrides={"model": model_overrides} if model_overrides else None,
    )
    if show_prompt:
        click.echo(
            _render_prompts(prompts_for_file(file, settings, metrics_path), settings), nl=False
        )
        return
    result = rewrite_file(file, settings, metrics_path, use_cache=not no_cache)
    click.echo(render(result, fmt, verbose), nl=False)
    target = Path(file) if in_place else output
    if target is not None:
        backup = write_atomic(target, result.new_text, backup=in_place)
        note = f" (original kept as {backup})" if backup else ""
        click.echo(f"wrote {target}{note}", err=True)


def _without_credentials(url: str | None) -> str:
    """The endpoint as it may be shown: no user:password@ part."""
    from urllib.parse import urlsplit, urlunsplit

    if not url:
        return "api.openai.com"
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit(parts._replace(netloc=netloc))


def _render_prompts(prompts: list, settings: Settings) -> str:
    head = (
        "no model is configured, so nothing would be sent; this is what a model would receive"
        if settings.model.resolved_provider == "offline"
        else f"would be sent to {settings.model.model} at {_without_credentials(settings.model.base_url)}"
    )
    parts = [f"# {head}\n"]
    for path, prompt in prompts:
        parts.append(f"\n## {path} (prompt version {prompt.prompt_version})\n")
        for message in prompt.messages:
            parts.append(f"\n--- {message['role']} ---\n{message['content']}\n")
    if not prompts:
        parts.append("\nnothing to send: no item breaks a rule a rewrite can fix\n")
    return "".join(parts)


@cli.command("eval")
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
    type=click.Path(path_type=Path),
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
    output: Path | None,
    only: tuple[str, ...],
    fmt: str,
) -> None:
    """Run the eval suite; exit 1 when a score is below evals/thresholds.yaml."""
    import json

    from coach.evals.run import run_eval
    from coach.evals.table import render_tables
    from coach.files import write_atomic

    if record and provider != "model":
        fail(ctx, "--record records model traffic: use it with --provider model", EXIT_INPUT)
    if not (root / "cases").is_dir():
        fail(
            ctx,
            f"{root}: no cases/ folder here; run from a checkout of okr-coach or pass --evals",
            EXIT_INPUT,
        )
    run = run_eval(root, provider, record, load_settings(), only)
    text = json.dumps(run.results, indent=2, ensure_ascii=False) + "\n"
    if not only:
        target = output or root / "results" / f"{provider}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text)
    click.echo(text if fmt == "json" else render_tables(run.results), nl=False)
    ctx.exit(EXIT_FINDINGS if run.failures else EXIT_OK)


# ---- coach grade -------------------------------------------------------------------------

_DATE = click.DateTime(["%Y-%m-%d"])


@cli.command("grade")
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
@click.option(
    "--chart", type=click.Path(path_type=Path), metavar="FILE", help="Write a chart: .png or .html."
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), metavar="FILE", help="Write the report here."
)
@click.option("--no-color", is_flag=True, help="Plain text output, even on a terminal.")
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
    chart: Path | None,
    output: Path | None,
    no_color: bool,
) -> None:
    """Grade key results on the 0.0–1.0 scale from actual values, or forecast mid-quarter.

    FILE is the OKR draft ("-" for stdin). Scores are for team learning, not performance
    reviews. Exit codes: 0 graded, 2 bad input, 3 --chart without the charts extra.
    """
    from coach.files import write_atomic
    from coach.grading import GradeInputs, grade_file, render_json, render_text
    from coach.grading.output import check_chart_path, write_chart

    if more_history and not history:
        fail(ctx, f"unexpected extra argument {more_history[0]!r} (FILE is one draft)", EXIT_INPUT)
    if chart is not None:
        check_chart_path(chart)
    inputs = GradeInputs(
        actuals=actuals,
        checkins=checkins,
        history=(*history, *more_history),
        quarter_end=quarter_end.date() if quarter_end else None,
        as_of=as_of.date() if as_of else None,
    )
    report = grade_file(file, inputs)
    if fmt == "json":
        text = render_json(report)
    else:
        text = render_text(report, _terminal_options(no_color or output is not None))
    if output is not None:
        write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)
    if chart is not None:
        write_chart(report, chart)
        click.echo(f"wrote {chart}", err=True)
