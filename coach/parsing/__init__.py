"""Reading drafts: Markdown (with YAML front matter), YAML and JSON, into ``coach.model.Draft``.

``parse_text`` turns text into a Draft; ``load_draft`` reads and validates a file (or stdin)
first. Markdown styles, tags, owners and the YAML/JSON shape are described in
docs/draft-format.md. Every failure is an ``InputError`` with a one-line message.
"""

from __future__ import annotations

import re
from pathlib import Path

from coach.errors import InputError
from coach.model import Draft
from coach.parsing.markdown import parse_markdown
from coach.parsing.reading import read_source

__all__ = ["FORMATS", "guess_format", "load_draft", "parse_text"]

FORMATS = ("markdown", "yaml", "json")
_SUFFIXES = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "markdown",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
}
_YAML_OBJECTIVES = re.compile(r"^objectives[ \t]*:[ \t]*(?:#.*)?$", re.M)


def guess_format(source: str, text: str) -> str:
    """The format by file suffix; otherwise JSON for text starting with "{", YAML for text with
    a top-level "objectives:" key, else Markdown."""
    suffix = Path(source).suffix.lower() if source and not source.startswith("<") else ""
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    head = text.lstrip()
    if head.startswith("{"):
        return "json"
    if _YAML_OBJECTIVES.search(text):
        return "yaml"
    return "markdown"


def parse_text(text: str, source: str = "<string>", fmt: str | None = None) -> Draft:
    """Parse a draft held in memory. ``fmt`` is "markdown", "yaml", "json" or None (guess)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text or text.isspace():  # ``not text.strip()``, without copying the text
        raise InputError(source, "empty file")
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        raise InputError(
            source,
            f"{lines} lines; at most {MAX_LINES} are read from one draft",
            hint="split the draft by team",
        )
    if fmt is None:
        fmt = guess_format(source, text)
    elif fmt not in FORMATS:
        raise InputError(source, f"unknown format {fmt!r}", hint="use markdown, yaml or json")
    if fmt == "markdown":
        if ">" in text:
            _within_quote_limit(text, source)
        draft = parse_markdown(text.replace("\0", "\ufffd") if "\0" in text else text, source)
    else:  # loaded here: a Markdown draft never needs the YAML reader
        from coach.parsing.structured import parse_structured

        draft = parse_structured(text, source, fmt)
    return _within_limits(draft)


MAX_LINES = 20_000
"""Lines read from one draft: the reader's work grows with them (a real draft has hundreds)."""
MAX_ITEMS = 5_000
"""Objectives and key results read from one draft; more is not an OKR draft (an input error)."""
MAX_ITEM_CHARS = 2_000
"""Characters of one objective's or key result's text that the rules and the rewriter read."""
MAX_QUOTES = 200
"""Blockquotes (runs of lines starting with ">") read from one Markdown draft. markdown-it's
blockquote rule looks from each blockquote to the end of the document for lines that continue
it, so their number times the lines is the parse's work: "> # h\\nlazy\\n" repeated up to the
line limit took 24 s to read. A real draft quotes a few passages."""
_QUOTE_END = re.compile(r"^[ \t]*>[^\n]*$(?!\n[ \t]*>)", re.M)


def _within_quote_limit(text: str, source: str) -> None:
    quotes = len(_QUOTE_END.findall(text))
    if quotes > MAX_QUOTES:
        raise InputError(
            source,
            f"{quotes} blockquotes; at most {MAX_QUOTES} are read from one draft",
            hint="remove the '>' quote markers",
        )


def _within_limits(draft: Draft) -> Draft:
    """Bound the work any draft under the size limit can cause: a draft of more than
    ``MAX_ITEMS`` items is refused; an item longer than ``MAX_ITEM_CHARS`` is read up to there
    (cut at a word), so every analysis of it costs at most that much."""
    count = sum(1 + len(o.key_results) for o in draft.objectives)
    if count > MAX_ITEMS:
        raise InputError(
            draft.source,
            f"{count} objectives and key results; at most {MAX_ITEMS} are read from one draft",
            hint="split the draft by team",
        )
    for objective in draft.objectives:
        for item in (objective, *objective.key_results):
            if len(item.text) > MAX_ITEM_CHARS:
                cut = item.text.rfind(" ", 0, MAX_ITEM_CHARS)
                item.text = item.text[: cut if cut > MAX_ITEM_CHARS // 2 else MAX_ITEM_CHARS]
    return draft


def load_draft(path: str | Path, max_bytes: int = 1_000_000) -> Draft:
    """Read, validate and parse a draft file; "-" reads stdin. Draft.source is the path as given."""
    source, text = read_source(path, max_bytes)
    return parse_text(text, source)
