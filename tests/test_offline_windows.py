"""A response window in a key result is how fast, not by when: SciLifeLab's DDS plan's "Resolve
all solvable critical security alerts within 7 days, high-severity alerts within 14 days …" was
rewritten to end "… to [target] within 14 days", its outcome read two weeks in."""

from __future__ import annotations

from offline_rewrites import rewrite

DRAFT = (
    "---\nquarter: Q2 2024\n---\n"
    "## Objective: Make the data delivery system trustworthy for every researcher\n\n"
    "- Resolve all solvable critical security alerts within 7 days, high-severity alerts within "
    "14 days and medium-severity alerts within a month.\n"
    "- Reduce support tickets by 50% within the next 6 months\n"
)


def _after(line: int) -> str | None:
    [change] = [c for c in rewrite(DRAFT).changes if c.line == line]
    return change.after


def test_a_response_window_is_not_the_rewrites_deadline_and_its_numbers_stay():
    after = _after(6)
    assert after is not None and after.count("by end of Q2") == 1
    assert "within 14 days from" not in after and "[target] within" not in after
    assert "7 days" in after and "14 days" in after  # the windows stay, as the team's goal


def test_within_the_next_months_is_still_a_deadline():
    after = _after(7)
    assert after is not None and "within the next 6 months" in after


def test_an_aside_in_parentheses_does_not_choose_the_metric():
    """The DDS plan's line as published says "Resolve all solvable (with known fixes) critical
    security alerts …": "fixes", in the aside and first in the line, chose the crash-free
    session rate; the line is about security alerts, which the security family measures."""
    line = DRAFT.split("\n")[5].replace("solvable critical", "solvable (with known fixes) critical")
    [change] = [
        c for c in rewrite(DRAFT.replace(DRAFT.split("\n")[5], line)).changes if c.line == 6
    ]
    assert change.after is not None and "crash-free" not in change.after
    assert "time to remediate critical vulnerabilities" in change.after


def test_a_single_window_after_its_case_is_kept_in_the_goal():
    """Sourcegraph's 2021 Q2 goals (evals/corpus/real.yaml): "Flaky tests are disabled or fixed
    within 1 day of being discovered to be flaky." was rewritten to end "… to [target] within 1 day of being discovered
    to be flaky" (the window read as the deadline); the outcome is read at the period's end and
    the window, a commitment of the team, stays in the goal."""
    draft = (
        "---\nquarter: Q3 2026\n---\n## Objective: Make every release a confident event\n\n"
        "- Flaky tests are disabled or fixed within 1 day of being discovered to be flaky.\n"
        "- Raise NPS from 30 to 40 by end of Q3\n"
    )
    [change] = [c for c in rewrite(draft).changes if c.line == 6]
    assert change.after is not None and "by end of Q3" in change.after
    assert "[target] within" not in change.after
    assert "within 1 day of being discovered" in change.after  # in the goal
