"""The API's answers as compact UTF-8 JSON bytes, written by pydantic-core's encoder (compiled,
installed with FastAPI) wherever it writes exactly what the standard library writes.

The standard library's encoder took about a tenth of a check answer's CPU (about 0.25 ms of
``json.dumps`` and ``json_safe`` for a 3 × 3 draft's 13.6 KB answer); pydantic-core writes the
same bytes in about a third of that. Where the two may differ, the answer is written by the
standard library, so the bytes sent never depend on which encoder wrote them:

* floats under 1e-4 (``1e-05`` against ``0.00001`` or ``1e-5``), found in the document as
  ``0.0000`` or a one-digit negative exponent;
* non-finite floats, which the standard library refuses (``allow_nan=False``, a 500) and
  pydantic-core writes as ``Infinity`` / ``NaN``;
* a ``None`` dict key (``"null"`` against ``"None"``);
* lone surrogates, which pydantic-core refuses (``json_safe`` writes them as escapes).

A text that merely contains ``0.0000``, ``NaN`` or ``e-5`` takes the standard library's path too:
slower, never different. If the installed pydantic-core writes any of a set of sample values
otherwise (another version), every answer takes the standard library's path.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pydantic_core

from coach.visible import json_safe, json_safe_bytes

_MAY_DIFFER = (b"0.0000", b"Infinity", b"NaN", b'None":')
"""Substrings of a pydantic-core document that may be written otherwise by the standard library
(one substring search each is quicker than one regular expression for them all)."""
_SHORT_NEGATIVE_EXPONENT = re.compile(rb"e-[1-9](?![0-9])(?<=[0-9]e-[1-9])")
_SAMPLE = {
    "text": 'a "quote" \\ / \x00\x1f\x7f\t\n\r\b\f é “→” 👩\u200d💻 \u2028',
    "numbers": [0, -1, 10**30, 0.1, -0.0, 100.0, 1e16, 1.5e300, 1e-4, 1e-10, 5e-324, 123456.789],
    "literals": [True, False, None],
    "keys": {1: 1, 1.5: 2, False: 3},
    "nested": [{"a": []}, {}, ("tuple",)],
}


def standard(content: Any) -> bytes:
    """The reference encoding: ``json.dumps`` (compact, UTF-8 as is, no NaN), then
    ``json_safe``."""
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return json_safe(text).encode("utf-8")


def compiled(content: Any) -> bytes | None:
    """pydantic-core's encoding of ``content``, or None where it may differ from
    :func:`standard`'s."""
    try:
        document = pydantic_core.to_json(content)
    except pydantic_core.PydanticSerializationError:  # a lone surrogate, an unknown type
        return None
    if any(part in document for part in _MAY_DIFFER) or _SHORT_NEGATIVE_EXPONENT.search(document):
        return None
    return json_safe_bytes(document)


AGREES = compiled(_SAMPLE) == standard(_SAMPLE)
"""Whether the installed pydantic-core writes the samples as the standard library does."""


def dumps(content: Any) -> bytes:
    """``content`` as :func:`standard` writes it, quickly when it can."""
    document = compiled(content) if AGREES else None
    return standard(content) if document is None else document
