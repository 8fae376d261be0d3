"""The language server's settings: sent by the editor (``initializationOptions``, then
``workspace/configuration`` section ``coach``), on top of the project's config file.

Keys (camelCase as editors write them; snake_case works too):

- ``files``: globs of the documents to check (default: ``DEFAULT_EDITOR_FILES``);
- ``debounceMs``: quiet time after a check before a change is checked again (default 150);
- ``configFile``: a settings file for every document (default: each file's nearest
  ``.coach.toml`` / ``pyproject.toml``, as for ``coach check``);
- ``select``, ``ignore``: rule ids or prefixes, as the command-line flags;
- ``model``, ``baseUrl``, ``provider``: the rewrite model, as ``--model`` / ``--base-url`` /
  ``--provider``. Keys are never settings: they come from the environment only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach.service import SettingsResolver
from coach.service.editing import DEFAULT_EDITOR_FILES

DEFAULT_DEBOUNCE_MS = 150
SECRET_KEYS = {"apikey", "api_key", "key", "token", "openai_api_key"}


@dataclass
class ServerSettings:
    files: tuple[str, ...] = DEFAULT_EDITOR_FILES
    debounce_ms: int = DEFAULT_DEBOUNCE_MS
    config_file: str | None = None
    select: list[str] | None = None
    ignore: list[str] | None = None
    model: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    """What was wrong with the values sent (shown to the user once, then ignored)."""

    def resolver(self) -> SettingsResolver:
        overrides: dict[str, Any] = {"select": self.select, "ignore": self.ignore}
        if self.model:
            overrides["model"] = dict(self.model)
        config = Path(self.config_file).expanduser() if self.config_file else None
        return SettingsResolver(config, overrides)


def _key(name: str) -> str:
    return "".join(part for part in str(name).replace("-", "_").lower().split("_"))


def _strings(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def parse_settings(*sources: Any) -> ServerSettings:
    """Settings from the editor's values (later sources win), each a mapping that may hold
    the settings under a ``coach`` key."""
    settings = ServerSettings()
    for data in sources:
        if not isinstance(data, dict):
            continue
        if isinstance(data.get("coach"), dict):
            data = data["coach"]
        for name, value in data.items():
            _apply(settings, _key(name), name, value)
    return settings


def _apply(settings: ServerSettings, key: str, name: str, value: Any) -> None:
    if value is None:
        return
    if key in {_key(k) for k in SECRET_KEYS}:
        settings.problems.append(
            f"setting {name!r} ignored: keys are read only from the environment (OPENAI_API_KEY)"
        )
    elif key == "server":
        pass  # the editor's own: how it starts `coach lsp`
    elif key == "files":
        files = _strings(value)
        if files is None:
            settings.problems.append("setting 'files' ignored: give a list of globs")
        else:
            settings.files = tuple(files)
    elif key == "debouncems":
        if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            settings.debounce_ms = int(value)
        else:
            settings.problems.append("setting 'debounceMs' ignored: give milliseconds, 0 or more")
    elif key in ("configfile", "config"):
        settings.config_file = str(value) if value else None
    elif key in ("select", "ignore"):
        ids = _strings(value)
        if ids is None:
            settings.problems.append(f"setting {name!r} ignored: give a list of rule ids")
        elif ids:  # an editor's empty default leaves the config file's list alone
            setattr(settings, key, ids)
    elif key in ("model", "baseurl", "provider"):
        field_name = {"model": "model", "baseurl": "base_url", "provider": "provider"}[key]
        if isinstance(value, str) and value:
            settings.model[field_name] = value
    else:
        settings.problems.append(f"unknown setting {name!r} ignored")
