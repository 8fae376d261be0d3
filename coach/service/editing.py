"""The service layer, for editors: what a language server (``coach lsp``) needs beyond checking a
file on disk — checking text held in memory, telling which files are OKR drafts, the inline
suppression comments the checker honours, and each item's score for an outline.

Positions here are the checker's: 1-based lines and 1-based columns counted in characters (code
points). A front door converts them to its own units (the LSP's 0-based UTF-16 columns).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePosixPath

from coach.checker import check
from coach.config import Settings
from coach.parsing import guess_format, parse_text
from coach.report import CheckReport

__all__ = [
    "DEFAULT_EDITOR_FILES",
    "Insertion",
    "OutlineItem",
    "check_text",
    "file_suppression",
    "has_okr_front_matter",
    "is_okr_document",
    "line_suppression",
    "matches_glob",
    "outline",
    "suppressions_supported",
]

DEFAULT_EDITOR_FILES = (
    "**/*okr*.md",
    "**/OKRs/**/*.md",
    "**/*okr*.yaml",
    "**/*okr*.yml",
)
"""The files an editor checks unless told otherwise (matched case-insensitively against the
path relative to the workspace folder): Markdown and YAML whose name says OKR, and Markdown under
an ``OKRs/`` folder. Any Markdown file with OKR front matter is checked too."""


def check_text(text: str, source: str, settings: Settings | None = None) -> CheckReport:
    """Parse and check a draft held in memory (an editor's buffer). ``source`` is its path: the
    extension picks Markdown, YAML or JSON. An unreadable draft raises ``InputError`` (a draft
    without OKRs, ``NotOkrError``)."""
    return check(parse_text(text, source), settings or Settings())


# ---- which files ---------------------------------------------------------------------------

_FRONT_MATTER_KEY = re.compile(r"^(?:okrs?|quarter|objectives)[ \t]*:", re.I | re.M)


def has_okr_front_matter(text: str) -> bool:
    """Whether the text opens with YAML front matter that says it is an OKR draft: a
    ``quarter:``, ``okr:`` / ``okrs:`` or ``objectives:`` key (see docs/editors.md)."""
    if not text.startswith("---"):
        return False
    lines = text.split("\n", 200)
    if lines[0].rstrip() != "---":
        return False
    for line in lines[1:]:
        if line.rstrip() in ("---", "..."):
            return False
        if _FRONT_MATTER_KEY.match(line):
            return True
    return False


@lru_cache(maxsize=64)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    """A path glob as a regex: ``**/`` is any number of folders (none included), ``*`` and
    ``?`` stay within one path segment, ``[…]`` is a character class."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 1 :]:
            end = pattern.index("]", i + 1)
            out.append(fnmatch.translate(pattern[i : end + 1])[4:-3])
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z", re.I)


def matches_glob(path: str, patterns: Iterable[str]) -> bool:
    """Whether a path (relative to the workspace folder, ``/``-separated) matches any glob."""
    posix = PurePosixPath(path.replace("\\", "/")).as_posix().lstrip("/")
    return any(_glob_regex(pattern).match(posix) for pattern in patterns)


def is_okr_document(
    relative_path: str, text: str, patterns: Sequence[str] = DEFAULT_EDITOR_FILES
) -> bool:
    """Whether an editor should check a document: its path matches one of ``patterns``, or it is
    Markdown with OKR front matter."""
    if matches_glob(relative_path, patterns):
        return True
    return guess_format(relative_path, text) == "markdown" and has_okr_front_matter(text)


# ---- inline suppressions --------------------------------------------------------------------


def suppressions_supported(source: str, text: str) -> bool:
    """Inline ``coach-ignore`` comments are HTML comments: Markdown drafts only."""
    return guess_format(source, text) == "markdown"


def line_suppression(rule_id: str) -> str:
    """What to append to a line to silence ``rule_id`` on it (docs/draft-format.md)."""
    return f" <!-- coach-ignore {rule_id} -->"


@dataclass(frozen=True)
class Insertion:
    """Text to insert before the character at (1-based ``line``, 1-based ``column``)."""

    line: int
    column: int
    text: str


def file_suppression(text: str, rule_id: str) -> Insertion:
    """Where and what to insert to silence ``rule_id`` in the whole file: a
    ``coach-ignore-file`` comment on a line of its own, after any front matter."""
    lines = text.split("\n")
    line = 1
    if lines and lines[0].rstrip() == "---":
        for number, current in enumerate(lines[1:], start=2):
            if current.rstrip() in ("---", "..."):
                line = number + 1
                break
    return Insertion(line, 1, f"<!-- coach-ignore-file {rule_id} -->\n")


# ---- the outline ----------------------------------------------------------------------------


@dataclass
class OutlineItem:
    """An objective or key result with its score and where it stands in the text."""

    path: str
    kind: str
    """"objective" or "key_result"."""
    text: str
    label: str | None
    score: int | None
    band: str | None
    line: int
    column: int
    end_line: int
    end_column: int
    findings: int
    children: list[OutlineItem] = field(default_factory=list)


def outline(report: CheckReport) -> list[OutlineItem]:
    """The draft's objectives, each with its key results, their scores and finding counts."""
    items = {item.path: item.score for item in report.scorecard.items}
    objectives = {o.path: o for o in report.scorecard.objectives}
    counts: dict[str, int] = {}
    for finding in report.findings:
        counts[finding.path] = counts.get(finding.path, 0) + 1
    result = []
    for i, objective in enumerate(report.draft.objectives):
        path = f"objectives[{i}]"
        scored = objectives.get(path)
        node = _node(path, "objective", objective, scored.score if scored else None, counts)
        node.band = scored.band if scored else None
        for j, kr in enumerate(objective.key_results):
            kr_path = f"{path}.key_results[{j}]"
            node.children.append(_node(kr_path, "key_result", kr, items.get(kr_path), counts))
        node.findings += sum(child.findings for child in node.children)
        result.append(node)
    return result


def _node(path: str, kind: str, item, score: int | None, counts: dict[str, int]) -> OutlineItem:
    position = item.position
    end_line = position.end_line or position.line
    end_column = position.end_column or position.column + len(item.text)
    return OutlineItem(
        path=path,
        kind=kind,
        text=item.text,
        label=item.label,
        score=score,
        band=None,
        line=position.line,
        column=position.column,
        end_line=end_line,
        end_column=end_column,
        findings=counts.get(path, 0),
    )
