"""ASGI middleware for a `coach serve` worker: the garbage collector run after each request, as
``coach.service.collector`` schedules it (why: its docstring)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from coach.service.collector import Collector


class CollectAfterEachRequest:
    """Run the app; once an HTTP request is answered, collect as ``Collector`` says: the young
    generations, and the oldest after ``FULL_EVERY`` middle collections or once the worker has
    been idle for ``IDLE_SECONDS``."""

    def __init__(self, app: Any):
        self.app = app
        self.collector = Collector()

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.collector.started()
        try:
            await self.app(scope, receive, send)
        finally:
            self.collector.finished()
