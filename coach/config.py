"""Settings, resolved one way: packaged defaults → ``[tool.coach]`` in pyproject.toml or
``.coach.toml`` → environment (``COACH_*``) → command-line flags.

Secrets never come from files; the model settings (issue 3) read keys only from the environment.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from coach.errors import ConfigError, InputError
from coach.findings import Level

DEFAULT_INCLUDE = ("*.md", "*.markdown", "*.yaml", "*.yml", "*.json")
"""Draft files found in a folder: Markdown, YAML and JSON."""
DEFAULT_EXCLUDE = (
    ".*",
    "node_modules",
    "__pycache__",
    "venv",
    "site-packages",
    "*.bak",
    "*.bak.*",
)
"""Hidden files and folders (.git, .venv, .github, .pre-commit-config.yaml), dependencies,
backups. A YAML or JSON file beside a Markdown file of the same name (labels, metadata) is
also skipped when a folder or a glob is expanded: see coach.service."""

Seconds = Annotated[float, Field(gt=0, allow_inf_nan=False)]
"""A positive, finite number of seconds (0, a negative number, inf or nan is an error)."""


class Limits(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_objectives: int = Field(3, ge=1)
    first_cycle_max_objectives: int = Field(2, ge=1)
    min_key_results: int = Field(2, ge=1)
    max_key_results: int = Field(4, ge=1)
    objective_max_words: int = Field(20, ge=1)
    max_file_bytes: int = Field(1_000_000, ge=1)

    @model_validator(mode="after")
    def _min_not_over_max(self) -> Limits:
        if self.min_key_results > self.max_key_results:
            raise ValueError(
                f"min_key_results ({self.min_key_results}) is over "
                f"max_key_results ({self.max_key_results})"
            )
        return self


class ModelSettings(BaseModel):
    """The language model, if any. No model configured → the offline rewriter.

    The API key is never a setting: it comes only from ``OPENAI_API_KEY`` (or
    ``AZURE_OPENAI_API_KEY``) in the environment.
    """

    model_config = ConfigDict(extra="forbid")

    model: str | None = None
    """``COACH_MODEL``. Setting it turns the model on."""
    base_url: str | None = None
    """``OPENAI_BASE_URL``; unset means api.openai.com."""
    provider: Literal["auto", "offline", "openai", "azure"] = "auto"
    """auto: "openai" when a model is set, else "offline". "openai" = any OpenAI-compatible server."""
    mode: Literal["tools", "json_schema", "json", "md_json"] | None = None
    """instructor mode; default tools for api.openai.com / Azure, json_schema for other servers."""
    api_version: str | None = None
    """Azure OpenAI only (``OPENAI_API_VERSION``)."""
    timeout: Seconds = 30.0
    """Seconds per HTTP request, in total: a reply still arriving after that is cut off."""
    max_attempts: int = Field(default=3, ge=1)
    """Model calls per item, re-asks included, before falling back to the offline rewriter."""
    deadline: Seconds = 90.0
    """Seconds in total per item, retries and waits included."""
    run_deadline: Seconds = 120.0
    """``COACH_RUN_DEADLINE`` / ``--run-deadline``: seconds for all the model calls of one run;
    then the items left get the offline rewriter without asking the model."""
    breaker_after: int = Field(default=3, ge=1)
    """The circuit breaker: after this many items in a row failed at the endpoint, the items
    left get the offline rewriter without asking it."""
    max_reply_bytes: int = Field(default=1_000_000, ge=1)
    """A reply larger than this is refused (it is never buffered whole)."""
    temperature: float = 0.0
    system_role: Literal["system", "user"] = "system"
    """``COACH_SYSTEM_ROLE``: "user" folds the system prompt into the user message, for chat
    templates without a system role (Gemma on llama-cpp-python's server drops it)."""
    cache: bool = True
    cache_dir: str | None = None
    """``COACH_CACHE_DIR``; default: the user cache folder (~/.cache/okr-coach)."""

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, url: str | None) -> str | None:
        """An http(s) URL with a host, e.g. http://localhost:8080/v1."""
        if url is None:
            return None
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        except ValueError as exc:
            raise ValueError(f"{url!r} is not a URL ({exc})") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(
                f"{url!r} is not an http(s) URL with a host, e.g. http://localhost:8080/v1"
            )
        return url

    @property
    def resolved_provider(self) -> str:
        if self.provider != "auto":
            return self.provider
        return "openai" if self.model else "offline"


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
    include: list[str] = Field(default_factory=lambda: list(DEFAULT_INCLUDE))
    """File-name patterns a folder is expanded to (``coach check okrs/``)."""
    exclude: list[str] = Field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    """Patterns of files and folders left out when a folder or a glob is expanded; a file
    named on the command line is always checked. Setting it replaces the defaults."""
    extend_exclude: list[str] = Field(default_factory=list)
    """More patterns to leave out, on top of ``exclude``."""
    model: ModelSettings = Field(default_factory=ModelSettings)
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
        tool = _read_toml(pyproject).get("tool") if pyproject.is_file() else None
        if isinstance(tool, dict) and "coach" in tool:
            return pyproject
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from exc
    except ValueError:  # an integer over Python's digit limit
        raise ConfigError(f"{path}: cannot read configuration: a number is too long") from None


def _table(path: Path) -> dict[str, Any]:
    """The coach's settings in a config file: pyproject.toml's [tool.coach] table; a
    .coach.toml's top level, or its [tool.coach] table when it is written with that header."""
    data = _read_toml(path)
    tool = data.get("tool")
    wrapped = set(data) == {"tool"} and isinstance(tool, dict) and set(tool) == {"coach"}
    if path.name == "pyproject.toml" or wrapped:
        data = tool.get("coach", {}) if isinstance(tool, dict) else {}
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: [tool.coach] must be a table, not {type(data).__name__}")
    return {key.replace("-", "_"): value for key, value in data.items()}


_MODEL_ENVIRONMENT = {
    "COACH_MODEL": "model",
    "OPENAI_BASE_URL": "base_url",
    "COACH_PROVIDER": "provider",
    "COACH_MODE": "mode",
    "OPENAI_API_VERSION": "api_version",
    "COACH_TIMEOUT": "timeout",
    "COACH_MAX_ATTEMPTS": "max_attempts",
    "COACH_RUN_DEADLINE": "run_deadline",
    "COACH_CACHE_DIR": "cache_dir",
    "COACH_SYSTEM_ROLE": "system_role",
}
_SECRET_KEYS = {"api_key", "key", "token", "openai_api_key"}


def _from_environment(environ: dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    model = {key: environ[name] for name, key in _MODEL_ENVIRONMENT.items() if environ.get(name)}
    if model:
        values["model"] = model
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
        if not isinstance(values.get("model", {}), dict):
            raise ConfigError(f"{path}: invalid setting 'model': must be a table of model settings")
        secrets = _SECRET_KEYS & set(values.get("model", {}) or {})
        if secrets:
            raise ConfigError(
                f"{path}: remove {sorted(secrets)[0]!r}: keys are read only from "
                "the environment (OPENAI_API_KEY)"
            )
    environment = _from_environment(dict(os.environ if environ is None else environ))
    for key, value in environment.items():
        values[key] = {**values.get(key, {}), **value} if key == "model" else value
    for key, value in (overrides or {}).items():
        if value is None:
            continue
        values[key] = {**values.get(key, {}), **value} if key == "model" else value
    if values.get("fail_on") == "never":
        values["fail_on"] = None
    try:
        return Settings.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(str(p) for p in first["loc"])
        field = ".".join(loc)
        message = f"invalid setting {field!r}: {first['msg'].removeprefix('Value error, ')}"
        flag = _origin(loc, overrides or {})
        if flag is not None:  # a bad option value: a usage error
            raise InputError(flag, message) from exc
        variable = _variable(loc, environment)
        raise ConfigError(f"{variable or path or 'settings'}: {message}") from exc


def _origin(loc: tuple[str, ...], values: dict[str, Any]) -> str | None:
    """The command-line option that gave the failing field, if one did."""
    if not loc or values.get(loc[0]) is None:
        return None
    if loc[0] == "model":
        return (
            f"--{loc[1].replace('_', '-')}" if len(loc) > 1 and loc[1] in values["model"] else None
        )
    return f"--{loc[0].replace('_', '-')}"


def _variable(loc: tuple[str, ...], environment: dict[str, Any]) -> str | None:
    """The environment variable that gave the failing field, if one did."""
    if loc and loc[0] == "model" and len(loc) > 1 and loc[1] in environment.get("model", {}):
        return next(name for name, key in _MODEL_ENVIRONMENT.items() if key == loc[1])
    names = {"select": "COACH_SELECT", "ignore": "COACH_IGNORE", "fail_on": "COACH_FAIL_ON"}
    return names.get(loc[0]) if loc and loc[0] in environment else None
