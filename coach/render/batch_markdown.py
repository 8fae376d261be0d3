"""The batch report as Markdown sized for a GitHub pull-request comment.

GitHub refuses comments over 65,536 characters; every list is cut to a few entries ("… and N
more") and the whole stays under ``MAX_CHARS`` (a last cut, with a note, if it ever would not).
"""

from __future__ import annotations

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
)
from coach.visible import visible

MAX_CHARS = 60_000
TEAM_LIMIT = 50
LIST_LIMIT = 10
TEXT_LIMIT = 160


def _cell(text: object, limit: int = TEXT_LIMIT) -> str:
    """Table-safe text: one line, pipes escaped, long text cut."""
    value = " ".join(str(text).split()).replace("|", "\\|")
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _beyond(count: int) -> str:
    """What follows the first ``LIST_LIMIT`` of ``count`` entries shown inline ("… and N more")."""
    return f" {more(count - LIST_LIMIT)}" if count > LIST_LIMIT else ""


def _at(place) -> str:
    return f"`{_cell(place.path)}:{place.line}`"


def render_batch_markdown(report: BatchReport) -> str:
    out = ["## OKR batch check", "", f"**{summary_line(report)}** — {exit_line(report)}", ""]
    out += _teams(report)
    out += _list(
        "Could not be read", [f"{_at_path(r.path)}: {_cell(r.error)}" for r in report.broken]
    )
    out += _list("Skipped", [f"{_at_path(s.path)}: {_cell(s.reason)}" for s in report.skipped])
    out += _list(
        "Same key result in several teams",
        [
            f"**{g.similarity:.0f}%** “{_cell(g.places[0].text)}” — "
            + ", ".join(f"{_cell(p.team)} {_at(p)}" for p in g.places[:LIST_LIMIT])
            + _beyond(len(g.places))
            for g in report.duplicates
        ],
    )
    out += _list(
        "Metrics claimed by several teams",
        [
            f"**{_cell(m.metric)}** — {_cell(', '.join(teams[:LIST_LIMIT]))}" + _beyond(len(teams))
            for m in report.shared_metrics
            for teams in [teams_of(m.places)]
        ],
    )
    out += _list(
        "Over the objective limit",
        [
            f"**{_cell(o.team)}**: {o.objectives} objectives, limit {o.limit} ({_at_path(o.path)})"
            for o in report.over_limit
        ],
    )
    out += _list(
        "Rules broken most",
        [
            f"`{r.rule_id}` {r.rule_name}: {plural(r.findings, 'finding')} in {plural(r.teams, 'team')}"
            for r in report.top_rules
        ],
    )
    out += _list("Worst lines", [_worst(w) for w in report.worst_lines])
    if report.company is not None:
        out += _alignment(report)
    if report.rewrite is not None:
        out += ["### Rewrite", "", rewrite_line(report) + ".", ""]
    text = visible("\n".join(out)) + "\n"
    if len(text) > MAX_CHARS:
        cut = text[:MAX_CHARS].rsplit("\n", 1)[0]
        text = (
            cut + f"\n\n… cut at {MAX_CHARS:,} characters; see the full report (--format json).\n"
        )
    return text


def _at_path(path: str) -> str:
    return f"`{_cell(path)}`"


def _teams(report: BatchReport) -> list[str]:
    rows = team_order(report.rows)
    lines = [
        "| team | score | objectives | key results | tasks | errors | warnings | file |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows[:TEAM_LIMIT]:
        if r.error is not None:
            lines.append(
                f"| {_cell(r.team)} | ⚠️ | | | | | | {_at_path(r.path)}: {_cell(r.error)} |"
            )
            continue
        f = r.findings
        lines.append(
            f"| {_cell(r.team)} | {r.score} ({r.band}) | {r.objectives} | {r.key_results} | "
            f"{percent(r.task_share)} | {f.get('error', 0)} | {f.get('warning', 0)} | {_at_path(r.path)} |"
        )
    if len(rows) > TEAM_LIMIT:
        lines.append(f"\n{more(len(rows) - TEAM_LIMIT)} (the lowest scores are shown)")
    return [*lines, ""]


def _list(title: str, entries: list[str]) -> list[str]:
    if not entries:
        return []
    lines = [f"### {title}", ""]
    lines += [f"- {e}" for e in entries[:LIST_LIMIT]]
    if len(entries) > LIST_LIMIT:
        lines.append(f"- {more(len(entries) - LIST_LIMIT)}")
    return [*lines, ""]


def _worst(w) -> str:
    text = f"**{w.score}** {_cell(w.place.team)} {_at(w.place)} “{_cell(w.place.text)}”"
    if w.rules:
        text += " — " + ", ".join(f"`{r}`" for r in w.rules)
    if w.proposal:
        text += f"<br>proposal ({_cell(w.proposal_source)}): “{_cell(w.proposal, 2 * TEXT_LIMIT)}”"
    return text


def _alignment(report: BatchReport) -> list[str]:
    lines = [f"### Alignment with {_at_path(report.company_path or '')}", ""]
    for c in report.company or ():
        name = f"**{_cell(c.label)}** " if c.label else ""
        if c.orphan:
            lines.append(f"- {name}{_cell(c.text)} — **orphan**: no team objective serves it")
            continue
        by_team: dict[tuple[str, str], list] = {}
        for link in c.served_by:
            how = "parent:" if link.how == "parent" else f"wording {link.similarity:.0f}%"
            by_team.setdefault((link.place.team, how), []).append(link)
        served = [
            f"{_cell(team)} ({how}" + (f", {len(links)} objectives)" if len(links) > 1 else ")")
            for (team, how), links in by_team.items()
        ]
        shown = ", ".join(served[:LIST_LIMIT]) + _beyond(len(served))
        lines.append(f"- {name}{_cell(c.text)} — served by {shown}")
    if report.unaligned:
        lines.append(f"- {len(report.unaligned)} team objectives serve no company objective")
    return [*lines, ""]
