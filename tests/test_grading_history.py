"""Sandbagging: three consecutive quarters with a team score of 0.9 or more."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach.errors import InputError
from coach.grading.history import read_history, sandbagging
from coach.grading.records import PastQuarter

FIXTURES = Path(__file__).parent / "fixtures" / "grading"


def quarters(*pairs) -> list[PastQuarter]:
    return [PastQuarter(name, score, f"{name}.json") for name, score in pairs]


def test_three_consecutive_quarters_at_0_9_or_more_are_flagged():
    result = sandbagging(
        PastQuarter("Q1 2026", 0.9, "now.md"), quarters(("Q3 2025", 0.95), ("Q4 2025", 0.92))
    )
    assert result.flagged
    assert result.message == (
        "sandbagging: 3 consecutive quarters at 0.9 or more (Q3 2025 to Q1 2026): the targets "
        "are not ambitious enough; set bolder key results next quarter"
    )


def test_two_quarters_are_not_flagged():
    result = sandbagging(PastQuarter("Q1 2026", 0.95, "now.md"), quarters(("Q4 2025", 0.92)))
    assert not result.flagged
    assert result.message == (
        "no sandbagging: no three consecutive quarters at 0.9 or more (Q4 2025 0.92, Q1 2026 0.95)"
    )


def test_a_break_in_the_middle_is_not_flagged():
    result = sandbagging(
        PastQuarter("Q1 2026", 0.95, "now.md"),
        quarters(("Q2 2025", 0.93), ("Q3 2025", 0.91), ("Q4 2025", 0.6)),
    )
    assert not result.flagged


def test_just_below_0_9_breaks_the_run():
    result = sandbagging(
        PastQuarter("Q1 2026", 0.95, "now.md"), quarters(("Q3 2025", 0.95), ("Q4 2025", 0.89))
    )
    assert not result.flagged


def test_a_missing_quarter_breaks_the_run():
    result = sandbagging(
        PastQuarter("Q1 2026", 0.95, "now.md"), quarters(("Q2 2025", 0.95), ("Q3 2025", 0.95))
    )
    assert not result.flagged


def test_history_is_put_in_calendar_order():
    result = sandbagging(
        PastQuarter("Q1 2026", 0.91, "now.md"), quarters(("Q4 2025", 0.92), ("Q3 2025", 0.95))
    )
    assert [q.quarter for q in result.quarters] == ["Q3 2025", "Q4 2025", "Q1 2026"]
    assert result.flagged


def test_an_earlier_run_that_has_ended_is_noted_not_flagged():
    result = sandbagging(
        PastQuarter("Q1 2026", 0.65, "now.md"),
        quarters(("Q2 2025", 0.95), ("Q3 2025", 0.92), ("Q4 2025", 0.9)),
    )
    assert not result.flagged
    assert result.notes == [
        "Q2 2025 to Q4 2025 scored 0.9 or more 3 quarters running; the run has since ended"
    ]


def test_quarters_without_calendar_names_keep_the_order_given():
    result = sandbagging(
        PastQuarter(None, 0.95, "now.md"), quarters(("H1 planning", 0.95), ("Sprint 9", 0.9))
    )
    assert result.flagged
    assert result.notes == ["not every quarter names a calendar quarter: kept in the order given"]


def test_an_ungraded_quarter_breaks_the_run():
    result = sandbagging(
        PastQuarter("Q1 2026", 0.95, "now.md"), quarters(("Q3 2025", 0.95), ("Q4 2025", None))
    )
    assert not result.flagged
    assert "Q4 2025 —" in result.message


def test_read_history_reads_graded_files():
    paths = sorted(FIXTURES.glob("history-*.json"))
    found = read_history(paths)
    assert sorted((q.quarter, q.score) for q in found) == [
        ("Q1 2026", 0.91),
        ("Q3 2025", 0.92),
        ("Q4 2025", 0.95),
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"schema": "something-else"}', "not a graded quarter"),
        ("[1, 2]", "not a graded quarter"),
        ("{not json", "malformed JSON at line 1"),
        ('{"schema": "okr-coach/grade", "score": "high"}', "the team score 'high' is not a number"),
    ],
)
def test_bad_history_files_are_input_errors(tmp_path, text, problem):
    path = tmp_path / "q.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=problem):
        read_history([path])


def test_a_file_written_by_coach_grade_reads_back(tmp_path):
    from coach.service.grading import grade_file, render_json

    report = grade_file(FIXTURES / "draft.md")
    path = tmp_path / "q2.json"
    path.write_text(render_json(report), encoding="utf-8")
    assert json.loads(path.read_text())["schema"] == "okr-coach/grade"
    assert read_history([path]) == [PastQuarter("Q2 2026", 0.75, str(path))]
