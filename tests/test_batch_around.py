"""`coach batch` around the check: near-duplicates found while the drafts come in, the paths
listed once for the output checks and the batch."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from coach.batch import across
from coach.batch.drafts import KeyResultItem
from coach.batch.records import Place
from coach.service.batching import batch_check, list_inputs
from coach.service.checking import SettingsResolver, input_files

ORG = Path(__file__).parent / "fixtures" / "org"
TEAMS = str(ORG / "teams")
COMPANY = str(ORG / "company.md")

METRICS = ["weekly active users", "net promoter score", "churn", "trial conversion", "uptime"]


def _key_results(count: int, seed: int) -> list[KeyResultItem]:
    """Key results of many teams, with copies, changed numbers, changed and added words."""
    rng = random.Random(seed)
    found = []
    for n in range(count):
        metric = rng.choice(METRICS)
        start, end = rng.randint(1, 9) * 10, rng.randint(10, 19) * 10
        text = rng.choice(
            [
                f"Increase {metric} from {start} to {end}",
                f"Raise {metric} from {start} to {end} by end of Q3",
                f"Grow {metric} from {start}% to {end}% for enterprise customers",
                f"Ship the {metric} dashboard",
                f"Increase {metric}",
            ]
        )
        team = f"team-{rng.randint(1, 12)}"
        found.append(KeyResultItem(Place(team, f"{team}/q3.md", n + 1, text), metric, metric))
    return found


def _from_scratch(items, threshold=across.DUPLICATE_SIMILARITY):
    """The groups as ``_cluster`` finds them, scoring every block once all texts are in."""
    search = across.NearDuplicates()
    search.add(items)
    texts = list(search._places)
    found = []
    for members in across._cluster(texts, search._blocks, threshold):
        where = [p for i in members for p in search._places[texts[i]]]
        if len({p.team for p in where}) >= 2:
            found.append((tuple(where), across._lowest([texts[i] for i in members])))
    found.sort(key=lambda g: (-len({p.team for p in g[0]}), -g[1], g[0][0].path))
    return found


def _plain(groups):
    return [(g.places, g.similarity) for g in groups]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_duplicates_scored_as_they_come_are_those_scored_at_the_end(seed):
    items = _key_results(400, seed)
    search = across.NearDuplicates()
    for start in range(0, len(items), 37):  # in chunks, as a batch's workers send them
        search.add(items[start : start + 37])
    groups = search.groups()
    assert any(len(g.places) > 2 for g in groups)  # the set has groups worth comparing
    assert _plain(groups) == _from_scratch(items)


def test_another_threshold_scores_the_blocks_again():
    items = _key_results(300, 4)
    search = across.NearDuplicates()
    search.add(items)
    assert _plain(search.groups(70.0)) == _from_scratch(items, 70.0)
    assert _plain(search.groups(70.0)) != _plain(search.groups())


def test_a_block_past_the_limit_is_compared_in_sorted_windows_as_before(monkeypatch):
    monkeypatch.setattr(across, "BLOCK_LIMIT", 4)
    monkeypatch.setattr(across, "WINDOW", 2)
    items = _key_results(300, 5)
    search = across.NearDuplicates()
    search.add(items)
    assert search._neighbours is None  # scoring stopped when a block grew past the limit
    assert _plain(search.groups()) == _from_scratch(items)


def test_the_listing_names_the_inputs_input_files_names():
    paths = [TEAMS, str(ORG / "teams" / "*.md"), TEAMS, "-"]
    resolver = SettingsResolver(None, {})
    assert list_inputs(paths).inputs() == input_files(paths, resolver)
    assert len(list_inputs([TEAMS]).inputs()) > 3


def test_a_batch_given_its_listing_reports_as_one_that_lists_itself():
    listing = list_inputs([TEAMS, str(ORG / "nothing-*.md")])
    listed = batch_check([TEAMS, str(ORG / "nothing-*.md")], listing=listing, company=COMPANY)
    fresh = batch_check([TEAMS, str(ORG / "nothing-*.md")], company=COMPANY)
    assert listed == fresh
    assert any(r.error == "no file matches this pattern" for r in listed.rows)


def test_the_windowed_comparison_finds_fewer_pairs_on_that_set(monkeypatch):
    """The set above has blocks where the windows matter: scoring as they came would differ."""
    items = _key_results(300, 5)
    unlimited = _from_scratch(items)
    monkeypatch.setattr(across, "BLOCK_LIMIT", 4)
    monkeypatch.setattr(across, "WINDOW", 2)
    assert _from_scratch(items) != unlimited


def test_a_folder_is_listed_with_excludes_sidecars_and_links_as_spelled(tmp_path, monkeypatch):
    okrs = tmp_path / "okrs"
    for name in (
        "a.md",
        "alpha/q3.md",
        "alpha/q3.yaml",
        "alpha/other.yaml",
        "beta/c.YML",
        "beta/notes.txt",
        "old/o.md",
        "alpha/deep/x.markdown",
    ):
        (okrs / name).parent.mkdir(parents=True, exist_ok=True)
        (okrs / name).write_text("## Objective: Make users happy\n", encoding="utf-8")
    (okrs / "beta" / "link.md").symlink_to("../a.md")
    (okrs / "beta" / "broken.md").symlink_to("nowhere.md")
    (okrs / ".coach.toml").write_text('exclude = ["old"]\n', encoding="utf-8")
    expected = [
        "a.md",
        "alpha/other.yaml",
        "alpha/q3.md",
        "alpha/deep/x.markdown",
        "beta/link.md",
    ]  # q3.yaml is q3.md's sidecar; the include patterns' case is kept (c.YML is not a draft)
    monkeypatch.chdir(tmp_path)
    assert list_inputs(["okrs/"]).expanded["okrs/"].names == [f"okrs/{n}" for n in expected]
    monkeypatch.chdir(okrs)
    assert list_inputs(["."]).expanded["."].names == expected
