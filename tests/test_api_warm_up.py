"""A `coach serve` worker checks a small draft and freezes its heap before serving, collects the
young generations after requests and the oldest one when it is idle (``coach.api.collector``,
``coach.service.collector``)."""

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
    from coach.api.app import BodyLimit
    from coach.api.collector import CollectAfterEachRequest
    from coach.api.shortcut import Shortcut
    from coach.service import collector

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
    while not isinstance(outer, (CollectAfterEachRequest, Shortcut, BodyLimit)):
        outer = outer.app
    assert isinstance(outer, CollectAfterEachRequest)  # the last of ours to finish
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
