"""The batch report as JSON: one versioned shape (docs/batch.md), through the one encoder.

``BATCH_SCHEMA_VERSION`` names the shape: fields may be added within a version, never renamed or
removed (the records in coach/batch/records.py follow the same rule)."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from coach.batch.records import BatchReport, TeamRow
from coach.render.json_output import TOOL_NAME, dumps

BATCH_SCHEMA_VERSION = "1"


def _plain(value: Any) -> Any:
    """Records as dicts in field order (with a team row's task share and a company objective's
    orphan flag), tuples as lists."""
    if hasattr(value, "__dataclass_fields__"):
        data = {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
        if isinstance(value, TeamRow):
            share = value.task_share
            data["task_share"] = None if share is None else round(share, 4)
        if hasattr(value, "orphan") and hasattr(value, "served_by"):
            data["orphan"] = value.orphan
        return data
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def batch_json(report: BatchReport) -> dict:
    from coach import __version__

    return {
        "schema_version": BATCH_SCHEMA_VERSION,
        "kind": "batch",
        "tool": {"name": TOOL_NAME, "version": __version__},
        "summary": {
            "drafts": len(report.rows),
            "checked": len(report.checked),
            "broken": len(report.broken),
            "skipped": len(report.skipped),
            "teams": len({r.team for r in report.checked}),
            "fail_on": report.fail_on,
            "exit_code": report.exit_code,
            "workers": report.workers,
        },
        "thresholds": report.thresholds,
        "teams": _plain(report.rows),
        "skipped": _plain(report.skipped),
        "duplicates": _plain(report.duplicates),
        "shared_metrics": _plain(report.shared_metrics),
        "over_limit": _plain(report.over_limit),
        "top_rules": _plain(report.top_rules),
        "worst_lines": _plain(report.worst_lines),
        "company": None
        if report.company is None
        else {"path": report.company_path, "objectives": _plain(report.company)},
        "unaligned": _plain(report.unaligned),
        "rewrite": _plain(report.rewrite),
        "rewrites": _plain(report.rewrites),
    }


def render_batch_json(report: BatchReport) -> str:
    return dumps(batch_json(report))
