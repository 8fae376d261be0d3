"""A `coach serve` worker checks a small draft and freezes its heap before serving, collects the
young generations after requests and the oldest one when it is idle (``coach.api.collector``)."""

from __future__ import annotations

import gc
import json

import pytest

pytest.importorskip("fastapi")


def _worker_app():
    """``app_from_environment()``, as a worker makes it, with the collector's state put back
    after: (the app, whether it froze the heap, the thresholds it left)."""
    from coach.api import app as api

    thresholds = gc.get_threshold()
    gc.unfreeze()
    try:
        app = api.app_from_environment()
        return app, gc.get_freeze_count() > 0, gc.get_threshold()
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


def test_the_worker_is_warm_and_its_heap_frozen_before_the_first_request(monkeypatch):
    from coach.api import app as api

    checked = []
    check = api._check
    monkeypatch.setattr(
        api, "_check", lambda config, body: checked.append(body) or check(config, body)
    )
    monkeypatch.delenv("COACH_SERVE_OPTIONS", raising=False)
    before = gc.get_threshold()
    app, frozen, thresholds = _worker_app()
    assert frozen
    assert thresholds[:2] == before[:2]  # CPython's own thresholds for the young generations
    assert thresholds[2] >= 2**31 - 1  # no full collection of CPython's: the worker runs them
    assert [body.text for body in checked] == [api.WARM_UP_DRAFT]
    assert "/v1/check" in app.openapi()["paths"]


def test_a_server_whose_limits_refuse_the_warm_up_draft_still_starts(tmp_path, monkeypatch):

    config = tmp_path / "pyproject.toml"
    config.write_text("[tool.coach.limits]\nmax_file_bytes = 10\n", encoding="utf-8")
    monkeypatch.setenv("COACH_SERVE_OPTIONS", json.dumps({"config_file": str(config)}))
    app, _, _ = _worker_app()
    assert app.state.config.settings.limits.max_file_bytes == 10


def test_the_youngest_generation_is_collected_once_each_answer_is_sent(monkeypatch):
    """With the worker's threshold raised instead (before 2026-11-28), a warm worker's young
    generation grew to tens of thousands of cache entries between collections (the caches drop
    an old entry for each new one, so the count CPython starts a collection by hardly moved),
    and each collection paused it for 20-60 ms."""
    from starlette.testclient import TestClient

    from coach.api import app as api
    from coach.api import collector
    from coach.api.app import BodyLimit
    from coach.api.shortcut import Shortcut

    events: list[str] = []
    monkeypatch.setattr(
        collector.gc, "collect", lambda generation=2: events.append(f"gc{generation}")
    )
    monkeypatch.setattr(collector.gc, "get_count", lambda: (0, 0, 0))
    monkeypatch.delenv("COACH_SERVE_OPTIONS", raising=False)
    app, _, _ = _worker_app()

    async def sent(message: dict) -> None:
        if message["type"] == "http.response.body" and not message.get("more_body"):
            events.append("sent")

    outer = app.build_middleware_stack()  # Starlette's and FastAPI's own come first
    while not isinstance(outer, (collector.CollectAfterEachRequest, Shortcut, BodyLimit)):
        outer = outer.app
    assert isinstance(outer, collector.CollectAfterEachRequest)  # the last of ours to finish
    with TestClient(app) as client:
        events.clear()
        assert client.post("/v1/check", json={"text": api.WARM_UP_DRAFT}).status_code == 200
        assert client.get("/healthz").status_code == 200
        assert client.post("/v1/check", json={"text": ""}).status_code == 422
    assert events == ["gc0", "gc0", "gc0"]

    import asyncio

    async def one_request() -> None:
        scope = {"type": "http", "method": "GET", "path": "/healthz", "headers": [],
                 "query_string": b"", "http_version": "1.1", "scheme": "http",
                 "server": ("127.0.0.1", 8000), "client": ("127.0.0.1", 1), "root_path": ""}  # fmt: skip

        async def receive() -> dict:
            return {"type": "http.request", "body": b"", "more_body": False}

        await outer(scope, receive, sent)

    events.clear()
    asyncio.run(one_request())
    assert events == ["sent", "gc0"]  # the answer first, then the collection


class _Counts:
    """``gc.get_count`` and ``gc.collect`` for the collector, as CPython keeps the counts: a
    collection of a generation empties it and those below, and counts one towards the next."""

    def __init__(self, counts: tuple[int, int, int] = (0, 0, 0)):
        self.counts = list(counts)
        self.collected: list[int] = []

    def get_count(self) -> tuple[int, int, int]:
        return tuple(self.counts)

    def collect(self, generation: int = 2) -> int:
        self.collected.append(generation)
        for younger in range(generation + 1):
            self.counts[younger] = 0
        if generation < 2:
            self.counts[generation + 1] += 1
        return 0


def _collector(monkeypatch, counts: _Counts, idle: float = 1.0):
    from coach.api import collector

    monkeypatch.setattr(collector.gc, "get_count", counts.get_count)
    monkeypatch.setattr(collector.gc, "collect", counts.collect)
    monkeypatch.setattr(collector.gc, "get_threshold", lambda: (700, 10, 10))
    monkeypatch.setattr(collector, "IDLE_SECONDS", idle)
    return collector


def _requests(outer, count: int, pause: float = 0.0):
    """``count`` GET requests through ``outer`` one after another, ``pause`` seconds apart."""
    import asyncio

    async def run() -> None:
        for _ in range(count):
            scope = {"type": "http", "method": "GET", "path": "/healthz"}
            await outer(scope, None, None)
            await asyncio.sleep(pause)

    return run


def test_the_middle_generation_is_collected_each_time_its_count_passes_its_threshold(
    monkeypatch,
):
    """CPython collects the middle generation only in collections it starts itself, which a
    young generation emptied after every request almost never lets happen: its survivors piled
    up until one collection took them all (59.5 ms in a load run)."""
    import asyncio

    counts = _Counts()
    collector = _collector(monkeypatch, counts)

    async def app(scope, receive, send) -> None:
        counts.counts[0] += 5  # what the request left in the youngest generation

    asyncio.run(_requests(collector.CollectAfterEachRequest(app), 25)())
    assert counts.collected[:11] == [0] * 10 + [1]  # the tenth young one counted, then it
    assert counts.collected.count(1) == 2 and 2 not in counts.collected


def test_the_oldest_generation_is_collected_when_the_worker_is_idle_or_after_full_every(
    monkeypatch,
):
    """No full pass while requests keep coming (under ``FULL_EVERY``); one once the worker has
    had nothing in flight for ``IDLE_SECONDS``; one after ``FULL_EVERY`` middle collections
    even when it is never idle."""
    import asyncio

    counts = _Counts()
    collector = _collector(monkeypatch, counts, idle=0.05)

    async def app(scope, receive, send) -> None:
        counts.counts[0] += 5

    outer = collector.CollectAfterEachRequest(app)

    async def busy_then_idle() -> None:
        for _ in range(30):  # three middle collections: the oldest generation counts 3
            await outer({"type": "http"}, None, None)
            await asyncio.sleep(0.001)  # each request is followed by the next, well inside idle
        assert 2 not in counts.collected
        await asyncio.sleep(0.1)  # idle
        assert counts.collected[-1] == 2

    asyncio.run(busy_then_idle())
    counts.collected.clear()
    counts.counts = [0, 0, collector.FULL_EVERY]
    asyncio.run(_requests(outer, 1)())  # never idle long enough, but FULL_EVERY reached
    assert counts.collected == [0, 2]


def test_a_request_in_flight_puts_the_idle_collection_off(monkeypatch):
    """The idle timer fires while a request is in flight (another started after the timer was
    set): no full pass then; it comes once that request is done and the worker is idle again."""
    import asyncio

    counts = _Counts((0, 0, 1))
    collector = _collector(monkeypatch, counts, idle=0.05)
    release = None

    async def app(scope, receive, send) -> None:
        if scope.get("slow"):
            await release.wait()

    outer = collector.CollectAfterEachRequest(app)

    async def run() -> None:
        nonlocal release
        release = asyncio.Event()
        await outer({"type": "http"}, None, None)  # sets the idle timer
        slow = asyncio.ensure_future(outer({"type": "http", "slow": True}, None, None))
        await asyncio.sleep(0.1)  # the timer fires with the slow request in flight
        assert 2 not in counts.collected
        counts.counts[2] = 1
        release.set()
        await slow
        await asyncio.sleep(0.1)
        assert counts.collected[-1] == 2

    asyncio.run(run())
