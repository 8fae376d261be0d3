"""`coach rewrite`: outcome key results that never invent a number."""

from pathlib import Path
from typing import Annotated

import click
import typer

from coach.cli import (
    BaseUrlOption,
    ColorOption,
    ConfigOption,
    MetricsOption,
    ModelOption,
    NoCacheOption,
    NoColorOption,
    ProviderOption,
    RunDeadlineOption,
    color_choice,
    fail,
    terminal_options,
)
from coach.config import Settings, load_settings
from coach.errors import EXIT_INPUT
from coach.visible import visible


def rewrite_command(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE", show_default=False)],
    metrics_path: MetricsOption = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            click_type=click.Choice(["text", "markdown", "diff", "json"]),
            help="What to print.",
        ),
    ] = "text",
    output: Annotated[
        str | None,
        typer.Option("-o", "--output", metavar="PATH", help="Write the rewritten draft here."),
    ] = None,
    in_place: Annotated[
        bool,
        typer.Option(
            "--in-place",
            help="Replace FILE (atomically; the original is kept as FILE.bak, or FILE.bak.N if taken).",
        ),
    ] = False,
    show_prompt: Annotated[
        bool,
        typer.Option(
            "--show-prompt", help="Print exactly what would be sent to the model; send nothing."
        ),
    ] = False,
    provider: ProviderOption = None,
    model: ModelOption = None,
    base_url: BaseUrlOption = None,
    run_deadline: RunDeadlineOption = None,
    no_cache: NoCacheOption = False,
    verbose: Annotated[
        bool, typer.Option("-v", "--verbose", help="Also print model calls and tokens.")
    ] = False,
    config_file: ConfigOption = None,
    color: ColorOption = "auto",
    no_color: NoColorOption = False,
) -> None:
    """Rewrite task-style key results (and activity objectives) into outcomes.

    Prints each change, the rule it fixes and where every number came from; writes nothing
    unless -o or --in-place is given. With no model configured, the offline rewriter is used.
    """
    from coach.files import UTF8_BOM, check_output, starts_with_bom, write_atomic
    from coach.render.rewrite import render
    from coach.service.rewriting import rewrite_prompts, rewrite_request_for_file, rewrite_text

    if output is not None and in_place:
        fail(ctx, "use either -o FILE or --in-place, not both", EXIT_INPUT)
    if in_place and file == "-":
        fail(ctx, "--in-place needs a file, not stdin", EXIT_INPUT)
    target = file if in_place else output
    inputs = [("the metrics file", metrics_path)]
    if not in_place:
        inputs.insert(0, ("the draft", file, "use --in-place to replace it; a backup is kept"))
    if target is not None and not show_prompt:
        check_output(target, inputs)
    flags = {"provider": provider, "model": model, "base_url": base_url}
    model_overrides = {k: v for k, v in flags.items() if v}
    if run_deadline is not None:
        model_overrides["run_deadline"] = run_deadline
    settings = load_settings(
        start=Path(file).parent if file != "-" else None,
        config_file=config_file,
        overrides={"model": model_overrides} if model_overrides else None,
    )
    if show_prompt:
        request = rewrite_request_for_file(file, settings, metrics_path)
        prompts = _render_prompts(rewrite_prompts(request), settings)
        click.echo(visible(prompts), nl=False)
        return
    progress = _terminal_progress(settings)
    try:
        request = rewrite_request_for_file(
            file, settings, metrics_path, cache=not no_cache, progress=progress
        )
        result = rewrite_text(request)
    finally:
        if progress is not None:
            progress.stop()
    use_color = terminal_options(color_choice(color, no_color)).color
    click.echo(render(result, fmt, verbose, use_color), nl=False, color=use_color)
    if target is None:
        return
    if in_place and result.new_text == result.original_text:
        click.echo(
            visible(f"{file}: nothing to rewrite; left as it was (no backup made)"), err=True
        )
        return
    bom = UTF8_BOM.decode("utf-8") if file != "-" and starts_with_bom(file) else ""
    backup = write_atomic(target, bom + result.new_text, backup=in_place, inputs=inputs)
    note = f" (original kept as {backup})" if backup else ""
    click.echo(visible(f"wrote {target}{note}"), err=True)


def _without_credentials(url: str | None) -> str:
    """The endpoint as it may be shown: no user:password@ part."""
    from urllib.parse import urlsplit, urlunsplit

    if not url:
        return "api.openai.com"
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
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


class _Progress:
    """One status line on a terminal's stderr while model calls run: which item of how many."""

    def __init__(self, model: str):
        from rich.console import Console

        self.model = model
        self.status = Console(stderr=True).status(f"asking {model} …")
        self.status.start()

    def __call__(self, done: int, total: int, line: int) -> None:
        if done < total:
            self.status.update(
                f"asking {visible(self.model)}: item {done + 1} of {total} (line {line})"
            )
        else:
            self.stop()

    def stop(self) -> None:
        self.status.stop()


def _terminal_progress(settings: Settings) -> _Progress | None:
    """A progress line when a model will be asked and stderr is a terminal; else nothing."""
    import sys

    if not settings.model.model or not sys.stderr.isatty():
        return None
    return _Progress(settings.model.model)
