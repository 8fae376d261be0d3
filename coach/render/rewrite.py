"""Show a rewrite: text, markdown, diff or json. (Writing it: ``coach.files.write_atomic``.)

Everything here is for stdout, so control characters from the draft, the metrics or a model
reply are shown as escapes (``coach.visible``) in every format — the markdown too; ``-o`` and
``--in-place`` write ``result.new_text`` itself, byte for byte.
"""

from __future__ import annotations

import difflib

import click

from coach import __version__
from coach.render.json_output import dumps
from coach.rewrite.engine import Change, RewriteResult
from coach.visible import visible

SCHEMA_VERSION = "1"
_KIND = {"key_result": "KR", "objective": "O"}


def _numbers(change: Change) -> str:
    parts = []
    for n in change.numbers:
        detail = (
            f" ({n.detail})" if n.detail and n.source not in ("original", "placeholder") else ""
        )
        parts.append(f"{n.value} ← {n.source}{detail}")
    return " · ".join(parts)


_STYLES: dict[str, dict] = {
    "head": {"bold": True},
    "before": {"fg": "red"},
    "after": {"fg": "green"},
    "unchanged": {"fg": "yellow"},
    "detail": {"dim": True},
    "hunk": {"fg": "cyan"},
}
"""How a terminal shows each kind of line when colour is on (``--color``): the item's old text
red, its rewrite green, as a diff shows them."""


def _lines(pieces: list[tuple[str, str | None]], color: bool) -> str:
    """The pieces as lines, made visible (``coach.visible``) and then styled: an escape in the
    draft is shown, never sent to the terminal, and colour codes are the renderer's own."""
    out = []
    for text, style in pieces:
        end = "\r" if text.endswith("\r") else ""  # a CRLF line's CR stays, as ``visible`` keeps it
        text = visible(text[: len(text) - len(end)])
        out.append(
            (click.style(text, **_STYLES[style]) if color and style and text else text) + end
        )
    return "\n".join(out) + "\n"


def render_text(result: RewriteResult, verbose: bool = False, color: bool = False) -> str:
    changed = [c for c in result.changes if c.after and c.after != c.before]
    origin = result.headline
    lines: list[tuple[str, str | None]] = [
        (
            f"{result.source} — {len(changed)} of {len(result.changes)} flagged items rewritten"
            f" · {origin}",
            "head",
        )
    ]
    for c in result.changes:
        lines.append(("", None))
        lines.append(
            (
                f"  line {c.line} · {_KIND[c.kind]} · fixes {', '.join(c.rules)} · {c.origin}",
                "detail",
            )
        )
        lines.append((f"    − {c.before}", "before"))
        if c.after is None:
            lines.append((f"    = unchanged: {c.note}", "unchanged"))
            continue
        lines.append((f"    + {c.after}", "after"))
        if c.numbers:
            lines.append((f"      numbers: {_numbers(c)}", "detail"))
        if c.note:
            lines.append((f"      note: {c.note}", "detail"))
    if result.notices:
        lines.append(("", None))
        lines += [(f"note: {notice}", None) for notice in result.notices]
    b, a = result.before.scorecard, result.after.scorecard
    lines += [("", None), (f"Score {b.overall} → {a.overall} ({b.band} → {a.band})", "head")]
    if verbose:
        u = result.usage
        lines.append(
            (
                f"Model calls: {u.calls} · tokens: {u.prompt_tokens} prompt + "
                f"{u.completion_tokens} completion · cache hits: {u.cache_hits}",
                None,
            )
        )
    return _lines(lines, color)


def render_diff(result: RewriteResult, color: bool = False) -> str:
    name = result.source
    diff = "".join(
        difflib.unified_diff(
            result.original_text.splitlines(keepends=True),
            result.new_text.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        )
    )
    if not color or not diff:
        return visible(diff)
    lines = diff.split("\n")  # not splitlines: a line separator inside a line is shown, not cut
    if lines[-1] == "":
        lines.pop()
    return _lines([(line, _diff_style(line)) for line in lines], color)


def _diff_style(line: str) -> str | None:
    if line.startswith(("---", "+++")):
        return "head"
    if line.startswith("@@"):
        return "hunk"
    return {"-": "before", "+": "after"}.get(line[:1])


def render_json(result: RewriteResult) -> str:
    return dumps(to_json(result))


def to_json(result: RewriteResult) -> dict:
    """The JSON form of a rewrite (``coach rewrite --format json``, ``POST /v1/rewrite``)."""
    u = result.usage
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "okr-coach", "version": __version__},
        "source": result.source,
        "rewriter": result.rewriter,
        "changes": [c.to_json() for c in result.changes],
        "notices": list(result.notices),
        "score": {
            "before": result.before.scorecard.overall,
            "after": result.after.scorecard.overall,
            "band_before": result.before.scorecard.band,
            "band_after": result.after.scorecard.band,
        },
        "usage": {
            "calls": u.calls,
            "prompt_tokens": u.prompt_tokens,
            "completion_tokens": u.completion_tokens,
            "cache_hits": u.cache_hits,
        },
        "text": result.new_text,
        "edits": [e.to_json() for e in result.edits],
    }


def render(result: RewriteResult, fmt: str, verbose: bool = False, color: bool = False) -> str:
    """``fmt`` as text; ``color`` styles the text and diff formats for a terminal (the markdown
    and JSON are for files and programs: never styled)."""
    if fmt == "markdown":
        return visible(result.new_text)
    if fmt == "diff":
        return render_diff(result, color)
    if fmt == "json":
        return render_json(result)
    return render_text(result, verbose, color)
