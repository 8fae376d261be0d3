"""Settings, resolved one way: packaged defaults → ``[tool.coach]`` in pyproject.toml or
``.coach.toml`` → environment (``COACH_*``) → command-line flags.

Secrets never come from files; the model settings (issue 3) read keys only from the environment.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from coach.errors import ConfigError
from coach.findings import Level


class Limits(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_objectives: int = 3
    first_cycle_max_objectives: int = 2
    min_key_results: int = 2
    max_key_results: int = 4
    objective_max_words: int = 20
    max_file_bytes: int = 1_000_000


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    select: list[str] = Field(default_factory=list)
    """Rule ids or id prefixes to run ("OKR2" selects OKR201…OKR299). Empty means all."""
    ignore: list[str] = Field(default_factory=list)
    levels: dict[str, Level] = Field(default_factory=dict)
    """Per-rule level overrides, e.g. {"OKR403": "suggestion"}."""
    limits: Limits = Field(default_factory=Limits)
    vocabulary: dict[str, list[str]] = Field(default_factory=dict)
    """Extra words for the rubric's word lists, by list name (e.g. "task_verbs")."""
    fail_on: Level | None = Level.ERROR
    config_file: str | None = None

    @field_validator("select", "ignore")
    @classmethod
    def _upper(cls, ids: list[str]) -> list[str]:
        return [i.strip().upper() for i in ids if i.strip()]

    def rule_enabled(self, rule_id: str) -> bool:
        if any(rule_id.startswith(prefix) for prefix in self.ignore):
            return False
        return not self.select or any(rule_id.startswith(prefix) for prefix in self.select)


def find_config_file(start: Path) -> Path | None:
    """The nearest ``.coach.toml``, or pyproject.toml with a [tool.coach] table, from start up."""
    start = start.resolve()
    for folder in [start, *start.parents]:
        dotfile = folder / ".coach.toml"
        if dotfile.is_file():
            return dotfile
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "coach" in _read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from exc


def _table(path: Path) -> dict[str, Any]:
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("coach", {})
    return {key.replace("-", "_"): value for key, value in data.items()}


def _from_environment(environ: dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, key in (("COACH_SELECT", "select"), ("COACH_IGNORE", "ignore")):
        if environ.get(name):
            values[key] = environ[name].split(",")
    if environ.get("COACH_FAIL_ON"):
        values["fail_on"] = environ["COACH_FAIL_ON"]
    return values


def load_settings(
    start: Path | None = None,
    config_file: Path | None = None,
    overrides: dict[str, Any] | None = None,
    environ: dict[str, str] | None = None,
) -> Settings:
    """Resolve settings for a run started in ``start`` (default: the current directory)."""
    path = config_file or find_config_file(start or Path.cwd())
    values: dict[str, Any] = {}
    if path is not None:
        if not path.is_file():
            raise ConfigError(f"{path}: configuration file not found")
        values.update(_table(path))
        values["config_file"] = str(path)
    values.update(_from_environment(dict(os.environ if environ is None else environ)))
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    if values.get("fail_on") == "never":
        values["fail_on"] = None
    try:
        return Settings.model_validate(values)
    except ValidationError as exc:
        where = path or "settings"
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"{where}: invalid setting {field!r}: {first['msg']}") from exc
