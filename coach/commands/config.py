"""`coach config [FILE]`: the settings that apply to a file, and where they came from."""

import json
from typing import TYPE_CHECKING, Annotated, Any

import click
import typer

from coach.cli import ConfigOption
from coach.render.json_output import dumps
from coach.service import settings_for, settings_json
from coach.visible import visible

if TYPE_CHECKING:
    from coach.config import Settings


def config_command(
    file: Annotated[
        str | None,
        typer.Argument(
            metavar="[FILE]",
            show_default=False,
            help="The draft whose settings to show (default: the current folder's).",
        ),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", click_type=click.Choice(["toml", "json"]))
    ] = "toml",
    config_file: ConfigOption = None,
) -> None:
    """Show the settings that apply to FILE: its nearest .coach.toml or pyproject.toml
    [tool.coach], then COACH_* variables, over the defaults.

    The output (toml) is a valid .coach.toml. Keys are never shown: they are read only from
    the environment.
    """
    text = render_settings(settings_for(file, config_file), file, fmt)
    click.echo(text, nl=fmt != "json")


def render_settings(settings: "Settings", file: str | None, fmt: str = "toml") -> str:
    """The settings that apply to ``file`` as a valid .coach.toml (or JSON), headed by where
    they came from: ``coach config`` and ``coach check --show-settings``."""
    data = settings_json(settings)
    del data["config_file"]
    data["fail_on"] = data["fail_on"] or "never"
    if fmt == "json":
        return dumps({"file": file, "config_file": settings.config_file, "settings": data})
    source = settings.config_file or "no config file (defaults)"
    lines = [f"# settings for {file or 'the current folder'}", f"# from {source}"]
    lines += _toml(data)
    return visible("\n".join(lines))


def _toml(data: dict[str, Any], table: str = "") -> list[str]:
    """A TOML rendering of plain settings: scalars and lists first, then sub-tables."""
    lines: list[str] = []
    tables: list[tuple[str, dict[str, Any]]] = []
    for key, value in data.items():
        if isinstance(value, dict):
            tables.append((f"{table}.{key}" if table else key, value))
        elif value is not None:
            lines.append(f"{key} = {_value(value)}")
        else:
            lines.append(f"# {key} is not set")
    for name, values in tables:
        lines += ["", f"[{name}]", *_toml(values, name)]
    return lines


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)
