"""A list item "Objectives" over the objectives and one "Key Results" over the key results: one
set, as the two headings are. It read as one objective named "Objectives" whose key results were
the objectives and the key results."""

from __future__ import annotations

import pytest

import coach
from coach.errors import NotOkrError

DRAFT = """# Q3 OKRs

- Objectives
  - Make onboarding effortless for new customers
  - Make checkout effortless for returning customers
- Key Results
  - Increase onboarding completion rate from 45% to 70%
  - Increase checkout completion from 60% to 80%
"""


def read(text: str) -> list[tuple[int, str, list[int]]]:
    draft = coach.parse_text(text, "okrs.md", "markdown")
    return [
        (o.position.line, o.text, [k.position.line for k in o.key_results])
        for o in draft.objectives
    ]


def test_the_items_are_objectives_and_the_key_results_belong_to_the_first():
    assert read(DRAFT) == [
        (4, "Make onboarding effortless for new customers", [7, 8]),
        (5, "Make checkout effortless for returning customers", []),
    ]


def test_as_headings_the_same_set_reads_the_same():
    headings = (
        DRAFT.replace("- Objectives", "## Objectives\n")
        .replace("- Key Results", "## Key Results\n")
        .replace("  - ", "- ")
    )
    assert [(text, len(krs)) for _, text, krs in read(headings)] == [
        ("Make onboarding effortless for new customers", 2),
        ("Make checkout effortless for returning customers", 0),
    ]


def test_a_glossary_of_the_two_terms_is_still_no_okrs():
    glossary = (
        "# How we write OKRs\n\n- Objectives\n"
        "  - Objectives are qualitative and inspiring goals for the quarter.\n- Key Results\n"
        "  - Key results are measurable outcomes that show progress toward an objective.\n"
    )
    with pytest.raises(NotOkrError):
        read(glossary)


def test_labels_alone_over_lists_take_their_text_from_the_lists():
    """PostHog's team pages: "* **Objective:**" over one item (the objective), "* **Key
    Results:**" over the key results. The objective read as empty text with the first line as
    its key result, and the key results as notes."""
    text = (
        "## Roadmap\n\n* **Objective:**\n    * Make the finance operations effortless for the team.\n"
        "* **Key Results:**\n    * Stick to our budget within 5% of forecast (Fraser)\n"
        "    * Automate our sales tax process (Fraser)\n* **Rationale:**\n"
        "    * We want the FinanceOps parts to run smoothly\n"
    )
    assert read(text) == [(4, "Make the finance operations effortless for the team.", [6, 7])]
    notes = coach.parse_text(text, "okrs.md", "markdown").notes
    assert [n.text for n in notes][-1] == "We want the FinanceOps parts to run smoothly"


def test_an_objective_label_over_several_items_is_read_as_before():
    text = "# OKRs\n\n- **Objective:** Grow revenue for small shops\n  - Increase paid shops from 40 to 60\n"
    assert read(text) == [(3, "Grow revenue for small shops", [4])]
