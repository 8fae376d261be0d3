"""Where actual values come from: inline in the draft, YAML / CSV files, check-ins; matching."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from coach.errors import InputError
from coach.grading import GradeInputs, grade_draft, grade_file
from coach.grading.actuals import Entry, read_actuals
from coach.grading.checkins import read_checkins
from coach.parsing import parse_text

FIXTURES = Path(__file__).parent / "fixtures" / "grading"
DRAFT = FIXTURES / "draft.md"


def scores(report) -> dict[str, float | None]:
    return {kr.label: kr.score for kr in report.key_results()}


def sources(report) -> dict[str, str | None]:
    return {kr.label: kr.actual_source for kr in report.key_results()}


# ---- inline ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "- KR1: Reduce 30-day churn from 12% to 8% (actual 9%)",
        "- KR1: Reduce 30-day churn from 12% to 8% [actual: 9%]",
        "- KR1: Reduce 30-day churn from 12% to 8% — actual: 9%",
        "- KR1: Reduce 30-day churn from 12% to 8%\n  actual: 9%",
        "- KR1: Reduce 30-day churn from 12% to 8%\n  - Actual = 9%",
    ],
)
def test_inline_actuals_in_every_accepted_style(line):
    draft = parse_text(f"## Objective: Keep customers with us\n{line}\n", "d.md")
    kr = grade_draft(draft).objectives[0].key_results[0]
    assert (kr.score, kr.actual, kr.actual_source) == (0.75, "9%", "inline")
    assert kr.text == "Reduce 30-day churn from 12% to 8%"


def test_inline_actuals_in_a_yaml_draft():
    text = (
        "objectives:\n  - objective: Keep customers with us\n    key_results:\n"
        "      - text: Reduce 30-day churn from 12% to 8%\n        actual: 9%\n"
    )
    kr = grade_draft(parse_text(text, "d.yaml")).objectives[0].key_results[0]
    assert (kr.score, kr.actual_source) == (0.75, "inline")


def test_an_actual_under_one_key_result_does_not_leak_to_the_next():
    text = (
        "## Objective: Keep customers with us\n- KR1: Reduce 30-day churn from 12% to 8%\n"
        "  actual: 9%\n- KR2: Increase NPS from 30 to 40\n"
    )
    kr1, kr2 = grade_draft(parse_text(text, "d.md")).objectives[0].key_results
    assert (kr1.score, kr2.score) == (0.75, None)


def test_the_word_actual_inside_a_key_result_is_not_an_actual():
    text = "## Objective: Help users\n- Increase actual usage of search from 10% to 30%\n"
    kr = grade_draft(parse_text(text, "d.md")).objectives[0].key_results[0]
    assert kr.actual is None
    assert kr.target == "30%"


def test_an_actuals_file_overrides_an_inline_actual_and_says_so():
    draft = parse_text("## Objective: Keep customers\n- Reduce churn from 12% to 8% (actual 10%)\n")
    kr = grade_draft(draft, [Entry("KR1", "9%")]).objectives[0].key_results[0]
    assert (kr.score, kr.actual_source) == (0.75, "actuals file")
    assert "the actuals file value (9%) is used, not the inline one (10%)" in [
        m.text for m in kr.messages
    ]


# ---- files and matching ---------------------------------------------------------------------

EXPECTED = {
    "O1.KR1": 0.7,  # by label
    "O1.KR2": 0.75,  # inline
    "O1.KR3": 0.75,  # by exact text, 36 hours = 1.5 days
    "O2.KR1": 0.5,  # by metric name
    "O2.KR2": 0.5,  # by label
}


def test_yaml_actuals_match_by_label_exact_text_and_metric_name():
    report = grade_file(DRAFT, GradeInputs(actuals=FIXTURES / "actuals.yaml"))
    assert scores(report) == EXPECTED
    assert sources(report)["O1.KR2"] == "inline"
    assert report.messages[0].text.startswith("untagged")


def test_csv_actuals_match_by_normalised_text_metric_and_spaced_label():
    report = grade_file(DRAFT, GradeInputs(actuals=FIXTURES / "actuals.csv"))
    assert scores(report) == {**EXPECTED, "O1.KR3": 0.5}  # "2 days"


def test_a_yaml_list_of_entries_with_a_wrapper():
    report = grade_file(DRAFT, GradeInputs(actuals=FIXTURES / "actuals-list.yaml"))
    assert scores(report) == {
        "O1.KR1": 0.7,
        "O1.KR2": 0.75,
        "O1.KR3": None,
        "O2.KR1": None,
        "O2.KR2": 0.5,
    }


def test_a_bare_kr_label_that_several_objectives_use_is_ambiguous(tmp_path):
    report = grade_file(DRAFT, GradeInputs(actuals=_write(tmp_path, "KR1: 62%\n")))
    assert report.messages[0].text == (
        "actuals “KR1”: “KR1” matches 2 key results (O1.KR1, O2.KR1): use a label such as O1.KR2; "
        "not used"
    )


def test_a_name_that_matches_nothing_is_reported_and_the_rest_still_grade(tmp_path):
    actuals = _write(tmp_path, "O1.KR1: 62.5%\nsignups: 400\n")
    report = grade_file(DRAFT, GradeInputs(actuals=actuals))
    assert scores(report)["O1.KR1"] == 0.7
    assert report.messages[0].text == (
        "actuals “signups”: “signups” matches no key result by label, text or metric name; not used"
    )


def test_a_baseline_in_the_actuals_file_is_used_only_when_the_text_has_none(tmp_path):
    actuals = _write(tmp_path, "O1.KR1: {actual: 62.5%, baseline: 50%}\n")
    report = grade_file(DRAFT, GradeInputs(actuals=actuals))
    kr = report.key_results()[0]
    assert kr.score == 0.7
    assert "baseline 50% in the actuals file ignored: the key result says 45%" in [
        m.text for m in kr.messages
    ]


def test_read_actuals_accepts_value_and_baseline_columns(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("KR,Value,Baseline\nO1.KR1,62%,40%\nO1.KR2,,\n", encoding="utf-8")
    entries = read_actuals(path)
    assert [(e.key, e.value, e.baseline, e.where) for e in entries] == [
        ("O1.KR1", "62%", "40%", "row 2"),
        ("O1.KR2", None, None, "row 3"),
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("malformed.yaml", "malformed.yaml: malformed YAML at line 2"),
        ("wrong-columns.csv", "wrong-columns.csv: the CSV header has no key result column"),
        ("nowhere.yaml", "nowhere.yaml: file not found"),
    ],
)
def test_bad_actuals_files_are_one_input_error(name, message):
    with pytest.raises(InputError) as caught:
        read_actuals(FIXTURES / name)
    assert str(caught.value).startswith(str(FIXTURES / message.split(":")[0]))
    assert message.split(": ", 1)[1] in str(caught.value)


def test_a_yaml_scalar_is_not_an_actuals_file(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("just text\n", encoding="utf-8")
    with pytest.raises(InputError, match="expected key result → actual value entries"):
        read_actuals(path)


# ---- check-ins ------------------------------------------------------------------------------


def test_csv_check_ins():
    checkins, problems = read_checkins(FIXTURES / "checkins.csv")
    assert problems == []
    assert [(c.key, c.day, c.value) for c in checkins][:2] == [
        ("O1.KR1", date(2026, 4, 1), "45%"),
        ("O1.KR1", date(2026, 4, 15), "51%"),
    ]
    assert len(checkins) == 6


def test_yaml_check_ins_as_mappings_and_lists():
    checkins, problems = read_checkins(FIXTURES / "checkins.yaml")
    assert problems == []
    assert [(c.key, c.day.isoformat(), c.value) for c in checkins] == [
        ("O1.KR1", "2026-04-01", "45%"),
        ("O1.KR1", "2026-04-15", "51%"),
        ("30-day churn", "2026-04-15", "11.5%"),
        ("30-day churn", "2026-04-29", "11%"),
    ]


def test_a_check_in_with_a_bad_date_is_skipped_with_a_message(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("date,key_result,value\n14/04,O1.KR1,50%\n2026-04-14,O1.KR1,50%\n")
    checkins, problems = read_checkins(path)
    assert len(checkins) == 1
    assert problems == ["check-in row 2: “14/04” is not a date (use YYYY-MM-DD); skipped"]


def test_a_check_ins_file_without_a_date_column_is_an_input_error(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("key_result,value\nO1.KR1,50%\n")
    with pytest.raises(InputError, match="the CSV header has no date column"):
        read_checkins(path)


def test_the_latest_check_in_is_the_actual_when_nothing_else_is_given():
    report = grade_file(
        DRAFT, GradeInputs(checkins=FIXTURES / "checkins.csv", as_of=date(2026, 7, 1))
    )
    kr = report.key_results()[0]
    assert (kr.actual, kr.actual_source, kr.score) == ("60%", "check-in 2026-05-20", 0.6)
    assert not report.mid_quarter


def _write(folder: Path, text: str) -> Path:
    path = folder / "actuals.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_check_in_without_a_value_is_skipped_with_a_message(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("date,key_result,value\n2026-04-14,O1.KR1,\n2026-04-28,O1.KR1,50%\n")
    checkins, problems = read_checkins(path)
    assert [c.value for c in checkins] == ["50%"]
    assert problems == ["check-in row 2: no value; skipped"]
