"""ASGI middleware for a `coach serve` worker: the cyclic garbage collector's youngest generation
collected after every request, so that it never grows long enough to stop a worker for tens of
milliseconds.

CPython starts a young collection when the objects made since the last one, less the objects
freed, pass a threshold. A warm worker's per-text caches are full: every new draft's lines go in
and as many old ones are dropped, so the count hardly moves while the young generation fills up
with the new entries. With the worker's threshold at 20,000 (before 2026-11-28) it was collected
about once per thousand requests, holding some 40,000 objects by then: a 20-60 ms pause that
every request queued on the worker waited out (the slowest answers of a load run). Collected
after each request it holds that request's survivors alone (0.01-0.2 ms); the older generations
are left to CPython's own thresholds. Measured in benchmarks/README.md, "The collector after each
request".
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any


class CollectAfterEachRequest:
    """Run the app, then ``gc.collect(0)`` once an HTTP request is answered."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        try:
            await self.app(scope, receive, send)
        finally:
            if scope["type"] == "http":
                gc.collect(0)
