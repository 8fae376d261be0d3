"""The block reader gives the block tree markdown-it-py's block parse gave.

``coach.parsing.blocks`` parses with markdown-it-pyrs (markdown-it.rs) and cuts each block's
content from the source as markdown-it's block rules do. These compare it with the reader it
replaced, a walk of markdown-it-py's tokens (``_markdown_it_py_blocks``): the same kinds, levels,
lines and content. Where markdown-it.rs builds other blocks than markdown-it-py and the reader
does not bridge the difference, ``test_where_markdown_it_rs_parses_otherwise`` pins what it
reads."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from coach.parsing.blocks import Block, parse_blocks

PIECES = [
    "- ", "* ", "+ ", "1. ", "2) ", "10. ", "  ", "    ", "\t", " \t", "\n", "\n\n", "-\n",
    "-\t", "[", "]", "[ref]: http://x\n", "[x] ", "---\n", "```\n", "~~~\n", "`", "<div>\n",
    "<!-- c -->", "<b>", "<", "# ", " #", "#", "## Objective: ", "KR1: ", "Grow ARR", "text",
    "=\n", "===\n", "**bold**", "\\", "a\\\n", "&amp;", "é", "\u2003", "\r\n", "\r", "\0",
]  # fmt: skip
# blockquotes and tables: where markdown-it.rs parses some lines otherwise (see below)
QUOTES_AND_TABLES = [">", "> ", ">\t", "|", "\\|", ":", "| a | b |\n|---|---|\n"]
# whole lines of drafts, blockquotes and tables among them
LINES = [
    "## Objective 1: Grow revenue\n",
    "- KR1: Increase ARR from $1M to $2M\n",
    "  - sub item\n",
    "    - deeper\n",
    "1. first\n",
    "2. second\n",
    "10. ten\n",
    "1.\n",
    "-\n",
    "* * *\n",
    "```python\ncode\n```\n",
    "    indented code\n",
    "<!-- comment -->\n",
    "<details>\n",
    "</details>\n",
    "<div>\n",
    "\n",
    "\n\n",
    "[ref]: http://x 'title'\n",
    "Title\n---\n",
    "Title\n===\n",
    "**Objective:** Ship it\n",
    "   lazy line\n",
    "\tTabbed\n",
    "-     five\n",
    "> quoted KR\n",
    "> - quoted item\n",
    ">\n",
    "# Heading #\n",
    "Owner: @bob\n",
    "| Key Result | Owner |\n|---|---|\n| Grow | @amy |\n",
    "| row | @x |\n",
    "é “quotes”\n",
]


def _markdown_it_py_blocks(text: str) -> list[Block]:
    """The reader before markdown-it-pyrs: markdown-it-py's block tokens as a block tree."""
    parser = MarkdownIt("commonmark").enable("table").disable("inline")
    kinds = {"paragraph": "para", "bullet_list": "list", "ordered_list": "list"}
    kinds |= {"list_item": "item", "blockquote": "quote", "thead": "part", "tbody": "part"}
    kinds |= {"tr": "row", "th": "cell", "td": "cell", "heading": "heading", "table": "table"}
    root = Block("root")
    stack = [root]
    for token in parser.parse(text):
        if token.nesting == 1:
            block = Block(
                kinds[token.type.removesuffix("_open")], 0, token.map[0] if token.map else 0
            )
            if block.kind == "heading":
                block.level = int(token.tag[1:])
            stack[-1].children.append(block)
            stack.append(block)
        elif token.nesting == -1:
            stack.pop()
        elif token.type == "inline":
            stack[-1].content = token.content
            stack[-1].line = token.map[0]
        elif token.type == "hr":
            stack[-1].children.append(Block("rule", 0, token.map[0]))
    return root.children


def _tree(blocks: list[Block]) -> list[tuple]:
    return [(b.kind, b.level, b.line, b.content, _tree(b.children)) for b in blocks]


def _shape(tree: list[tuple]) -> list[tuple]:
    return [(kind, level, _shape(children)) for kind, level, _, _, children in tree]


def test_the_oracle_reads_blocks():
    """The comparison means something: the old reader sees every kind of block."""
    text = "# T\n\n> q\n\n- a\n  b\n\n| K | O |\n|---|---|\n| x | y |\n\n---\n"
    assert _tree(_markdown_it_py_blocks(text)) == [
        ("heading", 1, 0, "T", []),
        ("quote", 0, 2, "", [("para", 0, 2, "q", [])]),
        ("list", 0, 4, "", [("item", 0, 4, "", [("para", 0, 4, "a\nb", [])])]),
        ("table", 0, 7, "", [
            ("part", 0, 7, "", [("row", 0, 7, "", [("cell", 0, 7, "K", []), ("cell", 0, 7, "O", [])])]),
            ("part", 0, 9, "", [("row", 0, 9, "", [("cell", 0, 9, "x", []), ("cell", 0, 9, "y", [])])]),
        ]),
        ("rule", 0, 11, "", []),
    ]  # fmt: skip


@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_lists_headings_and_paragraphs_read_as_markdown_it_py_read_them(text):
    assert _tree(parse_blocks(text)) == _tree(_markdown_it_py_blocks(text))


@given(st.lists(st.sampled_from(PIECES + QUOTES_AND_TABLES), max_size=40).map("".join))
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_where_the_blocks_agree_their_lines_and_content_agree(text):
    """With blockquotes and tables too: wherever both parsers find the same blocks, the reader
    cuts the same content (quote markers, list indentation and tabs removed) from the same
    lines."""
    new, old = _tree(parse_blocks(text)), _tree(_markdown_it_py_blocks(text))
    assume(_shape(new) == _shape(old))
    assert new == old


@given(st.lists(st.sampled_from(LINES), max_size=25).map("".join))
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_drafts_read_as_markdown_it_py_read_them(text):
    """Blockquotes and tables too: markdown-it-py ends a top-level blockquote's lazy lines and
    a table's rows at other lines than markdown-it.rs, and the reader bridges that."""
    assert _tree(parse_blocks(text)) == _tree(_markdown_it_py_blocks(text))


LONE = chr(0xD800)  # a lone surrogate (not a literal: benchmarks/parse_snapshot.py reads those)


def test_hand_picked_documents_read_as_markdown_it_py_read_them():
    for text in [
        "[a]: http://x\n\n## Objective: Grow\n\n- KR1: [a]\n",
        "- item\n  [r]: /url\n",
        "| KR | Owner |\n|---|---|\n| Grow | @a |\n",
        "| a \\| b | c |\n|:-|-:|\n| 1 |\n| 1 | 2 | 3 |\nx\n",  # escaped pipe, short and long rows
        "```\n# not a heading\n```\n",
        "> ## Objective: quoted\n> - KR1: x\n",
        "> a\nlazy\n>  b\n>\n> > c\n> d\n",
        "- > a\n  b\n\n1. x\n   > y\n   z\n",
        "<details>\n\n- KR1: hidden\n\n</details>\n",
        "- a\n  # h\n  b\n- \n  c\n-\n  d\n",  # a tight item's text around a heading, blank first lines
        "1. one\n   two\n    three\n10) ten\n",
        "-\tKR1: tab\n\t  more\n>\t- x\n>\t\ty\n",  # tabs expanded as markdown-it expands them
        "# Title ##  \n#\n  ## x #\n### ###\nSetext\n  more\n===\n",
        "## Objectif: réduire le délai\n- KR1: passer de 5 à 2 jours — d’ici T2\n  suite é\n",
        "text\r\nmore\0\r- item\r\n",
        f"## Objective: a{LONE}b\n- KR1: x {LONE} é\n  more\n> q{LONE}\n",  # as the API may pass
        "> a\n10. b\n",  # a blockquote's lazy lines and a table's rows end at any list item
        "> a\n-\n> b\n",
        "| a |\n|---|\n-\n| b |\n",
        "| a | b |\n|---|---|\n| 1 | 2 |\n2) x\n",
        "> a\n| b |\n|---|\n\n| c |\n|---|\n",  # a table does not end a blockquote's lazy lines
        "> # h\nlazy\n| a |\n|---|\n",
        "- " * 12 + "deep\n\nafter\n",  # markdown-it stops nesting blocks at 20 levels
        "> " + "- " * 12 + "deep\n> more\n\nafter\n",
        "",
    ]:
        assert _tree(parse_blocks(text)) == _tree(_markdown_it_py_blocks(text)), text


def test_a_long_document_is_cut_only_as_often_as_the_reparse_budget_allows():
    """Each cut parses the rest of the document again, so a long document with a cut every
    two lines would make the parse quadratic: past a few times its length, markdown-it.rs's
    reading of the rest stands (the last blockquote takes every later line as lazy), while a
    short document with as many cuts per line is read as markdown-it-py reads it."""
    pair = "> quoted KR\n2. second\n"
    short = pair * 12
    assert _tree(parse_blocks(short)) == _tree(_markdown_it_py_blocks(short))
    long = pair * 3000
    blocks = parse_blocks(long)
    assert [block.kind for block in blocks[:4]] == ["quote", "list", "quote", "list"]
    assert len(blocks) < 10  # two pairs cut as markdown-it-py reads them, then one quote
    last = blocks[-1]
    assert last.kind == "quote"
    assert last.children[0].content.count("\n") > 1000


def test_where_markdown_it_rs_parses_otherwise():
    """Known differences between markdown-it.rs and markdown-it-py that the reader does not
        bridge. Which lines are a table: markdown-it.rs wants a "|" or ":" in the delimiter row
        but none in the header row, and counts the cells of a row with an escaped pipe
    differently (the reader splits them as markdown-it-py would). And inside a
        list item (not at the top level), a blockquote's lazy lines and a table's rows end where
        a paragraph would be interrupted, not at any list item."""
    differences = {
        "b |\n---\n": [("heading", 2, 0, "b |", [])],
        "a\n:---\n": [("table", 0, 0, "", [("part", 0, 0, "", [("row", 0, 0, "", [("cell", 0, 0, "a", [])])])])],
        "\\|| a | b |\n|---|---|\n": [("table", 0, 0, "", [("part", 0, 0, "", [
            ("row", 0, 0, "", [("cell", 0, 0, "|", []), ("cell", 0, 0, "a", []), ("cell", 0, 0, "b", [])]),
        ])])],
        "- > a\n  10. b\n": [
            ("list", 0, 0, "", [("item", 0, 0, "", [("quote", 0, 0, "", [("para", 0, 0, "a\n  10. b", [])])])]),
        ],
    }  # fmt: skip
    for text, read in differences.items():
        assert _tree(parse_blocks(text)) == read, text
        assert _tree(_markdown_it_py_blocks(text)) != read, text


def test_a_code_span_the_rust_inline_parser_panics_on_is_never_parsed_inline():
    """markdown-it.rs 0.6 panics on "[`" in its inline rules; the reader runs none of them."""
    assert _tree(parse_blocks("- KR1: [`x\n")) == [
        ("list", 0, 0, "", [("item", 0, 0, "", [("para", 0, 0, "KR1: [`x", [])])])
    ]
