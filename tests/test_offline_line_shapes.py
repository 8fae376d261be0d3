"""General shapes of real lines the offline rewriter left unchanged or measured by the wrong
thing (rewrite-review tuning half): a result stated with the change verb's participle after the
metric ("Close cycle reduced to 9 days."), and more below. Each test reads real lines."""

from __future__ import annotations

import pytest
from offline_rewrites import rewrite

from coach.analysis import analyse_key_result
from coach.model import Direction
from coach.service import check_text


def draft(objective: str, *items: str, quarter: str | None = "2018 Q2") -> str:
    front = f"---\nquarter: {quarter}\n---\n\n" if quarter else ""
    return front + f"## Objective: {objective}\n\n" + "".join(f"- {i}\n" for i in items)


def after_of(result, text: str) -> str:
    [change] = [c for c in result.changes if text in c.before]
    assert change.after is not None, change.note
    return change.after


@pytest.mark.parametrize(
    ("line", "metric", "direction"),
    [
        ("Close cycle reduced to 9 days.", "Close cycle", Direction.DECREASE),
        ("Controller: Close cycle reduced to 9 days.", "Close cycle", Direction.DECREASE),
        ("Churn cut from 5% to 3%", "Churn", Direction.DECREASE),
        ("Time to first response increased to 3 days", "Time to first response", Direction.INCREASE),
    ],
)
def test_a_result_stated_with_a_participle_has_its_metric_and_direction(line, metric, direction):
    a = analyse_key_result(line)
    assert (a.metric, a.direction, a.verb) == (metric, direction, None)
    assert a.target is not None


def test_a_participle_that_names_the_metric_is_not_a_stated_result():
    a = analyse_key_result("Dropped calls reduced to 2%")
    assert a.metric == "Dropped calls" and a.direction == Direction.DECREASE
    a = analyse_key_result("Cut churn to 3%")  # the verb opens the line: not a stated result
    assert (a.verb, a.metric) == ("cut", "churn")


def test_a_stated_result_without_a_baseline_is_flagged_and_rewritten_with_its_target():
    line = "Controller: Close cycle reduced to 9 days."
    text = draft("Make month-end painless for the finance team", line)
    assert "OKR402" in {f.rule_id for f in check_text(text, "draft.md").findings}
    after = after_of(rewrite(text), line)
    assert after.startswith("Controller: Reduce close cycle time from [baseline] to 9 days")
    assert after.endswith("by end of Q2")
