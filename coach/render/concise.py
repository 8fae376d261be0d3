"""One finding a line, like ruff's concise output and a compiler's errors:
``path:line:col: OKR201 message``. Editors and ``grep`` read it; nothing else is printed."""

from __future__ import annotations

from collections.abc import Sequence

from coach.render import DEFAULT_OPTIONS, FileError, RenderOptions
from coach.report import CheckReport
from coach.visible import visible, visible_name


def render_concise(
    reports: Sequence[CheckReport],
    errors: Sequence[FileError] = (),
    options: RenderOptions = DEFAULT_OPTIONS,
) -> str:
    """Findings of each file in line order; input errors are on stderr, not here."""
    lines = []
    for report in reports:
        findings = sorted(report.findings, key=lambda f: (f.line, f.column, f.rule_id))
        lines += [
            f"{visible_name(report.draft.source)}:{f.line}:{f.column}: {f.rule_id} {f.message}"
            for f in findings
        ]
    return "".join(visible(line) + "\n" for line in lines)
