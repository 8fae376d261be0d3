"""Inline suppressions, priority tags and task boxes: fields of the item, never its words."""

from __future__ import annotations

import pytest

from coach import check, parse_text
from coach.parsing.labels import clean

DRAFT = """\
<!-- coach-ignore-file OKR103 -->
## Objective: Improve the onboarding experience

- Launch the new onboarding flow <!-- coach-ignore OKR201 -->
<!-- coach-ignore OKR201, OKR401 -->
- Conduct 20 user interviews
- Ship the redesigned checkout flow
"""


def _rule_lines(text: str) -> set[tuple[str, int]]:
    return {(f.rule_id, f.line) for f in check(parse_text(text, "d.md")).findings}


def test_comment_on_a_line_silences_that_line_only():
    fired = _rule_lines(DRAFT)
    assert ("OKR201", 4) not in fired
    assert ("OKR201", 7) in fired


def test_comment_alone_silences_the_next_line():
    assert ("OKR201", 6) not in _rule_lines(DRAFT)
    without = DRAFT.replace("<!-- coach-ignore OKR201, OKR401 -->\n", "")
    assert ("OKR201", 5) in _rule_lines(without)


def test_file_comment_silences_everywhere_and_comments_are_never_text():
    draft = parse_text(DRAFT, "d.md")
    assert "OKR103" not in {f.rule_id for f in check(draft).findings}
    assert draft.objectives[0].key_results[0].text == "Launch the new onboarding flow"
    assert all("<!--" not in n.text for n in draft.notes)


def test_comment_without_rule_ids_silences_every_rule_on_its_line():
    text = "## Objective: Improve the onboarding experience <!-- coach-ignore -->\n- Conduct 20 user interviews\n- Ship it\n"
    assert not {rule for rule, line in _rule_lines(text) if line == 1}


def test_rule_names_work_as_well_as_ids():
    text = DRAFT.replace("OKR201 -->", "output-as-key-result -->")
    assert ("OKR201", 4) not in _rule_lines(text)


@pytest.mark.parametrize(
    ("content", "text", "priority", "done"),
    [
        ("[ ] Increase NPS from 20 to 30", "Increase NPS from 20 to 30", None, False),
        ("[x] **P0** - Ship the thing", "Ship the thing", "P0", True),
        ("`P1` Reduce errors", "Reduce errors", "P1", None),
        ("[P2] Grow NPS", "Grow NPS", "P2", None),
        ("P1: Cut churn", "Cut churn", "P1", None),
        ("Reduce errors [P1]", "Reduce errors", "P1", None),
        ("Reduce errors `PX`", "Reduce errors", "PX", None),
        # a bare "P0" with no separator is the text's own word
        ("P0 incidents down by half", "P0 incidents down by half", None, None),
    ],
)
def test_priority_and_box_are_fields(content, text, priority, done):
    cleaned = clean(content)
    assert (cleaned.text, cleaned.priority, cleaned.done) == (text, priority, done)


def test_parsed_key_result_keeps_priority_and_box():
    text = "## Objective: Make every new user successful\n- [x] [P1] KR1: Raise activation from 30% to 45%\n- [ ] Cut churn from 8% to 5%\n"
    krs = parse_text(text, "d.md").objectives[0].key_results
    assert (krs[0].priority, krs[0].done, krs[0].label) == ("P1", True, "KR1")
    assert krs[0].text == "Raise activation from 30% to 45%"
    assert (krs[1].priority, krs[1].done) == (None, False)


def test_objective_without_key_results_gets_its_own_finding():
    text = (
        "## Objective: Make every new user feel confident within their first week\n\n"
        "## Objective: Become the product our enterprise customers recommend\n"
        "- Increase Net Promoter Score from +22 to +40 by end of Q2\n"
        "- Increase renewal rate from 85% to 92% by end of Q2\n"
    )
    draft = parse_text(text, "d.md")
    assert len(draft.objectives) == 2
    fired = {(f.rule_id, f.path) for f in check(draft).findings}
    assert ("OKR304", "objectives[0]") in fired
    assert ("OKR302", "objectives[0]") not in fired  # the more specific finding wins


def test_key_result_with_no_objective_is_reported_not_dropped():
    text = (
        "KR1: Increase onboarding completion rate from 45% to 70% by end of Q2\n\n"
        "## Objective: Make every new user feel confident within their first week\n"
        "- Increase onboarding completion rate from 45% to 70% by end of Q2\n"
        "- Reduce time to first value from 3 days to 1 day by end of Q2\n"
    )
    draft = parse_text(text, "d.md")
    assert draft.skipped == [1]
    [finding] = [f for f in check(draft).findings if f.rule_id == "OKR001"]
    assert finding.line == 1 and "line 1" in finding.message


def test_an_owner_word_before_the_handle_is_markup_too():
    """PostHog: "- Key Result: Rock solid webhooks - Owner @hazzadous" — the text a rule reads
    (and a rewrite replaces) is "Rock solid webhooks"; "- Owner @hazzadous" stays on the line."""
    draft = parse_text(
        "## Objective: Make the pipeline dependable\n\n"
        "- Key Result: Rock solid webhooks - Owner @hazzadous\n- Cut export failures from 5% to 1%\n",
        "d.md",
    )
    kr = draft.objectives[0].key_results[0]
    assert (kr.text, kr.owner) == ("Rock solid webhooks", "hazzadous")
    line = "- Key Result: Rock solid webhooks - Owner @hazzadous"
    assert line[kr.position.column - 1 : kr.position.end_column - 1] == "Rock solid webhooks"


@pytest.mark.parametrize(
    ("line", "text", "owner"),
    [
        # ipfs/team-mgmt: the mention is what the sentence says, not who owns the item
        (
            "Every non-trivial PR is first reviewed by someone other than @Stebalien.",
            "Every non-trivial PR is first reviewed by someone other than @Stebalien.",
            None,
        ),
        (
            "Pair with @bob on the release checklist",
            "Pair with @bob on the release checklist",
            None,
        ),
        (
            "Triage incoming issues within a day @alice",
            "Triage incoming issues within a day",
            "alice",
        ),
        (
            "Triage incoming issues within a day - @alice",
            "Triage incoming issues within a day",
            "alice",
        ),
    ],
)
def test_a_mention_the_sentence_needs_stays_in_the_text(line, text, owner):
    draft = parse_text(
        f"## Objective: Make reviews fast\n\n- {line}\n- Cut review time from 3 days to 1\n", "d.md"
    )
    kr = draft.objectives[0].key_results[0]
    assert (kr.text, kr.owner) == (text, owner)
