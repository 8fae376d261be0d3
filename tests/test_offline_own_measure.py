"""A line keeps its own measure rather than drifting to an unrelated template:

- a change with a number on it names a measure, whatever the measure is called: "Increase SWAUs
  by 25%" was left unchanged ("it names no measure") and "Reduce bugs by 25%" drifted to the
  crash-free session rate; both now keep their own metric and get the baseline they lack
  (OKR402). A line that holds a level ("Maintain ≥85% recall …") is not read as a change;
- a number's role: a bound written as a sign ("to <5%") is the target, kept with its sign,
  not part of the metric; a sample size ("across the n=750 ground truth dataset") is no target;
- a state reached ("Core implementation has improved API/CLI test coverage") asks its
  metric to change, for its owner;
- a count is no training topic ("apply organisation of 5 in their work");
- a change written after its metric ("Close cycle reduced to 9 days") is asked of the metric
  alone, whatever the metric's case, and without its auxiliary ("is kept below 1%");
- two measures that move opposite ways ("Uptime and error rate") are not asked to move one way:
  the first is kept;
- "developer experience" alone is no measure: developer satisfaction is;
- being a group's choice ("Make X the default choice for Y") is measured by the share of the group
  that chooses it;
- "content" alone is also what a system stores ("new content added to IPFS"): only content
  written for people to read is measured by qualified signups via organic search.
"""

from __future__ import annotations

import re

import pytest
from offline_rewrites import rewrite
from test_offline_line_shapes import after_of, change_of, draft

# (objective, line, how its rewrite starts): each line keeps its own metric
OWN_METRIC = [
    # a numbered change. sourcegraph/handbook (evals/corpus/real.yaml; not in the review set)
    (
        "Increase engagement with the product.",
        "Increase SWAUs by 25%",
        "Increase SWAUs from [baseline] to [target] (a 25% increase) by end of Q2",
    ),
    # va.gov-team (evals/corpus/real.yaml; not in the review set)
    (
        "Stability",
        "Reduce bugs by 25%",
        "Reduce bugs from [baseline] to [target] (a 25% reduction) by end of Q2",
    ),
    # a bound written as a sign. project-terraforma, Overture places agent OKRs
    # (evals/corpus/real-heldout.yaml)
    (
        "Trustworthy agent outputs",
        "Reduce hallucinated or unsupported agent conclusions to <5% across all outputs.",
        "Reduce hallucinated or unsupported agent conclusions from [baseline] to <5% by",
    ),
    (
        "Trustworthy agent outputs",
        "Reduce false positives (incorrectly flagged valid places) to <10% of all agent "
        "outputs by final demo.",
        "Reduce false positives from [baseline] to <10% by",
    ),
    # a state reached. ipfs/team-mgmt (evals/corpus/real.yaml; not in the review set): was
    # "Increase core implementation has improved API/CLI test coverage from [baseline] …"
    (
        "Make go-ipfs dependable",
        "Core implementation has improved API/CLI test coverage.",
        "Increase API/CLI test coverage of the core implementation from [baseline]",
    ),
    # real-looking, not from a document
    (
        "Keep our alerts worth reading",
        "Cut false alarms to 5% of pages",
        "Cut false alarms from [baseline] to 5%",
    ),
    (
        "Fast checkout",
        "Cut p95 checkout latency to ≤300ms",
        "Cut p95 checkout latency from [baseline] to ≤300ms by",
    ),
    (
        "Make go-ipfs dependable",
        "go-ipfs has improved its startup time",
        "Reduce startup time of go-ipfs from [baseline]",
    ),
    # a change written after its metric, the metric capitalised. GitLab's 2018 Q2 OKRs
    # (evals/rewrite-review/cases.yaml): was left unchanged ("it names no measure": its metric
    # was looked for in its lower case), and then read "Reduce close cycle reduced from …";
    # its target is a length of time, so its metric is a time (test_offline_timed_metric.py)
    (
        "Close faster",
        "Close cycle reduced to 9 days.",
        "Reduce close cycle time from [baseline] to 9 days",
    ),
    # a level held after its metric, with an auxiliary ("is kept below"): the auxiliary is not
    # part of the metric (was "Reduce error rate is from [baseline] …")
    (
        "Stability",
        "The error rate is kept below 1%",
        "Reduce error rate from [baseline] to [target]",
    ),
    # before a verb after its metric, a comma is inside the metric (VA, real.yaml: was
    # "Increase the number of valid from [baseline] …")
    (
        "Make filing a claim effortless for every Veteran",
        "Number of valid, payable claims submitted increases by X%",
        "Increase the number of valid, payable claims submitted from [baseline] to [target]",
    ),
    # a bound in words that negates ("no more than") stays whole with the target; it was read
    # "Reduce churn to no from [baseline] to more than 2%", the bound turned round
    (
        "Keep customers with us",
        "Reduce churn to no more than 2%",
        "Reduce churn from [baseline] to no more than 2%",
    ),
    # "no less than" is a lower bound: the guardrail is "never below"
    (
        "Keep customers with us",
        "Keep NPS no less than 40",
        "Increase NPS from [baseline] to [target] by end of Q2, never below 40",
    ),
    # a plain "low" / "high" says the way, and is not part of the metric (VA, real.yaml: was
    # "Reduce low dropoff when users encounter …")
    (
        "Make applying for care effortless for every Veteran",
        "Low dropoff when users encounter OHI part of merged solution",
        "Reduce dropoff when users encounter OHI part of merged solution from [baseline]",
    ),
    # a list of numbers inside the metric does not end it at its first comma (VA, real.yaml:
    # was "Increase retention at the 30 from [baseline] …")
    (
        "Keep Veterans coming back",
        "Retention at the 30, 60, and 90-day marks increase by 10%",
        "Increase retention at the 30, 60, and 90-day marks from [baseline] to [target] "
        "(a 10% increase)",
    ),
    # a hold that allows a change: the change is the way ("Maintain or reduce"; VA, real.yaml:
    # was "Increase or reduce the amount of time …")
    (
        "Find care fast",
        "Maintain or reduce the amount of time a user selects a facility",
        "Reduce amount of time a user selects a facility from [baseline] to [target]",
    ),
    # what "a 10% increase in" names is the metric (Sourcegraph, real.yaml: was "Increase
    # enterprise announcement drives a 10% increase in enterprise leads from …")
    (
        "Win the enterprise market",
        "Enterprise announcement drives a 10% increase in enterprise leads",
        "Increase enterprise leads from [baseline] to [target] (a 10% increase)",
    ),
    # VA's mobile team OKR table (evals/corpus/real.yaml): the threshold is the guardrail
    (
        "Delight our Veterans",
        "App store rating remains above 4.8",
        "Increase app store rating from [baseline] to [target]",
    ),
    # real-looking, not from a document
    (
        "Ship faster",
        "Onboarding time cut to 2 days",
        "Cut onboarding time from [baseline] to 2 days",
    ),
    # two measures that move opposite ways, no verb: the first (no one verb asks both). VA
    # mobile app OKRs 2024 (evals/rewrite-review/cases.yaml): was "Increase uptime and error
    # rate from [baseline] …", asking for more errors
    ("Stability", "Uptime and error rate", "Increase uptime from [baseline] to [target]"),
    ("Fast search", "Latency and throughput", "Reduce latency from [baseline] to [target]"),
    # an experience is a quality to put a measure on, not a measure: PostHog's website & docs
    # team (evals/rewrite-review/blind-2.yaml) was "Increase developer experience from
    # [baseline] …"; "customer experience" likewise
    ("Nail API docs", "Improve developer experience", "Increase developer satisfaction score"),
    ("Delight our customers", "Improve customer experience", "Increase Net Promoter Score from"),
    # … but its own words say what it is about when it names its thing
    (
        "Make our SDK a joy",
        "Improve the developer experience of our SDK",
        "Increase developer experience of our SDK from [baseline]",
    ),
    # the choice of a group: how many of the group choose it. PostHog's marketing team page
    # (evals/rewrite-review/blind-2.yaml): was "Increase the share of users who succeed with the
    # PostHog for Startups the default choice for technical founders from [baseline] …"
    (
        "Win startups early",
        "Make PostHog for Startups the default choice for technical founders",
        "Increase the share of technical founders who choose PostHog for Startups from [baseline]",
    ),
    # real-looking, not from a document
    (
        "One observability stack",
        "Make Grafana the go-to dashboard for every platform team",
        "Increase the share of platform teams that choose Grafana from [baseline]",
    ),
    (
        "Safer services",
        "Make Rust the preferred language for new services by end of Q2",
        "Increase the share of new services that use Rust from [baseline] to [target] by end of Q2",
    ),
]


@pytest.mark.parametrize(
    ("objective", "line", "expected"), OWN_METRIC, ids=[c[1][:30] for c in OWN_METRIC]
)
def test_the_line_keeps_its_own_metric(objective, line, expected):
    after = after_of(rewrite(draft(objective, line, quarter="FY24Q2")), line[:30])
    assert after.startswith(expected)


def test_a_change_without_a_number_still_names_no_measure():
    line = "Improve docs search"
    change = change_of(rewrite(draft("Make our docs useful", line)), line)
    assert change.after is None or not change.after.startswith("Improve docs search from")


def test_a_held_level_is_not_a_change():
    """project-terraforma (evals/corpus/real-heldout.yaml): not "Increase ≥85% recall … from
    [baseline]"."""
    line = "Maintain ≥85% recall for the three major error types: closed, moved, and renamed."
    change = change_of(rewrite(draft("Find stale places", line)), "Maintain")
    assert change.after is None or "Increase ≥85%" not in change.after


@pytest.mark.parametrize(
    "line",
    [
        # ipfs/team-mgmt (evals/corpus/real.yaml; not in the review set): content a system stores
        "Base32 encoded version 1 CIDs are the default for new content added to IPFS",
        "Content paths resolve from smart contracts without a gateway",  # real-looking
    ],
)
def test_stored_content_is_no_marketing_content(line):
    """ "content" alone was read as marketing content: both lines became "qualified signups via
    organic search"."""
    change = change_of(rewrite(draft("IPFS is easy to build on", line)), line[:20])
    assert change.after is None or "organic search" not in change.after


def test_content_pieces_are_still_marketing_content():
    line = "Develop at least 8 content pieces for the launch"
    after = after_of(rewrite(draft("Launch the new product line", line)), line)
    assert after.startswith("Increase qualified signups via organic search from [baseline]")


def test_a_sample_size_is_no_target():
    """project-terraforma (evals/corpus/real-heldout.yaml): was "… from [baseline] to 750"."""
    line = (
        "Reduce median spatial offset error by 20% compared to the current Project Terraforma "
        "benchmark across the n=750 ground truth dataset."
    )
    after = after_of(rewrite(draft("Pins land where people arrive", line)), line[:30])
    assert after.startswith(
        "Reduce median spatial offset error from [baseline] to [target] (a 20% reduction)"
    )
    assert "to 750" not in after


def test_a_change_by_a_number_is_not_read_as_a_state_reached():
    from coach.rewrite.offline.own import nominal_change

    assert nominal_change("Monthly referral traffic has increased by 50%") is None


def test_a_state_reached_names_its_owner_before_its_target():
    from coach.rewrite.offline.own import nominal_change

    assert nominal_change("The sales team has increased pipeline coverage to 3x") == (
        "Increase pipeline coverage of the sales team to 3x"
    )
    assert nominal_change("Our team has improved onboarding for new users") == (
        "Increase onboarding for new users"  # the team is who works, not whose metric
    )


def test_a_count_is_no_training_topic():
    """springload (evals/corpus/real-heldout.yaml; not in the review set): "Facilitate the
    organisation of 5 workshops" was "the share of attendees who apply organisation of 5 in
    their work"."""
    line = "Facilitate the organisation of 5 workshops"
    after = after_of(rewrite(draft("Build a world-class development team", line)), line)
    assert "apply organisation of 5" not in after
    assert after.endswith("alongside the goal: Facilitate the organisation of 5 workshops")


@pytest.mark.parametrize("particle", ["out", "up", "off"])
def test_a_phrasal_verbs_particle_is_not_the_things_first_word(particle):
    """Sourcegraph's "We've rolled out updated sign up nurture flows (…)" (evals/rewrite-review,
    held-out half) became "the share of recipients of the out updated sign up nurture flows"."""
    line = (
        f"We've rolled {particle} updated sign up nurture flows "
        "(onboarding email sequences for on prem and Cloud)"
    )
    after = after_of(rewrite(draft("Establish a repeatable pipeline motion", line)), "nurture")
    assert "nurture flows" in after
    assert f" {particle} updated" not in after


def test_a_thing_that_works_reliably_is_measured_by_its_success_rate():
    """Sourcegraph's "Browser extensions work reliably on supported code hosts" was left
    unchanged ("no outcome template matches this work")."""
    line = "The browser extension works reliably on supported code hosts"
    after = after_of(
        rewrite(draft("Make code search effortless for every developer", line)), "browser"
    )
    assert "success rate of the browser extension" in after


@pytest.mark.parametrize(
    "line",
    [
        # Sourcegraph's handbook and VA's strategy (evals/corpus/real.yaml): each was rewritten
        # "Increase <the sentence> from [baseline] …" ("Increase we have achieved measurable
        # pipeline", "Increase team satisfaction increases from start of year to end", "Increase
        # test e2e coverage of core workflows OR you must test …")
        "We have achieved measurable pipeline by May",
        "Team satisfaction increases from start of year to end",
        "Ensure test e2e coverage of core workflows OR you must test core workflows manually "
        "each release.",
        # IPFS's 2019 Q1 OKRs: was "Increase lead Maintainer Protocol to become the Maintainer
        # Protocol for the entire organization from [baseline] …"
        "Expand the Lead Maintainer Protocol to become the Maintainer Protocol for the entire "
        "organization",
        # VA (real.yaml): was "… who use the tasks have baseline success rates weekly …"
        "All tasks have baseline success rates collected",
    ],
)
def test_a_sentence_is_not_made_the_metric(line):
    result = rewrite(draft("Grow the business", line, "Raise NPS from 30 to 40 by end of Q2"))
    change = change_of(result, line)
    assert change.after is None or not re.search(
        r"^Increase (?:we|team satisfaction increases|test e2e coverage of|lead Maintainer)"
        r"|who use the tasks have",
        change.after,
    )


def test_a_capability_with_its_bound_is_no_sentence_metric_and_no_app_download():
    """IPFS's package-manager OKRs (evals/corpus/real.yaml): "IPFS can download packages …
    using at most 10% more downstream bandwidth" was rewritten "Increase the share of new app
    users who complete [key action] within their first week …" (the verb "download" read as
    app downloads, the line's 10% dropped); the next candidate made the sentence the metric
    ("Increase IPFS can download packages … using from [baseline] …"). Neither is a rewrite a
    reviewer keeps: the line is left as it is, with the reason."""
    line = (
        "IPFS can download packages from a large package repository using at most 10% more "
        "downstream bandwidth."
    )
    change = change_of(rewrite(draft("Make package managers fast on IPFS", line)), line)
    assert change.after is None
    assert "no outcome template matches" in change.note


def test_sourcing_candidates_to_hire_is_measured_by_the_role_hired():
    """GitLab's 2018 Q2 OKRs (evals/corpus/real-heldout.yaml) list one hiring key result per
    role: "Source 100 candidates and hire 2 monitoring engineers", "… 2 test automation
    Engineers" … Each was measured by "the candidates" (the first "time to hire the
    candidates"; the next, distinct from it, drifted to "mean time to resolve incidents for the
    candidates", "defect escape rate for the candidates", or none): the role hired is the thing."""
    lines = (
        "Source 100 candidates and hire 2 monitoring engineers",
        "Source 100 candidates and hire 2 test automation Engineers",
        "Source 90 candidates and hire 3",
    )
    result = rewrite(draft("Build a world-class engineering team", *lines))
    afters = [after_of(result, line) for line in lines]
    assert not any(re.search(r"incidents|defect|candidates from", a) for a in afters[:2])
    assert re.match(r"Increase offer-acceptance rate|Reduce time to hire", afters[0])
    assert afters[1].startswith("Reduce time to hire the test automation Engineers")
    assert "the 3 from" not in afters[2]  # no role named: not "the 3"
