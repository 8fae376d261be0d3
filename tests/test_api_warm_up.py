"""A `coach serve` worker checks a small draft and freezes its heap before serving."""

from __future__ import annotations

import gc
import json

import pytest

pytest.importorskip("fastapi")


def test_the_worker_is_warm_and_its_heap_frozen_before_the_first_request(monkeypatch):
    from coach.api import app as api

    checked = []
    check = api._check
    monkeypatch.setattr(
        api, "_check", lambda config, body: checked.append(body) or check(config, body)
    )
    monkeypatch.delenv("COACH_SERVE_OPTIONS", raising=False)
    threshold = gc.get_threshold()
    gc.unfreeze()
    try:
        app = api.app_from_environment()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[0] == api.GC_YOUNG
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
    assert [body.text for body in checked] == [api.WARM_UP_DRAFT]
    assert "/v1/check" in app.openapi()["paths"]


def test_a_server_whose_limits_refuse_the_warm_up_draft_still_starts(tmp_path, monkeypatch):
    from coach.api import app as api

    config = tmp_path / "pyproject.toml"
    config.write_text("[tool.coach.limits]\nmax_file_bytes = 10\n", encoding="utf-8")
    monkeypatch.setenv("COACH_SERVE_OPTIONS", json.dumps({"config_file": str(config)}))
    threshold = gc.get_threshold()
    try:
        app = api.app_from_environment()
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
    assert app.state.config.settings.limits.max_file_bytes == 10
