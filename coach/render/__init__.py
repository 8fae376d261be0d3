"""Renderers: pure functions from check reports to text, JSON, SARIF or GitHub annotations.

Every renderer takes the same inputs — the reports of the files that were checked and the
files that could not be read — and returns a string; none of them prints or exits.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from coach.findings import Level
from coach.report import CheckReport

LEVELS = (Level.ERROR, Level.WARNING, Level.SUGGESTION)
FORMATS = ("text", "concise", "json", "sarif", "github")


@dataclass(frozen=True, slots=True)
class FileError:
    """A file that could not be checked (missing, empty, binary, no OKRs, …)."""

    source: str
    message: str

    def to_json(self) -> dict:
        return {"source": self.source, "message": self.message}


def level_counts(report: CheckReport) -> dict[str, int]:
    """Findings by level, every level present (0 when none), in severity order."""
    counted = {level.value: 0 for level in LEVELS}
    for finding in report.findings:
        counted[finding.level.value] += 1
    return counted


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def counts_phrase(report: CheckReport) -> str:
    """ "3 errors, 5 warnings, 2 suggestions"."""
    return ", ".join(plural(n, level) for level, n in level_counts(report).items())


def artifact_path(source: str, base: Path | None = None) -> str:
    """The source as a forward-slash path, relative to ``base`` (the cwd) when it lies inside."""
    path = source
    if os.path.isabs(source):
        relative = os.path.relpath(source, base or Path.cwd())
        if not relative.startswith(".."):
            path = relative
    return PurePath(path).as_posix().replace("\\", "/")


def rule_attr(rule: Any, name: str, default: Any = None) -> Any:
    """Read a field of a rubric rule, whether the rule is a model object or a mapping."""
    if isinstance(rule, dict):
        return rule.get(name, default)
    return getattr(rule, name, default)


def rule_text(rule: Any, name: str) -> str:
    """A text field of a rule (message, why, fix), stripped; "" when absent."""
    return str(rule_attr(rule, name) or "").strip()


_FIELD = re.compile(r"\{\w+\}")
_ELLIPSES = re.compile(r"…(?:\s*…)+")


def message_outline(template: str) -> str:
    """A rule's message template for reading: "{count} objectives" → "… objectives"."""
    return _ELLIPSES.sub("…", _FIELD.sub("…", template))


def rule_title(name: str) -> str:
    """ "output-as-key-result" → "Output as key result"."""
    return name.replace("-", " ").capitalize()


def rule_level(rule: Any) -> str:
    level = rule_attr(rule, "level", "")
    return str(getattr(level, "value", level))


def rule_examples(rule: Any, kind: str) -> list[str]:
    """The rule's "weak" or "strong" examples as strings."""
    examples = rule_attr(rule, "examples") or {}
    items = examples.get(kind, []) if isinstance(examples, dict) else getattr(examples, kind, [])
    return [item if isinstance(item, str) else str(rule_attr(item, "text", item)) for item in items]


def rule_applies_to(rule: Any) -> str:
    applies = rule_attr(rule, "applies_to", "")
    if isinstance(applies, list | tuple | set):
        return ", ".join(str(getattr(a, "value", a)) for a in applies)
    return str(getattr(applies, "value", applies))


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """What a renderer may be told besides the reports. Every renderer ignores what it needn't."""

    version: str | None = None
    """The tool version to report; None means the installed one (golden tests pin it)."""
    color: bool = False
    width: int = 100
    quiet: bool = False
    """Text: only the summary line of each file."""
    rules: Mapping[str, Any] = field(default_factory=dict)
    """Rubric rules by id, for SARIF's rule metadata."""

    def tool_version(self) -> str:
        if self.version is not None:
            return self.version
        from coach import __version__

        return __version__


DEFAULT_OPTIONS = RenderOptions()

Renderer = Callable[[Sequence[CheckReport], Sequence[FileError], RenderOptions], str]


def renderer(fmt: str) -> Renderer:
    """The render function for a ``--format`` value (only its module is imported: the text
    renderer draws with rich, which the other formats never load)."""
    from importlib import import_module

    module, function = _RENDERERS[fmt]
    return getattr(import_module(f"coach.render.{module}"), function)


_RENDERERS = {
    "text": ("text", "render_text"),
    "concise": ("concise", "render_concise"),
    "json": ("json_output", "render_json"),
    "sarif": ("sarif", "render_sarif"),
    "github": ("github", "render_github"),
}


__all__ = [
    "FORMATS",
    "LEVELS",
    "DEFAULT_OPTIONS",
    "FileError",
    "RenderOptions",
    "artifact_path",
    "counts_phrase",
    "level_counts",
    "message_outline",
    "renderer",
    "rule_applies_to",
    "rule_attr",
    "rule_examples",
    "rule_level",
    "rule_text",
    "rule_title",
]
