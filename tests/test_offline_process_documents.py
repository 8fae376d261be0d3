"""A process document (an SOP, a playbook, a runbook, a checklist) is followed, not read: the
offline rewriter measures it by the share of the occasions it names that are run (or handled)
with it, not by the readers "who find what they need in" it (rewrite-review, sixth session)."""

from __future__ import annotations

import pytest
from offline_rewrites import rewrite
from test_offline_line_shapes import after_of, draft

from coach.rewrite.lexicon import load_lexicon
from coach.rewrite.offline.own import occasions_of, own_metrics


def _occasions() -> dict:
    [kind] = [k for k in load_lexicon().kinds if k.get("occasions")]
    return kind["occasions"]


@pytest.mark.parametrize(
    ("line", "occasions"),
    [
        ("A playbook for running our booth at community events", "community events run"),
        ("An SOP for hosting meetups in the future", "future meetups run"),
        # ipfs/team-mgmt, BIFROST OKRs (evals/corpus/real.yaml; not in the review set)
        (
            "We have a communications runbook for common and emergency situations",
            "common and emergency situations handled",
        ),
        ("Create security playbook for incidents", "incidents handled"),
        ("Write a release checklist for every release", "releases run"),
        ("A checklist for promoting releases", "releases run"),  # not "promoting releases run"
        ("Write the onboarding SOP", ""),  # no occasion named
    ],
)
def test_the_occasions_a_process_document_is_for(line, occasions):
    assert occasions_of(line, _occasions()) == occasions


def test_a_process_document_is_measured_by_the_occasions_run_with_it():
    line = "Write an SOP for onboarding partners at conferences in the future"
    metrics = [m.metric for m in own_metrics(line)]
    assert metrics[0] == "share of future conferences run with the SOP"
    assert not any("find what they need" in m for m in metrics[:1])


def test_without_occasions_it_stays_reference_content():
    metrics = [m.metric for m in own_metrics("Publish the support SOP")]
    assert metrics[0].startswith("share of readers who find what they need in the support SOP")


def test_the_rewritten_line_keeps_the_document_and_its_occasions():
    line = "A Standard Operating Procedure (SOP) for demoing the product at events in the future"
    after = after_of(rewrite(draft("More developers learn what our product solves", line)), line)
    assert after.startswith(
        "Increase the share of future events run with the Standard Operating Procedure (SOP) "
        "from [baseline] to [target]"
    )
