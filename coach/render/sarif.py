"""SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers.

One run for the whole invocation. ``tool.driver.rules`` lists the rules that produced a result,
sorted by id; each result points at its rule by ``ruleId`` and ``ruleIndex``. Files that could
not be read become ``toolExecutionNotifications`` of the run's one invocation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from coach.findings import Finding
from coach.render import (
    DEFAULT_OPTIONS,
    FileError,
    RenderOptions,
    artifact_path,
    rule_attr,
    rule_level,
    rule_text,
    rule_title,
)
from coach.render.json_output import TOOL_NAME, dumps
from coach.report import CheckReport

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/okr-coach/"
SARIF_LEVELS = {"error": "error", "warning": "warning", "suggestion": "note"}


def render_sarif(
    reports: Sequence[CheckReport],
    errors: Sequence[FileError] = (),
    options: RenderOptions = DEFAULT_OPTIONS,
) -> str:
    located = [(report.draft.source, f) for report in reports for f in report.findings]
    rule_ids = sorted({f.rule_id for _, f in located})
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    examples = {f.rule_id: f for _, f in located}
    driver = {
        "name": TOOL_NAME,
        "version": options.tool_version(),
        "informationUri": INFORMATION_URI,
        "rules": [_descriptor(examples[r], options.rules) for r in rule_ids],
    }
    run = {
        "tool": {"driver": driver},
        "invocations": [
            {
                "executionSuccessful": not errors,
                "toolExecutionNotifications": [_notification(e) for e in errors],
            }
        ],
        "columnKind": "unicodeCodePoints",
        "results": [_result(source, f, index[f.rule_id]) for source, f in located],
    }
    return dumps({"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]})


def artifact_uri(source: str) -> str:
    """A relative URI reference with forward slashes (spaces and such percent-encoded)."""
    return quote(artifact_path(source), safe="/")


def _descriptor(finding: Finding, rules: Mapping[str, Any]) -> dict:
    """The rule's reportingDescriptor, from the rubric; the finding fills in what is missing."""
    rule = rules.get(finding.rule_id)
    if rule is None:
        rule = {
            "name": finding.rule_name,
            "level": finding.level.value,
            "fix": finding.fix,
            "guide_rule": finding.guide_rule,
        }
    name = rule_attr(rule, "name") or finding.rule_name
    descriptor: dict[str, Any] = {
        "id": finding.rule_id,
        "name": name,
        "shortDescription": {"text": rule_title(name)},  # messages are templates: "{count} …"
    }
    if rule_text(rule, "why"):
        descriptor["fullDescription"] = {"text": rule_text(rule, "why")}
    if rule_text(rule, "fix"):
        descriptor["help"] = {"text": rule_text(rule, "fix")}
    link = str(rule_attr(rule, "link") or "")
    if link.startswith(("https://", "http://")):  # SARIF needs an absolute URI here
        descriptor["helpUri"] = link
    descriptor["defaultConfiguration"] = {"level": SARIF_LEVELS.get(rule_level(rule), "warning")}
    descriptor["properties"] = {"guide_rule": rule_attr(rule, "guide_rule")}
    return descriptor


def _region(finding: Finding) -> dict:
    region = {"startLine": max(finding.line, 1), "startColumn": max(finding.column, 1)}
    if finding.end_line is not None:
        region["endLine"] = finding.end_line
    if finding.end_column is not None:
        region["endColumn"] = finding.end_column
    return region


def _result(source: str, finding: Finding, rule_index: int) -> dict:
    return {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": SARIF_LEVELS[finding.level.value],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(source)},
                    "region": _region(finding),
                }
            }
        ],
        "properties": {"path": finding.path, "fix": finding.fix},
    }


def _notification(error: FileError) -> dict:
    return {
        "level": "error",
        "message": {"text": error.message},
        "locations": [
            {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(error.source)}}}
        ],
    }
