"""The JSON output of ``coach check --format json`` (and ``coach rules --format json``).

The shape is documented field by field in docs/output-formats.md and versioned by
``SCHEMA_VERSION``: fields may be added within a version, never renamed or removed.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import Any

from coach import jsonbytes
from coach.model import Draft, KeyResult, Objective, to_json
from coach.render import (
    DEFAULT_OPTIONS,
    FileError,
    RenderOptions,
    level_counts,
    rule_applies_to,
    rule_attr,
    rule_examples,
    rule_level,
    rule_text,
)
from coach.report import CheckReport

SCHEMA_VERSION = "1"
TOOL_NAME = "okr-coach"


def dumps(data: Any) -> str:
    """The one JSON encoding every coach output uses: indent 2, UTF-8 as is, newline at end.

    The bytes are the standard library's (``coach.jsonbytes``); pydantic-core writes them where
    it is loaded already (a batch, whose rewrite layer loads it: a 10,000-draft report in 0.14 s
    instead of 1.0 s), while a lone check does not load it (tens of milliseconds of start-up)
    for one small document."""
    return dump_bytes(data).decode("utf-8")


def dump_bytes(data: Any, large: bool = False) -> bytes:
    """:func:`dumps` as the UTF-8 bytes a file is written with: a large document (a batch
    report of 35 MB) is neither decoded nor encoded again on its way to the file. ``large``:
    through pydantic-core even when nothing has imported it yet (``jsonbytes.dumps``; a 35 MB
    report takes about 0.15 s there against 1.5 s in the standard library's encoder)."""
    fast = large or "pydantic_core" in sys.modules
    document = jsonbytes.dumps(data, 2) if fast else jsonbytes.standard(data, 2)
    return document + b"\n"


def render_json(
    reports: Sequence[CheckReport],
    errors: Sequence[FileError] = (),
    options: RenderOptions = DEFAULT_OPTIONS,
) -> str:
    return dumps(
        {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": TOOL_NAME, "version": options.tool_version()},
            "files": [file_json(report) for report in reports],
            "errors": [error.to_json() for error in errors],
        }
    )


def file_json(report: CheckReport) -> dict:
    draft = report.draft
    return {
        "source": draft.source,
        "meta": to_json(draft.meta),
        "findings": [finding.to_json() for finding in report.findings],
        "counts": level_counts(report),
        "scorecard": report.scorecard.to_json(),
        "draft": draft_json(draft),
    }


def draft_json(draft: Draft) -> dict:
    return {"objectives": [_objective_json(o) for o in draft.objectives]}


def _objective_json(objective: Objective) -> dict:
    return {
        "text": objective.text,
        "position": to_json(objective.position),
        "label": objective.label,
        "owner": objective.owner,
        "key_results": [_key_result_json(kr) for kr in objective.key_results],
    }


def _key_result_json(kr: KeyResult) -> dict:
    found = {
        "text": kr.text,
        "position": to_json(kr.position),
        "label": kr.label,
        "ambition": None if kr.ambition is None else kr.ambition.value,
        "owner": kr.owner,
        "analysis": None if kr.analysis is None else to_json(kr.analysis),
    }
    if kr.measures:  # a table row's baseline, target and due cells, read after the text
        found["measures"] = kr.measures
    return found


def rule_json(rule: Any) -> dict:
    return {
        "id": rule_attr(rule, "id"),
        "name": rule_attr(rule, "name"),
        "level": rule_level(rule),
        "applies_to": rule_applies_to(rule),
        "guide_rule": rule_attr(rule, "guide_rule"),
        "message": rule_text(rule, "message"),
        "why": rule_text(rule, "why"),
        "fix": rule_text(rule, "fix"),
        "examples": {kind: rule_examples(rule, kind) for kind in ("weak", "strong")},
        "link": rule_attr(rule, "link"),
    }


def render_rules_json(rules: Iterable[Any], options: RenderOptions = DEFAULT_OPTIONS) -> str:
    return dumps(
        {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": TOOL_NAME, "version": options.tool_version()},
            "rules": [rule_json(rule) for rule in rules],
        }
    )
