"""markdown-it's token stream as a small block tree, and pieces of text that know their source.

Only the block phase of markdown-it runs: the parser needs each block's raw text and line range,
not inline HTML, which keeps a re-parse on every keystroke cheap.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from coach.model import Position

_MD = (
    MarkdownIt("commonmark")
    .enable("table")
    .disable(["inline", "linkify", "replacements", "smartquotes", "text_join"], ignoreInvalid=True)
)
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
    for tok in _MD.parse(text):
        kind = tok.type
        if kind.endswith("_open"):
            block = Block(_KINDS.get(kind[:-5], "other"), line=tok.map[0] if tok.map else 0)
            if block.kind == "heading":
                block.level = int(tok.tag[1:])
            stack[-1].children.append(block)
            stack.append(block)
        elif kind.endswith("_close"):
            if len(stack) > 1:
                stack.pop()
        elif kind == "hr":  # a thematic break ("---") ends the sections above it
            stack[-1].children.append(Block("rule", line=tok.map[0] if tok.map else 0))
        elif kind == "inline":
            stack[-1].content = tok.content
            if tok.map:
                stack[-1].line = tok.map[0]
    return root.children


class Piece:
    """Some consecutive content lines of one block, each tied to its place in the source."""

    __slots__ = ("lines", "origins", "source")

    def __init__(self, lines: list[str], origins: list[tuple[int, int]], source: list[str]):
        self.lines = lines  # the content lines (markdown markers and indentation removed)
        self.origins = origins  # (0-based source line, 0-based column) of each content line
        self.source = source  # every line of the document

    @classmethod
    def of(cls, block: Block, source: list[str]) -> Piece:
        lines = block.content.split("\n")
        origins = []
        for i, line in enumerate(lines):
            number = min(block.line + i, len(source) - 1)
            origins.append((number, _locate(source[number], line)))
        return cls(lines, origins, source)

    def part(self, start: int, stop: int) -> Piece:
        return Piece(self.lines[start:stop], self.origins[start:stop], self.source)

    @property
    def content(self) -> str:
        return "\n".join(self.lines)

    def raw(self) -> str:
        """The source lines this piece spans, exactly as written."""
        return "\n".join(self.source[self.origins[0][0] : self.origins[-1][0] + 1])

    def position(self, start: int, end: int) -> Position:
        """Position of content[start:end]; end_column is exclusive (one past the last char)."""
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
