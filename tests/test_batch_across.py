"""What spans the drafts, gathered as chunks of results arrive (coach.batch.across): the same
findings as gathering all the drafts at once, whatever the chunks."""

from __future__ import annotations

from collections import defaultdict
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from coach.batch import across
from coach.batch.drafts import DraftSummary, KeyResultItem, LowItem
from coach.batch.records import Place, TeamRow

WORDS = ["churn", "revenue", "signups", "weekly", "users", "by", "q3", "10%"]
TEAMS = ["alpha", "beta", "gamma"]

texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join)
key_results = st.lists(
    st.tuples(st.sampled_from(TEAMS), texts, st.sampled_from([None, "churn", "nps", "revenue"])),
    max_size=60,
)
cuts = st.lists(st.integers(min_value=0, max_value=60), max_size=6)


def _items(drawn) -> list[KeyResultItem]:
    return [
        KeyResultItem(Place(team, f"{team}/{n}.md", n + 1, text), metric, metric)
        for n, (team, text, metric) in enumerate(drawn)
    ]


def _chunks(items: list, at: list[int]) -> list[list]:
    bounds = [0, *sorted(min(c, len(items)) for c in at), len(items)]
    return [items[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def _reference_neighbours(distinct: list[str], threshold: float) -> dict[int, set[int]]:
    """The neighbours as the specification states them, all texts at hand: every pair that
    shares a block of at most BLOCK_LIMIT texts and scores at or above ``threshold``, and the
    pairs the windows of larger blocks find."""
    blocks: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, text in enumerate(distinct):
        for key in across._block_keys(text):
            blocks[key].append(i)
    keyed = [" ".join(sorted(t.split())) for t in distinct]
    near: dict[int, set[int]] = defaultdict(set)
    for members in blocks.values():
        if len(members) > across.BLOCK_LIMIT:
            pairs = list(across._windowed(members, distinct, keyed, threshold))
        else:
            pairs = [
                (a, b)
                for n, a in enumerate(members)
                for b in members[n + 1 :]
                if fuzz.ratio(keyed[a], keyed[b]) >= threshold
            ]
        for a, b in pairs:
            near[a].add(b)
            near[b].add(a)
    return near


def _reference_cluster(count: int, neighbours: dict[int, set[int]]) -> list[list[int]]:
    """The indices ``range(count)`` grouped as the specification states it, every neighbour
    found first: each index not yet placed, in order, leads a group of its ``neighbours`` not
    yet placed."""
    placed: set[int] = set()
    groups = []
    for i in range(count):
        if i in placed:
            continue
        placed.add(i)
        group = [i] + sorted(n for n in neighbours.get(i, ()) if n not in placed)
        placed.update(group)
        groups.append(group)
    return groups


def _reference_groups(items: list[KeyResultItem], threshold: float) -> list[list[Place]]:
    places: dict[str, list[Place]] = {}
    for item in items:
        text = across.normalise(item.place.text)
        if text:
            places.setdefault(text, []).append(item.place)
    distinct = list(places)
    groups = _reference_cluster(len(distinct), _reference_neighbours(distinct, threshold))
    found = [[p for i in group for p in places[distinct[i]]] for group in groups]
    return [g for g in found if len({p.team for p in g}) > 1]


def _where(places: list[Place]) -> list[tuple[str, int]]:
    return [(p.path, p.line) for p in places]


@settings(max_examples=150, deadline=None)
@given(key_results, cuts, st.sampled_from([2, 3, 1000]), st.sampled_from([70.0, 90.0]))
def test_duplicates_found_chunk_by_chunk_are_those_of_all_the_texts_at_once(
    drawn, at, block_limit, threshold
):
    items = _items(drawn)
    with (
        mock.patch.object(across, "BLOCK_LIMIT", block_limit),
        mock.patch.object(across, "WINDOW", 2),
    ):
        search = across.NearDuplicates(threshold)
        for chunk in _chunks(items, at):
            search.add(chunk)
        groups = search.groups()
        expected = _reference_groups(items, threshold)
        at_once = across.duplicate_groups(items, threshold)
    assert sorted((list(g.places) for g in groups), key=_where) == sorted(expected, key=_where)
    assert groups == at_once


def test_a_block_outgrowing_the_limit_keeps_only_its_windows_pairs():
    """Five texts that share one block and no other: all pairs while it is small; past the
    limit only the pairs its window (sorted order, one text on each side) finds."""
    ends = ["alpha", "bravo", "charlie", "delta", "echo"]
    items = _items([(TEAMS[n % 3], f"weekly active users {w}", None) for n, w in enumerate(ends)])
    with mock.patch.object(across, "BLOCK_LIMIT", 4), mock.patch.object(across, "WINDOW", 1):
        search = across.NearDuplicates(50.0)
        search.add(items[:4])
        assert [len(g.places) for g in search.groups()] == [4]
        search.add(items[4:])
        distinct = list(search._places)
        near = _reference_neighbours(distinct, 50.0)
        groups = [list(g.places) for g in search.groups()]
    assert dict(near) == {0: {1}, 1: {0, 2}, 2: {1, 3}, 3: {2, 4}, 4: {3}}
    # 0 leads with its one neighbour, 2 with 3 (1 is placed), 4 alone (3 is placed): copies of
    # one text only, which is no group across teams
    assert [[p.text for p in g] for g in groups] == [
        [items[0].place.text, items[1].place.text],
        [items[2].place.text, items[3].place.text],
    ]


@settings(max_examples=100, deadline=None)
@given(key_results, cuts)
def test_metric_claims_chunk_by_chunk_are_the_shared_metrics_of_all_at_once(drawn, at):
    items = _items(drawn)
    claims = across.MetricClaims()
    for chunk in _chunks(items, at):
        claims.add(chunk)
    assert claims.shared() == across.shared_metrics(items)


def _summary(path: str, low: list[tuple[int, int, int]]) -> DraftSummary:
    """A checked draft whose low items are (line, score, rules broken)."""
    return DraftSummary(
        TeamRow(team=path, path=path, score=50),
        low=tuple(
            LowItem(
                Place(path, path, line, "x"), f"i{line}", score, tuple(f"R{r}" for r in range(n))
            )
            for line, score, n in low
        ),
    )


lows = st.lists(
    st.tuples(st.integers(1, 4), st.integers(0, 3), st.integers(0, 3)),
    max_size=5,
    unique_by=lambda t: t[0],
)


@settings(max_examples=150, deadline=None)
@given(st.lists(lows, max_size=12), cuts, st.integers(1, 6))
def test_the_worst_lines_kept_chunk_by_chunk_are_those_of_all_the_drafts(drafts, at, limit):
    summaries = [_summary(f"d{n}.md", low) for n, low in enumerate(drafts)]
    lowest = across.WorstLines(limit)
    for chunk in _chunks(summaries, at):
        lowest.add(across.keep_worst(chunk, limit))
    expected = across.worst_lines(summaries, limit)
    assert lowest.lines() == expected
    assert lowest.drafts() == {line.place.path for _, line in expected}


def test_across_drafts_leaves_out_unreadable_files_and_skipped_ones():
    from coach.batch.records import SkippedFile

    good = _summary("a.md", [(1, 0, 2)])
    broken = DraftSummary(TeamRow(team="b", path="b.md", error="not UTF-8"))
    gathered = across.AcrossDrafts(5)
    gathered.add([good, SkippedFile("README.md", "no OKRs"), broken])
    assert gathered.checked == [good]
    assert gathered.worst.drafts() == {"a.md"}
