"""Key-result tables that state the values beside the text ("| Key result | Baseline | Target |
Due |"), and tables whose first column holds only the labels ("| KR | Target |" over
"| **KR 1** | Achieve … |"): both were read from the text column alone, so every row of the first
had "no number" and every key result of the second read "KR 1"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import coach
from coach.errors import NotOkrError
from coach.grading.grade import grade_draft
from coach.service.checking import check_text

LABELLED = (
    "---\nquarter: Q3 2026\n---\n## Objective: Make onboarding effortless for new customers\n\n"
)
PLAIN = "# Growth team\n\n## Make onboarding effortless for new customers\n\n### Key results\n\n"
TABLE = (
    "| Key result | Baseline | Target | Due | Owner |\n|---|---|---|---|---|\n"
    "| Increase onboarding completion rate | 45% | **70%** | end of Q3 | @ana |\n"
    "| Reduce time to first value | 3 days | 1 day | by Week 10 | @bo |\n"
)


def rule_ids(text: str, line: int) -> set[str]:
    report = check_text(text, "okrs.md")
    return {f.rule_id for f in report.findings if f.line == line}


@pytest.mark.parametrize("head", [LABELLED, PLAIN], ids=["labelled", "outline"])
def test_the_value_columns_are_read_with_the_text(head):
    draft = coach.parse_text(head + TABLE, "okrs.md", "markdown")
    krs = draft.objectives[0].key_results
    assert [k.text for k in krs] == [
        "Increase onboarding completion rate",
        "Reduce time to first value",
    ]  # the text alone: messages quote it and rewrites replace it
    assert [k.measures for k in krs] == [
        " from 45% to 70% by end of Q3",
        " from 3 days to 1 day by Week 10",
    ]
    assert [k.owner for k in krs] == ["ana", "bo"]
    line = (head + TABLE).splitlines().index(TABLE.splitlines()[2]) + 1
    assert not rule_ids(head + TABLE, line) & {"OKR401", "OKR402", "OKR403"}
    report = check_text(head + TABLE, "okrs.md")
    first = report.draft.objectives[0].key_results[0].analysis
    assert (first.baseline.raw, first.target.raw) == ("45%", "70%")


def test_without_the_columns_the_same_lines_have_no_number():
    bullets = LABELLED + "- Increase onboarding completion rate\n- Reduce time to first value\n"
    assert "OKR401" in rule_ids(bullets, 6)


def test_empty_and_dash_cells_state_nothing_and_target_date_is_a_deadline():
    text = LABELLED + (
        "| Key result | Baseline | Target | Target date |\n|---|---|---|---|\n"
        "| Increase onboarding completion rate | - | n/a | 2026-09-30 |\n"
    )
    kr = coach.parse_text(text, "okrs.md", "markdown").objectives[0].key_results[0]
    assert kr.measures == " by 2026-09-30"
    assert "OKR401" in rule_ids(text, 8) and "OKR403" not in rule_ids(text, 8)


def test_a_current_column_is_progress_not_a_baseline():
    """A tracking sheet ("KR | End of Q2 | Current", the VA mobile team's) states progress."""
    text = LABELLED + (
        "| KR | End of Q2 | Current |\n|---|---|---|\n"
        "| Platform user happiness trends in a positive direction | Establishing Baseline | 0 |\n"
    )
    kr = coach.parse_text(text, "okrs.md", "markdown").objectives[0].key_results[0]
    assert kr.measures == "" and "OKR401" in rule_ids(text, 8)


@pytest.mark.parametrize("head", [LABELLED, PLAIN], ids=["labelled", "outline"])
def test_a_column_of_labels_is_not_the_text(head):
    """TerraLogic's OKRs (held-out structure set): "| KR | Target |" with the statement in the
    second column."""
    table = (
        "| KR | Target |\n|----|--------|\n"
        "| **KR 1** | Achieve ≥90% precision in identifying stale places by Week 8. |\n"
        "| **KR 2** | Add a self-verification step before final output. |\n"
    )
    krs = coach.parse_text(head + table, "okrs.md", "markdown").objectives[0].key_results
    assert [(k.label, k.text, k.measures) for k in krs] == [
        ("KR1", "Achieve ≥90% precision in identifying stale places by Week 8.", ""),
        ("KR2", "Add a self-verification step before final output.", ""),
    ]
    assert krs[0].position.column == table.splitlines()[2].index("Achieve") + 1


def test_the_held_out_terralogic_document_reads_its_statements():
    path = Path(__file__).resolve().parent.parent / "evals/structure/heldout/H-terralogic-2026q2.md"
    draft = coach.parse_text(path.read_text("utf-8"), path.name, "markdown")
    texts = [k.text for o in draft.objectives for k in o.key_results]
    assert texts and not any(t.startswith("KR") for t in texts)


def test_grading_reads_the_from_and_to_of_a_table_row():
    text = LABELLED + TABLE.replace("end of Q3", "end of Q2").replace("by Week 10", "end of Q2")
    draft = coach.parse_text(text, "okrs.md", "markdown")
    from coach.grading.actuals import Entry  # noqa: PLC0415

    entries = [Entry("Increase onboarding completion rate", "64%")]
    report = grade_draft(draft, entries)
    graded = report.objectives[0].key_results[0]
    assert round(graded.score, 2) == 0.76  # (64 − 45) / (70 − 45): from → to, not a milestone


def test_a_key_results_sub_heading_says_its_section_is_an_objective():
    """Nothing above "## Make onboarding effortless" said OKRs (the title is "# Growth team"), so
    its objective was dropped as a README's section and the draft read "no OKRs found"."""
    text = PLAIN + "- Increase onboarding completion rate from 45% to 70%\n- Cut time to value\n"
    draft = coach.parse_text(text, "okrs.md", "markdown")
    assert [o.text for o in draft.objectives] == ["Make onboarding effortless for new customers"]
    assert len(draft.objectives[0].key_results) == 2


def test_a_section_without_one_is_still_not_read_as_okrs():
    text = "# Setup\n\n## Install the tools\n\n- Install Python\n- Install the package\n"
    with pytest.raises(NotOkrError):
        coach.parse_text(text, "README.md", "markdown")


def test_a_table_headed_key_result_says_its_section_is_an_objective():
    text = (
        "# Growth team\n\n## Make onboarding effortless for new customers\n\n"
        "| Key result | Baseline | Target |\n|---|---|---|\n"
        "| Increase onboarding completion rate | 45% | 70% |\n"
    )
    draft = coach.parse_text(text, "okrs.md", "markdown")
    assert [o.text for o in draft.objectives] == ["Make onboarding effortless for new customers"]


def test_a_goal_table_in_a_handbook_is_still_not_okrs():
    text = (
        "# Team handbook\n\n## Roadmap\n\n| Goal | Status |\n|---|---|\n"
        "| Ship the new docs site | done |\n| Migrate CI | in progress |\n"
    )
    with pytest.raises(NotOkrError):
        coach.parse_text(text, "README.md", "markdown")


def test_json_output_shows_the_measures_the_analysis_read():
    import json

    from coach.render.json_output import draft_json

    report = check_text(LABELLED + TABLE, "okrs.md")
    first = draft_json(report.draft)["objectives"][0]["key_results"][0]
    assert first["measures"] == " from 45% to 70% by end of Q3"
    statement = first["text"] + first["measures"]
    target = first["analysis"]["target"]
    assert statement[target["start"] : target["end"]] == "70%"
    plain = draft_json(check_text(LABELLED + "- Cut churn from 5% to 3%\n", "o.md").draft)
    assert "measures" not in json.loads(json.dumps(plain))["objectives"][0]["key_results"][0]


TEMPLATE = """---
quarter: Q3 2026
---
## Objective 1: Make onboarding effortless for new customers

* **Key Result 1.1:** Increase onboarding completion rate
    * _Owner:_ Ana
    * _Baseline:_ 45%
    * _Target:_ 70%
    * _Confidence:_ high
* **Key Result 1.2:** Reduce time to first value
    * **Current:** 3 days
    * **Target:** 1 day
    * **Due:** end of Q3

### Key Result 1.3: Raise weekly active teams
- **Target:** 1,200
- **Baseline:** 800
- **Owner:** Bo
"""


def test_value_lines_under_a_key_result_are_read_with_it():
    """The OKR templates people copy put "Target:" and "Baseline:" lines under each key result;
    under a "### Key Result 1.3:" heading they were read as three more key results."""
    draft = coach.parse_text(TEMPLATE, "okrs.md", "markdown")
    krs = draft.objectives[0].key_results
    assert [(k.position.line, k.label, k.owner, k.measures) for k in krs] == [
        (6, "KR1.1", "Ana", " from 45% to 70%"),
        (11, "KR1.2", None, " to 1 day by end of Q3"),  # "Current" is progress, not a baseline
        (16, "KR1.3", "Bo", " from 800 to 1,200"),
    ]
    assert [n.text for n in draft.notes] == ["_Confidence:_ high", "**Current:** 3 days"]
    report = check_text(TEMPLATE, "okrs.md")
    assert {(f.rule_id, f.line) for f in report.findings} == {("OKR402", 11)}


def test_other_lines_under_a_key_result_heading_are_read_as_before():
    text = TEMPLATE.replace("- **Owner:** Bo\n", "- Increase weekly signups from 10 to 20\n")
    krs = coach.parse_text(text, "okrs.md", "markdown").objectives[0].key_results
    assert [(k.position.line, k.measures) for k in krs][2:] == [
        (16, " from 800 to 1,200"),
        (19, ""),  # as a plain item under an objective heading always was: a key result
    ]


@pytest.mark.parametrize("form", ["yaml", "json"])
def test_yaml_and_json_key_results_state_their_values_as_fields(form):
    import json

    data = {
        "quarter": "Q3 2026",
        "objectives": [
            {
                "objective": "Make onboarding effortless for new customers",
                "key_results": [
                    {"text": "Increase onboarding completion rate", "baseline": "45%",
                     "target": "70%", "due": "end of Q3"},
                    {"text": "Grow weekly active teams", "from": 800, "to": 1200},
                    {"text": "Improve activation"},
                ],
            }
        ],
    }  # fmt: skip
    if form == "json":
        text = json.dumps(data)
    else:
        import yaml

        text = yaml.safe_dump(data, sort_keys=False)
    draft = coach.parse_text(text, f"okrs.{form}", form)
    assert [k.measures for k in draft.objectives[0].key_results] == [
        " from 45% to 70% by end of Q3",
        " from 800 to 1200",
        "",
    ]
    report = check_text(text, f"okrs.{form}")
    assert {f.rule_id for f in report.findings if f.path.endswith("key_results[0]")} == set()
    assert "OKR401" in {f.rule_id for f in report.findings if f.path.endswith("key_results[2]")}


TASK_ROWS = LABELLED + (
    "| Key result | Baseline | Target | Due | Owner |\n|---|---|---|---|---|\n"
    "| Launch the new onboarding flow | 45% | 70% | end of Q3 | @ana |\n"
    "| Ship the setup wizard | | 60% | | @bo |\n"
    "| Publish the pricing page | | | | @cy |\n"
)


def test_a_rewrite_leaves_the_values_the_row_states_to_its_columns():
    """The rewrite of a row's text cell wrote "from [baseline] to [target] by end of Q3" beside
    the row's own 45% / 70% / end of Q3 columns: two baselines and two targets, one of them a
    placeholder. The cell now keeps only what the row does not state, and says what it does."""
    from coach.service import RewriteRequest, rewrite_text

    result = rewrite_text(RewriteRequest(text=TASK_ROWS, source="okrs.md"))
    by_line = {c.line: c for c in result.changes}
    launch, wizard, pricing = by_line[8], by_line[9], by_line[10]
    assert launch.after and not re.search(r"\bfrom\b|\bto \[|\bQ3\b|\[", launch.after)
    assert "the row's columns (from 45% to 70% by end of Q3)" in launch.note
    assert wizard.after and "from [baseline]" in wizard.after  # only the target is stated
    assert "[target]" not in wizard.after and "to 60%" not in wizard.after
    assert pricing.after and "from [baseline] to [target]" in pricing.after  # nothing stated
    assert "columns" not in pricing.note
    again = coach.parse_text(result.new_text, "okrs.md", "markdown")
    statements = [kr.statement for kr in again.objectives[0].key_results]
    assert statements[0].endswith(" from 45% to 70% by end of Q3")
    assert statements[1].count("[baseline]") == 1 and statements[1].endswith(" to 60%")
    assert "70%" in result.new_text and result.new_text.count("45%") == 1
    assert not {f.rule_id for f in result.after.findings if f.line == 8} & {"OKR401", "OKR402"}
