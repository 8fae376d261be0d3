"""The service layer, checking.

The CLI parses arguments and prints; everything between — which files, which settings apply to
each, reading, checking, the exit code — happens here, so every front door behaves the same.

Checking (this section): :func:`check_paths` expands folders and globs, finds the settings for
each file (its nearest ``.coach.toml`` / ``pyproject.toml``), checks every draft, records the
files it could not read and skips, with a note, files that hold no OKRs; :func:`exit_code`
turns the run into the documented exit code (docs/exit-codes.md).
"""

from __future__ import annotations

import fnmatch
import functools
import glob
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from coach.checker import check
from coach.config import Settings, find_config_file, load_settings, settings_json
from coach.errors import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    CoachError,
    ConfigError,
    InputError,
    NotOkrError,
)
from coach.parsing import load_draft, parse_text
from coach.parsing.reading import read_source
from coach.render import FileError
from coach.report import CheckReport

__all__ = [
    "CheckRun",
    "FileError",
    "SettingsResolver",
    "UnknownRuleError",
    "check_paths",
    "check_text",
    "earlier_output",
    "example_message",
    "exit_code",
    "expand_paths",
    "glob_root",
    "input_files",
    "find_rule",
    "list_rules",
    "rules_by_id",
    "rule_statistics",
    "settings_for",
    "settings_json",
    "text_within_limit",
    "validate_rule_ids",
]

STDIN = "-"
GLOB_CHARACTERS = frozenset("*?[")
_DRAFT_SUFFIXES = (".md", ".markdown")
_DATA_SUFFIXES = (".yaml", ".yml", ".json")


# ---- settings, per file ------------------------------------------------------------------


class SettingsResolver:
    """The settings for each file: its nearest config file (searched from the file's folder
    upwards, like ruff), or ``config_file`` for every file; then the environment and
    ``overrides`` (the command-line flags). Each folder is resolved once."""

    def __init__(
        self,
        config_file: Path | None = None,
        overrides: Mapping[str, Any] | None = None,
        fixed: Settings | None = None,
    ):
        self.config_file = config_file
        self.overrides = dict(overrides or {})
        self.fixed = fixed
        self._by_config: dict[str | None, Settings] = {}
        self._by_folder: dict[Path, Settings] = {}
        self._by_parent: dict[tuple[str, str], Settings] = {}

    def for_path(self, path: str | Path | None) -> Settings:
        """Settings for a file (None or "-": the current folder)."""
        if self.fixed is not None:
            return self.fixed
        if isinstance(path, str) and os.sep == "/" and os.altsep is None:
            # the drafts of a batch share a few folders: their settings by the folder's name as
            # written, without pathlib (0.03 ms a file) when the name is a plain one
            parent, _, name = path.rpartition("/")
            if parent and name not in ("", ".", ".."):
                key = (parent if parent[0] == "/" else os.getcwd(), parent)
                found = self._by_parent.get(key)
                if found is None:
                    found = self._by_parent[key] = self._resolve(path)
                return found
        return self._resolve(path)

    def _resolve(self, path: str | Path | None) -> Settings:
        folder = Path.cwd() if path in (None, STDIN) else Path(path).parent  # type: ignore[arg-type]
        folder = Path(os.path.abspath(folder))
        if folder not in self._by_folder:
            config = self.config_file or _nearest_config(folder)
            key = None if config is None else str(config)
            if key not in self._by_config:
                self._by_config[key] = load_settings(
                    start=folder, config_file=config, overrides=self.overrides
                )
            self._by_folder[folder] = self._by_config[key]
        return self._by_folder[folder]


def _nearest_config(folder: Path) -> Path | None:
    """The nearest config file at or above ``folder``; a folder that does not exist (a missing
    file's) starts the search from its nearest existing parent."""
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    return find_config_file(folder)


def settings_for(
    path: str | Path | None = None,
    config_file: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """The settings that apply to one file (``coach config FILE``)."""
    return SettingsResolver(config_file, overrides).for_path(path)


def validate_rule_ids(settings: Settings, origin: Mapping[str, str | None] | None = None) -> None:
    """Every id or prefix in select/ignore names at least one rule. An unknown one given as a
    flag is a usage error (exit 2, named by its flag); from a file or variable, exit 3."""
    from coach.rubric import load_rubric

    ids = [rule.id for rule in load_rubric(Settings()).rules]
    for key in ("select", "ignore"):
        for prefix in getattr(settings, key):
            if not any(rule_id.startswith(prefix) for rule_id in ids):
                message = f"unknown rule {prefix!r} (run `coach rules` to list the rules)"
                flag = (origin or {}).get(key)
                if flag:
                    raise InputError(flag, message)
                raise ConfigError(f"{settings.config_file or 'settings'}: {key}: {message}")


def list_rules(settings: Settings | None = None) -> list[Any]:
    """Every rule of the rubric, with the settings' level overrides, in id order."""
    from coach.rubric import load_rubric

    return list(load_rubric(settings or Settings()).rules)


def find_rule(key: str, settings: Settings | None = None) -> Any:
    """A rule by id (any case) or name; an unknown one is an InputError (exit 2)."""
    from coach.errors import RubricError
    from coach.rubric import load_rubric

    try:
        return load_rubric(settings or Settings()).get(key)
    except RubricError:
        raise UnknownRuleError(
            f"unknown rule {key!r} (run `coach rules` to list the rules)"
        ) from None


class UnknownRuleError(CoachError):
    """A rule id or name that no rule has (exit 2)."""

    exit_code = EXIT_INPUT


_NEUTRAL_OBJECTIVE = "Make every new user feel confident and capable within their first 7 days"
_NEUTRAL_KEY_RESULT = "Reduce time to first value from 3 days to 1 day by end of Q2"


def example_message(rule: Any) -> str | None:
    """The rule's message as it reads on the rule's own first weak example (``coach rules
    explain``): the example checked in a neutral draft, like tests/test_rules.py does."""
    from coach.model import Draft, KeyResult, Objective

    example = rule.examples.weak[0]
    if rule.examples.form == "draft":
        draft = parse_text(example, source="example.md")
    elif rule.applies_to == "objective":
        key_results = [KeyResult(text=_NEUTRAL_KEY_RESULT), KeyResult(text=_NEUTRAL_KEY_RESULT)]
        draft = Draft(objectives=[Objective(text=example, key_results=key_results)])
    else:
        key_results = [KeyResult(text=example), KeyResult(text=_NEUTRAL_KEY_RESULT)]
        draft = Draft(objectives=[Objective(text=_NEUTRAL_OBJECTIVE, key_results=key_results)])
    report = check(draft, Settings(select=[rule.id]))
    return next((f.message for f in report.findings if f.rule_id == rule.id), None)


def rules_by_id(settings: Settings | None = None) -> dict[str, Any]:
    return {rule.id: rule for rule in list_rules(settings)}


# ---- which files -------------------------------------------------------------------------


def is_glob(name: str) -> bool:
    return any(character in GLOB_CHARACTERS for character in name)


def _excluded(relative: PurePath, settings: Settings) -> bool:
    """A path (relative to the folder or glob root it was found under) that an exclude
    pattern names: any of its parts by name, or the whole relative path."""
    return _excluded_parts(relative.parts, settings)


def _excluded_parts(parts: tuple[str, ...], settings: Settings) -> bool:
    matches = _matcher((*settings.exclude, *settings.extend_exclude))
    return any(matches(part) for part in parts) or matches("/".join(parts))


def _included_parts(parts: tuple[str, ...], settings: Settings) -> bool:
    matches = _matcher(tuple(settings.include))
    return matches(parts[-1]) or matches("/".join(parts))


@functools.lru_cache(maxsize=64)
def _matcher(patterns: tuple[str, ...]) -> Callable[[str], bool]:
    """Whether a name matches any of ``patterns`` as ``fnmatch.fnmatch`` matches it (the
    case folded as the OS does): one regular expression for them all, made once per set of
    patterns rather than one call per pattern and name (a folder of 10,000 drafts)."""
    if not patterns:
        return lambda name: False
    joined = re.compile("|".join(fnmatch.translate(os.path.normcase(p)) for p in patterns))
    return lambda name: joined.match(os.path.normcase(name)) is not None


def _sidecar(path: Path) -> bool:
    """A YAML or JSON file beside a Markdown file of the same name is that file's data
    (labels, metadata), not a draft: ``q3.yaml`` beside ``q3.md``."""
    if path.suffix.lower() not in _DATA_SUFFIXES:
        return False
    return any(path.with_suffix(suffix).is_file() for suffix in _DRAFT_SUFFIXES)


def _walk(folder: Path, resolver: SettingsResolver) -> list[str]:
    """The drafts in a folder and below, sorted; excluded folders are not entered. Names are
    matched as strings (each file's path relative to ``folder`` as its parts), not as
    ``pathlib`` paths: a folder of 10,000 drafts took 0.17 s to list that way, most of it
    in ``pathlib``."""
    found: list[str] = []
    for current, folders, files in os.walk(folder):
        here = Path(current)
        settings = resolver.for_path(here / "_")
        base = here.relative_to(folder).parts
        prefix = str(here / "_")[:-1]  # what a name is joined to: "" for ".", "okrs/" for okrs
        folders[:] = sorted(
            name for name in folders if not _excluded_parts((*base, name), settings)
        )
        for name in sorted(files):
            parts = (*base, name)
            if not _included_parts(parts, settings) or _excluded_parts(parts, settings):
                continue
            if name.lower().endswith(_DATA_SUFFIXES) and _sidecar(here / name):
                continue
            if os.path.isfile(prefix + name):
                found.append(prefix + name)
    return found


def _glob(pattern: str, resolver: SettingsResolver) -> list[str]:
    """The files a glob names (``**`` recursive), less the excluded ones and sidecars."""
    root = Path(glob_root(pattern))
    found = []
    for name in sorted(glob.glob(pattern, recursive=True)):
        path = Path(name)
        if not path.is_file():
            continue
        try:
            relative = path.relative_to(root)
        except ValueError:
            relative = PurePath(path.name)
        if not _excluded(relative, resolver.for_path(path)) and not _sidecar(path):
            found.append(name)
    return found


def glob_root(pattern: str) -> str:
    """The folder part of a glob before its first wildcard: ``okrs`` for ``okrs/**/*.md``."""
    parts = []
    for part in PurePath(pattern).parts:
        if is_glob(part):
            break
        parts.append(part)
    return str(PurePath(*parts)) if parts else "."


@dataclass
class Expanded:
    """The files some paths name, and the paths that name none."""

    names: list[str] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    several: bool = False
    """Whether the paths name (or may name) more than one file: then a file without OKRs is
    skipped with a note instead of being an error."""


def expand_paths(
    paths: Sequence[str], resolver: SettingsResolver | None = None, leave_out: str | None = None
) -> Expanded:
    """Files as given; a folder becomes the drafts in it and below; a glob that names no
    existing file (``'okrs/**/*.md'``) the files it matches. Order is kept, duplicates go.
    ``leave_out`` is a file a folder or glob must not yield (:func:`earlier_output`)."""
    resolver = resolver or SettingsResolver()
    result = Expanded(several=len(paths) > 1)
    seen: set[str] = set()
    for name in paths:
        if name != STDIN and Path(name).is_dir():
            names = [n for n in _walk(Path(name), resolver) if n != leave_out]
            result.several = True
        elif name != STDIN and is_glob(name) and not os.path.lexists(name):
            matched = _glob(name, resolver)
            names = [n for n in matched if n != leave_out]
            result.several = True
            if not matched:
                result.errors.append(FileError(name, "no file matches this pattern"))
        else:
            names = [name]
        for found in names:
            if found not in seen:
                seen.add(found)
                result.names.append(found)
    return result


def input_files(
    paths: Sequence[str], resolver: SettingsResolver | None = None, leave_out: str | None = None
) -> list:
    """``("an input", file)`` for every file ``paths`` name, folders and globs expanded as a
    check expands them: what ``coach.files.check_output`` and ``write_atomic`` must never write
    over (``-o okrs/team.md`` with ``okrs/`` as the input is refused, not a lost draft)."""
    named = [p for p in paths if p != STDIN]
    expanded = expand_paths(named, resolver, leave_out).names if named else []
    return [("an input", name) for name in dict.fromkeys([*named, *expanded])]


def earlier_output(
    paths: Sequence[str],
    output: str,
    resolver: SettingsResolver | None = None,
    found: Sequence[str] | None = None,
) -> str | None:
    """The file ``output`` names, as a folder or glob in ``paths`` found it, when it holds no
    OKR draft: the report an earlier ``coach check okrs/ --format json -o okrs/report.json``
    left there. It is no input, so the check leaves it out and writes over it; a draft, or a
    file named in ``paths`` itself, stays an input and is never written over. ``found``: the
    files the paths name, when the caller has listed them already (``coach batch``)."""
    from coach.files import same_output

    resolver = resolver or SettingsResolver()
    named = [p for p in paths if p != STDIN]
    for name in expand_paths(named, resolver).names if found is None else found:
        if name in named or not same_output(name, output):
            continue
        try:
            _load(name, resolver.for_path(name), None)
        except NotOkrError:
            return name
        except InputError:
            pass
        return None
    return None


# ---- checking ----------------------------------------------------------------------------


@dataclass
class CheckRun:
    """What one ``coach check`` found: a report per draft (with the settings it was checked
    under), the files that could not be read, and those skipped for holding no OKRs."""

    checked: list[tuple[CheckReport, Settings]] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """Sources skipped because they hold no OKRs (a README in a folder)."""

    @property
    def reports(self) -> list[CheckReport]:
        return [report for report, _ in self.checked]

    @property
    def empty(self) -> bool:
        """Nothing was checked and nothing failed: every file was skipped, or none was found."""
        return not self.checked and not self.errors

    def notes(self) -> list[str]:
        """One line per skipped file, for stderr."""
        return [
            f"{source}: skipped: not an OKR draft (no objectives found)" for source in self.skipped
        ]


def check_paths(
    paths: Sequence[str],
    settings: Settings | SettingsResolver | None = None,
    *,
    stdin_filename: str | None = None,
    leave_out: str | None = None,
) -> CheckRun:
    """Check every draft that ``paths`` name ("-" is stdin, shown as ``stdin_filename`` or
    ``<stdin>``; a folder, the drafts in it and below; a glob, the files it matches). A file
    that cannot be read is recorded and the rest run; with several files, one that holds no
    OKRs (a README) is skipped, not an error.

    ``settings`` is one Settings for every file, or a :class:`SettingsResolver` that finds
    each file's own (the default: each file's nearest config file)."""
    resolver = (
        settings if isinstance(settings, SettingsResolver) else SettingsResolver(fixed=settings)
    )
    if not paths and stdin_filename is not None:
        paths = [STDIN]
    expanded = expand_paths(paths, resolver, leave_out)
    run = CheckRun(errors=list(expanded.errors))
    for name in expanded.names:
        file_settings = resolver.for_path(stdin_filename if name == STDIN else name)
        try:
            draft = _load(name, file_settings, stdin_filename)
            run.checked.append((check(draft, file_settings), file_settings))
        except InputError as exc:
            if expanded.several and isinstance(exc, NotOkrError):
                run.skipped.append(exc.source)
            else:
                problem = exc.problem + (f" ({exc.hint})" if exc.hint else "")
                run.errors.append(FileError(exc.source, problem))
    return run


def text_within_limit(text: str, source: str, settings: Settings) -> None:
    """An InputError for text over ``limits.max_file_bytes`` in UTF-8, as for a file."""
    size = len(text.encode("utf-8", "surrogatepass"))
    limit = settings.limits.max_file_bytes
    if size > limit:
        problem = f"{size} bytes, over the limit of {limit} bytes"
        raise InputError(source, problem, hint="set limits.max_file_bytes")


def check_text(text: str, source: str = "<text>", settings: Settings | None = None) -> CheckReport:
    """Check a draft held in memory (an editor's buffer, a request's body); ``source`` is only
    its name (its extension picks the format) and is never opened. Unreadable text (too large,
    empty, no OKRs, malformed YAML) is an InputError."""
    settings = settings or Settings()
    text_within_limit(text, source, settings)
    return check(parse_text(text, source), settings)


def _load(name: str, settings: Settings, stdin_filename: str | None):
    max_bytes = settings.limits.max_file_bytes
    if name == STDIN and stdin_filename:
        _, text = read_source(STDIN, max_bytes)
        return parse_text(text, stdin_filename)
    return load_draft(name, max_bytes)


def exit_code(run: CheckRun) -> int:
    """2 for any unreadable input (or nothing to check); else 1 if a finding is at or above its
    file's ``fail_on``; else 0."""
    if run.errors or run.empty:
        return EXIT_INPUT
    for report, settings in run.checked:
        threshold = settings.fail_on
        if threshold is not None and any(f.level.rank >= threshold.rank for f in report.findings):
            return EXIT_FINDINGS
    return EXIT_OK


def rule_statistics(reports: Sequence[CheckReport]) -> list[tuple[str, str, int]]:
    """(rule id, rule name, count) for every rule that fired, most frequent first."""
    counts: dict[tuple[str, str], int] = {}
    for report in reports:
        for finding in report.findings:
            key = (finding.rule_id, finding.rule_name)
            counts[key] = counts.get(key, 0) + 1
    return sorted(
        ((rule_id, name, n) for (rule_id, name), n in counts.items()),
        key=lambda row: (-row[2], row[0]),
    )
