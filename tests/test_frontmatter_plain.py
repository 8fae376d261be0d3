"""Front matter of plain ``key: words`` lines is read without YAML
(``coach.parsing.frontmatter.plain_mapping``); whatever it reads, YAML reads the same."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from coach.parsing.frontmatter import plain_mapping, split_front_matter
from coach.yamlsafe import StrictFastLoader, load_yaml

KEYS = ["team", "quarter", "owner", "parent", "first_cycle", "Team Name", "on", "Yes", "x-y",
        "a_b", "1st", "é", "key ", " key", "null", "~"]  # fmt: skip
VALUES = ["Growth", "Q3 2026", "maria", "Double the number of customers", "yes", "No", "TRUE",
          "off", "On", "null", "Null", "~", "1", "2026-07-01", "3.5", ".inf", "a: b", "x # c",
          "x#c", "é ü", "a\u00a0b", "'q'", '"q"', "a, b", "[x]", "{a: 1}", "&a x", "*a", "!t x",
          "|", ">", "%x", "@bob", "`x`", "a\tb", "http://x", "a - b", "it's", "C++ (beta)",
          "x\\y", "", " ", "y", "n", "Infinity", "NaN", "a\u2028b", "a\x85b", "\ufeffa", "true",
          "False", "NULL", "OFF", "yes ", "tRUE", "nULL", "Yes please"]  # fmt: skip


@st.composite
def front_matter(draw) -> list[str]:
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.integers(0, 9)) == 0:
            lines.append(draw(st.sampled_from(["", "  ", "# note", "  more words", "- item"])))
            continue
        key, value = draw(st.sampled_from(KEYS)), draw(st.sampled_from(VALUES))
        colon = draw(st.sampled_from([": ", ":  ", " : ", ":", ":\t"]))
        lines.append(key + colon + value + draw(st.sampled_from(["", " ", "  "])))
    return lines


@given(front_matter())
@settings(max_examples=1500, deadline=None)
def test_what_the_plain_reader_reads_yaml_reads_the_same(lines):
    plain = plain_mapping(lines)
    if plain is not None:
        assert plain == load_yaml("\n".join(lines), StrictFastLoader)


def test_a_draft_s_usual_front_matter_is_read_without_yaml():
    lines = ["team: Growth", "quarter: Q3 2026", "", "owner: maria",
             "parent: Double the number of customers who stay with us past their first year"]  # fmt: skip
    assert plain_mapping(lines) == load_yaml("\n".join(lines), StrictFastLoader)
    assert plain_mapping(lines)["quarter"] == "Q3 2026"
    data, rest = split_front_matter(["---", *lines, "---", "# Objective: x"], "d.md")
    assert data["team"] == "Growth" and rest == [""] * 7 + ["# Objective: x"]


def test_boolean_and_null_words_as_yaml_spells_them_are_read_as_yaml_reads_them():
    for line in ["first_cycle: true", "first_cycle: Off", "first_cycle: YES", "owner: null"]:
        assert plain_mapping([line]) == load_yaml(line, StrictFastLoader), line
    lines = ["team: Growth", "first_cycle: true"]
    assert plain_mapping(lines) == {"team": "Growth", "first_cycle": True}


def test_values_yaml_reads_as_other_than_words_are_left_to_yaml():
    for line in ["first_cycle: yEs", "first_cycle: tRUE", "team: ~", "team: 42", "yes: true",
                 "quarter: 2026-07-01", "team: a # b", "team: 'Growth'", "on: x", "team:",
                 "team: [a, b]", "team: &a x", "  team: x", "team: a: b"]:  # fmt: skip
        assert plain_mapping([line]) is None, line
    assert plain_mapping([]) is None and plain_mapping(["", " "]) is None
