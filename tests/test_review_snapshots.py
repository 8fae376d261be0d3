"""Snapshots of the main screens of `coach review` at 80x24 (pytest-textual-snapshot: the SVGs
are in tests/__snapshots__/; after an intended change of the screens, update them with
``pytest tests/test_review_snapshots.py --snapshot-update`` and look at the new ones).

The session is built from fixed items (tests/fixtures/review/: the draft, and the items with
their proposals as the offline rewriter made them when the snapshots were taken), so a better
offline rewriter does not change these pictures; only the screens do."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from coach.config import Settings
from coach.service.reviewing import ReviewSession, item_from_json

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "review"
SIZE = (80, 24)


def fixed_app(theme: str = "textual-dark"):
    from coach.review.app import ReviewApp

    items = json.loads((FIXTURES / "draft-items.json").read_text(encoding="utf-8"))

    def start() -> ReviewSession:
        text = Path("draft.md").read_text(encoding="utf-8")
        return ReviewSession("draft.md", text, [item_from_json(i) for i in items], Settings())

    return ReviewApp(start=start, theme=theme)


@pytest.fixture(autouse=True)
def folder(tmp_path, monkeypatch):
    shutil.copy(FIXTURES / "draft.md", tmp_path / "draft.md")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("COACH_CACHE_DIR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


def test_the_first_item(snap_compare):
    assert snap_compare(fixed_app(), terminal_size=SIZE)


def test_a_task_key_result_in_the_light_theme(snap_compare):
    assert snap_compare(fixed_app("textual-light"), press=["n"], terminal_size=SIZE)


def test_no_color(snap_compare, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(fixed_app(), press=["n", "n"], terminal_size=SIZE)


def test_a_refused_answer(snap_compare):
    keys = ["n", "n", "n", "n", "n", "a", "1", "2", "0", "enter"]
    assert snap_compare(fixed_app(), press=keys, terminal_size=SIZE)


def test_a_set_level_choice(snap_compare):
    assert snap_compare(fixed_app(), press=["n"] * 8, terminal_size=SIZE)


def test_the_summary(snap_compare):
    assert snap_compare(fixed_app(), press=["a", "s", "w"], terminal_size=SIZE)


def test_the_fixture_is_what_the_session_keeps():
    """The fixed items load as the state file's items do (the same shape)."""
    items = json.loads((FIXTURES / "draft-items.json").read_text(encoding="utf-8"))
    assert [item_from_json(i).line for i in items] == sorted(i["line"] for i in items)
