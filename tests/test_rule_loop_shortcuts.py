"""The rule loop's shortcuts answer what the slow paths answer: the rubric's plan, OKR201's task
verb read from the first word once, ``Vocabulary.at_start``'s answers kept per first word, the
pattern rules gated once per item, a finding's message taken as written when it has no field,
and the metric rules' attribute sets shared by every item that has the same."""

from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.checker import _message
from coach.rubric import kinds, load_rubric
from coach.rubric.vocabulary import load_vocabulary

VOCABULARY = load_vocabulary()
WORDS = ["Q3", "Black", "Friday", "30", "days", "ship", "the", "beta", "NPS", "%", "by", "end",
         "of", "quarter", "from", "to", "weekly", "users", "in", "2024"]  # fmt: skip
texts = st.one_of(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=10).map(" ".join),
    st.text(min_size=0, max_size=40),
)
SETTINGS = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


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
    # OKR202 sets context aside first, but only a tail (", alongside the goal: …" to the end)
    assert {"OKR202", "OKR204", "OKR404", "OKR407"} <= gated
    assert "OKR103" not in gated  # fires on no match
    assert all(rule.kind == "pattern" for rule, _ in GATED_RULES)


@pytest.mark.parametrize(
    ("template", "gated"),
    [
        (",\\s+alongside\\s+the\\s+goal\\b.*$", True),
        ("\\s*\\(draft\\)", False),  # a cut in the middle may join two words into one
        (",\\s+note\\b", False),  # a cut that stops before the end
        ("(?s),\\s+goal.*$", False),  # "." across lines: not the last line alone
    ],
)
def test_only_a_context_that_cuts_a_tail_keeps_the_gate(template, gated):
    assert kinds._cuts_a_tail(template) is gated


rule_texts = st.one_of(
    texts,
    st.lists(
        st.sampled_from(
            [*WORDS, "as", "many", "possible", "and", "also", "grow", "quarterly", "survey",
             "Fully", "build", "we", "will", "launching", "lots", "several", "&", "Ünï",
             "downloads", "page", "views", "followers", ", alongside the goal:", "\n"]
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


def _formattable(template: str) -> bool:
    try:
        template.format_map(defaultdict(str))
    except (ValueError, IndexError):
        return False
    return True


@SETTINGS
@given(
    template=st.one_of(
        st.sampled_from([rule.message for rule in load_rubric().rules]),
        st.text(alphabet="ab {}", max_size=12).filter(_formattable),
    ),
    args=st.dictionaries(st.sampled_from(["match", "count", "b"]), st.text(max_size=3)),
)
def test_a_findings_message_is_its_template_formatted_with_missing_fields_empty(template, args):
    """``checker._message`` returns a template without braces as it is, and formats the rest:
    what ``format_map`` with a default of "" gives, "}}" and "{{" unescaped."""
    assert _message(template, args) == template.format_map(defaultdict(str, args))


def _plain_attributes(ctx) -> frozenset[str]:
    """``kinds._item_attributes`` as it was before its sets were shared."""
    from coach.analysis import baseline_placeholder
    from coach.model import Direction

    a = ctx.analysis
    attrs = {f"direction:{a.direction.value}"}
    if a.numbers or a.relative_change or a.placeholders:
        attrs.add("number")
    if a.baseline or baseline_placeholder(ctx.text):
        attrs.add("baseline")
    if a.target:
        attrs.add("target")
    if a.relative_change:
        attrs.add("relative_change")
    if a.deadline:
        attrs.add("deadline")
    if a.placeholders:
        attrs.add("placeholder")
    if a.direction == Direction.BINARY:
        attrs.add("binary")
    return frozenset(attrs)


ATTRIBUTE_WORDS = ["Increase", "Reduce", "Maintain", "Launch", "NPS", "from", "[baseline]",
                   "TBD", "to", "45%", "70%", "by", "end", "of", "Q3", "double", "revenue",
                   "shipped", "within", "30", "days", "[target]", "GA"]  # fmt: skip


@SETTINGS
@given(
    st.one_of(
        st.lists(st.sampled_from(ATTRIBUTE_WORDS), min_size=1, max_size=10).map(" ".join), texts
    )
)
def test_an_items_attributes_shared_by_what_it_has_are_the_ones_worked_out_for_it(text):
    from coach.analysis import analyse_key_result
    from coach.config import Settings
    from coach.model import Draft
    from coach.rubric.context import ItemContext

    ctx = ItemContext(
        Draft(objectives=[]), Settings(), VOCABULARY, "key_result", text, "p", None,
        analysis=analyse_key_result(text, VOCABULARY),
    )  # fmt: skip
    assert kinds._item_attributes(ctx) == _plain_attributes(ctx)
