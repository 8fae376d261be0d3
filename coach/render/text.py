"""The human text output of ``coach check`` and ``coach rules``, drawn with rich.

Messages are always added as ``rich.text.Text`` (never markup), so a draft's "[baseline]" or a
rule's brackets print as written. Every piece is a ``coach.visible.VisibleText``: a control
character from a draft shows as an escape (``\x1b``), never raw. Without colour the output is
plain and deterministic.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from rich import box
from rich.console import Console
from rich.padding import Padding
from rich.table import Table

from coach.findings import Finding
from coach.render import (
    DEFAULT_OPTIONS,
    FileError,
    RenderOptions,
    counts_phrase,
    message_outline,
    rule_applies_to,
    rule_attr,
    rule_examples,
    rule_level,
    rule_text,
)
from coach.render.rich_text import VisibleText as Text
from coach.report import CheckReport
from coach.visible import visible, visible_name

LEVEL_STYLES = {"error": "bold red", "warning": "yellow", "suggestion": "cyan"}
LEVEL_WIDTH = len("suggestion")
_OBJECTIVE_PATH = re.compile(r"^objectives\[(\d+)\]")


def make_console(options: RenderOptions) -> Console:
    """A console that writes to a string and ignores the environment (TTY, COLUMNS, NO_COLOR)."""
    return Console(
        file=io.StringIO(),
        width=options.width,
        color_system="standard" if options.color else None,
        force_terminal=options.color,
        force_jupyter=False,
        force_interactive=False,
        no_color=not options.color,
        highlight=False,
        markup=False,
        emoji=False,
        legacy_windows=False,
        _environ={},
    )


def _output(console: Console) -> str:
    """What the console wrote, without the trailing spaces rich pads table cells with."""
    text = console.file.getvalue()  # type: ignore[attr-defined]
    return "".join(line.rstrip(" ") + "\n" for line in text.splitlines())


def summary_line(report: CheckReport) -> str:
    """ "Score 62/100 (needs work) — 3 errors, 5 warnings, 2 suggestions"."""
    card = report.scorecard
    return f"Score {card.overall}/100 ({card.band}) — {counts_phrase(report)}"


def render_text(
    reports: Sequence[CheckReport],
    errors: Sequence[FileError] = (),
    options: RenderOptions = DEFAULT_OPTIONS,
) -> str:
    """Findings grouped by objective, a guide-rule scorecard and a score line, per file.

    Input errors are not repeated here: the CLI prints them on stderr.
    """
    console = make_console(options)
    for index, report in enumerate(reports):
        if options.quiet:
            console.print(
                Text(f"{visible_name(report.draft.source)}: {summary_line(report)}"), soft_wrap=True
            )
            continue
        if index:
            console.print()
        _print_report(console, report)
    return _output(console)


def _print_report(console: Console, report: CheckReport) -> None:
    console.print(Text(visible_name(report.draft.source), style="bold underline"), soft_wrap=True)
    groups = _group_by_objective(report)
    width = max((len(_location(f)) for f in report.findings), default=3)
    shown_fixes: dict[str, int] = {}
    if groups.get(None):
        console.print(Text("  Whole draft", style="bold"))
        _print_findings(console, groups[None], width, shown_fixes)
    scores = {o.path: o for o in report.scorecard.objectives}
    for i, objective in enumerate(report.draft.objectives):
        label = objective.label or f"O{i + 1}"
        line = Text(f"  {label} · line {objective.position.line}", style="bold")
        score = scores.get(f"objectives[{i}]")
        if score is not None:
            line.append(f" · score {score.score} ({score.band})")
        line.append(f" · {objective.text}")
        console.print(line, soft_wrap=True)
        _print_findings(console, groups.get(i, []), width, shown_fixes)
    console.print()
    console.print(_scorecard_table(report))
    console.print(Text(summary_line(report), style="bold"), soft_wrap=True)


def _group_by_objective(report: CheckReport) -> dict[int | None, list[Finding]]:
    """Findings by objective index; None holds draft-level findings (and any stray path)."""
    count = len(report.draft.objectives)
    groups: dict[int | None, list[Finding]] = {}
    for finding in report.findings:
        match = _OBJECTIVE_PATH.match(finding.path)
        index = int(match.group(1)) if match else None
        if index is not None and index >= count:
            index = None
        groups.setdefault(index, []).append(finding)
    for findings in groups.values():
        findings.sort(key=lambda f: (f.line, f.column, -f.level.rank, f.rule_id))
    return groups


def _location(finding: Finding) -> str:
    return f"{finding.line}:{finding.column}"


def _print_findings(
    console: Console, findings: Iterable[Finding], width: int, shown_fixes: dict[str, int]
) -> None:
    """Each finding on one line, and its fix hint under it: in full under a rule's first
    finding in the file, as "as above (line N)" under the next ones. The lines go to the
    console in one piece: one print per line costs rich far more than the line."""
    indent = " " * (4 + width + 2 + LEVEL_WIDTH + 2)
    lines = []
    for finding in findings:
        line = Text(f"    {_location(finding):>{width}}  ")
        line.append(f"{finding.level.value:<{LEVEL_WIDTH}}", style=LEVEL_STYLES[finding.level])
        line.append("  ")
        line.append(finding.rule_id, style="bold")
        line.append(f"  {finding.message}")
        lines.append(line)
        if not finding.fix:
            continue
        first = shown_fixes.setdefault(finding.rule_id, finding.line)
        hint = (
            finding.fix if first == finding.line else f"as above ({finding.rule_id}, line {first})"
        )
        lines.append(Text(f"{indent}fix: {hint}", style="dim"))
    if lines:
        console.print(Text("\n").join(lines), soft_wrap=True)


def _scorecard_table(report: CheckReport) -> Table:
    """The five guide rules, a row for the findings outside them, then how the score adds up:
    the mean of the objectives' scores less half the cost of the whole-draft findings
    (coach/scoring.py)."""
    from coach.scoring import COST, mean

    card = report.scorecard
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 2))
    table.add_column("Guide rule")
    table.add_column("Score", justify="right")
    table.add_column("Findings", justify="right")
    for rule in card.guide_rules:
        table.add_row(Text(f"{rule.rule}. {rule.title}"), str(rule.score), str(rule.findings))
    others = [f for f in report.findings if not f.guide_rule]
    table.add_row(Text("Other warnings of the guide"), "", str(len(others)))
    draft_cost = sum(COST[f.level] for f in report.findings if f.path == "draft")
    average = mean([o.score for o in card.objectives]) if card.objectives else 0
    table.add_section()
    table.add_row(
        Text("Objectives (mean score)"),
        f"{average:g}" if average == int(average) else f"{average:.1f}",
        "",
    )
    whole = sum(1 for f in report.findings if f.path == "draft")
    half = draft_cost / 2
    table.add_row(
        Text("Whole-draft findings (half their cost)"),
        f"−{half:g}" if half else "0",
        str(whole),
    )
    return table


# ---- coach rules -------------------------------------------------------------------------


def _rule_row(rule: Any) -> list[str]:
    guide_rule = rule_attr(rule, "guide_rule")
    return [
        str(rule_attr(rule, "id")),
        str(rule_attr(rule, "name")),
        rule_level(rule),
        rule_applies_to(rule),
        "" if guide_rule is None else str(guide_rule),
    ]


RULE_COLUMNS = ("ID", "Name", "Level", "Applies to", "Guide rule")


def render_rules_table(rules: Iterable[Any], options: RenderOptions = DEFAULT_OPTIONS) -> str:
    console = make_console(options)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for column in RULE_COLUMNS:
        table.add_column(column, no_wrap=column != "Name")
    for rule in rules:
        row = _rule_row(rule)
        cells = [Text(cell) for cell in row]
        cells[2].stylize(LEVEL_STYLES.get(row[2], ""))
        table.add_row(*cells)
    console.print(table)
    return _output(console)


def render_rules_plain(rules: Iterable[Any]) -> str:
    """One rule a line, tab-separated: id, name, level, applies to, guide rule."""
    return "".join(
        "\t".join(visible(cell).replace("\t", "\\t") for cell in _rule_row(rule)) + "\n"
        for rule in rules
    )


def render_rule_explain(
    rule: Any, options: RenderOptions = DEFAULT_OPTIONS, example_message: str | None = None
) -> str:
    """Everything a user needs to understand one rule: what, why, how to fix, examples.
    ``example_message`` is the message as the rule gives it on its first weak example."""
    console = make_console(options)
    row = _rule_row(rule)
    console.print(Text(f"{row[0]} {row[1]}", style="bold"))
    facts = f"Level: {row[2]} · applies to: {row[3]}"
    console.print(Text(facts + (f" · guide rule {row[4]}" if row[4] else "")))
    sections = [
        (
            "Message (on the first weak example)" if example_message else "Message",
            [example_message or message_outline(rule_text(rule, "message"))],
        ),
        ("Why", [rule_text(rule, "why")]),
        ("Fix", [rule_text(rule, "fix")]),
        ("Weak examples (fire this rule)", rule_examples(rule, "weak")),
        ("Strong examples (pass)", rule_examples(rule, "strong")),
    ]
    for title, paragraphs in sections:
        console.print()
        console.print(Text(title, style="bold"))
        bullet = "- " if "examples" in title else ""
        for paragraph in paragraphs or ["(none)"]:
            console.print(Padding(Text(bullet + paragraph.strip()), (0, 0, 0, 2), expand=False))
    link = rule_attr(rule, "link")
    if link:
        console.print()
        console.print(Text(f"More: {link}"))
    return _output(console)
