"""The ``coach`` command line, built with typer: parse arguments, call the service, print, exit.

The commands live in coach/commands/, one module each; checking goes through
``coach.service`` only (tests/test_architecture.py holds the allowed imports). Exit codes are
documented in docs/exit-codes.md and defined in coach/errors.py. Every error becomes one line on
stderr (``coach: <message>``); ``--debug`` adds the traceback.

``cli`` is the click group typer builds (the entry point, ``python -m coach`` and the tests run
it); ``app`` is the typer application. No ``from __future__ import annotations`` here, as in the
commands (``coach/commands/__init__.py`` says why).
"""

import importlib
import sys
import traceback
from collections.abc import Iterator, MutableMapping, Sequence
from pathlib import Path
from typing import Annotated, Any, NoReturn

import click
import typer
from typer.core import TyperGroup

from coach import __version__, startup
from coach.errors import EXIT_INPUT, EXIT_INTERNAL, CoachError
from coach.render import RenderOptions
from coach.visible import visible

FAIL_ON_CHOICES = ("error", "warning", "suggestion", "never")
COLOR_CHOICES = ("auto", "always", "never")
CONTEXT = {"help_option_names": ["-h", "--help"]}


def fail(ctx: click.Context, message: str, exit_code: int) -> NoReturn:
    """Print one line on stderr (the traceback first, with --debug) and exit."""
    if ctx.find_root().params.get("debug") and sys.exc_info()[0] is not None:
        click.echo(traceback.format_exc(), err=True, nl=False)
    click.echo(f"coach: {visible(' '.join(message.splitlines()))}", err=True)
    ctx.exit(exit_code)


class CoachGroup(TyperGroup):
    """The command group: turns every exception into one line and a documented exit code."""

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        # click already suggests a close command name; typer's group would add it a second time
        return click.Group.resolve_command(self, ctx, args)

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


def new_app(**kwargs: Any) -> typer.Typer:
    """A typer app (or sub-app) as coach's are: click's plain help and usage errors (no rich
    panels), no completion commands, no pretty tracebacks (CoachGroup prints one line)."""
    return typer.Typer(
        context_settings=CONTEXT,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        **kwargs,
    )


app = new_app(cls=CoachGroup, no_args_is_help=True)


def _version(value: bool) -> None:
    if value:
        click.echo(f"okr-coach, version {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_callback(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback when something fails.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """An OKR writing coach: checks drafts against the five writing rules."""


# ---- options shared by the commands ---------------------------------------------------------

ColorOption = Annotated[
    str,
    typer.Option(
        "--color",
        click_type=click.Choice(COLOR_CHOICES),
        help="Colour: auto (on a terminal; honours NO_COLOR, FORCE_COLOR), always or never.",
    ),
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", metavar="PATH", help="Settings file.")
]
MetricsOption = Annotated[
    str | None,
    typer.Option("--metrics", metavar="PATH", help="YAML file of current metric values."),
]
ProviderOption = Annotated[
    str | None,
    typer.Option(
        "--provider",
        click_type=click.Choice(["auto", "offline", "openai", "azure"]),
        show_default=False,
        help="Override the provider.",
    ),
]
ModelOption = Annotated[
    str | None,
    typer.Option("--model", help="Model name (turns the model on; else COACH_MODEL)."),
]
FailOnOption = Annotated[
    str | None,
    typer.Option(
        "--fail-on",
        click_type=click.Choice(FAIL_ON_CHOICES),
        show_default=False,
        help="Exit 1 if a finding is at or above this level.  [default: from config, else error]",
    ),
]
OutputFileOption = Annotated[
    str | None,
    typer.Option("-o", "--output-file", metavar="FILE", help="Write the output here (atomically)."),
]
BaseUrlOption = Annotated[
    str | None,
    typer.Option("--base-url", help="OpenAI-compatible endpoint (else OPENAI_BASE_URL)."),
]
RunDeadlineOption = Annotated[
    float | None,
    typer.Option(
        "--run-deadline",
        metavar="SECONDS",
        help="Seconds for all model calls of this run (default 120); then the offline rewriter.",
    ),
]
NoCacheOption = Annotated[
    bool, typer.Option("--no-cache", help="Ask the model again even for cached items.")
]
NoColorOption = Annotated[
    bool, typer.Option("--no-color", help="Plain text output, even on a terminal (--color never).")
]


def terminal_options(color: str | bool = "auto", **kwargs: Any) -> RenderOptions:
    """Colour and width as rich sees the terminal: colour on a terminal unless ``NO_COLOR``,
    forced by ``FORCE_COLOR``; the width from ``COLUMNS`` or the terminal; 100 columns when the
    output is not a terminal. ``color`` is "auto", "always" or "never" (True = "never", for
    ``--no-color``)."""
    from rich.console import Console

    choice = "never" if color is True else ("auto" if color is False else color)
    console = Console(file=sys.stdout)
    terminal = console.is_terminal
    if choice == "auto":
        use_color = terminal and console.color_system is not None and not console.no_color
    else:
        use_color = choice == "always"
    width = console.width if terminal or console._environ.get("COLUMNS") else 100
    return RenderOptions(color=use_color, width=width, **kwargs)


def color_choice(color: str, no_color: bool) -> str:
    return "never" if no_color else color


def usage_error(ctx: click.Context, message: str) -> NoReturn:
    """A usage mistake found after parsing: one line, exit 2."""
    fail(ctx, message, EXIT_INPUT)


def main(argv: Sequence[str] | None = None) -> None:
    """The console-script entry point (``coach``)."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="coach")


COMMANDS = {
    "check": "check_command",
    "batch": "batch_command",
    "rules": "rules_app",
    "rewrite": "rewrite_command",
    "review": "review_command",
    "eval": "eval_command",
    "grade": "grade_command",
    "config": "config_command",
    "serve": "serve_command",
    "lsp": "lsp_command",
}
"""Each command and what defines it in ``coach.commands.<module>`` (the module is the command's
name, ``evaluate`` for ``eval``): a function for a command, a typer app for a group of them."""
_MODULES = {"eval": "evaluate"}


class LazyCommands(MutableMapping[str, click.Command]):
    """The group's commands, each imported and built by typer only when it is looked up:
    ``coach check`` never loads the modules of rewrite, grade or eval (nor what they import),
    and typer builds one command's options, not all of them. Its keys are known up front
    (usage errors suggest close names without loading anything); help lists them in order."""

    def __init__(self, names: dict[str, str]) -> None:
        self._names = dict(names)
        self._built: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._built:
            if name not in self._names:
                raise KeyError(name)
            self._built[name] = _build(name, self._names[name])
        return self._built[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._names.setdefault(name, "")
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._names[name]
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def _build(name: str, attribute: str) -> click.Command:
    """One command, built by typer as if it had been registered on ``app`` up front."""
    module = importlib.import_module(f"coach.commands.{_MODULES.get(name, name)}")
    target = getattr(module, attribute)
    holder = new_app()
    if isinstance(target, typer.Typer):
        holder.add_typer(target, name=name)
    else:
        holder.command(name, context_settings=CONTEXT)(target)
    command = typer.main.get_group(holder).commands[name]
    _hide_hidden_arguments(command)
    startup.loaded()  # what the command needs is loaded: collect garbage again from here on
    return command


def _hide_hidden_arguments(command: click.Command) -> None:
    """Leave hidden arguments out of the usage line, as help leaves them out of its list: click
    shows every argument there (``coach grade`` read "FILE []" for the one that takes the files
    after ``--history a.json``)."""
    if not any(
        isinstance(p, click.Argument) and getattr(p, "hidden", False) for p in command.params
    ):
        return

    def usage_pieces(ctx: click.Context) -> list[str]:
        pieces = [command.options_metavar] if command.options_metavar else []
        for param in command.get_params(ctx):
            if not getattr(param, "hidden", False):
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    command.collect_usage_pieces = usage_pieces  # type: ignore[method-assign]


def _register() -> click.Group:
    """The root group: its options from ``app``; its commands from coach/commands/, one module
    each, loaded on first use (``LazyCommands``)."""
    group = typer.main.get_command(app)
    assert isinstance(group, click.Group)
    group.commands = LazyCommands(COMMANDS)
    return group


cli = _register()
