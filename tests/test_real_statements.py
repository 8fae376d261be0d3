"""The statement rules on text the way real teams publish it (evals/corpus/real.yaml).

Each case is written for this file, in the shapes real OKR documents use (noun-phrase
deliverables, passive or past-tense status, a team as the subject of a task, hiring plans,
roll-outs), not copied from the corpus; the last tests hold the corpus figures as floors.
"""

from __future__ import annotations

import pytest
from evals_scripts import EVALS
from evals_scripts import load as _load

from coach import check, parse_text

checker_accuracy = _load("checker_accuracy")

OBJECTIVE = "Make every new customer successful with our product in their first week"
NEUTRAL_KR = "Reduce median time to first value from 9 days to 3 days by end of Q2"


def _kr_rules(text: str) -> set[str]:
    draft = parse_text(
        f"---\nquarter: Q2 2026\n---\n## Objective: {OBJECTIVE}\n\n- {text}\n- {NEUTRAL_KR}\n",
        "d.md",
    )
    return {f.rule_id for f in check(draft).findings if f.path == "objectives[0].key_results[0]"}


def _objective_rules(text: str) -> set[str]:
    draft = parse_text(
        f"## Objective: {text}\n\n- Raise weekly active teams from 40 to 60\n- {NEUTRAL_KR}\n",
        "d.md",
    )
    return {f.rule_id for f in check(draft).findings if f.path == "objectives[0]"}


@pytest.mark.parametrize(
    "text",
    [
        # noun-phrase deliverables
        "Proof of concept of offline sync",
        "OpenAPI reference documentation for the billing API",
        "A public board listing the next two quarters of roadmap items",
        "Load-testing testbed (10k simulated clients)",
        "4 customer case studies published on the website",
        "2 webinars; 3 tutorials; 1 migration guide",
        # past-tense or passive deliverables
        "Incident runbook extended to cover database failover",
        "Partner programme planning is underway with 60% of partners signed up",
        "Head of Design hired and started in Q2",
        "Privacy policy fully implemented",
        # a role taken up, an integration delivered (js-ipfs 2019 Q1, MIT)
        "IPFS is a transport for npm/tink",
        "A JS IPFS daemon is one (or more!) of the IPFS gateway nodes",
        "The search service is a backend for the new docs site",
        # a team as the subject of a task
        "The platform team ships a self-serve billing portal",
        "Each squad documents its on-call process in the handbook",
        "We are actively measuring developer satisfaction",
        # headcount against a plan, roll-outs, migrations by their own completion
        "Meet the Q2 hiring plan",
        "Onboard 3 new full time engineers",
        "All support agents have access to the new CRM",
        "The new editor is the default for every new document",
        "Migrate 80% of cron jobs to the scheduler service",
        "100% of managers have taken the interviewing training",
        # measurement set-up is work, not a change
        "Baseline onboarding completion rate is established",
        "Track feature requests in a single place",
        # more output made is still output
        "Grow the help centre from 12 tutorials to 30",
        "Increase the number of published case studies from 4 to 10",
        "Grow number of visual snapshots from 8 to 40",
        # an adverb or a gerund in front of the task verb
        "Fully automate the invoice reconciliation process",
        "Writing two onboarding guides for new admins",
        # upkeep, publishing, integration, a work item named by its name alone
        "Every team maintains a ranked list of customer pain points",
        "Make the incident reports public",
        "Payment tools are integrated into the mobile app",
        "Search indexing (blocked on Platform)",
        # a team monitoring or measuring, even with metric words in the object
        "All services are monitoring latency, error rate and saturation",
    ],
)
def test_tasks_and_deliverables_are_flagged(text):
    assert "OKR201" in _kr_rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "There are zero missed renewals this quarter",
        "Our onboarding is one of the best in the industry by end of Q3",  # an aspiration
        "No checkout request has a server error for more than 1 minute",
        "All new services have a lower p95 latency than the ones they replace",
        "Every service has an availability of 99.9% or better",
        "80% or more of engineers are confident they have the context to make decisions",
        "90% of invoices are processed without manual correction",
        "Have the press cover our launch in 3 tier-one publications",
        "1 launch post reaches the Hacker News front page",
        "Low drop off when users reach the payment step",
        "Increase renewal intent score from [baseline] to 90% by end of Q2",
        "Raise the share of sales reps who use the new dashboards weekly from 20% to 60%",
        "A daemon runs for 10 days without a crash",
        "Customers love the new dashboard",
        "Double SEO-sourced pipeline to $600k by end of Q3",
        "Improve search scalability",
        "App load time",
        "Checkout latency",
        "Training completion rate at 90% by end of Q2",
        "Hiring managers report that 80% of new starters felt ready in their first month",
        "New brand guidelines are adopted by every team",
        "Increase weekly active users of the API from 40k to 55k",
    ],
)
def test_outcomes_and_levels_are_not_flagged(text):
    assert "OKR201" not in _kr_rules(text)


def test_a_typo_in_the_first_word_is_not_read_as_a_subject():
    # "finsh migrating …" is a misspelt task verb, left to the rewriter's typo pass
    assert "OKR201" not in _kr_rules("finsh migrating the welcome emails to the new provider")


def test_real_statements_floors():
    evaluation = checker_accuracy.evaluate(EVALS / "corpus" / "real.yaml")
    assert not evaluation.errors
    counts = evaluation.counts
    assert counts["OKR201"].precision >= 0.98 and counts["OKR201"].recall >= 0.92
    assert _task_accuracy(evaluation) >= 0.95


def _task_accuracy(evaluation) -> float:
    krs = [c for c in evaluation.cases if c.kind == "key_result"]
    right = sum(("OKR201" in c.expected) == ("OKR201" in c.got) for c in krs)
    return right / len(krs)


@pytest.mark.parametrize(
    "text",
    [
        "Keep hiring",
        "Improved Reliability",
        "Relentlessly improve the support experience",
        "Automate month-end reporting",
        "Simplify the expense approval flow",
        "Align on the platform strategy",
        "Consolidating the billing services",
        "Hire about 30 engineers",
    ],
)
def test_business_as_usual_objectives_describe_an_activity(text):
    assert "OKR102" in _objective_rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Research is turning today's questions into next year's products",
        "Build a company that thrives as it doubles in size",
        "Establish a repeatable, scalable partner motion",
        "Build the foundation of our support team so we can grow without burning out",
        "Build the foundation to be proactive, not reactive, about renewals",
    ],
)
def test_states_and_qualities_are_not_activities(text):
    assert "OKR102" not in _objective_rules(text)


def test_objective_activity_floor_on_real_statements():
    evaluation = checker_accuracy.evaluate(EVALS / "corpus" / "real.yaml")
    objectives = [c for c in evaluation.cases if c.kind == "objective"]
    right = sum(("OKR102" in c.expected) == ("OKR102" in c.got) for c in objectives)
    assert right / len(objectives) >= 0.95


@pytest.mark.parametrize(
    "text",
    [
        "Signups grow by one-quarter",
        "Weekly active teams double compared to last quarter",
        "Cut support tickets by a third",
        "Half of all accounts have an active admin",
        "One enterprise customer runs the agent on every repository",
        "At least one partner embeds the widget",
        "No payment takes more than 2 seconds to confirm",
        "The sync service can move 1TB of data in under a day",
        "Replication runs at 10MiB/s or faster",
        "XXX developer testimonials about the product",
    ],
)
def test_number_words_units_and_placeholders_count_as_numbers(text):
    assert "OKR401" not in _kr_rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Help the one team that needs it most",
        "Improve search relevance in the first half of the year",
        "Improve search relevance for enterprise users",
    ],
)
def test_a_pronoun_or_a_time_phrase_is_not_a_number(text):
    assert "OKR401" in _kr_rules(text)


def test_a_cadence_is_not_a_relative_change():
    from coach.analysis import analyse_key_result

    assert (
        analyse_key_result("Compensation is reviewed at least twice per year").relative_change
        is None
    )
    assert analyse_key_result("Revenue doubles").relative_change.value == 100.0
    assert analyse_key_result("X claims handled per week").placeholders == ["X"]


def test_key_result_false_alarm_floor_on_real_statements():
    counts = checker_accuracy.evaluate(EVALS / "corpus" / "real.yaml").counts
    assert counts["OKR401"].fp <= 13 and counts["OKR401"].recall == 1.0
    assert counts["OKR406"].recall == 1.0
    # a level held after its subject (OKR203) and earned media (OKR202), the fifteenth session
    assert counts["OKR203"].recall == 1.0 and counts["OKR202"].recall == 1.0


def test_held_out_statement_floors():
    """real-heldout.yaml: statements the rules were not fitted to (labelled blind, figures in
    evals/corpus/README.md). Below the 0.95 bar; held so that changes do not make it worse."""
    evaluation = checker_accuracy.evaluate(EVALS / "corpus" / "real-heldout.yaml")
    assert not evaluation.errors
    assert _task_accuracy(evaluation) >= 0.90
    objectives = [c for c in evaluation.cases if c.kind == "objective"]
    right = sum(("OKR102" in c.expected) == ("OKR102" in c.got) for c in objectives)
    assert right / len(objectives) >= 0.85
