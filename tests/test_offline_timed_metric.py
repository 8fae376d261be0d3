"""A metric asked to reach a length of time names a time (``templates.timed_metric``).

GitLab's 2018 Q2 OKRs (evals/rewrite-review/cases.yaml): "Close cycle reduced to 9 days." was
rewritten "Reduce close cycle from [baseline] to 9 days", which counts close cycles rather than
measuring how long one takes; the reviewer's family is "close cycle time". A target or baseline
in days, hours, minutes or seconds makes the metric a time, unless its words already say it is a
time, a span or a pace ("cycle time", "latency", "release cadence", "p95").
"""

from __future__ import annotations

import pytest
from offline_rewrites import rewrite
from test_offline_line_shapes import after_of, draft

from coach.analysis import analyse_key_result
from coach.rewrite.offline.templates import timed_metric

# (line, how its rewrite starts)
TIMED = [
    ("Close cycle reduced to 9 days.", "Reduce close cycle time from [baseline] to 9 days"),
    # real-looking, not from a document
    ("Support response cut to under 4 hours", "Cut support response time from [baseline]"),
    ("Reduce app load to under 2 seconds", "Reduce app load time from [baseline] to"),
]

# (metric, a line whose numbers it is asked to reach, the metric as the rewrite names it)
RULE = [
    ("close cycle", "Close cycle reduced to 9 days.", "close cycle time"),
    ("app load", "Reduce app load to under 2 seconds", "app load time"),
    # already a time, a span or a pace: kept
    ("onboarding time", "Onboarding time cut to 2 days", "onboarding time"),
    ("p95 checkout latency", "Cut p95 checkout latency to 300ms", "p95 checkout latency"),
    ("release cadence", "Release cadence down to 2 weeks", "release cadence"),
    ("time to first response", "Time to first response under 4 hours", "time to first response"),
    # not a length of time: kept
    ("churn", "Reduce churn to 3%", "churn"),
    ("open bugs", "Reduce open bugs to 40", "open bugs"),
]


@pytest.mark.parametrize(("metric", "line", "expected"), RULE, ids=[r[1][:30] for r in RULE])
def test_a_metric_asked_to_reach_a_length_of_time_names_a_time(metric, line, expected):
    a = analyse_key_result(line)
    assert timed_metric(metric, a.baseline, a.target) == expected


@pytest.mark.parametrize(("line", "expected"), TIMED, ids=[c[0][:30] for c in TIMED])
def test_the_rewrite_measures_the_time(line, expected):
    after = after_of(rewrite(draft("Move faster", line, quarter="FY24Q2")), line[:30])
    assert after.startswith(expected)


def test_a_held_time_named_as_a_time_should_fall():
    """Sourcegraph's "We maintain 1 hour response (internal) SLA 100% of the time …"
    (evals/corpus/real.yaml, a held level: OKR203) was rewritten "Increase response time from 1
    hour …": the way was worked out for "response", before the metric became a time."""
    line = (
        "We maintain 1 hour response (internal) SLA 100% of the time for all pre-sales "
        "customers (checked for last 30 days)."
    )
    # a sibling already measures incidents: the lexicon's "mean time to resolve incidents" is
    # taken, and the line's own metric is what is left (as in that document)
    sibling = "Reduce mean time to resolve incidents from 4 hours to 2 hours by end of Q2"
    result = rewrite(draft("Win the enterprise", line, sibling))
    assert after_of(result, "1 hour response").startswith("Reduce response time from 1 hour")
