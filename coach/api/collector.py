"""The cyclic garbage collector of a `coach serve` worker: its generations collected where a
pause costs no one, instead of where CPython's thresholds fall.

CPython starts a young collection when the objects made since the last one, less the objects
freed, pass a threshold; a collection of one generation counts one towards the next, which is
collected in turn when that count passes its threshold; and the oldest generation (a full pass
over everything the worker holds that is not frozen) is collected when, besides, the objects
moved into it since the last full pass are a quarter of those it held after it. A warm worker
holds full per-text caches (every new draft's lines go in, as many old ones are dropped), so:

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
  the worker runs one when it has had no request in flight for ``IDLE_SECONDS`` (an editor
  pauses between keystrokes far longer), and, so that a worker that is never idle still frees
  whatever cyclic garbage it has, after ``FULL_EVERY`` middle collections.

Measured in benchmarks/README.md, "The collector after each request" and "The middle and the
oldest generation"; ``benchmarks/bench_collector.py`` replays a worker's work in one process.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from typing import Any

IDLE_SECONDS = 1.0
"""A worker with no request in flight for this long collects its oldest generation."""
FULL_EVERY = 1_000
"""Middle-generation collections (about ten requests each) after which the oldest generation
is collected though requests are in flight: one full pass per some 10,000 requests of a worker
that is never idle."""
_OUT_OF_REACH = 2**31 - 1


def take_over() -> None:
    """Turn off CPython's own full collections (the oldest generation's threshold out of
    reach); ``CollectAfterEachRequest`` runs them. For a worker process only: the thresholds
    are the process's."""
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, _OUT_OF_REACH)


def collect_young() -> None:
    """``gc.collect(1)`` when the middle generation's count has passed its threshold (the
    young collections since it was last collected), else ``gc.collect(0)``."""
    gc.collect(1 if gc.get_count()[1] >= gc.get_threshold()[1] else 0)


class CollectAfterEachRequest:
    """Run the app; once an HTTP request is answered collect the young generations, and the
    oldest one after ``FULL_EVERY`` middle collections or once the worker has been idle for
    ``IDLE_SECONDS``."""

    def __init__(self, app: Any):
        self.app = app
        self.in_flight = 0
        self._idle: asyncio.TimerHandle | None = None

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1
            collect_young()
            if gc.get_count()[2] >= FULL_EVERY:
                gc.collect(2)
            elif self.in_flight == 0 and gc.get_count()[2]:
                self._collect_when_idle()

    def _collect_when_idle(self) -> None:
        if self._idle is not None:
            self._idle.cancel()
        self._idle = asyncio.get_running_loop().call_later(IDLE_SECONDS, self._if_idle)

    def _if_idle(self) -> None:
        self._idle = None
        if self.in_flight == 0 and gc.get_count()[2]:
            gc.collect(2)
