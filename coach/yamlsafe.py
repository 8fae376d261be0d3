"""The one way the coach reads YAML: safe types only, and no aliases.

An alias (``*name``) repeats the node its anchor (``&name``) names without copying it, so 500
bytes of nested aliases describe billions of items ("billion laughs"): harmless while they are
shared, but anything that walks or copies the data (front matter kept as metadata, a report)
runs for minutes and fills the memory. No draft, metrics, actuals, check-ins, eval case or
rubric file needs one, so every reader rejects them with ``AliasNotAllowed``, a
``yaml.YAMLError`` that carries the alias's line, so each reader's existing error handling
(its message and its exit code) applies.

The check is linear: the document is composed into nodes (an alias is the same node object met
twice), the nodes are walked once, and only then are Python objects built.
"""

from __future__ import annotations

import yaml
from yaml.error import MarkedYAMLError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, SequenceNode

FastSafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML was built with it; the pure-Python one otherwise."""


class AliasNotAllowed(MarkedYAMLError):
    """A YAML alias (``*name``) or merge (``<<: *name``) in a file the coach reads."""


def compose_yaml(text: str, loader: type = yaml.SafeLoader) -> Node | None:
    """The node tree of a one-document YAML text; ``AliasNotAllowed`` if it uses an alias."""
    reader = loader(text)
    try:
        node = reader.get_single_node()
    finally:
        reader.dispose()
    if node is not None and _shares_a_node(node):
        raise _alias_error(text, loader)
    return node


def load_yaml(text: str, loader: type = yaml.SafeLoader) -> object:
    """``yaml.safe_load`` without aliases: ``AliasNotAllowed`` (a ``yaml.YAMLError``) if the
    text uses one; other YAML errors as PyYAML raises them."""
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
