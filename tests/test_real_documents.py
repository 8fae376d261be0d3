"""The reader and the rules on text real teams published (evals/structure, evals/corpus/real.yaml).

The structure corpus is held at the issue's bar of 0.95; the statement floors are the figures
reached so far (see evals/corpus/README.md), so a change that judges real text worse fails.
"""

from __future__ import annotations

import pytest
from evals_scripts import EVALS
from evals_scripts import load as _load

from coach import check, parse_text
from coach.errors import NotOkrError
from coach.parsing.labels import match_label

checker_accuracy = _load("checker_accuracy")
structure = _load("structure_accuracy")  # uses checker_accuracy's Counts


@pytest.mark.parametrize(("folder", "documents"), [("docs", 40), ("heldout", 10)])
def test_structure_corpus_is_labelled_and_licensed(folder, documents):
    pairs = structure.documents(structure.DEFAULT_DIR.parent / folder)
    problems = [
        p
        for name, doc, label in pairs
        for p in structure.validate(name, doc, structure.load_label(label))
    ]
    assert problems == []
    okr = [n for n, _, label in pairs if structure.load_label(label).get("okr_document", True)]
    assert len(okr) >= documents
    for _, _, label in pairs:
        data = structure.load_label(label)
        assert data["source"].startswith("https://github.com/")
        assert data["licence"] and data["attribution"]


@pytest.mark.parametrize("folder", ["docs", "heldout"])
def test_reader_reads_real_documents_at_095(folder):
    summary = structure.evaluate(structure.DEFAULT_DIR.parent / folder)
    assert len(summary.results) >= 12
    assert summary.objectives.precision >= 0.95 and summary.objectives.recall >= 0.95
    assert summary.key_results.precision >= 0.95 and summary.key_results.recall >= 0.95
    assert summary.parents.precision >= 0.95 and summary.parents.recall >= 0.95


@pytest.mark.parametrize(
    "name", ["B-posthog-js-changelog", "B-nodejs-dev-meeting-notes", "B-countable-readme"]
)
def test_non_okr_markdown_is_recognised(name):
    doc = structure.DEFAULT_DIR / f"{name}.md"
    with pytest.raises(NotOkrError):
        parse_text(doc.read_text(encoding="utf-8"), str(doc))


def test_checker_holds_its_floor_on_real_statements():
    evaluation = checker_accuracy.evaluate(EVALS / "corpus" / "real.yaml")
    assert not evaluation.errors
    counts = evaluation.counts
    assert counts["OKR201"].precision >= 0.85 and counts["OKR201"].recall >= 0.50
    assert counts["OKR103"].precision >= 0.75


def _read(text: str):
    draft = parse_text(text, "d.md")
    return [(o.text, o.parent, [k.text for k in o.key_results]) for o in draft.objectives]


def test_bold_paragraph_objectives_with_priority_and_owner_prefixes():
    text = (
        "## 2018 Q4\n\n**go-ipfs handles large datasets without a sweat**\n"
        "- `P0` - It takes less than 48 hours to transfer 1TB\n"
        "- `P1` @alice - Rewrite pinning to support large pinsets\n\n"
        "**It is a joy to use go-ipfs programmatically**\n- `PX` - The Core API is released\n"
    )
    assert _read(text) == [
        ("go-ipfs handles large datasets without a sweat", None,
         ["It takes less than 48 hours to transfer 1TB", "Rewrite pinning to support large pinsets"]),
        ("It is a joy to use go-ipfs programmatically", None, ["The Core API is released"]),
    ]  # fmt: skip
    kr = parse_text(text, "d.md").objectives[0].key_results[1]
    assert (kr.priority, kr.owner) == ("P1", "alice")


def test_o_and_kr_headings():
    text = "## O: Improve Gerrit customer satisfaction\n\n### KR: Land bulk actions\n\nWhy it matters.\n\n### KR: Land push notifications\n"
    assert _read(text) == [
        (
            "Improve Gerrit customer satisfaction",
            None,
            ["Land bulk actions", "Land push notifications"],
        )
    ]


def test_nested_heading_tree_has_parent_links_and_subbullets_are_details():
    text = (
        "# OKRs 2018 Q4\n\n## Bring Code as Data to market with enterprises\n\n"
        "### Ensure gitbase works with third party tools\n\n- [ ] Drivers for Python and Go\n"
        "  - a detail, not a key result\n- [x] Grafana support\n\n"
        "### Get gitbase enterprise ready today\n\n- [ ] Audit logs for connections\n- [ ] Basic auth\n"
    )
    read = _read(text)
    assert read[0] == ("Bring Code as Data to market with enterprises", None, [])
    assert read[1] == (
        "Ensure gitbase works with third party tools",
        0,
        ["Drivers for Python and Go", "Grafana support"],
    )
    assert read[2][1] == 0
    assert parse_text(text, "d.md").objectives[1].key_results[1].done is True


def test_table_rows_are_key_results_of_their_heading():
    text = "## OKRs\n### Stability\n| KR | End of Q2 |\n|---|---|\n|Zero app store rejections | 0 |\n|Reduce bugs by 25% | 12 |\n"
    assert _read(text) == [("Stability", None, ["Zero app store rejections", "Reduce bugs by 25%"])]


def test_owner_prefixed_objectives_under_a_company_objective():
    text = (
        "### 2. CEO: Popular next generation product.\n\n"
        "1. **VP Product: Get strategic thinking into the org.**\n"
        "    1. VP Product KR: Secure section strategy reviews => 200%.\n"
        "    1. VP Product KR: Produce strategy visuals => 0%.\n"
    )
    read = _read(text)
    assert read[0][:2] == ("Popular next generation product.", None)
    # "=> 200%." is the retrospective's score after the key result, not part of it
    assert read[1] == ("Get strategic thinking into the org.", 0,
                       ["Secure section strategy reviews", "Produce strategy visuals"])  # fmt: skip
    objectives = parse_text(text, "d.md").objectives
    assert [o.owner for o in objectives] == ["CEO", "VP Product"]


def test_cascaded_tree_owner_lines_beside_and_under_labelled_key_results():
    """GitLab's FY21-Q3 layout: a company objective heading, its "CEO KR:" items, and the
    executives' objectives both under those key results and beside them."""
    text = (
        "### 1. CEO: IACV\n[Epic 720](https://example.com/720)\n"
        "1. **CEO KR:** Achieve a CAC Revenue Ratio < $X\n"
        "    1. **CFO**: Drive strategic alignment through financial insights.\n"
        "    1. a note about the ratio\n"
        "1. **CEO KR:** Double down on what works in marketing.\n"
        "1. **Chief Technology Officer:** Run GitLab.com more efficiently.\n"
        "1. **Senior Director, People Success** 5,000 remote certifications taken\n"
    )
    objectives = parse_text(text, "d.md").objectives
    assert [(o.text, o.owner, o.parent) for o in objectives] == [
        ("IACV", "CEO", None),
        ("Drive strategic alignment through financial insights.", "CFO", 0),
        ("Run GitLab.com more efficiently.", "Chief Technology Officer", 0),
        ("5,000 remote certifications taken", "Senior Director, People Success", 0),
    ]
    assert [kr.text for kr in objectives[0].key_results] == [
        "Achieve a CAC Revenue Ratio < $X",
        "Double down on what works in marketing.",
    ]


def _fired(objective: str, key_result: str) -> set[str]:
    text = f"## Objective: {objective}\n- {key_result}\n- Raise weekly active teams from 20 to 30 by end of Q3\n"
    return {f.rule_id for f in check(parse_text(text, "d.md")).findings if f.line in (1, 2)}


@pytest.mark.parametrize(
    ("key_result", "rule"),
    [
        ("[P0] Raise NPS from 20 to 30 by end of Q3", "OKR406"),
        ("[ ] Raise NPS from 20 to 30 by end of Q3", "OKR406"),
        ("Raise source{d} engine adoption from 10% to 20% by end of Q3", "OKR406"),
        ("Raise NPS from 20 to 30 by end of Q3 [needs design review]", "OKR406"),
        (
            "Raise the share of users able to download all repositories from 10% to 20% by end of Q3",
            "OKR202",
        ),
        ("Raise NPS from 20 to 30 by end of Q3 in partnership with the community", "OKR602"),
        # a dependency marker that names no dependency: the outcome wanted, negated (IPFS
        # project ops 2019 Q3), the time people spend waiting (VA 2025), an amount of effort
        # (Sourcegraph FY22)
        (
            "Collaborations & other WGs aren’t blocked on core implementation release schedule",
            "OKR602",
        ),
        (
            "We have reduced the total time Veterans spend waiting for a response from our "
            "digital experiences by 50%",
            "OKR602",
        ),
        (
            "Reporting an issue with all the information needed by Sourcegraph requires no more "
            "than 5 minutes of customer time",
            "OKR602",
        ),
        # traffic a test mirrors is no reach (IPFS infrastructure, 2019 Q4)
        ("Traffic is mirrored to staging gateway running latest go-ipfs.", "OKR202"),
    ],
)
def test_misfires_seen_on_real_text_stay_quiet(key_result, rule):
    assert rule not in _fired("Make every maintainer proud of the project", key_result)


@pytest.mark.parametrize(
    "objective",
    ["Make the 8086 emulator the #1 choice of 16-bit hobbyists on Windows 11"],
)
def test_product_identifiers_are_not_metric_numbers(objective):
    assert "OKR101" not in _fired(objective, "Raise NPS from 20 to 30 by end of Q3")


def test_a_named_group_is_a_beneficiary():
    assert "OKR103" not in _fired(
        "Deliver faster, more reliable benefits decisions for Veterans",
        "Raise NPS from 20 to 30 by end of Q3",
    )


def test_product_market_fit_is_a_business_need():
    # Sourcegraph's FY22-Q2 company goals (real.yaml labels no OKR103)
    objective = "Reach product-market fit for Sourcegraph.com (OSS and private code)"
    assert "OKR103" not in _fired(objective, "Raise NPS from 20 to 30 by end of Q3")


@pytest.mark.parametrize(
    "key_result",
    [
        "There is a prototype implementation of GraphSync for go-ipfs",
        "2 preload nodes are provisioned, monitored and documented",
        "Policy fully implemented",
        "A repo migration tool exists",
        "Users can opt out of providing every node",
    ],
)
def test_deliverables_in_the_passive_are_tasks(key_result):
    assert "OKR201" in _fired("Make every maintainer proud of the project", key_result)


@pytest.mark.parametrize(
    "key_result",
    [
        # IPFS in web browsers, 2018 Q1 (evals/corpus/real.yaml)
        "Brave can add & get all file types from IPFS via native protocol addresses without "
        "redirect",
        "Customers can export their data to CSV",
    ],
)
def test_a_capability_stated_as_a_fact_is_a_deliverable(key_result):
    """What a product or its users can do, with no number and no manner: the state a
    deliverable leaves behind (OKR201), not a measure lacking its number (OKR401)."""
    fired = _fired("Make IPFS work in every browser", key_result)
    assert "OKR201" in fired and "OKR401" not in fired


@pytest.mark.parametrize(
    "key_result",
    [
        # IPFS package managers, 2019 Q4 (evals/corpus/real.yaml: OKR401): a quality to measure
        "IPFS can quickly update a large package repository.",
        # a number measures it
        "IPFS can rsync a remote Ubuntu mirror at a rate of 10MiB/s.",
    ],
)
def test_a_capability_with_a_manner_or_a_number_is_not_a_deliverable(key_result):
    assert "OKR201" not in _fired("Make IPFS work for package managers", key_result)


def test_a_share_that_uses_what_the_words_name_is_an_adoption_not_a_task():
    """evals/corpus/heldout.yaml's one false OKR201: "Design system components used in 90% of new
    screens by end of Q4" read "Design" as the task verb; the line measures adoption."""
    fired = _fired(
        "Make our product consistent for every user",
        "Design system components used in 90% of new screens by end of Q4",
    )
    assert "OKR201" not in fired
    assert "OKR201" in _fired("Make our product consistent for every user", "Design new screens")


def test_what_people_can_do_said_against_how_it_is_done_now_is_a_change_not_a_deliverable():
    """SciLifeLab's DDS plan: "Users can perform common tasks in the new GUI in less time and
    effort compared to the CLI" is an outcome that lacks a number, not a capability delivered."""
    fired = _fired(
        "Improve user experience via a GUI prototype",
        "Users can perform common tasks in the new GUI in less time and effort compared to the CLI",
    )
    assert "OKR201" not in fired and "OKR401" in fired


def test_a_bold_title_before_a_key_result_is_not_what_the_rules_judge():
    """SciLifeLab's DDS plan titles each key result in bold ("**Feedback [LEARNING]:** …"): the
    statement after the title is the key result; the title stays in the line, its tag is read."""
    text = (
        "---\nquarter: Q2 2024\n---\n## Objective: Make the GUI easy for every researcher\n\n"
        "- **Feedback [COMMITTED]:** Run 5 user tests of the GUI prototype by end of Q2\n"
        "- **API documentation:** Reduce time to a first API call from 2 days to 1 day by end of Q2\n"
        "- **Increase NPS:** from 30 to 50 by end of Q2\n"
    )
    draft = parse_text(text, "d.md")
    feedback, docs, nps = draft.objectives[0].key_results
    assert feedback.text == "Run 5 user tests of the GUI prototype by end of Q2"
    assert feedback.ambition is not None and feedback.ambition.value == "committed"
    assert feedback.position.column == len("- **Feedback [COMMITTED]:** ") + 1
    assert docs.text.startswith("Reduce time to a first API call")
    assert nps.text == "**Increase NPS:** from 30 to 50 by end of Q2"  # the title goes on after
    fired = {(f.rule_id, f.line) for f in check(draft).findings}
    assert ("OKR201", 6) in fired  # the task the title hid
    assert ("OKR201", 7) not in fired  # "API documentation" is the title, not a deliverable


def test_a_reference_to_the_key_result_served_is_a_title():
    """VA's 2024 identity OKRs open a key result with the parent key result it serves ("Support
    objective 1, key result 2 – Number of transactions …"): the rules read "support objective 1"
    as the metric ("asks support objective 1 to change"), and the rewrite measured it."""
    line = (
        "Support objective 1, key result 2 – Number of transactions processed using our products "
        "have increased by 25%."
    )
    text = f"---\nquarter: Q3 2026\n---\n## Objective: Grow the use of our products\n\n- {line}\n"
    [kr] = parse_text(text, "d.md").objectives[0].key_results
    assert kr.text.startswith("Number of transactions processed")
    assert kr.position.column == len("- Support objective 1, key result 2 – ") + 1
    messages = [f.message for f in check(parse_text(text, "d.md")).findings if f.line == 6]
    assert any("number of transactions processed" in m for m in messages), messages
    assert not any("support objective" in m.lower() for m in messages)
    for other, statement in (
        ("O1 KR2 – Churn below 3% by end of Q3", "Churn below 3% by end of Q3"),
        ("Objective 2, KR 1 – Ship the new onboarding flow", "Ship the new onboarding flow"),
        # a capitalised verb before "Objective 2" read as a name ("OCTO Objective 1:") made the
        # item an objective of its own, "/ KR 1: Ship the new claim status page"
        (
            "Supports Objective 2 / KR 1: Ship the new claim status page",
            "Ship the new claim status page",
        ),
    ):
        draft = parse_text(f"## Objective: Keep customers\n\n- {other}\n", "d.md")
        assert [k.text for k in draft.objectives[0].key_results] == [statement]


_TEMPLATE = (
    "> **Objective X: [short title] -- [long description]**\n>\n"
    "> - **Key Result Y for Objective X [COMMITTED / ASPIRATIONAL / LEARNING]:** "
    "[Description / goal]\n"
    ">   - Initiative 1\n>     - _Notes or possible task example_\n>   - _etc..._\n"
)


def test_the_format_shown_above_a_documents_okrs_is_no_okr():
    """SciLifeLab's DDS plan opens with a blockquote showing the format of its OKRs ("Objective
    X", "Key Result Y"): its "Initiative 1" and "etc..." were key results, checked and rewritten.
    A placeholder label marks the blockquote (outside one, the paragraph or item) as a template:
    notes, in a labelled document and an unlabelled one alike."""
    doc = structure.DEFAULT_DIR / "D-dds-plan-2024.md"
    draft = parse_text(doc.read_text(encoding="utf-8"), str(doc))
    assert [o.position.line for o in draft.objectives] == [25, 62, 91]
    assert {13, 15, 16, 19} <= {n.position.line for n in draft.notes}
    krs = (
        "- Increase onboarding completion from 45% to 70% by end of Q3\n"
        "- Reduce time to first value from 3 days to 1 day by end of Q3\n"
    )
    objective = "**Make every new user feel at home within a week**"
    unlabelled = parse_text(f"# Growth OKRs Q3 2026\n\n{_TEMPLATE}\n{objective}\n\n{krs}", "d.md")
    assert [o.text for o in unlabelled.objectives] == [objective.strip("*")]
    unquoted = _TEMPLATE.replace("> ", "").replace(">", "")
    labelled = parse_text(f"# Growth OKRs\n\n{unquoted}\n## Objective 1: Win\n\n{krs}", "d.md")
    assert [(o.text, len(o.key_results)) for o in labelled.objectives] == [("Win", 2)]
    assert "Initiative 1" in [n.text for n in labelled.notes]


def test_a_short_title_before_an_objective_is_not_its_statement():
    """SciLifeLab's DDS plan writes "Objective X: [short title] -- [long description]": the
    offline rewriter read 'Support -- "Optimize support"' as the statement and wrote 'Make --
    "Optimize support" effortless …'. The title before the dash stays in the line; the quoted
    description is the statement, and a rewrite replaces it inside the quotes."""
    from offline_rewrites import rewrite

    text = (
        "---\nquarter: Q2 2024\n---\n"
        '### Objective 1: Support -- "Optimize support"\n\n'
        "- Reduce support tickets per user from 0.8 to 0.5 a month by end of Q2\n\n"
        "### Objective 2: E-commerce — Make checkout effortless for every shopper\n\n"
        "- Raise checkout completion from 62% to 80% by end of Q2\n\n"
        "### Objective 3: Ship v2 -- the fastest editor for every writer\n\n"
        "- Raise weekly active writers from 1,000 to 1,500 by end of Q2\n"
    )
    support, shop, ship = parse_text(text, "d.md").objectives
    assert support.text == "Optimize support"
    assert support.position.column == len('### Objective 1: Support -- "') + 1
    assert shop.text == "Make checkout effortless for every shopper"
    assert ship.text == "Ship v2 -- the fastest editor for every writer"  # no capital after
    result = rewrite(text)
    line = result.new_text.split("\n")[3]
    assert line == '### Objective 1: Support -- "Make support effortless for every user"'


def test_an_areas_label_before_a_key_result_is_not_its_metric():
    """GitLab's cascaded OKRs label key results with the area or owner ("Revenue: …"): three
    under one label were one metric ("Revenue") measured four times, and the task behind the
    label went unseen. A metric named before a number stays whole ("NPS: 45 to 60")."""
    text = (
        "---\nquarter: Q3 2020\n---\n## Objective: Win enterprise accounts faster\n\n"
        "1. Revenue: SDR Acceleration Team up and running.\n"
        "1. Revenue: Launch the SDR acceleration team\n"
        "1. Revenue: Ramp Digital Demand Gen spend. Minimum $2m spent on digital demand gen.\n"
        "1. NPS: 45 to 60 by end of Q3\n"
    )
    draft = parse_text(text, "d.md")
    texts = [kr.text for kr in draft.objectives[0].key_results]
    assert texts[:2] == [
        "SDR Acceleration Team up and running.",
        "Launch the SDR acceleration team",
    ]
    assert texts[3] == "NPS: 45 to 60 by end of Q3"
    fired = {(f.rule_id, f.line) for f in check(draft).findings}
    assert not any(rule == "OKR601" for rule, _ in fired)
    assert ("OKR201", 7) in fired


@pytest.mark.parametrize(
    ("key_result", "instead"),
    [
        # a task joined to more work is a task (IPFS 2019 Q1)
        (
            "Reboot the IPFS Specifications repo and create a coordinated effort to write and "
            "maintain the specifications",
            "OKR201",
        ),
        # two outcomes with no target between them: nothing to score apart, no number to say so
        (
            "Increase developer productivity and improve quality and reliability of our test "
            "suites by making the tests faster and easier to run",
            "OKR401",
        ),
    ],
)
def test_a_compound_key_result_has_two_targets_to_score_apart(key_result, instead):
    """OKR204 fired on every "… and improve …" (real documents: 6 of 6 wrong, as the corpus
    labels them); two outcomes are scored apart only when they have targets."""
    fired = _fired("Make every maintainer proud of the project", key_result)
    assert "OKR204" not in fired and instead in fired
    two = "Increase trial signups from 1,000 to 1,200 and reduce churn from 6% to 5% by end of Q2"
    assert "OKR204" in _fired("Make every maintainer proud of the project", two)


@pytest.mark.parametrize(
    ("key_result", "quoted"),
    [
        # VA mobile app OKRs 2024 (evals/corpus/real.yaml)
        (
            "In-app customer satisfaction increased by 5 points, and app store rating was 4.8+.",
            "and app store rating was",
        ),
        # a held-out document (evals/corpus/real-heldout.yaml)
        (
            "Reach a training loss of < 0.05 (normalized MSE) and validation accuracy of > 88% "
            "on the Overture Maps dataset.",
            "and validation accuracy of",
        ),
    ],
)
def test_a_second_metric_with_its_own_number_is_a_second_outcome(key_result, quoted):
    """Two metrics, each with its own number, joined by "and" and no second verb: OKR204 caught
    one of eight such key results on real documents. The message quotes the join, not the
    numbers around it."""
    text = f"## Objective: Delight every Veteran\n- {key_result}\n- Raise NPS from 1 to 2\n"
    [finding] = [f for f in check(parse_text(text, "d.md")).findings if f.rule_id == "OKR204"]
    assert f"(“… {quoted} …”)" in finding.message


def test_dependency_message_reads_as_a_sentence():
    text = "## Objective: Make every maintainer proud\n- Raise NPS from 20 to 30 by end of Q3, blocked by the payments migration\n- b 1\n"
    [finding] = [f for f in check(parse_text(text, "d.md")).findings if f.rule_id == "OKR602"]
    assert finding.message.startswith("Key result relies on another team's work (“blocked by”)")


def test_goal_tree_items_with_items_are_objectives_and_leaves_key_results():
    """source{d}'s issue-tracker export: objectives nest three deep, progress lines are metadata."""
    text = (
        "# OKRs\n\n## Q2 2018\n\n### Vision: Being the leading company for ML on Code\n\n"
        "**Progress:** 0%\n\n"
        "* Store the world's source code\n"
        "\t* [P0] Store all public repositories\n"
        "\t\t* [P0] Stable pipeline with rovers\n"
        "\t* [P1] Keep repositories fresh\n"
        "\t\t* [P1] Optimize borges\n"
        "\t\t\t* [P0] improve downloading of new repos by 50%\n"
    )
    assert _read(text) == [
        ("Vision: Being the leading company for ML on Code", None, []),
        ("Store the world's source code", 0, []),
        ("Store all public repositories", 1, ["Stable pipeline with rovers"]),
        ("Keep repositories fresh", 1, []),
        ("Optimize borges", 3, ["improve downloading of new repos by 50%"]),
    ]


def test_a_progress_line_above_a_list_is_metadata_not_an_objective():
    text = "# OKRs Q2 2018\n\n## Improve monthly reporting\n\n**Progress:** 0/2\n\n* Create a dashboard\n* Refactor spreadsheets\n"
    assert _read(text) == [
        ("Improve monthly reporting", None, ["Create a dashboard", "Refactor spreadsheets"])
    ]


def test_key_results_subheading_with_bold_objectives_inside_it():
    """IPFS in-web-browsers: a document title, objective headings with an italic rationale, a
    "### Key results" heading, and bold lines there heading lists of their own."""
    text = (
        "# IPFS in web browsers\n## Objectives and Key Results - Q1 2018\n\n"
        "## Understand how IPFS should work\n\n_Focus on people._\n\n### Key results\n\n"
        "- Create the reference document\n- Start a meetup in London\n\n"
        "## Get people excited\n\n_Demonstrate what is possible._\n\n### Key Results\n"
        "**Get the Brave integration released**\n\n- Companion works in Brave\n- Support ipfs:// URLs\n"
    )
    assert _read(text) == [
        ("Understand how IPFS should work", None, ["Create the reference document", "Start a meetup in London"]),
        ("Get people excited", None, []),
        ("Get the Brave integration released", 1, ["Companion works in Brave", "Support ipfs:// URLs"]),
    ]  # fmt: skip


def test_objectives_and_key_results_subheadings_and_explainer_sections():
    """Wechaty's summit review: an explainer section ("What is Key Result") with a numbered
    list is prose; an "Objectives" list then a "Key Results" list is one OKR set."""
    text = (
        "# Summit OKR review\n\n## What is Key Result\n\nA key result is an outcome.\n\n"
        "1. Measurable: easy to grade\n1. Short: as short as possible\n\n"
        "## Team OKR\n\n### Ultimate Objectives\n\n1. Make Wechaty known in China\n"
        "1. Make more people know what Wechaty solves\n\n### Ultimate Key Results\n\n"
        "1. 100+ influences on-site\n1. 500+ new developers join our community\n"
    )
    assert _read(text) == [
        ("Make Wechaty known in China", None, ["100+ influences on-site", "500+ new developers join our community"]),
        ("Make more people know what Wechaty solves", None, []),
    ]  # fmt: skip


def test_a_sentence_introducing_key_results_attaches_them_to_the_bold_objective():
    """Sourcegraph support FY22Q4: the objective is a bold paragraph, the key results follow a
    sentence ("We will measure this via the following key results:"); a "Task details" section
    of "Workgroup: …" / "Details: …" fields is not OKRs."""
    text = (
        "# FY22Q4 OKR Plan\n\nOur objective this quarter is to:\n\n"
        "**Make an effortless customer experience a habit.**\n\n"
        "We will measure this via the following key results:\n\n"
        "- 95% of open cases honour our principles\n- Every engineer takes 20 days off\n\n"
        "## Task details\n\n### 1 Case reviews\n\n- Workgroup: Brielle, Nonso\n"
        "- Details: leadership will launch 3 review practices:\n  1. Peer reviews\n  2. Manager reviews\n"
    )
    assert _read(text) == [
        ("Make an effortless customer experience a habit.", None,
         ["95% of open cases honour our principles", "Every engineer takes 20 days off"]),
    ]  # fmt: skip


def test_labelled_objective_with_key_results_sub_heading_later():
    """IPFS package managers: the list right under "### Objective:" explains it; the key results
    are under "#### Key Results" — as a list, as one sub-heading each, or as a paragraph — and
    "**KR**: Update" lines in the initiatives section are notes, not key results."""
    text = (
        "# Package Manager OKRs\n\n## 2019 Q4\n\n### Objective: Users can update large repositories fast.\n\n"
        "* Update: maintainers care about update time.\n\n#### Key Results\n\n"
        "* P0: IPFS can quickly update a large repository.\n\n#### Initiatives\n\n##### P0: Mount\n\n"
        "**KR**: Update\n**Owner:** @djdv\n\n"
        "### Objective: Engage with the community.\n\n#### Key Results\n\n"
        "The key results mirror the ones above.\n\n##### P1: Communicate update performance\n\nText.\n\n"
        "##### P3: Communicate add performance\n\n"
        "### Objective: IPFS ships a release.\n\nThis will mean:\n\n1. Help test-infra.\n\n"
        "#### Key Results\n\nIPFS has shipped 0.5.0 release.\n\n#### Initiatives\n\nMore.\n"
    )
    read = _read(text)
    assert read == [
        ("Users can update large repositories fast.", None, ["IPFS can quickly update a large repository."]),
        ("Engage with the community.", None,
         ["Communicate update performance", "Communicate add performance"]),
        ("IPFS ships a release.", None, ["IPFS has shipped 0.5.0 release."]),
    ]  # fmt: skip


def test_plain_text_export_with_prefixed_labels_and_pasted_numbering():
    """VA mobile OKRs, a document pasted as plain text: "OCTO Objective 1:" labels, "1.Cloud
    cost" numbering Markdown does not see, bullets under a numbered line as its details, and an
    "Objective 3:" label alone on its line with the text below."""
    text = (
        "**2024 Mobile Team OKRs**\n\nOCTO Objective 1: Better experiences.\n\nKey Results:\n\n"
        "1. In-app satisfaction increased by 5 points.\n2. Transactions increased by 25%.\n\n"
        "Objective 2: Productivity: Enable teams to build faster\n\nKRs:\n"
        "1.Lead time is shorter.\ne.g. CI duration\n2. Deployment frequency gets reduced.\n"
        "•Onboarding, e.g. time to 1st PR\n3. Developer happiness trends up.\n\n"
        "Objective 3:\nEfficiency: Enable teams to build more with less\n1.Cloud cost\n2.Tools cost\n"
    )
    objectives = parse_text(text, "d.md").objectives
    assert [(o.text, o.label) for o in objectives] == [
        ("Better experiences.", "O1"),
        ("Productivity: Enable teams to build faster", "O2"),
        ("Efficiency: Enable teams to build more with less", "O3"),
    ]
    assert [[(k.position.line, k.text) for k in o.key_results] for o in objectives] == [
        [(7, "In-app satisfaction increased by 5 points."), (8, "Transactions increased by 25%.")],
        [(13, "Lead time is shorter. e.g. CI duration"),
         (15, "Deployment frequency gets reduced. •Onboarding, e.g. time to 1st PR"),
         (17, "Developer happiness trends up.")],
        [(21, "Cloud cost"), (22, "Tools cost")],
    ]  # fmt: skip


def test_the_objective_in_a_definition_is_not_a_label():
    assert match_label("The Objective: A qualitative statement of where we are going") is None
    assert match_label("Accessibility objective: Our platforms are accessible").kind == "objective"


def test_labelled_objective_headings_nest_until_a_thematic_break():
    """VA accessibility priorities: "### Accessibility objective:" under "## Objective 1:" is
    its child; Hack Club's objectives after a "---" rule are not children of the one above."""
    text = (
        "# Priorities 2024\n\n## Objective 1: Our experiences are the best way to access care.\n\n"
        "- **Key Result 1:** CSAT increased by 5 points.\n\n"
        "### Accessibility objective: Our experiences work on real devices.\n\n"
        "- **Key result:** 50% of new features tested for mobile accessibility.\n\n---\n\n"
        "#### Objective: Launch the new website\n\n- Replace the old frontend\n"
    )
    assert [(o.text, o.parent) for o in parse_text(text, "d.md").objectives] == [
        ("Our experiences are the best way to access care.", None),
        ("Our experiences work on real devices.", 0),
        ("Launch the new website", None),
    ]


def test_a_long_prose_paragraph_above_labelled_key_results_is_not_the_objective():
    """Sourcegraph IAM: the heading is the objective; the paragraph between it and the
    "Key Result 1:" list explains the problem."""
    text = (
        "# Q2 Objective and Key Results\n\n### Problem Area: Unifying Feature Permissions\n\n"
        "Today, nearly all features have unique, custom permissions models, creating confusion for "
        "users and preventing cross-feature use cases from being developed.\n\n"
        "- Key Result 1: A detailed plan for a unified permissions model\n"
        "- Key Result 2: Implementation of the MVP\n"
    )
    assert _read(text) == [
        ("Problem Area: Unifying Feature Permissions", None,
         ["A detailed plan for a unified permissions model", "Implementation of the MVP"]),
    ]  # fmt: skip


def test_empty_objective_headings_short_verb_headings_and_repeated_section_prefixes():
    """source{d} 2019 Q1: an objective heading with nothing under it, among objective headings,
    is an objective without key results; "## Improve infrastructure" is short but an objective
    over the ones below it; "Hiring: ML (1 Senior)" under "## Hiring" are its key results."""
    text = (
        "# OKRs 2019 Q1\n\n## Get bblfsh ready\n\n- [ ] Make UAST v2 standard [P0]\n\n"
        "## Improve the individual user experience\n\n"
        "## Improve infrastructure\n\n### Release the production cluster\n\n- [ ] Run rovers on it [P0]\n\n"
        "## Hiring\n\n- Hiring: Test (1 Senior) [P0]\n- Hiring: ML (1 Intern) [P0]\n"
    )
    assert _read(text) == [
        ("Get bblfsh ready", None, ["Make UAST v2 standard"]),
        ("Improve the individual user experience", None, []),
        ("Improve infrastructure", None, []),
        ("Release the production cluster", 2, ["Run rovers on it"]),
        # the area's label is a title: the statement after it is the key result's text
        ("Hiring", None, ["Test (1 Senior)", "ML (1 Intern)"]),
    ]


def test_a_guide_about_okrs_has_no_objectives_in_its_prose_sections():
    """PostHog's OKR guide: "The basics", "How …", "Further reading: …" sections and a long
    bullet with elaborations under it are prose, and labelled objectives in a process section
    still count (Countable's "#### Objective: Availability" under "## Process")."""
    text = (
        "# Objectives and key results\n\n## The basics\n\n* All goals align to strategy\n"
        "* Everyone can control their goals\n\n## Three ways we approach goals\n\n"
        "* For teams writing software, we've had better results from focussing on inputs such as "
        "getting a feature used by companies or completing SOC2 rather than outputs like the retention of funnels, which took us a quarter to learn.\n"
        "  * This differs from much of the generic guidance.\n  * Shipping stuff gives answers.\n\n"
        "## Further reading: musings about metrics\n\n* All metrics are bad.\n* Use the least bad one.\n\n"
        "## Process\n\n#### Objective: Availability\nOur web apps never lose core functionality.\n\n"
        "  * Key Result: Ensure e2e coverage of core workflows.\n"
    )
    assert _read(text) == [("Availability", None, ["Ensure e2e coverage of core workflows."])]


def test_table_of_key_results_under_a_labelled_objective_with_assignee_column():
    """IPFS community 2019 Q1: "| Key Result | Assignee | Priority | … |" rows under
    "## Objective:"; each cell's text is a link to its issue, some struck through."""
    text = (
        "## Objective: ProtoSchool is a growing Top Level Project.\n\n"
        "| Key Result | Assignee | Priority |\n| --- | --- | --- |\n"
        "| [ProtoSchool has its own Roadmap.](https://github.com/x/y/issues/104) | @teri | p0 |\n"
        "| [~~Contributors are greeted by a message.~~](https://github.com/x/y/issues/369) | @pkafei | p2 |\n"
    )
    krs = parse_text(text, "d.md").objectives[0].key_results
    assert [(k.text, k.owner, k.position.line) for k in krs] == [
        ("ProtoSchool has its own Roadmap.", "teri", 5),
        ("Contributors are greeted by a message.", "pkafei", 6),
    ]


def test_table_rows_under_an_unlabelled_heading_skip_the_header_and_take_the_owner_column():
    text = (
        "# OKRs Q2\n\n## Stability\n\n| Owner | KR | Target |\n|---|---|---|\n"
        "| Dana | Zero app store rejections | 0 |\n| Lee | Crash-free sessions above 99.5% | 99.5 |\n"
    )
    objective = parse_text(text, "d.md").objectives[0]
    assert objective.text == "Stability"
    assert [(k.text, k.owner) for k in objective.key_results] == [
        ("Zero app store rejections", "Dana"),
        ("Crash-free sessions above 99.5%", "Lee"),
    ]


def test_a_readme_schedule_or_sources_table_under_a_plain_heading_holds_no_okrs():
    """A team folder's README says "OKRs" and keeps a schedule ("Week | What") and a sources
    table: their rows were read as key results of "Review schedule" (and
    evals/structure/heldout/README.md's "Sources and licences" as an objective with 12 file
    names for key results). A table is read only when its header names key results,
    objectives or goals, a row is bold, or it sits under an objective or key-results heading."""
    readme = (
        "# Team OKRs\n\nThis folder holds every team's OKRs for the quarter.\n\n"
        "## Review schedule\n\n| week | what |\n|---|---|\n| 1 | drafts due |\n"
        "| 2 | review with the OKR lead |\n\n## Sources\n\n| document | licence |\n|---|---|\n"
        "| growth.md | CC-BY-4.0 |\n"
    )
    with pytest.raises(NotOkrError):
        parse_text(readme, "README.md")
    labelled = (
        "# OKRs Q2\n\n## Objective: Make onboarding effortless for new customers\n\n"
        "| Metric | Target |\n|---|---|\n| Onboarding completion rate from 45% to 70% | 70% |\n"
    )
    assert _read(labelled) == [
        ("Make onboarding effortless for new customers", None,
         ["Onboarding completion rate from 45% to 70%"])
    ]  # fmt: skip


def test_a_sentence_introducing_objectives_and_one_introducing_links():
    """IPFS docs 2020 Q1: "Here's a summary of this team's objectives …:" heads a list of
    objectives (no key results written); "For more detail, check out these documents:" heads
    links, not key results."""
    text = (
        "# IPFS Documentation OKRs\n\n## 2020 Q1\nHere's a summary of this team's objectives for the quarter:\n\n"
        "1. Launch the beta documentation site.\n2. Improve documentation by:\n"
        "   1. Creating new content.\n   2. Updating existing pages.\n3. Set up a community of writers.\n\n"
        "For more detail, check out these documents:\n- [2020 Q1 OKRs](https://example.com/a)\n"
        "- [Working document](https://example.com/b)\n"
    )
    assert _read(text) == [
        ("Launch the beta documentation site.", None, []),
        ("Improve documentation by:", None, []),
        ("Set up a community of writers.", None, []),
    ]


def test_labelled_and_bold_objectives_in_one_document():
    """Hack Club: Q4 labels its objectives "##### Objective:", Q3 writes them as bold lines;
    a "**Not Included**" line above a list (IPFS package managers) is a section, not an objective."""
    text = (
        "# OKRs\n\n## 2017\n\n### Q4\n\n##### Objective: Increase number of clubs (Max)\n\n"
        "_Key results:_\n\n- 250 active clubs\n\n**Not Included**\n\n* IPNS: not needed yet\n\n"
        "### Q3\n\n**Increase number of clubs**\n\n- Have 200 clubs\n\n"
        "**Secure funding**\n\n- $750k in commitments\n"
    )
    assert _read(text) == [
        ("Increase number of clubs (Max)", None, ["250 active clubs"]),
        ("Increase number of clubs", None, ["Have 200 clubs"]),
        ("Secure funding", None, ["$750k in commitments"]),
    ]


def test_flattened_wiki_table_rows_under_a_key_results_line():
    """A wiki table pasted as text: "1.1<tab>text<tab>Owner" rows under "Key Results". No
    published example with a redistributable licence was found, so this one is written in the
    layout's shape."""
    text = (
        "# Growth team OKRs Q3 2024\n\nObjective 1 Grow self-serve revenue\nKey Results\n"
        "1.1\tIncrease trial conversion from 10% to 15%\tDana Smith\n"
        "1.2\tLaunch the partner portal\tLee Wong\n1.3 Reduce churn from 5% to 3% by end of Q3\n"
    )
    krs = parse_text(text, "d.md").objectives[0].key_results
    assert [(k.label, k.text, k.owner) for k in krs] == [
        ("KR1.1", "Increase trial conversion from 10% to 15%", "Dana Smith"),
        ("KR1.2", "Launch the partner portal", "Lee Wong"),
        ("KR1.3", "Reduce churn from 5% to 3% by end of Q3", None),
    ]


def test_a_reference_paragraph_between_heading_and_list_is_the_headings_rationale():
    """IPLD 2018 Q2 (held-out): "This relates to …/pull/22" under the objective heading."""
    text = (
        "# Quarterly OKRs\n\n## 2018 Q2\n\n### Implement updated IPLD Format spec\n\n"
        "This relates to https://github.com/ipld/interface-ipld-format/pull/22\n\n"
        " - `P0` - @stebalien finish deciding on the primitives\n - `PX` - @vmx - Finish the spec\n"
    )
    assert _read(text) == [
        ("Implement updated IPLD Format spec", None, ["finish deciding on the primitives", "Finish the spec"])
    ]  # fmt: skip


def test_nested_labelled_key_results_inside_links_and_bold_labels_in_details():
    """Meltano (held-out): "- [KR: Increase APP](…)" over "  - [KR: Increase usage …](…)" are
    all key results; a "**Rule-Based Strengths:**" bullet in a key result's details is no
    objective (places-conflation)."""
    text = (
        "# OKRs 2022\n\n**Objective: We will achieve our broad vision.**\n\n#### '2022.C1' Key Results\n\n"
        "- [KR: Increase APP](https://gitlab.com/m/217)\n"
        "  - [KR: Increase usage of orchestrator plugins](https://gitlab.com/m/220)\n"
        "    - tracking currently blocked by an issue\n"
        "- **KR4 — Comparative Evaluation**  \n  By Week 10, deliver an evaluation.\n"
        "  - **Rule-Based Strengths:**\n    - Explainable\n    - Deterministic\n"
    )
    objectives = parse_text(text, "d.md").objectives
    assert len(objectives) == 1
    assert [(k.position.line, k.text) for k in objectives[0].key_results][:2] == [
        (7, "Increase APP"),
        (8, "Increase usage of orchestrator plugins"),
    ]
    assert [k.position.line for k in objectives[0].key_results] == [7, 8, 10]


def test_key_results_grouped_under_theme_headings_with_tables():
    """TerraLogic (held-out): "### Key Results", then "#### theme" headings each over a table."""
    text = (
        "# Team OKRs\n\n### Objective\nBuild a reliable, evidence-first pipeline.\n\n### Key Results\n\n"
        "#### High-Confidence Detection\n\n| KR | Target |\n|----|--------|\n"
        "| **KR 1** | Achieve 90% precision by Week 8. |\n\n#### Trustworthy Pipeline\n\n"
        "| KR | Target |\n|----|--------|\n| **KR 1** | Cite a source for 100% of flagged outputs. |\n"
    )
    objectives = parse_text(text, "d.md").objectives
    assert [o.text for o in objectives] == ["Build a reliable, evidence-first pipeline."]
    assert [k.position.line for k in objectives[0].key_results] == [12, 18]


def test_lists_of_links_and_unmarked_sections_hold_no_objectives():
    """Springload (held-out): "Also have a look at:" over links; a repository guide whose
    numbered "### 1. **Understand the Project**" sections never say OKRs is not an OKR draft."""
    okrs = (
        "# Front-end OKRs\n\n**Leadership: Make the team outshine**\n\n- Run 4 talks\n\n"
        "Also have a look at:\n\n- The [front-end handbook](https://example.com/h)\n"
        "- [Interview questions](https://example.com/q)\n"
    )
    objectives = parse_text(okrs, "d.md").objectives
    assert [(o.position.line, [k.text for k in o.key_results]) for o in objectives] == [
        (3, ["Run 4 talks"])
    ]
    guide = (
        "# StatusNow - Navigation Guide\n\nWelcome! This guide helps you find your way.\n\n"
        "## Quick Start\n\n### 1. **Understand the Project** (5 minutes)\n\n- Read the README\n"
        "- Focus on:\n  - **V3 Breakthrough**: 92.87% accuracy.\n  - **Process**: the ground truth.\n\n"
        "## Key Results at a Glance\n\n| Metric | V3 |\n|---|---|\n| Accuracy | 92.87% |\n"
    )
    with pytest.raises(NotOkrError):
        parse_text(guide, "guide.md")


def test_a_list_explaining_the_terms_is_no_objective():
    """Three Node.js committee pages open with "OKRs consist of two elements:" and a list
    defining them; it was read as the objective "Objectives" with two definitions for key
    results. An item naming a term over items that define terms is prose (kept as notes)."""
    glossary = (
        "# Committee OKRs\n\nOKRs consist of two elements:\n\n- Objectives\n"
        "  - Objectives are qualitative, ambitious, and memorable.\n- Key Results\n"
        "  - Key Results are a set of metrics by which we measure progress.\n\n"
        "## 2020\n\n- Bring more diverse perspectives to our work\n"
        "  - Add and retain 5 members to the committee\n"
    )
    assert _read(glossary) == [
        ("Bring more diverse perspectives to our work", None,
         ["Add and retain 5 members to the committee"])
    ]  # fmt: skip
    draft = parse_text(glossary, "d.md")
    assert any(n.text.startswith("Objectives are qualitative") for n in draft.notes)


def test_a_rationale_bullet_under_an_objective_is_no_key_result():
    """PostHog's experimentation page puts "* **Rationale:**" and a nested explanation above
    each objective's "- **Key Result:**" bullets; the lone "Rationale:" was read as a key
    result (three of them)."""
    text = (
        "### Objective: Improve developer experience for creating flags\n\n"
        "* **Rationale:**\n     * Feature flags are a high-friction feature.\n\n"
        "- **Key Result:** Double the organizations per month that implement a flag\n"
        "- Context: only for new flags\n"
    )
    assert _read(text) == [
        ("Improve developer experience for creating flags", None,
         ["Double the organizations per month that implement a flag",
          "Context: only for new flags"])
    ]  # fmt: skip
    notes = [n.text for n in parse_text(text, "d.md").notes]
    assert "Feature flags are a high-friction feature." in notes


@pytest.mark.parametrize(
    "text",
    [
        "> **Objective X: [short title] -- [long description]**",
        "> - **Key Result Y for Objective X [COMMITTED / ASPIRATIONAL / LEARNING]:** [goal]",
        "KR N.M: the format",
        "Objective #X",
        "## Objective: Raise NPS from 30 to 40\n- KR1: Reach 10 NPS points by Q3",
        "Grow the X-ray team and Objective Z",
        "key   result \t  Y for the team",
        "N",
        "",
    ],
)
def test_the_document_placeholder_test_agrees_with_the_regex(text):
    """``holds_placeholder`` runs the placeholder regex only around a capital X, Y, Z or N (the
    regex over a whole draft took 4% of a check); it must answer as the regex does."""
    from coach.parsing.labels import PLACEHOLDER_LABEL, holds_placeholder

    assert holds_placeholder(text) == (PLACEHOLDER_LABEL.search(text) is not None)


@pytest.mark.parametrize(
    "key_result", ["TBC (what are the plans for ipfs-desktop ?)", "TBD", "??? - pick a metric"]
)
def test_a_key_result_not_written_yet_is_a_placeholder_not_a_task(key_result):
    """IPFS in web browsers, 2018 Q1: "TBC (what are the plans for ipfs-desktop ?)" was a task
    (OKR201), and the rewriter made it "the share of new users who succeed with TBC as …"."""
    fired = _fired("Make IPFS in web browsers effortless for every user", key_result)
    assert "OKR201" not in fired and "OKR406" in fired


def test_a_name_that_starts_with_a_listed_word_is_no_use_of_that_word():
    """source{d}'s 2018 OKRs: "source{d} Engine featured at 3 conferences" was a sourcing task
    ("source" is a task verb) rewritten "Reduce time to hire the {d} Engine …", and objectives
    opening with "source{d}" were activities (OKR102)."""
    from coach.rubric.vocabulary import phrase_regex

    verbs = phrase_regex(("source", "hire"))
    assert verbs.search("source{d} Engine featured at 3 conferences") is None
    assert verbs.match("Source 100 candidates and hire 2 engineers")
    assert "OKR102" not in _fired(
        "source{d} is the company developers trust with their code",
        "Increase weekly active developers from 2,000 to 5,000 by end of Q4",
    )
