"""The one way the coach reads YAML: safe types only, and no aliases.

An alias (``*name``) repeats the node its anchor (``&name``) names without copying it, so 500
bytes of nested aliases describe billions of items ("billion laughs"): harmless while they are
shared, but anything that walks or copies the data (front matter kept as metadata, a report)
runs for minutes and fills the memory. No draft, metrics, actuals, check-ins, eval case or
rubric file needs one, so every reader rejects them with ``AliasNotAllowed``, a
``yaml.YAMLError`` that carries the alias's line, so each reader's existing error handling
(its message and its exit code) applies.

Values are read strictly too (below): a bad date or number is a YAML error with its line.

The check is linear: the document is composed into nodes (an alias is the same node object met
twice), the nodes are walked once, and only then are Python objects built.
"""

from __future__ import annotations

import re
import sys

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.error import MarkedYAMLError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, SequenceNode

from coach.lazyre import lazy

# -- values: a bad date or an over-long integer is a YAMLError with its line, never a crash --
#
# PyYAML's safe constructor raises a bare ``ValueError`` for an impossible date (``2026-02-31``)
# and for an integer over Python's digit limit (4300 digits); here each becomes a
# ``ConstructorError`` with its position, and a lone surrogate escape in a string is one too.

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = lazy(
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


FastSafeLoader = StrictLoader
"""libyaml's safe loader where PyYAML was built with it (the pure-Python one otherwise), strict."""
StrictFastLoader = StrictLoader


class AliasNotAllowed(MarkedYAMLError):
    """A YAML alias (``*name``) or merge (``<<: *name``) in a file the coach reads."""


def compose_yaml(text: str, loader: type | None = None) -> Node | None:
    """The node tree of a one-document YAML text; ``AliasNotAllowed`` if it uses an alias."""
    loader = loader or StrictPyLoader
    reader = loader(text)
    try:
        node = reader.get_single_node()
    finally:
        reader.dispose()
    if node is not None and _shares_a_node(node):
        raise _alias_error(text, loader)
    return node


def load_yaml(text: str, loader: type | None = None) -> object:
    """``yaml.safe_load`` without aliases: ``AliasNotAllowed`` (a ``yaml.YAMLError``) if the
    text uses one; other YAML errors as PyYAML raises them."""
    loader = loader or StrictPyLoader
    node = compose_yaml(text, loader)
    if node is None:
        return None
    reader = loader("")
    try:
        return reader.construct_document(node)
    finally:
        reader.dispose()


def _shares_a_node(root: Node) -> bool:
    """Whether some node is reached twice (what an alias composes to), visiting each once."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
    return False


def _alias_error(text: str, loader: type) -> AliasNotAllowed:
    mark, name = None, ""
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, AliasEvent):
            mark, name = event.start_mark, event.anchor or ""
            break
    return AliasNotAllowed(problem=f"alias *{name} is not allowed", problem_mark=mark)
