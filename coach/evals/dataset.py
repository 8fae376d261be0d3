"""Eval cases from ``evals/cases/*.yaml`` (format: evals/README.md)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from coach.errors import InputError
from coach.model import Draft
from coach.parsing import parse_text
from coach.parsing.frontmatter import yaml_reason
from coach.yamlsafe import load_yaml

NEUTRAL_OBJECTIVE = "Make every customer's experience with us better than it was last quarter"
_EXPECT = re.compile(r"^(OKR\d{3})(?:@(.+))?$")


@dataclass(frozen=True)
class Expectation:
    rule_id: str
    path: str | None  # None: anywhere (drafts) / the item itself (items)


@dataclass(frozen=True)
class RewriteExpectation:
    subject: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    metric: str | None = None
    reference: str | None = None


@dataclass(frozen=True)
class EvalCase:
    id: str
    source: str
    kind: str
    text: str
    file: str
    objective: str | None = None
    quarter: str | None = None
    metrics: tuple[tuple[str, str], ...] = ()
    context: tuple[str, ...] = ()
    fire: tuple[Expectation, ...] = ()
    not_fire: tuple[Expectation, ...] = ()
    rewrite: RewriteExpectation | None = None
    note: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def item_path(self) -> str | None:
        return {"key_result": "objectives[0].key_results[0]", "objective": "objectives[0]"}.get(
            self.kind
        )

    def markdown(self) -> str:
        """The case as a user would write it: the item under its objective, in its quarter.
        Going through the parser means labels ("KR:"), tags and owners are read as in real use."""
        if self.kind == "draft":
            return self.text
        front = f"---\nquarter: {json.dumps(self.quarter)}\n---\n" if self.quarter else ""
        if self.kind == "objective":
            lines = [f"## Objective: {self.text}", *(f"- {t}" for t in self.context)]
        else:
            objective = self.objective or NEUTRAL_OBJECTIVE
            lines = [
                f"## Objective: {objective}",
                f"- {self.text}",
                *(f"- {t}" for t in self.context),
            ]
        return front + "\n".join(lines) + "\n"

    def draft(self) -> Draft:
        draft = parse_text(self.markdown(), f"{self.id}.md", "markdown")
        if self.kind != "draft" and (
            len(draft.objectives) != 1
            or (self.kind == "key_result" and not draft.objectives[0].key_results)
        ):
            raise InputError(self.file, f"case {self.id}: does not read as one {self.kind}")
        return draft


def _expectations(values, where: str) -> tuple[Expectation, ...]:
    out = []
    for value in values or []:
        m = _EXPECT.match(str(value).strip())
        if not m:
            raise InputError(where, f"bad rule expectation {value!r} (want OKR201 or OKR201@path)")
        out.append(Expectation(m.group(1), m.group(2)))
    return tuple(out)


CASE_KINDS = ("draft", "objective", "key_result")


def _case(data: dict, file: str) -> EvalCase:
    if not isinstance(data, dict):
        raise InputError(file, f"a case is not a mapping of id, kind, text…: {data!r:.60}")
    where = f"{file}: case {data.get('id', '?')}"
    if data.get("kind") not in CASE_KINDS:
        kinds = ", ".join(CASE_KINDS)
        raise InputError(where, f"kind must be one of {kinds}, not {data.get('kind')!r}")
    try:
        rules = data.get("rules") or {}
        rewrite = data.get("rewrite")
        metrics = data.get("metrics") or {}
        return EvalCase(
            id=str(data["id"]),
            source=str(data.get("source", "written")),
            kind=data["kind"],
            text=str(data["text"]),
            file=file,
            objective=data.get("objective"),
            quarter=data.get("quarter"),
            metrics=tuple((str(k), str(v)) for k, v in metrics.items()),
            context=tuple(str(c) for c in data.get("context") or ()),
            fire=_expectations(rules.get("fire"), where),
            not_fire=_expectations(rules.get("not_fire"), where),
            rewrite=RewriteExpectation(
                subject=tuple(str(s) for s in rewrite.get("subject") or ()),
                numbers=tuple(str(n) for n in rewrite.get("numbers") or ()),
                metric=rewrite.get("metric"),
                reference=rewrite.get("reference"),
            )
            if rewrite
            else None,
            note=str(data.get("note") or ""),
            tags=tuple(data.get("tags") or ()),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise InputError(where, f"malformed case ({exc})") from exc


def _case_list(path: Path) -> list:
    """The ``cases:`` list of one case file; a file that is not one is an InputError."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read case file: {exc}") from None
    except yaml.YAMLError as exc:
        raise InputError(str(path), "invalid YAML: " + yaml_reason(exc)) from None
    listed = data.get("cases") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(listed, list | None):
        raise InputError(
            str(path), "expected a mapping with a 'cases:' list", hint="evals/README.md"
        )
    return listed or []


def read_yaml_file(path: Path) -> object:
    """A case or thresholds file; bad YAML (aliases included) is an ``InputError`` naming it."""
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InputError(str(path), "invalid YAML: " + yaml_reason(exc)) from None


def load_cases(folder: Path, only: tuple[str, ...] = ()) -> list[EvalCase]:
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise InputError(str(folder), "no eval case files (*.yaml)")
    cases: list[EvalCase] = []
    for path in files:
        cases += [_case(item, path.name) for item in _case_list(path)]
    if not cases:  # nothing measured must not pass the thresholds
        raise InputError(str(folder), "no eval cases in the case files (*.yaml)")
    ids = [c.id for c in cases]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise InputError(str(folder), f"case ids used twice: {', '.join(duplicates)}")
    if only:
        cases = [c for c in cases if c.id in only or any(c.id.startswith(o) for o in only)]
        if not cases:
            wanted = ", ".join(repr(o) for o in only)
            raise InputError("--only", f"no case id is or starts with {wanted}")
    return cases
