"""The Markdown reader's shortcuts read what the straightforward path reads.

The shortcuts: a lower-case gate before the case-blind "goals" search, a last-character gate
before the explanation regex, a list item's first line and a one-line item's segments kept per
line (a plain item's first line read by one regex), the common labels read by a small regex,
and ``_strip_edges`` skipping rounds that cannot move either end. Each test runs the same input both ways and compares. (The block
reader's one-line items are compared with markdown-it-py's reading in test_parsing_blocks.py.)
"""

from __future__ import annotations

import re
import sys
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach import parse_text
from coach.model import to_json
from coach.parsing import blocks, labels, markdown, segments
from coach.parsing.blocks import Piece
from coach.parsing.headings import EXPLANATION_LABEL
from coach.textcaches import clear_per_text_caches, per_text_caches

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters every gate looks at: separators, marks, tag and owner characters, brackets,
# letters of "goal" and "owner" in both cases, letters that match others when case is ignored
# ("ſ" is "s", the Kelvin sign is "k"), emoji and their joiners, tabs and odd spaces.
ALPHABET = list(" \t\n:—–|,;-*_`~[]()#@P0123456789.xX!?/") + list(
    "goalGOALsSownerOWNERkKſ\u212aíé🎯🚀✅\u200d\ufe0f\u00a0\u2003"
)
WORDS = [
    "goal", "Goals", "GOALS", "goalſ", "subgoal", "goal-setting", "owner:", "Owner: @ana",
    "@bob", "#stretch", "(stretch)", "[committed]", "[P1]", "P2:", "**", "__", "`P0`", "[x] ",
    "[ ] ", "- ", "🎯 ", " 🚀", "[KR: Grow](https://x.y/z)", "(owner: Dana Smith)", "\tDana Smith",
    "KR1:", "Objective 2 -", "Increase", "signups", "from 5% to 9%", "by Q3", "Key Results:",
    "1.", "2)", "•", "Team: Growth", "Owner: @amy", "1.1",
]  # fmt: skip
texts = st.one_of(
    st.text(alphabet=ALPHABET, max_size=40),
    st.lists(st.sampled_from(WORDS + ALPHABET), max_size=12).map("".join),
    st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join),
)


@SETTINGS
@given(texts)
def test_the_goals_gate_finds_the_word_where_the_regex_does(text):
    assert markdown._says_goals(text) == (markdown._GOALS_WORD.search(text) is not None)


def test_no_character_but_the_letters_of_goal_matches_them_when_case_is_ignored():
    """What the gate rests on: lower-casing keeps every character the case-blind search could
    take for "g", "o", "a" or "l" (every code point, lone surrogates included)."""
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    taken = set(re.findall("(?i)[goal]", every))
    assert taken == set("goalGOAL")
    assert all(char.lower() in "goal" for char in taken)


def test_a_regex_space_is_a_str_space():
    """What the explanation gate rests on: the regex's \\s and ``str.isspace`` agree on every
    character."""
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert set(re.findall(r"\s", every)) == {char for char in every if char.isspace()}


EXPLANATIONS = [
    "Rationale:",
    "**Context:**",
    "_Why_:",
    "Notes :",
    "Risks:\u2003",
    "Ideas: *",
    "why",
]


@SETTINGS
@given(st.one_of(texts, st.lists(st.sampled_from(EXPLANATIONS + WORDS), max_size=4).map("".join)))
def test_the_explanation_gate_finds_what_the_regex_finds(text):
    assert markdown._explains(text) == (EXPLANATION_LABEL.fullmatch(text) is not None)


@SETTINGS
@given(texts, st.data())
def test_a_settled_range_is_what_every_round_of_strip_edges_leaves_alone(content, data):
    s = data.draw(st.integers(0, len(content)))
    e = data.draw(st.integers(s, len(content)))
    found: dict = {}
    with mock.patch.object(labels, "_settled", lambda *args: False):
        slow = labels._strip_edges(content, s, e, found)
    assert labels._strip_edges(content, s, e, {}) == slow
    if labels._settled(content, s, e):
        assert slow == (s, e) and found == {}


@SETTINGS
@given(texts, st.integers(0, 8))
def test_cleaning_with_the_settled_gate_gives_what_cleaning_without_it_gives(content, start):
    start = min(start, len(content))
    with mock.patch.object(labels, "_settled", lambda *args: False):
        slow = labels._clean(content, start)
    assert labels._clean(content, start) == slow


@SETTINGS
@given(texts, st.integers(0, 40), st.integers(0, 40))
def test_an_edge_helper_whose_gate_is_shut_moves_no_end(content, s, e):
    """``_strip_edges`` calls each helper only where its gate is open; shut, the helper would
    have left both ends where they were."""
    e = min(e, len(content))
    s = min(s, e)
    if not (s < e and content[s] > "\x7f"):
        assert labels._skip_marker(content, s, e) == s
    if not (s < e and content[e - 1] > "\x7f"):
        assert labels._drop_end_marker(content, s, e) == e
    if not (s < e and (content[s] in labels._MARKS or content[e - 1] in labels._MARKS)):
        assert labels._strip_marks(content, s, e) == (s, e)
    if not (s < e and content[s] == "["):
        assert labels._unwrap_link(content, s, e) == (s, e)
    found: dict = {}
    if not (s < e and content[s] in labels._LEAD_TAG_START):
        assert labels._strip_lead_tag(content, s, e, found) == s and not found
    if content.find("P", s, e) < 0:
        assert labels._PRIORITY_MARKED.fullmatch(content, s, e) is None


LABELS = ["KR1: ", "kr 12:\t", "KR: ", "Kr :  ", "Objective: ", "objective 3: ", "O2: ", "o1:  "]


@SETTINGS
@given(st.sampled_from(LABELS + WORDS), texts, st.integers(0, 3))
def test_a_plain_label_is_read_as_the_full_label_pattern_reads_it(label, text, pos):
    content = " " * pos + label + text
    assert labels._match_label(content, pos) == labels._match_full_label(content, pos)


MARKERS = [
    "- ",
    "* ",
    "+ ",
    "1. ",
    "2) ",
    "10. ",
    "  12) ",
    "-",
    "-\t",
    "1.\t",
    " - ",
    "   * ",
    "-    ",
    "-      ",
]


@SETTINGS
@given(st.sampled_from(MARKERS), texts, st.lists(st.integers(0, 9), max_size=3))
def test_a_list_items_kept_first_line_is_what_cutting_it_gives(marker, text, indents):
    """At the top level, and inside list items that start on earlier lines (whatever their
    indent)."""
    line = (marker + text).split("\n")[0]
    outer = []
    for number, indent in enumerate(indents):
        box = blocks._Container(False, number)
        box.indent = indent
        outer.append(box)
    item = blocks._Container(False, 7)
    assert blocks._in_items(tuple(outer), 7)
    clear_per_text_caches()
    rest, indent, blank = blocks._item_line(line)
    assert rest == blocks._cut(line, 7, (*outer, item), True).strip(blocks._TRIM)
    assert (indent, blank) == (item.indent, item.blank)
    assert blocks._item_line(line) == (rest, indent, blank)  # and again, from the cache


def test_an_item_in_a_blockquote_or_on_its_parents_line_is_cut_in_full():
    quote, parent = blocks._Container(True, 0), blocks._Container(False, 3)
    assert not blocks._in_items((quote,), 3)
    assert not blocks._in_items((parent,), 3)


@SETTINGS
@given(texts, st.sampled_from([None, "kr", "objective"]))
def test_a_one_line_pieces_kept_segments_are_its_segments(line, first):
    line = line.split("\n")[0]
    piece = Piece([line], [(0, 0)], [line])
    clear_per_text_caches()
    kept = segments.segment(piece, first)
    assert kept == segments._segment([line], first)
    assert segments.segment(piece, first) == kept  # and again, from the cache


def test_the_new_caches_are_cleared_with_the_others():
    caches = per_text_caches()
    assert blocks._kept_item_line in caches and segments._kept_line in caches


DRAFT_LINES = [
    "---\nteam: Growth\nquarter: Q3 2026\n---",
    "## Objective: Make onboarding effortless for our goals",
    "**Objective 2:** Grow the developer community",
    "- KR1: Increase activation from 20% to 30% by end of Q3",
    "- KR2: Reduce churn from 5% to 3% (stretch) (owner: @ana)",
    "* [x] KR3: Launch the new onboarding flow 🚀",
    "- Reach 1,000 weekly active teams #committed",
    "1. Ship the mobile app",
    "  - a detail under it",
    "-   KR4:   Grow NPS to 50\tDana Smith",
    "- ",
    "> - KR5: Quoted item",
    "Owner: @bob",
    "Key Results:",
    "KR6: Cut p95 latency from 800 ms to 600 ms",
    "",
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(DRAFT_LINES), min_size=2, max_size=14))
def test_a_draft_reads_the_same_cold_warm_and_without_the_shortcuts(lines):
    """Cold (every per-text cache empty), warm (read again from the caches) and with the
    ``_strip_edges`` and goals gates off and nothing kept per line: the same draft, or the
    same error."""
    text = "\n".join(lines) + "\n"

    def read():
        try:
            return to_json(parse_text(text, "d.md"))
        except Exception as exc:  # noqa: BLE001 - the same error every way is the expectation
            return type(exc).__name__, str(exc)

    clear_per_text_caches()
    cold, warm = read(), read()
    with (
        mock.patch.object(labels, "_settled", lambda *args: False),
        mock.patch.object(markdown, "_says_goals", lambda t: bool(markdown._GOALS_WORD.search(t))),
        mock.patch.object(segments, "_KEPT_CHARS", -1),
        mock.patch.object(blocks, "_KEPT_CHARS", -1),
    ):
        clear_per_text_caches()
        slow = read()
    assert cold == warm == slow
