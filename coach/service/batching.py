"""The service layer, batch: every team's drafts at once (``coach batch``).

:func:`batch_check` finds the drafts (folders, globs and files, as ``coach check`` does, each
with its own settings), checks them — in worker processes for large sets — and adds what no
single-file check can see (``coach.batch``): near-duplicate key results across teams, metrics
claimed by several teams, teams over the objective limit, the rules broken most, the worst
lines with a proposed fix, alignment to a company draft, and with ``rewrite`` a proposal for
every failing item. The result is one :class:`~coach.batch.records.BatchReport`.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from coach.batch import across
from coach.batch.drafts import DraftSummary, summarise, team_from_path
from coach.batch.records import BatchReport, SkippedFile, TeamRow, WorstLine
from coach.errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK
from coach.service.checking import (
    STDIN,
    Expanded,
    SettingsResolver,
    expand_paths,
    glob_root,
    is_glob,
)

PARALLEL_THRESHOLD = 200
"""Below this many drafts a batch runs in this process: starting workers would cost more."""
CHUNK = 100
"""Drafts per task sent to a worker process (the last ``2 * CHUNK`` in quarter chunks)."""
WORST_LINES = 20
"""How many of the lowest-scoring lines the report keeps."""

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RewriteOptions:
    """What ``--rewrite`` needs: the model overrides, the metrics file, how many calls at once."""

    concurrency: int = 4
    metrics_path: str | None = None
    provider: str | None = None
    model: str | None = None
    base_url: str | None = None
    run_deadline: float | None = None
    cache: bool = True
    rewriter_factory: Any = None
    """Makes each worker thread's rewriter in place of the configured one (a test double)."""


@dataclass(frozen=True)
class Listing:
    """The files a batch's paths name, each path expanded once (a folder of 10,000 drafts
    takes about 0.2 s to list): what :func:`batch_check` checks, and the inputs a report
    written to a file must never overwrite (``coach.files.check_output``)."""

    expanded: Mapping[str, Expanded]  # by path as named; stdin ("-") is not listed

    @classmethod
    def of(cls, paths: Sequence[str], resolver: SettingsResolver) -> Listing:
        return cls({name: expand_paths([name], resolver) for name in paths if name != STDIN})

    def without(self, name: str | None) -> Listing:
        """The listing less the file ``name`` wherever a path found it (an earlier report)."""
        if name is None:
            return self
        return Listing(
            {
                path: replace(expanded, names=[n for n in expanded.names if n != name])
                for path, expanded in self.expanded.items()
            }
        )

    def found(self) -> list[str]:
        return list(dict.fromkeys(f for expanded in self.expanded.values() for f in expanded.names))

    def may_be(self, output: str) -> list[str]:
        """The files found that may be the file ``output`` names, for
        ``coach.service.checking.earlier_output`` to look at (it resolves each file's real
        path: about 0.3 s for 10,000), in order. None of them when ``output`` does not exist: a file
        that is not there is read as no earlier report, whichever name reaches it. Else those
        on its device and inode, and any that cannot be looked up (it decides those)."""
        try:
            info = os.stat(output)
        except FileNotFoundError:
            return []
        except OSError:
            return self.found()
        found = []
        for name in self.found():
            try:
                if not os.path.samestat(os.stat(name), info):
                    continue
            except OSError:
                pass
            found.append(name)
        return found

    def inputs(self) -> list[tuple[str, str]]:
        """``("an input", file)`` for every path and every file found under it, as
        ``coach.service.checking.input_files`` lists them."""
        return [("an input", name) for name in dict.fromkeys([*self.expanded, *self.found()])]


def list_inputs(
    paths: Sequence[str],
    config_file: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Listing:
    """The files ``paths`` name, listed once for the command's output checks and the batch."""
    return Listing.of(paths, SettingsResolver(config_file, overrides))


def batch_check(
    paths: Sequence[str],
    *,
    listing: Listing | None = None,
    company: str | None = None,
    config_file: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    workers: int | None = None,
    rewrite: RewriteOptions | None = None,
    progress: Progress | None = None,
    rewrite_progress: Progress | None = None,
    parallel_threshold: int = PARALLEL_THRESHOLD,
    meanwhile: Callable[[BatchReport], None] | None = None,
) -> BatchReport:
    """Check every draft ``paths`` name and find what spans them. ``listing``: the paths
    already listed (:func:`list_inputs`), not listed again. ``workers``: processes to
    check in (default: the CPU count; sets under ``parallel_threshold`` drafts run here).
    ``progress(done, total)`` hears of every draft checked; ``rewrite_progress`` of every
    distinct item proposed. ``meanwhile(report)`` is handed the report before its worst lines
    have their proposals, while the workers work them out (a renderer may write the rest of
    it); the report returned differs from it only in them. Unreadable files are rows with
    their error; files that hold no OKRs are listed as skipped; a bad company draft or
    configuration raises."""
    resolver = SettingsResolver(config_file, overrides)
    company_draft = _company_objectives(company, resolver) if company is not None else None
    if listing is None or not {p for p in paths if p != STDIN} <= listing.expanded.keys():
        listing = Listing.of(paths, resolver)  # not given, or given for other paths
    jobs, rows, skipped = _jobs(paths, listing, company)
    metrics = _metrics(rewrite, resolver, paths)
    rewrite_settings = _rewrite_settings(rewrite, resolver, paths) if rewrite else None
    workers = max(1, workers or os.cpu_count() or 1)
    used = workers if workers > 1 and len(jobs) >= parallel_threshold else 1
    # what summarise needs besides the draft: the objectives are listed only for alignment
    options = (metrics, company_draft is not None)
    gathered = across.AcrossDrafts(WORST_LINES)  # fed each chunk while the next are checked

    with _collector_paused(), _pool(used, config_file, overrides, options) as pool:
        results = _check_all(jobs, resolver, pool, options, progress, gathered.add)
        summaries: list[DraftSummary] = []
        for result in results:
            if isinstance(result, SkippedFile):
                skipped.append(result)
            else:
                summaries.append(result)
        checked = gathered.checked
        all_rows = [*rows, *(s.row for s in summaries)]
        company_records, unaligned = None, ()
        if company_draft is not None:
            from coach.batch.alignment import align

            company_records, unaligned = align(company_draft, checked)
        rewrites, stats = (), None
        if rewrite is not None:
            from coach.batch.rewriting import rewrite_all

            rewrites, stats = rewrite_all(
                checked,
                rewrite_settings,
                concurrency=rewrite.concurrency,
                use_cache=rewrite.cache,
                rewriter_factory=rewrite.rewriter_factory,
                progress=rewrite_progress,
            )
        worst = gathered.worst.lines()
        # the offline proposals for the worst lines run in a worker meanwhile
        offline = None if rewrites else _start_offline(worst, resolver, pool)
        # what is left for the main process, done while the workers work out the proposals
        duplicates = gathered.near.groups()
        shared = gathered.claims.shared()
        over, top_rules = across.over_limit(checked), across.rule_counts(checked)
        fail_on = resolver.for_path(_first(paths)).fail_on
        report = BatchReport(
            rows=tuple(all_rows),
            skipped=tuple(skipped),
            duplicates=duplicates,
            shared_metrics=shared,
            over_limit=over,
            top_rules=top_rules,
            worst_lines=tuple(line for _, line in worst),
            company=company_records,
            company_path=company,
            rewrite=stats,
            fail_on=fail_on.value if fail_on is not None else "never",
            exit_code=_exit_code(all_rows),
            unaligned=unaligned,
            rewrites=rewrites,
            thresholds=_thresholds(company is not None),
            workers=used,
        )
        if meanwhile is not None:
            # the drafts' summaries and the duplicates' search are done with: freed first, as
            # they were when the report was rendered after the batch (35 MB of peak memory)
            del results, summaries, checked, gathered
            meanwhile(report)
        return replace(report, worst_lines=_worst_lines(worst, rewrites, offline))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while the batch's records pile up: each of its
    passes walks every record kept so far (a million objects for 10,000 drafts), which took
    more of the main process's time than loading the records and finding duplicates did, and
    the batch makes no cyclic garbage for it to find (reference counting frees its drafts).
    When it ends, what it made is frozen out of the collector's reach (reference counting still
    frees it): else the first passes after it walk the whole report again, doubling the time
    the report takes to render."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _first(paths: Sequence[str]) -> str | None:
    return next((p for p in paths if p != STDIN), None)


def _jobs(
    paths: Sequence[str], listing: Listing, company: str | None
) -> tuple[list[tuple[str, str]], list[TeamRow], list[SkippedFile]]:
    """(path, team from the path) for every file the paths name, in order; the rows of
    patterns that match nothing; the company draft, when found among them, is skipped."""
    jobs, rows, skipped, seen = [], [], [], set()
    company_real = os.path.realpath(company) if company else None
    for name in paths:
        if name == STDIN:
            rows.append(TeamRow(team="-", path=STDIN, error="coach batch reads files, not stdin"))
            continue
        if Path(name).is_dir():
            root: str | None = name
        elif is_glob(name) and not os.path.lexists(name):
            root = glob_root(name)
        else:
            root = None
        expanded = listing.expanded[name]
        for error in expanded.errors:
            rows.append(TeamRow(team="", path=error.source, error=error.message))
        for found in expanded.names:
            if found in seen:
                continue
            seen.add(found)
            if company_real and os.path.realpath(found) == company_real:
                skipped.append(SkippedFile(found, "the company draft (--company)"))
                continue
            jobs.append((found, team_from_path(found, root)))
    return jobs, rows, skipped


# ---- checking, here or in worker processes ---------------------------------------------------

_WORKER: dict[str, Any] = {}


def _start_worker(config_file, overrides, options) -> None:
    # forked while the main process has the collector paused; what it was forked with (modules,
    # rubric) is never garbage, and a collection every 700 allocations walked the check's
    # growing caches: about 0.4 ms of a draft's 2.1-2.5 ms
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
    gc.enable()
    _WORKER["resolver"] = SettingsResolver(config_file, overrides)
    _WORKER["options"] = options


def _check_chunk(chunk: list[tuple[str, str]]) -> list:
    resolver, options = _WORKER["resolver"], _WORKER["options"]
    done = [summarise(path, team, resolver.for_path(path), *options) for path, team in chunk]
    return across.keep_worst(done, WORST_LINES)  # the rest is never shown: not sent back


@contextmanager
def _pool(workers: int, config_file, overrides, options) -> Iterator[ProcessPoolExecutor | None]:
    """``workers`` worker processes, or none for one: the batch's drafts are checked in them,
    then the worst lines' offline proposals are worked out there. Once the work is done they
    are not waited for: they end (each frees a check's caches) while the report is rendered,
    and the interpreter joins them before it exits."""
    if workers == 1:
        yield None
        return
    pool = ProcessPoolExecutor(
        max_workers=workers,
        initializer=_start_worker,
        initargs=(config_file, dict(overrides or {}), options),
    )
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=False)


def _check_all(jobs, resolver, pool, options, progress, arrived: Callable[[list], None]) -> list:
    """A result per job, in job order, whether checked here or in the ``pool``'s processes;
    ``arrived`` hears of them as they come, in order."""
    total = len(jobs)
    results: list = []
    if pool is None:
        for path, team in jobs:
            results.append(summarise(path, team, resolver.for_path(path), *options))
            if len(results) % CHUNK == 0 or len(results) == total:  # heard of as chunks too
                arrived(results[-(len(results) % CHUNK or CHUNK) :])
            if progress is not None:
                progress(len(results), total)
        return results
    chunks = _chunks(jobs, CHUNK)
    for done in pool.map(_check_chunk, chunks):
        results.extend(done)
        arrived(done)
        if progress is not None:
            progress(len(results), total)
    return results


def _chunks(jobs: list, size: int) -> list[list]:
    """``jobs`` in chunks of ``size``, the last ``2 * size`` jobs in chunks of a quarter of
    it: a worker that runs out of chunks waits for the others to finish theirs, and the
    last result is what the report waits for."""
    tail = max(len(jobs) - 2 * size, 0)
    starts = [*range(0, tail, size), *range(tail, len(jobs), max(size // 4, 1))]
    return [jobs[a:b] for a, b in zip(starts, [*starts[1:], len(jobs)][: len(starts)], strict=True)]


def _exit_code(rows: Sequence[TeamRow]) -> int:
    """As for ``coach check`` on all the files: 2 if a file could not be read (or none was
    checked), else 1 if any team's draft has a finding at or above its ``fail_on``, else 0."""
    if not rows or any(r.error is not None for r in rows):
        return EXIT_INPUT
    return EXIT_FINDINGS if any(r.exit_code == EXIT_FINDINGS for r in rows) else EXIT_OK


def _thresholds(with_company: bool) -> dict[str, float]:
    found = {"duplicate_similarity": across.DUPLICATE_SIMILARITY}
    if with_company:
        from coach.batch.alignment import PARENT_SIMILARITY, WORDING_SIMILARITY

        found |= {"parent_similarity": PARENT_SIMILARITY, "wording_similarity": WORDING_SIMILARITY}
    return found


# ---- company alignment, worst lines, rewriting ----------------------------------------------


def _company_objectives(company: str, resolver: SettingsResolver):
    """The company draft's objectives, read before any team's (an InputError: exit 2)."""
    from coach.batch.alignment import company_objectives
    from coach.parsing import load_draft

    settings = resolver.for_path(company)
    return company_objectives(load_draft(company, settings.limits.max_file_bytes))


def _worst_lines(
    worst: list[tuple[str, WorstLine]], rewrites: Sequence, offline: Callable[[], dict] | None
) -> tuple[WorstLine, ...]:
    """The worst lines, each with a proposal: ``--rewrite``'s when it ran, else the offline
    rewriter's for the drafts they are in (``offline()``: by draft and item path), labelled
    by origin."""

    if rewrites:
        from coach.batch.rewriting import item_proposals

        found = item_proposals(rewrites)
        return tuple(
            replace(line, proposal=r.proposal, proposal_source=r.origin)
            if (r := found.get((line.place.path, line.place.line))) and r.proposal
            else line
            for _, line in worst
        )
    proposals = offline() if offline is not None else {}
    return tuple(
        replace(line, proposal=change[0], proposal_source=change[1])
        if (change := proposals.get((line.place.path, path))) and change[0]
        else line
        for path, line in worst
    )


def _start_offline(
    worst: list[tuple[str, WorstLine]], resolver: SettingsResolver, pool
) -> Callable[[], dict]:
    """Start working out the offline rewriter's changes for the ``worst`` lines (item path,
    line) — in one of the ``pool``'s workers when there is one — and return what waits for
    them: each line's change, by (draft, item path)."""
    items: dict[str, set[str]] = {}
    for path, line in worst:
        items.setdefault(line.place.path, set()).add(path)
    ordered = sorted((draft, sorted(paths)) for draft, paths in items.items())
    if pool is None:
        return lambda: _offline_proposals(ordered, resolver)
    # one worker: the rewriter's start in a process (its modules, the English word list:
    # about 0.3-0.4 s) is most of the work, the 20 drafts' proposals about 7 ms each; the
    # main process meanwhile groups the duplicates and writes the report (about 0.7-0.8 s of
    # CPU, what the tail waits for), and a second worker proposing beside them would pay the
    # start again on the two cores the three processes then share
    waiting = pool.submit(_offline_in_worker, ordered) if ordered else None
    return lambda: {} if waiting is None else waiting.result()


def _offline_in_worker(drafts: list[tuple[str, list[str]]]) -> dict[tuple[str, str], tuple]:
    return _offline_proposals(drafts, _WORKER["resolver"])


def _offline_proposals(
    drafts: list[tuple[str, list[str]]], resolver: SettingsResolver
) -> dict[tuple[str, str], tuple[str | None, str]]:
    """The offline rewriter's change for each (draft, its item paths), by (draft, item path),
    as (the text after it, its origin): all the report shows, and two strings cross from a
    worker without the main process importing the rewriter's records to unpickle them (about
    60 ms). Only what those items need is proposed (``rewrite_items``), not the whole
    draft's rewrite. A draft it cannot rewrite gives none (its lines keep no proposal)."""
    from coach.errors import CoachError
    from coach.service.rewriting import rewrite_items, rewrite_request_for_file

    found = {}
    for path, items in drafts:
        try:
            request = rewrite_request_for_file(path, resolver.for_path(path), provider="offline")
            changes = rewrite_items(request, items)
        except CoachError:
            continue
        for item, change in changes.items():
            found[(path, item)] = (change.after, change.origin)
    return found


def _rewrite_settings(options: RewriteOptions, resolver: SettingsResolver, paths):
    """The settings of the first path with the model flags applied (one model for the run),
    checked before any draft is: an unknown provider is a ConfigError (exit 3), a model that
    cannot be used at all (no key for a hosted endpoint, no model extras) a ModelError (4)."""
    from coach.rewrite.providers import build_chain
    from coach.service.rewriting import RewriteRequest

    request = RewriteRequest(
        text="",
        settings=resolver.for_path(_first(paths)),
        provider=options.provider,
        model=options.model,
        base_url=options.base_url,
        run_deadline=options.run_deadline,
    )
    settings = request.resolved_settings()
    if options.rewriter_factory is None:
        build_chain(settings, use_cache=False)
    return settings


def _metrics(options: RewriteOptions | None, resolver: SettingsResolver, paths):
    """The metrics file's values (with ``--rewrite``), or None (no rewrite targets built)."""
    if options is None:
        return None
    from coach.rewrite.metrics import load_metrics

    limit = resolver.for_path(_first(paths)).limits.max_file_bytes
    return load_metrics(options.metrics_path, limit)
