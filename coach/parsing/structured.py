"""YAML and JSON drafts, read through PyYAML's node graph so every item keeps its line/column.

JSON is checked with the json module first (for JSON-style error messages); YAML 1.1 reads
almost all JSON, and the rare document it cannot (e.g. escaped surrogate pairs) is built from
json's data without positions.
"""

from __future__ import annotations

import json

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.representer import SafeRepresenter

from coach.errors import InputError, NotOkrError
from coach.model import Draft, KeyResult, Note, Objective, Position
from coach.parsing import measures
from coach.parsing.frontmatter import build_meta, yaml_reason
from coach.parsing.labels import ambition_of, clean, match_label
from coach.parsing.strict import loads_json
from coach.yamlsafe import StrictConstructor, StrictFastLoader, compose_yaml

NO_OKRS_HINT = "list objectives under an 'objectives:' key; see docs/draft-format.md"
_OBJECTIVE_TEXT = ("objective", "title", "text", "name")
_KR_TEXT = ("text", "key_result", "kr", "title", "result")
_KR_LIST = ("key_results", "krs", "keyresults", "results")


def parse_structured(text: str, source: str, fmt: str) -> Draft:
    root = _compose(text, source, fmt)
    return _Builder(source, text.split("\n")).draft(root)


def _compose(text: str, source: str, fmt: str) -> Node | None:
    data = None
    try:
        if fmt == "json":
            data = loads_json(text)
        return compose_yaml(text, StrictFastLoader)
    except json.JSONDecodeError as exc:
        raise InputError(source, f"invalid JSON: {exc.msg} at line {exc.lineno}") from None
    except yaml.YAMLError as exc:
        if fmt == "json":  # valid JSON that YAML 1.1 cannot read: no positions, same model
            return SafeRepresenter(sort_keys=False).represent_data(data)
        last_line = text.count("\n") + 1
        raise InputError(source, "invalid YAML: " + yaml_reason(exc, 1, last_line)) from None
    except RecursionError:
        raise InputError(source, f"invalid {fmt.upper()}: nested too deeply") from None


def _key(node: Node) -> str:
    value = node.value if isinstance(node, ScalarNode) else ""
    return str(value).strip().lower().replace(" ", "_").replace("-", "_")


def _line(node: Node) -> str:
    mark = node.start_mark
    return f" (line {mark.line + 1})" if mark is not None else ""


def _last_line(node: Node) -> int:
    """The last line holding part of a node. A block collection's end mark is where the next
    item starts, so look at its last child instead."""
    if isinstance(node, ScalarNode) or getattr(node, "flow_style", False) or not node.value:
        end = node.end_mark
        multiline = end.line > node.start_mark.line and end.column == 0
        return end.line - 1 if multiline else end.line
    last = node.value[-1]
    return _last_line(last[1] if isinstance(node, MappingNode) else last)


class _Builder:
    def __init__(self, source: str, lines: list[str]):
        self.source = source
        self.lines = lines
        self.constructor = StrictConstructor()

    def fail(self, problem: str, node: Node) -> InputError:
        return InputError(self.source, problem + _line(node))

    def value(self, node: Node) -> object:
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, TypeError, ValueError) as exc:
            raise self.fail(f"unreadable value: {exc}".split("\n")[0], node) from None

    def draft(self, root: Node | None) -> Draft:
        """The draft in a document. A document that is no OKR draft at all — empty, a lone
        value, a mapping without ``objectives`` (``mkdocs.yml``, ``package.json``), a list
        nothing in which reads as an objective — is a :class:`NotOkrError`: in a folder it is
        skipped like a README. One that tries to be a draft and fails is an InputError."""
        if isinstance(root, SequenceNode):
            if root.value and not any(self.text_node(n, _OBJECTIVE_TEXT)[0] for n in root.value):
                raise NotOkrError(self.source, "no OKRs found", hint=NO_OKRS_HINT)
            fields = {"objectives": root}
        elif isinstance(root, MappingNode):
            fields = {_key(k): v for k, v in root.value}
        elif root is None:
            raise NotOkrError(self.source, "no OKRs found", hint=NO_OKRS_HINT)
        else:
            problem = "expected a mapping with an 'objectives' list" + _line(root)
            raise NotOkrError(self.source, problem)
        listed = fields.pop("objectives", None)
        if listed is None:
            raise NotOkrError(self.source, "no OKRs found", hint=NO_OKRS_HINT)
        if not isinstance(listed, SequenceNode):
            raise self.fail("objectives must be a list", listed)
        objectives = [self.objective(node, i) for i, node in enumerate(listed.value, 1)]
        if not objectives:
            raise NotOkrError(self.source, "no OKRs found", hint=NO_OKRS_HINT)
        notes = self.notes(fields.pop("notes", None))
        data = {k: self.value(v) for k, v in fields.items()}
        meta = build_meta(data, {}, self.source)
        return Draft(source=self.source, meta=meta, objectives=objectives, notes=notes)

    def fields(self, node: MappingNode) -> dict[str, Node]:
        return {_key(k): v for k, v in node.value}

    def pick(self, fields: dict[str, Node], names: tuple[str, ...]) -> Node | None:
        return next((fields[n] for n in names if n in fields), None)

    def text_node(self, node: Node, names: tuple[str, ...]) -> tuple[Node | None, str | None]:
        """The node holding an item's text, and a label written as its key: "- KR1: Increase …"
        in YAML is a mapping {"KR1": "Increase …"}, a slip that is easy to make."""
        if isinstance(node, ScalarNode):
            return node, None
        if not isinstance(node, MappingNode):
            return None, None
        fields = self.fields(node)
        found = self.pick(fields, names)
        if found is not None:
            return found, None
        for key, value in node.value:
            label = match_label(f"{key.value}:") if isinstance(key, ScalarNode) else None
            if label is not None and label.kind in ("objective", "kr"):
                return value, label.label
        return None, None

    def text(self, node: Node | None) -> str:
        if not isinstance(node, ScalarNode):
            return ""
        value = self.value(node)
        return "" if value is None else str(value)

    def objective(self, node: Node, i: int) -> Objective:
        fields = self.fields(node) if isinstance(node, MappingNode) else {}
        text_node, key_label = self.text_node(node, _OBJECTIVE_TEXT)
        text = self.text(text_node)
        if not text.strip():
            raise self.fail(f"objective {i} has no text", node)
        label, cleaned, position = self.cleaned(text, text_node)
        label = key_label or label
        krs_node = self.pick(fields, _KR_LIST)
        if krs_node is not None and not isinstance(krs_node, SequenceNode):
            raise self.fail(f"key_results of objective {i} must be a list", krs_node)
        listed = krs_node.value if krs_node is not None else []
        krs = [self.key_result(kr, i, j) for j, kr in enumerate(listed, 1)]
        return Objective(
            text=cleaned.text,
            raw=self.raw(text_node),
            position=position,
            label=self.text(fields.get("label")) or label,
            owner=self.owner(fields.get("owner")) or cleaned.owner,
            key_results=krs,
        )

    def key_result(self, node: Node, i: int, j: int) -> KeyResult:
        fields = self.fields(node) if isinstance(node, MappingNode) else {}
        text_node, key_label = self.text_node(node, _KR_TEXT)
        text = self.text(text_node)
        if not text.strip():
            raise self.fail(f"key result {j} of objective {i} has no text", node)
        label, cleaned, position = self.cleaned(text, text_node)
        label = key_label or label
        ambition = cleaned.ambition
        kind = self.pick(fields, ("type", "ambition"))
        if kind is not None:
            ambition = ambition_of(self.text(kind))
            if ambition is None:
                problem = f"key result {j} of objective {i}: type must be stretch or committed"
                raise self.fail(problem, kind)
        return KeyResult(
            text=cleaned.text,
            raw=self.raw(node),
            position=position,
            label=self.text(fields.get("label")) or label,
            ambition=ambition,
            owner=self.owner(fields.get("owner")) or cleaned.owner,
            measures=self.measures(fields),
        )

    def measures(self, fields: dict[str, Node]) -> str:
        """A key result's ``baseline``, ``target`` and ``due`` (or ``deadline``) as the words
        the analysis reads after its text, as for a table row (``coach.parsing.measures``)."""
        stated: dict[str, str] = {}
        for key, node in fields.items():
            word = measures.word_for(key.replace("_", " "))
            if word is not None and word not in stated and isinstance(node, ScalarNode):
                stated[word] = self.text(node)
        return measures.compose(stated) if stated else ""

    def cleaned(self, text: str, node: Node):
        """Label, tags and owner taken out of an item's text, and where the rest sits."""
        label = match_label(text)
        cleaned = clean(text, label.end if label and label.kind != "krs" else 0)
        return (label.label if label else None), cleaned, self.position(node, cleaned)

    def position(self, node: Node, cleaned) -> Position:
        start, end = node.start_mark, node.end_mark
        if start is None:
            return Position()
        quoted = node.style in ("'", '"')
        if end.line == start.line and node.style in (None, "", "'", '"'):
            column = start.column + quoted + 1
            line = start.line + 1
            return Position(
                line=line, column=column + cleaned.start, end_line=line,
                end_column=column + cleaned.end,
            )  # fmt: skip
        last = _last_line(node)
        end_column = end.column if last == end.line else len(self.lines[last])
        return Position(
            line=start.line + 1, column=start.column + 1,
            end_line=last + 1, end_column=end_column + 1,
        )  # fmt: skip

    def raw(self, node: Node | None) -> str:
        if node is None or node.start_mark is None:
            return ""
        return "\n".join(self.lines[node.start_mark.line : _last_line(node) + 1])

    def owner(self, node: Node | None) -> str | None:
        value = self.text(node).strip().lstrip("@")
        return value or None

    def notes(self, node: Node | None) -> list[Note]:
        if node is None:
            return []
        items = node.value if isinstance(node, SequenceNode) else [node]
        notes = []
        for item in items:
            text = " ".join(self.text(item).split())
            if text:
                start = item.start_mark
                position = Position(line=start.line + 1, column=start.column + 1) if start else None
                notes.append(Note(text=text, position=position or Position()))
        return notes
