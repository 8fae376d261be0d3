"""The cyclic garbage collector of a process that serves checks (a `coach serve` worker, `coach
lsp`): its generations collected where a pause costs no one, instead of where CPython's
thresholds fall.

CPython starts a young collection when the objects made since the last one, less the objects
freed, pass a threshold; a collection of one generation counts one towards the next, which is
collected in turn when that count passes its threshold; and the oldest generation (a full pass
over everything the worker holds that is not frozen) is collected when, besides, the objects
moved into it since the last full pass are a quarter of those it held after it. A warm server
holds full per-text caches (every new draft's lines go in, as many old ones are dropped), so
(measured in `coach serve` workers):

- **The young generation** hardly counts up (each new entry is balanced by a dropped one) while
  it fills with the new entries: with the threshold at 20,000 (before 2026-11-28) a collection
  came about once per thousand requests and paused the worker 20-60 ms. It is collected after
  every request: that request's survivors alone (0.01-0.2 ms).
- **The middle generation** is collected, by CPython, only in the collections CPython starts
  itself, which the young generation emptied after every request almost never lets happen:
  survivors piled up until one took them all (59.5 ms in one worker, 2026-11-29). It is
  collected when its count passes its threshold, as CPython would: about every tenth request.
- **The oldest generation** holds the caches: a full pass took 50-86 ms and found nothing (no
  check leaves cyclic garbage: 0 objects after 10,000 mixed drafts), and with drafts of a
  few hundred lines among the small ones CPython ran one every 550 requests or so (18 passes,
  a second of CPU in 10,000 requests). CPython's full passes are turned off (``take_over``);
  the server runs one when it has had no work in flight for ``IDLE_SECONDS`` (an editor pauses
  between keystrokes far longer), and, so that a server that is never idle still frees
  whatever cyclic garbage it has, after ``FULL_EVERY`` middle collections. `coach lsp` ran 7
  full passes of 15-23 ms in the 400 changes of `bench_lsp.py`, each in the way of a check.

Measured in benchmarks/README.md, "The collector after each request" and "The middle and the
oldest generation"; ``benchmarks/bench_collector.py`` replays a worker's work in one process.
"""

from __future__ import annotations

import asyncio
import gc

IDLE_SECONDS = 1.0
"""A server with no work in flight for this long collects its oldest generation."""
FULL_EVERY = 1_000
"""Middle-generation collections (one per some ten requests or checks) after which the oldest
generation is collected though work is in flight: one full pass per some 10,000 requests of a
worker that is never idle."""
_OUT_OF_REACH = 2**31 - 1


def take_over() -> None:
    """Turn off CPython's own full collections (the oldest generation's threshold out of
    reach); a ``Collector`` runs them. For a serving process only (a `coach serve` worker,
    `coach lsp`): the thresholds are the process's."""
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, _OUT_OF_REACH)


def collect_young() -> None:
    """``gc.collect(1)`` when the middle generation's count has passed its threshold (the
    young collections since it was last collected), else ``gc.collect(0)``."""
    gc.collect(1 if gc.get_count()[1] >= gc.get_threshold()[1] else 0)


class Collector:
    """When to collect, for one serving process: ``started()`` as a piece of work (a request, a
    check) begins, ``finished()`` as it ends. After each, the young generations; the oldest after
    ``FULL_EVERY`` middle collections, or once nothing has been in flight for ``IDLE_SECONDS``
    (only with a running event loop to wait on)."""

    def __init__(self) -> None:
        self.in_flight = 0
        self._idle: asyncio.TimerHandle | None = None

    def started(self) -> None:
        self.in_flight += 1

    def finished(self) -> None:
        self.in_flight -= 1
        collect_young()
        middle_collections = gc.get_count()[2]  # since the last full pass
        if middle_collections >= FULL_EVERY:
            gc.collect(2)
        elif self.in_flight == 0 and middle_collections:
            self._collect_when_idle()

    def _collect_when_idle(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no loop to wait on: FULL_EVERY alone
            return
        if self._idle is not None:
            self._idle.cancel()
        self._idle = loop.call_later(IDLE_SECONDS, self._if_idle)

    def _if_idle(self) -> None:
        self._idle = None
        if self.in_flight == 0 and gc.get_count()[2]:
            gc.collect(2)
