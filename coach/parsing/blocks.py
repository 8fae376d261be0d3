"""markdown-it's token stream as a small block tree, and pieces of text that know their source.

Only the block phase of markdown-it runs: the parser needs each block's raw text and line range,
not inline HTML, which keeps a re-parse on every keystroke cheap.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from coach.model import Position

_OFF = ["inline", "linkify", "replacements", "smartquotes", "text_join"]
_MD = MarkdownIt("commonmark").enable("table").disable(_OFF, ignoreInvalid=True)
# A "[" where a link reference definition could start: the first character of a line after
# any blockquote and list markers (generous: more than these may match, never less).
_REFERENCE_START = re.compile(r"^[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t>]*)*\[", re.M)
_KINDS = {
    "heading": "heading",
    "paragraph": "para",
    "bullet_list": "list",
    "ordered_list": "list",
    "list_item": "item",
    "blockquote": "quote",
    "table": "table",
    "thead": "part",
    "tbody": "part",
    "tr": "row",
    "th": "cell",
    "td": "cell",
}
_OPEN = {f"{name}_open": kind for name, kind in _KINDS.items()}


@dataclass(slots=True, eq=False)
class Block:
    kind: str  # heading | para | list | item | quote | table | part | row | cell | other
    level: int = 0  # heading level
    line: int = 0  # 0-based line where the content starts
    content: str = ""
    children: list[Block] = field(default_factory=list)


def parse_blocks(text: str) -> list[Block]:
    """The document's top-level blocks, built from markdown-it's flat token stream."""
    root = Block("root")
    stack = [root]
    append = stack.append
    for tok in _tokens(text):
        nesting = tok.nesting
        if nesting == 1:  # "…_open"
            kind = _OPEN.get(tok.type, "other")
            block = Block(kind, 0, tok.map[0] if tok.map else 0)
            if kind == "heading":
                block.level = int(tok.tag[1:])
            stack[-1].children.append(block)
            append(block)
        elif nesting == -1:  # "…_close"
            if len(stack) > 1:
                stack.pop()
        elif tok.type == "inline":
            top = stack[-1]
            top.content = tok.content
            if tok.map:
                top.line = tok.map[0]
        elif tok.type == "hr":  # a thematic break ("---") ends the sections above it
            stack[-1].children.append(Block("rule", 0, tok.map[0] if tok.map else 0))
    return root.children


def _tokens(text: str) -> list:
    """markdown-it's block tokens for ``text``. Text with no carriage return or NUL (what
    ``coach.parsing.parse_text`` hands on) goes straight to the block parser: the core rule
    that would run first only rewrites those two, and the others after it are disabled."""
    if "\r" in text or "\0" in text:
        return _MD.parse(text)
    md = _parser(_unused_rules(text))
    tokens: list = []
    md.block.parse(text, md, {}, tokens)
    return tokens


def _unused_rules(text: str) -> tuple[str, ...]:
    """The block rules that cannot match anywhere in ``text``: each returns False, doing
    nothing, unless its marker character is where it looks (a table's header line holds "|",
    a fence starts with three "`" or "~", a blockquote with ">", an HTML block with "<", a
    link reference definition with "["), so without that character the rule is only time
    spent trying it on every line (most drafts have none of them)."""
    unused = []
    if "|" not in text:
        unused.append("table")
    if "```" not in text and "~~~" not in text:
        unused.append("fence")
    if ">" not in text:
        unused.append("blockquote")
    if "<" not in text:
        unused.append("html_block")
    if "[" not in text or not _REFERENCE_START.search(text):
        unused.append("reference")
    return tuple(unused)


@functools.cache
def _parser(unused: tuple[str, ...]) -> MarkdownIt:
    """``_MD`` without the block rules ``unused`` (one parser per set, made when first used)."""
    if not unused:
        return _MD
    return MarkdownIt("commonmark").enable("table").disable([*_OFF, *unused], ignoreInvalid=True)


class Piece:
    """Some consecutive content lines of one block, each tied to its place in the source."""

    __slots__ = ("_content", "lines", "origins", "source")

    def __init__(
        self,
        lines: list[str],
        origins: list[tuple[int, int]],
        source: list[str],
        content: str | None = None,
    ):
        self.lines = lines  # the content lines (markdown markers and indentation removed)
        self.origins = origins  # (0-based source line, 0-based column) of each content line
        self.source = source  # every line of the document
        self._content = content  # "\n".join(lines), made when first asked for

    @classmethod
    def of(cls, block: Block, source: list[str]) -> Piece:
        content = block.content
        lines = content.split("\n")
        last = len(source) - 1
        number = block.line
        origins = []
        for line in lines:
            at = number if number < last else last
            origins.append((at, _locate(source[at], line)))
            number += 1
        return cls(lines, origins, source, content)

    def part(self, start: int, stop: int) -> Piece:
        if start == 0 and stop >= len(self.lines):
            return self
        return Piece(self.lines[start:stop], self.origins[start:stop], self.source)

    @property
    def content(self) -> str:
        content = self._content
        if content is None:
            content = self._content = "\n".join(self.lines)
        return content

    def raw(self) -> str:
        """The source lines this piece spans, exactly as written."""
        return "\n".join(self.source[self.origins[0][0] : self.origins[-1][0] + 1])

    def position(self, start: int, end: int) -> Position:
        """Position of content[start:end]; end_column is exclusive (one past the last char)."""
        if len(self.lines) == 1:  # most items: one line, both ends on it
            number, column = self.origins[0]
            length = len(self.lines[0])
            end = max(end, start)
            return Position(
                line=number + 1,
                column=column + min(start, length) + 1,
                end_line=number + 1,
                end_column=column + min(end, length) + 1,
            )
        line, column = self._at(start)
        end_line, end_column = self._at(max(end, start))
        return Position(line=line, column=column, end_line=end_line, end_column=end_column)

    def _at(self, offset: int) -> tuple[int, int]:
        for (number, column), line in zip(self.origins, self.lines, strict=True):
            if offset <= len(line):
                return number + 1, column + offset + 1
            offset -= len(line) + 1
        number, column = self.origins[-1]
        return number + 1, column + len(self.lines[-1]) + 1


def _locate(source_line: str, content_line: str) -> int:
    """The column where a content line starts in its source line (markers stripped off)."""
    body = content_line.rstrip()
    if not body:
        return len(source_line) - len(source_line.lstrip())
    stripped = source_line.rstrip()
    if stripped.endswith(body):
        return len(stripped) - len(body)
    found = source_line.find(body)
    return found if found >= 0 else len(source_line) - len(source_line.lstrip())
