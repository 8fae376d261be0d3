"""Every rule's examples are tests (proselint style): weak examples fire it, strong ones do not,
and a strong example fires no error of any rule. Plus the rubric's own integrity."""

from __future__ import annotations

import pytest

from coach import check, parse_text
from coach.config import Settings
from coach.findings import Level
from coach.model import Draft, KeyResult, Objective
from coach.resources import resource_dir
from coach.rubric import load_rubric

RULES = load_rubric(Settings()).rules
NEUTRAL_OBJECTIVE = "Make every new user feel confident and capable within their first 7 days"
NEUTRAL_KRS = [
    "Increase onboarding completion rate from 45% to 70% by end of Q2",
    "Reduce time to first value from 3 days to 1 day by end of Q2",
]


def findings_for(rule, example: str):
    """(findings on the example's own item, all findings) for one example of a rule."""
    if rule.examples.form == "draft":
        report = check(parse_text(example, source="example.md"))
        return list(report.findings), list(report.findings)
    if rule.applies_to == "objective":
        krs = [KeyResult(text=t) for t in NEUTRAL_KRS]
        draft = Draft(objectives=[Objective(text=example, key_results=krs)])
        path = "objectives[0]"
    else:
        krs = [KeyResult(text=example), KeyResult(text=NEUTRAL_KRS[1])]
        draft = Draft(objectives=[Objective(text=NEUTRAL_OBJECTIVE, key_results=krs)])
        path = "objectives[0].key_results[0]"
    report = check(draft)
    return [f for f in report.findings if f.path == path], list(report.findings)


WEAK = [(r, e) for r in RULES for e in r.examples.weak]
STRONG = [(r, e) for r in RULES for e in r.examples.strong]


@pytest.mark.parametrize(
    ("rule", "example"), WEAK, ids=[f"{r.id}-weak-{i}" for i, (r, _) in enumerate(WEAK)]
)
def test_weak_example_fires_its_rule(rule, example):
    own, _ = findings_for(rule, example)
    assert rule.id in {f.rule_id for f in own}, f"{rule.id} did not fire on: {example!r}"


@pytest.mark.parametrize(
    ("rule", "example"), STRONG, ids=[f"{r.id}-strong-{i}" for i, (r, _) in enumerate(STRONG)]
)
def test_strong_example_does_not_fire_and_has_no_error(rule, example):
    own, everything = findings_for(rule, example)
    assert rule.id not in {f.rule_id for f in everything}, (
        f"{rule.id} fired on its strong example {example!r}"
    )
    errors = [f"{f.rule_id}: {f.message}" for f in own if f.level == Level.ERROR]
    assert not errors, f"strong example {example!r} of {rule.id} has errors: {errors}"


def test_rule_ids_and_names_are_unique_and_match_file_names():
    ids = [r.id for r in RULES]
    names = [r.name for r in RULES]
    assert len(ids) == len(set(ids)) and len(names) == len(set(names))
    files = sorted(p.stem for p in (resource_dir("rubrics") / "rules").glob("*.yaml"))
    assert files == sorted(ids)


def test_every_guide_rule_has_rules_and_every_rule_cites_a_source():
    covered = {r.guide_rule for r in RULES if r.guide_rule}
    assert covered == {1, 2, 3, 4, 5}
    assert all(r.source.strip() and r.why.strip() and r.fix.strip() for r in RULES)


def test_suppressions_name_existing_rules():
    ids = {r.id for r in RULES}
    for rule in RULES:
        assert set(rule.suppressed_by) <= ids, rule.id
