"""`coach rules` and `coach rules explain`."""

from typing import Annotated

import click
import typer

from coach.cli import CONTEXT, ColorOption, NoColorOption, color_choice, new_app, terminal_options
from coach.config import load_settings
from coach.service import example_message, find_rule, list_rules

rules_app = new_app(invoke_without_command=True)


@rules_app.callback()
def rules_command(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Option("--format", click_type=click.Choice(["table", "plain", "json"])),
    ] = "table",
    color: ColorOption = "auto",
    no_color: NoColorOption = False,
) -> None:
    """List the rubric's rules, or explain one.

    Columns: id, name, level, what it applies to, and the guide rule (1-5) it belongs to.
    """
    ctx.obj = terminal_options(color_choice(color, no_color))
    if ctx.invoked_subcommand is not None:
        return
    from coach.render.json_output import render_rules_json
    from coach.render.text import render_rules_plain, render_rules_table

    rules = list_rules(load_settings())
    if fmt == "json":
        click.echo(render_rules_json(rules), nl=False)
    elif fmt == "plain":
        click.echo(render_rules_plain(rules), nl=False)
    else:
        click.echo(render_rules_table(rules, ctx.obj), nl=False, color=ctx.obj.color)


@rules_app.command("explain", context_settings=CONTEXT)
def explain_command(
    ctx: typer.Context,
    rule: Annotated[str, typer.Argument(metavar="RULE", show_default=False)],
) -> None:
    """Explain one rule: why it matters, how to fix it, weak and strong examples.

    RULE is an id in any case (OKR201, okr201) or a name (output-as-key-result).
    """
    from coach.render.text import render_rule_explain

    found = find_rule(rule, load_settings())
    text = render_rule_explain(found, ctx.obj, example_message(found))
    click.echo(text, nl=False, color=ctx.obj.color)
