"""Show a rewrite: text, markdown, diff or json. (Writing it: ``coach.files.write_atomic``.)

Everything here is for stdout, so control characters from the draft, the metrics or a model
reply are shown as escapes (``coach.visible``) in every format — the markdown too; ``-o`` and
``--in-place`` write ``result.new_text`` itself, byte for byte.
"""

from __future__ import annotations

import difflib

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


def render_text(result: RewriteResult, verbose: bool = False) -> str:
    changed = [c for c in result.changes if c.after and c.after != c.before]
    origin = result.headline
    lines = [
        f"{result.source} — {len(changed)} of {len(result.changes)} flagged items rewritten · {origin}"
    ]
    for c in result.changes:
        lines.append("")
        lines.append(f"  line {c.line} · {_KIND[c.kind]} · fixes {', '.join(c.rules)} · {c.origin}")
        lines.append(f"    − {c.before}")
        if c.after is None:
            lines.append(f"    = unchanged: {c.note}")
            continue
        lines.append(f"    + {c.after}")
        if c.numbers:
            lines.append(f"      numbers: {_numbers(c)}")
        if c.note:
            lines.append(f"      note: {c.note}")
    if result.notices:
        lines.append("")
        lines += [f"note: {notice}" for notice in result.notices]
    b, a = result.before.scorecard, result.after.scorecard
    lines += ["", f"Score {b.overall} → {a.overall} ({b.band} → {a.band})"]
    if verbose:
        u = result.usage
        lines.append(
            f"Model calls: {u.calls} · tokens: {u.prompt_tokens} prompt + "
            f"{u.completion_tokens} completion · cache hits: {u.cache_hits}"
        )
    return visible("\n".join(lines) + "\n")


def render_diff(result: RewriteResult) -> str:
    name = result.source
    diff = "".join(
        difflib.unified_diff(
            result.original_text.splitlines(keepends=True),
            result.new_text.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        )
    )
    return visible(diff)


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


def render(result: RewriteResult, fmt: str, verbose: bool = False) -> str:
    if fmt == "markdown":
        return visible(result.new_text)
    if fmt == "diff":
        return render_diff(result)
    if fmt == "json":
        return render_json(result)
    return render_text(result, verbose)
