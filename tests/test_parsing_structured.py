"""YAML and JSON drafts: the same model as Markdown, with real positions and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach.errors import InputError, NotOkrError
from coach.model import Ambition, Position
from coach.parsing import parse_text

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).parent.parent / "examples"


def pos(line: int, column: int, end_line: int, end_column: int) -> Position:
    return Position(line=line, column=column, end_line=end_line, end_column=end_column)


def parse_fixture(name: str):
    return parse_text((FIXTURES / name).read_text(encoding="utf-8"), name)


def test_yaml_draft():
    draft = parse_fixture("structured.yaml")
    assert (draft.meta.team, draft.meta.quarter, draft.meta.first_cycle) == (
        "Growth", "Q3 2026", False
    )  # fmt: skip
    assert draft.source == "structured.yaml"
    first, second = draft.objectives
    assert first.text == "Make every new user feel confident within their first week"
    assert (first.owner, first.position) == ("maria", pos(5, 16, 5, 74))
    kr1, kr2 = first.key_results
    assert kr1.text == "Increase onboarding completion rate from 45% to 70% by end of Q3"
    assert (kr1.ambition, kr1.owner, kr1.position) == (None, None, pos(8, 9, 8, 73))
    assert kr1.raw == "      - Increase onboarding completion rate from 45% to 70% by end of Q3"
    assert kr2.text == "Reduce time to first value from 3 days to 1 day"
    assert (kr2.ambition, kr2.owner, kr2.position) == (Ambition.STRETCH, "li", pos(9, 15, 9, 62))
    assert kr2.raw.split("\n") == [
        "      - text: Reduce time to first value from 3 days to 1 day",
        "        type: stretch",
        '        owner: "@li"',
    ]
    assert (second.text, second.position) == ("Make checkout effortless", pos(12, 13, 12, 37))
    got = [(k.label, k.text, k.ambition) for k in second.key_results]
    assert got == [
        ("KR1", "Increase checkout completion rate from 62% to 80%", None),
        (None, "Keep payment errors under 1%", Ambition.COMMITTED),
        (None, "Sign 3 payment partners", Ambition.STRETCH),
    ]
    assert second.key_results[0].position == pos(14, 14, 14, 63)
    assert [(n.text, n.position.line) for n in draft.notes] == [("OKR scores feed the bonus.", 19)]


def test_json_draft():
    draft = parse_fixture("structured.json")
    (objective,) = draft.objectives
    assert objective.text == "Make every new user feel confident within their first week"
    assert (objective.owner, objective.position) == ("maria", pos(6, 21, 6, 79))
    kr1, kr2 = objective.key_results
    assert kr1.position == pos(9, 10, 9, 74)
    assert (kr2.text, kr2.ambition, kr2.owner) == (
        "Reduce time to first value from 3 days to 1 day", Ambition.STRETCH, "li"
    )  # fmt: skip
    assert kr2.position == pos(10, 19, 10, 66)


def test_json_that_yaml_cannot_read_still_parses():
    text = '{"objectives": [{"objective": "Delight \\ud83d\\ude00 users", "key_results": ["a"]}]}'
    draft = parse_text(text, "d.json")
    assert draft.objectives[0].text == "Delight \U0001f600 users"
    assert draft.objectives[0].key_results[0].text == "a"


def test_top_level_list_and_string_items():
    draft = parse_text("- O1: Make X\n  key_results: [a, 'KR2: b']\n- Make Y\n", "d.yaml")
    assert [(o.label, o.text) for o in draft.objectives] == [("O1", "Make X"), (None, "Make Y")]
    assert [(k.label, k.text) for k in draft.objectives[0].key_results] == [
        (None, "a"),
        ("KR2", "b"),
    ]
    assert draft.objectives[0].key_results[1].position == pos(2, 26, 2, 27)


def test_example_yaml_matches_example_markdown():
    from_yaml = parse_text((EXAMPLES / "draft.yaml").read_text(encoding="utf-8"), "draft.yaml")
    from_md = parse_text((EXAMPLES / "draft.md").read_text(encoding="utf-8"), "draft.md")

    def shape(draft):
        return [
            (o.text, o.owner, [(k.text, k.ambition, k.owner) for k in o.key_results])
            for o in draft.objectives
        ]

    assert shape(from_yaml) == shape(from_md)
    assert [n.text for n in from_yaml.notes] == [n.text for n in from_md.notes]
    assert from_yaml.meta == from_md.meta


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("objectives: x\n", "d.yaml: objectives must be a list (line 1)"),
        ("team: x\n", "d.yaml: no OKRs found (list objectives under an 'objectives:' key; see "
         "docs/draft-format.md)"),
        ("objectives: []\n", "d.yaml: no OKRs found (list objectives under an 'objectives:' key; "
         "see docs/draft-format.md)"),
        ("objectives:\n  - owner: x\n", "d.yaml: objective 1 has no text (line 2)"),
        ("objectives:\n  - objective: a\n    key_results:\n      - b\n      - c\n      - text: ''\n",
         "d.yaml: key result 3 of objective 1 has no text (line 6)"),
        ("objectives:\n  - objective: a\n    key_results: b\n",
         "d.yaml: key_results of objective 1 must be a list (line 3)"),
        ("objectives:\n  - objective: a\n    key_results:\n      - text: b\n        type: maybe\n",
         "d.yaml: key result 1 of objective 1: type must be stretch or committed (line 5)"),
        ("objectives: [a: b\n", "d.yaml: invalid YAML: did not find expected ',' or ']' at line 2"),
        ("just a string", "d.yaml: expected a mapping with an 'objectives' list (line 1)"),
        ("first_cycle: maybe\nobjectives: [a]\n",
         "d.yaml: first_cycle must be true or false, not 'maybe'"),
    ],
)  # fmt: skip
def test_yaml_errors(text, message):
    with pytest.raises(InputError) as caught:
        parse_text(text, "d.yaml")
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("# settings to come\n", "d.yaml"),
        ("team: x\n", "d.yaml"),
        ("objectives: []\n", "d.yaml"),
        ("just a string", "d.yaml"),
        ('{"name": "x", "version": "1.0.0"}', "package.json"),
        ('[{"id": 1}, {"id": 2}]', "records.json"),
    ],
)
def test_documents_that_are_no_drafts_are_not_okr_errors(text, source):
    """What a folder skips like a README (``NotOkrError``), where a draft that fails is an
    ``InputError`` of another kind (below)."""
    with pytest.raises(NotOkrError):
        parse_text(text, source)


@pytest.mark.parametrize(
    "text",
    ["objectives: x\n", "objectives:\n  - owner: x\n", "[{'objective': ''}]\n", "[a, {b: c}]\n"],
)
def test_documents_that_try_to_be_drafts_and_fail_are_input_errors(text):
    with pytest.raises(InputError) as caught:
        parse_text(text, "d.yaml")
    assert not isinstance(caught.value, NotOkrError)


def test_invalid_json_names_the_line():
    with pytest.raises(InputError) as caught:
        parse_text('{\n  "objectives": [\n    "a",\n  ]\n}\n', "d.json")
    assert str(caught.value) == "d.json: invalid JSON: Expecting value at line 4"


def test_json_and_yaml_agree():
    data = {
        "team": "Growth",
        "objectives": [{"title": "Make X", "key_results": ["Increase a from 1 to 2"]}],
    }
    from_json = parse_text(json.dumps(data), "d.json")
    from_yaml = parse_text("team: Growth\nobjectives:\n  - title: Make X\n    key_results:\n"
                           "      - Increase a from 1 to 2\n", "d.yaml")  # fmt: skip
    assert from_json.objectives[0].text == from_yaml.objectives[0].text == "Make X"
    assert from_json.meta == from_yaml.meta
