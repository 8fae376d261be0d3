"""JSON read so that a bad value is an error with a position (YAML: ``coach.yamlsafe``).

``json.loads`` raises a bare ``ValueError`` for an integer over Python's digit limit (4300
digits) and accepts a lone surrogate (``"\\ud800"``), which no UTF-8 output can hold. Here each
becomes a ``json.JSONDecodeError`` with its position, so every reader's existing handler turns it
into one line naming the file (exit 2).
"""

from __future__ import annotations

import json
import re

from coach.yamlsafe import _SURROGATE, _SURROGATE_ESCAPE, _too_long, max_int_digits


def loads_json(text: str) -> object:
    """``json.loads``; an over-long integer or a lone surrogate raises ``JSONDecodeError``."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        raise
    except ValueError:  # an integer over the digit limit
        limit = max_int_digits()
        found = re.search(rf"-?\d{{{limit + 1},}}", text) if limit else None
        digits = found.group() if found else ""
        raise json.JSONDecodeError(
            _too_long(digits) if found else "a number too long to read",
            text,
            found.start() if found else 0,
        ) from None
    if _has_surrogate(data):
        found = _SURROGATE_ESCAPE.search(text)
        raise json.JSONDecodeError(
            "a lone surrogate escape (not a Unicode character)", text, found.start() if found else 0
        )
    return data


def _has_surrogate(data: object) -> bool:
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False
