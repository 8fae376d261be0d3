"""YAML and JSON loading where a bad value is a syntax-style error with a line, never a crash.

PyYAML's safe constructor raises a bare ``ValueError`` for an impossible date (``2026-02-31``)
and for an integer over Python's digit limit (4300 digits); ``json.loads`` raises one for such
an integer and accepts a lone surrogate (``"\\ud800"``), which no UTF-8 output can hold. Here each
becomes a ``yaml.YAMLError`` / ``json.JSONDecodeError`` with its position, so every reader's
existing handler turns it into one line naming the file (exit 2).
"""

from __future__ import annotations

import json
import re
import sys

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def max_int_digits() -> int:
    """Python's limit on the digits of an int read from text (0 means none)."""
    getter = getattr(sys, "get_int_max_str_digits", None)
    return getter() if getter else 0


def _too_long(text: str) -> str:
    return f"a number with {len(text.strip())} digits (at most {max_int_digits()})"


class _Strict:
    """The safe constructor's scalars, with their ValueErrors turned into ConstructorErrors."""

    def construct_yaml_timestamp(self, node):  # type: ignore[no-untyped-def]
        try:
            return SafeConstructor.construct_yaml_timestamp(self, node)  # type: ignore[arg-type]
        except ValueError as exc:
            raise ConstructorError(
                None, None, f"invalid date {node.value!r}: {exc}", node.start_mark
            ) from None

    def construct_yaml_int(self, node):  # type: ignore[no-untyped-def]
        try:
            return SafeConstructor.construct_yaml_int(self, node)  # type: ignore[arg-type]
        except ValueError:
            raise ConstructorError(None, None, _too_long(node.value), node.start_mark) from None

    def construct_yaml_str(self, node):  # type: ignore[no-untyped-def]
        value = SafeConstructor.construct_yaml_str(self, node)  # type: ignore[arg-type]
        if _SURROGATE.search(value):
            problem = "a lone surrogate escape (not a Unicode character)"
            raise ConstructorError(None, None, problem, node.start_mark)
        return value


def _register(cls: type) -> type:
    for tag, method in (
        ("tag:yaml.org,2002:timestamp", "construct_yaml_timestamp"),
        ("tag:yaml.org,2002:int", "construct_yaml_int"),
        ("tag:yaml.org,2002:str", "construct_yaml_str"),
    ):
        cls.add_constructor(tag, getattr(cls, method))
    return cls


@_register
class StrictConstructor(_Strict, SafeConstructor):
    """For code that builds values from composed nodes itself."""


@_register
class StrictLoader(_Strict, _BaseLoader):  # type: ignore[misc, valid-type]
    """``yaml.load(text, Loader=StrictLoader)``: the safe loader (libyaml when installed)."""


@_register
class StrictPyLoader(_Strict, yaml.SafeLoader):
    """The pure-Python safe loader (its syntax errors read better than libyaml's)."""


def load_yaml(text: str) -> object:
    """``yaml.safe_load``, but bad values raise ``yaml.YAMLError`` with their line."""
    return yaml.load(text, Loader=StrictPyLoader)  # noqa: S506 - a safe loader


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
