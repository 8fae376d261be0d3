"""`coach batch`: every team's drafts at once, and what no single-file check can see."""

from typing import Annotated

import click
import typer

from coach.cli import (
    BaseUrlOption,
    ColorOption,
    ConfigOption,
    FailOnOption,
    MetricsOption,
    ModelOption,
    NoCacheOption,
    NoColorOption,
    OutputFileOption,
    ProviderOption,
    RunDeadlineOption,
    color_choice,
    terminal_options,
)
from coach.render.batch_output import BATCH_FORMATS
from coach.visible import visible


def batch_command(
    ctx: typer.Context,
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="DIR_OR_GLOB...",
            show_default=False,
            help="Folders (searched for drafts), quoted globs ('okrs/**/*.md') or files.",
        ),
    ],
    company: Annotated[
        str | None,
        typer.Option("--company", metavar="PATH", help="The company's OKR draft: align to it."),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            click_type=click.Choice(BATCH_FORMATS),
            show_default=False,
            help="Output format.  [default: from -o's extension, else text]",
        ),
    ] = None,
    output_file: OutputFileOption = None,
    fail_on: FailOnOption = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            show_default=False,
            help="Processes to check in.  [default: the CPU count; small sets run in one]",
        ),
    ] = None,
    rewrite: Annotated[
        bool, typer.Option("--rewrite", help="Propose a rewrite for every failing item.")
    ] = False,
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, help="Model calls in flight with --rewrite.")
    ] = 4,
    metrics_path: MetricsOption = None,
    provider: ProviderOption = None,
    model: ModelOption = None,
    base_url: BaseUrlOption = None,
    run_deadline: RunDeadlineOption = None,
    no_cache: NoCacheOption = False,
    config_file: ConfigOption = None,
    color: ColorOption = "auto",
    no_color: NoColorOption = False,
) -> None:
    """Check every team's drafts; report what spans them.

    Near-duplicate key results across teams, metrics claimed by several teams, teams over the
    objective limit, task-style key results per team, the rules broken most and the worst lines
    with a proposed fix; with --company, which team objectives serve which company objective.
    Exit codes: 0 ok, 1 a team has findings at or above --fail-on, 2 a file could not be read or
    bad usage, 3 config error, as for `coach check` (docs/batch.md).
    """
    from coach.render.batch_output import as_text, batch_renderer, format_for
    from coach.service import SettingsResolver, earlier_output
    from coach.service.batching import RewriteOptions, batch_check, list_inputs

    listing = list_inputs(paths, config_file, {"fail_on": fail_on})
    if output_file is not None:  # the report an earlier run wrote where this one looks for drafts
        resolver = SettingsResolver(config_file, {"fail_on": fail_on})
        earlier = earlier_output(paths, output_file, resolver, listing.may_be(output_file))
        listing = listing.without(earlier)
    inputs = listing.inputs()
    if company is not None:
        inputs.append(("the company draft", company))
    if metrics_path is not None:
        inputs.append(("the metrics file", metrics_path))
    if output_file is not None:
        from coach.files import check_output

        check_output(output_file, inputs)
    options = None
    if rewrite:
        options = RewriteOptions(
            concurrency=concurrency,
            metrics_path=metrics_path,
            provider=provider,
            model=model,
            base_url=base_url,
            run_deadline=run_deadline,
            cache=not no_cache,
        )
    chosen = format_for(output_file, fmt)
    render = batch_renderer(chosen)  # a missing one fails before the work
    use_color = (
        output_file is None
        and chosen == "text"
        and terminal_options(color_choice(color, no_color)).color
    )
    with _Progress() as progress:
        report = batch_check(
            paths,
            listing=listing,
            company=company,
            config_file=config_file,
            overrides={"fail_on": fail_on},
            workers=workers,
            rewrite=options,
            progress=progress.task("checking drafts"),
            rewrite_progress=progress.task("rewriting items") if rewrite else None,
            meanwhile=getattr(render, "begin", None),  # JSON: all but the worst lines, early
        )
    rendered = render(report, color=True) if use_color else render(report)
    if output_file is not None:
        from coach.files import write_atomic

        write_atomic(output_file, rendered, inputs=inputs)
        click.echo(visible(f"wrote {output_file}"), err=True)
    else:
        click.echo(as_text(rendered), nl=False, color=use_color)
    ctx.exit(report.exit_code)


class _Progress:
    """A rich progress bar on stderr while drafts are checked (and items rewritten) — only
    when stderr is a terminal; otherwise its callbacks do nothing."""

    def __enter__(self) -> "_Progress":
        import sys

        self.bar = None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
        return self

    def task(self, title: str):
        if self.bar is None:
            return None
        bar, task = self.bar, []

        def advance(done: int, total: int) -> None:
            if not task:  # shown from its first step on, not while an earlier step runs
                task.append(bar.add_task(title, total=total))
            bar.update(task[0], completed=done, total=total)

        return advance

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()
