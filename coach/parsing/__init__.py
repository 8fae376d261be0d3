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
from coach.parsing.structured import parse_structured

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
    if not text.strip():
        raise InputError(source, "empty file")
    if fmt is None:
        fmt = guess_format(source, text)
    elif fmt not in FORMATS:
        raise InputError(source, f"unknown format {fmt!r}", hint="use markdown, yaml or json")
    if fmt == "markdown":
        return parse_markdown(text.replace("\0", "\ufffd"), source)
    return parse_structured(text, source, fmt)


def load_draft(path: str | Path, max_bytes: int = 1_000_000) -> Draft:
    """Read, validate and parse a draft file; "-" reads stdin. Draft.source is the path as given."""
    source, text = read_source(path, max_bytes)
    return parse_text(text, source)
