"""GitHub Actions workflow commands: one annotation per finding, shown on the pull request.

``::error file=PATH,line=L,col=C,title=OKR201 output-as-key-result::message``. A suggestion
becomes ``::notice``. The fix hint follows the message on a second line of the annotation.
"""

from __future__ import annotations

from collections.abc import Sequence

from coach.findings import Finding
from coach.render import DEFAULT_OPTIONS, FileError, RenderOptions, artifact_path
from coach.report import CheckReport
from coach.visible import visible

COMMANDS = {"error": "error", "warning": "warning", "suggestion": "notice"}


def escape_data(value: str) -> str:
    """Escape a command's message: %, CR and LF."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value: as data, plus ':' and ','."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, object], message: str) -> str:
    """A workflow command; control characters in it are shown as escapes (``\x1b``), never raw."""
    props = ",".join(
        f"{key}={escape_property(visible(str(value)))}" for key, value in properties.items()
    )
    return f"::{name} {props}::{escape_data(visible(message))}"


def annotation(source: str, finding: Finding) -> str:
    properties: dict[str, object] = {}
    if not source.startswith("<"):  # "<stdin>" is no file GitHub could annotate
        properties["file"] = artifact_path(source)
    properties.update(line=finding.line, col=finding.column)
    if finding.end_line is not None:
        properties["endLine"] = finding.end_line
    if finding.end_column is not None:
        properties["endColumn"] = finding.end_column
    properties["title"] = f"{finding.rule_id} {finding.rule_name}"
    message = finding.message + (f"\nfix: {finding.fix}" if finding.fix else "")
    return command(COMMANDS[finding.level.value], properties, message)


def render_github(
    reports: Sequence[CheckReport],
    errors: Sequence[FileError] = (),
    options: RenderOptions = DEFAULT_OPTIONS,
) -> str:
    lines = [
        command("error", {"file": artifact_path(e.source), "title": "cannot check file"}, e.message)
        for e in errors
    ]
    for report in reports:
        findings = sorted(report.findings, key=lambda f: (f.line, f.column, f.rule_id))
        lines.extend(annotation(report.draft.source, f) for f in findings)
    return "".join(line + "\n" for line in lines)
