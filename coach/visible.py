"""Text that is safe to show: control characters from a draft, a data file or a model reply
never reach a terminal raw.

Every human-readable output (``coach check`` text and GitHub annotations, ``coach rewrite``
text, diff and markdown on stdout, ``coach grade`` text and HTML, ``coach rules explain``, the
eval tables and every ``coach: …`` error line) passes what it shows through ``visible``; the
rich-based renderers build their text with ``coach.render.rich_text.VisibleText``. JSON and SARIF output passes through
``json_safe``, which writes the same characters as JSON escapes. Files written with ``-o`` or
``--in-place`` keep the user's bytes exactly: nothing here is applied to them.

What is escaped (docs/output-formats.md, "Control characters"):

* C0 controls and DEL (ESC, BEL, backspace, a carriage return not followed by a line feed, …)
  except tab and line feed: ``\\x1b``, ``\\x07``, ``\\r``;
* C1 controls U+0080–U+009F: ``\\x9b``;
* format characters (Unicode category Cf) — bidirectional overrides and isolates such as
  U+202E and U+2066–U+2069, zero-width spaces, the BOM — except the zero-width joiner and
  non-joiner that emoji and many scripts need: ``\\u202e``;
* line and paragraph separators U+2028/U+2029 and lone surrogates: ``\\u2028``, ``\\ud800``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_KEEP = frozenset("\t\n\u200c\u200d")
_NAMED = {"\r": "\\r", "\x1b": "\\x1b"}


@lru_cache(maxsize=4096)
def is_unsafe(char: str) -> bool:
    """True for a character that must not reach a terminal (or a page) raw."""
    if char in _KEEP:
        return False
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return True
    return unicodedata.category(char) in ("Cf", "Zl", "Zp", "Cs")


# Every character is_unsafe may say yes to, for a quick first search: C0 (but tab and LF),
# a CR not ending a CRLF line break, DEL and C1, the BMP's format characters (Unicode 15),
# U+2028/U+2029, surrogates, and everything outside the BMP (tag characters and a few other
# format characters live there; is_unsafe lets the rest — emoji — through).
_CANDIDATES = re.compile(
    "\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd"
    "\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff"
    "\ufff9-\ufffb\ud800-\udfff\U00010000-\U0010ffff]"
)


_ASCII_CANDIDATES = tuple(chr(code) for code in (*range(0x20), 0x7F) if chr(code) not in _KEEP)
"""The characters of ``_CANDIDATES`` that are ASCII: a text of ASCII only (``str.isascii``,
immediate) that holds none of them (one fast substring search each) has nothing to escape."""
_LONG = 4096
"""From this length a text is searched character by character (``_ASCII_CANDIDATES``) before
the regular expression runs: on a large ASCII document (a batch report's JSON) that is many
times faster; on a short text the one regex search is quicker."""


def _may_be_unsafe(text: str) -> bool:
    """Whether ``text`` may hold an unsafe character (``_CANDIDATES.search``)."""
    if len(text) >= _LONG and text.isascii():
        return any(char in text for char in _ASCII_CANDIDATES) and bool(_CANDIDATES.search(text))
    return bool(_CANDIDATES.search(text))


def escape_char(char: str) -> str:
    """One unsafe character as a visible escape: ``\\x1b``, ``\\u202e``, ``\\U000e0001``."""
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: str) -> str:
    """``text`` with every unsafe character shown as an escape; safe text is returned as is.

    Idempotent: an escape is plain ASCII, so escaping twice changes nothing more.
    """
    return _CANDIDATES.sub(_visible_match, text) if _may_be_unsafe(text) else text


def visible_name(name: str) -> str:
    """A file name as one safe line: :func:`visible`, and a line feed or tab in the name shown as
    ``\\n`` / ``\\t`` too, so a hostile name cannot start a line of its own in line-based output
    (``path:line:col: …``) or split a one-line error."""
    return visible(name).replace("\n", "\\n").replace("\t", "\\t")


def _visible_match(match: re.Match[str]) -> str:
    char = match.group()
    return escape_char(char) if is_unsafe(char) else char


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_safe(document: str) -> str:
    """A JSON document (from ``json.dumps(..., ensure_ascii=False)``) with every unsafe
    character written as a JSON ``\\uXXXX`` escape: the same data, nothing raw on a terminal.

    json.dumps already escapes C0 controls; this adds DEL, C1 controls, format characters and
    lone surrogates (which could not even be encoded as UTF-8). Outside strings a JSON document
    is ASCII, so only string contents change.
    """
    return _CANDIDATES.sub(_json_match, document) if _may_be_unsafe(document) else document


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))


def json_safe_bytes(document: bytes) -> bytes:
    """:func:`json_safe` for a UTF-8 JSON document: the same bytes as
    ``json_safe(document.decode()).encode()``, found quickly when there is nothing to escape.

    Every unsafe character is a control or outside printable ASCII, so deleting printable ASCII
    (``bytes.translate``, one pass in C) leaves a few bytes to search: a UTF-8 sequence is all
    bytes over 0x7F and stays whole. A carriage return (unsafe only when no line feed follows,
    which the deletion would hide) sends the document down the full path too."""
    rest = document.translate(None, _PRINTABLE_ASCII)
    if not rest or (b"\r" not in rest and not _CANDIDATES.search(rest.decode("utf-8"))):
        return document
    return json_safe(document.decode("utf-8")).encode("utf-8")


def _json_match(match: re.Match[str]) -> str:
    char = match.group()
    return _json_escape(char) if is_unsafe(char) else char


def find_unsafe(text: str) -> str | None:
    """The first unsafe character in ``text``, or None."""
    for match in _CANDIDATES.finditer(text):
        if is_unsafe(match.group()):
            return match.group()
    return None
