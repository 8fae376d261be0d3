"""`coach rules` and `coach rules explain`."""

from __future__ import annotations

import click

from coach.cli import fail, load_rules, terminal_options
from coach.config import load_settings
from coach.errors import EXIT_INPUT, RubricError
from coach.render.json_output import render_rules_json
from coach.render.text import render_rule_explain, render_rules_plain, render_rules_table
from coach.rubric import load_rubric


@click.group("rules", invoke_without_command=True)
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
    ctx.obj = terminal_options(no_color)
    if ctx.invoked_subcommand is not None:
        return
    rules = load_rules(load_settings())
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
