"""The offline rewriter: every proposal passes the real guard, built from a real check.

Each request comes from a Markdown draft run through ``coach.check`` and the rewrite request
builder, so the findings are the ones a user would see. Every case asserts the exact rewrite
(the rewriter is deterministic), that it passes the guard, that it holds no number the request
does not, and that its ``numbers`` say truthfully where each number comes from.
"""

from __future__ import annotations

import re

import pytest

from coach import check, parse_text
from coach.analysis import find_deadline
from coach.llm.protocol import (
    FindingBrief,
    KeyResultProposal,
    RewriteFailed,
    Rewriter,
    RewriteRequest,
)
from coach.rewrite.guard import allowed_numbers, build_guard, content_words, numbers_in
from coach.rewrite.lexicon import load_lexicon
from coach.rewrite.offline import OfflineRewriter
from coach.rewrite.offline.templates import (
    lexicon_candidates,
    lookup_metric,
    metric_key,
    quarter_deadline,
    windowed_name,
)
from coach.rewrite.requests import build_targets
from coach.rubric import load_rubric
from coach.rubric.vocabulary import load_vocabulary

NEUTRAL = "Make this quarter count for everyone"
"""An objective that shares no words with the cases, so faithfulness rests on the item itself."""
SECOND_KR = "Reduce time to first value from 3 days to 1 day by end of Q2"
GOOD_KR = "Increase onboarding completion rate from 45% to 70% by end of Q2"
KR_PATH = "objectives[0].key_results[0]"


def request_for(
    item: str,
    *,
    kind: str = "key_result",
    quarter: str | None = None,
    objective: str = NEUTRAL,
    metrics: tuple[tuple[str, str], ...] = (),
) -> RewriteRequest:
    """The rewrite request for ``item`` in a real two-key-result draft, from a real check."""
    front = f"---\nquarter: {quarter}\n---\n\n" if quarter else ""
    if kind == "objective":
        body, path = f"## Objective: {item}\n\n- {GOOD_KR}\n- {SECOND_KR}\n", "objectives[0]"
    else:
        body, path = f"## Objective: {objective}\n\n- {item}\n- {SECOND_KR}\n", KR_PATH
    report = check(parse_text(front + body, source="draft.md"))
    targets = {t.path: t for t in build_targets(report, load_rubric(), metrics)}
    assert path in targets, f"the checker finds nothing to rewrite in {item!r}"
    return targets[path].request


def propose(request: RewriteRequest):
    guard = build_guard(request)
    proposal = OfflineRewriter().propose(request, guard)
    assert guard(proposal) == []
    assert numbers_in(proposal.text) <= allowed_numbers(request)
    if isinstance(proposal, KeyResultProposal):
        _assert_numbers_truthful(proposal, request)
    return proposal


def keeping_its_numbers(request: RewriteRequest, outcome: str) -> str:
    """Issue 11: an outcome for a task (OKR201) or a reach metric (OKR202) that leaves out a
    number the item states (its count, its from/to) keeps the item after it, as the team wrote
    it: "…, alongside the goal: Publish 30 new help center articles". A task's due date ("by
    Week 6") is not such a number, and the sentence stays within the guard's 220 characters."""
    item = re.split(r"(?<=[.!?])\s+", request.text.strip(), maxsplit=1)[0]  # not what follows

    def standing(text: str) -> set[float]:  # "5", "125k", "50%"; not the 2 of "2FA" or "v2.0"
        return numbers_in(" ".join(re.findall(r"(?<![\w.])\d[\d,.]*[kKmM%x]?(?!\w)", text)))

    due = find_deadline(item)[0] or ""
    lost = standing(item) - standing(outcome) - standing(request.quarter or "") - standing(due)
    rules = {f.rule_id for f in request.findings}
    kept = f"{outcome}, alongside the goal: {item.rstrip('.')}"
    if len(kept) > 220:  # too long: only the counts with their nouns ("30 discovery interviews")
        stop = r"(?!(?:of|for|on|in|at|to|from|with|by|and|or)\b)"
        counts = re.findall(rf"(?<![\w.])\d[\d,.]*[kKmM%]?\+?(?:\s+{stop}[\w'#/+-]+){{1,3}}", item)
        kept = f"{outcome}, alongside the goal of {' and '.join(counts)}"
    if not lost or not rules & {"OKR201", "OKR202", "OKR401"} or len(kept) > 220:
        return outcome
    # the goal is restated even when it names the output measure the outcome replaces ("sprint
    # velocity … story points"): the rules read the outcome before it, not the goal
    return kept


def _assert_numbers_truthful(proposal: KeyResultProposal, request: RewriteRequest) -> None:
    listed = {n.value for n in proposal.numbers}
    assert set(re.findall(r"\[[^\]]+\]", proposal.text)) <= listed
    assert set().union(*(numbers_in(v) for v in listed)) == numbers_in(proposal.text)
    metric_values = {value for _, value in request.metrics}
    for use in proposal.numbers:
        assert use.value in proposal.text
        if use.source == "placeholder":
            assert use.value.startswith("[")
        elif use.source == "metrics":
            assert use.value in metric_values
        elif use.source == "original":
            assert numbers_in(use.value) <= numbers_in(request.text)
        else:
            assert use.source == "draft"
            context = [request.quarter or "", request.objective, *request.context_lines]
            assert any(numbers_in(use.value) <= numbers_in(c) for c in context)
    for field in (proposal.baseline, proposal.target):
        assert field is None or field in proposal.text


# ----------------------------------------------------------------------------- the guide's seeds
ONBOARDING_O = "Make every new user feel confident and capable within their first 7 days"
RESEARCH_O = "Ground all Q2 product decisions in validated customer insight, not assumptions"
QUALITY_O = "Ship faster and more reliably without increasing defect escape rate"
SATISFACTION_O = "Become the product our enterprise customers recommend without being asked"
PLACEHOLDERS = "from [baseline] to [target]"
SEEDS = [
    (
        "Launch the new onboarding flow by Week 6",
        ONBOARDING_O,
        f"Increase onboarding completion rate {PLACEHOLDERS} by end of the quarter",
        f"Increase onboarding completion rate {PLACEHOLDERS} by end of Q2",
    ),
    (
        "Ship the redesigned checkout flow",
        NEUTRAL,
        f"Increase checkout completion rate {PLACEHOLDERS} by end of the quarter",
        f"Increase checkout completion rate {PLACEHOLDERS} by end of Q2",
    ),
    (
        "Conduct 20 user interviews",
        NEUTRAL,
        "Increase the share of roadmap decisions backed by validated customer evidence "
        f"{PLACEHOLDERS} by end of the quarter",
        "Increase the share of roadmap decisions backed by validated customer evidence "
        f"{PLACEHOLDERS} by end of Q2",
    ),
    (
        "Conduct 3 workshops",
        NEUTRAL,
        f"Increase the share of attendees who apply [the practice] in their work {PLACEHOLDERS} "
        "by end of the quarter",
        f"Increase the share of attendees who apply [the practice] in their work {PLACEHOLDERS} "
        "by end of Q2",
    ),
    (  # the item names its quarter: the roadmap lock is the task's date, Q2 the outcome's
        "Conduct 30 discovery interviews with target customer segment before Q2 roadmap lock",
        RESEARCH_O,
        "Increase the share of roadmap decisions backed by validated customer evidence "
        f"{PLACEHOLDERS} by end of Q2",
        "Increase the share of roadmap decisions backed by validated customer evidence "
        f"{PLACEHOLDERS} by end of Q2",
    ),
    (
        "Reach 1 million app downloads",
        NEUTRAL,
        "Increase the share of new app users who complete [key action] within their first week "
        f"{PLACEHOLDERS} by end of the quarter",
        "Increase the share of new app users who complete [key action] within their first week "
        f"{PLACEHOLDERS} by end of Q2",
    ),
    (  # the relative change stays beside the placeholders; the item's own deadline stays
        "Increase daily active users by 20% in the next quarter.",
        "Improve User Engagement",
        f"Increase daily active users {PLACEHOLDERS} (a 20% increase) in the next quarter",
        f"Increase daily active users {PLACEHOLDERS} (a 20% increase) in the next quarter",
    ),
    (  # "below 3%" is a ceiling, not today's value: no baseline from it; it stays, as the guardrail
        "Maintain defect escape rate below 3% across all Q2 releases",
        QUALITY_O,
        f"Reduce defect escape rate {PLACEHOLDERS} across all Q2 releases, never above 3%",
        f"Reduce defect escape rate {PLACEHOLDERS} across all Q2 releases, never above 3%",
    ),
    (  # the target stays; the quarter-end survey becomes a bi-weekly pulse
        "Achieve 90% or higher renewal intent score from quarterly health check survey",
        SATISFACTION_O,
        "Increase renewal intent score from [baseline] to 90% by end of the quarter, "
        "measured by a bi-weekly pulse survey",
        "Increase renewal intent score from [baseline] to 90% by end of Q2, "
        "measured by a bi-weekly pulse survey",
    ),
]


@pytest.mark.parametrize(("item", "objective", "expected", "_"), SEEDS, ids=[s[0] for s in SEEDS])
def test_seed_weak_key_result_without_a_quarter(item, objective, expected, _):
    request = request_for(item, objective=objective)
    assert propose(request).text == keeping_its_numbers(request, expected)


@pytest.mark.parametrize(("item", "objective", "_", "expected"), SEEDS, ids=[s[0] for s in SEEDS])
def test_seed_weak_key_result_in_a_q2_draft(item, objective, _, expected):
    request = request_for(item, objective=objective, quarter="Q2 2026")
    proposal = propose(request)
    assert proposal.text == keeping_its_numbers(request, expected)
    # the rewrite is a clean key result: nothing the rubric flags as an error or a task
    draft = f"## Objective: {objective}\n\n- {proposal.text}\n- {SECOND_KR}\n"
    fired = {f.rule_id for f in check(parse_text(draft)).findings if f.path == KR_PATH}
    assert not fired & {"OKR201", "OKR202", "OKR203", "OKR401", "OKR402", "OKR403", "OKR404"}


def test_seed_fields_are_filled_truthfully():
    p = propose(request_for("Ship the redesigned checkout flow", quarter="Q2 2026"))
    assert (p.metric, p.direction, p.baseline, p.target, p.deadline) == (
        "checkout completion rate", "increase", "[baseline]", "[target]", "by end of Q2",
    )  # fmt: skip
    assert [(n.value, n.source) for n in p.numbers] == [
        ("[baseline]", "placeholder"), ("[target]", "placeholder"), ("Q2", "draft"),
    ]  # fmt: skip
    p = propose(request_for("Increase daily active users by 20% in the next quarter."))
    assert (p.metric, p.baseline, p.target, p.deadline) == (
        "daily active users", "[baseline]", "[target]", "in the next quarter",
    )  # fmt: skip
    assert ("20%", "original") in [(n.value, n.source) for n in p.numbers]
    p = propose(
        request_for(
            "Achieve 90% or higher renewal intent score from quarterly health check survey",
            quarter="Q2 2026",
        )
    )
    assert (p.metric, p.baseline, p.target) == ("renewal intent score", "[baseline]", "90%")
    assert ("90%", "original") in [(n.value, n.source) for n in p.numbers]


# ----------------------------------------------------------------------------- the user's metrics
def test_checkout_takes_its_baseline_from_the_metrics():
    metrics = (("onboarding completion rate", "45%"), ("checkout completion rate", "62%"))
    p = propose(
        request_for("Ship the redesigned checkout flow", quarter="Q2 2026", metrics=metrics)
    )
    assert p.text == "Increase checkout completion rate from 62% to [target] by end of Q2"
    assert (p.baseline, p.target) == ("62%", "[target]")
    assert ("62%", "metrics") in [(n.value, n.source) for n in p.numbers]


def test_a_metric_of_another_subject_is_never_taken():
    metrics = (("checkout completion rate", "62%"),)
    p = propose(request_for("Launch the new onboarding flow by Week 6", metrics=metrics))
    assert p.text == f"Increase onboarding completion rate {PLACEHOLDERS} by end of the quarter"
    assert "62" not in p.text


def test_a_target_in_the_metrics_file_is_used():
    metrics = (("Checkout Completion Rate", "62%"), ("checkout completion target", "80%"))
    p = propose(request_for("Checkout redesign shipped", quarter="Q2 2026", metrics=metrics))
    assert p.text == "Increase checkout completion rate from 62% to 80% by end of Q2"
    assert [(n.value, n.source) for n in p.numbers][:2] == [("62%", "metrics"), ("80%", "metrics")]


@pytest.mark.parametrize(
    ("item", "metrics", "expected"),
    [
        (
            "Increase daily active users by 20% in the next quarter.",
            (("DAU", "12,400"),),
            "Increase daily active users from 12,400 to [target] (a 20% increase) in the next "
            "quarter",
        ),
        (
            "Maintain defect escape rate below 3% across all Q2 releases",
            (("Defect escape rates", "2.4%"),),
            "Reduce defect escape rate from 2.4% to [target] across all Q2 releases, never above 3%",
        ),
        (
            # the team's own name for its metric, from its metrics file
            "Send the NPS survey to all customers by Week 2",
            (("NPS", "+31"),),
            "Increase NPS from +31 to [target] by end of the quarter",
        ),
        (
            "Achieve 90% or higher renewal intent score from quarterly health check survey",
            (("renewal intent", "84%"),),
            "Increase renewal intent score from 84% to 90% by end of the quarter, measured by a "
            "bi-weekly pulse survey",
        ),
        (  # today's value is above the old target: the target becomes a placeholder, not a lie
            "Achieve 90% or higher renewal intent score from quarterly health check survey",
            (("renewal intent score", "93%"),),
            "Increase renewal intent score from 93% to [target] by end of the quarter, measured "
            "by a bi-weekly pulse survey",
        ),
    ],
)
def test_metrics_values_fill_the_baseline(item, metrics, expected):
    p = propose(request_for(item, metrics=metrics))
    assert p.text == expected
    assert ("metrics" in {n.source for n in p.numbers}) and "[baseline]" not in p.text


@pytest.mark.parametrize(
    ("name", "metric", "matches"),
    [
        ("Checkout Completion Rate", "checkout completion rate", True),
        ("checkout rate", "checkout completion rate", True),
        ("checkout completion %", "checkout completion rate", True),
        ("Daily Active Users", "daily active users", True),
        ("DAU", "daily active users", True),
        ("NPS", "Net Promoter Score", True),
        ("crash-free sessions", "crash-free session rate", True),
        ("onboarding completion rate", "checkout completion rate", False),
        ("checkout conversion rate", "checkout completion rate", False),
        ("weekly active users", "daily active users", False),
        ("rate", "checkout completion rate", False),
    ],
)
def test_metric_names_match_tolerantly_but_not_across_subjects(name, metric, matches):
    assert (lookup_metric(metric, ((name, "50%"),))[0] == "50%") is matches
    assert (metric_key(name) == metric_key(metric)) is matches


@pytest.mark.parametrize(
    ("name", "metric", "matches"),
    [
        ("new-user 7-day retention", "new-user retention", True),
        ("30-day churn", "churn", True),
        ("Day 30 retention", "retention", False),  # a day of the cohort, not a window
        ("new-user 7-day retention", "7-day retention", False),  # the metric names its own
        ("30-day churn", "new-user retention", False),
    ],
)
def test_a_users_metric_that_adds_a_window_is_the_same_metric(name, metric, matches):
    assert (lookup_metric(metric, ((name, "31%"),))[0] == "31%") is matches
    assert (windowed_name(metric, ((name, "31%"),)) == name) is matches


def test_a_facet_measures_a_task_whose_first_metric_a_sibling_takes():
    # the README's example: KR2 measures onboarding completion, so KR1's launch was measured as
    # "the share of new users who succeed with the new onboarding flow", KR2's metric in other
    # words; the family's next facets are time to first value (KR4 here) and new-user retention,
    # which the metrics file holds with its window
    draft = """---
quarter: Q3 2026
---

## Objective: Make every new user confident within their first week

- Launch the new onboarding flow by Week 6
- Increase onboarding completion rate from 45% to 70% by end of Q3
- Reduce time to first value from 3 days to 1 day by end of Q3
"""
    from offline_rewrites import rewrite

    result = rewrite(draft, metrics=(("new-user 7-day retention", "31%"),))
    change = next(c for c in result.changes if c.line == 7)
    assert change.after == "Increase new-user 7-day retention from 31% to [target] by end of Q3"
    assert {n.value: n.source for n in change.numbers}["7"] == "metrics"


def test_metric_values_without_a_number_are_ignored():
    assert lookup_metric("checkout completion rate", (("checkout completion rate", "n/a"),)) == (
        None, None,
    )  # fmt: skip


# ----------------------------------------------------------------------------- task-style KRs
EVERY_TEAM = [
    # product
    ("Replace the legacy search with Elasticsearch", None,
     f"Increase search success rate {PLACEHOLDERS} by end of the quarter"),
    ("Launch personalized recommendations on the home page", None,
     f"Increase click-through rate on recommendations {PLACEHOLDERS} by end of the quarter"),
    ("Add push notifications for abandoned carts", None,
     f"Increase the share of notified users who return to the product {PLACEHOLDERS} by end of "
     "the quarter"),
    ("Release v2.0 of the mobile app to the App Store by Week 10", None,
     f"Increase weekly retention of mobile app users {PLACEHOLDERS} by end of the quarter"),
    ("Deliver 5 new dashboards for the sales team", None,  # its users kept: the sales team
     f"Increase the share of sales team members who use the new dashboards weekly {PLACEHOLDERS} "
     "by end of the quarter"),
    ("Redesign the pricing page", "Q3 2026",
     f"Increase pricing page conversion rate {PLACEHOLDERS} by end of Q3"),
    ("Run 4 A/B tests on the pricing page", None,  # the area, not the kind of output
     f"Increase pricing page conversion rate {PLACEHOLDERS} by end of the quarter"),
    ("Launch a referral program", None,
     f"Increase the share of new customers acquired through referrals {PLACEHOLDERS} by end of "
     "the quarter"),
    ("Migrate billing service to Stripe by end of Q2", None,  # its own end-of-period deadline
     f"Reduce failed payment rate {PLACEHOLDERS} by end of Q2"),
    ("Localize the app into Spanish, German and Japanese", None,
     f"Increase activation rate of new accounts in new markets {PLACEHOLDERS} by end of the "
     "quarter"),
    ("Fix WCAG contrast issues across the web app", None,
     f"Increase task success rate for people using assistive technology {PLACEHOLDERS} by end "
     "of the quarter"),
    ("Build a cancellation flow with save offers", None,
     f"Reduce monthly customer churn rate {PLACEHOLDERS} by end of the quarter"),
    ("Add an in-app ratings prompt", None,
     f"Increase average app store rating {PLACEHOLDERS} by end of the quarter"),
    # support
    ("Publish 30 new help center articles", None,
     f"Increase the share of support questions resolved through self-service {PLACEHOLDERS} by "
     "end of the quarter"),
    ("Launch an AI chatbot for support", None,
     f"Increase the share of support conversations resolved without an agent {PLACEHOLDERS} by "
     "end of the quarter"),
    ("Training for all support agents on the new macros done by Week 5", None,
     f"Increase first-contact resolution rate {PLACEHOLDERS} by end of the quarter"),
    # engineering, platform, security, data
    ("Enable HTTP/2 on all edge load balancers", None,
     f"Reduce page load time {PLACEHOLDERS} by end of the quarter"),
    ("Set up PagerDuty on-call rotation for the payments team", None,
     f"Reduce mean time to resolve incidents {PLACEHOLDERS} by end of the quarter"),
    ("Move CI from Jenkins to GitHub Actions", None,
     f"Increase deployment frequency {PLACEHOLDERS} by end of the quarter"),
    ("Write 400 unit tests", None,
     f"Reduce defect escape rate {PLACEHOLDERS} by end of the quarter"),
    ("Implement SSO (SAML + OIDC) for the enterprise tier", None,
     f"Increase the share of enterprise accounts signing in with SSO {PLACEHOLDERS} by end of "
     "the quarter"),
    ("Add 2FA to the admin console", None,
     "Increase the share of accounts protected by multi-factor authentication "
     f"{PLACEHOLDERS} by end of the quarter"),
    ("Run a phishing simulation every month", None,
     f"Reduce phishing simulation click rate {PLACEHOLDERS} by end of the quarter"),
    ("Kick off the SOC 2 readiness project", "Q3 2026",  # a binary milestone outcome
     "Achieve SOC 2 compliance confirmed by an independent audit by end of Q3"),
    ("Build the new data pipeline for product events", None,
     f"Reduce the number of data quality incidents {PLACEHOLDERS} by end of the quarter"),
    ("Document the top 50 tables in the data catalog", None,
     f"Reduce median time to answer a data request {PLACEHOLDERS} by end of the quarter"),
    # marketing and sales
    ("Publish 12 blog posts on data governance", None,
     f"Increase qualified signups via organic search {PLACEHOLDERS} by end of the quarter"),
    ("Run 3 webinars for the mid-market segment", None,
     f"Increase marketing-sourced qualified pipeline {PLACEHOLDERS} by end of the quarter"),
    ("Create a sales playbook for the enterprise segment", None,
     f"Increase win rate on qualified opportunities {PLACEHOLDERS} by end of the quarter"),
    ("Make 200 cold calls per week", None,
     f"Increase outbound-sourced qualified pipeline {PLACEHOLDERS} by end of the quarter"),
    ("Roll out new MEDDICC training to all AEs by Week 4", None,
     f"Increase win rate on qualified opportunities {PLACEHOLDERS} by end of the quarter"),
    ("Hold 4 QBRs with top-20 accounts", None,
     f"Increase net revenue retention {PLACEHOLDERS} by end of the quarter"),
    ("Set up a mentoring program for new engineering managers", None,  # → WAU of the program
     "Increase the share of mentees who meet the development goals they set with their mentor "
     f"{PLACEHOLDERS} by end of the quarter"),
    ("Launch the rebrand by April 1", None,  # → the share of active users who use the rebrand
     f"Increase aided brand awareness among target buyers {PLACEHOLDERS} by end of the quarter"),
    ("Roll out the new brand guidelines to every regional team", None,  # → self-service docs
     "Increase the share of new marketing materials that follow the brand guidelines "
     f"{PLACEHOLDERS} by end of the quarter"),
    # people and finance
    ("Audit fieldwork completed with no material weaknesses reported", None,  # → catch-all
     f"Reduce material weaknesses found in the external audit {PLACEHOLDERS} by end of the quarter"),
    ("Hire 3 senior backend engineers by end of Q3", None,
     f"Increase offer-acceptance rate {PLACEHOLDERS} by end of Q3"),
    ("Automate invoice matching", None,
     f"Reduce days to close the books {PLACEHOLDERS} by end of the quarter"),
    # the guide's outputs→outcomes table
    ("Ship 12 features this quarter", None,
     f"Increase weekly adoption rate of the new features {PLACEHOLDERS} this quarter"),
    ("Fix 50 P1 bugs from the backlog", None,
     f"Increase crash-free session rate {PLACEHOLDERS} by end of the quarter"),
    ("Complete 40 user stories this sprint", None,
     f"Increase adoption rate of newly shipped features {PLACEHOLDERS} by end of the quarter"),
    ("Deliver design specs for the onboarding flow by Week 3", None,
     f"Increase onboarding completion rate {PLACEHOLDERS} by end of the quarter"),
    ("Partner integration APIs built and documented", None,
     f"Increase integration adoption rate {PLACEHOLDERS} by end of the quarter"),
    ("Increase sprint velocity from 32 to 45 story points by end of Q2", None,
     f"Increase Net Promoter Score {PLACEHOLDERS} by end of Q2"),
    # the purpose clause names the outcome
    ("Launch referral program to increase signups by 10%", None,
     f"Increase signups {PLACEHOLDERS} (a 10% increase) by end of the quarter"),
    ("Build a churn prediction model to reduce churn by 5%", None,
     f"Reduce churn {PLACEHOLDERS} (a 5% reduction) by end of the quarter"),
    # deliverables written as noun phrases
    ("New onboarding flow live by Week 6", None,
     f"Increase onboarding completion rate {PLACEHOLDERS} by end of the quarter"),
    ("Checkout redesign shipped", "Q2 2026",
     f"Increase checkout completion rate {PLACEHOLDERS} by end of Q2"),
    # "training images" are data, not a workshop; "performance" here is people, not page speed
    ("Label 50,000 training images for the defect classifier", None,
     f"Increase model accuracy on production data {PLACEHOLDERS} by end of the quarter"),
    ("Roll out performance calibration training to all managers", None,  # the practice, named
     "Increase the share of managers who apply performance calibration in their work "
     f"{PLACEHOLDERS} by end of the quarter"),
    # a dependency stays the user's to name
    ("Launch partner portal, depends on another team", None,  # the portal, not any integration
     f"Increase the share of active accounts that use the partner portal {PLACEHOLDERS} by end "
     "of the quarter, depends on another team"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("item", "quarter", "expected"), EVERY_TEAM, ids=[c[0] for c in EVERY_TEAM]
)
def test_task_becomes_the_outcome_it_should_move(item, quarter, expected):
    request = request_for(item, quarter=quarter)
    assert "OKR201" in {f.rule_id for f in request.findings}
    proposal = propose(request)
    assert proposal.text == keeping_its_numbers(request, expected)
    assert proposal.metric in proposal.text


def test_there_are_enough_task_cases_from_enough_teams():
    assert len(EVERY_TEAM) >= 25
    assert len({c[2].split(" from ")[0] for c in EVERY_TEAM}) >= 25


# ----------------------------------------------------------------------------- metric key results
METRIC_CASES = [
    # the lexicon's social-signups entry keeps the team's reach numbers beside it: the restated
    # goal is context, not the metric, so its "followers" is no vanity (it was, before issue 11)
    ("Grow Instagram followers from 10k to 25k by end of Q2", None, {"OKR202"},
     f"Increase qualified signups via social channels {PLACEHOLDERS} by end of Q2"),
    ("Increase page views from 200,000 to 350,000 per month by end of Q3", None, {"OKR202"},
     f"Increase website signup conversion rate {PLACEHOLDERS} by end of Q3"),
    ("Reach 50,000 registered users by end of Q2", None, {"OKR202"},
     "Increase the share of new sign-ups who complete [key action] within their first week "
     f"{PLACEHOLDERS} by end of Q2"),
    ("Reduce churn to 5% by end of Q2", None, {"OKR402"},
     "Reduce churn from [baseline] to 5% by end of Q2"),
    ("Double the number of teams using saved reports by end of Q2", None, {"OKR402"},
     f"Double the number of teams using saved reports {PLACEHOLDERS} by end of Q2"),
    ("Reduce support ticket volume per active user by 30%", "Q2 2026", {"OKR402"},
     f"Reduce support ticket volume per active user {PLACEHOLDERS} (a 30% reduction) by end of "
     "Q2"),
    # "Maintain 99.9% uptime" states today's value; "under 500ms" is a ceiling, kept as the guardrail
    ("Maintain 99.9% uptime for the payments API", "Q3 2026", {"OKR203"},
     "Increase uptime for the payments API from 99.9% to [target] by end of Q3"),
    ("Keep p99 latency under 500ms", "Q3 2026", {"OKR203"},
     f"Reduce p99 latency {PLACEHOLDERS} by end of Q3, never above 500ms"),
    ("Reduce ticket backlog", None, {"OKR401", "OKR403"},
     f"Reduce ticket backlog {PLACEHOLDERS} by end of the quarter"),
    ("improve nps", "Q2 2026", {"OKR401"},
     f"Increase NPS {PLACEHOLDERS} by end of Q2"),
    ("Better retention for SMB customers", None, {"OKR401", "OKR403"},
     f"Increase retention for SMB customers {PLACEHOLDERS} by end of the quarter"),
    ("Customers love the new dashboard", None, {"OKR401", "OKR403"},
     f"Increase weekly active users of dashboards and reports {PLACEHOLDERS} by end of the "
     "quarter"),
    ("Significantly reduce onboarding drop-off by end of Q2", None, {"OKR401", "OKR407"},
     f"Reduce onboarding drop-off {PLACEHOLDERS} by end of Q2"),
    ("Lift partner satisfaction from 7.2 to 8.5 in the quarterly partner survey by end of Q3",
     None, {"OKR404"},
     "Lift partner satisfaction from 7.2 to 8.5 by end of Q3, measured by a bi-weekly pulse "
     "survey"),
    ("Reduce 30-day churn from 12% to 8%", None, {"OKR403"},
     "Reduce 30-day churn from 12% to 8% by end of the quarter"),
    # a ceiling under a "keep" means the metric should fall
    ("Keep SLA breach rate under 2% during Black Friday week", None, {"OKR203"},
     f"Reduce SLA breach rate {PLACEHOLDERS} during Black Friday week, never above 2%"),
    # 400 counts the work, it is not the coverage target
    ("Increase test coverage by writing 400 new unit tests", None, {"OKR402", "OKR403"},
     f"Increase test coverage {PLACEHOLDERS} by end of the quarter"),
    # "in the Q3 quarterly pulse survey" names the survey; the deadline is the end of Q3
    ("Raise eNPS from 12 to 25 in the Q3 quarterly pulse survey", None, {"OKR404"},
     "Raise eNPS from 12 to 25 by end of Q3, measured by a bi-weekly pulse survey"),
    ("best-in-class p95 latency in all regions by end of Q3", None, {"OKR401", "OKR407"},
     f"Reduce p95 latency in all regions {PLACEHOLDERS} by end of Q3"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("item", "quarter", "rules", "expected"), METRIC_CASES, ids=[c[0] for c in METRIC_CASES]
)
def test_metric_key_result_is_repaired(item, quarter, rules, expected):
    request = request_for(item, quarter=quarter)
    assert {f.rule_id for f in request.findings} == rules
    assert propose(request).text == keeping_its_numbers(request, expected)


@pytest.mark.parametrize(
    ("item", "why"),
    [
        ("Cut p95 latency from 300 ms to 450 ms by end of Q2", "contradict"),
        ("Upgrade all Windows 10 laptops to Windows 11 by end of Q3", "no outcome template"),
    ],
)
def test_what_it_cannot_rewrite_it_leaves_alone(item, why):
    request = request_for(item)
    with pytest.raises(RewriteFailed) as failed:
        OfflineRewriter().propose(request, build_guard(request))
    assert why in failed.value.reason


def test_a_compound_key_result_is_left_to_the_user_even_when_the_request_omits_it():
    request = request_for("Increase signups by 20% and reduce churn to 5%")
    assert "OKR204" not in {f.rule_id for f in request.findings}
    with pytest.raises(RewriteFailed) as failed:
        OfflineRewriter().propose(request, build_guard(request))
    assert "two outcomes" in failed.value.reason


def _by_hand(text: str, rule_ids: tuple[str, ...], kind: str = "key_result", metrics=()):
    """A request with the given findings: for items the checker may (rightly or not) flag."""
    rubric = load_rubric()
    findings = tuple(
        FindingBrief(r, rubric.get(r).name, rubric.get(r).message, rubric.get(r).why,
                     rubric.get(r).fix)
        for r in rule_ids
    )  # fmt: skip
    objective = text if kind == "objective" else NEUTRAL
    return RewriteRequest(kind=kind, text=text, objective=objective, findings=findings,
                          metrics=metrics)  # fmt: skip


def test_a_flagged_outcome_with_its_own_baseline_and_target_keeps_its_numbers():
    request = _by_hand(
        "Increase the share of P0 bugs fixed within 24 hours from 50% to 90% by end of Q2",
        ("OKR201",),
    )
    with pytest.raises(RewriteFailed) as failed:
        OfflineRewriter().propose(request, build_guard(request))
    assert "baseline to a target" in failed.value.reason
    # the guide's own output measure is still replaced: sprint velocity → NPS movement, the
    # team's velocity goal restated after it
    item = "Increase sprint velocity from 32 to 45 story points by end of Q2"
    velocity = _by_hand(item, ("OKR201",))
    assert propose(velocity).text == (
        f"Increase Net Promoter Score {PLACEHOLDERS} by end of Q2, alongside the goal: {item}"
    )


def test_a_number_inside_the_metric_is_not_taken_for_its_target():
    request = _by_hand(
        "Reduce support tickets per 1k users from TBD to 8 by end of Q3", ("OKR406",)
    )
    assert propose(request).text == (
        "Reduce support tickets per 1k users from [baseline] to 8 by end of Q3"
    )
    with_metrics = _by_hand(
        "Reduce support tickets per 1k users from TBD to 8 by end of Q3",
        ("OKR406",),
        metrics=(("Support tickets per 1k users", "11"),),
    )
    assert (
        propose(with_metrics).text
        == "Reduce support tickets per 1k users from 11 to 8 by end of Q3"
    )


def test_a_proposal_the_guard_rejects_is_never_returned():
    request = request_for("Ship the redesigned checkout flow")
    with pytest.raises(RewriteFailed) as failed:
        OfflineRewriter().propose(request, lambda proposal: ["Say it differently."])
    assert failed.value.attempts >= 1
    assert failed.value.problems and all("Say it differently." in p for p in failed.value.problems)


def test_a_request_without_findings_is_not_rewritten():
    request = RewriteRequest(kind="key_result", text=GOOD_KR, objective=NEUTRAL, findings=())
    with pytest.raises(RewriteFailed):
        OfflineRewriter().propose(request, build_guard(request))


# ----------------------------------------------------------------------------- objectives
OBJECTIVES = [
    ("Improve the onboarding experience for new users",
     "Make onboarding effortless for every new user"),
    # IPFS docs 2020 Q1: an article is no word of the thing's, and "on …" says where, left
    # out when the phrase is too long to hold it (each was "no short noun phrase names what
    # it is about")
    ("Launch the beta IPFS documentation site on the IPFS network.",
     "Make the beta IPFS documentation site worth the time of everyone who visits it"),
    ("Improve the checkout experience on mobile for new users",
     "Make the checkout experience on mobile effortless for every new user"),
    # Gerrit (Google) OKRs: the journeys are critical, not the users (was "… for every critical
    # user")
    ("Increase system stability and reduce latency of critical user journeys",
     "Make our system rock-solid for every user"),
    ("Increase revenue by 25% this year",
     "Make our product so valuable to every customer that revenue follows"),
    ("Improve User Engagement",
     "Make our product a daily habit for every user who relies on it"),
    ("Enhance Product Usability", "Make our product effortless to use for every user"),
    ("Expand Market Reach",
     "Make our product the first choice for every customer in each market we enter"),
    ("Grow weekly active users to 50,000",
     "Make our product a daily habit for every user who relies on it"),
    ("Reach an NPS of 40 with enterprise customers",
     "Become the product every enterprise customer recommends without being asked"),
    ("Migrate the billing service to the new platform",
     "Make the billing service effortless for every customer"),
    ("Improve checkout for returning customers",
     "Make checkout effortless for every returning customer"),
    ("Improve platform reliability for enterprise customers",
     "Make our platform rock-solid for every enterprise customer"),
    ("Reduce churn to 5% for SMB accounts",
     "Make our product something every SMB account wants to keep"),
    ("Grow the developer community",
     "Make the developer community a place every developer wants to be part of"),
    ("Grow our audience", "Make our work something our audience seeks out and recommends"),
    ("Launch in Germany and France in Q3",
     "Make our product the first choice for every customer in Germany and France"),
    # a purpose clause names who benefits (was "Make features effortless for every win the …")
    ("Ship integrations to win the healthcare market",
     "Make our product the first choice for every healthcare customer"),
    ("Improve the Patient booking experience",  # a name the draft capitalises stays one
     "Make Patient booking effortless for every Patient"),
    ("Reduce manual toil",  # less of something bad (was "Make TOIL effortless for every user")
     "Free every engineer on the team from manual toil"),
    ("Enhance Patients’ personalized online experience",  # whose it is says who benefits
     "Make the personalized online experience effortless for every Patient"),
    ("Keep our build pipeline green",  # a state is no part of the subject (was "Make our
     # build pipeline green effortless …")
     "Make our build pipeline rock-solid for every engineer on the team"),
    ("Improve Debuggability and Stability",  # was "Make our debuggability and rock-solid …";
     # who debugs is a developer, on the team or building on the project (was "every engineer
     # on the team")
     "Make debuggability and stability something every developer can count on"),
    # a person's experience is the experience, and the person who benefits (SciLifeLab's DDS
    # plan; was no rewrite, '"user" is an aim …')
    ("Improve user experience via a GUI prototype",
     "Make our product effortless to use for every user"),
    ("Improve developer experience for creating and deploying flags",  # PostHog
     "Make developer experience effortless for every developer"),
    ("Improve the customer journey", "Make the customer journey effortless for every customer"),
    # only the numbers are wrong: take them out and keep the author's words
    ("Make onboarding 50% faster for new admins", "Make onboarding faster for new admins"),
    ("Become the default way 2,000 clinics book appointments",
     "Become the default way clinics book appointments"),
    ("Make our donors feel like partners, so that 60% of them give again next year",
     "Make our donors feel like partners, so that more of them give again next year"),
]  # fmt: skip


@pytest.mark.parametrize(("item", "expected"), OBJECTIVES, ids=[o[0] for o in OBJECTIVES])
def test_objective_becomes_qualitative_and_names_who_benefits(item, expected):
    request = request_for(item, kind="objective")
    assert {f.rule_id for f in request.findings} & {"OKR101", "OKR102"}
    proposal = propose(request)
    assert proposal.text == expected
    assert not re.search(r"\d", proposal.text)
    draft = f"## Objective: {proposal.text}\n\n- {GOOD_KR}\n- {SECOND_KR}\n"
    fired = {f.rule_id for f in check(parse_text(draft)).findings if f.path == "objectives[0]"}
    assert not fired & {"OKR101", "OKR102", "OKR103", "OKR104"}


@pytest.mark.parametrize(
    ("objective", "expected"),
    [
        # go-ipfs 2018 Q4 and Sourcegraph's FY21 OKRs (evals/corpus/real.yaml): was
        # "… large datasets ( ++) without a sweat", "… enterprises ( + user, …)", then
        # "(user, …)": a count that is a whole list item goes with what it counts
        (
            "go-ipfs handles large datasets (1TB++) without a sweat",
            "go-ipfs handles large datasets without a sweat",
        ),
        (
            "Solve Big Code problems for the largest enterprises (5k+ user, multi-business unit, "
            "global)",
            "Solve Big Code problems for the largest enterprises (multi-business unit, global)",
        ),
        (
            "Delight the largest enterprises (global, 5k+ user)",
            "Delight the largest enterprises (global)",
        ),
        # GitLab FY21 Q3: "100% of" is all of them (was "more of GitLab team members …"), the
        # sentence keeps its capital (was "all GitLab …"), and a reference's number in a link's
        # words stays ("[Epic 39]" was "[Epic ]")
        (
            "100% of GitLab team members are certified in GitLab [Epic 39](https://x.org/e/39)",
            "All GitLab team members are certified in GitLab [Epic 39](https://x.org/e/39)",
        ),
        # GitLab FY20 Q4: a link's address is no number of the objective ("%E2%9C%93" lost its
        # "93"), and the arrow that led to the score goes with it
        (
            "Finish documenting architecture and [identify the areas](https://gitlab.com/issues"
            "?utf8=%E2%9C%93&state=opened) => 70%",
            "Finish documenting architecture and [identify the areas](https://gitlab.com/issues"
            "?utf8=%E2%9C%93&state=opened)",
        ),
        # PostHog sales 2023: a bound goes with its number ("Hire at least SDRs and AEs (at
        # least Enterprise AE)"), and Wechaty 2020: a range with a slash goes whole ("one/ games")
        (
            "Sales (Pipeline Optimization): Hire at least 2 SDRs and 3 AEs (at least 1 "
            "Enterprise AE)",
            "Sales (Pipeline Optimization): Hire SDRs and AEs (Enterprise AE)",
        ),
        (
            "Give a live-coding process that can invite developers into Wechat Group and play "
            "with one/two games.",
            "Give a live-coding process that can invite developers into Wechat Group and play "
            "games",
        ),
    ],
)
def test_an_objectives_numbers_go_with_their_signs_and_the_parenthesis_they_filled(
    objective, expected
):
    from coach.rewrite.offline.objectives import without_numbers

    assert without_numbers(objective) == expected


def test_an_objective_that_is_a_clause_gets_no_template():
    request = _by_hand("Support reps spend their time on hard problems, not password resets",
                       ("OKR102",), kind="objective")  # fmt: skip
    with pytest.raises(RewriteFailed):
        OfflineRewriter().propose(request, build_guard(request))


# ----------------------------------------------------------------------------- the rewriter itself
ALL_REQUESTS = (
    [(s[0], s[1], "Q2 2026", "key_result") for s in SEEDS]
    + [(c[0], NEUTRAL, c[1], "key_result") for c in EVERY_TEAM + METRIC_CASES]
    + [(o[0], NEUTRAL, None, "objective") for o in OBJECTIVES]
)


def test_it_is_a_deterministic_rewriter_that_never_calls_a_model():
    rewriter = OfflineRewriter()
    assert isinstance(rewriter, Rewriter) and rewriter.name == "offline"
    for item, objective, quarter, kind in ALL_REQUESTS:
        request = request_for(item, kind=kind, objective=objective, quarter=quarter)
        first = rewriter.propose(request, build_guard(request)).model_dump()
        again = OfflineRewriter().propose(request, build_guard(request)).model_dump()
        assert first == again, item
    assert (rewriter.usage.calls, rewriter.usage.prompt_tokens) == (0, 0)
    assert (rewriter.usage.completion_tokens, rewriter.usage.cache_hits) == (0, 0)


def test_quarter_deadline_is_a_deadline_the_checker_recognises():
    from coach.analysis import find_deadline

    for quarter, item, expected in [
        ("Q2 2026", "", "by end of Q2"),
        ("2026-Q3", "", "by end of Q3"),
        ("H2 2026", "", "by end of H2"),
        (None, "Ship it before Q4 planning", "by end of Q4"),
        (None, "Ship it", "by end of the quarter"),
    ]:
        phrase, _ = quarter_deadline(quarter, item)
        assert phrase == expected
        assert find_deadline(f"Increase x {PLACEHOLDERS} {phrase}")[0] == phrase


# ----------------------------------------------------------------------------- the lexicon
def test_lexicon_metrics_invent_no_numbers_and_keep_a_subject():
    lexicon = load_lexicon()
    vanity = load_vocabulary().pattern("vanity_metrics")
    for entry in lexicon.entries:
        for metric in (entry.metric, *entry.option("also", ())):
            assert not re.search(r"\d", metric), metric
            assert content_words(metric), metric
            assert not vanity.search(metric), metric
        assert entry.direction in {"increase", "decrease", "binary"}
        assert entry.role in {"area", "output"}
        assert content_words(" ".join(entry.family))


def test_every_vanity_metric_has_a_value_behaviour():
    lexicon = load_lexicon()
    for word in load_vocabulary().words("vanity_metrics"):
        assert lexicon.lookup(word) is not None, word


@pytest.mark.parametrize(
    ("probe", "text"),
    [
        # IPFS infrastructure, 2019 Q4: the traffic of a test, not of a website
        ("Grow website traffic", "Traffic is mirrored to staging gateway running latest go-ipfs."),
        ("Grow website traffic", "Route half of the API traffic through the new load balancer"),
        ("Grow website traffic", "Replay production traffic against the new parser"),
        # Sourcegraph's operations OKRs: time off used, not a product
        (
            "Increase product usage",
            "Vacation usage is tracked and 100% of teammates have taken at least 5 days of PTO in Q2",
        ),
    ],
)
def test_an_entrys_not_with_words_keep_it_off_a_line_its_words_mean_else_on(probe, text):
    # the traffic entry measured the first three by website signup conversion, the engagement
    # entry the last by weekly active users
    lexicon = load_lexicon()
    entry = lexicon.lookup(probe)
    assert entry is not None and entry.not_with is not None
    assert entry not in lexicon_candidates(text)
    assert lexicon.lookup(text) is not entry
    assert entry in lexicon_candidates(probe)


def test_an_output_at_a_rate_is_no_thing_people_use():
    # "Deliver 45 story points per sprint" was measured by "the share of active users who use
    # the story points per sprint weekly" when a sibling had the stories' own metric
    from offline_rewrites import rewrite

    draft = (
        "## Objective: Ship what customers ask for\n\n"
        "- Increase adoption rate of newly shipped features from 20% to 35% by end of Q3\n"
        "- Deliver 45 story points per sprint\n"
    )
    [change] = [c for c in rewrite(draft).changes if c.before.startswith("Deliver 45")]
    assert change.after is None or "use the story points" not in change.after


def test_the_guides_table_rows_are_covered():
    lexicon = load_lexicon()
    expected = {
        "Features shipped": "weekly adoption rate of the new features",
        "Bugs fixed": "crash-free session rate",
        "Stories completed": "adoption rate of newly shipped features",
        "Design specs delivered": "task completion rate",
        "APIs built": "integration adoption rate",
        "Sprint velocity": "Net Promoter Score",
    }
    assert {output for output, _ in lexicon.table} == set(expected)
    for output, metric in expected.items():
        assert lexicon.lookup(output).metric == metric


# ----------------------------------------------------------------------------- the task's subject
# Invented examples (none from the eval set). "→ …" notes what the rewrite said before.
def _share(who: str, thing: str, weekly: str = " weekly") -> str:
    return f"Increase the share of {who} {thing}{weekly} {PLACEHOLDERS} by end of the quarter"


KEEPS_ITS_SUBJECT = [
    # a generic entry (catch-all or the guide's outputs) is written around the item's own thing
    ("Build a cohort-retention report in Looker for the growth team",  # → WAU of dashboards
     _share("growth team members", "who use the cohort-retention report")),
    ("Ship iOS home-screen shortcuts",  # → weekly retention of mobile app users
     _share("active iOS users", "who use home-screen shortcuts")),
    ("Ship dark mode for the iOS app",  # → weekly retention of mobile app users
     _share("active iOS users", "who use dark mode")),
    ("Introduce team templates in the editor",  # → task success rate
     _share("active users", "who use team templates in the editor")),
    ("Complete 30 stories for the invoice export feature",  # stories completed → adoption rate
     _share("active users", "who use the invoice export feature")),
    ("Create a Slack integration for incident alerts",  # APIs built → integration adoption
     _share("active accounts", "that use the Slack integration for incident alerts", "")),
    ("Deliver icon set v5 to every squad",  # a design-system deliverable: used in new screens
     _share("new screens", "built with the icon set v5", "")),
    # the entry's metric shares no word with the users the item names
    ("Run mandatory security awareness training for all engineers",  # → phishing click rate
     f"Reduce the share of engineers who click simulated phishing emails {PLACEHOLDERS} by end "
     "of the quarter"),
    ("Roll out Git training to all new hires",  # → offer-acceptance rate (read "hires")
     "Increase the share of new hires who apply Git in their work "
     f"{PLACEHOLDERS} by end of the quarter"),
    # a redesign of something users have: how well they do the task in it, not adoption
    ("Redesign the mobile navigation bar",  # → weekly retention of mobile app users
     f"Increase task success rate in the mobile navigation bar {PLACEHOLDERS} by end of the "
     "quarter"),
]  # fmt: skip

UNMATCHED_FEATURES = [  # each was "no outcome template matches this work"
    ("Launch saved searches for power users by Week 4",
     _share("power users", "who use saved searches")),
    ("Ship offline mode for the field-technician app",
     _share("active users", "who use offline mode in the field-technician app")),
    ("Add bulk edit to the invoices table",
     _share("active users", "who use bulk edit in the invoices table")),
    ("Launch two-way calendar sync for sales reps",
     _share("sales reps", "who use two-way calendar sync")),
    ("Launch gift cards for online shoppers", _share("online shoppers", "who use gift cards")),
    ("Redesign the group-booking wizard for clinic managers",
     f"Increase task success rate in the group-booking wizard {PLACEHOLDERS} by end of the "
     "quarter"),
]  # fmt: skip

VAGUE_PURPOSES = [  # each was "Increase things / Reduce risk / Increase visibility …"
    ("Launch collaborative whiteboards for remote teams to improve things",
     _share("remote teams", "that use collaborative whiteboards")),
    ("Run mandatory phishing-awareness training for all contractors to reduce risk",
     f"Reduce the share of contractors who click simulated phishing emails {PLACEHOLDERS} by "
     "end of the quarter"),
    ("Build a Tableau dashboard to improve visibility",
     _share("active users", "who use the Tableau dashboard")),
    ("Ship the creator marketplace to drive growth",
     _share("active users", "who use the creator marketplace")),
    # a purpose that says who gains what is kept, even behind the guide's velocity → NPS, and
    # the team's velocity goal is restated after it (its numbers are no baseline or target of
    # the outcome: the checker reads the outcome before ", alongside the goal")
    ("Increase sprint velocity from 30 to 40 points so that support agents close tickets faster",
     f"Reduce the time it takes support agents to close tickets {PLACEHOLDERS} by end of the "
     "quarter, alongside the goal: Increase sprint velocity from 30 to 40 points so that "
     "support agents close tickets faster"),  # → first-contact resolution rate
    ("Raise sprint velocity from 25 to 35 story points to help customers get features sooner",
     f"Reduce the time it takes customers to get features {PLACEHOLDERS} by end of the "
     "quarter, alongside the goal: Raise sprint velocity from 25 to 35 story points to help "
     "customers get features sooner"),  # → Net Promoter Score
    ("Ship a bulk-import tool for merchants so that merchants can upload catalogs faster",
     f"Reduce the time it takes merchants to upload catalogs {PLACEHOLDERS} by end of the "
     "quarter"),
]  # fmt: skip

MISSPELT = [  # the checker may not even see the task; the rewrite spells the words right
    ("Lanch the new chekout flow by Week 4",  # was: unchanged; the guard reads "chekout" as
     # "checkout" (one typo), so the first candidate keeps the subject and passes
     f"Increase checkout completion rate {PLACEHOLDERS} by end of the quarter"),
    ("Relase the reporting dashbaord for account managers",
     _share("account managers", "who use the reporting dashboard")),
    ("Implment the refferal program",  # was: unchanged
     "Increase the share of new customers acquired through the referral program "
     f"{PLACEHOLDERS} by end of the quarter"),
    ("Complete the intergration with Hubspot",  # was: unchanged
     _share("active accounts", "that use the integration with Hubspot", "")),
    ("Ship the notificaton center for mobile users",
     _share("mobile users", "who use the notification center")),
]  # fmt: skip

SUBJECT_CASES = KEEPS_ITS_SUBJECT + UNMATCHED_FEATURES + VAGUE_PURPOSES + MISSPELT


@pytest.mark.parametrize(
    ("item", "expected"), KEEPS_ITS_SUBJECT, ids=[c[0] for c in KEEPS_ITS_SUBJECT]
)
def test_a_generic_outcome_keeps_the_tasks_own_subject(item, expected):
    request = request_for(item)
    proposal = propose(request)
    assert proposal.text == keeping_its_numbers(request, expected)
    assert proposal.metric in proposal.text
    assert proposal.metric != load_lexicon().lookup(item).metric  # not the generic one


@pytest.mark.parametrize(
    ("item", "expected"), UNMATCHED_FEATURES, ids=[c[0] for c in UNMATCHED_FEATURES]
)
def test_a_user_facing_feature_no_entry_knows_gets_the_adoption_outcome(item, expected):
    assert load_lexicon().lookup(item) is None
    assert propose(request_for(item)).text == expected


@pytest.mark.parametrize(
    ("item", "why"),
    [
        ("Upgrade all office printers", "internal work"),
        ("Replace the office Wi-Fi access points", "internal work"),
        ("Move the nightly cron jobs to the new servers", "internal work"),
    ],
)
def test_work_nobody_adopts_is_left_alone_rather_than_given_a_nonsense_outcome(item, why):
    request = request_for(item)
    with pytest.raises(RewriteFailed) as failed:
        OfflineRewriter().propose(request, build_guard(request))
    assert why in failed.value.reason


@pytest.mark.parametrize(
    ("item", "expected"),
    [  # each was "no outcome template matches this work"; now measured by its own thing
        ("Run a hackathon for the engineering team",  # an event: what its attendees do next
         "Increase the share of attendees of the hackathon for the engineering team who "
         f"[take the next step] {PLACEHOLDERS} by end of the quarter"),
        ("Roll out the new travel policy to all staff to improve compliance",  # its own readers
         "Increase the share of staff who find what they need in the new travel policy "
         f"{PLACEHOLDERS} by end of the quarter"),
    ],
)  # fmt: skip
def test_work_no_entry_knows_is_measured_by_its_own_thing(item, expected):
    assert propose(request_for(item)).text == expected


@pytest.mark.parametrize(("item", "expected"), VAGUE_PURPOSES, ids=[c[0] for c in VAGUE_PURPOSES])
def test_a_vague_purpose_is_not_a_metric_but_a_specific_one_is(item, expected):
    assert propose(request_for(item)).text == expected


# Real lines whose rewrite reads what they say (each was the shown output before; the comment
# says where the line comes from and what it was)
READ_FROM_THE_LINE = [
    # a relative clause says what the work is for, as "to reduce …" does; each was the
    # first-contact resolution or self-service family
    ("Ship 3 features that reduce support tickets",
     f"Reduce support tickets {PLACEHOLDERS} by end of the quarter, alongside the goal: "
     "Ship 3 features that reduce support tickets"),
    ("Launch a help center that cuts time to resolution",
     f"Cut time to resolution {PLACEHOLDERS} by end of the quarter"),
    ("Write a runbook which improves on-call response time",
     f"Reduce on-call response time {PLACEHOLDERS} by end of the quarter"),
    # retiring a thing people use: how many still depend on it, down (the API v1 was
    # "Increase the share of active accounts that use the API v1", the adoption the
    # work means to end, and the others an integration's adoption or the lead time)
    ("Sunset API v1 by Dec 31",
     f"Reduce the share of active accounts that still use the API v1 {PLACEHOLDERS} by end "
     "of the quarter"),
    ("Deprecate the legacy export endpoint",
     "Reduce the share of active accounts that still use the legacy export endpoint "
     f"{PLACEHOLDERS} by end of the quarter"),
    ("The legacy non Core API is deprecated and the diagram on the README is updated",
     "Reduce the share of active accounts that still use the legacy non Core API "
     f"{PLACEHOLDERS} by end of the quarter"),
    ("Retire the old admin dashboard for support agents",
     "Reduce the share of support agents who still use the old admin dashboard "
     f"{PLACEHOLDERS} by end of the quarter"),
    # IPLD 2018 Q2: "Finish updating the IPLD format spec" was "the share of users who succeed
    # with the updating the IPLD format spec"; a spec alone is a document (its readers), a
    # design spec what users are tested on (it was "task completion rate" for any spec)
    ("Finish updating the IPLD format spec",
     "Increase the share of readers who find what they need in the IPLD format spec "
     f"{PLACEHOLDERS} by end of the quarter"),
    ("Publish the API spec for partners",
     "Increase the share of partners who find what they need in the API spec "
     f"{PLACEHOLDERS} by end of the quarter"),
    # source{d} 2018 Q4: was "the share of a unified web client who find what they need …"
    ("Write specifications and draft design for a unified web client",
     "Increase the share of readers who find what they need in the specifications "
     f"{PLACEHOLDERS} by end of the quarter"),
    ("Deliver the design spec for the new checkout",
     f"Increase checkout completion rate {PLACEHOLDERS} by end of the quarter"),
    # GitLab FY21 Q3: a metric that is a link keeps it (was "[CAC Revenue Ratio]", a
    # placeholder's look, and no address)
    ("Achieve a [CAC Revenue Ratio](https://example.org/cac) < $X",
     f"Reduce [CAC Revenue Ratio](https://example.org/cac) {PLACEHOLDERS} by end of the "
     "quarter"),
    # transfer pricing is no pricing page, a financial review process no code review
    ("Implement Revised Transfer Pricing Calculation in the Monthly Financial Review Process",
     "Increase the share of active users who use the Revised Transfer Pricing Calculation "
     f"weekly {PLACEHOLDERS} by end of the quarter"),
    # Sourcegraph FY21 Q1: was "Increase team members rely on the handbook …"
    ("Team members rely on the handbook for cross-functional info and processes",
     "Increase the share of team members who rely on the handbook for cross-functional info "
     f"and processes {PLACEHOLDERS} by end of the quarter"),
]  # fmt: skip


@pytest.mark.parametrize(("item", "expected"), READ_FROM_THE_LINE)
def test_a_rewrite_reads_what_the_line_says(item, expected):
    assert propose(request_for(item)).text == expected


def test_a_gerund_after_finish_is_the_work():
    from coach.rewrite.offline.rewriter import _gerund_as_verb

    assert _gerund_as_verb("Complete rolling out the new billing page") == (
        "Roll out the new billing page"
    )
    assert _gerund_as_verb("Start running weekly demos") == "Run weekly demos"
    assert _gerund_as_verb("Keep improving things") == "Keep improving things"  # no task verb


def test_what_an_objective_is_for_is_not_who_reads_its_work():
    # source{d} 2018 Q2: was "the share of being a remote company that [take the next step]
    # after reading the study on employees sentiment"
    request = request_for(
        "Create a study on employees sentiment",
        objective="Successfully implement best practices for being a remote company",
    )
    assert propose(request).text.startswith(
        "Increase the share of readers who [take the next step] after reading the study"
    )


def test_people_doing_is_read_only_from_people_and_a_plural_verb():
    from coach.rewrite.offline.own import read_statement

    for item in ("Do 8 user research activities", "Sales leadership owns revenue targets",
                 "Design the user experience", "The team relies on the handbook"):  # fmt: skip
        said = read_statement(item)
        assert said is None or not said.action, item


def test_counted_people_are_the_people_of_the_share():
    # was "the share of 30 team leads who apply OKR …"
    proposal = propose(request_for("Roll out OKR training to 30 team leads"))
    assert proposal.text.startswith("Increase the share of the 30 team leads who apply OKR")
    # Wechaty's summit OKRs: was "the share of more than 20 people who use Wechaty weekly"
    proposal = propose(request_for("Introduce Wechaty to more than 20 people."))
    assert proposal.text.startswith("Increase the share of the 20 people who use Wechaty weekly")


def test_vague_and_specific_purposes():
    from coach.rewrite.offline.subject import split_purpose, vague_metric, vague_purpose

    assert split_purpose("Train all staff to reduce risk") == ("Train all staff", "reduce risk")
    assert split_purpose("Deliver icons to every squad") == ("Deliver icons to every squad", None)
    for purpose in ("reduce risk", "improve things", "drive growth", "improve our overall quality"):
        assert vague_purpose(purpose), purpose
    for purpose in ("reduce churn by 5%", "increase signups", "cut failed payments"):
        assert not vague_purpose(purpose), purpose
    assert vague_metric("overall efficiency") and not vague_metric("refund requests")


@pytest.mark.parametrize(("item", "expected"), MISSPELT, ids=[c[0] for c in MISSPELT])
def test_misspelt_words_still_find_their_outcome(item, expected):
    proposal = propose(request_for(item))
    assert proposal.text == expected


def test_typo_correction_is_small_and_leaves_real_words_alone():
    from coach.rewrite.offline.typos import correct_typos, edit_distance

    assert edit_distance("onbaording", "onboarding") == 1  # a swap of neighbours is one edit
    assert edit_distance("refferal", "referral") == 2
    assert correct_typos("Lanch the new chekout flow") == "Launch the new checkout flow"
    assert correct_typos("finsih migratng the onbaording emails") == (
        "finish migrating the onboarding emails"
    )
    for untouched in (
        "Launch a photo contest",  # a real word, not "content"
        "Remote onboarding for interns",  # not "Remove"
        "Send invoices to every account",  # "invoice" with an ending, not "invites"
        "Reduce trailing errors",  # not "training"
        # project-terraforma, Overture places OKRs (evals/corpus/real.yaml): not "conference"
        "Deliver calibrated confidence scores for every place",
        # ipfs/in-web-browsers (evals/corpus/real-heldout.yaml): a real word with an ending
        "Ship libs for sharing IPFS nodes across browsing contexts",
        # English words the corpus's real lines hold, each one or two edits from a lexicon word
        # (va.gov-team, ipfs/team-mgmt, ipld: evals/corpus/real*.yaml)
        "Number of transactions processed using our products have increased by 25%.",
        "Our platforms power twice as many interactions compared to last year.",
        "Collaborations aren't blocked on the release schedule for feedback/iteration/launches",
        "finish deciding on the primitives",
        "Handles correctly a scenario where the number of connections grows",
    ):
        assert correct_typos(untouched) == untouched
    assert correct_typos("Buld the dashbord") == "Buld the dashboard"  # "Buld": under 5 letters
    # evals/corpus/statements.yaml: the one real typo among the corpus's lines
    assert correct_typos("Reduce chrun from 5% to 3% by end of Q2") == (
        "Reduce churn from 5% to 3% by end of Q2"
    )


def test_a_correctly_spelt_item_is_read_as_written():
    from coach.rewrite.offline.outcomes import fix_typos

    for item in ("Ship the redesigned checkout flow", "Hold 4 QBRs with top-20 accounts"):
        assert fix_typos(item) == item


def test_the_subject_and_its_users_are_read_from_the_task():
    from coach.rewrite.offline.subject import task_subject

    s = task_subject("Build a churn-risk dashboard in Tableau for the CS team")
    assert (s.thing, s.named, s.users, s.group) == (
        "churn-risk dashboard", "the churn-risk dashboard", "CS team members", False,
    )  # fmt: skip
    s = task_subject("Ship Android lock-screen widgets")
    assert (s.thing, s.platform, s.user_facing, s.improves) == (
        "lock-screen widgets", "Android", True, False,
    )  # fmt: skip
    s = task_subject("Deliver UI kit v4 components to every squad")
    assert (s.thing, s.users, s.group) == ("UI kit v4 components", "squads", True)
    assert task_subject("Complete 30 stories for the export feature").thing == "export feature"
    assert task_subject("Upgrade all office printers").internal
    # a preposition between capitalised words is part of a name: it was "new releases on Made"
    assert task_subject("Deliver 3 new releases on Made with Wagtail").thing == (
        "new releases on Made with Wagtail"
    )
    assert task_subject("Increase sprint velocity from 30 to 40 points") is None  # not a task


def test_subject_rewrites_are_deterministic_and_invent_no_numbers():
    for item, _ in SUBJECT_CASES:
        request = request_for(item)
        first = propose(request).model_dump()  # propose() checks every number's source
        again = OfflineRewriter().propose(request, build_guard(request)).model_dump()
        assert first == again, item
    digits = propose(request_for("Deliver icon set v5 to every squad"))
    assert [(n.value, n.source) for n in digits.numbers][0] == ("v5", "original")


@pytest.mark.parametrize("control", ["\x1b[2J", "\x9b", "\u202e", "\u2066", "\x00"])
def test_the_guard_rejects_control_characters_a_model_might_return(control):
    """A reply carrying terminal escapes or direction overrides must never reach the file."""
    request = request_for("Launch the new onboarding flow by Week 6", quarter="Q2 2026")
    clean_text = "Increase onboarding completion rate from [baseline] to [target] by end of Q2"
    proposal = KeyResultProposal(
        text=clean_text.replace("onboarding", f"onboarding{control}", 1),
        metric="onboarding completion rate",
        direction="increase",
        baseline="[baseline]",
        target="[target]",
        deadline="by end of Q2",
    )
    problems = build_guard(request)(proposal)
    assert any("control characters" in p for p in problems)
    assert not any(
        "control characters" in p
        for p in build_guard(request)(proposal.model_copy(update={"text": clean_text}))
    )


OWN_GRAMMAR = [  # issue 11: what the item itself says, read from its grammar
    # a state wanted for every one of its things: the share in that state
    ("Every pull request gets a first review",
     f"Increase the share of pull requests that get a first review {PLACEHOLDERS} by end of the "
     "quarter"),
    # … with the team's own 100% as the target, never a [target] in its place
    ("100% of field technicians have access to the offline parts catalog",
     "Increase the share of field technicians who have access to the offline parts catalog from "
     "[baseline] to 100% by end of the quarter"),
    # what a deliverable lets someone do, and how fast: the time it takes, to their own target
    ("Ship a label tool where a warehouse picker can print a shipping label in under 5 seconds",
     "Reduce the time it takes a warehouse picker to print a shipping label from [baseline] to "
     "under 5 seconds by end of the quarter"),
    # a change written as a noun is a metric key result
    ("Reduction in time spent between signing up and sending the first invoice",
     f"Reduce time spent between signing up and sending the first invoice {PLACEHOLDERS} by end "
     "of the quarter"),
    # "… where Node.js can be used" says what the work is about, not what someone can do
    ("Publish 4 short guides that show the places where the CLI can be used",
     f"Increase the completion rate of the short guides {PLACEHOLDERS} by end of the quarter, "
     "alongside the goal: Publish 4 short guides that show the places where the CLI can be used"),
    # no verb of work to read: the counted things it names are its thing
    ("Our designers present their work at 3 meetups",
     "Increase the share of attendees of the meetups who [take the next step] "
     f"{PLACEHOLDERS} by end of the quarter, alongside the goal: Our designers present their "
     "work at 3 meetups"),
    # people who now can do something: how many of them do it
    ("Admins can export invoices as CSV",
     f"Increase the share of admins who export invoices as CSV {PLACEHOLDERS} by end of the "
     "quarter"),
    # a status line ("<thing> <done>") names its thing; a name takes no article
    ("Linear implemented",
     f"Increase the share of active users who use Linear weekly {PLACEHOLDERS} by end of the "
     "quarter"),
    ("Head of Design hired and started",
     f"Reduce time to hire the Head of Design {PLACEHOLDERS} by end of the quarter"),
    # a list of verbs is one piece of work ("Identify and implement/update …")
    ("Identify and implement/update at least 5 design patterns for the logged-in pages",
     "Increase the share of users who succeed with at least 5 design patterns for the logged-in "
     f"pages {PLACEHOLDERS} by end of the quarter"),
    # establishing a baseline of a metric: that metric is the key result
    ("Baseline customer effort score is established",
     f"Increase customer effort score {PLACEHOLDERS} by end of the quarter"),
    # a noun phrase that names a metric is measured as it is (no lexicon "page load time")
    ("Search results render time",
     f"Reduce search results render time {PLACEHOLDERS} by end of the quarter"),
    # a quality asked of the thing is a claim about it, not part of its name
    ("There is a faster and more reliable geocoder module",
     f"Reduce the latency of the geocoder module {PLACEHOLDERS} by end of the quarter"),
]  # fmt: skip


@pytest.mark.parametrize(("item", "expected"), OWN_GRAMMAR, ids=[c[0] for c in OWN_GRAMMAR])
def test_the_items_own_grammar_gives_its_outcome(item, expected):
    proposal = propose(request_for(item))
    assert proposal.text == expected
    assert numbers_in(item) <= numbers_in(proposal.text)  # every number of the line survives


MORE_GRAMMAR = [
    # measuring a metric is the work; the metric is the key result
    ("Measure the number of patients who book their follow-up online",
     "Increase the number of patients who book their follow-up online "
     f"{PLACEHOLDERS} by end of the quarter"),
    # "by 50% (2x)": the brackets restate the change; they are not its target
    ("Cut nightly build time by 50% (2x)",
     "Cut nightly build time from [baseline] to [target] (a 50% reduction, 2x) by end of the "
     "quarter"),
    # a past-tense report of the work ("We've documented …") still names its thing, and the
    # people it is for are named once; what is documented is read (was "… who succeed with the
    # returns process")
    ("We've documented the returns process for store managers",
     "Increase the share of store managers who find what they need in the documentation of the "
     f"returns process {PLACEHOLDERS} by end of the quarter"),
]  # fmt: skip


@pytest.mark.parametrize(("item", "expected"), MORE_GRAMMAR, ids=[c[0] for c in MORE_GRAMMAR])
def test_measuring_work_and_restated_changes(item, expected):
    proposal = propose(request_for(item))
    assert proposal.text == expected
    assert numbers_in(item) <= numbers_in(proposal.text)


METRICS = (
    ("Onboarding Completion Rate", "45%"),
    ("checkout error rate", "0.4%"),
    ("weekly active users", "23,000"),
    ("app downloads", "640,000"),
    ("payment success rate", "97.1%"),
)


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        # the team's own measure of the thing, with its value today as the baseline
        (
            "Launch the new onboarding flow by Week 6",
            "Increase onboarding completion rate from 45% to [target] by end of Q3",
        ),
        ("Refactor the checkout service", "Reduce checkout error rate from 0.4% to [target]"),
        # a line with no number names its metric from the file ("Improve payment reliability")
        (
            "Improve payment reliability",
            "Increase payment success rate from 97.1% to [target] by end of Q3",
        ),
    ],
)
def test_the_users_own_metric_of_the_thing_comes_first(item, expected):
    """With a metrics file naming "onboarding completion rate: 45%", "Launch the new onboarding
    flow" became "the share of new users who succeed with the new onboarding flow from
    [baseline]": the team's own measure, with its real baseline, was not offered."""
    p = propose(request_for(item, quarter="Q3 2026", metrics=METRICS))
    assert p.text.startswith(expected)


@pytest.mark.parametrize(
    "item",
    [
        "Launch the mobile app in Germany",  # "app downloads" is a vanity metric
        "Ship weekly digest emails",  # "weekly active users" says how, not what: no thing
    ],
)
def test_a_vanity_or_thingless_metric_of_the_file_is_not_taken(item):
    p = propose(request_for(item, quarter="Q3 2026", metrics=METRICS))
    assert "app downloads" not in p.text and "weekly active users" not in p.text
