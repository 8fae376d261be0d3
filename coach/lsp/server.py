"""``coach lsp``: the language server (pygls), over stdin/stdout.

Documents whose path matches the ``files`` globs (or Markdown with OKR front matter) are checked
on open, on save and on every change — debounced: an edit after a quiet spell is checked at once,
edits that arrive within ``debounceMs`` of the last check are folded into one check when the spell
ends. Everything the checker says goes through ``coach.service``; ``coach.lsp.features`` turns it
into protocol objects. docs/editors.md describes the features and the settings.
"""

from __future__ import annotations

import asyncio
import logging
import os
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlparse

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from coach import __version__
from coach.config import Settings
from coach.errors import CoachError, InputError, NotOkrError
from coach.lsp import features
from coach.lsp.settings import ServerSettings, parse_settings
from coach.service import SettingsResolver, rules_by_id
from coach.service.collector import Collector, take_over
from coach.service.editing import check_text, is_okr_document

log = logging.getLogger(__name__)


class RewriteCancelled(Exception):
    """The user cancelled a rewrite from its progress notification."""


@dataclass
class Checked:
    """The last check of a document: what hovers, actions, symbols and lenses answer from."""

    version: int | None
    text: str
    source: str
    report: Any
    """The CheckReport, or None: not an OKR document, or one the coach cannot read."""
    settings: Any = None
    published: bool = False
    """Whether diagnostics were published for it (then an empty list clears them)."""


class CoachServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "coach", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental
        )
        self.options = ServerSettings()
        self.init_options: Any = None
        self.resolver = self.options.resolver()
        self.checked: dict[str, Checked] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.last_check: dict[str, float] = {}
        self.fallback = SettingsResolver()
        self.defaults = Settings()
        self.rules: dict[int, tuple[Any, dict[str, Any]]] = {}
        self.shown_problems: set[str] = set()
        self.collector = Collector()  # the garbage collector's passes between checks

    # ---- settings ------------------------------------------------------------------------

    def configure(self, *sources: Any) -> bool:
        """Take the editor's settings; whether they differ from the ones in use."""
        options = parse_settings(self.init_options, *sources)
        for problem in options.problems:
            self.warn(problem)
        if options == self.options and self.checked:
            return False
        self.options = options
        self.resolver = self.options.resolver()
        self.fallback = SettingsResolver()
        self.rules.clear()
        return True

    def warn(self, message: str, kind: lsp.MessageType = lsp.MessageType.Warning) -> None:
        """Show a message once per server run (a bad setting is not repeated at every key)."""
        if message in self.shown_problems:
            return
        self.shown_problems.add(message)
        self.window_show_message(lsp.ShowMessageParams(type=kind, message=f"coach: {message}"))

    def rules_for(self, settings: Any) -> dict[str, Any]:
        """The rules by id under ``settings`` (level overrides applied), once per settings
        object the resolvers hand out (they keep one per config file)."""
        entry = self.rules.get(id(settings))
        if entry is None or entry[0] is not settings:
            entry = self.rules[id(settings)] = (settings, rules_by_id(settings))
        return entry[1]

    # ---- documents -----------------------------------------------------------------------

    def path_of(self, uri: str) -> str:
        parsed = urlparse(uri)
        if parsed.scheme == "file":
            return unquote(parsed.path)
        return unquote(parsed.path) or uri

    def relative(self, path: str) -> str:
        roots = [self.path_of(f.uri) for f in self.workspace.folders.values()]
        if self.workspace.root_path:
            roots.append(self.workspace.root_path)
        for root in sorted(roots, key=len, reverse=True):
            try:
                if os.path.commonpath([root, path]) == root:
                    return os.path.relpath(path, root)
            except ValueError:
                continue
        return path

    def encoding(self) -> str:
        return str(self.workspace.position_encoding or "utf-16")

    def lines(self, text: str) -> features.Lines:
        return features.Lines(text, self.encoding())

    def settings_for(self, path: str | None) -> Settings:
        """A document's settings. Invalid ones are shown once and left out: the editor's
        values first, then the config file's (the defaults)."""
        try:
            return self.resolver.for_path(path)
        except CoachError as exc:
            self.warn(f"{exc} (the editor's coach settings are ignored)", lsp.MessageType.Error)
        try:
            return self.fallback.for_path(path)
        except CoachError as exc:
            self.warn(f"{exc} (checking with the default settings)", lsp.MessageType.Error)
        return self.defaults

    def check(self, uri: str) -> Checked:
        """Check the document as it is now and publish its diagnostics; then collect the young
        generations, and the oldest once the server is idle (``coach.service.collector``)."""
        self.collector.started()
        try:
            return self._check(uri)
        finally:
            self.collector.finished()

    def _check(self, uri: str) -> Checked:
        self.last_check[uri] = asyncio.get_running_loop().time() if _loop_running() else 0.0
        document = self.workspace.get_text_document(uri)
        text, path = document.source, self.path_of(uri)
        checked = Checked(document.version, text, path, None)
        diagnostics: list[lsp.Diagnostic] = []
        if is_okr_document(self.relative(path), text, self.options.files):
            checked.settings = self.settings_for(path)
            diagnostics = self._read(checked) if text.lstrip("\ufeff").strip() else []
        if checked.report is not None:
            rules = self.rules_for(checked.settings)
            diagnostics = features.diagnostics(checked.report, self.lines(text), rules)
        previous = self.checked.get(uri)
        checked.published = bool(diagnostics) or (previous is not None and previous.published)
        self.checked[uri] = checked
        if checked.published or checked.report is not None:
            self.text_document_publish_diagnostics(
                lsp.PublishDiagnosticsParams(
                    uri=uri, version=document.version, diagnostics=diagnostics
                )
            )
        return checked

    def _read(self, checked: Checked) -> list[lsp.Diagnostic]:
        """Check a document that is not blank (a blank one is a new file, like one with no
        objectives yet: nothing to say); one diagnostic when the coach cannot read it."""
        try:
            checked.report = check_text(checked.text, checked.source, checked.settings)
        except NotOkrError:
            pass  # an OKR file still being written: nothing to say yet
        except InputError as exc:
            problem = exc.problem + (f" ({exc.hint})" if exc.hint else "")
            return [features.input_error_diagnostic(problem, self.lines(checked.text))]
        return []

    def current(self, uri: str) -> Checked:
        """The last check if the document has not changed since, else a new one."""
        document = self.workspace.get_text_document(uri)
        checked = self.checked.get(uri)
        if (
            checked is None
            or checked.version != document.version
            or checked.text != document.source
        ):
            self.cancel_pending(uri)
            checked = self.check(uri)
        return checked

    def schedule(self, uri: str) -> None:
        """Check after a change: at once after a quiet spell, else when ``debounceMs`` have
        passed since the last check (the edits in between are checked together)."""
        if uri in self.pending:
            return
        loop = asyncio.get_running_loop()
        wait = self.last_check.get(uri, -1e9) + self.options.debounce_ms / 1000 - loop.time()
        self.pending[uri] = loop.call_later(max(wait, 0.0), self._run_pending, uri)

    def _run_pending(self, uri: str) -> None:
        self.pending.pop(uri, None)
        if uri in self.workspace.text_documents:
            self.check(uri)

    def cancel_pending(self, uri: str) -> None:
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()

    def forget(self, uri: str) -> None:
        self.cancel_pending(uri)
        self.last_check.pop(uri, None)
        checked = self.checked.pop(uri, None)
        if checked is not None and checked.published:
            self.text_document_publish_diagnostics(
                lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[])
            )

    def recheck_all(self) -> None:
        for uri in list(self.workspace.text_documents):
            self.cancel_pending(uri)
            self.check(uri)

    def context(self, uri: str, checked: Checked) -> features.ActionContext:
        model = checked.settings.model
        label = model.resolved_provider + (f": {model.model}" if model.model else "")
        return features.ActionContext(
            uri=uri,
            version=checked.version,
            source=checked.source,
            text=checked.text,
            lines=self.lines(checked.text),
            rules=self.rules_for(checked.settings),
            rewriter_label=label,
        )

    def info(self, message: str) -> None:
        self.window_show_message(
            lsp.ShowMessageParams(type=lsp.MessageType.Info, message=f"coach: {message}")
        )

    async def show_document(self, params: lsp.ShowDocumentParams, otherwise: str) -> None:
        """``window/showDocument`` where the editor supports it, else ``otherwise`` as a
        message."""
        if self.client_can("window", "show_document", "support"):
            await self.window_show_document_async(params)
        else:
            self.info(otherwise)

    # ---- client capabilities -------------------------------------------------------------

    def client_can(self, *attributes: str) -> bool:
        value: Any = self.client_capabilities
        for name in attributes:
            value = getattr(value, name, None)
            if value is None:
                return False
        return bool(value)


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def build_server() -> CoachServer:
    server = CoachServer()

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: CoachServer, params: lsp.InitializeParams) -> None:
        ls.init_options = params.initialization_options
        ls.configure()

    @server.feature(lsp.INITIALIZED)
    async def initialized(ls: CoachServer, params: lsp.InitializedParams) -> None:
        await pull_configuration(ls)

    @server.feature(lsp.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def changed_configuration(
        ls: CoachServer, params: lsp.DidChangeConfigurationParams
    ) -> None:
        if not await pull_configuration(ls):
            if ls.configure(params.settings):
                ls.recheck_all()

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open_or_save(ls: CoachServer, params: Any) -> None:
        ls.cancel_pending(params.text_document.uri)
        ls.check(params.text_document.uri)

    server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)(did_open_or_save)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: CoachServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: CoachServer, params: lsp.DidCloseTextDocumentParams) -> None:
        ls.forget(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: CoachServer, params: lsp.HoverParams) -> lsp.Hover | None:
        checked = ls.current(params.text_document.uri)
        if checked.report is None:
            return None
        rules = ls.rules_for(checked.settings)
        return features.hover(checked.report, ls.lines(checked.text), params.position, rules)

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(
            code_action_kinds=[lsp.CodeActionKind.QuickFix], resolve_provider=False
        ),
    )
    def code_action(ls: CoachServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        uri = params.text_document.uri
        checked = ls.current(uri)
        if checked.report is None:
            return []
        return features.code_actions(checked.report, ls.context(uri, checked), params.range)

    @server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbol(
        ls: CoachServer, params: lsp.DocumentSymbolParams
    ) -> list[lsp.DocumentSymbol]:
        checked = ls.current(params.text_document.uri)
        if checked.report is None:
            return []
        return features.document_symbols(checked.report, ls.lines(checked.text))

    @server.feature(lsp.TEXT_DOCUMENT_CODE_LENS, lsp.CodeLensOptions(resolve_provider=False))
    def code_lens(ls: CoachServer, params: lsp.CodeLensParams) -> list[lsp.CodeLens]:
        checked = ls.current(params.text_document.uri)
        if checked.report is None:
            return []
        return features.code_lenses(checked.report, ls.lines(checked.text))

    @server.command(features.REWRITE_COMMAND)
    async def rewrite(ls: CoachServer, *args: Any) -> dict | None:
        return await run_rewrite(ls, *args)

    @server.command(features.EXPLAIN_COMMAND)
    async def explain(ls: CoachServer, *args: Any) -> str | None:
        rule_id = str(args[0]) if args else ""
        rules = ls.rules_for(ls.settings_for(None))
        rule = rules.get(rule_id.upper())
        if rule is None:
            ls.warn(f"unknown rule {rule_id!r}")
            return None
        text = features.explain(rule.id, rules)
        await ls.show_document(
            lsp.ShowDocumentParams(uri=rule.link, external=True),
            f"{rule.id} {rule.name}: {' '.join(rule.why.split())} "
            f"Fix: {' '.join(rule.fix.split())} ({rule.link})",
        )
        return text

    @server.command(features.FILL_COMMAND)
    async def fill_placeholder(ls: CoachServer, *args: Any) -> None:
        uri, where = str(args[0]), _range(args[1])
        await ls.show_document(
            lsp.ShowDocumentParams(uri=uri, take_focus=True, selection=where),
            f"type the value over the placeholder on line {where.start.line + 1}, "
            f"column {where.start.character + 1}",
        )

    return server


def _range(data: dict) -> lsp.Range:
    start, end = data["start"], data["end"]
    return lsp.Range(
        start=lsp.Position(line=int(start["line"]), character=int(start["character"])),
        end=lsp.Position(line=int(end["line"]), character=int(end["character"])),
    )


async def pull_configuration(ls: CoachServer) -> bool:
    """Ask the editor for the ``coach`` section (``workspace/configuration``), if it can answer;
    re-check the open documents with the result."""
    if not ls.client_can("workspace", "configuration"):
        return False
    try:
        result = await ls.workspace_configuration_async(
            lsp.ConfigurationParams(items=[lsp.ConfigurationItem(section="coach")])
        )
    except Exception as exc:  # an editor that fails the request: keep what we have
        log.warning("workspace/configuration failed: %s", exc)
        return False
    if ls.configure(*(result or [])):
        ls.recheck_all()
    return True


async def run_rewrite(ls: CoachServer, *args: Any) -> dict | None:
    """``coach.rewrite [uri, version, paths]``: the validated rewrite of the items at ``paths``
    (all flagged items when None), applied with ``workspace/applyEdit``. With a model, each item
    is reported as progress and the user can cancel between items."""
    from coach.service import RewriteRequest, rewrite_text

    uri = str(args[0])
    paths = list(args[2]) if len(args) > 2 and args[2] is not None else None
    checked = ls.current(uri)
    if checked.settings is None:
        ls.warn("not an OKR document the coach checks", lsp.MessageType.Info)
        return None
    context = ls.context(uri, checked)
    token = str(uuid.uuid4()) if ls.client_can("window", "work_done_progress") else None
    loop = asyncio.get_running_loop()
    cancelled = None
    if token is not None:
        await ls.work_done_progress.create_async(token)
        ls.work_done_progress.begin(
            token,
            lsp.WorkDoneProgressBegin(
                title=f"coach: rewriting ({context.rewriter_label})", cancellable=True
            ),
        )
        cancelled = ls.work_done_progress.tokens.get(token)

    def progress(done: int, total: int, line: int) -> None:
        if cancelled is not None and cancelled.cancelled():
            raise RewriteCancelled
        if token is not None and done < total:
            report = lsp.WorkDoneProgressReport(
                message=f"item {done + 1} of {total} (line {line})",
                percentage=int(100 * done / max(total, 1)),
                cancellable=True,
            )
            loop.call_soon_threadsafe(ls.work_done_progress.report, token, report)

    def end(message: str) -> None:
        if token is not None:
            ls.work_done_progress.end(token, lsp.WorkDoneProgressEnd(message=message))

    request = RewriteRequest(
        text=checked.text,
        source=checked.source,
        settings=checked.settings,
        items=None if paths is None else tuple(paths),
        progress=progress,
    )
    try:
        result = await asyncio.to_thread(rewrite_text, request)
    except RewriteCancelled:
        end("cancelled")
        return {"applied": False, "reason": "cancelled"}
    except CoachError as exc:
        end("failed")
        ls.warn(str(exc), lsp.MessageType.Error)
        return {"applied": False, "reason": str(exc)}
    edits, changes = features.rewrite_edits(result, context.lines, paths)
    if not edits:
        notes = [c.note for c in result.changes if paths is None or c.path in paths]
        why = next((n for n in notes if n), "no rewrite passed the checks")
        end("nothing to change")
        ls.info(why)
        return {"applied": False, "reason": why}
    origins = sorted({c.origin for c in changes})
    label = f"coach rewrite ({', '.join(origins)})"
    answer = await ls.workspace_apply_edit_async(
        lsp.ApplyWorkspaceEditParams(edit=features.document_edit(context, edits), label=label)
    )
    end(
        f"{len(changes)} item{'s' if len(changes) != 1 else ''} rewritten"
    )  # an objective a table repeats: one item, several edits
    return {
        "applied": bool(answer and answer.applied),
        "origins": origins,
        "changes": [c.to_json() for c in changes],
    }


def serve() -> None:
    """Run the server on stdin/stdout until the editor says exit."""
    take_over()  # the server runs the full collections, between checks
    build_server().start_io()
