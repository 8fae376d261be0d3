"""The block parser's shortcuts give exactly markdown-it's full block parse.

``coach.parsing.blocks`` skips markdown-it's core normalize rule for text without CR or NUL and
leaves out block rules whose marker character the text lacks; these compare its token stream
with the one ``MarkdownIt.parse`` gives with every rule on."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.parsing import blocks

PIECES = [
    "- ", "* ", "+ ", "1. ", "2) ", "  ", "    ", "\t", "\n", "\n\n", "> ", ">", "[", "]", ":",
    "[ref]: http://x\n", "[x] ", "| a | b |\n|---|---|\n", "|", "---\n", "```\n", "~~~\n", "`",
    "<div>\n", "<!-- c -->", "<", "# ", "## Objective: ", "KR1: ", "Grow ARR", "text", "=\n",
    "**bold**", "\\", "-\n",
]  # fmt: skip


def _tokens_seen(tokens) -> list[tuple]:
    return [(t.type, t.tag, t.nesting, t.map, t.content, t.markup, t.info) for t in tokens]


def _same_as_full_parse(text: str) -> None:
    assert _tokens_seen(blocks._tokens(text)) == _tokens_seen(blocks._MD.parse(text))


@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_shortcuts_tokenise_as_the_full_parser(text):
    _same_as_full_parse(text)


def test_each_left_out_rule_is_left_out_only_without_its_marker():
    assert blocks._unused_rules("- KR1: Grow ARR [baseline]\n") == (
        "table", "fence", "blockquote", "html_block", "reference",
    )  # fmt: skip
    assert "reference" not in blocks._unused_rules("- [baseline]: x\n")
    assert "reference" not in blocks._unused_rules("> 1. [a]: b\n")
    assert "table" not in blocks._unused_rules("a | b\n")
    assert "fence" not in blocks._unused_rules("~~~\n")
    assert "blockquote" not in blocks._unused_rules("> q\n")
    assert "html_block" not in blocks._unused_rules("<div>\n")


def test_hand_picked_documents_tokenise_as_the_full_parser():
    for text in [
        "[a]: http://x\n\n## Objective: Grow\n\n- KR1: [a]\n",
        "- item\n  [r]: /url\n",
        "| KR | Owner |\n|---|---|\n| Grow | @a |\n",
        "```\n# not a heading\n```\n",
        "> ## Objective: quoted\n> - KR1: x\n",
        "<details>\n\n- KR1: hidden\n\n</details>\n",
        "text\r\nmore\0\n",
        "",
    ]:
        _same_as_full_parse(text)
