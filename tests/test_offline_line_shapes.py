"""General shapes of real lines the offline rewriter left unchanged or measured by the wrong
thing (rewrite-review, tuning half only). Each test reads real lines or their shape."""

from __future__ import annotations

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
