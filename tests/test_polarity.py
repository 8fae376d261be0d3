"""Which way a metric should move, and a model's direction corrected where the metric says it.

Recorded with Qwen2.5-Coder-1.5B, the model chose "increase" for eleven metrics that should fall
("Increase latency of the datastore module", "Increase time to first maintainer response"):
the composer now takes the direction from the metric's head where it is unambiguous."""

from __future__ import annotations

import pytest
from test_rewrite_markup import request

from coach.evals.review import wrong_direction
from coach.llm.protocol import KeyResultChoice
from coach.rewrite.compose import compose_key_result
from coach.rewrite.guard import build_guard
from coach.rewrite.polarity import direction_of, lower_is_better


@pytest.mark.parametrize(
    ("metric", "direction"),
    [
        ("time to first maintainer response on issues and PRs", "decrease"),
        ("time it takes IPFS to fetch packages", "decrease"),
        ("latency of the datastore module", "decrease"),
        ("mean time to resolve incidents", "decrease"),
        ("support ticket volume per active user", "decrease"),
        ("change failure rate", "decrease"),
        ("availability of the preload nodes", "increase"),
        ("uptime", "increase"),
        ("install success rate", "increase"),
        ("crash-free sessions", "increase"),
        # the metric does not say: the model's choice stands
        ("share of blocked customers who deploy", None),
        ("share of first-time contributors who return", None),
        ("first-time contributors who return", None),
        ("time spent in the app", None),
        ("weekly active users", None),
        ("deployment frequency", None),
    ],
)
def test_a_metric_says_which_way_it_should_move_only_when_its_head_is_clear(metric, direction):
    assert direction_of(metric) == direction


@pytest.mark.parametrize(
    ("metric", "direction"),
    [  # what a count counts says it: "Increase the number of incidents" (VA mobile 2024)
        ("number of incidents", "decrease"),
        ("the total number of support tickets", "decrease"),
        ("frequency of outages", "decrease"),
        ("number of active clubs", None),
        ("number of eligible Veterans enrolled", None),
    ],
)
def test_a_count_moves_the_way_what_it_counts_should(metric, direction):
    assert direction_of(metric) == direction


def test_lower_is_better_reads_the_head_not_what_it_is_measured_for():
    assert lower_is_better("support ticket volume per active user")
    assert not lower_is_better("share of users who file fewer tickets")
    assert not lower_is_better("uptime")


def test_a_models_direction_the_metric_contradicts_is_corrected():
    item = (
        "Fetch - IPFS can quickly and efficiently fetch packages from a large package repository."
    )
    choice = KeyResultChoice(
        direction="increase", metric="time it takes IPFS to fetch packages", audience=""
    )
    composed = compose_key_result(choice, request(item))
    assert composed.text.startswith("Fetch - Reduce time it takes IPFS to fetch packages from")
    assert composed.direction == "decrease"
    assert build_guard(request(item))(composed) == []
    assert not wrong_direction(composed.text)


def test_a_models_direction_stands_where_the_metric_does_not_say():
    item = "Unblock deployment for blocked customers"
    choice = KeyResultChoice(
        direction="increase", metric="share of blocked customers who deploy", audience=""
    )
    composed = compose_key_result(choice, request(item))
    assert composed.text.startswith("Increase share of blocked customers who deploy")
    assert composed.direction == "increase"


@pytest.mark.parametrize(
    ("rewrite", "wrong"),
    [
        ("Increase latency of the datastore module from [baseline] to [target]", True),
        ("Update - Increase time it takes IPFS to update a repository from [baseline]", True),
        ("Reduce share of blocked customers who deploy from [baseline] to [target]", True),
        ("Reduce the availability of the nodes from [baseline] to [target]", True),
        ("Reduce latency of the datastore module from [baseline] to [target]", False),
        ("Increase time spent in the app from [baseline] to [target]", False),
        # the goal clause is the team's own words, not the rewrite's claim
        (
            "Increase test coverage from [baseline] to [target], alongside the goal: Grow costs",
            False,
        ),
    ],
)
def test_the_eval_reads_a_key_result_moved_the_wrong_way(rewrite, wrong):
    assert wrong_direction(rewrite) is wrong
