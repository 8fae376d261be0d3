"""The literal gates: what a regex cannot match without, read off the regex, and the word-list
subsets of a list with a phrase that does not start with a word. Each answers as the regex it
stands in front of would."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.rubric import load_rubric
from coach.rubric.literals import best_literals, required_literals
from coach.rubric.vocabulary import load_vocabulary


def test_literals_are_read_from_runs_alternations_and_required_repeats():
    # "many|much" is parsed as "m" and then "any|uch": both hold in every match
    assert required_literals(r"\bas\s+(?:many|much)\s+as\s+possible\b", re.I) == (
        ("as",),
        ("m",),
        ("any", "uch"),
        ("as",),
        ("possible",),
    )
    assert required_literals(r"(?:Foo|bar)+x", re.I) == (("bar", "foo"), ("x",))
    assert required_literals(r"(?:Foo|bar)+x", 0) == (("Foo", "bar"), ("x",))
    assert required_literals(r"[-–]", 0) == ()  # a literal outside ASCII: no gate at all
    assert required_literals(r"[ab]c", 0) == (("a", "b"), ("c",))


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [
        (r"(?:abc)?d", (("d",),)),  # optional: only "d" is required
        (r"x{0,3}y", (("y",),)),
        (r"(?:a|\w+)z", (("z",),)),  # a branch needing nothing known: the alternation neither
        (r"\d+", ()),
        (r"(?-i:Ab)c", (("c",),)),  # scoped flags: not read
        (r"{increase_verbs} now", ((" now",),)),  # a word-list placeholder is unknown text
    ],
)
def test_only_what_every_match_needs_counts(pattern, needs):
    assert required_literals(pattern, re.I) == needs


def test_the_set_tested_is_the_rarest_short_one():
    assert best_literals((("a", "b"), ("possible",), ("as",))) == ("possible",)
    many = tuple(f"w{i}" for i in range(20))
    assert best_literals((many, ("x", "yy"))) == ("x", "yy")  # too many to test quickly
    assert best_literals((many,)) is None


RULE_TEMPLATES = sorted(
    {
        template
        for rule in load_rubric().rules
        if rule.kind == "pattern"
        for group in (rule.params.lists[0], rule.params.lists[2], rule.params.lists[4])
        for template in group
    }
)
WORDS = (
    "and & plus as well while also increase reduce keep many much few soon fast quickly possible "
    "quarterly annual yearly half-yearly end of the quarter year survey review audit check pulse "
    "share percentage rate % conversion that become , alongside goal for all every our users "
    "customers Veterans we will our team plan to improving launching is has Increase Ship ſ K "
    "İ x 5 - — the"
).split()
texts = st.one_of(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join),
    st.text(min_size=0, max_size=40),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from(RULE_TEMPLATES))
def test_a_gated_rule_pattern_searches_as_its_regex(text, template):
    vocabulary = load_vocabulary()
    gated, regex = vocabulary.gated(template), vocabulary.compile(template)
    if gated.needs and text.isascii() and not any(w in text.lower() for w in gated.needs):
        assert regex.search(text) is None  # what the gate answers without running it
    fast, slow = gated.search(text), regex.search(text)
    assert (fast and fast.span()) == (slow and slow.span())


def test_the_rule_patterns_have_gates():
    """Most of the rules' own regexes need one of a few literals (so most lines skip them)."""
    gated = [t for t in RULE_TEMPLATES if load_vocabulary().gated(t).needs]
    assert len(gated) >= len(RULE_TEMPLATES) - 2


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(["% of", "churn", "retention", "rate", "users", "50", "the", "NPS"]),
        min_size=1,
        max_size=8,
    ).map(" ".join)
)
def test_a_list_with_a_phrase_not_starting_with_a_word_searches_as_the_whole_list(text):
    pattern = load_vocabulary().pattern("outcome_terms")
    assert pattern.firsts is None  # "% of"
    fast, whole = pattern.search(text), pattern.whole.search(text)
    assert (fast and fast.span()) == (whole and whole.span())
