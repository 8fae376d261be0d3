"""``coach batch --rewrite``: every failing item of every draft through the rewrite layer, once.

Items are deduplicated by everything their prompt depends on (``RewriteRequest.cache_key``:
kind, text, objective, rules, metrics, the draft's other lines, quarter, team), so the same item
is never sent twice, whichever teams it appears in; the distinct ones are proposed with at most
``concurrency`` in flight. Each worker thread has its own chain of proposers (a rewriter holds
per-call state, and its usage and run budget are counted per thread and summed); the proposal
cache on disk is one for the whole run, as for ``coach rewrite``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from coach.batch.drafts import DraftSummary
from coach.batch.records import Place, RewriteStats, Rewritten
from coach.config import Settings
from coach.rewrite.engine import MISREAD, Answer, misread_items, propose_one
from coach.rewrite.providers import build_chain
from coach.rewrite.requests import Target

Progress = Callable[[int, int], None]


def _key(request) -> str:
    return json.dumps(request.cache_key(), sort_keys=True, ensure_ascii=False)


def rewrite_all(
    summaries: Sequence[DraftSummary],
    settings: Settings,
    *,
    concurrency: int = 4,
    use_cache: bool = True,
    rewriter_factory: Callable[[], object] | None = None,
    progress: Progress | None = None,
) -> tuple[tuple[Rewritten, ...], RewriteStats]:
    """Propose a rewrite for every rewrite target of ``summaries`` (built with ``--rewrite``);
    ``rewriter_factory`` makes each thread's rewriter in place of the settings' (a test
    double)."""
    items = [(s, t) for s in summaries for t in s.targets]
    distinct: dict[str, object] = {}
    for _, target in items:
        distinct.setdefault(_key(target.request), target.request)
    local = threading.local()
    chains: list[list] = []
    lock = threading.Lock()
    done = 0

    def propose(key: str):
        nonlocal done
        if not hasattr(local, "chain"):
            rewriter = rewriter_factory() if rewriter_factory is not None else None
            local.chain = build_chain(settings, rewriter, use_cache=use_cache)
            with lock:
                chains.append(local.chain)
        answer = propose_one(distinct[key], local.chain, settings)
        with lock:
            done += 1
            if progress is not None:
                progress(done, len(distinct))
        return key, answer

    answers: dict[str, Answer] = {}
    if distinct:
        with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
            answers = dict(pool.map(propose, list(distinct)))
    misread = _misread(summaries, answers, settings)
    rewritten = tuple(
        _rewritten(s, t, _as_left(answers[_key(t.request)], (s.row.path, t.path) in misread))
        for s, t in items
    )
    origins = [answer.origin for answer in answers.values()]
    usage = [chain[0].rewriter.usage for chain in chains]
    stats = RewriteStats(
        items=len(items),
        distinct=len(distinct),
        calls=sum(u.calls for u in usage),
        cached=sum(o.startswith("cache:") for o in origins),
        fallbacks=sum(o.endswith(" fallback") for o in origins),
        prompt_tokens=sum(u.prompt_tokens for u in usage),
        completion_tokens=sum(u.completion_tokens for u in usage),
    )
    return rewritten, stats


def _misread(
    summaries: Sequence[DraftSummary], answers: dict[str, Answer], settings: Settings
) -> set[tuple[str, str]]:
    """(draft path, item path) of each proposal that would change how its draft is read, as
    ``coach rewrite`` would leave it (``misread_items``); each draft with a proposal is read
    again for it. A draft that can no longer be read keeps its proposals."""
    from coach.errors import CoachError
    from coach.parsing.reading import read_source

    found: set[tuple[str, str]] = set()
    for summary in summaries:
        answered = [(t, answers[_key(t.request)]) for t in summary.targets]
        if not any(a.proposal is not None for _, a in answered):
            continue
        try:
            source, text = read_source(summary.row.path, settings.limits.max_file_bytes)
        except CoachError:
            continue
        found |= {(summary.row.path, p) for p in misread_items(text, source, answered)}
    return found


def _as_left(answer: Answer, misread: bool) -> Answer:
    return Answer(None, "unchanged", MISREAD) if misread else answer


def item_proposals(rewritten: Sequence[Rewritten]) -> dict[tuple[str, int], Rewritten]:
    """The proposals by (draft path, line), for the worst lines."""
    return {(r.place.path, r.place.line): r for r in rewritten}


def _rewritten(summary: DraftSummary, target: Target, answer: Answer) -> Rewritten:
    """One failing item of a team's draft with the answer its (deduplicated) request got."""
    return Rewritten(
        Place(summary.row.team, summary.row.path, target.line, target.request.text),
        tuple(f.rule_id for f in target.request.findings),
        answer.proposal.text.strip() if answer.proposal else None,
        answer.origin,
        answer.note,
    )
