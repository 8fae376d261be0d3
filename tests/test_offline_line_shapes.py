"""General shapes of real lines the offline rewriter left unchanged or measured by the wrong
thing (rewrite-review, tuning half only). Each test reads real lines or their shape."""

from __future__ import annotations

import pytest
from offline_rewrites import rewrite

from coach.service import check_text


def draft(objective: str, *items: str, quarter: str | None = "FY23Q2") -> str:
    front = f"---\nquarter: {quarter}\n---\n\n" if quarter else ""
    return front + f"## Objective: {objective}\n\n" + "".join(f"- {i}\n" for i in items)


def change_of(result, text: str):
    [change] = [c for c in result.changes if text in c.before]
    return change


def after_of(result, text: str) -> str:
    change = change_of(result, text)
    assert change.after is not None, change.note
    return change.after


@pytest.mark.parametrize(
    "line",
    [
        "Increase our internal enablement library from 6 courses to 11.",
        "Grow our library of tutorials from 4 tutorials to 10",
    ],
)
def test_a_from_to_that_counts_output_is_rewritten_with_the_goal_kept(line):
    """The checker calls "from 6 courses to 11" output (OKR201); the rewriter used to decline it
    as a baseline-to-target outcome and leave it unchanged."""
    text = draft("Provide a world-class admin experience", line)
    assert "OKR201" in {f.rule_id for f in check_text(text, "draft.md").findings}
    after = after_of(rewrite(text), line)
    assert "from [baseline] to [target]" in after
    assert after.endswith(f"alongside the goal: {line.rstrip('.')}")


def test_a_from_to_of_an_outcome_stays_the_teams():
    line = "Increase weekly active teams from 40 to 55"
    text = draft("Make the product a habit for every team", line, "Launch the team inbox")
    assert all(line not in c.before for c in rewrite(text).changes)


@pytest.mark.parametrize(
    ("line", "metric"),
    [
        (
            "Biweekly updates published to IPFS working groups highlighting patterns in top "
            "developer needs",
            "the share of top developer needs resolved",
        ),
        ("Run a survey to identify the biggest onboarding pain points", "onboarding pain points"),
        ("Publish a weekly digest listing the top blockers of new admins", "top blockers"),
    ],
)
def test_work_that_surfaces_problems_is_measured_by_the_share_resolved(line, metric):
    after = after_of(rewrite(draft("Make our community responsive", line)), line)
    assert metric in after
    assert "resolved from [baseline] to [target]" in after
    assert "take the next step" not in after


def test_a_domain_entry_that_knows_the_work_comes_before_the_problems_it_surfaces():
    line = "Interview 10 admins and list their top blockers"
    after = after_of(rewrite(draft("Make admin work effortless", line)), line)
    assert "validated customer evidence" in after and "blockers resolved" not in after
    line = (
        "We’ve documented the buyer journey, implemented a V0 lead scoring model and identified "
        "funnel gaps"
    )
    after = after_of(rewrite(draft("Build a predictable pipeline", line)), line)
    assert "leads from MQL to SQL" in after and "gaps resolved" not in after


@pytest.mark.parametrize(
    ("line", "metric"),
    [
        ("Unblock deployment for blocked customers", "the share of blocked customers who deploy"),
        (
            "Unblock the migration for enterprise accounts",
            "the share of enterprise accounts who migrate",
        ),
    ],
)
def test_unblocking_an_action_for_people_is_measured_by_how_many_of_them_do_it(line, metric):
    after = after_of(rewrite(draft("Allow admins to control sign-ups", line)), line)
    assert after.startswith(f"Increase {metric} from [baseline] to [target]")


def test_unblock_without_an_action_noun_is_not_read_as_a_capability():
    from coach.rewrite.offline.own import read_statement

    found = read_statement("Unblock the team")
    assert found is None or found.claim != "can"


@pytest.mark.parametrize(
    ("line", "metric"),
    [
        (
            "Publish 5 blog posts with key ecosystem projects sharing their success through our "
            "media",
            "referrals from the posts to the featured ecosystem projects",
        ),
        (
            "Record 6 podcast episodes featuring open-source maintainers",
            "referrals from the episodes to the featured open-source maintainers",
        ),
    ],
)
def test_content_that_features_others_is_measured_by_what_it_sends_them(line, metric):
    after = after_of(rewrite(draft("Positively affect the rest of the ecosystem", line)), line)
    assert after.startswith(f"Increase {metric} from [baseline] to [target]")
    assert "alongside the goal" in after  # the count stays
    assert "organic search" not in after


def test_a_case_study_about_customers_is_not_read_as_featuring_them():
    from coach.rewrite.offline.own import featured_referrals

    assert featured_referrals("Write 3 case studies featuring enterprise customers") is None


@pytest.mark.parametrize(
    "line",
    [
        "Create / Generate documentation for the dds_web/api, which covers all endpoints.",
        "Write API documentation for the REST API",
        "Publish reference docs for the SDK",
    ],
)
def test_documentation_of_an_api_is_measured_by_the_time_to_a_first_successful_call(line):
    after = after_of(rewrite(draft("Improve software quality", line, quarter="2024")), line)
    assert after.startswith("Reduce time for a new developer to make a first successful API call")
    assert "integration adoption" not in after
    assert after.endswith("from [baseline] to [target] by end of 2024")


def test_documentation_of_something_else_is_not_api_documentation():
    line = "Write docs for the CLI"
    after = after_of(rewrite(draft("Make the CLI a joy", line)), line)
    assert "API call" not in after and "[baseline]" in after


def test_verbs_joined_by_a_spaced_slash_are_one_piece_of_work():
    from coach.rewrite.offline.own import read_statement

    found = read_statement("Create / Generate documentation for the dds_web/api")
    assert found is not None and found.head == "documentation"


def test_a_number_of_output_from_and_to_is_rewritten_with_the_goal_kept():
    line = "Grow number of Percy snapshots from 8 to 40."
    text = draft("Make visual testing the default", line)
    assert "OKR201" in {f.rule_id for f in check_text(text, "draft.md").findings}
    after = after_of(rewrite(text), line)
    assert "Percy snapshots from [baseline] to [target]" in after
    assert after.endswith("alongside the goal: Grow number of Percy snapshots from 8 to 40")
