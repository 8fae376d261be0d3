"""Rewrite a draft: propose, guard, fall back, apply, re-check.

Every proposal — model, cache or offline — passes ``build_guard`` before it is used. A model that
fails (unreachable, refused, or never passing the guard within its attempts) falls back to the
offline rewriter for that item, labelled as a fallback; an item nobody can rewrite stays as it is,
with the reason. Once the model is stopped for the run (its deadline passed, or the circuit
breaker opened: see ``coach.llm.budget``), the items left go to the offline rewriter at once, and
the result carries one notice saying why.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from pydantic import ValidationError

from coach.analysis import analyse_key_result
from coach.checker import check
from coach.config import Settings
from coach.llm.protocol import (
    KeyResultProposal,
    Proposal,
    RewriteFailed,
    Rewriter,
    RewriteRequest,
    Usage,
    validate_proposal,
)
from coach.model import Draft, item_path
from coach.parsing import guess_format, parse_text
from coach.report import CheckReport
from coach.rewrite.apply import Edit, TextEdit, apply_text_edits, place_edits
from coach.rewrite.columns import leave_to_columns
from coach.rewrite.guard import build_guard, sibling_problems
from coach.rewrite.markup import statement_of
from coach.rewrite.provenance import NumberOrigin, trace_numbers
from coach.rewrite.providers import Proposer
from coach.rewrite.requests import Target, build_targets
from coach.rubric import load_rubric
from coach.rubric.functions import metric_key
from coach.rubric.vocabulary import load_vocabulary


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
    headline: str = "offline suggestions (no model configured)"
    """How a summary names the rewriter (its provider's ``headline``)."""
    edits: list[TextEdit] = field(default_factory=list)
    """The replacements that turn ``original_text`` into ``new_text``, as line/column ranges of
    ``original_text`` (for an editor to apply)."""


class Answer(NamedTuple):
    """What ``propose_one`` found for one request."""

    proposal: Proposal | None
    origin: str
    """"model:<name>", "cache:<name>", "offline", "offline fallback" or "unchanged"."""
    note: str
    stopped: str = ""
    """Why the first proposer was not asked (it was stopped for the run), when it was not."""


def _from_cache(request: RewriteRequest, guard, proposer: Proposer) -> Proposal | None:
    if proposer.cache is None or proposer.key_for is None:
        return None
    data = proposer.cache.get(proposer.key_for(request))
    if data is None:
        return None
    try:  # a cached proposal is guarded again: the rubric may have changed since
        return validate_proposal(data, request.kind, guard)
    except ValidationError:
        return None


def propose_one(request: RewriteRequest, chain: Sequence[Proposer], settings: Settings) -> Answer:
    """The proposal for one request: the first proposer of the chain that passes the guard
    wins; the later ones are fallbacks, labelled as such. For a key result, the first
    fallback's metric is worked out first and offered to the first proposer as a suggestion
    (``RewriteRequest.suggestion``) to keep or to better; should the first fail, that
    fallback's answer stands."""
    guard = build_guard(request, settings)
    first, *fallbacks = chain
    offered: Proposal | RewriteFailed | None = None  # the first fallback's, worked out already
    if request.kind == "key_result" and fallbacks:
        request, offered = suggested(request, fallbacks[0].rewriter, guard)
    cached = _from_cache(request, guard, first)
    if cached is not None:
        first.rewriter.usage.cache_hits += 1
        return Answer(cached, f"cache:{first.rewriter.name}", "")
    try:
        proposal = first.rewriter.propose(request, guard)
    except RewriteFailed as failed:
        if not fallbacks:
            note = f"the {first.provider.title} has no outcome for this: {failed.reason}"
            return Answer(None, "unchanged", note)
        stopped = failed.reason if failed.skipped else ""
        reason = f"{first.rewriter.name}: {NOT_ASKED if failed.skipped else ''}{failed.reason}"
        for index, fallback in enumerate(fallbacks):
            if index == 0 and offered is not None:
                found = offered
            else:
                found = _try(fallback.rewriter, request, guard)
            if isinstance(found, RewriteFailed):
                reason += f"; {fallback.provider.title}: {found.reason}"
                continue
            return Answer(found, f"{fallback.origin} fallback", _noted(reason, found), stopped)
        return Answer(None, "unchanged", reason, stopped)
    if first.cache is not None and first.key_for is not None:
        first.cache.put(first.key_for(request), proposal.model_dump(mode="json"))
    return Answer(proposal, first.origin, _noted("", proposal))


def suggested(
    request: RewriteRequest, rewriter: Rewriter, guard
) -> tuple[RewriteRequest, Proposal | RewriteFailed]:
    """``request`` with the metric ``rewriter`` proposes for it as its ``suggestion`` (when it
    proposes a key result), and that proposal (or why there is none)."""
    found = _try(rewriter, request, guard)
    if isinstance(found, KeyResultProposal):
        request = replace(request, suggestion=found.metric)
    return request, found


def _try(rewriter: Rewriter, request: RewriteRequest, guard) -> Proposal | RewriteFailed:
    """The rewriter's proposal for ``request``, or why it has none."""
    try:
        return rewriter.propose(request, guard)
    except RewriteFailed as failed:
        return failed


def _noted(note: str, proposal: Proposal) -> str:
    """``note``, with ``OWN_WORDS`` added when the proposal's metric is the item's own words."""
    if not getattr(proposal, "_own_words", False):
        return note
    return f"{note}; {OWN_WORDS}" if note else OWN_WORDS


def rewrite_draft(
    text: str,
    source: str,
    chain: Sequence[Proposer],
    settings: Settings | None = None,
    metrics: tuple[tuple[str, str], ...] = (),
    progress: Callable[[int, int, int], None] | None = None,
    only: Collection[str] | None = None,
) -> RewriteResult:
    """Rewrite the failing items of a draft given as text, with the proposers of ``chain``
    (``coach.rewrite.providers.build_chain``); ``progress(done, total, line)`` hears of each
    item before it is proposed and once at the end. ``only``: the item paths to rewrite (an
    editor's "rewrite this line"); the others are left as they are, though the whole draft is
    still re-checked."""
    settings = settings or Settings()
    draft: Draft = parse_text(text, source)
    before = check(draft, settings)
    targets = build_targets(before, load_rubric(settings), metrics)
    if only is not None:
        targets = [t for t in targets if t.path in only]
    chosen = _answer_all(draft, targets, chain, settings, progress)
    changes = [_change(t, chosen[t.path]) for t in targets]
    rewriter = chain[0].rewriter
    notices = _stopped_notice(rewriter, chosen.values())
    placed_read = _placed_and_read(text, source, draft, changes)
    changes = _mark_skipped(placed_read.changes, placed_read.misread, MISREAD)
    placed, new_text = placed_read.placed, placed_read.new_text
    after = check(placed_read.reread, settings)
    return RewriteResult(
        source,
        text,
        new_text,
        before,
        after,
        changes,
        rewriter.usage,
        rewriter.name,
        notices,
        chain[0].headline,
        placed,
    )


def item_changes(
    text: str,
    source: str,
    chain: Sequence[Proposer],
    settings: Settings,
    items: Collection[str],
    metrics: tuple[tuple[str, str], ...] = (),
) -> dict[str, Change]:
    """The changes ``rewrite_draft`` makes to the failing items ``items`` of a draft, by item
    path, and nothing else: each is proposed after the key results before it, as
    in a whole rewrite (their accepted metrics steer it), but the other objectives and the
    items after the last of them are not proposed, and the rewritten draft is not checked
    again; it is read again, so a rewrite that would change the outline is left as it was,
    as in a whole rewrite. For a
    report that shows a few lines' proposals (``coach batch``'s worst lines)."""
    draft: Draft = parse_text(text, source)
    targets = build_targets(check(draft, settings), load_rubric(settings), metrics)
    last = max((i for i, t in enumerate(targets) if t.path in items), default=-1)
    # what the items' answers depend on: the key results before them (their metrics, as
    # rewritten, are taken) and an item's first copy (whose answer a copy keeps)
    wanted = {t.dedupe_key for t in targets if t.path in items}
    targets = [
        t
        for t in targets[: last + 1]
        if t.path in items or t.request.kind == "key_result" or t.dedupe_key in wanted
    ]
    chosen = _answer_all(draft, targets, chain, settings, None)
    changes = [_change(t, chosen[t.path]) for t in targets if t.path in items]
    placed_read = _placed_and_read(text, source, draft, changes)
    return {c.path: c for c in _mark_skipped(placed_read.changes, placed_read.misread, MISREAD)}


def misread_items(text: str, source: str, answered: Iterable[tuple[Target, Answer]]) -> set[str]:
    """The item paths among ``answered`` (a draft's targets with their answers, proposed one by
    one) whose rewrites would change how the draft ``text`` is read, as ``rewrite_draft`` would
    leave them: for proposals shown, not applied (``coach batch --rewrite``)."""
    draft = parse_text(text, source)
    return _placed_and_read(text, source, draft, [_change(t, a) for t, a in answered]).misread


class _PlacedAndRead(NamedTuple):
    changes: list[Change]
    """The changes, those that could not be placed marked so."""
    placed: list[TextEdit]
    """The edits placed, without those of ``misread``."""
    misread: set[str]
    """The item paths whose edits would change the outline (``_keeping_the_outline``)."""
    new_text: str
    reread: Draft
    """``new_text`` as the coach reads it."""


def _placed_and_read(text: str, source: str, draft: Draft, changes: list[Change]) -> _PlacedAndRead:
    """``changes`` placed in ``text`` and the result read again: what ``rewrite_draft`` writes,
    and what ``item_changes`` and ``misread_items`` show without writing it."""
    edits = [Edit(c.path, c.before, c.after) for c in changes if c.after and c.after != c.before]
    placed, skipped = place_edits(text, draft, edits, guess_format(source, text))
    changes = _mark_skipped(changes, {e.path for e in skipped})
    new_text = apply_text_edits(text, placed)
    reread = parse_text(new_text, source)
    misread: set[str] = set()
    if _outline(reread) != _outline(draft):
        placed, misread = _keeping_the_outline(text, source, draft, placed)
        new_text = apply_text_edits(text, placed)
        reread = parse_text(new_text, source)
    return _PlacedAndRead(changes, placed, misread, new_text, reread)


def _answer_all(
    draft: Draft,
    targets: Sequence[Target],
    chain: Sequence[Proposer],
    settings: Settings,
    progress: Callable[[int, int, int], None] | None,
) -> dict[str, Answer]:
    """Every target's answer, by item path, in order: each key result is judged against the
    metrics of the others as rewritten so far."""
    answers: dict[tuple, Answer] = {}
    chosen: dict[str, Answer] = {}
    metrics_now = MetricsInUse(draft, settings)  # what every key result measures as it stands
    for done, target in enumerate(targets):
        if progress is not None:
            progress(done, len(targets), target.line)
        request = target.request
        if request.kind == "key_result":
            request = replace(request, taken_metrics=metrics_now.taken_by_others(target.path))
        if target.dedupe_key not in answers:  # an item is sent once, however often it appears
            answers[target.dedupe_key] = answer = propose_one(request, chain, settings)
        else:  # a copy's answer was judged beside other key results than this copy's
            answer = answers[target.dedupe_key]
            if answer.proposal is not None and sibling_problems(answer.proposal, request, settings):
                answer = Answer(None, "unchanged", f"{REPEATS}{answer.proposal.text.strip()}")
        chosen[target.path] = answer
        if answer.proposal is not None and request.kind == "key_result":
            metrics_now.rewrite(target.path, answer.proposal.text.strip())
    if progress is not None:
        progress(len(targets), len(targets), 0)
    return chosen


class MetricsInUse:
    """The duplicate-metric key of every key result of the draft as it stands, kept up to date
    as rewrites are accepted, so each item is judged against the others in constant time."""

    def __init__(self, draft: Draft, settings: Settings):
        self.vocabulary = load_vocabulary(settings.vocabulary)
        self.keys: dict[str, str] = {}
        self.count: dict[str, int] = {}
        for i, objective in enumerate(draft.objectives):
            for j, kr in enumerate(objective.key_results):
                metric = kr.analysis.metric if kr.analysis else None
                self._set(item_path(i, j), metric)

    def _set(self, path: str, metric: str | None) -> None:
        old = self.keys.pop(path, None)
        if old is not None:
            self.count[old] -= 1
        key = metric_key(metric, self.vocabulary) if metric else ""
        if key:
            self.keys[path] = key
            self.count[key] = self.count.get(key, 0) + 1

    def rewrite(self, path: str, text: str) -> None:
        self._set(path, analyse_key_result(text, self.vocabulary).metric)

    def taken_by_others(self, path: str) -> frozenset[str]:
        own = self.keys.get(path)
        return frozenset(k for k, n in self.count.items() if n - (k == own) > 0)


NOT_ASKED = "not asked: "
OWN_WORDS = "measured by its own words, not a lexicon entry: check the metric fits"
REPEATS = "its rewrite would repeat what another key result of the draft measures: "


def _stopped_notice(rewriter: Rewriter, answers: Iterable[Answer]) -> list[str]:
    """One line per reason the model was stopped for the run, with how many items it spared."""
    reasons: dict[str, int] = {}
    for answer in answers:
        if answer.stopped:
            reasons[answer.stopped] = reasons.get(answer.stopped, 0) + 1
    return [
        f"{rewriter.name} was stopped for this run ({why}): the {count} item"
        f"{'' if count == 1 else 's'} left went to the offline rewriter without asking it"
        for why, count in reasons.items()
    ]


def _change(target: Target, answer: Answer) -> Change:
    request = target.request
    proposal, note = answer.proposal, answer.note
    after = proposal.text.strip() if proposal else None
    if target.measures and isinstance(proposal, KeyResultProposal):
        after, stated = leave_to_columns(proposal, target.measures)
        after, note = after.strip(), "; ".join(n for n in (note, stated) if n)
    return Change(
        path=target.path,
        kind=request.kind,
        line=target.line,
        before=request.text,
        after=after,
        rules=tuple(f.rule_id for f in request.findings),
        origin=answer.origin,
        note=note,
        # the statement's numbers: the item's markup around it ("[Issue 38…](…)") is its own
        numbers=trace_numbers(statement_of(after, request.text), request) if after else (),
    )


def _outline(draft: Draft) -> tuple[int, ...]:
    """How the draft is read: its objectives and how many key results each has."""
    return tuple(len(objective.key_results) for objective in draft.objectives)


MISREAD = "its rewrite would change which lines the coach reads as objectives and key results; left as it was"


def _keeping_the_outline(
    text: str, source: str, draft: Draft, placed: list[TextEdit]
) -> tuple[list[TextEdit], set[str]]:
    """(the edits to keep, the items whose edits are dropped) when the rewritten draft would be
    read with other objectives or key results than the original: an item's wording can decide
    how its neighbours are read (an objective heading "Hiring" over "- Hiring: …" items is their
    area; "Make hiring effortless for every candidate" over them is a parent of objectives
    labelled "Hiring"), and a rewrite must not turn key results into objectives or notes. Each
    item whose edits alone change the outline is dropped; if the rest together still do, all are."""
    want = _outline(draft)
    paths = list(dict.fromkeys(e.path for e in placed))
    misread = {
        path
        for path in paths
        if _outline(
            parse_text(apply_text_edits(text, [e for e in placed if e.path == path]), source)
        )
        != want
    }
    kept = [e for e in placed if e.path not in misread]
    if misread and _outline(parse_text(apply_text_edits(text, kept), source)) != want:
        misread, kept = set(paths), []
    return kept, misread


def _mark_skipped(
    changes: list[Change],
    skipped: set[str],
    note: str = "could not be placed in the source text unchanged; left as it was",
) -> list[Change]:
    return [
        Change(c.path, c.kind, c.line, c.before, None, c.rules, "unchanged", note)
        if c.path in skipped
        else c
        for c in changes
    ]
