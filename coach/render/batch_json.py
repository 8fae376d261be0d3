"""The batch report as JSON: one versioned shape (docs/batch.md), through the one encoder.

``BATCH_SCHEMA_VERSION`` names the shape: fields may be added within a version, never renamed or
removed (the records in coach/batch/records.py follow the same rule)."""

from __future__ import annotations

from dataclasses import fields
from operator import attrgetter

from coach import jsonbytes
from coach.batch.records import (
    BatchReport,
    CompanyObjective,
    DuplicateGroup,
    Place,
    SharedMetric,
    TeamRow,
)
from coach.model import to_json
from coach.render.json_output import TOOL_NAME, dump_bytes

BATCH_SCHEMA_VERSION = "1"


_ROW_FIELDS = tuple(f.name for f in fields(TeamRow))
_row_values = attrgetter(*_ROW_FIELDS)


def _teams(rows: tuple[TeamRow, ...]) -> list[dict]:
    """Team rows in field order, each with its task share. A row's fields are plain values
    (its two dicts of counts too), as ``to_json`` would give them, without its walk over each
    value: a 10,000-draft report has 10,000 rows."""
    plain = []
    for row in rows:
        data = dict(zip(_ROW_FIELDS, _row_values(row), strict=True))
        share = row.task_share
        data["task_share"] = None if share is None else round(share, 4)
        plain.append(data)
    return plain


def _places(places: tuple[Place, ...]) -> list[dict]:
    """``to_json(places)``, written out: the places of duplicate groups and shared metrics are
    most of a large report (150,000 in one of 10,000 drafts)."""
    return [{"team": p.team, "path": p.path, "line": p.line, "text": p.text} for p in places]


def _duplicates(groups: tuple[DuplicateGroup, ...]) -> list[dict]:
    return [{"places": _places(g.places), "similarity": to_json(g.similarity)} for g in groups]


def _shared(metrics: tuple[SharedMetric, ...]) -> list[dict]:
    return [{"metric": m.metric, "places": _places(m.places)} for m in metrics]


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
        "duplicates": _duplicates(report.duplicates),
        "shared_metrics": _shared(report.shared_metrics),
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


def render_batch_json(report: BatchReport) -> bytes:
    """The report as UTF-8 bytes (``coach.render.batch_output.render_batch`` gives text)."""
    return dump_bytes(batch_json(report), large=True)


_LATER = "the worst lines, written when their proposals are in"
# the report's own "worst_lines" key: at the top level, so at the start of a line indented by
# two spaces — which no text in the document can begin (a JSON string holds no raw newline)
_LATER_AT = b'\n  "worst_lines": "' + _LATER.encode() + b'"'
_BEFORE_WORST_LINES = tuple(f.name for f in fields(BatchReport) if f.name != "worst_lines")


class BatchJsonInTwo:
    """:func:`render_batch_json`, most of it written early: ``begin`` is handed the report
    before its worst lines have their proposals (``batch_check``'s ``meanwhile``, while the
    workers work them out) and writes all but the worst lines; called with the finished
    report, it writes the worst lines into that document. The bytes are those of
    :func:`render_batch_json`, which it falls back to when the report differs from the one
    begun with in anything but its worst lines."""

    def __init__(self) -> None:
        self._begun: tuple[BatchReport, bytes] | None = None

    def begin(self, report: BatchReport) -> None:
        data = batch_json(report)
        data["worst_lines"] = _LATER
        self._begun = (report, dump_bytes(data, large=True))

    def __call__(self, report: BatchReport) -> bytes:
        begun = self._begun
        if begun is None or any(
            getattr(begun[0], name) is not getattr(report, name) for name in _BEFORE_WORST_LINES
        ):
            return render_batch_json(report)
        document = begun[1]
        at = document.find(_LATER_AT)
        if at < 0:  # never, but the report is worth more than the time
            return render_batch_json(report)
        lines = jsonbytes.dumps(to_json(report.worst_lines), 2).replace(b"\n", b"\n  ")
        rest = memoryview(document)  # one copy of the 35 MB, not three
        return b"".join((rest[:at], b'\n  "worst_lines": ', lines, rest[at + len(_LATER_AT) :]))
