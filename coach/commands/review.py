"""`coach review`: an interactive coaching session in the terminal (docs/review.md)."""

import sys
from pathlib import Path
from typing import Annotated

import click
import typer

from coach.cli import ConfigOption, MetricsOption, ModelOption, ProviderOption, fail
from coach.config import load_settings
from coach.errors import EXIT_CONFIG, EXIT_INPUT

NO_TERMINAL = (
    "coach review needs a terminal (its input or output is not one); "
    "for a non-interactive rewrite use `coach rewrite FILE`"
)
NO_TEXTUAL = "coach review needs the review extras: pip install 'okr-coach[review]'"


def has_terminal() -> bool:
    """Both standard input and output are a terminal (not a pipe, a file or CI's nothing)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def review_command(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE", show_default=False)],
    metrics_path: MetricsOption = None,
    theme: Annotated[
        str,
        typer.Option(
            "--theme",
            click_type=click.Choice(["dark", "light"]),
            help="Colours for a dark or a light terminal (NO_COLOR: none).",
        ),
    ] = "dark",
    provider: ProviderOption = None,
    model: ModelOption = None,
    config_file: ConfigOption = None,
) -> None:
    """Review a draft line by line in a full-screen session: accept, edit or skip each
    proposal, fill in the numbers only you know, then write a new file or in place.

    Progress is saved after every decision; run the same command again to resume.
    """
    from coach.service.reviewing import ReviewSession

    if file == "-":
        fail(ctx, "coach review needs a file, not stdin", EXIT_INPUT)
    if not Path(file).is_file():
        # the same one-line error coach rewrite gives for a missing or unreadable draft
        from coach.service.rewriting import rewrite_request_for_file

        rewrite_request_for_file(file)
    if not has_terminal():
        fail(ctx, NO_TERMINAL, EXIT_INPUT)
    try:
        from coach.review.app import ReviewApp
    except ImportError:
        fail(ctx, NO_TEXTUAL, EXIT_CONFIG)
    flags = {"provider": provider, "model": model}
    overrides = {k: v for k, v in flags.items() if v}
    settings = load_settings(
        start=Path(file).parent,
        config_file=config_file,
        overrides={"model": overrides} if overrides else None,
    )

    def progress(done: int, total: int, line: int) -> None:
        app.call_from_thread(app.show_progress, done, total, line)

    asks_a_model = bool(settings.model.model)  # then proposals take a while: a worker thread
    app = ReviewApp(
        start=lambda: ReviewSession.start(
            file, metrics_path, settings, progress=progress if asks_a_model else None
        ),
        resume=lambda: ReviewSession.resume(file, settings),
        theme="textual-light" if theme == "light" else "textual-dark",
        background=asks_a_model,
    )
    app.run()  # its last line (what was written, or how to resume) is printed by the app
    if app.error is not None:
        fail(ctx, str(app.error), app.error.exit_code)
