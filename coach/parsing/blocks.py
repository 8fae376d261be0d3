"""Markdown's block structure as a small block tree, and pieces of text that know their source.

markdown-it-pyrs (markdown-it.rs) parses; its node tree gives each block's kind and source
span. A block's content is then cut from the source the way markdown-it-py's block rules cut it
(blockquote markers and list indentation removed line by line, tabs partly expanded, trimmed),
so that ``Piece.of`` can tie every content line to its column. Inline markup is never read.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it_pyrs import MarkdownIt

from coach.model import Position

# CommonMark's block rules and GFM tables, no inline rules: inline markup is never read
_BLOCK_RULES = ["blockquote", "code", "fence", "heading", "hr", "html_block", "lheading", "list"]
_MD = MarkdownIt("zero").enable_many([*_BLOCK_RULES, "paragraph", "reference", "table"])
# What CommonMark trims off a block's content (JavaScript's String.trim, less U+FEFF)
_TRIM = (
    "\t\n\x0b\x0c\r \xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + ("\u2028\u2029\u202f\u205f\u3000")
)
_KINDS = {
    "heading": "heading",
    "lheading": "heading",
    "paragraph": "para",
    "bullet_list": "list",
    "ordered_list": "list",
    "list_item": "item",
    "blockquote": "quote",
    "table": "table",
    "hr": "rule",  # a thematic break ("---") ends the sections above it
}
# how deep markdown-it (markdown-it-py's "commonmark" preset) nests blocks; markdown-it.rs
# nests deeper
_MAX_NESTING = 20
# how many times the document's length ``document`` may parse again, beyond a floor that
# lets a draft of ordinary size be cut as often as it needs (a 25-line document can need a
# dozen cuts, each parsing the rest of it again)
_REPARSE = 2
_REPARSE_FLOOR = 32_768
# What ends a blockquote's lazy lines and a table's rows in markdown-it-py, after at most
# three spaces: a fence, a blockquote, a thematic break, a list item, a heading, an HTML block
# that may interrupt a paragraph (CommonMark's kinds 1 to 6)
_HTML_BLOCK_NAMES = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|"
    "details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|"
    "h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|"
    "noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|"
    "thead|title|tr|track|ul"
)
_ENDS = re.compile(
    r"`{3,}[^`]*|~{3,}.*|>.*"
    r"|(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}"
    r"|(?:[*+-]|\d{1,9}[.)])(?:[ \t].*)?|#{1,6}(?:[ \t].*)?"
    r"|(?ai:<(?:script|pre|style|textarea)(?:[\s>].*)?)|<!--.*|<\?.*|<![A-Za-z].*|<!\[CDATA\[.*"
    rf"|(?ai:</?(?:{_HTML_BLOCK_NAMES})(?:[\s/>].*)?)",
    re.S,
)
_PIPE = re.compile(r"\|")
_SURROGATE = re.compile("[\ud800-\udfff]")
# blocks with nothing for the parser: code, HTML, link reference definitions
_LEAVES = frozenset({"fence", "code_block", "html_block", "definition"})


@dataclass(slots=True, eq=False)
class Block:
    """A Markdown block: its kind, heading level, first line, content and children."""

    kind: str  # heading | para | list | item | quote | table | part | row | cell | rule
    level: int = 0  # heading level
    line: int = 0  # 0-based line where the content starts
    content: str = ""
    children: list[Block] = field(default_factory=list)


def parse_blocks(text: str) -> list[Block]:
    """The document's top-level blocks. Line numbers count lines of ``text`` with "\\r\\n" and
    "\\r" read as one line break (as markdown-it does; it also reads NUL as U+FFFD)."""
    if "\r" in text or "\0" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")
    reader = _Reader(text)
    return reader.document("\n".join(reader.parts) if reader.parts is not reader.lines else text)


class _Container:
    """A blockquote or list item some lines sit in: what markdown-it strips off each of them."""

    __slots__ = ("blank", "indent", "line", "quote")

    def __init__(self, quote: bool, line: int):
        self.quote = quote
        self.line = line  # its first line
        self.indent = 0  # a list item's content indent (columns after the quote markers)
        self.blank = False  # a list item with nothing after its marker on its first line


class _Reader:
    """One document: its lines, and node offsets (UTF-8 bytes) turned into line numbers."""

    def __init__(self, text: str):
        self.lines = lines = text.split("\n")
        self.parts = lines  # the lines markdown-it.rs reads: no lone surrogate (not UTF-8)
        starts = [0]
        total = 0
        if text.isascii():
            for line in lines:
                total += len(line) + 1
                starts.append(total)
        else:
            if _SURROGATE.search(text):
                self.parts = lines = _SURROGATE.sub("\ufffd", text).split("\n")
            for line in lines:
                total += len(line.encode()) + 1
                starts.append(total)
        self.starts = starts
        self.swallowed = False  # the rest was left out (blocks nested too deep)
        self.base = 0  # where the text the nodes' offsets count from starts

    def line_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset + self.base) - 1

    def document(self, text: str) -> list[Block]:
        """The blocks of the whole document.

        markdown-it-py ends a top-level blockquote's lazy lines (lines without ">" that go
        on its paragraph) and a table's rows at the lines that start its blockquote rule's
        terminators (``_ENDS``), and no other; markdown-it.rs ends them where a paragraph
        would be interrupted: not at an empty list item or one numbered from other than 1,
        but at a table. Where the two differ, the document is cut: the blockquote or table
        is parsed again on its own, as far as markdown-it-py reads it (a lazy line's pipes
        masked, so that it cannot start a table), and the rest afresh after it, as
        markdown-it-py starts afresh after a top-level block. The parts parsed again are
        capped at a few times the document (plus ``_REPARSE_FLOOR`` characters); then
        markdown-it.rs's reading of the rest stands
        (many cuts in a long document must not make the parse quadratic)."""
        lines = self.parts
        found: list[Block] = []
        first = 0  # the line the part being parsed starts at
        budget = _REPARSE * len(text) + _REPARSE_FLOOR
        while True:
            self.base = self.starts[first]
            part = text if first == 0 else "\n".join(lines[first:])
            budget -= len(part)
            nodes = _MD.tree(part).children
            cut = self.cut_at(nodes) if budget > 0 else None
            if cut is None:
                return found + self.blocks(nodes, (), 0)
            index, start, stop = cut
            found += self.blocks(nodes[:index], (), 0)
            if self.swallowed:
                return found
            self.base = self.starts[start]
            part = lines[start:stop]
            if nodes[index].name == "blockquote":
                part = [
                    line if line.lstrip(" \t")[:1] == ">" else _PIPE.sub("x", line) for line in part
                ]
            node = _MD.tree("\n".join(part)).children[0]
            found += self.blocks([node], (), 0)
            if self.swallowed:
                return found
            first = self.span(node.srcmap)[1] + 1

    def cut_at(self, nodes: list) -> tuple[int, int, int] | None:
        """(index, first line, end line as markdown-it-py reads it) of the first top-level
        blockquote or table that markdown-it.rs reads otherwise (see ``document``)."""
        lines = self.lines
        for index, node in enumerate(nodes):
            name = node.name  # once: each read of a node's field makes a new Python object
            table = name == "table"
            if not table and name != "blockquote":
                continue
            start, last = self.span(node.srcmap)
            number = start + 1 + table
            empty = not table and not lines[start].lstrip(" \t")[1:].strip(" \t")
            while number < len(lines):
                line = lines[number]
                body = line.lstrip(" \t")
                if not table and body[:1] == ">":
                    empty = not body[1:].strip(" \t")  # a blockquote's line with no text
                elif not body.strip(_TRIM if table else " \t") or empty:
                    break
                elif _indent(line) < 4 and _ENDS.fullmatch(body) or table and _indent(line) >= 4:
                    break
                number += 1
            if number < last + 1 or (not table and number > last + 1):
                return index, start, number
        return None

    def span(self, srcmap: tuple[int, int]) -> tuple[int, int]:
        """(first line, last line) of a node."""
        start, end = srcmap
        return self.line_of(start), self.line_of(end - 1 if end > start else start)

    def inside(
        self, nodes: list, outer: tuple[_Container, ...], level: int, start: int
    ) -> list[Block]:
        """The blocks in a list item or blockquote. ``level`` counts the blocks open around
        them as markdown-it does (a list and its item count two): from ``_MAX_NESTING`` on,
        markdown-it reads nothing more up to the end of the innermost blockquote (or of the
        document)."""
        if level >= _MAX_NESTING and nodes:
            self.swallowed = True
            return []
        return self.blocks(nodes, outer, level, start)

    def blocks(
        self, nodes: list, outer: tuple[_Container, ...], level: int, start: int = 0
    ) -> list[Block]:
        """The blocks of ``nodes``, inside the containers ``outer``; ``start`` is the line
        where the first of them starts if it is a tight list item's text (its node's own
        offsets can be off by a partly expanded tab)."""
        found: list[Block] = []
        run = 0  # lines of a tight list item's text from line ``start``
        starts, base = self.starts, self.base
        for node in nodes:
            name = node.name
            kind = _KINDS.get(name)
            if name == "text":  # a tight list item's paragraph has no node of its own
                run += node.meta["content"].count("\n") + 1
                continue
            if run:
                found.append(self.paragraph(start, start + run, outer))
                run = 0
            srcmap = node.srcmap
            if srcmap is None:
                continue
            begin, end = srcmap  # ``span``, inlined (two calls fewer per node)
            first = bisect_right(starts, begin + base) - 1
            last = bisect_right(starts, (end - 1 if end > begin else begin) + base) - 1
            start = last + 1
            if kind is None:  # code, HTML or a link reference definition
                continue
            if kind == "para":
                found.append(self.paragraph(first, last + 1, outer))
            elif kind == "heading":
                if name == "heading":
                    block = Block(kind, node.meta["level"], first, self.atx(first, outer))
                else:  # "Title" over "===" or "---"
                    block = Block(kind, node.meta["level"], first)
                    block.content = self.content(first, last, outer)
                found.append(block)
            elif kind == "table":
                found.append(self.table(node, first, outer))
            elif kind == "rule":
                found.append(Block(kind, 0, first))
            elif kind == "list":
                found.append(
                    Block(kind, 0, first, "", self.blocks(node.children, outer, level + 1))
                )
            elif kind == "item":
                line = self.lines[first]
                if len(line) <= _KEPT_CHARS and (not outer or _in_items(outer, first)):
                    text, indent, blank = _item_line(line)
                else:
                    text, indent, blank = _item_first_line(line, first, outer)
                children = node.children
                if (
                    first == last
                    and not blank
                    and len(children) == 1
                    and level + 1 < _MAX_NESTING
                    and children[0].name == "text"
                ):  # most items: one line of text after the marker, read as ``inside`` would
                    found.append(Block(kind, 0, first, "", [Block("para", 0, first, text)]))
                    continue
                item = _Container(False, first)
                item.indent, item.blank = indent, blank
                inner = (*outer, item)
                found.append(
                    Block(
                        kind, 0, first, "", self.inside(children, inner, level + 1, first + blank)
                    )
                )
            else:  # a blockquote: what markdown-it leaves out in it ends with it
                inner = (*outer, _Container(True, first))
                found.append(
                    Block(kind, 0, first, "", self.inside(node.children, inner, level + 1, first))
                )
                self.swallowed = False
            if self.swallowed:
                return found
        if run:
            found.append(self.paragraph(start, start + run, outer))
        return found

    def paragraph(self, first: int, stop: int, outer: tuple[_Container, ...]) -> Block:
        return Block("para", 0, first, self.content(first, stop, outer))

    def content(self, first: int, stop: int, outer: tuple[_Container, ...]) -> str:
        """Lines first..stop-1 as markdown-it's paragraph rule cuts them (``getLines``)."""
        if not outer:
            return "\n".join(self.lines[first:stop]).strip(_TRIM)
        lines = self.lines
        return "\n".join([_cut(lines[n], n, outer, True) for n in range(first, stop)]).strip(_TRIM)

    def atx(self, number: int, outer: tuple[_Container, ...]) -> str:
        """The text of a "## Heading ##" line (markdown-it's heading rule)."""
        line = self.lines[number]
        pos = _cut(line, number, outer)[1] if outer else len(line) - len(line.lstrip(" \t"))
        while pos < len(line) and line[pos] == "#":
            pos += 1
        end = len(line)
        while end > pos and line[end - 1] in " \t":
            end -= 1
        closing = end
        while closing > pos and line[closing - 1] == "#":
            closing -= 1
        if closing > pos and line[closing - 1] in " \t":
            end = closing
        return line[pos:end].strip(_TRIM)

    def table(self, node, first: int, outer: tuple[_Container, ...]) -> Block:
        """A table; its cells are split off each row as markdown-it's table rule splits them
        (a pipe escaped with a backslash stays in the cell, without the backslash)."""
        table = Block("table", 0, first)
        width = 0
        for part in node.children:
            block = Block("part", 0, first if part.name == "thead" else first + 2)
            table.children.append(block)
            for row in part.children:
                number = self.line_of(row.srcmap[0])
                line = self.lines[number]
                cells = _split(line[_cut(line, number, outer)[1] :].strip(_TRIM))
                if not width:
                    width = len(cells)
                cells += [""] * (width - len(cells))
                block.children.append(
                    Block(
                        "row", 0, number, "", [Block("cell", 0, number, c) for c in cells[:width]]
                    )
                )
        return table


def _cut(line: str, number: int, outer: tuple[_Container, ...], rest: bool = False):
    """Line ``line`` (the document's line ``number``) inside the containers ``outer``: with
    ``rest``, what is left of it once their markers and indentation are cut off, else (start,
    first non-space) of that rest. Follows markdown-it's blockquote and list rules (bMarks,
    tShift, sCount, bsCount) and sets the indent of a list item that starts on this line."""
    end = len(line)
    pos = count = 0  # pos: first non-space; count: its column (a tab stops at 4)
    while pos < end and line[pos] in " \t":
        count += 4 - count % 4 if line[pos] == "\t" else 1
        pos += 1
    begin = tabs = indent = 0  # bMarks, bsCount, blkIndent
    shift = pos  # tShift
    for box in outer:
        if box.quote:
            at = begin + shift
            if at >= end or line[at] != ">" or (count < indent and number != box.line):
                count = -1  # a lazy continuation line: nothing to cut
                indent = 0
                continue
            at += 1
            initial = offset = count + 1
            adjust = False
            spaced = at < end and line[at] in " \t"
            if spaced and (line[at] == " " or (tabs + offset) % 4 == 3):
                at += 1
                initial += 1
                offset += 1
            elif spaced:
                adjust = True
            begin = at
            while at < end and line[at] in " \t":
                if line[at] == "\t":
                    offset += 4 - (offset + tabs + adjust) % 4
                else:
                    offset += 1
                at += 1
            tabs = count + 1 + spaced
            count = offset - initial
            shift = at - begin
            indent = 0
        elif number == box.line:  # the item's marker line
            at = begin + shift
            if at < end and line[at] in "-+*":
                at += 1
            else:
                while at < end and "0" <= line[at] <= "9":
                    at += 1
                at += 1  # "." or ")"
            initial = offset = count + at - (begin + shift)
            while at < end and line[at] in " \t":
                if line[at] == "\t":
                    offset += 4 - (offset + tabs) % 4
                else:
                    offset += 1
                at += 1
            after = offset - initial if at < end else 1
            box.indent = indent = initial + (after if after <= 4 else 1)
            box.blank = at >= end
            shift = at - begin
            count = offset
        else:
            indent = box.indent
    if not rest:
        return begin, begin + shift
    first = begin
    column = 0
    while first < end and column < indent:
        char = line[first]
        if char == "\t":
            column += 4 - (column + tabs) % 4
        elif char == " " or first - begin < shift:
            column += 1
        else:
            break
        first += 1
    if column > indent:
        return " " * (column - indent) + line[first:]
    return line[first:]


_KEPT_CHARS = 500
# "- text", "   * text", "12. text": spaces, a marker, one space, then neither space nor tab.
# ``_cut`` gives such an item's first line the indent where its text starts, and that text.
_PLAIN_MARKER = re.compile(r" *(?:[-*+]|[0-9]+[.)]) (?![ \t])(?=.)", re.S)


def _in_items(outer: tuple[_Container, ...], number: int) -> bool:
    """Whether the containers around a list item starting on line ``number`` are list items
    that start on other lines (no blockquote): ``_cut`` then reads its first line as if the
    item were at the top level (those items only set an indent that its marker replaces)."""
    for box in outer:  # a loop, not ``all`` over a generator: most lists nest once at most
        if box.quote or box.line == number:
            return False
    return True


def _item_first_line(
    line: str, number: int, outer: tuple[_Container, ...]
) -> tuple[str, int, bool]:
    """The first line (number ``number``) of a list item inside the containers ``outer``:
    (its text after the marker as a one-line paragraph holds it, trimmed; the item's indent;
    whether the marker ends the line)."""
    item = _Container(False, number)
    rest = _cut(line, number, (*outer, item), True)
    return rest.strip(_TRIM), item.indent, item.blank


def _item_line(line: str) -> tuple[str, int, bool]:
    """``_item_first_line`` at the top level (or in items starting on other lines,
    ``_in_items``), where the line alone decides it. Most items are plain (``_PLAIN_MARKER``):
    their text starts where the marker and its one space end, which is also their indent;
    that is worked out here without the cache. The others are kept per line (an editor
    re-reads mostly unchanged items)."""
    plain = _PLAIN_MARKER.match(line)
    if plain is not None:
        at = plain.end()
        return line[at:].strip(_TRIM), at, False
    return _kept_item_line(line)


@lru_cache(maxsize=4096)
def _kept_item_line(line: str) -> tuple[str, int, bool]:
    return _item_first_line(line, 0, ())


def _split(row: str) -> list[str]:
    """A table row's cells (markdown-it's ``escapedSplit``, the outer pipes dropped)."""
    cells = []
    current = ""
    last = 0
    escaped = False
    for pos, char in enumerate(row):
        if char == "|":
            if escaped:
                current += row[last : pos - 1]
                last = pos
            else:
                cells.append(current + row[last:pos])
                current = ""
                last = pos + 1
        escaped = char == "\\"
    cells.append(current + row[last:])
    if cells and cells[0] == "":
        del cells[0]
    if cells and cells[-1] == "":
        del cells[-1]
    return [cell.strip(_TRIM) for cell in cells]


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
        last = len(source) - 1
        number = block.line
        if "\n" not in content:  # most blocks: one line
            at = number if number < last else last
            return cls([content], [(at, _locate(source[at], content))], source, content)
        lines = content.split("\n")
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
        first, last = self.origins[0][0], self.origins[-1][0]
        return self.source[first] if first == last else "\n".join(self.source[first : last + 1])

    def position(self, start: int, end: int) -> Position:
        """Position of content[start:end]; end_column is exclusive (one past the last char)."""
        if len(self.lines) == 1:  # most items: one line, both ends on it
            number, column = self.origins[0]
            length = len(self.lines[0])
            if end < start:
                end = start
            # (line, column, end_line, end_column), positionally: keywords cost a tenth more
            return Position(
                number + 1,
                column + (start if start < length else length) + 1,
                number + 1,
                column + (end if end < length else length) + 1,
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


def _indent(line: str) -> int:
    """The columns of a line's leading spaces and tabs (a tab stops at 4)."""
    column = 0
    for char in line:
        if char == " ":
            column += 1
        elif char == "\t":
            column += 4 - column % 4
        else:
            break
    return column
