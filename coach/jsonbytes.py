"""JSON documents as UTF-8 bytes, written by pydantic-core's encoder (compiled, a dependency of
pydantic) wherever it writes exactly what the standard library writes: the API's compact answers
(``indent=None``) and the indented outputs of the CLI (``coach.render.json_output.dumps``).

The standard library's encoder took about a tenth of a check answer's CPU (about 0.25 ms of
``json.dumps`` and ``json_safe`` for a 3 × 3 draft's 13.6 KB answer); pydantic-core writes the
same bytes in about a third of that. Indented, the standard library's encoder is pure Python:
a 10,000-draft batch report (35 MB) took 1.0 s, pydantic-core 0.14 s. Where the two may differ,
the document is written by the standard library, so the bytes never depend on which encoder
wrote them:

* floats under 1e-4 (``1e-05`` against ``0.00001`` or ``1e-5``), found in the document as
  ``0.0000`` or a one-digit negative exponent;
* non-finite floats, which the standard library refuses (``allow_nan=False``, a 500) and
  pydantic-core writes as ``Infinity`` / ``NaN``;
* a ``None`` dict key (``"null"`` against ``"None"``);
* lone surrogates, which pydantic-core refuses (``json_safe`` writes them as escapes).

A text that merely contains ``0.0000``, ``NaN`` or ``e-5`` takes the standard library's path too:
slower, never different. If the installed pydantic-core writes any of a set of sample values
otherwise (another version), every document takes the standard library's path.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from coach.visible import json_safe, json_safe_bytes

_MAY_DIFFER = ((b"N", (b"NaN", b'None":')), (b"I", b"Infinity"))
"""Words of a pydantic-core document that the standard library may write otherwise, by their
first byte: each is looked for only where that byte is. ``bytes.find`` of one byte is
``memchr``, and a 3 × 3 check's answer (13.7 KB) holds about 5 "N" and 16 "I": 4 µs in all,
where the four word searches took 28 µs."""
_SHORT_NEGATIVE_EXPONENT = re.compile(rb"e-[1-9](?![0-9])(?<=[0-9]e-[1-9])")
_SAMPLE = {
    "text": 'a "quote" \\ / \x00\x1f\x7f\t\n\r\b\f é “→” 👩\u200d💻 \u2028',
    "numbers": [0, -1, 10**30, 0.1, -0.0, 100.0, 1e16, 1.5e300, 1e-4, 1e-10, 5e-324, 123456.789],
    "literals": [True, False, None],
    "keys": {1: 1, 1.5: 2, False: 3},
    "nested": [{"a": []}, {}, ("tuple",)],
}


def standard(content: Any, indent: int | None = None) -> bytes:
    """The reference encoding: ``json.dumps`` (UTF-8 as is), then ``json_safe``. Compact with no
    NaN (``allow_nan=False``: the API's answers), or indented as the CLI writes its outputs."""
    if indent is None:
        text = json.dumps(content, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    else:
        text = json.dumps(content, ensure_ascii=False, indent=indent)
    return json_safe(text).encode("utf-8")


def compiled(content: Any, indent: int | None = None) -> bytes | None:
    """pydantic-core's encoding of ``content``, or None where it may differ from
    :func:`standard`'s. Imports pydantic-core (tens of milliseconds when nothing has yet)."""
    import pydantic_core

    try:
        document = pydantic_core.to_json(content, indent=indent)
    except pydantic_core.PydanticSerializationError:  # a lone surrogate, an unknown type
        return None
    if (
        any(_starts_at(document, first, words) for first, words in _MAY_DIFFER)
        or b"0.0000" in document
        or _SHORT_NEGATIVE_EXPONENT.search(document)
    ):
        return None
    return json_safe_bytes(document)


def _starts_at(document: bytes, first: bytes, words: bytes | tuple[bytes, ...]) -> bool:
    """Whether one of ``words`` (each beginning with the byte ``first``) is in ``document``."""
    at = document.find(first)
    while at >= 0:
        if document.startswith(words, at):
            return True
        at = document.find(first, at + 1)
    return False


@cache
def agrees(indent: int | None = None) -> bool:
    """Whether the installed pydantic-core writes the samples as the standard library does."""
    return compiled(_SAMPLE, indent) == standard(_SAMPLE, indent)


def dumps(content: Any, indent: int | None = None) -> bytes:
    """``content`` as :func:`standard` writes it, quickly when it can."""
    document = compiled(content, indent) if agrees(indent) else None
    return standard(content, indent) if document is None else document
