"""General shapes of real lines the offline rewriter left unchanged or measured by the wrong
thing (rewrite-review, tuning half only). Each test reads real lines or their shape."""

from __future__ import annotations

import re

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
        # "list" as a noun: the problems are what the list is of ("share of of …" before)
        (
            "Every team maintains a ranked list of user pain points",
            "the share of user pain points resolved",
        ),
        # ipfs/team-mgmt: a count of problems is the set the share is of ("share of 3 …" before)
        (
            "Bifrost team identify 3 performance issues with go-ipfs",
            "the share of the 3 performance issues resolved",
        ),
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


# ----------------------------------------------------------------------------- fourth round
# (2026-11-28: kinds of thing and shapes of line the lexicon measured by an unrelated template)


@pytest.mark.parametrize(
    ("line", "thing"),
    [
        ("Gateway usage policy is published", "the Gateway usage policy"),
        ("Publish an acceptable use policy for the public API", "the acceptable use policy"),
    ],
)
def test_a_usage_policy_is_measured_by_the_abuse_and_violations_it_prevents(line, thing):
    after = after_of(rewrite(draft("Users know what to expect from our services", line)), line)
    assert after.startswith(f"Reduce abuse reports and violations of {thing}")
    assert "find what they need" not in after


def test_a_policy_of_another_kind_is_still_reference_content():
    line = "Travel policy is published"
    after = after_of(rewrite(draft("Make travel easy for every employee", line)), line)
    assert "abuse reports" not in after


@pytest.mark.parametrize(
    ("line", "roadmap"),
    [
        ("A Package Manager Working Group Roadmap is created", "the Package Manager Working Group"),
        ("Publish the product roadmap", "the product"),
    ],
)
def test_a_roadmap_is_measured_by_its_milestones_that_someone_owns(line, roadmap):
    after = after_of(rewrite(draft("Package managers adopt IPFS", line)), line)
    assert after.startswith(
        f"Increase the share of milestones in {roadmap} roadmap with a committed owner"
        if roadmap == "the product"
        else f"Increase the share of milestones in {roadmap} Roadmap with a committed owner"
    )
    assert "weekly" not in after  # not "active users who use the roadmap weekly"


@pytest.mark.parametrize(
    ("line", "site"),
    [
        ("js.ipfs.io is finished and published", "js.ipfs.io"),
        ("Launch the new website", "the new website"),
    ],
)
def test_a_website_or_a_domain_name_is_measured_by_visitors_who_go_on_to_use_it(line, site):
    after = after_of(rewrite(draft("New user experience is extraordinary", line)), line)
    assert after.startswith(
        f"Increase the share of visitors to {site} who go on to use the product"
    )
    assert "weekly" not in after


def test_a_domain_name_is_read_as_a_website_only_when_it_looks_like_one():
    from coach.rewrite.offline.own import _DOMAIN

    assert _DOMAIN.fullmatch("js.ipfs.io") and _DOMAIN.fullmatch("hackclub.com")
    assert not _DOMAIN.fullmatch("node.js") and not _DOMAIN.fullmatch("v1.2")


@pytest.mark.parametrize(
    ("line", "news", "count"),
    [
        (
            "Amplify and celebrate 20 announcements from JavaScript ecosytem projects",
            "announcements from JavaScript ecosytem projects",
            "20",
        ),
        ("Promote 5 releases from partner projects", "releases from partner projects", "5"),
    ],
)
def test_amplified_news_is_measured_by_the_engagement_it_earns(line, news, count):
    after = after_of(rewrite(draft("Positively affect the ecosystem", line)), line)
    assert after.startswith(f"Increase engagement on the amplified {news} from [baseline]")
    assert count in after and "alongside the goal" in after
    assert "take the next step" not in after


def test_promoting_our_own_product_is_not_amplifying_news():
    from coach.rewrite.offline.own import amplified_engagement

    assert amplified_engagement("Promote the new pricing page") is None


@pytest.mark.parametrize(
    ("line", "joined", "count"),
    [
        (
            "CommComm members and CommComm collaborators speak on CommComm initiatives at 10 confs",
            "CommComm initiatives",
            "10",
        ),
        (
            "Maintainers speak on our mentorship program at 6 conferences",
            "our mentorship program",
            "6",
        ),
    ],
)
def test_talks_on_something_people_join_are_measured_by_who_joins_after_them(line, joined, count):
    after = after_of(rewrite(draft("Positively affect the ecosystem", line)), line)
    assert after.startswith(f"Increase new participants joining {joined} after the talks")
    assert count in after and "alongside the goal" in after


def test_talks_on_a_subject_nobody_joins_are_not_read_as_recruiting():
    from coach.rewrite.offline.own import talk_recruits

    assert talk_recruits("Speak on performance tuning at 3 conferences") is None


@pytest.mark.parametrize(
    ("objective", "line", "readers"),
    [
        (
            "The IPFS Working Groups feel supported and they have the information they need",
            "Ship the first IPFS User Quarterly Report. It documents achievements and demos",
            "the share of IPFS Working Groups that use the first IPFS User Quarterly Report",
        ),
        (
            "Account managers have the information they need",
            "Ship the first quarterly customer report",
            "the share of account managers who use the first quarterly customer report",
        ),
        ("Make planning easy", "Ship the weekly usage report", "the share of readers who use"),
    ],
)
def test_a_report_is_measured_by_the_readers_who_plan_with_it(objective, line, readers):
    """Who reads it: the line's people, else those its objective is about, else "readers"."""
    after = after_of(rewrite(draft(objective, line)), line)
    assert after.startswith(f"Increase {readers}")
    assert "in their planning from [baseline] to [target]" in after


@pytest.mark.parametrize(
    ("objective", "who"),
    [
        ("The IPFS Working Groups feel supported and informed", "IPFS Working Groups"),
        ("Users know what to expect from the ipfs.io services", "users"),
        ("Make admin analytics effortless for every admin", "admins"),
        ("Our customers love the product", "customers"),
        ("ProtoSchool is a growing Top Level Project.", ""),
        ("Used in production", ""),
        (None, ""),
    ],
)
def test_the_people_an_objective_is_about(objective, who):
    from coach.rewrite.offline.subject import audience_of

    assert audience_of(objective) == who


@pytest.mark.parametrize("line", ["Land push notifications", "Ship browser notifications"])
def test_landing_push_notifications_is_measured_by_who_opts_in(line):
    """Push notifications need each user's permission; other notifications (reminders, digests)
    are still measured by the notified users who return."""
    after = after_of(rewrite(draft("Improve customer satisfaction", line)), line)
    assert after.startswith("Increase the share of active users enabling")
    assert "notifications from [baseline] to [target]" in after
    for line in ("Send reminder emails to inactive users", "Add push notifications for carts"):
        after = after_of(rewrite(draft("Improve customer satisfaction", line)), line)
        assert "enabling" not in after and "return to the product" in after  # what they are for


def test_a_capability_of_people_is_not_written_as_a_metric():
    """ "Customers can export their data to CSV" (OKR401) was rewritten "Increase customers can
    export their data to CSV …": a capability is measured by how many of them use it."""
    line = "Customers can export their data to CSV"
    after = after_of(rewrite(draft("Make our users successful", line)), line)
    assert after.startswith("Increase the share of customers who export their data from")


def test_a_capabilitys_object_with_every_is_kept():
    """go-ipfs (kubo) OKR.md, 2018 Q4 (MIT): "Users can opt out of providing every IPLD node (and
    only provide root hashes)" was "the share of users who opt out of providing": "every" ends a
    noun phrase ("runs every week") but begins an action's object."""
    line = "Users can opt out of providing every IPLD node (and only provide root hashes)"
    after = after_of(rewrite(draft("The bandwidth usage is under control", line)), line)
    assert after.startswith("Increase the share of users who opt out of providing every IPLD node")


@pytest.mark.parametrize(
    ("line", "metric"),
    [
        # "Grow IPFS usage through onboarding improvements from [baseline] …": the means
        ("Grow IPFS usage through onboarding improvements", "IPFS usage"),
        # "… recall for the three major error types: closed from [baseline] …": a colon's list
        (
            "Maintain ≥85% recall for the three major error types: closed, moved, and renamed.",
            "recall for the three major error types",
        ),
        # a channel qualifies the metric and stays
        ("Grow signups via referrals from 100 to 200", "signups via referrals"),
        (
            "Increase share of questions resolved through self-service from 20% to 30%",
            "share of questions resolved through self-service",
        ),
    ],
)
def test_a_metric_ends_before_its_means_and_a_colons_list(line, metric):
    from coach.analysis import analyse_key_result
    from coach.rewrite.offline.templates import metric_span

    assert metric_span(line, analyse_key_result(line))[0] == metric


@pytest.mark.parametrize(
    ("line", "subject"),
    [
        ("Migrate to the new platform", "the new platform"),  # was "the to the new platform"
        ("Move to Kubernetes", "Kubernetes"),
        ("Hire to plan. SDR team plan, Field Marketing team plan", None),  # "hire the to plan"
        ("Ship on time", None),
    ],
)
def test_where_work_goes_is_its_thing_and_how_it_is_done_is_none(line, subject):
    from coach.rewrite.offline.own import read_statement

    found = read_statement(line)
    assert (found and found.subject) == subject


@pytest.mark.parametrize(
    "line",
    [
        # Sourcegraph FY22: "Increase board receives monthly financial updates from [baseline] …"
        "The Board receives monthly financial updates",
        # "Increase the share of the proves engineers at Sourcegraph know why their work still
        # active after [period] …"
        "End of quarter survey proves engineers at Sourcegraph know why their work is important",
    ],
)
def test_a_sentence_with_a_verb_of_knowing_or_receiving_is_no_thing_or_metric(line):
    from coach.rewrite.offline.own import read_statement
    from coach.rewrite.offline.subject import is_clause

    assert read_statement(line) is None
    assert is_clause(line)
    after = change_of(rewrite(draft("Make our finances clear to the board", line)), line).after
    assert after is None or not re.search(r"receives monthly|proves engineers", after)


def test_a_short_clause_is_not_read_as_a_thing():
    from coach.rewrite.offline.own import read_statement

    assert read_statement("The CLI supports Windows") is None  # not "the CLI supports Windows"
    found = read_statement("Public status page")
    assert found is not None and found.subject == "the Public status page"


@pytest.mark.parametrize(
    ("line", "people"),
    [
        ("Onboarded 5 new design partners", "the new design partners"),
        ("Signed 3 new partners", "the new partners"),
    ],
)
def test_people_won_over_are_measured_by_how_many_stay_active(line, people):
    after = after_of(rewrite(draft("Make our users successful", line)), line)
    assert after.startswith(f"Increase the share of {people} still active after [period]")
    assert "alongside the goal" in after


@pytest.mark.parametrize(
    ("line", "metric"),
    [
        ("50 pull requests reviewed for other teams", "Reduce time to review and merge PRs"),
        ("Set up a bug bounty program", "Reduce median time to remediate critical vulnerabilities"),
    ],
)
def test_lexicon_phrases_that_named_another_domain(line, metric):
    """A PR reviewed is code review (not "users who succeed with the pull requests"); a bug
    bounty is security (not crash-free sessions)."""
    after = after_of(rewrite(draft("Make our users successful", line)), line)
    assert after.startswith(metric)


def test_a_thing_named_without_a_measure_is_measured_by_the_entry_that_knows_it():
    """ "Improve docs search" was "Increase docs search …"; a quantity ("Reduce ticket backlog")
    or a time ("Cut CI testing time") is still the line's own metric."""
    line = "Improve docs search"
    after = after_of(rewrite(draft("Make our users successful", line)), line)
    assert not after.startswith("Increase docs search")
    line = "Cut CI testing time by 50%"
    after = after_of(rewrite(draft("Make our users successful", line)), line)
    assert after.startswith("Cut CI testing time from [baseline] to [target] (a 50% reduction)")


def test_a_cadence_is_no_part_of_the_thing():
    from coach.rewrite.offline.own import read_statement, talk_recruits

    found = read_statement("Host a virtual meetup every month")
    assert found is not None and found.subject == "the virtual meetup"
    talk = talk_recruits("Give 4 talks about the project at conferences")
    assert (
        talk is not None and talk.metric == "new participants joining the project after the talks"
    )


def test_a_performance_review_is_no_code_review():
    line = "Roll out quarterly performance reviews"
    after = after_of(rewrite(draft("Make our team great", line)), line)
    assert "defects" not in after
    line = "Do 10 architecture reviews"
    after = after_of(rewrite(draft("Make our team great", line)), line)
    assert "share of defects caught by the architecture reviews before release" in after


def test_an_employee_survey_is_read_by_its_enps_and_veterans_are_people():
    line = "Run an employee engagement survey"
    after = after_of(rewrite(draft("Make our team great", line)), line)
    assert after.startswith("Increase employee Net Promoter Score (eNPS) from [baseline]")
    line = "Veterans can check their appeal status online"
    after = after_of(rewrite(draft("Deliver better services to Veterans", line)), line)
    assert after.startswith("Increase the share of veterans who check their appeal status online")


@pytest.mark.parametrize(
    ("line", "metric"),
    [
        (
            "Get 3 companies to run IPFS in production",
            "Increase the number of companies that run IPFS in production from [baseline] to 3",
        ),
        (
            "Get 2 customers to run the agent in production",
            "Increase the number of customers who run the agent in production from [baseline] to 2",
        ),
    ],
)
def test_getting_people_to_do_something_names_its_own_outcome(line, metric):
    """The count is the target, not a task count beside an unrelated outcome."""
    after = after_of(rewrite(draft("Grow adoption", line)), line)
    assert after.startswith(metric)


def test_a_line_that_names_no_measure_and_nothing_known_is_left_to_the_team():
    """ "Support Python 3.12" was "Increase python 3.12 …"; a quality ("gateway reliability")
    is still the line's own metric."""
    result = rewrite(draft("Grow adoption", "Support Python 3.12"))
    assert change_of(result, "Support Python 3.12").after is None
    line = "Improve gateway reliability"
    assert after_of(rewrite(draft("Grow adoption", line)), line).startswith(
        "Increase gateway reliability from [baseline]"
    )


@pytest.mark.parametrize(
    ("line", "not_in_the_rewrite"),
    [
        # Sourcegraph's 2019 Q3 support key result: the second task is no part of the thing
        (
            "Evaluate software solutions and select and implement one",
            "with the software solutions and select",
        ),
        # PostHog's API docs: "Ensure" is not the thing documented
        ("Ensure every endpoint and parameter is documented", "Ensure every"),
    ],
)
def test_a_second_task_and_an_ensure_are_not_read_into_the_thing(line, not_in_the_rewrite):
    after = after_of(rewrite(draft("Make support scale for every customer", line)), line[:20])
    assert not_in_the_rewrite not in after


# Lines of the real structure documents, rewritten one document at a time, whose catch-all
# ("the share of users who succeed with …") measured words that are no thing: a verb's particle
# or adverb, a claim after the thing, a perfect tense, a ticket's title, examples of the line
# above, a vague noun. (line, the thing read or None, its first metric or None)
THINGS_READ = [
    # was "the down implicit team norms"
    ("Write down implicit team norms", "the implicit team norms", None),
    # was "the Successfully implement OKR's"
    ("Successfully implement OKR's", "OKR's", None),
    # was "the Parallelize bitmap generation across multiple cores"
    (
        "Parallelize bitmap generation across multiple cores",
        "the bitmap generation",
        "latency of the bitmap generation",
    ),
    # was "the token highlight layer more efficient"
    (
        "Make the token highlight layer more efficient.",
        "the token highlight layer",
        "latency of the token highlight layer",
    ),
    # was "the Testing an analyzer locally"
    (
        "Testing an analyzer locally is easy: streamlined to 1-2 shell commands",
        "testing an analyzer locally",
        "time spent testing an analyzer locally",
    ),
    # was "the share of what users who succeed with the **the** reference document goals"
    (
        "Create **the** reference document for what users goals are when using IPFS",
        "the reference document",
        "share of readers who find what they need in the reference document",
    ),
    # was "the Overture-compatible … correction file ready for upstream"
    (
        "Export at least one Overture-compatible correction file ready for upstream contribution.",
        "the Overture-compatible correction file",
        None,
    ),
    # was "the blog and have 100 views"
    ("Write a blog and have 100 views.", "the blog", None),
    # was "the presentation" (the catch-all): a presentation is a talk
    (
        "Make a presentation that influence 30+ developers on-site",
        "the presentation",
        "share of attendees of the presentation who [take the next step]",
    ),
    # was "the wrapped up the person-on-event project and have deprecated the old of We"
    (
        "We have wrapped up the person-on-event project and have deprecated the old queries",
        None,
        None,
    ),
    # was "the Such as [Guido’s list](…)"
    ("Such as [Guido’s list](https://github.com/PostHog/posthog/issues/13153)", None, None),
    # was "the [Improve Abuse ML detection and response](…)"
    ("[Improve Abuse ML detection and response](https://gitlab.com/issues/4925)", None, None),
    # were "Plans", "the Short term improvements", "Performance", "the options for …"
    ("Plans are in place for key equity compensation strategies", None, None),
    (
        "Short term improvements are implemented to provide admins the ability to limit sign up",
        None,
        None,
    ),
    ("Update Performance", None, None),
    ("Research options for gitbase plugins", None, None),
    # was "the availability of the sharing an IPFS node"
    ("Understand sharing an IPFS node across different origins", None, None),
    # was "the Operations teams that succeed with the Functional owners"
    (
        "Functional owners are in place for all Operations teams",
        "the Functional owners",
        "share of Operations teams with functional owners",
    ),
    # documents are reference content (was the catch-all)
    (
        "Create and publish 5 documents aimed at lowering the barrier to entry",
        "the documents",
        "share of readers who find what they need in the documents",
    ),
    # was "the away release captain role and adopt continuous releases": automated away is gone
    ("Automate away release captain role and adopt continuous releases", None, None),
    # a usage is a measure, not a thing ("the Vacation usage"), and so is a quality
    (
        "Vacation usage is tracked and 100% of teammates have taken at least 5 days of PTO",
        None,
        None,
    ),
    ("Ensure gitbase interoperability with 3rd party tools", None, None),
    # what is documented is read (was "the share of staff who succeed with the Common …")
    (
        "Common processes, tools and decisions are documented and easily accessible to all staff.",
        "the Common processes, tools and decisions",
        "share of staff who find what they need in the documentation of the Common processes, "
        "tools and decisions",
    ),
    # every one of them documented is the share of them (not "the documentation of the Every
    # file")
    (
        "Every file with a non-trivial change gets fully documented. (!)",
        "the Every file",
        "share of files with a non-trivial change that get fully documented",
    ),
    # was "the New website plan complete", "the information default public"
    ("New website plan complete; V2 updates are rolling out", None, None),
    ("Make information default public.", None, None),
    # a done-word goes from a thing that is no name too ("… for new content added")
    (
        "Base32 encoded version 1 CIDs are the default for new content added to IPFS",
        "Base32 encoded version 1 CIDs as the default for new content",
        None,
    ),
]


@pytest.mark.parametrize(("line", "thing", "metric"), THINGS_READ)
def test_the_catch_all_measures_only_a_thing_the_line_names(line, thing, metric):
    from coach.rewrite.offline.own import own_metrics, read_statement

    found = read_statement(line)
    assert (found and found.subject) == thing
    metrics = [m.metric for m in own_metrics(line)]
    if thing is None:
        assert not any("succeed with" in m for m in metrics), metrics
    if metric is not None:
        assert metrics[0] == metric


def test_a_link_to_a_thing_is_read_by_its_words():
    from coach.rewrite.offline.own import read_statement

    found = read_statement("Produce [strategy visuals](https://gitlab.com/Product/issues/512)")
    assert found is not None and found.head == "visuals"  # was "//gitlab.com/product/issues/512"


@pytest.mark.parametrize(
    ("line", "thing"),
    [
        # source{d} 2019 Q1: "… who use the new version, updated, fixed, including #stars weekly"
        ("Release a new version, updated, fixed, including #stars", "new version"),
        ("Publish a web page dedicated to each use case", "web page"),  # "web page dedicated"
        ("Deliver products on time, without commit other teams", "products"),
        ("Implement the rest of the missing pieces of the spec", "missing pieces"),
    ],
)
def test_a_task_subject_ends_before_a_list_a_participle_or_how_it_is_done(line, thing):
    from coach.rewrite.offline.subject import task_subject

    assert task_subject(line).thing == thing


@pytest.mark.parametrize(
    "line",
    [
        # each was "Increase the share of active users who use <it> weekly …"
        "Map features missing & priorities",  # what is found out is used by no one
        "Write and promote blog series for each feature in the engine",  # a series, no feature
        "Add metrics from playground to main dashboard",
        "Create monthly schedule for videos and themes",
        "A currently responsible human rota is defined",
        "ABM metrics baseline established.",
        "Add shadowdom tests for each FE component",
    ],
)
def test_adoption_is_not_measured_for_what_nobody_uses(line):
    from coach.rewrite.offline.outcomes import subject_metric
    from coach.rewrite.offline.subject import task_subject
    from coach.rewrite.offline.templates import lexicon_candidates

    subject = task_subject(line)
    assert subject is not None
    for entry in [None, *lexicon_candidates(line)]:
        kept = subject_metric(entry, subject)
        assert kept is None or " use " not in kept[0], kept


@pytest.mark.parametrize(
    ("line", "thing"),
    [
        # a second verb is the work: "Identify and deliver" delivers
        (
            "Identify and deliver an improved usage analytics experience for admins.",
            "share of admins who use the improved usage analytics experience weekly",
        ),
        # a beta version is a beta
        (
            "Launch gitbase-spark-connector enterprise beta version.",
            "share of active users who use the gitbase-spark-connector enterprise beta version "
            "weekly",
        ),
    ],
)
def test_adoption_is_still_measured_for_what_is_delivered(line, thing):
    from coach.rewrite.offline.outcomes import subject_metric
    from coach.rewrite.offline.subject import task_subject
    from coach.rewrite.offline.templates import lexicon_candidates

    subject = task_subject(line)
    kept = [subject_metric(e, subject) for e in [None, *lexicon_candidates(line)]]
    assert thing in [k[0] for k in kept if k]


@pytest.mark.parametrize(
    ("line", "thing", "count"),
    [
        ("Hire +1 Product Designer.", "the Product Designer", "1"),  # was "the +1 Product …"
        # Sourcegraph FY20: was "the share of At least four customers still active …"
        (
            "At least four customers are running structural searches",
            "the customers",
            "at least four",
        ),
        # source{d} 2019 Q1: was "the enough documentation"
        (
            "Provide enough documentation to allow a new user to be prolific",
            "the documentation",
            "",
        ),
    ],
)
def test_a_count_or_a_determiner_is_no_part_of_the_thing(line, thing, count):
    from coach.rewrite.offline.own import read_statement

    found = read_statement(line)
    assert (found.subject, found.count) == (thing, count)


@pytest.mark.parametrize(
    "line",
    [
        "Hire someone to own security now and who has the potential to lead a team",
        "Research what ML team can deliver for best-practices-analyzer",  # no people either
    ],
)
def test_a_pronoun_or_a_question_names_no_thing_and_no_people(line):
    from coach.rewrite.offline.own import read_statement
    from coach.rewrite.offline.subject import task_subject, users_of

    assert read_statement(line) is None
    assert task_subject(line) is None or task_subject(line).thing != "someone"
    assert users_of("research what ML team") is None


def test_a_person_named_with_a_is_counted_as_people():
    from coach.rewrite.offline.subject import users_of

    assert users_of("a new user") == ("new users", False)  # was "the share of a new user who …"


def test_a_share_of_many_has_their_own():
    from coach.rewrite.offline.own import share_of

    found = share_of("Each open role has its own customized hiring flow")
    assert found.metric == "share of open roles that have their own customized hiring flow"


def test_numbers_given_as_examples_are_no_target():
    from coach.analysis import analyse_key_result

    # Sourcegraph FY20: ">1 repositories added" was the target of "Reduce time to important
    # admin setup milestones from [baseline] to >1"
    line = (
        "Time to important admin setup milestones (i.e. instance started, admin account "
        "created, >1 repositories added) are tracked in pings."
    )
    assert analyse_key_result(line).target is None
    assert analyse_key_result("Reduce p95 latency (e.g. of search) to 200ms").target.value == 200


def test_a_purpose_that_names_a_measure_is_what_an_unmeasured_line_moves():
    # source{d} 2019 Q1: was "weekly active users of dashboards and reports" ("reporting")
    line = "Improve the error reporting to minimize the number of issues open."
    after = after_of(rewrite(draft("Make engine reliable", line)), line[:30])
    assert after.startswith("Reduce the number of issues open from [baseline]")


def test_a_thing_maintained_in_a_handbook_is_no_code_to_review():
    line = "Roles and responsibilities are documented and maintained in handbook"
    after = change_of(rewrite(draft("Make the team scale", line)), line).after
    assert after is None or "review and merge PRs" not in after


# Real lines no template matched, or matched wrongly, from the per-document and per-line
# sweeps: (line, how its rewrite starts)
REWRITTEN_FROM_THE_LINE = [
    # go-ipfs 2018: tests and their code coverage, not the CI server they run on (it was the
    # delivery family's deployment frequency, "Jenkins")
    (
        "Every package has tests and tests+code coverage are running on Jenkins",
        "Reduce defect escape rate from [baseline]",
    ),
    # PostHog platform 2023: each was left unchanged ("no outcome template matches")
    (
        "Our platforms hit the “elite” level (as defined by DORA) on Deployment Frequency, "
        "Lead Time for Changes, Change Failure Rate, and Time to Restore Service.",
        "Increase deployment frequency from [baseline]",
    ),
    ("Improve our DORA metrics", "Increase deployment frequency from [baseline]"),
    ("Platform user happiness trends in positive direction", "Increase Net Promoter Score"),
    (
        "Platform user/developer happiness trends in positive direction.",
        "Increase developer satisfaction score",
    ),
    # source{d} 2019 Q1, Gerrit: verbs that ask for reliability and polish
    (
        "Stabilize Babelfish in production (support large-scale use from gitbase)",
        "Increase the success rate of Babelfish from [baseline]",
    ),
    (
        "Polish composable submit requirements based on customer feedback",
        "Increase task success rate with the composable submit requirements from [baseline]",
    ),
    # heldout.yaml (a clinic's OKRs): was "the share of users who succeed with the nurses on
    # the new EHR module"; people trained on a thing can use it: how many do
    (
        "Train 200 nurses on the new EHR module",
        "Increase the share of the 200 nurses who use the new EHR module from [baseline]",
    ),
    # volunteers are won over, not hired: who stays (was "offer-acceptance rate")
    (
        "Recruit 100 new volunteers",
        "Increase the share of the new volunteers still active after [period] from [baseline]",
    ),
    # statements.yaml: "build times" is a measure ("times", not only "time"): it was the
    # delivery family's deployment frequency
    ("Dramatically cut build times", "Cut build times from [baseline]"),
    # was "… that use the with Salesforce and HubSpot"
    (
        "Integrate with Salesforce and HubSpot",
        "Increase the share of active accounts that use Salesforce and HubSpot integrations",
    ),
    # a comma inside a parenthesis is no list after the thing (was "the new integrations
    # (Jira by end of Q3")
    (
        "Launch 2 new integrations (Jira, Linear) by Week 10",
        "Increase the share of active accounts that use the new integrations (Jira, Linear) ",
    ),
    # statements.yaml: a version stays with its platform (was "… who use 17 lock-screen widgets
    # weekly", a count), and a thing's delivery is no part of it (was "… who use the new
    # settings page delivered weekly")
    (
        "Add iOS 17 lock-screen widgets to the mobile app",
        "Increase the share of active mobile users who use iOS 17 lock-screen widgets weekly",
    ),
    (
        "Design specs for the new settings page delivered to eng by Week 3",
        "Increase task success rate from [baseline]",
    ),
    # a due date written without its preposition reads "by …" after the target (was "… to
    # [target] end of Q3")
    (
        "Ship the billing page end of Q3",
        "Reduce failed payment rate from [baseline] to [target] by end of Q3",
    ),
    # Node.js CommComm 2020: AMAs are events (was "the share of users who succeed with AMAs")
    ("Run 3 AMAs with folks from our ecosystem", "Increase the share of attendees of AMAs"),
]


@pytest.mark.parametrize(("line", "start"), REWRITTEN_FROM_THE_LINE)
def test_a_rewrite_starts_with_what_the_line_names(line, start):
    after = after_of(rewrite(draft("Make our platform great for every team", line)), line[:30])
    assert after.startswith(start)


@pytest.mark.parametrize(
    ("line", "not_metric"),
    [
        # GitLab FY20 Q4: "…/-/epics/52" in the link's address was the stories family
        (
            "Data team: [Docker-based Analyst workflow with zero-friction and no cross-machine "
            "problems](https://gitlab.com/groups/gitlab-data/-/epics/52)",
            "newly shipped features",
        ),
        # source{d} 2019: tests and a practice named "integration" are no product integration
        ("Add engine cli integration tests", "integration adoption rate"),
        (
            "Lead time, the time between code change and release, is shorter. e.g. Continuous "
            "Integration (CI) duration, PR review time, deployment time",
            "integration adoption rate",
        ),
        # Gerrit 2022, IPFS GUI 2019: finding a manifest or bugs is no customer research, nor
        # (Sourcegraph's hiring OKRs, real.yaml) are a hiring loop's interviews
        ("Natively support repo manifest discovery", "validated customer evidence"),
        ("Standard company values interview for all candidates", "validated customer evidence"),
        # Sourcegraph FY22 Q3: interviewers are trained, no customers asked
        (
            "Automate interview training and ensure that 100% of teammates have gone through "
            "interview training by the end of Q3.",
            "validated customer evidence",
        ),
        (
            "IPFS Desktop and Web UI are tested and released with when there is a new release of "
            "go-ipfs, or in response to discovery of P0 bugs.",
            "validated customer evidence",
        ),
    ],
)
def test_a_link_address_or_another_trades_word_chooses_no_family(line, not_metric):
    from coach.rewrite.offline.templates import lexicon_candidates

    assert not any(not_metric in e.metric for e in lexicon_candidates(line))


@pytest.mark.parametrize(
    ("line", "not_metric"),
    [
        # PostHog's ingestion pipeline: its events are records, no gatherings
        (
            "Persons on Events write path and squash shipped with monitoring and alerting",
            "marketing-sourced qualified pipeline",
        ),
        ("Query time deduplication of events", "marketing-sourced qualified pipeline"),
        ("Pilot offering at 3 events in Q4.", "marketing-sourced qualified pipeline"),
        # go-ipfs 2018 Q4: an implementation is code, no design prototype users are tested on
        ("There is a prototype implementation of GraphSync for go-ipfs", "task completion rate"),
        # source{d} 2018 Q2: tweets that say the team is hiring recruit, they sign no one up
        (
            "Bi-weekly tweets mentioning we are hiring and want more women and non-white people "
            "in our team",
            "signups via social channels",
        ),
        # IPFS project ops 2019 Q3: a bot that reminds the team is its tooling
        (
            "Go and js implementations have systematized operation policies (eg issue triage, "
            "response time, etc), and a github bot to automate reminders",
            "notified users",
        ),
    ],
)
def test_words_of_another_trade_choose_no_family(line, not_metric):
    after = change_of(rewrite(draft("Make our platform great for every team", line)), line).after
    assert after is None or not_metric not in after


@pytest.mark.parametrize(
    ("line", "metric"),
    [
        ("Ramp up to almost daily live events including partners", "marketing-sourced"),
        ("Host 4 in-person events for prospects", "marketing-sourced"),
        ("A alert run-book is published with initial triage steps", "mean time to resolve"),
        ("Test the new checkout prototype with 5 users", "checkout completion rate"),
        ("Post 3 tweets a week about the new API", "signups via social channels"),
        ("Send reminder emails to inactive users", "notified users"),
        (
            "Common processes, tools and decisions are documented and easily accessible to all "
            "staff.",
            "the documentation of the Common processes",
        ),
    ],
)
def test_the_trade_s_own_words_still_choose_it(line, metric):
    after = after_of(rewrite(draft("Make our platform great for every team", line)), line)
    assert metric in after


def test_people_documented_for_a_role_are_no_reading_matter():
    """IPFS project ops 2019 Q3: beside a key result that takes the maintainers' response time,
    "We have documented lead maintainers for all active go and js repos" was measured by the
    readers of "the documentation of the lead maintainers"."""
    first = (
        "Go and js implementations have systematized operation policies (eg issue triage, "
        "response time, etc), and a github bot to automate reminders"
    )
    line = "We have documented lead maintainers for all active go and js repos"
    result = rewrite(draft("Make the IPFS project easy to contribute to", first, line))
    assert "maintainer response" in after_of(result, first)
    change = change_of(result, line)
    assert change.after is None or "documentation of the lead maintainers" not in change.after


def test_a_latency_measured_on_views_keeps_its_own_name():
    """Gerrit 2022: "Speed up median diff rendering latency for views with many files" was read
    as a vanity metric (OKR202, "views") and rewritten "Reduce page load time …"."""
    line = "Speed up median diff rendering latency for views with many files"
    after = after_of(rewrite(draft("Make code review fast for every developer", line)), line)
    assert after.startswith("Reduce median diff rendering latency for views with many files from")


def test_a_counted_goal_drops_a_participle_whose_words_were_cut():
    from coach.rewrite.goal import counted_phrases

    # Node.js CommComm, Sourcegraph: "alongside the goal of 5 documents aimed", "… 2 articles
    # focused"
    assert counted_phrases("Create and publish 5 documents aimed at lowering the barrier") == (
        "5 documents"
    )
    assert counted_phrases("Publish 2 articles focused on talent") == "2 articles"
    assert counted_phrases("Review 3 features shipped") == "3 features shipped"
    # js-ipfs 2019 Q1: "… and 10 different benchmarking scenarios exist" ended "scenarios exist"
    assert counted_phrases("10 different benchmarking scenarios exist") == (
        "10 different benchmarking scenarios"
    )


def test_an_access_review_catches_no_defects():
    # heldout.yaml: was "the share of defects caught by the quarterly access reviews … before
    # release"
    line = "Conduct quarterly access reviews for all production systems"
    after = change_of(rewrite(draft("Keep our systems secure", line)), line).after
    assert after is None or "defects caught" not in after


def test_reactions_are_no_people_who_act():
    from coach.rewrite.lexicon import load_lexicon
    from coach.rewrite.offline.own import reach_value

    # statements.yaml: was "the share of the launch post likes who [take the next step]"
    found = reach_value("Get 5,000 likes on the launch post", load_lexicon().reach)
    assert found.metric == "share of people who see the launch post and [take the next step]"
    followers = reach_value("Grow Instagram followers from 10k to 25k", load_lexicon().reach)
    assert followers.metric == "share of Instagram followers who [take the next step]"


@pytest.mark.parametrize(
    ("line", "read"),
    [
        ("Send monthly product updates to all customers", True),
        # VA 2024, source{d} 2019: changes to a product, not content anyone reads (each was
        # "the share of readers who [take the next step] after reading …")
        (
            "Identify and implement at least 5 navigation updates that expedite getting people",
            False,
        ),
        ("Incremental PGA updates", False),
    ],
)
def test_only_a_regular_or_status_update_is_read(line, read):
    from coach.rewrite.offline.own import own_metrics

    metrics = [m.metric for m in own_metrics(line)]
    assert any("after reading" in m for m in metrics) == read, metrics


@pytest.mark.parametrize(
    ("line", "catch_all"),
    [
        # GitLab 2018 Q2: with the hiring outcomes taken by its siblings, this was "the share of
        # users who succeed with the engineers"
        ("Source 100 candidates and hire 2 engineers", False),
        ("Identify and partner with 4 researchers", False),
        ("Onboard 5 new designers", False),
        # people's words that name software as often keep it
        ("js-cluster client", True),
        ("Launch the developer portal", True),
    ],
)
def test_no_one_succeeds_with_people(line, catch_all):
    from coach.rewrite.offline.own import own_metrics

    metrics = [m.metric for m in own_metrics(line)]
    assert any("who succeed with" in m for m in metrics) == catch_all, metrics


def test_a_line_that_introduces_its_sub_items_keeps_its_colon_last():
    """Node.js website 2020: "Make available the top two features in nodejs.org:" over its
    features became "… in nodejs.org: by end of the quarter"."""
    result = rewrite(
        "## Objective: Make Node.js the easiest runtime for every developer\n\n"
        "- KR: Make available the top two features in nodejs.org:\n  - Dark mode\n"
    )
    [change] = [c for c in result.changes if c.kind == "key_result"]
    assert (
        change.after == "Make available the top two features in nodejs.org by end of the quarter:"
    )
    kr = result.after.draft.objectives[0].key_results[0]
    assert kr.analysis.deadline == "by end of the quarter"
