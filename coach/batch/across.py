"""What no single-file check can see: findings across every team's draft.

Near-duplicate key results are found with rapidfuzz on normalised text (lower case, punctuation
gone: ``rapidfuzz.utils.default_process``). Comparing every key result with every other would be
quadratic, so candidates are blocked: identical normalised texts are one entry, and each distinct
text is compared only with those whose content words are the same but for at most one each
(a deletion neighbourhood: ``_block_keys``). Two key results that differ in two content words
are not compared — at a 90% similarity they are rarely the same key result anyway.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import combinations

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from coach.batch.drafts import DraftSummary, KeyResultItem, LowItem
from coach.batch.records import (
    DuplicateGroup,
    OverLimit,
    Place,
    RuleCount,
    SharedMetric,
    WorstLine,
)

DUPLICATE_SIMILARITY = 90.0
"""``fuzz.token_sort_ratio`` (0-100) of the normalised texts at or above which two key results
are the same one."""
BLOCK_LIMIT = 1000
"""A block larger than this compares each text with its ``WINDOW`` neighbours in sorted order
only."""
WINDOW = 50
EXACT_GROUP_LIMIT = 30
"""Above this many distinct texts in a group, its similarity is the lowest to its first text
rather than the lowest of every pair."""
FILLER = frozenset(
    "a an the of to from by in on at for and or with our we is are be per each all every its "
    "increase increasing raise grow improve boost lift reduce decrease cut lower".split()
)
"""Words left out before comparing: articles and prepositions, and the verbs of direction
("Increase X from 4% to 6%" and "Raise X from 4% to 6%" are one key result)."""
STOP_WORDS = FILLER | frozenset("end q1 q2 q3 q4 quarter week".split())
"""Words left out of the blocking keys too: deadline words, which a copy may change."""


def normalise(text: str) -> str:
    """Lower case, punctuation gone (``rapidfuzz.utils.default_process``), filler words out."""
    return " ".join(w for w in default_process(text).split() if w not in FILLER)


def duplicate_groups(
    key_results: Iterable[KeyResultItem], threshold: float = DUPLICATE_SIMILARITY
) -> tuple[DuplicateGroup, ...]:
    """Groups of the same or nearly the same key result written by more than one team, each
    with its lowest pairwise similarity; a group's members are all at or above ``threshold``
    to its first text (so a chain of small differences never joins unrelated key results)."""
    search = NearDuplicates(threshold)
    search.add(key_results)
    return search.groups()


class NearDuplicates:
    """:func:`duplicate_groups` in two steps: key results are added as their drafts come in
    (each wording normalised once, each distinct text put in its blocks), and grouped once all
    are in. A batch adds each chunk's while the workers check the next ones, and groups them
    while the workers work out the worst lines' proposals. (Scoring each new text as it came
    in, against the texts before it in its blocks, cost a quarter more CPU than scoring each
    block's pairs at the end, on cores the check needs.)"""

    def __init__(self, threshold: float = DUPLICATE_SIMILARITY) -> None:
        self.threshold = threshold
        self._places: dict[str, list[Place]] = {}  # by normalised text, in order first seen
        self._normalised: dict[str, str] = {}  # key results repeat across teams
        self._blocks: dict[tuple[str, ...], list[int]] = defaultdict(list)
        self._in_blocks: list[list[list[int]]] = []  # each text's blocks' member lists

    def add(self, key_results: Iterable[KeyResultItem]) -> None:
        places, normalised, blocks = self._places, self._normalised, self._blocks
        in_blocks = self._in_blocks
        for item in key_results:
            raw = item.place.text
            text = normalised.get(raw)
            if text is None:
                text = normalised[raw] = normalise(raw)
            if not text:
                continue
            where = places.get(text)
            if where is None:
                index = len(places)
                where = places[text] = []
                mine = []
                for key in _block_keys(text):
                    members = blocks[key]
                    members.append(index)
                    mine.append(members)
                in_blocks.append(mine)
            where.append(item.place)

    def groups(self) -> tuple[DuplicateGroup, ...]:
        places = self._places
        texts = list(places)
        found = []
        for members in self._clusters(texts):
            if len(members) == 1:
                where = places[texts[members[0]]]
                if len(where) < 2:  # one key result, no near one: no group (most texts)
                    continue
            else:
                where = [p for i in members for p in places[texts[i]]]
            if len({p.team for p in where}) < 2:
                continue
            found.append(DuplicateGroup(tuple(where), _lowest([texts[i] for i in members])))
        found.sort(
            key=lambda g: (-len({p.team for p in g.places}), -g.similarity, g.places[0].path)
        )
        return tuple(found)

    def _clusters(self, texts: Sequence[str]) -> Iterator[list[int]]:
        """The texts' indices grouped: each index not yet placed, in order, leads a group of
        the texts not yet placed at or above the threshold to it among those sharing a block
        with it (in a block over ``BLOCK_LIMIT`` texts, among its ``WINDOW`` nearest:
        :func:`_windowed`). A text already placed never leads a group, so only each leader is
        scored, against the texts not yet placed that share a block with it
        (one ``process.extract``). Scoring every pair of every block first found each of
        some 300,000 near pairs twice over (a set entry for each side) on 10,000 drafts,
        for groups that read a tenth of them.

        ``fuzz.token_sort_ratio`` is ``fuzz.ratio`` of the texts with their words sorted, so
        the words are sorted once per text; the ratio is symmetric, so a pair scores the same
        from either side."""
        threshold = self.threshold
        keyed = [" ".join(sorted(text.split())) for text in texts]
        windowed = _windowed_neighbours(texts, keyed, self._blocks, threshold)
        placed = bytearray(len(texts))
        for i, in_blocks in enumerate(self._in_blocks):
            if placed[i]:
                continue
            placed[i] = 1
            candidates = {
                j
                for members in in_blocks
                if 1 < len(members) <= BLOCK_LIMIT
                for j in members
                if not placed[j]
            }
            near = set(windowed.get(i, ()))
            if candidates:
                ordered = list(candidates)
                near.update(
                    ordered[k]
                    for _, _, k in process.extract(
                        keyed[i],
                        [keyed[j] for j in ordered],
                        scorer=fuzz.ratio,
                        processor=None,
                        score_cutoff=threshold,
                        limit=None,
                    )
                )
            group = [i] + sorted(j for j in near if not placed[j])
            for j in group:
                placed[j] = 1
            yield group


def _windowed_neighbours(
    texts: Sequence[str],
    keyed: Sequence[str],
    blocks: dict[tuple[str, ...], list[int]],
    threshold: float,
) -> dict[int, set[int]]:
    """The neighbours the blocks over ``BLOCK_LIMIT`` texts give (:func:`_windowed`); a
    smaller block's pairs are scored as the groups are formed (``NearDuplicates._clusters``).
    ``keyed``: the texts, words sorted."""
    neighbours: dict[int, set[int]] = defaultdict(set)
    for members in {tuple(m) for m in blocks.values() if len(m) > BLOCK_LIMIT}:
        for a, b in _windowed(list(members), texts, keyed, threshold):
            neighbours[a].add(b)
            neighbours[b].add(a)
    return neighbours


def _windowed(
    members: list[int], texts: Sequence[str], keyed: Sequence[str], threshold: float
) -> Iterable[tuple[int, int]]:
    """The pairs at or above ``threshold`` of a block over ``BLOCK_LIMIT`` texts, each text
    compared with its ``WINDOW`` nearest in sorted order only (bounding the work on a
    pathological set); a smaller block's pairs are all compared (``NearDuplicates._clusters``).
    ``keyed``: the texts, words sorted."""
    ordered = sorted(members, key=texts.__getitem__)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 : i + 1 + WINDOW]:
            if fuzz.ratio(keyed[a], keyed[b], score_cutoff=threshold):
                yield a, b


def _block_keys(text: str) -> set[tuple[str, ...]]:
    """The blocks a text is compared in: its content words (no filler, no deadline words), as
    a set, and that set less any one word — so texts whose content words are the same but for
    one (a changed number, an added word) meet in a block."""
    words = sorted(set(text.split()) - STOP_WORDS) or sorted(set(text.split()))
    keys = {tuple(words)}
    if len(words) > 2:
        keys.update(combinations(words, len(words) - 1))
    return keys


def _lowest(texts: Sequence[str]) -> float:
    if len(texts) < 2:
        return 100.0
    rows = 1 if len(texts) > EXACT_GROUP_LIMIT else len(texts) - 1
    # each text scored against the later ones in one call, best first: its last is its lowest
    return float(
        min(
            process.extract(
                texts[i], texts[i + 1 :], scorer=fuzz.token_sort_ratio, processor=None, limit=None
            )[-1][1]
            for i in range(rows)
        )
    )


def shared_metrics(key_results: Iterable[KeyResultItem]) -> tuple[SharedMetric, ...]:
    """Metrics claimed by key results of more than one team, compared as rule OKR601
    (duplicate-metric) compares them within a draft: ``coach.rubric.functions.metric_key``,
    synonyms from rubrics/metric_synonyms.yaml resolved. Named by their most used wording (the
    longest on a tie: "net promoter score" rather than "nps")."""
    claims = MetricClaims()
    claims.add(key_results)
    return claims.shared()


class MetricClaims:
    """:func:`shared_metrics` as key results come in: each claim filed under its metric."""

    def __init__(self) -> None:
        self._by_key: dict[str, list[KeyResultItem]] = defaultdict(list)

    def add(self, key_results: Iterable[KeyResultItem]) -> None:
        by_key = self._by_key
        for item in key_results:
            if item.metric_key:
                by_key[item.metric_key].append(item)

    def shared(self) -> tuple[SharedMetric, ...]:
        shared = []
        for items in self._by_key.values():
            if len({i.place.team for i in items}) < 2:
                continue
            counts = Counter(i.metric.lower() for i in items if i.metric)
            wording = max(counts, key=lambda w: (counts[w], len(w), w))  # "NPS" names no more
            shared.append(SharedMetric(wording, tuple(i.place for i in items)))
        shared.sort(key=lambda s: (-len({p.team for p in s.places}), s.metric))
        return tuple(shared)


def over_limit(summaries: Iterable[DraftSummary]) -> tuple[OverLimit, ...]:
    return tuple(s.over_limit for s in summaries if s.over_limit is not None)


def rule_counts(summaries: Sequence[DraftSummary]) -> tuple[RuleCount, ...]:
    """Every rule broken, with its findings and how many teams break it; most findings first."""
    names = dict(n for s in summaries for n in s.rule_names)
    findings: Counter[str] = Counter()
    teams: dict[str, set[str]] = defaultdict(set)
    for s in summaries:
        for rule_id, count in s.row.rules.items():
            findings[rule_id] += count
            teams[rule_id].add(s.row.team)
    return tuple(
        RuleCount(rule_id, names.get(rule_id, ""), count, len(teams[rule_id]))
        for rule_id, count in sorted(findings.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def worst_lines(summaries: Iterable[DraftSummary], limit: int) -> list[tuple[str, WorstLine]]:
    """The ``limit`` lowest-scoring lines of all drafts, lowest first (on a tie, the line
    breaking more rules first), each with its item path (for the proposal added later)."""
    lowest = WorstLines(limit)
    lowest.add(summaries)
    return lowest.lines()


class WorstLines:
    """:func:`worst_lines` as drafts come in: the ``limit`` lowest items so far. The order is
    total but for equal places, and the sort stable, so the lowest of those kept and the next
    drafts' items are the lowest of all the drafts so far."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._items: list[LowItem] = []

    def add(self, summaries: Iterable[DraftSummary]) -> None:
        self._items = _lowest_items(
            [*self._items, *(i for s in summaries for i in s.low)], self.limit
        )

    def lines(self) -> list[tuple[str, WorstLine]]:
        return [(i.path, WorstLine(i.place, i.score, i.rules)) for i in self._items]

    def drafts(self) -> set[str]:
        """The drafts the lowest lines so far are in."""
        return {i.place.path for i in self._items}


def _lowest_items(items: Iterable[LowItem], limit: int) -> list[LowItem]:
    return sorted(items, key=lambda i: (i.score, -len(i.rules), i.place.path, i.place.line))[:limit]


def keep_worst(results: list, limit: int) -> list:
    """Checked drafts' summaries (and skipped files, kept as they are) with only the low items
    among the summaries' ``limit`` worst lines: all that :func:`worst_lines` can pick from
    them, whatever other drafts hold (the order is total, the sort stable). A worker sends a
    chunk's summaries so: about a fifth of the low items."""
    items = (i for s in results if isinstance(s, DraftSummary) for i in s.low)
    kept = {id(i) for i in _lowest_items(items, limit)}
    return [
        s
        if not isinstance(s, DraftSummary) or all(id(i) in kept for i in s.low)
        else replace(s, low=tuple(i for i in s.low if id(i) in kept))
        for s in results
    ]


class AcrossDrafts:
    """What spans the drafts, gathered as their summaries come in (in the order of the
    drafts): near-duplicate key results, metric claims and the lowest lines. A batch adds each
    chunk of results while the workers check the next chunks, leaving little to do after the
    last."""

    def __init__(self, worst: int) -> None:
        self.checked: list[DraftSummary] = []  # the drafts read and checked, in order
        self.near = NearDuplicates()
        self.claims = MetricClaims()
        self.worst = WorstLines(worst)

    def add(self, results: Iterable) -> None:
        """Some drafts' results: summaries (those of unreadable files are left out) and
        skipped files (ignored)."""
        checked = [s for s in results if isinstance(s, DraftSummary) and s.row.error is None]
        self.checked.extend(checked)
        key_results = [kr for s in checked for kr in s.key_results]
        self.near.add(key_results)
        self.claims.add(key_results)
        self.worst.add(checked)
