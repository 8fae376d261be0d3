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


def test_a_kept_pattern_verdict_is_kept_for_its_word_lists_not_another_checks():
    """OKR102's verdict is kept per text (it matches at the start, which ``_found`` does not
    keep); a check whose settings add a word to its list judges the line afresh, and a check
    without the word afterwards does not reuse that verdict."""
    from coach import check, parse_text
    from coach.config import Settings

    text = "## Objective: Frobnicate the onboarding docs\n\n- Increase activation from 20% to 30%\n"
    extended = Settings(vocabulary={"activity_verbs": ["frobnicate"]})

    def fired(settings: Settings) -> bool:
        return "OKR102" in {f.rule_id for f in check(parse_text(text, "d.md"), settings).findings}

    assert [fired(Settings()), fired(extended), fired(Settings()), fired(extended)] == [
        False,
        True,
        False,
        True,
    ]
    assert kinds._kept_pattern_verdict.cache_info().hits >= 2
