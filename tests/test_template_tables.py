"""Published OKR templates read as a new user would paste them. Each snippet is shaped after a
public template (source in the test's comment); the words are our own."""

from __future__ import annotations

import pytest

import coach

# After clawmango0/template-business executive/tier1/okr-tracker.md: "### Objective 1: [Title]"
# over an empty "**Objective:**" line and a "Key Result | Baseline | Target | Current" table
# whose cells start "KR1:".
TRACKER = (
    "# OKR Tracking Template\n\n**Period:** Q3 2026\n\n## Quarterly OKRs\n\n"
    "### Objective 1: Grow the self-serve business\n\n**Objective:** \n\n"
    "| Key Result | Baseline | Target | Current | Status |\n"
    "|------------|----------|--------|---------|--------|\n"
    "| KR1: Raise trial-to-paid conversion | 4% | 7% | 5% | 40% |\n"
    "| KR2: Increase self-serve revenue | $80k | $120k | | % |\n"
    "| KR3: | | | | % |\n"
)

# After debasish-tech/engineering-leadership-proof templates/okr-template.md.
PLAIN_TABLE = (
    "# OKR Template\n\n## Team OKRs: Q3 2026\n\n### Deploys are boring for every team\n\n"
    "| Key Result | Target | Actual | Owner |\n|---|---|---|---|\n"
    "| KR 1.1: Raise deploy success rate from 92% | 99% | 94% | Ana |\n"
    "| KR 1.2: Cut median deploy time | 10 min | 25 min | Li |\n"
)


def test_a_label_at_the_start_of_a_table_cell_is_the_key_results_label():
    draft = coach.parse_text(TRACKER, "okrs.md", "markdown")
    krs = [kr for o in draft.objectives for kr in o.key_results]
    assert [(k.label, k.text) for k in krs] == [
        ("KR1", "Raise trial-to-paid conversion"),
        ("KR2", "Increase self-serve revenue"),
    ]  # "KR3:" with nothing after it is an unfilled template row, not a key result
    assert krs[0].measures == " from 4% to 7%"


def test_an_empty_objective_line_under_an_objective_heading_is_a_placeholder():
    draft = coach.parse_text(TRACKER, "okrs.md", "markdown")
    assert [o.text for o in draft.objectives] == ["Grow the self-serve business"]
    assert len(draft.objectives[0].key_results) == 2


def test_a_label_in_a_table_cell_under_a_plain_heading():
    draft = coach.parse_text(PLAIN_TABLE, "okrs.md", "markdown")
    krs = [kr for o in draft.objectives for kr in o.key_results]
    assert [(k.label, k.text, k.measures) for k in krs] == [
        ("KR1.1", "Raise deploy success rate from 92%", " to 99%"),
        ("KR1.2", "Cut median deploy time", " to 10 min"),
    ]


@pytest.mark.parametrize(
    "value", ["[e.g., 5%]", "[Target value]", "TBD", "tbd", "[Name/Role]", "TBC", "?"]
)
def test_a_placeholder_value_states_nothing(value):
    # After pixieluv/Christina-Beltane-Portfolio okr-setting-template.md:
    # "* _Target:_ [e.g., Increase user engagement by 15%]" under "* **Key Result 1.1:** …"
    text = (
        "## Objective: Make the app feel instant\n\n"
        f"* **Key Result 1.1:** Reduce page load time\n    * _Target:_ {value}\n"
    )
    kr = coach.parse_text(text, "okrs.md", "markdown").objectives[0].key_results[0]
    assert kr.text == "Reduce page load time"
    assert kr.measures == ""


# After fl-sean03/RooLifeOS .roo/rules-module-C/01_moduleC_okr_table.md: one row per key result,
# its objective in the first column ("| Objective | Key Result | Metric | Baseline | Target |
# Timeline | Status |"); an empty objective cell continues the objective above.
OBJECTIVE_COLUMN = (
    "# Fitness Commitment OKRs\n\n"
    "| Objective | Key Result | Metric | Baseline | Target | Timeline | Status |\n"
    "|---|---|---|---|---|---|---|\n"
    "| Increase user engagement | Achieve 20% daily active users | % DAU | 10% | 20% | Q2 2025"
    " | On Track |\n"
    "| Increase user engagement | Reduce churn | % churn | 8% | 5% | Q2 2025 | At Risk |\n"
    "| Build a running habit | Run 3 times a week | runs/week | 0 | 3 | Q2 2025 | |\n"
    "| | Finish a 10k race under 60 min | minutes | 70 | 60 | Jun 2025 | |\n"
)


def test_an_objective_column_groups_the_rows_under_their_objectives():
    draft = coach.parse_text(OBJECTIVE_COLUMN, "okrs.md", "markdown")
    assert [(o.text, [k.text for k in o.key_results]) for o in draft.objectives] == [
        ("Increase user engagement", ["Achieve 20% daily active users", "Reduce churn"]),
        ("Build a running habit", ["Run 3 times a week", "Finish a 10k race under 60 min"]),
    ]
    assert draft.objectives[0].key_results[0].measures == " from 10% to 20% by Q2 2025"


def test_under_a_labelled_objective_the_key_result_column_is_the_text():
    text = "## Objective: Build a running habit\n\n" + OBJECTIVE_COLUMN.split("\n\n", 1)[1]
    krs = coach.parse_text(text, "okrs.md", "markdown").objectives[0].key_results
    assert krs[0].text == "Achieve 20% daily active users"


@pytest.mark.parametrize(
    "head",
    [
        "## Objective: Make the app feel instant\n\n",
        "## Make the app feel instant\n\n### Key results\n\n",
    ],
)
def test_a_parenthesised_aside_in_the_list_is_a_note_not_a_key_result(head):
    # After pixieluv/Christina-Beltane-Portfolio okr-setting-template.md, whose lists of key
    # results end "* *(Add more Key Results as needed)*".
    text = head + (
        "* Reduce median page load time from 800ms to 500ms\n* *(Add more Key Results as needed)*\n"
    )
    draft = coach.parse_text(text, "okrs.md", "markdown")
    assert [k.text for k in draft.objectives[0].key_results] == [
        "Reduce median page load time from 800ms to 500ms"
    ]
    assert any("Add more Key Results" in n.text for n in draft.notes)


def test_value_columns_with_emoji_or_a_qualifier_in_the_header():
    text = (
        "## Objective: Delight our support customers\n\n"
        "| 🎯 Key Result | 📉 Baseline | 🎯 Target | 📅 Target date | Current |\n|---|---|---|---|---|\n"
        "| Raise CSAT | 4.1 | 4.5 | end of Q3 | 4.2 |\n\n"
        "## Objective: Answer every customer within the hour\n\n"
        "| KR | Description | Baseline (Q2) | Target (Q3) | Owner |\n|---|---|---|---|---|\n"
        "| KR1 | Cut first response time | 6 h | 1 h | @sam |\n"
    )
    draft = coach.parse_text(text, "okrs.md", "markdown")
    krs = [k for o in draft.objectives for k in o.key_results]
    assert [(k.label, k.text, k.measures) for k in krs] == [
        (None, "Raise CSAT", " from 4.1 to 4.5 by end of Q3"),
        ("KR1", "Cut first response time", " from 6 h to 1 h"),
    ]


# Shaped after a product spec whose "## 3. Objective" section holds an "### Objective" heading
# over the objective's paragraph, then "### Key Results" and a "| KR | Baseline | Target |
# Timeline |" table (the numbered section is no objective of its own).
SPEC = (
    "## 3. Objective\n\n### Objective\n"
    "Raise subscription renewals by turning the app into a homework tutor parents trust.\n\n"
    "### Key Results\n\n| KR | Baseline | Target | Timeline |\n|----|----------|--------|----------|\n"
    "| KR1: Renewal intent in the pilot group | 15% | ≥30% | After 8 weeks of pilot |\n"
    "| KR2: Vocab retention after 1 week | Not measurable | ≥70% | After 4 weeks |\n"
)


def test_a_numbered_objective_section_over_an_objective_heading_is_no_objective():
    draft = coach.parse_text(SPEC, "spec.md", "markdown")
    assert [(o.text, o.parent) for o in draft.objectives] == [
        (
            "Raise subscription renewals by turning the app into a homework tutor parents trust.",
            None,
        )
    ]
    krs = draft.objectives[0].key_results
    assert [k.label for k in krs] == ["KR1", "KR2"]


@pytest.mark.parametrize("value", ["Not measurable", "not yet measured", "Unknown"])
def test_a_baseline_nobody_measured_states_nothing(value):
    text = SPEC.replace("Not measurable", value)
    kr = coach.parse_text(text, "spec.md", "markdown").objectives[-1].key_results[1]
    assert kr.measures == " to ≥70% by After 4 weeks"


@pytest.mark.parametrize(
    "head",
    [
        "## Objective: Sellers trust ListUp to propose prices\n\n",
        "**Objective 1 — Sellers trust ListUp to propose prices.**\n\n",
    ],
)
def test_a_numbered_key_result_in_a_kr_column(head):
    # Shaped after a course's worked example: "**Objective 1 — …**" over "| KR | Baseline |
    # Target | Type | Confidence |" rows "| 1.1 Pro accounts with ≥1 repricing rule live | 0 | …"
    text = head + (
        "| KR | Baseline | Target | Type |\n|---|---|---|---|\n"
        "| 1.1 Pro accounts with a repricing rule live | 0 | 90 | Aspirational |\n"
        "| 1.2 Share of price changes we recommend | 0% | 8% | Aspirational |\n"
    )
    krs = coach.parse_text(text, "okrs.md", "markdown").objectives[0].key_results
    assert [(k.label, k.text, k.measures) for k in krs] == [
        ("KR1.1", "Pro accounts with a repricing rule live", " from 0 to 90"),
        ("KR1.2", "Share of price changes we recommend", " from 0% to 8%"),
    ]


def test_a_number_in_a_key_result_column_is_its_text():
    text = "## Objective: Sellers trust us\n\n| Key Result | Target |\n|---|---|\n| 3.5 stars or more on the store | Q2 |\n"
    kr = coach.parse_text(text, "okrs.md", "markdown").objectives[0].key_results[0]
    assert (kr.label, kr.text) == (None, "3.5 stars or more on the store")


def test_a_scorecard_skeleton_of_labels_holds_no_objective():
    # Shaped after an OKR guide's "Scorecard Template": "| Objective | KR | Baseline | Target |
    # Actual | Score | Notes |" over "| O1 | KR1 | | | | | |" rows, below a real table.
    text = OBJECTIVE_COLUMN + (
        "\n## Scorecard Template\n\n| Objective | KR | Baseline | Target | Actual |\n"
        "|---|---|---|---|---|\n| O1 | KR1 | | | |\n| O1 | KR2 | | | |\n"
    )
    draft = coach.parse_text(text, "okrs.md", "markdown")
    assert [o.text for o in draft.objectives] == [
        "Increase user engagement",
        "Build a running habit",
    ]


def test_field_lines_in_a_paragraph_under_a_key_result_heading():
    # As OKR templates write them under "### 🎯 Key Result 1.2: …" without list markers.
    text = (
        "## Objective 1: Win the mid-market\n\n"
        "### 🎯 Key Result 1.2: Raise win rate against BigCo\n"
        "Baseline: 18%\nTarget: 25%\nConfidence: high\n"
    )
    draft = coach.parse_text(text, "okrs.md", "markdown")
    kr = draft.objectives[0].key_results[0]
    assert (kr.label, kr.text, kr.measures) == (
        "KR1.2",
        "Raise win rate against BigCo",
        " from 18% to 25%",
    )
    assert [n.text for n in draft.notes] == ["Confidence: high"]


def test_a_paragraph_of_prose_under_a_key_result_heading_stays_prose():
    text = (
        "## Objective 1: Win the mid-market\n\n"
        "### Key Result 1.2: Raise win rate against BigCo\n"
        "We lose most deals on price.\nTarget: 25%\n"
    )
    draft = coach.parse_text(text, "okrs.md", "markdown")
    assert draft.objectives[0].key_results[0].measures == ""


def test_a_title_naming_the_okrs_is_no_parent_objective_even_when_a_verb_starts_it():
    # "# <Commitment Name> OKRs", as fl-sean03/RooLifeOS's table template heads its file, with a
    # name that starts with a verb
    text = OBJECTIVE_COLUMN.replace("# Fitness Commitment OKRs", "# Launch Commitment OKRs")
    draft = coach.parse_text(text, "okrs.md", "markdown")
    assert [(o.text, o.parent) for o in draft.objectives] == [
        ("Increase user engagement", None),
        ("Build a running habit", None),
    ]


# GitHub tables hold one line per cell: several key results in a cell are broken with <br>.
BROKEN_CELLS = (
    "# Q3 OKRs\n\n| Objective | Key Results | Baseline | Owner |\n|---|---|---|---|\n"
    "| Make onboarding effortless for new customers "
    "| KR1: Increase activation rate to 40% by end of Q3<br>KR2: Launch the setup wizard<br/>"
    "KR3: Reduce time to first value to 1 day by end of Q3 | 20%<br>-<br>3 days | @ana |\n"
    "| Grow revenue from mid-market customers "
    "| KR1: Increase net revenue retention to 105% by end of Q3<br />KR2: Run 4 webinars "
    "| 95% | @bo<br>@cy |\n"
)


def test_key_results_broken_over_lines_of_one_cell_are_read_one_by_one():
    """A cell "KR1: …<br>KR2: …" was one key result reading "… by end of Q3<br>KR2: …" (OKR406
    took the <br> for a placeholder, OKR302 counted one key result per objective)."""
    text = BROKEN_CELLS
    draft = coach.parse_text(text, "okrs.md", "markdown")
    first, second = draft.objectives
    assert [kr.label for kr in first.key_results] == ["KR1", "KR2", "KR3"]
    assert [kr.text for kr in first.key_results] == [
        "Increase activation rate to 40% by end of Q3",
        "Launch the setup wizard",
        "Reduce time to first value to 1 day by end of Q3",
    ]
    # each line has the value on its own line of the Baseline cell; "-" states none
    assert [kr.measures for kr in first.key_results] == [" from 20%", "", " from 3 days"]
    # a cell of one line is the whole row's, as the owner "@ana" is
    assert [kr.measures for kr in second.key_results] == [" from 95%", " from 95%"]
    assert [kr.owner for kr in first.key_results] == ["ana"] * 3
    assert [kr.owner for kr in second.key_results] == ["bo", "cy"]
    line = text.splitlines()[4]
    wizard = first.key_results[1].position
    assert line[wizard.column - 1 : wizard.end_column - 1] == "Launch the setup wizard"
    report = coach.check(draft)
    assert not {f.rule_id for f in report.findings} & {"OKR302", "OKR406"}
    assert {(f.rule_id, f.line) for f in report.findings if f.rule_id == "OKR201"} == {
        ("OKR201", 5),
        ("OKR201", 6),
    }


def test_a_rewrite_replaces_one_line_of_a_broken_cell_and_keeps_the_breaks():
    from coach.service import RewriteRequest, rewrite_text

    result = rewrite_text(RewriteRequest(text=BROKEN_CELLS, source="okrs.md"))
    new = result.new_text.splitlines()
    assert "Launch the setup wizard" not in result.new_text
    assert new[4].split("|")[2].count("<br") == 2 and new[5].split("|")[2].count("<br />") == 1
    assert new[4].split("|")[3] == " 20%<br>-<br>3 days "  # the Baseline cell as it was
    again = coach.parse_text(result.new_text, "okrs.md", "markdown")
    assert [len(o.key_results) for o in again.objectives] == [3, 2]
    assert again.objectives[0].key_results[0].text == "Increase activation rate to 40% by end of Q3"


def test_an_html_tag_is_no_placeholder_and_a_placeholder_is_named_once():
    """Sourcegraph's FY22-Q3 OKRs set footnote marks in <sub>: OKR406 reported "<sub>" as an
    unfilled placeholder on 23 lines; a cell's <br> was one too. "X% … X%" listed X% twice."""
    text = (
        "## Objective: Make search effortless for every developer\n\n"
        "- Increase weekly searchers<sub>1</sub> from 1,200 to 3,400 by end of Q3\n"
        "- Raise search success from X% to X% by end of Q3\n"
    )
    report = coach.check(coach.parse_text(text, "okrs.md", "markdown"))
    placeholder = [f for f in report.findings if f.rule_id == "OKR406"]
    assert [f.line for f in placeholder] == [4]
    assert "(X%)" in placeholder[0].message


def test_a_cell_of_more_lines_than_a_team_has_key_results_is_read_as_it_stands():
    """Splitting every <br> of a huge cell searched the row once per line (minutes for 20,000
    lines; benchmarks/bench_pathological.py, table-cell-lines): past 32 lines the cell is one
    key result, as before <br> was read."""
    cell = "<br>".join(f"KR{i}: Launch thing {i}" for i in range(40))
    text = "## Objective: Grow usage\n\n| Key result | Target |\n|---|---|\n| " + cell + " | 1 |\n"
    draft = coach.parse_text(text, "okrs.md", "markdown")
    assert len(draft.objectives[0].key_results) == 1
