"""The batch report as a plain-text summary for the terminal (``coach batch``'s default)."""

from __future__ import annotations

import re

import click

from coach.batch.records import BatchReport
from coach.render.batch_output import (
    exit_line,
    more,
    percent,
    plural,
    rewrite_line,
    summary_line,
    team_order,
    teams_of,
    where,
)
from coach.visible import visible, visible_name

LIST_LIMIT = 10
"""Entries shown per list; the rest are counted ("… and N more")."""
TEAM_LIMIT = 50
"""Team drafts shown, the lowest scores first (every one is in the CSV and JSON)."""


def render_batch_text(report: BatchReport, color: bool = False) -> str:
    """The report as text; ``color`` makes its headings bold and an orphan company objective red
    (for a terminal: ``coach batch --color``)."""
    out: list[str] = [f"coach batch: {summary_line(report)}", ""]
    out += _teams(report)
    out += _section(
        "Could not be read",
        [f"{visible_name(r.path)}: {r.error}" for r in report.broken],
    )
    out += _section("Skipped", [f"{visible_name(s.path)}: {s.reason}" for s in report.skipped])
    out += _section(
        f"Same key result in several teams (similarity ≥ {report.thresholds.get('duplicate_similarity', 90):.0f})",
        [
            f"{g.similarity:5.0f}  {g.places[0].text}\n"
            + "".join(f"         {p.team}: {where(p)}\n" for p in g.places).rstrip("\n")
            for g in report.duplicates
        ],
    )
    out += _section(
        "Metrics claimed by several teams",
        [
            f"{m.metric}: " + ", ".join(teams_of(m.places)) + f" ({len(m.places)} key results)"
            for m in report.shared_metrics
        ],
    )
    out += _section(
        "Over the objective limit",
        [
            f"{o.team}: {o.objectives} objectives, limit {o.limit} ({visible_name(o.path)})"
            for o in report.over_limit
        ],
    )
    out += _section(
        "Rules broken most",
        [
            f"{r.rule_id}  {r.rule_name:<32} {plural(r.findings, 'finding'):>12} in {plural(r.teams, 'team')}"
            for r in report.top_rules
        ],
    )
    out += _section("Worst lines", [_worst(w) for w in report.worst_lines])
    if report.company is not None:
        out += _alignment(report)
    if report.rewrite is not None:
        out += ["Rewrite", f"  {rewrite_line(report)}", ""]
    out.append(exit_line(report))
    if not color:
        return visible("\n".join(out)) + "\n"
    return "".join(_styled(visible(line)) + "\n" for line in "\n".join(out).split("\n"))


_HEADING = re.compile(
    r"coach batch: |team  +score  band|(?:Could not be read|Skipped|Same key result|Metrics claimed|"
    r"Over the objective limit|Rules broken most|Worst lines|Alignment with |Rewrite$)"
)


def _styled(line: str) -> str:
    """A line of the text report as a terminal shows it: headings bold (they start in the first
    column; every entry under one is indented), an orphan red."""
    if _HEADING.match(line):
        return click.style(line, bold=True)
    if "— ORPHAN:" in line:
        return click.style(line, fg="red")
    return line


def _teams(report: BatchReport) -> list[str]:
    rows = team_order(report.rows)
    width = max([len(r.team) for r in rows] + [4])
    lines = [
        f"{'team':<{width}}  score  band        obj  KRs  tasks  err  warn  file",
    ]
    for r in rows[:TEAM_LIMIT]:
        if r.error is not None:
            lines.append(f"{r.team:<{width}}  {'—':>5}  {'unreadable':<10}  {visible_name(r.path)}")
            continue
        f = r.findings
        lines.append(
            f"{r.team:<{width}}  {r.score:>5}  {r.band or '':<10}  {r.objectives:>3}  "
            f"{r.key_results:>3}  {percent(r.task_share):>5}  {f.get('error', 0):>3}  "
            f"{f.get('warning', 0):>4}  {visible_name(r.path)}"
        )
    if len(rows) > TEAM_LIMIT:
        lines.append(f"{more(len(rows) - TEAM_LIMIT)} (every team: --format csv or json)")
    return [*lines, ""]


def _section(title: str, entries: list[str]) -> list[str]:
    if not entries:
        return []
    lines = [title]
    lines += ["  " + e.replace("\n", "\n  ") for e in entries[:LIST_LIMIT]]
    if len(entries) > LIST_LIMIT:
        lines.append("  " + more(len(entries) - LIST_LIMIT))
    return [*lines, ""]


def _worst(w) -> str:
    text = f"{w.score:>3}  {w.place.team}  {where(w.place)}  {w.place.text}"
    if w.rules:
        text += "\n     breaks " + ", ".join(w.rules)
    if w.proposal:
        text += f"\n     proposal ({w.proposal_source}): {w.proposal}"
    return text


def _alignment(report: BatchReport) -> list[str]:
    lines = [f"Alignment with {report.company_path}"]
    for c in report.company or ():
        name = f"{c.label}: " if c.label else ""
        if c.orphan:
            lines.append(f"  {name}{c.text}  (line {c.line}) — ORPHAN: no team objective serves it")
            continue
        lines.append(f"  {name}{c.text}  (line {c.line})")
        for link in c.served_by[:LIST_LIMIT]:
            how = "parent:" if link.how == "parent" else f"wording {link.similarity:.0f}"
            lines.append(f"    {link.place.team}: {link.place.text}  [{how}] {where(link.place)}")
        if len(c.served_by) > LIST_LIMIT:
            lines.append("    " + more(len(c.served_by) - LIST_LIMIT))
    if report.unaligned:
        lines.append(f"  Team objectives serving no company objective: {len(report.unaligned)}")
        lines += [f"    {p.team}: {p.text} ({where(p)})" for p in report.unaligned[:LIST_LIMIT]]
        if len(report.unaligned) > LIST_LIMIT:
            lines.append("    " + more(len(report.unaligned) - LIST_LIMIT))
    return [*lines, ""]
