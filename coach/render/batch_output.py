"""The batch report's formats, by name: the dispatch every front door of ``coach batch`` uses,
and what its renderers share (the order teams are shown in, "… and N more")."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import import_module
from pathlib import PurePath

from coach.batch.records import BatchReport, Place, TeamRow
from coach.visible import visible_name

BATCH_FORMATS = ("text", "markdown", "json", "csv", "html")
_MODULES = {
    "text": ("coach.render.batch_text", "render_batch_text"),
    "markdown": ("coach.render.batch_markdown", "render_batch_markdown"),
    "json": ("coach.render.batch_json", "BatchJsonInTwo"),
    "csv": ("coach.render.batch_csv", "render_batch_csv"),
    "html": ("coach.render.batch_html", "render_batch_html"),
}
_SUFFIXES = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
}


def format_for(path: str | None, fmt: str | None) -> str:
    """The format asked for, else the one the output file's extension names, else text."""
    if fmt is not None:
        return fmt
    if path is None:
        return "text"
    return _SUFFIXES.get(PurePath(path).suffix.lower(), "text")


def render_batch(report: BatchReport, fmt: str) -> str:
    """The report in ``fmt``; only that format's module is imported."""
    return as_text(batch_renderer(fmt)(report))


def batch_renderer(fmt: str) -> Callable[[BatchReport], str | bytes]:
    """The render function of a format. A front door asks before the work, so a format whose
    extra is missing (HTML needs the ``charts`` extra) fails at once, in one line. JSON comes
    as UTF-8 bytes (a large report is written to its file as it is): :func:`as_text` for
    text, from a :class:`coach.render.batch_json.BatchJsonInTwo`, whose ``begin`` may be handed
    the report before its worst lines' proposals (``batch_check``'s ``meanwhile``)."""
    module_name, name = _MODULES[fmt]
    module = import_module(module_name)
    if fmt == "html":
        module.require_extras()
    found = getattr(module, name)
    return found() if isinstance(found, type) else found


def as_text(rendered: str | bytes) -> str:
    return rendered if isinstance(rendered, str) else rendered.decode("utf-8")


def rewrite_line(report: BatchReport) -> str:
    """What ``--rewrite`` did, in one sentence (every text format says it the same way)."""
    s = report.rewrite
    if s is None:
        return ""
    proposals = sum(1 for r in report.rewrites if r.proposal)
    return (
        f"{s.items} failing items, {s.distinct} distinct, {proposals} with a proposal; "
        f"{s.calls} model calls, {s.cached} from the cache, {s.fallbacks} offline fallbacks; "
        f"tokens {s.prompt_tokens} prompt, {s.completion_tokens} completion"
    )


def team_order(rows: Sequence[TeamRow]) -> list[TeamRow]:
    """Broken files first, then the lowest score first; ties in path order."""
    return sorted(
        rows, key=lambda r: (r.error is None, r.score if r.score is not None else -1, r.path)
    )


def more(hidden: int) -> str:
    return f"… and {hidden} more"


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share:.0%}"


def teams_of(places: Sequence[Place]) -> list[str]:
    """The teams of some places, each once, in order."""
    return list(dict.fromkeys(p.team for p in places))


def where(place: Place) -> str:
    return f"{visible_name(place.path)}:{place.line}"


def summary_line(report: BatchReport) -> str:
    teams = len({r.team for r in report.checked})
    parts = [f"{plural(len(report.checked), 'draft')} of {plural(teams, 'team')} checked"]
    if report.broken:
        parts.append(f"{len(report.broken)} could not be read")
    if report.skipped:
        parts.append(f"{len(report.skipped)} skipped")
    return ", ".join(parts)


def exit_line(report: BatchReport) -> str:
    """Why the run exits as it does, in words."""
    if report.exit_code == 2:
        return "exit 2: a file could not be read" if report.rows else "exit 2: no OKR drafts found"
    if report.exit_code == 1:
        failing = sorted({r.team for r in report.checked if r.exit_code == 1})
        named = ", ".join(failing[:5]) + (f" {more(len(failing) - 5)}" if len(failing) > 5 else "")
        return f"exit 1: findings at or above --fail-on {report.fail_on} in {named}"
    return f"exit 0: no finding at or above --fail-on {report.fail_on}"


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
