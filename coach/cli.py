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
from typing import Any, NoReturn

import click

from coach import __version__
from coach.config import Settings
from coach.errors import (
    EXIT_INTERNAL,
    CoachError,
)
from coach.render import RenderOptions
from coach.rubric import load_rubric
from coach.visible import visible

FAIL_ON_CHOICES = ("error", "warning", "suggestion", "never")


def fail(ctx: click.Context, message: str, exit_code: int) -> NoReturn:
    """Print one line on stderr (the traceback first, with --debug) and exit."""
    if ctx.find_root().params.get("debug") and sys.exc_info()[0] is not None:
        click.echo(traceback.format_exc(), err=True, nl=False)
    click.echo(f"coach: {visible(' '.join(message.splitlines()))}", err=True)
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


def main(argv: Sequence[str] | None = None) -> None:
    """The console-script entry point (``coach``)."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="coach")


def terminal_options(no_color: bool, **kwargs: Any) -> RenderOptions:
    """Colour and the terminal's width on a TTY; plain at 100 columns otherwise."""
    tty = sys.stdout.isatty()
    color = tty and not no_color and not os.environ.get("NO_COLOR")
    width = shutil.get_terminal_size((100, 24)).columns if tty else 100
    return RenderOptions(color=color, width=width, **kwargs)


# ---- coach rules -------------------------------------------------------------------------


def load_rules(settings: Settings) -> list[Any]:
    return list(load_rubric(settings).rules)


def _register() -> None:
    """Commands live in coach/commands/, one module each (imported here, after ``cli`` exists)."""
    from coach.commands.check import check_command
    from coach.commands.evaluate import eval_command
    from coach.commands.grade import grade_command
    from coach.commands.rewrite import rewrite_command
    from coach.commands.rules import rules_command

    for command in (check_command, rules_command, rewrite_command, eval_command, grade_command):
        cli.add_command(command)


_register()
