"""CI runs the evals: the offline rewriter and the replayed model traffic must stay at or above
the thresholds committed in evals/thresholds.yaml (the same check `coach eval` makes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.evals.run import run_eval

EVALS = Path(__file__).resolve().parent.parent / "evals"


@pytest.mark.parametrize("provider", ["offline", "model"])
def test_evals_meet_their_thresholds(provider: str):
    run = run_eval(EVALS, provider)
    assert run.results["cases"]["total"] >= 100
    assert run.failures == [], "\n".join(run.failures)


def test_no_rewrite_invents_a_number_whoever_proposed_it():
    for provider in ("offline", "model"):
        totals = run_eval(EVALS, provider).results["rewrite"]["totals"]
        assert totals["invented_numbers"] == 0, provider


def test_the_model_run_replays_every_case_and_counts_what_the_guard_caught():
    results = run_eval(EVALS, "model").results
    rows = results["rewrite"]["cases"]
    assert all(r["origin"] != "not recorded" for r in rows)
    assert results["run"]["recorded_with"]["model"] and results["run"]["recorded_with"]["date"]
    totals = results["rewrite"]["totals"]
    accepted = sum(r["model_accepted"] for r in rows)
    # every model reply that parsed was judged by the guard; a case ends at its one passing reply
    assert (
        totals["invented_caught"]
        <= totals["replies_rejected"]
        <= totals["model_replies"]
        <= totals["calls"]
    )
    assert totals["model_replies"] - totals["replies_rejected"] == accepted
