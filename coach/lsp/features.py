"""What the language server answers, built from a check report: diagnostics, hovers, code actions,
document symbols and code lenses, as ``lsprotocol`` objects. No I/O here: ``coach.lsp.server``
wires these to the protocol.

Positions: the checker's are 1-based lines and 1-based columns in characters (code points); the
protocol's are 0-based lines and 0-based columns in the negotiated encoding's code units (UTF-16
unless the client offers another). :class:`Lines` converts both ways.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lsprotocol import types as lsp

from coach.service.editing import (
    OutlineItem,
    file_suppression,
    line_suppression,
    outline,
    suppressions_supported,
)

SOURCE = "coach"
SEVERITY = {
    "error": lsp.DiagnosticSeverity.Error,
    "warning": lsp.DiagnosticSeverity.Warning,
    "suggestion": lsp.DiagnosticSeverity.Information,
}
REWRITE_COMMAND = "coach.rewrite"
EXPLAIN_COMMAND = "coach.explainRule"
FILL_COMMAND = "coach.fillPlaceholder"
COMMANDS = (REWRITE_COMMAND, EXPLAIN_COMMAND, FILL_COMMAND)


def utf16_units(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (a character outside the BMP counts 2)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def utf8_units(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


UNITS = {"utf-16": utf16_units, "utf-8": utf8_units, "utf-32": len}


class Lines:
    """A document's lines, converting positions between the checker's 1-based code-point
    columns and the protocol's 0-based code units (``encoding``: "utf-16", "utf-8", "utf-32")."""

    def __init__(self, text: str, encoding: str = "utf-16"):
        self.bom = text.startswith("\ufeff")  # the parser drops it: line 1 columns shift by one
        self.lines = text.split("\n")
        self.units = UNITS.get(str(encoding), utf16_units)

    def _line(self, number: int) -> str:
        line = self.lines[number] if 0 <= number < len(self.lines) else ""
        return line[:-1] if line.endswith("\r") else line

    def position(self, line: int, column: int) -> lsp.Position:
        """The protocol position of checker (line, column), both 1-based."""
        number = max(line - 1, 0)
        if number >= len(self.lines):
            return lsp.Position(line=len(self.lines) - 1, character=self.units(self._line(-1)))
        index = max(column - 1, 0) + (1 if self.bom and number == 0 else 0)
        return lsp.Position(line=number, character=self.units(self._line(number)[:index]))

    def range(
        self, line: int, column: int, end_line: int | None, end_column: int | None
    ) -> lsp.Range:
        start = self.position(line, column)
        if end_line is None or end_column is None:  # to the end of the line
            end = lsp.Position(line=start.line, character=self.units(self._line(start.line)))
        else:
            end = self.position(end_line, end_column)
        return lsp.Range(start=start, end=end)

    def end_of_line(self, line: int) -> lsp.Position:
        """The end of 1-based ``line`` (before any "\\r")."""
        return lsp.Position(line=line - 1, character=self.units(self._line(line - 1)))


def contains(outer: lsp.Range, position: lsp.Position) -> bool:
    after_start = (position.line, position.character) >= (outer.start.line, outer.start.character)
    before_end = (position.line, position.character) <= (outer.end.line, outer.end.character)
    return after_start and before_end


def overlaps(a: lsp.Range, b: lsp.Range) -> bool:
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and (
        b.start.line,
        b.start.character,
    ) <= (a.end.line, a.end.character)


# ---- diagnostics ------------------------------------------------------------------------


def diagnostics(report: Any, lines: Lines, rules: dict[str, Any]) -> list[lsp.Diagnostic]:
    """One diagnostic per finding: the rule id as its code, linked to the rule's docs."""
    result = []
    for finding in report.findings:
        rule = rules.get(finding.rule_id)
        result.append(
            lsp.Diagnostic(
                range=finding_range(finding, lines),
                severity=SEVERITY.get(finding.level.value, lsp.DiagnosticSeverity.Information),
                code=finding.rule_id,
                code_description=lsp.CodeDescription(href=rule.link) if rule else None,
                source=SOURCE,
                message=finding.message,
                data={"path": finding.path, "rule": finding.rule_name},
            )
        )
    return result


def finding_range(finding: Any, lines: Lines) -> lsp.Range:
    return lines.range(finding.line, finding.column, finding.end_line, finding.end_column)


_AT_LINE = re.compile(r"at line (\d+)")


def input_error_diagnostic(message: str, lines: Lines) -> lsp.Diagnostic:
    """A draft the coach cannot read (invalid front matter, a YAML syntax error): one error on
    the line the message names, else the first line."""
    found = _AT_LINE.search(message)
    line = int(found.group(1)) if found else 1
    return lsp.Diagnostic(
        range=lines.range(line, 1, None, None),
        severity=lsp.DiagnosticSeverity.Error,
        source=SOURCE,
        message=message,
    )


# ---- hover ------------------------------------------------------------------------------


def hover(
    report: Any, lines: Lines, position: lsp.Position, rules: dict[str, Any]
) -> lsp.Hover | None:
    """The rule's message, why, fix and weak/strong examples for every finding under the cursor."""
    here = [f for f in report.findings if contains(finding_range(f, lines), position)]
    if not here:
        return None
    sections, seen = [], set()
    for finding in here:
        if (finding.rule_id, finding.message) in seen:
            continue
        seen.add((finding.rule_id, finding.message))
        sections.append(explain(finding.rule_id, rules, finding.message, finding.level.value))
    ranges = [finding_range(f, lines) for f in here]
    return lsp.Hover(
        contents=lsp.MarkupContent(
            kind=lsp.MarkupKind.Markdown, value="\n\n---\n\n".join(sections)
        ),
        range=ranges[0] if len(ranges) == 1 else None,
    )


def _plain(text: str) -> str:
    return " ".join(text.split())


def explain(
    rule_id: str, rules: dict[str, Any], message: str | None = None, level: str | None = None
) -> str:
    """A rule as Markdown: the message, why, how to fix, examples and a link to its docs."""
    rule = rules.get(rule_id)
    if rule is None:
        return f"**{rule_id}**" + (f": {message}" if message else "")
    head = f"**{rule.id} {rule.name}** ({level or rule.level.value})"
    parts = [head]
    if message:
        parts.append(_plain(message))
    parts.append(f"**Why:** {_plain(rule.why)}")
    parts.append(f"**Fix:** {_plain(rule.fix)}")
    if rule.examples.form == "item":
        weak = "\n".join(f"- ✗ {_plain(e)}" for e in rule.examples.weak[:2])
        strong = "\n".join(f"- ✓ {_plain(e)}" for e in rule.examples.strong[:2])
        parts.append(f"**Weak:**\n{weak}\n\n**Strong:**\n{strong}")
    parts.append(f"[{rule.id} in the rule reference]({rule.link})")
    return "\n\n".join(parts)


# ---- code actions -----------------------------------------------------------------------


@dataclass
class ActionContext:
    uri: str
    version: int | None
    source: str
    text: str
    lines: Lines
    rules: dict[str, Any]
    rewriter_label: str
    """How the rewrite action names who rewrites: "offline" or "model: <name>"."""


def code_actions(report: Any, context: ActionContext, wanted: lsp.Range) -> list[lsp.CodeAction]:
    """The actions for the findings that touch ``wanted``: rewrite the item, fill a placeholder,
    explain the rule, silence it on the line or in the file."""
    touching = [f for f in report.findings if overlaps(finding_range(f, context.lines), wanted)]
    actions: list[lsp.CodeAction] = []
    published = diagnostics(report, context.lines, context.rules)
    diagnostics_of = {f.path: [d for d in published if _same(d, f)] for f in touching}
    rewritable = []
    for finding in touching:
        rule = context.rules.get(finding.rule_id)
        if rule is not None and rule.rewrite == "fixes" and finding.path not in rewritable:
            rewritable.append(finding.path)
    for path in rewritable:
        actions.append(
            lsp.CodeAction(
                title=f"Rewrite with coach ({context.rewriter_label})",
                kind=lsp.CodeActionKind.QuickFix,
                diagnostics=diagnostics_of.get(path),
                is_preferred=True,
                command=lsp.Command(
                    title="Rewrite with coach",
                    command=REWRITE_COMMAND,
                    arguments=[context.uri, context.version, [path]],
                ),
            )
        )
    actions.extend(_placeholder_actions(report, context, wanted))
    seen: set[str] = set()
    for finding in touching:
        if finding.rule_id in seen:
            continue
        seen.add(finding.rule_id)
        title = f"Explain {finding.rule_id} ({finding.rule_name})"
        actions.append(_command_action(title, EXPLAIN_COMMAND, [finding.rule_id]))
        if suppressions_supported(context.source, context.text):
            actions.extend(_ignore_actions(finding, context))
    return actions


def _command_action(title: str, command: str, arguments: list) -> lsp.CodeAction:
    return lsp.CodeAction(
        title=title,
        kind=lsp.CodeActionKind.QuickFix,
        command=lsp.Command(title=title, command=command, arguments=arguments),
    )


def _same(diagnostic: lsp.Diagnostic, finding: Any) -> bool:
    return (
        diagnostic.code == finding.rule_id and (diagnostic.data or {}).get("path") == finding.path
    )


def document_edit(context: ActionContext, edits: list[lsp.TextEdit]) -> lsp.WorkspaceEdit:
    """Edits to this document, tied to its version when the client sent one."""
    document = lsp.OptionalVersionedTextDocumentIdentifier(uri=context.uri, version=context.version)
    return lsp.WorkspaceEdit(
        document_changes=[lsp.TextDocumentEdit(text_document=document, edits=edits)]
    )


def _ignore_actions(finding: Any, context: ActionContext) -> list[lsp.CodeAction]:
    end = context.lines.end_of_line(finding.line)
    on_line = lsp.TextEdit(
        range=lsp.Range(start=end, end=end), new_text=line_suppression(finding.rule_id)
    )
    insertion = file_suppression(context.text, finding.rule_id)
    where = context.lines.position(insertion.line, insertion.column)
    in_file = lsp.TextEdit(range=lsp.Range(start=where, end=where), new_text=insertion.text)
    return [
        lsp.CodeAction(
            title=f"Ignore {finding.rule_id} on this line",
            kind=lsp.CodeActionKind.QuickFix,
            edit=document_edit(context, [on_line]),
        ),
        lsp.CodeAction(
            title=f"Ignore {finding.rule_id} in this file",
            kind=lsp.CodeActionKind.QuickFix,
            edit=document_edit(context, [in_file]),
        ),
    ]


def placeholders(report: Any, lines: Lines) -> list[tuple[str, lsp.Range]]:
    """Every unfilled placeholder ("[baseline]", "[target]") in the draft's key results."""
    found = []
    for _, _, kr in report.draft.key_results():
        names = kr.analysis.placeholders if kr.analysis else []
        if not names:
            continue
        position = kr.position
        line = lines._line(position.line - 1)
        start = position.column - 1
        end = position.end_column - 1 if position.end_line == position.line else len(line)
        for name in dict.fromkeys(names):
            at = line.find(name, start, max(end, start + len(name)))
            while at >= 0:
                found.append(
                    (
                        name,
                        lines.range(position.line, at + 1, position.line, at + 1 + len(name)),
                    )
                )
                at = line.find(name, at + len(name), end)
    return found


def _placeholder_actions(
    report: Any, context: ActionContext, wanted: lsp.Range
) -> list[lsp.CodeAction]:
    return [
        _command_action(f"Fill placeholder {name}", FILL_COMMAND, [context.uri, _json_range(where)])
        for name, where in placeholders(report, context.lines)
        if where.start.line <= wanted.end.line and wanted.start.line <= where.end.line
    ]


def _json_range(where: lsp.Range) -> dict:
    return {
        "start": {"line": where.start.line, "character": where.start.character},
        "end": {"line": where.end.line, "character": where.end.character},
    }


def rewrite_edits(
    result: Any, lines: Lines, paths: Sequence[str] | None
) -> tuple[list[lsp.TextEdit], list[Any]]:
    """(the protocol edits of a rewrite result, limited to the items in ``paths`` — None: every
    item —, the changes they carry out)."""
    edits = [e for e in result.edits if paths is None or e.path in paths]
    done = {e.path for e in edits}
    changes = [c for c in result.changes if c.path in done]
    return [
        lsp.TextEdit(
            range=lines.range(e.start_line, e.start_column, e.end_line, e.end_column),
            new_text=e.new_text,
        )
        for e in edits
    ], changes


# ---- outline and lenses -----------------------------------------------------------------


def _symbol(item: OutlineItem, lines: Lines) -> lsp.DocumentSymbol:
    selection = lines.range(item.line, item.column, item.end_line, item.end_column)
    children = [_symbol(child, lines) for child in item.children]
    whole = selection
    if children:
        whole = lsp.Range(start=selection.start, end=children[-1].range.end)
        if (whole.end.line, whole.end.character) < (selection.end.line, selection.end.character):
            whole = selection
    name = item.text.strip() or item.path
    return lsp.DocumentSymbol(
        name=f"{item.label}: {name}" if item.label else name,
        detail=_score_text(item),
        kind=lsp.SymbolKind.Class if item.kind == "objective" else lsp.SymbolKind.Field,
        range=whole,
        selection_range=selection,
        children=children or None,
    )


def _score_text(item: OutlineItem) -> str:
    score = "no score" if item.score is None else f"score {item.score}"
    band = f" ({item.band})" if item.band else ""
    findings = f" · {item.findings} finding{'s' if item.findings != 1 else ''}"
    return f"{score}{band}{findings if item.findings else ''}"


def document_symbols(report: Any, lines: Lines) -> list[lsp.DocumentSymbol]:
    """Objectives → key results, each with its score (and the objective's band)."""
    return [_symbol(item, lines) for item in outline(report)]


def code_lenses(report: Any, lines: Lines) -> list[lsp.CodeLens]:
    """A lens above each objective with its score: display only (an empty command)."""
    lenses = []
    for item in outline(report):
        start = lines.position(item.line, item.column)
        lenses.append(
            lsp.CodeLens(
                range=lsp.Range(start=start, end=start),
                command=lsp.Command(title=f"coach: {_score_text(item)}", command=""),
            )
        )
    return lenses
