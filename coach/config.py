"""Settings, resolved one way: packaged defaults → ``[tool.coach]`` in pyproject.toml or
``.coach.toml`` → environment (``COACH_*``) → command-line flags.

Secrets never come from files; the model settings (issue 3) read keys only from the environment.

The settings are plain dataclasses, so that a run with nothing to configure never loads
pydantic (building its models cost more than checking a draft). Values from a config file, the
environment or flags are validated by pydantic, loaded then: the constraints are written as
``Annotated[..., Ge(1)]`` strings that ``_settings_adapter`` resolves.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from annotated_types import Ge, Gt
    from pydantic import AfterValidator, TypeAdapter

from coach.errors import ConfigError, InputError, first_problem
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

_FORBID = {"extra": "forbid", "allow_inf_nan": False}
"""pydantic's config for each settings class: unknown keys and inf/nan are errors."""


@dataclass
class Limits:
    """How many objectives and key results a draft may hold, how long an objective may be, how big a file may be."""

    __pydantic_config__ = _FORBID

    max_objectives: Annotated[int, Ge(1)] = 3
    first_cycle_max_objectives: Annotated[int, Ge(1)] = 2
    min_key_results: Annotated[int, Ge(1)] = 2
    max_key_results: Annotated[int, Ge(1)] = 4
    objective_max_words: Annotated[int, Ge(1)] = 20
    max_file_bytes: Annotated[int, Ge(1)] = 1_000_000

    def __post_init__(self) -> None:
        if self.min_key_results > self.max_key_results:
            raise ValueError(
                f"min_key_results ({self.min_key_results}) is over "
                f"max_key_results ({self.max_key_results})"
            )


@dataclass
class ModelSettings:
    """The language model, if any. No model configured → the offline rewriter.

    The API key is never a setting: it comes only from ``OPENAI_API_KEY`` (or
    ``AZURE_OPENAI_API_KEY``) in the environment.
    """

    __pydantic_config__ = _FORBID

    model: str | None = None
    """``COACH_MODEL``. Setting it turns the model on."""
    base_url: Annotated[str | None, AfterValidator(_http_url)] = None
    """``OPENAI_BASE_URL``; unset means api.openai.com."""
    provider: Literal["auto", "offline", "openai", "azure"] = "auto"
    """auto: "openai" when a model is set, else "offline". "openai" = any OpenAI-compatible server."""
    mode: Literal["tools", "json_schema", "json", "md_json"] | None = None
    """instructor mode; default tools for api.openai.com / Azure, json_schema for other servers."""
    api_version: str | None = None
    """Azure OpenAI only (``OPENAI_API_VERSION``)."""
    timeout: Annotated[float, Gt(0)] = 30.0
    """Seconds per HTTP request, in total: a reply still arriving after that is cut off."""
    max_attempts: Annotated[int, Ge(1)] = 3
    """Model calls per item, re-asks included, before falling back to the offline rewriter."""
    deadline: Annotated[float, Gt(0)] = 90.0
    """``COACH_ITEM_DEADLINE``: seconds in total per item, retries and waits included."""
    run_deadline: Annotated[float, Gt(0)] = 120.0
    """``COACH_RUN_DEADLINE`` / ``--run-deadline``: seconds for all the model calls of one run;
    then the items left get the offline rewriter without asking the model."""
    breaker_after: Annotated[int, Ge(1)] = 3
    """The circuit breaker: after this many items in a row failed at the endpoint, the items
    left get the offline rewriter without asking it."""
    max_reply_bytes: Annotated[int, Ge(1)] = 1_000_000
    """A reply larger than this is refused (it is never buffered whole)."""
    temperature: float = 0.0
    system_role: Literal["system", "user"] = "system"
    """``COACH_SYSTEM_ROLE``: "user" folds the system prompt into the user message, for chat
    templates without a system role (Gemma on llama-cpp-python's server drops it)."""
    cache: bool = True
    cache_dir: str | None = None
    """``COACH_CACHE_DIR``; default: the user cache folder (~/.cache/okr-coach)."""

    @property
    def resolved_provider(self) -> str:
        if self.provider != "auto":
            return self.provider
        return "openai" if self.model else "offline"


def _http_url(url: str | None) -> str | None:
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


@dataclass
class Settings:
    """What applies to a check: rules selected and ignored, levels, limits, word lists, files, model."""

    __pydantic_config__ = _FORBID

    select: list[str] = field(default_factory=list)
    """Rule ids or id prefixes to run ("OKR2" selects OKR201…OKR299). Empty means all."""
    ignore: list[str] = field(default_factory=list)
    levels: dict[str, Level] = field(default_factory=dict)
    """Per-rule level overrides, e.g. {"OKR403": "suggestion"}."""
    limits: Limits = field(default_factory=Limits)
    vocabulary: dict[str, list[str]] = field(default_factory=dict)
    """Extra words for the rubric's word lists, by list name (e.g. "task_verbs")."""
    fail_on: Level | None = Level.ERROR
    include: list[str] = field(default_factory=lambda: list(DEFAULT_INCLUDE))
    """File-name patterns a folder is expanded to (``coach check okrs/``)."""
    exclude: list[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    """Patterns of files and folders left out when a folder or a glob is expanded; a file
    named on the command line is always checked. Setting it replaces the defaults."""
    extend_exclude: list[str] = field(default_factory=list)
    """More patterns to leave out, on top of ``exclude``."""
    model: ModelSettings = field(default_factory=ModelSettings)
    config_file: str | None = None

    def __post_init__(self) -> None:
        self.select = [i.strip().upper() for i in self.select if i.strip()]
        self.ignore = [i.strip().upper() for i in self.ignore if i.strip()]

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
    import tomllib  # only when a config file is there to read (its import is a few ms)

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
    "COACH_ITEM_DEADLINE": "deadline",
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
    if not values:
        return Settings()  # nothing to validate: pydantic stays unloaded
    plain = _plain_settings(values)
    if plain is not None:
        return plain
    from pydantic import ValidationError

    try:
        return _settings_adapter().validate_python(values)
    except ValidationError as exc:
        loc, problem = first_problem(exc.errors())
        if tuple(loc) == ("fail_on",):  # "never" became None before pydantic saw it
            problem = "Input should be 'error', 'warning', 'suggestion' or 'never'"
        message = f"invalid setting {'.'.join(loc)!r}: {problem}"
        flag = _origin(loc, overrides or {})
        if flag is not None:  # a bad option value: a usage error
            raise InputError(flag, message) from exc
        variable = _variable(loc, environment)
        raise ConfigError(f"{variable or path or 'settings'}: {message}") from exc


_LEVELS = frozenset(level.value for level in Level)


def _plain_settings(values: dict[str, Any]) -> Settings | None:
    """Settings from values that need no validation, or None (pydantic must look at them).

    What a check is usually given — ``--fail-on``, ``--select``, ``--ignore`` (and their
    ``COACH_*`` variables) and a config file's rule selection, levels, limits, word lists and
    include/exclude patterns — is, when each value already has the exact type pydantic would
    produce (a level name, lists of strings, whole numbers of at least 1), taken as it is, so
    such a run never loads pydantic (about 0.1 s of a one-draft ``coach check``); so is a model
    table of plain values (``_plain_model``). Any other key, or a value of another shape, goes
    through pydantic as before, errors included; ``tests/test_settings_without_pydantic.py`` holds both paths to the same result."""
    if not set(values) <= _PLAIN_KEYS or not all(_is_dict(values, key) for key in _DICT_KEYS):
        return None
    model = _plain_model(values["model"]) if "model" in values else ModelSettings()
    if model is None:
        return None
    vocabulary, levels, limits = (
        values.get("vocabulary", {}),
        values.get("levels", {}),
        values.get("limits", {}),
    )
    lists = [values[key] for key in _LIST_KEYS if key in values] + list(vocabulary.values())
    if not all(_strings(items) for items in lists):
        return None
    fail_on = values.get("fail_on", Level.ERROR.value)
    if fail_on is not None and not _is_level(fail_on):
        return None
    if not all(_is_level(level) for level in levels.values()):
        return None
    if not all(key in _LIMIT_KEYS and type(n) is int and n >= 1 for key, n in limits.items()):
        return None
    config_file = values.get("config_file")
    if config_file is not None and type(config_file) is not str:
        return None
    try:
        made_limits = Limits(**limits)
    except ValueError:  # min over max: pydantic words the error
        return None
    given = {key: list(values[key]) for key in _LIST_KEYS if key in values}
    return Settings(
        **given,
        levels={rule: Level(level) for rule, level in levels.items()},
        limits=made_limits,
        vocabulary={name: list(words) for name, words in vocabulary.items()},
        fail_on=None if fail_on is None else Level(fail_on),
        model=model,
        config_file=config_file,
    )


def _plain_model(values: object) -> ModelSettings | None:
    """ModelSettings from a model table (``COACH_MODEL`` and the other variables, a config
    file's ``[model]``) whose every value is what pydantic would produce from it — a string
    where a string goes, one of a choice's names, a number (or, from the environment, a string
    of digits) that meets its bound — else None. So a shell that sets ``COACH_MODEL`` does not
    cost each ``coach check`` pydantic's import."""
    if type(values) is not dict or not values.keys() <= _MODEL_KEYS.keys():
        return None
    made: dict[str, Any] = {}
    for key, value in values.items():
        kind = _MODEL_KEYS[key]
        if kind is str:
            if value is not None and type(value) is not str:
                return None
            if key == "base_url":
                try:
                    _http_url(value)
                except ValueError:
                    return None  # pydantic words the error
        elif isinstance(kind, frozenset):
            if type(value) not in (str, type(None)) or value not in kind:
                return None
        elif kind is bool:
            if type(value) is not bool:
                return None
        else:  # a number: (type, least value, whether the least is allowed)
            number, least, inclusive = kind
            if type(value) is str and _DIGITS.fullmatch(value):
                value = number(value) if number is float or value.isdigit() else None
            if type(value) is int and number is float:
                value = float(value)
            if type(value) is not number or (number is float and not math.isfinite(value)):
                return None  # inf and nan: pydantic refuses them (``_FORBID``)
            if least is not None and not (value >= least if inclusive else value > least):
                return None
        made[key] = value
    return ModelSettings(**made)


_DIGITS = re.compile(r"(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,15})?")
_MODEL_KEYS: dict[str, Any] = {
    "model": str,
    "base_url": str,
    "api_version": str,
    "cache_dir": str,
    "provider": frozenset({"auto", "offline", "openai", "azure"}),
    "mode": frozenset({"tools", "json_schema", "json", "md_json", None}),
    "system_role": frozenset({"system", "user"}),
    "cache": bool,
    "timeout": (float, 0, False),
    "deadline": (float, 0, False),
    "run_deadline": (float, 0, False),
    "temperature": (float, None, True),
    "max_attempts": (int, 1, True),
    "breaker_after": (int, 1, True),
    "max_reply_bytes": (int, 1, True),
}


_LIST_KEYS = ("select", "ignore", "include", "exclude", "extend_exclude")
_DICT_KEYS = ("vocabulary", "levels", "limits")
_PLAIN_KEYS = frozenset({*_LIST_KEYS, *_DICT_KEYS, "fail_on", "config_file", "model"})
_LIMIT_KEYS = frozenset(Limits.__dataclass_fields__)


def _strings(items: object) -> bool:
    return isinstance(items, list) and all(type(item) is str for item in items)


def _is_dict(values: dict[str, Any], key: str) -> bool:
    """``values[key]``, if there, is a dict with string keys."""
    found = values.get(key, {})
    return type(found) is dict and all(type(name) is str for name in found)


def _is_level(value: object) -> bool:
    return type(value) in (str, Level) and value in _LEVELS


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


def define_constraints() -> None:
    """Make the settings' annotations resolvable by pydantic: they name ``Ge``, ``Gt`` and
    ``AfterValidator``, which are imported here (not at the top, to keep pydantic's packages unloaded) and put where
    pydantic looks for them, this module's namespace. Call it before building any pydantic
    model or adapter that holds settings."""
    from annotated_types import Ge, Gt
    from pydantic import AfterValidator

    globals().update(Ge=Ge, Gt=Gt, AfterValidator=AfterValidator)


@cache
def _settings_adapter() -> TypeAdapter[Settings]:
    """pydantic's validator for Settings, built on first use."""
    from pydantic import TypeAdapter

    define_constraints()
    return TypeAdapter(Settings)


def validate_model_settings(values: dict[str, Any]) -> ModelSettings:
    """ModelSettings from plain values, validated as a config file's would be."""
    return _settings_adapter().validate_python({"model": values}).model


def settings_json(settings: Settings) -> dict[str, Any]:
    """The settings as JSON-ready values (``coach config`` prints them)."""
    data = asdict(settings)
    data["levels"] = {rule: level.value for rule, level in settings.levels.items()}
    data["fail_on"] = None if settings.fail_on is None else settings.fail_on.value
    return data
