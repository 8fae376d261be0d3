"""Issue 11, "the subject drifts to a template family", for the offline rewriter's objectives:
"Make <anything> effortless for every user" was written for a website to build, content to
create and abstract aims alike. Each fixture draft is rewritten end to end (check, request,
offline rewriter, guard).

- "effortless" only for what people use or do (a product, a flow, collaboration);
- something the team makes (a website, content, docs) is made worth its audience's time;
- an aim ("awareness") is reworded only for someone the draft names, else left unchanged with
  a note that says why;
- who benefits comes from the objective, else from its own key results ("… of new admins"),
  never from another objective's, and "for every user" is not made up for a deliverable.
"""

from __future__ import annotations

import pytest

from coach import check, parse_text
from coach.config import Settings
from coach.rewrite.offline.objectives import key_result_beneficiary, subject_kind
from coach.service import RewriteRequest, rewrite_text

KR = "- Raise weekly active teams from [baseline] to [target]\n"


def objective_change(draft: str):
    result = rewrite_text(
        RewriteRequest(
            text=draft, source="draft.md", settings=Settings(), provider="offline", cache=False
        )
    )
    [change] = [c for c in result.changes if c.kind == "objective"]
    return change


def rewritten(objective: str, key_results: str = KR) -> str:
    change = objective_change(f"## Objective: {objective}\n\n{key_results}")
    assert change.after is not None, change.note
    return change.after


@pytest.mark.parametrize(
    ("objective", "expected"),
    [
        ("Launch new website", "Make our new website worth the time of everyone who visits it"),
        (
            "Create positively impactful content",
            "Make our positively impactful content worth the time of every reader",
        ),
        ("Build the developer docs", "Make the developer docs worth the time of every developer"),
        ("Develop the docs", "Make the docs worth the time of every reader"),
    ],
)
def test_something_the_team_makes_is_made_worth_its_audiences_time(objective, expected):
    after = rewritten(objective)
    assert after == expected
    assert "effortless" not in after and "every user" not in after


def test_a_link_in_an_objective_is_worded_by_its_words_not_cut_in_its_address():
    # IPFS docs 2020 Q1: was "Make the [beta IPFS documentation](https worth the time of …"
    after = rewritten("Launch the [beta docs](https://docs.example.org/) site")
    assert after == "Make the beta docs site worth the time of everyone who visits it"


def test_an_objective_that_is_a_link_with_a_progress_score_keeps_both_around_its_rewrite():
    # GitLab FY20 Q4: "=> 100%" is the retrospective's score, not the objective's number (it
    # was OKR101, and the rewrite cut it); the link to its issue stays around the new words
    draft = (
        "## Objective: [Deliver on our product vision by being more iterative]"
        "(https://example.org/i/1) => 100%\n\n" + KR
    )
    result = rewrite_text(
        RewriteRequest(
            text=draft, source="draft.md", settings=Settings(), provider="offline", cache=False
        )
    )
    assert result.new_text.splitlines()[0] == (
        "## Objective: [Make our product vision effortless for every user]"
        "(https://example.org/i/1) => 100%"
    )


def test_a_deliverable_is_for_whoever_the_objective_names():
    after = rewritten("Launch a new website for high school students")
    assert after == "Make our new website worth the time of every high school student"


def test_what_people_use_or_do_is_still_made_effortless():
    assert rewritten("Improve Admin Analytics") == "Make admin analytics effortless for every admin"
    assert rewritten("Improve collaboration") == (
        "Make collaboration effortless for every contributor"
    )


def test_an_aim_is_brought_to_the_people_the_objective_names():
    after = rewritten("Scale awareness to reach more developers around the world")
    assert after == "Bring awareness to every developer"


def test_an_aim_for_no_one_is_left_unchanged_with_the_reason():
    change = objective_change(f"## Objective: Grow awareness\n\n{KR}")
    assert change.after is None and change.origin == "unchanged"
    assert '"awareness" is an aim' in change.note
    assert "say who benefits" in change.note


def test_an_aim_for_people_it_names_is_declined_for_what_it_leaves_out():
    """Sourcegraph's "Deliver value to enterprise developers" (evals/corpus/real.yaml) was left
    unchanged because "neither the objective nor its key results name who it is for": it names
    them; what it leaves out is what changes for them."""
    change = objective_change(f"## Objective: Deliver value to enterprise developers\n\n{KR}")
    assert change.after is None
    assert "say what changes for every enterprise developer" in change.note
    assert "name who it is for" not in change.note
    # people who are the subject themselves, or named only as the verb, are not that audience
    for objective in ("Grow the OCTO team", "Hire about 55 people"):
        change = objective_change(f"## Objective: {objective}\n\n{KR}")
        assert change.after is None and "say who benefits" in change.note, change.note


def test_an_amount_is_no_subject_to_make_better():
    change = objective_change(f"## Objective: Grow the number of users\n\n{KR}")
    assert change.after is None
    assert "is an amount" in change.note


@pytest.mark.parametrize(
    ("objective", "expected"),
    [
        # VA's CHAMPVA findings report and beneficiary travel OKRs (public domain): left
        # unchanged, '"time" is an aim, not something people use'
        ("Reduce time to submit both CHAMPVA and OHI", "to submit both CHAMPVA and OHI"),
        ("Decrease the time to paid", "to get paid"),
        ("Reduce the time it takes to file a claim", "to file a claim"),
    ],
)
def test_time_people_take_to_do_something_is_that_thing_made_quick(objective, expected):
    key_results = "- Increase the share of Veterans who finish online from [baseline] to [target]\n"
    assert rewritten(objective, key_results) == f"Make it quick for every Veteran {expected}"


def test_a_count_in_a_key_result_is_not_part_of_who_it_counts():
    # Node.js Community Committee: "Make collaboration effortless for every total active
    # contributor", from "Increase number of total active contributors by 3%"
    key_results = "- Increase number of total active contributors by 3%\n"
    objective = "Grow, enhance, and support collaboration across the Node.js project"
    assert (
        rewritten(objective, key_results)
        == "Make collaboration effortless for every active contributor"
    )


@pytest.mark.parametrize("objective", ["Grow ARR consistently", "Grow revenue monthly"])
def test_how_an_objective_grows_is_not_what_follows(objective):
    # Sourcegraph FY22: "… so valuable to every customer that ARR consistently follows"
    after = rewritten(objective)
    assert after.endswith(("that ARR follows", "that revenue follows")), after


def test_a_bare_quality_is_worded_in_lower_case():
    # IPFS 2019: "Improved Performance" became "Make Performance something every user can count
    # on", a capital mid-sentence
    assert rewritten("Improved Performance").startswith("Make performance something every")
    assert rewritten("Improve Uptime") == "Make uptime something every user can count on"
    assert rewritten("Improve MTTR").startswith("Make MTTR something")


@pytest.mark.parametrize(
    "objective",
    [
        "Improve developer productivity",  # Sourcegraph FY22: '"developer productivity" is an aim'
        "Increase efficiency by increasing developer productivity and managing costs.",
    ],
)
def test_how_much_people_get_done_is_their_work_made_easier(objective):
    assert rewritten(objective) == "Help every developer do their best work with less friction"


def test_time_to_market_is_made_quick_for_the_people_named_and_is_no_market():
    # Sourcegraph's product OKRs: left unchanged ('"time" is an aim'); and "time-to-market" read
    # as a market ("the first choice for every customer in each market we enter")
    objective = (
        "Reduce time to market for new features by helping engineering teams identify the MVP "
        "and providing high-fidelity feedback."
    )
    assert rewritten(objective) == "Make it quick for every team to bring new features to market"
    change = objective_change(f"## Objective: Reduce time-to-market for new products\n\n{KR}")
    assert change.after is None or "market we enter" not in change.after


def test_a_time_to_no_action_of_people_is_not_made_quick():
    change = objective_change(f"## Objective: Reduce time to first value\n\n{KR}")
    assert change.after is None or "quick" not in change.after


def test_the_objectives_own_key_results_name_who_it_is_for():
    key_results = (
        "- Increase the share of new admins who finish setup from [baseline] to [target]\n"
    )
    assert rewritten("Grow awareness", key_results) == "Bring awareness to every new admin"
    content = rewritten("Create positively impactful content", key_results)
    assert content.endswith("worth the time of every new admin")


def test_another_objectives_key_results_do_not_count():
    draft = (
        "## Objective: Grow awareness\n\n" + KR + "\n"
        "## Objective: Make checkout effortless for returning customers\n\n"
        "- Increase the share of new admins who finish setup from [baseline] to [target]\n"
    )
    change = objective_change(draft)
    assert change.after is None and "say who benefits" in change.note


def test_a_metric_word_in_a_key_result_is_not_an_audience():
    assert key_result_beneficiary(["Raise weekly active teams from 3 to 5"]) is None
    assert key_result_beneficiary(["Raise the share of Veterans who file online"]) == "Veteran"


@pytest.mark.parametrize(
    ("subject", "kind"),
    [
        ("new website", "made"),
        ("the developer docs", "made"),
        ("Patient booking", "experience"),
        ("the VA.gov platform", "experience"),
        ("code review", "experience"),
        ("awareness", "aim"),
        ("progress", "aim"),
    ],
)
def test_what_a_subject_is(subject, kind):
    assert subject_kind(subject)[0] == kind


# ----------------------------------------------------------------------------- fourth round


def test_debuggability_is_for_the_developers_who_debug():
    after = rewritten("Improve Debuggability and Stability")
    assert "every developer" in after and "engineer on the team" not in after


def test_a_dashboard_named_as_an_objective_is_for_decision_makers():
    """Without its number it would still be a deliverable: the template comes first."""
    line = "* CFO: Real-time dashboard for everything in the Metrics sheet. 100% of metrics."
    draft = f"## Objectives\n\n{line}\n  - {KR[2:]}"
    change = objective_change(draft)
    assert change.after == "CFO: Make our real-time dashboard effortless for every decision maker"


def test_an_objective_with_a_verb_keeps_its_own_words_without_its_numbers():
    assert rewritten("Make onboarding 50% faster for new admins") == (
        "Make onboarding faster for new admins"
    )


@pytest.mark.parametrize(
    "objective",
    [
        "**Support and guide the IPFSConf planning and Content Curation**",
        "**Support the DevConf planning**",
    ],
)
def test_planning_a_conference_is_made_worth_its_attendees_time(objective):
    result = rewrite_text(
        RewriteRequest(
            text=f"## Objectives\n\n- {objective}\n  - {KR[2:]}",
            source="draft.md",
            settings=Settings(),
            provider="offline",
            cache=False,
        )
    )
    name = "IPFSConf" if "IPFSConf" in objective else "DevConf"
    assert f"\n- **Make {name} worth the time of every attendee**\n" in result.new_text


def test_a_long_subject_joined_by_and_is_read_by_its_first_part_only_when_that_is_a_thing():
    """ "the release process and the testing infrastructure": the release process is something
    people use; "the contributor base and the documentation" starts with an aim, and stays
    unread (no "Bring the contributor base to every contributor")."""
    after = rewritten("Improve the release process and the testing infrastructure")
    assert after.startswith("Make the release process ")
    change = objective_change(f"## Objective: Expand the contributor base and the docs\n\n{KR}")
    assert change.after is None


@pytest.mark.parametrize("objective", ["Grow", "Improve", "Grow, "])
def test_an_objective_that_is_only_its_verb_is_left_unchanged_with_a_reason(objective):
    """ "## Objective: Grow" made the offline templates fail (an AttributeError reading the
    list of verbs past the text's end), shown to the user as "the offline templates failed
    (AttributeError: …)" by `coach rewrite` and the API."""
    change = objective_change(f"## Objective: {objective}\n\n{KR}")
    assert change.after is None and change.origin == "unchanged"
    assert "failed" not in change.note and "no short noun phrase" in change.note


@pytest.mark.parametrize(
    ("objective", "expected"),
    [
        # sourcegraph/handbook, 2021 Q2 goals (evals/corpus/real.yaml; not in the review set)
        (
            "Raise the quality bar of our application and product.",
            "Make our application and product rock-solid for every user",
        ),
        (  # real-looking, not from a document
            "Improve the performance of the search API",
            "Make the search API feel instant for every developer who builds on it",
        ),
        # va.gov-team, beneficiary travel OKRs (evals/corpus/real.yaml; not in the review set)
        (
            "Simplify the complexity of submitting a claim",
            "Make submitting a claim effortless for every user",
        ),
        (
            "Reduce the complexity of filing a claim",
            "Make filing a claim effortless for every user",
        ),
        (
            "Improve the usability of the admin console",
            "Make the admin console effortless for every admin",
        ),
    ],
)
def test_a_quality_of_a_thing_words_the_thing_by_that_quality(objective, expected):
    """ "Improve the performance of X" was left unchanged ("no short noun phrase names what it is
    about"): the quality is how to word X, not part of its name."""
    assert rewritten(objective) == expected


def test_a_thing_of_its_own_quality_is_not_who_benefits():
    after = rewritten("Improve the security of our customer accounts")
    assert after.startswith("Make our customer accounts something every ")
    assert "every customer account" not in after


def test_quality_of_life_is_no_quality_of_a_thing():
    change = objective_change("## Objective: Improve the quality of life of our users\n\n" + KR)
    assert change.after is None or "life of our users rock-solid" not in change.after


ENTERPRISE_KR = "- Increase SSO adoption for enterprise customers from 10% to 40%\n"


@pytest.mark.parametrize("objective", ["Grow signups", "Hire 5 engineers"])
def test_only_what_can_be_brought_to_people_is_brought_to_them(objective):
    """ "Grow signups" under a key result naming enterprise customers was "Bring signups to every
    enterprise customer"; "Hire 5 engineers", "Bring engineers to every hire"."""
    change = objective_change(f"## Objective: {objective}\n\n{ENTERPRISE_KR}")
    assert change.after is None or not change.after.startswith("Bring ")
    assert (
        rewritten("Grow awareness", ENTERPRISE_KR) == "Bring awareness to every enterprise customer"
    )


def test_signups_follow_a_valuable_product_and_a_plural_takes_a_plural_verb():
    assert (
        rewritten("Grow signups")
        == "Make our product so valuable to every user that signups follow"
    )
    assert rewritten("Grow sales").endswith(" that sales follow")
    assert rewritten("Grow revenue").endswith(" that revenue follows")


def test_customer_support_is_something_people_use():
    assert rewritten("Improve customer support") == (
        "Make customer support effortless for every customer"
    )


def test_two_verbs_and_a_number_inside_the_subject():
    """PostHog's "Grow and retain our $20k ARR customer base" read its subject as "our" (the
    second verb, then the number cut the phrase) and was left unchanged as "an aim"."""
    change = objective_change(f"## Objective: Grow and retain our $20k ARR customer base\n\n{KR}")
    assert change.after == "Make our product something every customer wants to keep"


def test_an_adverb_before_the_verb_is_not_the_subject():
    """Sourcegraph's "Relentlessly improve the user experience." (evals/corpus/real.yaml) was
    left unchanged with the reason '"our relentlessly improve the user" is an aim'."""
    assert rewritten("Relentlessly improve the user experience.") == (
        "Make our product effortless to use for every user"
    )


@pytest.mark.parametrize(
    ("objective", "subject"),
    [
        # real.yaml's objectives: the reason named "about", "Charles’" and a second task (the
        # year names the plan, so it stays with it)
        ("Hire about 55 people", "people"),
        ("Support Charles’ 2024 OKRs", "the 2024 OKRs"),
        ("Upgrade systems and automate processes", "systems"),
    ],
)
def test_the_reason_names_the_subject_not_what_was_around_a_number_or_a_second_task(
    objective, subject
):
    change = objective_change(f"## Objective: {objective}\n\n{KR}")
    assert change.after is None
    assert f'"{subject}" is an aim' in change.note


def test_one_thing_people_use_is_ours():
    """Springload's OKRs (evals/corpus/real-heldout.yaml): "deliver a big feature on Wagtail" was
    rewritten "Make big feature on Wagtail effortless for every user"."""
    assert rewritten("Deliver a big feature on Wagtail") == (
        "Make our big feature on Wagtail effortless for every user"
    )


def test_a_team_is_people_not_something_they_use():
    """Sourcegraph's "Scale product team to achieve product growth." (evals/corpus/real.yaml) was
    rewritten "Make product team effortless for every team": "product" is a thing people use,
    a product team is people."""
    assert subject_kind("product team") == ("aim", None)
    change = objective_change(
        f"## Objective: Scale product team to achieve product growth.\n\n{KR}"
    )
    assert change.after is None or "effortless" not in change.after


def test_a_common_word_that_is_the_whole_objective_loses_its_capital():
    from coach.rewrite.offline.objectives import _common_word

    # source{d} 2019: was "Make Hiring effortless for every candidate"
    assert rewritten("Hiring", "- Hire 2 engineers\n").startswith("Make hiring effortless")
    assert not _common_word("Babelfish")  # a name keeps it


def test_an_epic_link_is_no_number_and_a_sentence_keeps_its_capital():
    """GitLab FY21 Q3: every objective ends "[Epic NNN](…)", whose number OKR101 read as a
    metric number (27 objectives); and "100% of GitLab team members …" without its number
    began "all GitLab …"."""
    epic = "[Epic 39](https://gitlab.com/groups/gitlab-com/people-group/-/epics/39)"
    assert rewritten(f"100% of GitLab team members are certified in how to use GitLab {epic}") == (
        f"All GitLab team members are certified in how to use GitLab {epic}"
    )
    # the number of the epic alone is no metric number: nothing for OKR101 to fix
    draft = parse_text(f"## Objective: Make every team member fluent in GitLab {epic}\n\n{KR}")
    assert "OKR101" not in {f.rule_id for f in check(draft).findings}


def test_how_something_is_done_is_no_subject():
    """GitLab FY21 Q3: "Using only handbook content, 25 people pass a Knowledge Assessment …"
    was reworded "Make our using only handbook content worth the time of every person"."""
    from coach.rewrite.offline.objectives import objective_subject

    assert objective_subject("Using only handbook content, 25 people pass an assessment", 0) == ""
    assert objective_subject("Build on our platform strengths", 5) == "our platform strengths"


def test_a_process_for_a_thing_stays_a_process():
    """Sourcegraph FY21 Q1: "Create a customer driven product process" was "Make our customer
    driven product effortless for every customer": the process went, and a product was left."""
    assert "product process" in rewritten("Create a customer driven product process")
    assert rewritten("Improve the onboarding experience").startswith("Make onboarding ")


def test_a_team_of_two_trades_is_one_team():
    """Sourcegraph FY21 Q1: "Build the product and design team to support engineering and ARR
    growth" was "Make the product effortless for every team" (the product, cut at "and")."""
    change = objective_change(
        "## Objective: Build the product and design team to support engineering and ARR growth"
        f"\n\n{KR}"
    )
    assert change.after is None or "the product effortless" not in change.after
    assert "the product and design team" in change.note
    assert rewritten("Build the docs and the website").startswith("Make the docs ")
