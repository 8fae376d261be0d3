"""Snapshots of the main screens of `coach review` at 80x24 (pytest-textual-snapshot: the SVGs
are in tests/__snapshots__/; after an intended change of the screens, update them with
``pytest tests/test_review_snapshots.py --snapshot-update`` and look at the new ones)."""

from __future__ import annotations

import pytest
from test_review import new_app, workdir  # noqa: F401 (a fixture)

SIZE = (80, 24)


@pytest.fixture
def app(workdir):  # noqa: F811
    return new_app()


def test_the_first_item(app, snap_compare):
    assert snap_compare(app, terminal_size=SIZE)


def test_a_task_key_result_in_the_light_theme(workdir, snap_compare):  # noqa: F811
    assert snap_compare(new_app(theme="textual-light"), press=["n"], terminal_size=SIZE)


def test_no_color(workdir, snap_compare, monkeypatch):  # noqa: F811
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(new_app(), press=["n", "n"], terminal_size=SIZE)


def test_a_refused_answer(app, snap_compare):
    keys = ["n", "n", "n", "n", "n", "a", "1", "2", "0", "enter"]
    assert snap_compare(app, press=keys, terminal_size=SIZE)


def test_a_set_level_choice(app, snap_compare):
    assert snap_compare(app, press=["n"] * 8, terminal_size=SIZE)


def test_the_summary(app, snap_compare):
    assert snap_compare(app, press=["a", "s", "w"], terminal_size=SIZE)
