"""`coach lsp` end to end: pytest-lsp starts the real server process (``python -m coach lsp``) and
speaks the protocol to it as an editor would (docs/editors.md)."""

from __future__ import annotations

import asyncio
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Union

import pytest

pytest_lsp = pytest.importorskip("pytest_lsp")

from lsprotocol import types as lsp  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

DRAFT = """\
## Objective: Make onboarding effortless for every new user

- Launch the new onboarding flow by Week 6
- Reduce time to first value from 3 days to 1 day by end of Q3
"""
CLEAN = """\
## Objective: Make onboarding effortless for every new user

- Increase onboarding completion rate from 45% to 70% by end of Q3
- Reduce time to first value from 3 days to 1 day by end of Q3
"""


def _client() -> LanguageClient:
    """pytest-lsp's client, applying the server's ``workspace/applyEdit`` to its own copy of
    each document, as an editor does (then it tells the server with didChange)."""
    client = pytest_lsp.make_test_lsp_client()
    client.applied = []  # type: ignore[attr-defined]
    converter = client.protocol._converter

    def action_or_command(data: dict, _: type) -> lsp.Command | lsp.CodeAction:
        # lsprotocol 2025.0.0 reads any answer with a "command" key as a Command, so a
        # CodeAction carrying a command would lose its title's action; editors tell them
        # apart by the type of "command" (a string only in a Command)
        if isinstance(data.get("command"), str):
            return converter.structure(data, lsp.Command)
        return converter.structure(data, lsp.CodeAction)

    converter.register_structure_hook(Union[lsp.Command, lsp.CodeAction], action_or_command)  # noqa: UP007
    client.published = []  # type: ignore[attr-defined]
    features = client.protocol.fm.features
    record = features[lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

    def publish_diagnostics(*args) -> None:  # every publication's (uri, version), in order
        client.published.append((args[-1].uri, args[-1].version))  # type: ignore[attr-defined]
        record(*args)

    features[lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish_diagnostics

    @client.feature(lsp.WORKSPACE_APPLY_EDIT)
    def apply_edit(params: lsp.ApplyWorkspaceEditParams) -> lsp.ApplyWorkspaceEditResult:
        client.applied.append(params)  # type: ignore[attr-defined]
        return lsp.ApplyWorkspaceEditResult(applied=True)

    return client


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "coach", "lsp"], client_factory=_client
    )
)
async def client(lsp_client: LanguageClient, tmp_path):
    lsp_client.tmp_path = tmp_path  # type: ignore[attr-defined]
    params = lsp.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=tmp_path.as_uri(),
        workspace_folders=[lsp.WorkspaceFolder(uri=tmp_path.as_uri(), name="drafts")],
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


def _open(client: LanguageClient, name: str, text: str, language: str = "markdown") -> str:
    path = client.tmp_path / name  # type: ignore[attr-defined]
    path.parent.mkdir(parents=True, exist_ok=True)
    uri = path.as_uri()
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)
        )
    )
    return uri


async def _diagnostics(client: LanguageClient, uri: str, until=None) -> list[lsp.Diagnostic]:
    """The document's diagnostics once published (and, with ``until``, once they satisfy it:
    a check of an earlier version may still be on its way)."""
    while True:
        await asyncio.wait_for(
            client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), timeout=20
        )
        found = client.diagnostics.get(uri)
        if found is not None and (until is None or until([d.code for d in found])):
            return list(found)


def _change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def _apply(text: str, edits: list[lsp.TextEdit]) -> str:
    """Apply protocol edits (UTF-16 columns) as an editor does."""
    lines = text.split("\n")

    def offset(position: lsp.Position) -> int:
        before = sum(len(line) + 1 for line in lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        units, index = 0, 0
        while index < len(line) and units < position.character:
            units += 2 if ord(line[index]) > 0xFFFF else 1
            index += 1
        return before + index

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character))[::-1]:
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


@pytest.mark.asyncio
async def test_open_publishes_diagnostics_with_code_severity_and_docs_link(client):
    uri = _open(client, "q3-okrs.md", DRAFT)
    diagnostics = await _diagnostics(client, uri)
    [task] = [d for d in diagnostics if d.code == "OKR201"]
    assert task.severity == lsp.DiagnosticSeverity.Error
    assert task.source == "coach"
    assert "task" in task.message
    assert task.code_description.href.endswith("#okr201-output-as-key-result")
    assert task.range.start == lsp.Position(line=2, character=2)
    assert task.range.end == lsp.Position(line=2, character=len(DRAFT.split("\n")[2]))


@pytest.mark.asyncio
async def test_only_okr_files_are_checked(client):
    _open(client, "notes.md", DRAFT)  # the name does not say OKR, no front matter
    front = "---\nquarter: Q3 2026\n---\n" + DRAFT
    uri = _open(client, "planning.md", front)  # OKR front matter
    diagnostics = await _diagnostics(client, uri)
    assert any(d.code == "OKR201" for d in diagnostics)
    assert list(client.diagnostics) == [uri]


@pytest.mark.asyncio
async def test_an_empty_draft_gets_nothing_as_one_with_no_objectives_yet(client):
    # found driving `coach lsp` with a script: a new, empty q3-okrs.md was an Error
    # diagnostic "empty file" at once, and so was a draft whose text was deleted to start over
    _open(client, "q3-okrs.md", "")
    _open(client, "q4-okrs.md", "\ufeff \n\t\n")
    uri = _open(client, "okrs.md", DRAFT)
    assert any(d.code == "OKR201" for d in await _diagnostics(client, uri))
    assert list(client.diagnostics) == [uri]
    _change(client, uri, 2, "")
    assert await _diagnostics(client, uri, until=lambda codes: "OKR201" not in codes) == []


@pytest.mark.asyncio
async def test_did_change_updates_the_diagnostics(client):
    uri = _open(client, "okrs/team.okr.md", DRAFT)
    assert any(d.code == "OKR201" for d in await _diagnostics(client, uri))
    client.diagnostics.clear()
    _change(client, uri, 2, CLEAN)
    assert await _diagnostics(client, uri, until=lambda codes: "OKR201" not in codes) == []
    client.diagnostics.clear()
    _change(client, uri, 3, DRAFT)
    await _diagnostics(client, uri, until=lambda codes: "OKR201" in codes)


@pytest.mark.asyncio
async def test_a_burst_of_changes_is_checked_once_at_the_end_of_the_quiet_spell(client):
    uri = _open(client, "okrs.md", DRAFT)
    await _diagnostics(client, uri)
    assert client.published == [(uri, 1)]
    text = DRAFT
    for version in range(2, 22):  # typing: 20 changes well within debounceMs of each other
        text = text.replace("Week 6", f"Week {version}")
        _change(client, uri, version, text)
    await _diagnostics(client, uri, until=lambda codes: client.published[-1][1] == 21)
    # one check at the end of the spell (on a loaded machine the first change may come after
    # the spell and be checked at once: still not one check per change)
    assert client.published[0] == (uri, 1) and client.published[-1] == (uri, 21)
    assert len(client.published) <= 3


@pytest.mark.asyncio
async def test_positions_are_utf16_code_units(client):
    # "🚀" is one code point and two UTF-16 units; "é" one of each
    text = DRAFT.replace(
        "- Launch the new onboarding flow by Week 6",
        "- Launch the new café onboarding flow 🚀 by Week 6",
    )
    uri = _open(client, "okrs.md", text)
    diagnostics = await _diagnostics(client, uri)
    [task] = [d for d in diagnostics if d.code == "OKR201"]
    line = text.split("\n")[2]
    units = len(line.encode("utf-16-le")) // 2
    assert task.range.end == lsp.Position(line=2, character=units)
    assert units == len(line) + 1
    assert task.range.start == lsp.Position(line=2, character=2)
    # hovering over the last character (in UTF-16 units) finds the finding
    hover = await client.text_document_hover_async(
        lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            position=lsp.Position(line=2, character=units - 1),
        )
    )
    assert hover is not None and "OKR201" in hover.contents.value


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "coach", "lsp"], client_factory=_client
    )
)
async def neovim(lsp_client: LanguageClient, tmp_path):
    """A client with Neovim 0.11's capabilities: it offers UTF-8 positions first."""
    lsp_client.tmp_path = tmp_path  # type: ignore[attr-defined]
    result = await lsp_client.initialize_session(
        lsp.InitializeParams(
            capabilities=client_capabilities("neovim@v0.11.0"), root_uri=tmp_path.as_uri()
        )
    )
    assert result.capabilities.position_encoding == lsp.PositionEncodingKind.Utf8
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_positions_follow_the_encoding_the_client_chose(neovim):
    text = DRAFT.replace("Launch the new", "Launch the new café 🚀")
    uri = _open(neovim, "okrs.md", text)
    [task] = [d for d in await _diagnostics(neovim, uri) if d.code == "OKR201"]
    line = text.split("\n")[2]
    assert task.range.end == lsp.Position(line=2, character=len(line.encode("utf-8")))


@pytest.mark.asyncio
async def test_hover_explains_the_rule(client):
    uri = _open(client, "okrs.md", DRAFT)
    await _diagnostics(client, uri)
    hover = await client.text_document_hover_async(
        lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            position=lsp.Position(line=2, character=10),
        )
    )
    text = hover.contents.value
    assert hover.contents.kind == lsp.MarkupKind.Markdown
    for part in ("**OKR201 output-as-key-result**", "**Why:**", "**Fix:**", "**Weak:**"):
        assert part in text
    assert "**Strong:**" in text and "#okr201-output-as-key-result" in text
    nothing = await client.text_document_hover_async(
        lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            position=lsp.Position(line=1, character=0),
        )
    )
    assert nothing is None


async def _actions(client, uri: str, line: int, character: int = 4) -> list[lsp.CodeAction]:
    return await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            range=lsp.Range(
                start=lsp.Position(line=line, character=character),
                end=lsp.Position(line=line, character=character),
            ),
            context=lsp.CodeActionContext(diagnostics=[]),
        )
    )


@pytest.mark.asyncio
async def test_rewrite_action_applies_a_workspace_edit_that_clears_the_diagnostics(client):
    uri = _open(client, "okrs.md", DRAFT)
    assert "OKR201" in [d.code for d in await _diagnostics(client, uri)]
    actions = await _actions(client, uri, 2)
    titles = [a.title for a in actions]
    assert "Rewrite with coach (offline)" in titles
    assert "Explain OKR201 (output-as-key-result)" in titles
    rewrite = actions[titles.index("Rewrite with coach (offline)")]
    result = await client.workspace_execute_command_async(
        lsp.ExecuteCommandParams(
            command=rewrite.command.command, arguments=rewrite.command.arguments
        )
    )
    assert result["applied"] is True and result["origins"] == ["offline"]
    [applied] = client.applied
    assert applied.label == "coach rewrite (offline)"
    [document_edit] = applied.edit.document_changes
    assert document_edit.text_document.version == 1
    new_text = _apply(DRAFT, document_edit.edits)
    assert "Launch the new onboarding flow" not in new_text
    assert "from [baseline] to [target]" in new_text  # never an invented number
    client.diagnostics.clear()
    _change(client, uri, 2, new_text)
    await _diagnostics(client, uri, until=lambda codes: "OKR201" not in codes)
    # the work was reported as progress
    assert any(
        isinstance(p, lsp.WorkDoneProgressEnd)
        for reports in client.progress_reports.values()
        for p in reports
    )


@pytest.mark.asyncio
async def test_ignore_actions_write_the_comment_the_checker_honours(client):
    text = "---\nquarter: Q3\n---\n" + DRAFT
    uri = _open(client, "okrs.md", text)
    await _diagnostics(client, uri)
    actions = {a.title: a for a in await _actions(client, uri, 5)}
    ignores = (("Ignore OKR201 on this line", 5), ("Ignore OKR201 in this file", 3))
    for version, (title, line) in enumerate(ignores, start=2):
        [change] = actions[title].edit.document_changes
        new_text = _apply(text, change.edits)
        assert "coach-ignore" in new_text.split("\n")[line]
        client.diagnostics.clear()
        _change(client, uri, version, new_text)
        await _diagnostics(client, uri, until=lambda codes: "OKR201" not in codes)


@pytest.mark.asyncio
async def test_fill_placeholder_selects_it_and_explain_opens_the_rule(client):
    text = DRAFT.replace("from 3 days to 1 day", "from [baseline] to 1 day")
    uri = _open(client, "okrs.md", text)
    await _diagnostics(client, uri)
    actions = {a.title: a for a in await _actions(client, uri, 3)}
    fill = actions["Fill placeholder [baseline]"]
    await client.workspace_execute_command_async(
        lsp.ExecuteCommandParams(command=fill.command.command, arguments=fill.command.arguments)
    )
    [shown] = client.shown_documents
    column = text.split("\n")[3].index("[baseline]")
    assert shown.uri == uri and shown.selection.start == lsp.Position(line=3, character=column)
    assert shown.selection.end.character == column + len("[baseline]")
    actions = {a.title: a for a in await _actions(client, uri, 2)}
    explain = actions["Explain OKR201 (output-as-key-result)"]
    markdown = await client.workspace_execute_command_async(
        lsp.ExecuteCommandParams(
            command=explain.command.command, arguments=explain.command.arguments
        )
    )
    assert "**Why:**" in markdown
    assert client.shown_documents[-1].uri.endswith("#okr201-output-as-key-result")
    assert client.shown_documents[-1].external


@pytest.mark.asyncio
async def test_outline_and_code_lens_carry_the_scores(client):
    uri = _open(client, "okrs.md", DRAFT)
    await _diagnostics(client, uri)
    document = lsp.TextDocumentIdentifier(uri=uri)
    [objective] = await client.text_document_document_symbol_async(
        lsp.DocumentSymbolParams(text_document=document)
    )
    assert objective.name == "Make onboarding effortless for every new user"
    assert objective.detail.startswith("score ")
    assert [c.name for c in objective.children] == [
        "Launch the new onboarding flow by Week 6",
        "Reduce time to first value from 3 days to 1 day by end of Q3",
    ]
    assert all(c.detail.startswith("score ") for c in objective.children)
    [lens] = await client.text_document_code_lens_async(lsp.CodeLensParams(text_document=document))
    assert lens.range.start.line == 0 and lens.command.title.startswith("coach: score ")


@pytest.mark.asyncio
async def test_settings_from_initialization_and_configuration(client):
    client.set_configuration({"coach": {"ignore": ["OKR201"], "files": ["plans/*.md"]}})
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings=None))
    await asyncio.sleep(0.5)
    uri = _open(client, "plans/q3.md", DRAFT)
    diagnostics = await _diagnostics(client, uri)
    assert "OKR201" not in [d.code for d in diagnostics]


@pytest.mark.asyncio
async def test_the_project_config_file_applies_under_the_editor_settings(client):
    (client.tmp_path / ".coach.toml").write_text('ignore = ["OKR201"]\n')
    uri = _open(client, "okrs.md", DRAFT)
    codes = [d.code for d in await _diagnostics(client, uri)]
    assert "OKR201" not in codes and codes  # the other findings are still there


YAML_DRAFT = """\
objectives:
  - objective: Make onboarding effortless for every new user
    key_results:
      - Launch the new onboarding flow by Week 6
      - Reduce time to first value from 3 days to 1 day by end of Q3
"""


@pytest.mark.asyncio
async def test_yaml_drafts_are_checked_and_rechecked_on_save(client):
    uri = _open(client, "team.okrs.yaml", YAML_DRAFT, language="yaml")
    [task] = [d for d in await _diagnostics(client, uri) if d.code == "OKR201"]
    assert task.range.start == lsp.Position(line=3, character=8)
    titles = [a.title for a in await _actions(client, uri, 3, character=12)]
    assert "Rewrite with coach (offline)" in titles
    assert not [t for t in titles if t.startswith("Ignore")]  # HTML comments: Markdown only
    client.diagnostics.clear()
    client.text_document_did_save(
        lsp.DidSaveTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
    )
    assert "OKR201" in [d.code for d in await _diagnostics(client, uri)]


@pytest.mark.asyncio
async def test_shutdown_then_exit_ends_the_process_with_0(client):
    uri = _open(client, "okrs.md", DRAFT)
    await _diagnostics(client, uri)
    await client.shutdown_session()
    assert client._server.returncode == 0
    client.capabilities = None  # the fixture's own shutdown has nothing left to do


@pytest.mark.asyncio
async def test_invalid_editor_settings_are_shown_and_left_out(client):
    client.set_configuration({"coach": {"provider": "nonsense", "apiKey": "sk-nope"}})
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings=None))
    await asyncio.sleep(0.5)
    uri = _open(client, "okrs.md", DRAFT)
    assert "OKR201" in [d.code for d in await _diagnostics(client, uri)]
    shown = [m.message for m in client.messages]
    assert any("only from the environment" in m for m in shown)
    assert any("provider" in m and "settings are ignored" in m for m in shown)


def test_without_pygls_the_command_names_the_extra():
    """`coach lsp` in an install without the lsp extra: one line and exit 3."""
    import subprocess

    code = (
        "import sys; sys.modules['pygls'] = sys.modules['lsprotocol'] = None;"
        "from coach.cli import main\nmain(['lsp'])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 3
    assert out.stderr.strip().splitlines() == [
        "coach: coach lsp needs pygls, which is not installed: pip install 'okr-coach[lsp]'"
    ]


# ---- a model rewrite: progress, then cancelled by the user ---------------------------------

TASKS = """\
## Objective: Make onboarding effortless for every new user

- Launch the new onboarding flow by Week 6
- Ship the redesigned checkout flow
- Conduct 20 user interviews with new sign-ups
"""


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "coach", "lsp"],
        client_factory=_client,
        server_env={
            **os.environ,
            "OPENAI_API_KEY": "test-key-for-a-loopback-double",
            "COACH_CACHE_DIR": tempfile.mkdtemp(prefix="coach-lsp-cache-"),
        },
    )
)
async def model_client(lsp_client: LanguageClient, tmp_path):
    """The server with a model configured through initializationOptions: a scripted
    OpenAI-compatible server on loopback (tests/llm/scripted_server.py) that answers slowly."""
    from llm.scripted_server import ScriptedServer, error_reply

    slow = error_reply(400, "scripted: no proposal")
    slow.delay = 0.6
    with ScriptedServer([], then=slow) as model:
        lsp_client.tmp_path = tmp_path  # type: ignore[attr-defined]
        lsp_client.model = model  # type: ignore[attr-defined]
        params = lsp.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=tmp_path.as_uri(),
            initialization_options={
                "coach": {"model": "scripted-model", "baseUrl": model.base_url}
            },
        )
        await lsp_client.initialize_session(params)
        yield
        await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_a_model_rewrite_reports_progress_and_can_be_cancelled(model_client):
    client = model_client
    uri = _open(client, "okrs.md", TASKS)
    await _diagnostics(client, uri)
    [action] = [a for a in await _actions(client, uri, 2) if a.title.startswith("Rewrite")]
    assert action.title == "Rewrite with coach (openai: scripted-model)"
    running = asyncio.ensure_future(
        client.workspace_execute_command_async(
            lsp.ExecuteCommandParams(command=action.command.command, arguments=[uri, 1, None])
        )
    )
    for _ in range(200):  # the first item's report: the model is being asked
        reports = [
            (token, p)
            for token, values in client.progress_reports.items()
            for p in values
            if isinstance(p, lsp.WorkDoneProgressReport)
        ]
        if reports:
            break
        await asyncio.sleep(0.05)
    token, first = reports[0]
    assert first.message.startswith("item 1 of 3") and first.cancellable
    client.window_work_done_progress_cancel(lsp.WorkDoneProgressCancelParams(token=token))
    result = await asyncio.wait_for(running, timeout=30)
    assert result == {"applied": False, "reason": "cancelled"}
    assert client.applied == []
    assert 1 <= len(client.model.requests) < 3  # the items after the cancel were never sent
    [end] = [p for p in client.progress_reports[token] if isinstance(p, lsp.WorkDoneProgressEnd)]
    assert end.message == "cancelled"


@pytest.mark.asyncio
async def test_rewriting_one_line_asks_the_model_about_that_line_only(model_client):
    """With a model, "Rewrite this line" proposes one item (the others are never sent), the
    offline fallback applied to that line alone."""
    client = model_client
    uri = _open(client, "okrs.md", TASKS)
    await _diagnostics(client, uri)
    chosen = "objectives[0].key_results[1]"  # "Ship the redesigned checkout flow"
    result = await asyncio.wait_for(
        client.workspace_execute_command_async(
            lsp.ExecuteCommandParams(command="coach.rewrite", arguments=[uri, 1, [chosen]])
        ),
        timeout=60,
    )
    assert result["applied"] is True
    assert [c["path"] for c in result["changes"]] == [chosen]
    assert client.model.requests, "the model was not asked"
    items = {
        match.group(1)
        for r in client.model.requests
        for m in r.messages
        for match in re.finditer(r"<draft_item>\n(.*?)\n</draft_item>", str(m["content"]))
    }
    assert items == {"Ship the redesigned checkout flow"}
    [applied] = client.applied
    new_text = _apply(TASKS, applied.edit.document_changes[0].edits)
    assert "Launch the new onboarding flow by Week 6" in new_text
    assert "Conduct 20 user interviews with new sign-ups" in new_text
    assert "Ship the redesigned checkout flow" not in new_text
    reports = [p for values in client.progress_reports.values() for p in values]
    assert any(
        isinstance(p, lsp.WorkDoneProgressReport) and p.message.startswith("item 1 of 1")
        for p in reports
    )


# ---- the pieces, without a process -------------------------------------------------------


def test_settings_from_an_editor():
    from coach.lsp.settings import parse_settings

    vscode = {
        "server": {"command": "coach", "args": ["lsp"]},
        "files": ["plans/**/*.md"],
        "debounceMs": 40,
        "configFile": None,
        "select": [],
        "ignore": ["OKR4"],
        "model": "qwen2.5",
        "baseUrl": "http://localhost:8080/v1",
    }
    settings = parse_settings({"coach": {"debounceMs": 500}}, {"coach": vscode})
    assert settings.files == ("plans/**/*.md",) and settings.debounce_ms == 40
    assert settings.select is None and settings.ignore == ["OKR4"]
    assert settings.model == {"model": "qwen2.5", "base_url": "http://localhost:8080/v1"}
    assert settings.problems == []
    secret = parse_settings({"apiKey": "sk-…", "colour": "red", "debounceMs": -1})
    assert secret.model == {} and len(secret.problems) == 3
    assert "only from the environment" in secret.problems[0]


def test_positions_convert_between_code_points_and_utf16():
    from coach.lsp.features import Lines

    text = "ab🚀é x\n\ufeffno"
    lines = Lines(text)
    assert lines.position(1, 4) == lsp.Position(line=0, character=4)  # after "ab🚀"
    assert lines.position(1, 6) == lsp.Position(line=0, character=6)
    assert Lines(text, "utf-8").position(1, 5) == lsp.Position(line=0, character=8)
    assert Lines(text, "utf-32").position(1, 5) == lsp.Position(line=0, character=4)
    with_bom = Lines("\ufeff## Objective: é🚀 x")
    assert with_bom.position(1, 1) == lsp.Position(line=0, character=1)


def test_which_files_are_okr_drafts():
    from coach.service.editing import is_okr_document, matches_glob

    assert is_okr_document("q3-OKRs.md", "# notes")
    assert is_okr_document("team/okrs/plan.md", "x")  # globs ignore case
    assert not is_okr_document("team/notes/plan.md", "x")
    assert is_okr_document("planning/OKRs/growth/q3.md", "x")
    assert is_okr_document("okrs.yaml", "objectives: []")
    assert is_okr_document("plan.md", "---\nquarter: Q3\n---\n# Plan")
    assert not is_okr_document("plan.md", "---\ntitle: Q3\n---\n# Plan")
    assert not is_okr_document("README.md", "# Objective: none")
    assert matches_glob("a/b/c.md", ["a/**/*.md"]) and matches_glob("a/c.md", ["a/**/*.md"])
    assert not matches_glob("a/b/c.md", ["a/*.md"])
