"""The batch report as CSV: one row per team draft, for a spreadsheet."""

from __future__ import annotations

import csv
import io

from coach.batch.records import BatchReport
from coach.render.batch_output import team_order

COLUMNS = (
    "team",
    "path",
    "score",
    "band",
    "quarter",
    "objectives",
    "key_results",
    "task_key_results",
    "task_share",
    "errors",
    "warnings",
    "suggestions",
    "over_objective_limit",
    "duplicate_key_results",
    "shared_metrics",
    "exit_code",
    "error",
)


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str | None) -> str:
    """A text cell a spreadsheet will not run as a formula: one starting with = + - @ (a team
    name from a draft's front matter, an error quoting the file) gets a leading apostrophe."""
    value = value or ""
    return "'" + value if value.startswith(_FORMULA) else value


def render_batch_csv(report: BatchReport) -> str:
    over = {o.path for o in report.over_limit}
    duplicates: dict[str, int] = {}
    for group in report.duplicates:
        for path in {p.path for p in group.places}:
            duplicates[path] = duplicates.get(path, 0) + 1
    shared: dict[str, int] = {}
    for metric in report.shared_metrics:
        for path in {p.path for p in metric.places}:
            shared[path] = shared.get(path, 0) + 1
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in team_order(report.rows):
        share = r.task_share
        writer.writerow(
            (
                _text(r.team),
                _text(r.path),
                "" if r.score is None else r.score,
                _text(r.band),
                _text(r.quarter),
                r.objectives,
                r.key_results,
                r.task_key_results,
                "" if share is None else f"{share:.4f}",
                r.findings.get("error", 0),
                r.findings.get("warning", 0),
                r.findings.get("suggestion", 0),
                int(r.path in over),
                duplicates.get(r.path, 0),
                shared.get(r.path, 0),
                r.exit_code if r.error is None else 2,
                _text(r.error),
            )
        )
    return buffer.getvalue()
