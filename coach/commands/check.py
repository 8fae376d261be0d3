"""`coach check`: check drafts against the rubric."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from coach.checker import check
from coach.cli import FAIL_ON_CHOICES, load_rules, terminal_options
from coach.config import Settings, load_settings
from coach.errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, InputError, NotOkrError
from coach.parsing import load_draft
from coach.render import FORMATS, FileError, renderer, rule_attr
from coach.report import CheckReport
from coach.visible import visible


@click.command("check")
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
    reports, errors, skipped = check_files(files, settings)
    for error in errors:
        click.echo(visible(f"coach: {error.source}: {error.message}"), err=True)
    for source in skipped:
        click.echo(
            visible(f"coach: {source}: skipped: not an OKR draft (no objectives found)"), err=True
        )
    if not reports and not errors:
        click.echo(visible(f"coach: {', '.join(files)}: no OKR drafts found"), err=True)
        ctx.exit(EXIT_INPUT)
    rules = _rules_by_id(settings) if fmt == "sarif" else {}
    options = terminal_options(no_color, quiet=quiet, rules=rules)
    click.echo(renderer(fmt)(reports, errors, options), nl=False)
    ctx.exit(exit_code(reports, errors, settings))


def _ids(value: str | None) -> list[str] | None:
    return None if value is None else [part for part in value.split(",") if part.strip()]


DRAFT_SUFFIXES = (".md", ".markdown", ".yaml", ".yml", ".json")


def expand(files: Sequence[str]) -> list[str]:
    """Files as given; a folder becomes the drafts in it and below (hidden folders skipped)."""
    expanded = []
    for name in files:
        path = Path(name)
        if name != "-" and path.is_dir():
            expanded += sorted(
                str(p)
                for p in path.rglob("*")
                if p.suffix.lower() in DRAFT_SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            expanded.append(name)
    return expanded


def check_files(
    files: Sequence[str], settings: Settings
) -> tuple[list[CheckReport], list[FileError], list[str]]:
    """Check every file ("-" is stdin; a folder, the drafts in it). A file that cannot be read
    is recorded and the rest run; with several files, one that holds no OKRs (a README) is
    skipped, not an error. Returns (reports, errors, skipped sources)."""
    reports: list[CheckReport] = []
    errors: list[FileError] = []
    skipped: list[str] = []
    names = expand(files)
    several = len(names) > 1 or any(Path(f).is_dir() for f in files if f != "-")
    for name in names:
        try:
            reports.append(check(load_draft(name, settings.limits.max_file_bytes), settings))
        except NotOkrError as exc:
            if several:
                skipped.append(exc.source)
            else:
                errors.append(FileError(exc.source, f"{exc.problem} ({exc.hint})"))
        except InputError as exc:
            problem = exc.problem + (f" ({exc.hint})" if exc.hint else "")
            errors.append(FileError(exc.source, problem))
    return reports, errors, skipped


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


def _rules_by_id(settings: Settings) -> dict[str, Any]:
    return {rule_attr(rule, "id"): rule for rule in load_rules(settings)}
