"""The generic rule kinds. Most rules are one of these plus parameters in their YAML file.

- ``pattern``: words or regexes that must (``fire_when: present``) or must not (``absent``) occur.
  The message quotes the match, or a regex's group named ``quote`` where it has one.
- ``metric``: conditions on the key-result analysis ("an increase with no baseline").
- ``count``: a count (objectives, key results, words) outside limits.
- ``function``: a small registered function (see ``coach.rubric.functions``).

Each kind's parameters are a typed model in ``coach.rubric.rule`` (``PatternParams`` …), so a
misspelt key, a wrong type or an unknown function is an error naming the file when the rubric
loads.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from coach.analysis import baseline_placeholder
from coach.model import Direction
from coach.rubric.context import Hit, ItemContext
from coach.rubric.functions import FUNCTIONS
from coach.rubric.rule import ParamsHandle, PatternParams, Rule
from coach.rubric.vocabulary import GatedPattern, Vocabulary, _tokens

KindFunction = Callable[[Rule, ItemContext], list[Hit]]


@lru_cache(maxsize=16384)
def _found(vocabulary: Vocabulary, kind: str, key: str, text: str) -> re.Match[str] | None:
    """The first match in ``text`` of a word list (``kind`` "list") or of a template ("regex"),
    kept per text: an editor re-checks mostly unchanged lines, each with the same rules."""
    if kind == "list":
        return vocabulary.search(key, text)
    return vocabulary.gated(key).search(text)


def _search(vocabulary: Vocabulary, kind: str, key: str, text: str) -> re.Match[str] | None:
    """``_found``, answering None before its cache where a set test rules the match out (no
    first word of the list, no literal of the template in the text): nine in ten of the pattern
    rules' searches on never-seen text, each a cache miss that cost more than the test."""
    if kind == "list":
        if vocabulary.absent(key, text):
            return None
    elif vocabulary.gated(key).rules_out(text):
        return None
    return _found(vocabulary, kind, key, text)


def pattern_kind(rule: Rule, ctx: ItemContext) -> list[Hit]:
    params = rule.params
    if params.where == "start" or params.context_patterns:
        matched = _kept_pattern_verdict(params.handle, ctx.vocabulary, ctx.text)
    else:
        matched = _pattern_verdict(params, ctx.vocabulary, ctx.text)
    if matched is None:
        return []
    return [Hit() if matched is _ABSENT else Hit({"match": matched})]


class _Absent:
    """The verdict of a rule that fires because nothing matched (``fire_when: absent``)."""


_ABSENT = _Absent()


@lru_cache(maxsize=8192)
def _kept_pattern_verdict(
    handle: ParamsHandle, vocabulary: Vocabulary, text: str
) -> str | _Absent | None:
    """``_pattern_verdict``, kept per text for the rules whose searches ``_found`` does not keep
    (matched at the start, or after a ``context_patterns`` substitution): OKR102 took about 6 µs
    on each objective of every check, lines the editor had not touched included."""
    return _pattern_verdict(handle.params, vocabulary, text)


def _pattern_verdict(
    params: PatternParams, vocabulary: Vocabulary, text: str
) -> str | _Absent | None:
    """What the rule fires with on ``text``: the matched words, ``_ABSENT`` (it fires because
    nothing matched), or None (it does not fire)."""
    context_patterns, lists, patterns, unless, unless_patterns = params.lists
    start_only = params.where == "start"
    for template in context_patterns:  # context, not what the rule judges
        text = vocabulary.compile(template).sub("", text)
    match = None
    for name in lists:
        match = (
            vocabulary.pattern(name).match(text)
            if start_only
            else _search(vocabulary, "list", name, text)
        )
        if match:
            break
    for template in () if match else patterns:
        if start_only:
            match = vocabulary.compile(template).match(text)
        else:
            match = _search(vocabulary, "regex", template, text)
        if match:
            break
    if params.fire_when == "absent":
        return None if match else _ABSENT
    if not match:
        return None
    for name in unless:
        if _search(vocabulary, "list", name, text):
            return None
    for template in unless_patterns:
        if _search(vocabulary, "regex", template, text):
            return None
    if "quote" in match.re.groupindex:  # what the message quotes, where it is not the whole match
        return match.group("quote").strip()
    return match.group(0).strip()


PatternGate = tuple[frozenset[str], tuple[GatedPattern, ...]]


def pattern_gates(
    rules: tuple[Rule, ...], vocabulary: Vocabulary
) -> tuple[PatternGate | None, ...]:
    """``_pattern_gate`` of each of ``rules``, kept per tuple of rules (a rubric's) and vocabulary."""
    key = ("pattern-gates", id(rules))
    kept = vocabulary._patterns.get(key)
    if kept is None or kept[0] is not rules:
        gates = tuple(_pattern_gate(rule, vocabulary) for rule in rules)
        kept = vocabulary._patterns[key] = (rules, gates)
    return kept[1]


def _pattern_gate(rule: Rule, vocabulary: Vocabulary) -> PatternGate | None:
    """For a pattern rule that fires on a match of its word lists or regexes: the first words of
    its lists and its regexes' literal gates, which ``may_fire`` tests once for the rule instead
    of ``pattern_kind`` testing each list and regex; None for any other rule (it can fire
    without a match, sets context aside other than a tail first, or has a list or regex with no
    such test)."""
    if rule.kind != "pattern":
        return None
    context_patterns, lists, patterns, _, _ = rule.params.lists
    if rule.params.fire_when != "present":
        return None
    if context_patterns and not all(map(_cuts_a_tail, context_patterns)):
        return None
    firsts: set[str] = set()
    for name in lists:
        words = vocabulary.pattern(name).firsts
        if words is None:
            return None
        firsts |= words
    gated = tuple(vocabulary.gated(template) for template in patterns)
    if any(pattern.needs is None for pattern in gated):
        return None
    return frozenset(firsts), gated


def _cuts_a_tail(template: str) -> bool:
    """Whether a context pattern only cuts off the end of a text, from a separator on (", …"
    to the end): what is left holds only words the whole text holds, so a rule whose lists
    cannot occur in the whole text cannot occur in what is left, and the gate holds for it.
    Without ``(?m)`` or ``(?s)``, ``.*$`` runs to the end of the text (or its final newline).
    A regex's literals hold too: what is left is a part of the whole text, so a literal it holds
    the whole text holds."""
    return (
        template[:1] in (",", ";")
        and template.endswith(".*$")
        and "(?m" not in template
        and "(?s" not in template
    )


def may_fire(gate: PatternGate, text: str) -> bool:
    """False when none of the rule's lists can occur in ``text`` (``Vocabulary.absent``) and
    every regex is ruled out (``GatedPattern.rules_out``): ``pattern_kind`` would find no match.
    A match at the start (``where: start``) is a match, so the same tests hold for it."""
    firsts, gated = gate
    if not firsts.isdisjoint(_tokens(text)):
        return True
    for pattern in gated:
        if not pattern.rules_out(text):
            return True
    return False


def metric_kind(rule: Rule, ctx: ItemContext) -> list[Hit]:
    """``when``: attributes that must all hold; ``requires``: attributes whose absence fires.

    Attributes: number, baseline, target, relative_change, deadline, placeholder, binary and
    ``direction:<name>``; ``when_any`` lists alternatives. ``deadline`` is satisfied by the
    draft's quarter unless ``quarter_counts: false``.
    """
    a = ctx.analysis
    if a is None:
        return []
    when, when_any, unless, required = rule.params.conditions
    attrs = _attributes_for(rule, ctx)
    if not when <= attrs or (when_any and when_any.isdisjoint(attrs)):
        return []
    if not unless.isdisjoint(attrs):
        return []
    missing = [c for c in required if c not in attrs]
    if required and not missing:
        return []
    return [
        Hit(
            {
                "missing": ", ".join(missing),
                "metric": a.metric or a.subject or "the metric",
                "placeholders": ", ".join(a.placeholders),
                "verb": (a.verb or "").capitalize(),
            }
        )
    ]


def _attributes_for(rule: Rule, ctx: ItemContext) -> frozenset[str]:
    """The item's attributes for this rule: worked out once per item (every metric rule asks),
    then only the draft's quarter, which some rules count as a deadline, differs."""
    facts = ctx.facts
    if facts is None:
        facts = ctx.facts = {}
    attrs = facts.get("attributes")
    if attrs is None:
        attrs = facts["attributes"] = _item_attributes(ctx)
    if "deadline" in attrs or not (rule.params.quarter_counts and ctx.draft.meta.quarter):
        return attrs
    with_quarter = _WITH_DEADLINE.get(attrs)
    if with_quarter is None:
        with_quarter = _WITH_DEADLINE[attrs] = attrs | {"deadline"}
    return with_quarter


def _item_attributes(ctx: ItemContext) -> frozenset[str]:
    a = ctx.analysis
    key = (
        a.direction,
        bool(a.numbers or a.relative_change or a.placeholders),
        bool(a.baseline or baseline_placeholder(ctx.text)),
        bool(a.target),
        bool(a.relative_change),
        bool(a.deadline),
        bool(a.placeholders),
    )
    attrs = _ATTRIBUTES.get(key)
    if attrs is None:
        attrs = _ATTRIBUTES[key] = _attributes(*key)
    return attrs


_ATTRIBUTES: dict[tuple, frozenset[str]] = {}
"""The attribute sets by what an item has (a direction and six flags: a few hundred at most),
each made once and shared by every item that has the same."""
_WITH_DEADLINE: dict[frozenset[str], frozenset[str]] = {}
"""Each of those sets with "deadline" added (the draft's quarter counts as one), made once."""


def _attributes(
    direction: Direction,
    number: bool,
    baseline: bool,
    target: bool,
    relative_change: bool,
    deadline: bool,
    placeholder: bool,
) -> frozenset[str]:
    attrs = {f"direction:{direction.value}"}
    for name, has in (
        ("number", number),
        ("baseline", baseline),
        ("target", target),
        ("relative_change", relative_change),
        ("deadline", deadline),
        ("placeholder", placeholder),
        ("binary", direction == Direction.BINARY),
    ):
        if has:
            attrs.add(name)
    return frozenset(attrs)


def _limit(value: int | str | None, ctx: ItemContext) -> int | None:
    if isinstance(value, str) and value.startswith("limits."):
        return getattr(ctx.settings.limits, value.removeprefix("limits."))
    return value


def count_kind(rule: Rule, ctx: ItemContext) -> list[Hit]:
    what = rule.params.count
    if what == "objectives":
        count = len(ctx.draft.objectives)
    elif what == "key_results":
        count = len(ctx.draft.objectives[ctx.objective_index].key_results)
    elif what == "words":
        count = len(ctx.text.split())
    else:
        raise ValueError(f"unknown count {what!r}")
    low = _limit(rule.params.min, ctx)
    high = _limit(rule.params.max, ctx)
    note = ""
    first_cycle = _limit(rule.params.first_cycle_max, ctx)
    if first_cycle is not None and ctx.draft.meta.first_cycle:
        high = first_cycle
        note = " (first OKR cycle: start with 2)"
    if low is not None and count < low:
        return [Hit({"count": count, "limit": low, "note": note})]
    if high is not None and count > high:
        return [Hit({"count": count, "limit": high, "note": note})]
    return []


def function_kind(rule: Rule, ctx: ItemContext) -> list[Hit]:
    return FUNCTIONS[rule.params.function](rule, ctx)


KINDS: dict[str, KindFunction] = {
    "pattern": pattern_kind,
    "metric": metric_kind,
    "count": count_kind,
    "function": function_kind,
}


def runner(rule: Rule) -> KindFunction:
    """The function that runs ``rule``: its kind's, or for a function rule the registered
    function itself (``function_kind`` without the lookup)."""
    if rule.kind == "function":
        return FUNCTIONS[rule.params.function]
    return KINDS[rule.kind]
