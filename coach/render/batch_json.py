"""The batch report as JSON: one versioned shape (docs/batch.md), through the one encoder.

``BATCH_SCHEMA_VERSION`` names the shape: fields may be added within a version, never renamed or
removed (the records in coach/batch/records.py follow the same rule)."""

from __future__ import annotations

from coach.batch.records import BatchReport, CompanyObjective, TeamRow
from coach.model import to_json
from coach.render.json_output import TOOL_NAME, dumps

BATCH_SCHEMA_VERSION = "1"


def _teams(rows: tuple[TeamRow, ...]) -> list[dict]:
    """Team rows in field order, each with its task share."""
    plain = []
    for row in rows:
        data = to_json(row)
        share = row.task_share
        data["task_share"] = None if share is None else round(share, 4)
        plain.append(data)
    return plain


def _company(objectives: tuple[CompanyObjective, ...]) -> list[dict]:
    """Company objectives in field order, each with its orphan flag."""
    return [{**to_json(c), "orphan": c.orphan} for c in objectives]


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
        "teams": _teams(report.rows),
        "skipped": to_json(report.skipped),
        "duplicates": to_json(report.duplicates),
        "shared_metrics": to_json(report.shared_metrics),
        "over_limit": to_json(report.over_limit),
        "top_rules": to_json(report.top_rules),
        "worst_lines": to_json(report.worst_lines),
        "company": None
        if report.company is None
        else {"path": report.company_path, "objectives": _company(report.company)},
        "unaligned": to_json(report.unaligned),
        "rewrite": to_json(report.rewrite),
        "rewrites": to_json(report.rewrites),
    }


def render_batch_json(report: BatchReport) -> str:
    return dumps(batch_json(report))
