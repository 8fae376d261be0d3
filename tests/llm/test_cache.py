"""The proposal cache: stable keys, atomic writes, and a miss (never an error) when broken."""

from __future__ import annotations

import json
from pathlib import Path

from coach.config import ModelSettings
from coach.llm.cache import ProposalCache, cache_key, default_cache_dir

from .conftest import GOOD


def test_the_cache_folder_comes_from_the_settings_then_xdg_then_home(tmp_path):
    assert default_cache_dir(ModelSettings(cache_dir=str(tmp_path))) == tmp_path
    xdg = {"XDG_CACHE_HOME": str(tmp_path / "xdg")}
    assert default_cache_dir(ModelSettings(), xdg) == tmp_path / "xdg" / "okr-coach"
    assert default_cache_dir(ModelSettings(), {}) == Path.home() / ".cache" / "okr-coach"


def test_no_cache_when_turned_off(tmp_path):
    assert ProposalCache.from_settings(ModelSettings(cache=False, cache_dir=str(tmp_path))) is None


def test_keys_are_stable_and_order_independent():
    assert cache_key(model="m", request={"a": 1, "b": 2}) == cache_key(
        request={"b": 2, "a": 1}, model="m"
    )
    assert cache_key(model="m", prompt_version="1") != cache_key(model="m", prompt_version="2")


def test_put_then_get_leaves_no_temporary_file(tmp_path):
    cache = ProposalCache(tmp_path / "c")
    assert cache.put("k", GOOD) is True
    assert cache.get("k") == GOOD
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == ["k.json"]


def test_a_corrupt_or_foreign_entry_is_a_miss(tmp_path):
    cache = ProposalCache(tmp_path)
    (tmp_path / "bad.json").write_text("{not json")
    (tmp_path / "old.json").write_text(json.dumps({"format": 0, "proposal": GOOD}))
    assert cache.get("bad") is None and cache.get("old") is None and cache.get("none") is None


def test_an_unwritable_target_is_not_an_error(tmp_path):
    cache = ProposalCache(tmp_path)
    cache.path("k").mkdir()  # os.replace cannot put a file over a folder
    assert cache.put("k", GOOD) is False
    assert [p.name for p in tmp_path.iterdir()] == ["k.json"]
