"""Rewrite a draft: propose, guard, fall back, apply, re-check.

Every proposal — model, cache or offline — passes ``build_guard`` before it is used. A model that
fails (unreachable, refused, or never passing the guard within its attempts) falls back to the
offline rewriter for that item, labelled as a fallback; an item nobody can rewrite stays as it is,
with the reason. Once the model is stopped for the run (its deadline passed, or the circuit
breaker opened: see ``coach.llm.budget``), the items left go to the offline rewriter at once, and
the result carries one notice saying why.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ValidationError

from coach.checker import check
from coach.config import Settings
from coach.llm.protocol import (
    Proposal,
    RewriteFailed,
    Rewriter,
    RewriteRequest,
    Usage,
    validate_proposal,
)
from coach.model import Draft
from coach.parsing import guess_format, parse_text
from coach.report import CheckReport
from coach.rewrite.apply import Edit, apply_edits
from coach.rewrite.guard import build_guard
from coach.rewrite.provenance import NumberOrigin, trace_numbers
from coach.rewrite.requests import Target, build_targets
from coach.rubric import load_rubric


@dataclass(frozen=True)
class Change:
    path: str
    kind: str
    line: int
    before: str
    after: str | None
    """None when the item could not be rewritten (see ``note``)."""
    rules: tuple[str, ...]
    origin: str
    """"model:<name>", "cache:<name>", "offline", "offline fallback" or "unchanged"."""
    note: str = ""
    numbers: tuple[NumberOrigin, ...] = ()

    def to_json(self) -> dict:
        return {
            "path": self.path,
            "kind": self.kind,
            "line": self.line,
            "before": self.before,
            "after": self.after,
            "rules": list(self.rules),
            "origin": self.origin,
            "note": self.note,
            "numbers": [n.to_json() for n in self.numbers],
        }


@dataclass
class RewriteResult:
    source: str
    original_text: str
    new_text: str
    before: CheckReport
    after: CheckReport
    changes: list[Change]
    usage: Usage = field(default_factory=Usage)
    rewriter: str = "offline"
    notices: list[str] = field(default_factory=list)
    """Run-level lines, e.g. why the model was stopped for the items left."""


def _from_cache(request: RewriteRequest, guard, cache, key: str | None) -> Proposal | None:
    if cache is None or key is None:
        return None
    data = cache.get(key)
    if data is None:
        return None
    try:  # a cached proposal is guarded again: the rubric may have changed since
        return validate_proposal(data, request.kind, guard)
    except ValidationError:
        return None


def propose_one(
    request: RewriteRequest,
    rewriter: Rewriter,
    offline: Rewriter,
    settings: Settings,
    cache=None,
    cache_key: str | None = None,
) -> tuple[Proposal | None, str, str]:
    """(proposal or None, origin, note) for one request."""
    guard = build_guard(request, settings)
    if rewriter is offline:
        try:
            return offline.propose(request, guard), "offline", ""
        except RewriteFailed as failed:
            return (
                None,
                "unchanged",
                f"the offline rewriter has no outcome for this: {failed.reason}",
            )
    cached = _from_cache(request, guard, cache, cache_key)
    if cached is not None:
        rewriter.usage.cache_hits += 1
        return cached, f"cache:{rewriter.name}", ""
    try:
        proposal = rewriter.propose(request, guard)
    except RewriteFailed as failed:
        reason = f"{rewriter.name}: {failed.reason}"
        if failed.skipped:
            reason = f"{rewriter.name}: {NOT_ASKED}{failed.reason}"
        try:
            return offline.propose(request, guard), "offline fallback", reason
        except RewriteFailed as offline_failed:
            return None, "unchanged", f"{reason}; offline rewriter: {offline_failed.reason}"
    if cache is not None and cache_key is not None:
        cache.put(cache_key, proposal.model_dump(mode="json"))
    return proposal, f"model:{rewriter.name}", ""


def rewrite_text(
    text: str,
    source: str,
    rewriter: Rewriter,
    offline: Rewriter,
    settings: Settings | None = None,
    metrics: tuple[tuple[str, str], ...] = (),
    cache=None,
    cache_key_for=None,
) -> RewriteResult:
    """Rewrite the failing items of a draft given as text. ``cache_key_for(request)`` names a
    cache entry (None: no caching)."""
    settings = settings or Settings()
    draft: Draft = parse_text(text, source)
    before = check(draft, settings)
    targets = build_targets(before, load_rubric(settings), metrics)
    answers: dict[tuple, tuple[Proposal | None, str, str]] = {}
    for target in targets:
        if target.dedupe_key not in answers:
            key = cache_key_for(target.request) if cache_key_for else None
            answers[target.dedupe_key] = propose_one(
                target.request, rewriter, offline, settings, cache, key
            )
    changes = [_change(t, *answers[t.dedupe_key]) for t in targets]
    notices = _stopped_notice(rewriter, answers.values())
    edits = [Edit(c.path, c.before, c.after) for c in changes if c.after and c.after != c.before]
    new_text, skipped = apply_edits(text, draft, edits, guess_format(source, text))
    changes = _mark_skipped(changes, {e.path for e in skipped})
    after = check(parse_text(new_text, source), settings)
    return RewriteResult(
        source, text, new_text, before, after, changes, rewriter.usage, rewriter.name, notices
    )


NOT_ASKED = "not asked: "


def _stopped_notice(rewriter: Rewriter, answers) -> list[str]:
    """One line per reason the model was stopped for the run, with how many items it spared."""
    prefix = f"{rewriter.name}: {NOT_ASKED}"
    reasons: dict[str, int] = {}
    for _, _, note in answers:
        if note.startswith(prefix):
            why = note[len(prefix) :].split("; offline rewriter: ")[0]
            reasons[why] = reasons.get(why, 0) + 1
    return [
        f"{rewriter.name} was stopped for this run ({why}): the {count} item"
        f"{'' if count == 1 else 's'} left went to the offline rewriter without asking it"
        for why, count in reasons.items()
    ]


def _change(target: Target, proposal: Proposal | None, origin: str, note: str) -> Change:
    request = target.request
    after = proposal.text.strip() if proposal else None
    return Change(
        path=target.path,
        kind=request.kind,
        line=target.line,
        before=request.text,
        after=after,
        rules=tuple(f.rule_id for f in request.findings),
        origin=origin,
        note=note,
        numbers=trace_numbers(after, request) if after else (),
    )


def _mark_skipped(changes: list[Change], skipped: set[str]) -> list[Change]:
    note = "could not be placed in the source text unchanged; left as it was"
    return [
        Change(c.path, c.kind, c.line, c.before, None, c.rules, "unchanged", note)
        if c.path in skipped
        else c
        for c in changes
    ]
