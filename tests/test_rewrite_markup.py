"""Markup the parser leaves in an item's statement ("Update - …", "… [P0][LA]") stays around its
rewrite byte for byte, whoever rewrites it, and the guard judges the statement inside it."""

from __future__ import annotations

from coach.llm.protocol import FindingBrief, KeyResultChoice, RewriteRequest, validate_proposal
from coach.rewrite.compose import compose_key_result
from coach.rewrite.guard import build_guard
from coach.rewrite.markup import split_markup, statement_of
from coach.rubric import load_rubric

TASK = "Update - Make IPFS able to update a large package repository quickly"


def request(text: str = TASK) -> RewriteRequest:
    rule = load_rubric().get("OKR201")
    finding = FindingBrief(rule.id, rule.name, "a task", rule.why, rule.fix)
    return RewriteRequest(
        kind="key_result",
        text=text,
        objective="Make IPFS the easiest way to mirror package repositories",
        findings=(finding,),
        quarter="Q4",
    )


def test_the_statement_is_judged_without_the_items_own_label():
    rewrite = (
        "Update - Reduce the time it takes IPFS to update a large package repository "
        "from [baseline] to [target] by end of Q4"
    )
    assert statement_of(rewrite, TASK) == rewrite.removeprefix("Update - ")
    guard = build_guard(request())
    proposal = {"text": rewrite, "metric": "time to update", "direction": "decrease"}
    assert guard(validate_proposal(proposal, "key_result", None)) == []


def test_only_the_markup_the_item_had_is_set_aside():
    """A label the item did not have is judged as part of the rewrite: the task it names fires."""
    smuggled = "Launch - the new updater, then reduce update time from [baseline] to [target]"
    assert statement_of(smuggled, TASK) == smuggled
    assert statement_of("Update - ", TASK) == "Update - "  # nothing inside: the whole text


def test_a_models_choice_is_composed_inside_the_items_markup():
    item = "Update - Make IPFS able to update a large package repository quickly [P0][LA]"
    lead, _, tail = split_markup(item)
    assert (lead, tail) == ("Update - ", " [P0][LA]")
    choice = KeyResultChoice(
        direction="decrease", metric="time to update a large package repository", audience=""
    )
    composed = compose_key_result(choice, request(item))
    assert composed.text.startswith("Update - Reduce time to update a large package repository")
    assert composed.text.endswith(" by end of Q4 [P0][LA]")
    assert build_guard(request(item))(composed) == []


def test_a_models_choice_keeps_the_count_the_item_states():
    """The model chooses words only; the coach keeps the team's own count beside the outcome."""
    item = "Publish 5 new tutorials"
    choice = KeyResultChoice(
        direction="increase", metric="completion rate of the docs tutorials", audience=""
    )
    composed = compose_key_result(choice, request(item))
    assert composed.text.endswith(", alongside the goal: Publish 5 new tutorials")
    assert build_guard(request(item))(composed) == []
    due = compose_key_result(choice, request("Publish the new tutorials by Week 6"))
    assert "alongside" not in due.text  # a due date is not a count to keep


def test_a_linked_ticket_after_the_statement_is_markup_and_its_number_no_target():
    """Gerrit's roadmap: the ticket's number became the rewrite's target, and the link was lost."""
    from coach.config import Settings
    from coach.service import RewriteRequest as DraftRequest
    from coach.service import rewrite_text

    link = "[Issue 380282333](https://issues.gerritcodereview.com/issues/380282333)"
    line = f"Improve replication latency on force-push {link}"
    assert split_markup(line) == ("", "Improve replication latency on force-push", f" {link}")
    wrapped = "Hire for each open role ([#30](https://github.com/src-d/okrs/issues/30))"
    assert split_markup(wrapped)[1:] == (
        "Hire for each open role",
        " ([#30](https://github.com/src-d/okrs/issues/30))",
    )
    draft = f"## Objective: Make replication dependable\n\n#### KR: {line}\n"
    result = rewrite_text(
        DraftRequest(
            text=draft, source="d.md", settings=Settings(), provider="offline", cache=False
        )
    )
    [change] = result.changes
    assert change.after.endswith(f"from [baseline] to [target] by end of the quarter {link}")
    assert [n.value for n in change.numbers] == ["[baseline]", "[target]"]


def test_a_key_result_wrapped_over_two_lines_is_rewritten_in_place():
    """Hard-wrapped Markdown ("- KR2: Ship the" then "  redesigned checkout") was never
    rewritten: "could not be placed in the source text unchanged". The span that reads the same
    words, whitespace aside, is replaced; one with emphasis split by the rewrite is still left
    ("**KR1 — Onboarding**" over its text), and every other byte stays."""
    from coach.service import RewriteRequest, apply_edits, rewrite_text

    text = (
        "---\nquarter: Q3 2026\n---\n## Objective: Make onboarding effortless for every new user\n\n"
        "- **KR1 — Onboarding**  \n  Launch the new onboarding flow\n"
        "- KR2: Ship the\n  redesigned checkout [P1]\n"
    )
    result = rewrite_text(RewriteRequest(text=text, source="q3.md", cache=False))
    changes = {c.line: c for c in result.changes}
    assert changes[8].origin == "offline" and changes[8].after
    assert changes[6].origin == "unchanged" and "could not be placed" in changes[6].note
    new = apply_edits(text, result.edits)
    assert new.split("\n")[7] == f"- KR2: {changes[8].after} [P1]"
    assert new.split("\n")[:7] == text.split("\n")[:7]
    assert new.endswith("\n") and new.count("\n") == text.count("\n") - 1


def test_an_owners_handle_before_the_statement_is_markup():
    """IPFS Locol 2019 Q2: "[terichadbourne] Offline Camp planning is underway with 80% of
    attendees and sponsors booked" was rewritten "… succeed with the [terichadbourne] Offline
    Camp planning …": the handle was read as part of the thing (and as a placeholder), and the
    80% was lost."""
    item = "[terichadbourne] Offline Camp planning is underway with 80% of attendees booked"
    assert split_markup(item) == (
        "[terichadbourne] ",
        "Offline Camp planning is underway with 80% of attendees booked",
        "",
    )
    # a placeholder or a tag in capitals is no handle
    assert split_markup("[baseline] users return weekly")[0] == ""
    assert split_markup("[WIP] Ship the new importer")[0] == ""


def test_the_length_of_a_rewrite_is_judged_without_the_items_markup():
    """A rewrite that restates the goal is long; the owner's handle around it is the item's own
    and does not make it too long (it did: the 80% above was dropped for it)."""
    item = (
        "[terichadbourne] Offline Camp planning is underway with 80% of attendees and sponsors "
        "booked"
    )
    lead, statement, _ = split_markup(item)
    body = (
        "Increase the share of attendees who succeed with the Offline Camp planning from "
        f"[baseline] to [target] by end of Q4, alongside the goal: {statement}"
    )
    assert len(body) <= 220 < len(lead + body)
    proposal = validate_proposal(
        {"text": lead + body, "metric": "share of attendees", "direction": "increase"},
        "key_result",
        None,
    )
    problems = build_guard(request(item))(proposal)
    assert not any("one short sentence" in p for p in problems), problems


LEVER = "https://jobs.lever.co/gitlab/436d643c-1ff1-4115-8e4c-b1285ab72939"


def test_a_link_is_as_long_as_its_words_and_its_address_states_no_number():
    """GitLab 2018 Q2: "Source 50 candidates and hire 1 [Backend Developer](<a job ad>)" was
    "Reduce time to hire the [Backend Developer] …": the role lost its address (the brackets
    then read as a placeholder), and the rewrite that restates the goal was too long for the
    address, so 50 and 1 were lost."""
    from coach.rewrite.goal import keeping_the_goal, lost_numbers
    from coach.rewrite.markup import visible_length

    statement = f"Source 50 candidates and hire 1 [Backend Developer]({LEVER})"
    assert visible_length(statement) == len("Source 50 candidates and hire 1 [Backend Developer]")
    sentence = f"Reduce time to hire the [Backend Developer]({LEVER}) from [baseline] to [target]"
    assert lost_numbers(sentence, statement) == {50.0, 1.0}  # not 436, 4115, 8 …
    [kept, *_] = keeping_the_goal(sentence, statement)
    assert kept.endswith(f"alongside the goal: {statement}")
    ticket = "[Improve abuse detection](https://gitlab.com/gitlab-com/issues/4925)"
    assert lost_numbers("Reduce abuse reports from [baseline] to [target]", ticket) == set()


def test_a_linked_role_is_hired_whole():
    from offline_rewrites import rewrite
    from test_offline_line_shapes import after_of, draft

    line = f"Source 50 candidates and hire 1 [Backend Developer]({LEVER})"
    sibling = "Increase offer-acceptance rate from 60% to 80%"  # the hiring family's first metric
    after = after_of(rewrite(draft("Grow the engineering team", sibling, line)), line[:30])
    assert after.startswith(f"Reduce time to hire the [Backend Developer]({LEVER}) from")
    assert after.endswith(f"alongside the goal: {line}")


def test_a_links_words_are_no_placeholder_and_its_address_no_number():
    from coach.rewrite.provenance import trace_numbers

    text = f"Reduce time to hire the [Backend Developer]({LEVER}) from [baseline] to 3 days"
    traced = trace_numbers(text, request("Hire 1 backend developer"))
    assert [n.value for n in traced] == ["3", "[baseline]"]
