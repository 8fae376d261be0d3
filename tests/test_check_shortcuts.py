"""The per-draft check's shortcuts answer what the slow paths answer: the deadline patterns
picked by the needed words a text holds, and the pattern rules' set tests made before their
per-text cache."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.analysis import deadlines
from coach.rubric import kinds
from coach.rubric.vocabulary import ascii_words, load_vocabulary

VOCABULARY = load_vocabulary()
NEEDED = sorted(deadlines._NEEDED)
WORDS = [*NEEDED, "Q3", "Black", "Friday", "30", "days", "ship", "the", "beta", "NPS", "%"]
texts = st.one_of(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=10).map(" ".join),
    st.text(min_size=0, max_size=40),
)
SETTINGS = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _pattern_templates() -> list[tuple[str, str]]:
    """(kind, key) of every word list and regex the packaged pattern rules search."""
    from coach.config import Settings
    from coach.rubric import load_rubric

    found = set()
    for rule in load_rubric(Settings()).rules:
        if rule.kind != "pattern":
            continue
        _, lists, patterns, unless, unless_patterns = rule.params.lists
        found |= {("list", name) for name in (*lists, *unless)}
        found |= {("regex", template) for template in (*patterns, *unless_patterns)}
    return sorted(found)


SEARCHED = _pattern_templates()


@SETTINGS
@given(texts)
def test_the_deadline_patterns_kept_by_needed_words_are_those_the_texts_words_allow(text):
    words = ascii_words(text)
    expected = deadlines._DEADLINES if words is None else deadlines._gated_patterns(words)
    assert deadlines._patterns_for(text) == expected
    assert deadlines._patterns_for(text) == expected  # read back from the kept answer


@SETTINGS
@given(texts)
def test_the_deadline_patterns_left_out_cannot_match(text):
    kept = deadlines._patterns_for(text)
    for pattern in deadlines._DEADLINES:
        if pattern not in kept:
            assert pattern.search(text) is None


def test_the_pattern_rules_search_lists_and_regexes():
    kinds_seen = {kind for kind, _ in SEARCHED}
    assert kinds_seen == {"list", "regex"}


@SETTINGS
@given(texts, st.sampled_from(SEARCHED))
def test_a_pattern_rules_search_finds_what_the_uncached_search_finds(text, searched):
    kind, key = searched
    slow = kinds._found.__wrapped__(VOCABULARY, kind, key, text)  # the search, uncached
    whole = (
        VOCABULARY.pattern(key).whole.search(text)
        if kind == "list"
        else VOCABULARY.compile(key).search(text)
    )
    kinds._found.cache_clear()
    fast = kinds._search(VOCABULARY, kind, key, text)
    assert (fast and fast.span()) == (slow and slow.span())
    if kind == "list" and VOCABULARY.absent(key, text):
        assert whole is None  # what the set test answers without the regex
    if kind == "regex" and VOCABULARY.gated(key).rules_out(text):
        assert whole is None
    again = kinds._search(VOCABULARY, kind, key, text)  # from the cache, when it was searched
    assert (again and again.span()) == (fast and fast.span())


TASK_STARTS = [
    *VOCABULARY.words("activity_task_verbs")[:40],
    *VOCABULARY.words("task_verbs")[:40],
    *VOCABULARY.words("increase_verbs")[:20],
    *VOCABULARY.words("maintain_verbs")[:10],
    "Make",
    "make a",
    "MAKE the final",
    "Increase",
    "Fully",
]
task_texts = st.one_of(
    st.tuples(st.sampled_from(TASK_STARTS), st.lists(st.sampled_from(WORDS), max_size=6)).map(
        lambda parts: " ".join([parts[0], *parts[1]])
    ),
    texts,
)


def _task_verb_slowly(text: str):
    """OKR201's task verb as three separate matches, each list reading the text's first word."""
    from coach.rubric.functions import _MAKE_ACTIVITY

    activity = VOCABULARY.pattern("activity_task_verbs").match(text) or _MAKE_ACTIVITY.match(text)
    return activity or VOCABULARY.pattern("task_verbs").match(text), bool(activity)


@SETTINGS
@given(task_texts)
def test_okr201s_task_verb_read_from_the_first_word_once_is_the_three_matches(text):
    from coach.rubric.functions import _task_verb

    verb, activity = _task_verb(text, VOCABULARY)
    slow_verb, slow_activity = _task_verb_slowly(text)
    assert (verb and (verb.group(0), verb.span())) == (
        slow_verb and (slow_verb.group(0), slow_verb.span())
    )
    assert activity == slow_activity


def test_the_rubrics_plan_runs_each_active_rule_with_its_kind_or_its_function():
    from coach.config import Settings
    from coach.rubric import load_rubric
    from coach.rubric.functions import FUNCTIONS

    rubric = load_rubric(Settings(ignore=["OKR204"]))
    plan = rubric.plan
    assert [step[0].id for step in plan] == [rule.id for rule in rubric.active]
    assert "OKR204" not in [step[0].id for step in plan]
    for rule, applies_to, run, fix, skip_after in plan:
        assert applies_to == rule.applies_to
        assert fix == rule.fix.strip()
        assert skip_after == rubric.skippable.get(rule.id, ())
        if rule.kind == "function":
            assert run is FUNCTIONS[rule.params.function]
        else:
            assert run is kinds.KINDS[rule.kind]


def _span(m):
    return m and (m.group(0), m.span())


@SETTINGS
@given(task_texts)
def test_the_lists_kept_by_first_word_match_at_the_start_as_each_list_does(text):
    from coach.analysis.keyresult import _VERB_LISTS
    from coach.rubric.functions import _TASK_LISTS

    if not text.isascii():
        return  # at_start is for ASCII text
    for named in (_VERB_LISTS, _TASK_LISTS):
        for _ in range(2):  # worked out, then read back from the kept answer
            starts = VOCABULARY.at_start(named, text)
            order = [value for _, value in named]
            assert [v for v, _ in starts] == sorted((v for v, _ in starts), key=order.index)
            found = dict(starts)
            for name, value in named:
                expected = _span(VOCABULARY.pattern(name).match(text))
                assert _span(found[value].match(text) if value in found else None) == expected


def _gated_rules():
    from coach.config import Settings
    from coach.rubric import load_rubric

    rules = load_rubric(Settings()).active
    gates = kinds.pattern_gates(rules, VOCABULARY)
    return [(rule, gate) for rule, gate in zip(rules, gates, strict=True) if gate is not None]


GATED_RULES = _gated_rules()


def test_the_pattern_rules_gated_at_once_are_those_that_fire_only_on_a_match():
    gated = {rule.id for rule, _ in GATED_RULES}
    assert {"OKR204", "OKR404", "OKR407"} <= gated
    assert not gated & {"OKR103", "OKR202"}  # fires on no match; sets context aside first
    assert all(rule.kind == "pattern" for rule, _ in GATED_RULES)


rule_texts = st.one_of(
    texts,
    st.lists(
        st.sampled_from(
            [*WORDS, "as", "many", "possible", "and", "also", "grow", "quarterly", "survey",
             "Fully", "build", "we", "will", "launching", "lots", "several", "&", "Ünï"]
        ),
        min_size=1,
        max_size=10,
    ).map(" ".join),
)  # fmt: skip


@SETTINGS
@given(rule_texts, st.sampled_from(GATED_RULES))
def test_a_pattern_rule_its_gate_rules_out_finds_no_match(text, gated):
    from coach.config import Settings
    from coach.model import Draft
    from coach.rubric.context import ItemContext

    rule, gate = gated
    ctx = ItemContext(
        Draft(objectives=[]), Settings(), VOCABULARY, rule.applies_to, text, "p", None
    )
    if not kinds.may_fire(gate, text):
        assert kinds.pattern_kind(rule, ctx) == []
