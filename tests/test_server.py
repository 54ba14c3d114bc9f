"""`copylint server` driven over stdio by a real LSP client (pytest-lsp): diagnostics, hover, code actions."""
from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

pytest_lsp = pytest.importorskip("pytest_lsp", reason="the server tests need the test extra (pytest-lsp, pygls)")
from lsprotocol import types  # noqa: E402
from pygls.protocol import default_converter  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402

SERVER = [sys.executable, "-m", "copylint", "server", "--debounce", "50"]
TIMEOUT = 30  # a hang guard, not a speed target

CLAIMS = ("# Hair clinic\n\nBook a scalp consultation. Our exosomes are FDA-approved.\n\n"
          "Enjoy thicker hair with no side effects.\n")


def _capabilities(encodings=None) -> types.ClientCapabilities:
    caps = pytest_lsp.client_capabilities("visual-studio-code")
    if encodings is not None:
        caps.general = types.GeneralClientCapabilities(position_encodings=encodings)
    return caps


def _client() -> LanguageClient:
    """pytest-lsp's test client, also keeping every publishDiagnostics in order and the registrations."""
    from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

    def published(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)  # waiting for "the next" notification can miss one

    def register(client: LanguageClient, params: types.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)

    client = LanguageClient(converter_factory=default_converter)
    client.published, client.seen, client.registrations = [], {}, []
    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: published,
                                   types.CLIENT_REGISTER_CAPABILITY: register})
    return client


async def _start(root: Path, encodings=None) -> LanguageClient:
    client = await ClientServerConfig(server_command=SERVER, client_factory=_client).start()
    client.initialized_with = await client.initialize_session(types.InitializeParams(
        capabilities=_capabilities(encodings), root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="site")]))
    return client


async def _stop(client: LanguageClient) -> None:
    await client.shutdown_session()
    await client.stop()


async def _diagnostics(client: LanguageClient, uri: str, version: int) -> list[types.Diagnostic]:
    """The next diagnostics the server publishes for this version of the document (not one seen before)."""
    async def wait():
        while True:
            for i in range(client.seen.get(uri, 0), len(client.published)):
                params = client.published[i]
                if params.uri == uri and params.version == version:
                    client.seen[uri] = i + 1
                    return list(params.diagnostics)
            await asyncio.sleep(0.02)
    return await asyncio.wait_for(wait(), TIMEOUT)


def _open(client: LanguageClient, uri: str, text: str, language: str = "markdown", version: int = 1) -> None:
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id=language, version=version, text=text)))


def _change(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))


def _utf16_offset(text: str, pos: types.Position) -> int:
    """Code-point offset of an LSP position counted in UTF-16 units (an independent reference)."""
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[:pos.line])
    units = 0
    for i, ch in enumerate(lines[pos.line]):
        if units >= pos.character:
            return start + i
        units += 2 if ord(ch) > 0xFFFF else 1
    return start + len(lines[pos.line])


def _edits(action: types.CodeAction, uri: str, version: int) -> list[types.TextEdit]:
    """The action's edits for this document, checking they are tied to the version linted."""
    change, = action.edit.document_changes
    assert change.text_document.uri == uri and change.text_document.version == version
    return change.edits


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        lo, hi = _utf16_offset(text, edit.range.start), _utf16_offset(text, edit.range.end)
        text = text[:lo] + edit.new_text + text[hi:]
    return text


def _by_code(diags, code):
    return [d for d in diags if d.code == code]


@pytest.mark.asyncio
async def test_diagnostics_hover_and_rewrite_over_stdio(tmp_path):
    """initialize, open, hover, code action, change, shutdown: the applied rewrite leaves no finding there."""
    client = await _start(tmp_path)
    try:
        uri = (tmp_path / "page.md").as_uri()  # never written: the buffer is the only copy
        _open(client, uri, CLAIMS)
        diags = await _diagnostics(client, uri, 1)
        fda, = _by_code(diags, "regulatory.fda-approved")
        line = CLAIMS.split("\n")[2]
        assert (fda.range.start.line, fda.range.start.character) == (2, line.index("FDA-approved"))
        assert fda.range.end.character == line.index("FDA-approved") + len("FDA-approved")
        assert fda.severity == types.DiagnosticSeverity.Error and fda.source == "copylint"
        assert fda.code_description.href.startswith("https://")
        side, = _by_code(diags, "safety.no-side-effects")

        hover = await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=side.range.start))
        assert "safety.no-side-effects" in hover.contents.value
        assert "Suggested rewrite" in hover.contents.value and "References" in hover.contents.value
        from copylint.rulepack import load_rules

        rule = load_rules().by_id()["safety.no-side-effects"]
        assert rule.references[0] in hover.contents.value
        assert all(w in hover.contents.value for w in rule.description.split()[:4] if w.isalpha())
        nothing = await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(2, 0)))
        assert nothing is None

        actions = await client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=side.range,
            context=types.CodeActionContext(diagnostics=[side])))
        rewrite = next(a for a in actions if a.title.startswith("Rewrite"))
        assert rewrite.is_preferred
        fixed = _apply(CLAIMS, _edits(rewrite, uri, 1))
        assert "no side effects" not in fixed and "Our exosomes are FDA-approved." in fixed
        _change(client, uri, fixed, 2)
        after = await _diagnostics(client, uri, 2)
        assert not _by_code(after, "safety.no-side-effects")
        assert not [d for d in after if d.range.start.line == side.range.start.line]
        assert _by_code(after, "regulatory.fda-approved")  # the other claim is still reported

        untitled = "untitled:Untitled-1"  # a new buffer never saved: linted by its language
        _open(client, untitled, "Our exosomes are FDA-approved.\n")
        assert _by_code(await _diagnostics(client, untitled, 1), "regulatory.fda-approved")
    finally:
        await _stop(client)


@pytest.mark.asyncio
@pytest.mark.parametrize("name, language, text", [
    ("page.md", "markdown", "Intro line.\n\nOur exosomes are FDA-approved.\n"),
    ("page.md", "markdown", "- Book a visit.\n- Our exosomes are FDA-approved.\n"),
    ("page.html", "html", "<html><body>\n  <p>Our exosomes are FDA-approved.</p>\n</body></html>\n"),
    ("notes.txt", "plaintext", "Draft for the spring page.\nOur exosomes are FDA-approved.\n"),
])
async def test_suppression_action_silences_the_finding(tmp_path, name, language, text):
    """The directive inserted in the document's own comment syntax silences exactly that finding."""
    client = await _start(tmp_path)
    try:
        uri = (tmp_path / name).as_uri()
        _open(client, uri, text, language)
        fda, = _by_code(await _diagnostics(client, uri, 1), "regulatory.fda-approved")
        actions = await client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=fda.range,
            context=types.CodeActionContext(diagnostics=[fda])))
        suppress = next(a for a in actions if a.title.startswith("Suppress regulatory.fda-approved"))
        fixed = _apply(text, _edits(suppress, uri, 1))
        assert "copylint: disable" in fixed and "-- " in fixed
        _change(client, uri, fixed, 2)
        after = await _diagnostics(client, uri, 2)
        assert not _by_code(after, "regulatory.fda-approved")
        assert not _by_code(after, "copylint.unused-suppression")
    finally:
        await _stop(client)


@pytest.mark.asyncio
async def test_missing_disclosures_inserted_at_the_end(tmp_path):
    text = "# Exosome hair sessions\n\nBook your exosome scalp session today for thicker hair.\n"
    client = await _start(tmp_path)
    try:
        uri = (tmp_path / "offer.md").as_uri()
        _open(client, uri, text)
        diags = await _diagnostics(client, uri, 1)
        missing = [d for d in diags if d.code.startswith("disclosure.")]
        assert len(missing) == 3
        actions = await client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=missing[0].range,
            context=types.CodeActionContext(diagnostics=missing)))
        every = next(a for a in actions if a.title.startswith("Add the missing disclosures"))
        fixed = _apply(text, _edits(every, uri, 1))
        assert fixed.startswith(text) and fixed.endswith("\n") and "\n\n\n" not in fixed
        _change(client, uri, fixed, 2)
        after = await _diagnostics(client, uri, 2)
        assert not [d for d in after if d.code.startswith("disclosure.")]
    finally:
        await _stop(client)


@pytest.mark.asyncio
async def test_ranges_count_utf16_units_after_astral_characters(tmp_path):
    """An emoji before the claim is two UTF-16 units: the range must say so (a UTF-32 client gets one)."""
    text = "\U0001F600\U0001F600 Our exosomes are FDA-approved.\n"
    starts = {}
    for encodings in (None, [types.PositionEncodingKind.Utf32]):
        client = await _start(tmp_path, encodings)
        try:
            uri = (tmp_path / "emoji.md").as_uri()
            _open(client, uri, text)
            fda, = _by_code(await _diagnostics(client, uri, 1), "regulatory.fda-approved")
            starts[str(encodings)] = (fda.range.start.character, fda.range.end.character)
        finally:
            await _stop(client)
    col = text.index("FDA")
    assert starts["None"] == (col + 2, col + 2 + len("FDA-approved"))
    assert starts[str([types.PositionEncodingKind.Utf32])] == (col, col + len("FDA-approved"))


@pytest.mark.asyncio
async def test_config_per_file_and_bad_config_keeps_the_server_running(tmp_path):
    """Each file gets the config `check` would find; a broken config is one error naming file and line."""
    (tmp_path / "legal").mkdir()
    (tmp_path / "legal" / ".copylint.yaml").write_text("ignore: [regulatory]\n")
    (tmp_path / ".copylint.yaml").write_text("exclude: [archive/*]\n")
    text = "Our exosomes are FDA-approved.\n"
    client = await _start(tmp_path)
    try:
        top, legal = (tmp_path / "a.md").as_uri(), (tmp_path / "legal" / "b.md").as_uri()
        _open(client, top, text)
        assert _by_code(await _diagnostics(client, top, 1), "regulatory.fda-approved")
        watch, = [r for r in client.registrations if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
        assert "**/.copylint.yaml" in [w["globPattern"] for w in watch.register_options["watchers"]]
        archived = (tmp_path / "archive" / "old.md").as_uri()
        _open(client, archived, text)
        assert list(await _diagnostics(client, archived, 1)) == []  # excluded, as `check` would skip it
        _open(client, legal, text)
        assert not _by_code(await _diagnostics(client, legal, 1), "regulatory.fda-approved")

        config = tmp_path / "legal" / ".copylint.yaml"
        config.write_text("ignore: [regulatory]\nselct: [safety]\n")
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]))
        assert list(await _diagnostics(client, legal, 1)) == []
        await asyncio.sleep(0.2)
        errors = [m for m in client.messages if m.type == types.MessageType.Error]
        assert len(errors) == 1 and ".copylint.yaml:2:" in errors[0].message and "selct" in errors[0].message
        on_config = client.diagnostics[config.as_uri()]
        assert len(on_config) == 1 and on_config[0].range.start.line == 1

        config.write_text("select: [regulatory]\n")  # fixed: the open draft is linted again
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]))
        assert _by_code(await _diagnostics(client, legal, 1), "regulatory.fda-approved")
        await asyncio.sleep(0.2)
        assert list(client.diagnostics[config.as_uri()]) == []
    finally:
        await _stop(client)


@pytest.mark.asyncio
async def test_rule_pack_edit_relints_and_a_bad_pack_names_its_line(tmp_path):
    packs = tmp_path / "house"
    packs.mkdir()
    (tmp_path / ".copylint.yaml").write_text("rules: [house]\n")
    pack = packs / "house.yaml"
    good = ("pack: house\nrules:\n  - id: glow\n    kind: pattern\n    category: hype\n    severity: warning\n"
            "    message: Glow claim.\n    triggers: [glow]\n    patterns: ['\\mglow\\s+guaranteed\\M']\n"
            "    examples: {fail: ['Glow guaranteed.'], pass: ['A soft glow.']}\n")
    pack.write_text(good)
    client = await _start(tmp_path)
    try:
        uri = (tmp_path / "p.md").as_uri()
        _open(client, uri, "Glow guaranteed after one visit.\n")
        glow, = _by_code(await _diagnostics(client, uri, 1), "house.glow")
        assert glow.code_description.href == pack.as_uri()  # no reference: the rule's own definition
        _open(client, pack.as_uri(), pack.read_text(), language="yaml")  # a pack is not a draft
        assert list(await _diagnostics(client, pack.as_uri(), 1)) == []

        pack.write_text(good.replace("severity: warning", "severity: loud"))
        client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(pack.as_uri())))
        assert list(await _diagnostics(client, uri, 1)) == []
        await asyncio.sleep(0.2)
        error, = [m for m in client.messages if m.type == types.MessageType.Error]
        assert "house.yaml" in error.message and "glow" in error.message
        assert client.diagnostics[pack.as_uri()][0].range.start.line == 2  # the line of `id: glow`

        # the server is still there and answers
        _change(client, uri, "Glow guaranteed, twice.\n", 2)
        assert list(await _diagnostics(client, uri, 2)) == []
        # fixed on disk with no notification at all (an editor that watches no files): the next lint sees it
        pack.write_text(good.replace("severity: warning", "severity: info"))
        _change(client, uri, "Glow guaranteed, three times.\n", 3)
        glow, = _by_code(await _diagnostics(client, uri, 3), "house.glow")
        assert glow.severity == types.DiagnosticSeverity.Information
        await asyncio.sleep(0.2)
        assert list(client.diagnostics[pack.as_uri()]) == []
    finally:
        await _stop(client)


@pytest.mark.asyncio
async def test_mdx_suppression_is_offered_only_where_copylint_reads_it(tmp_path):
    """MDX takes `{/* copylint: ... */}`; while the library does not read that form, no such fix is offered."""
    from copylint.server.linting import DraftLinter

    supported = DraftLinter().mdx_directives()
    text = "import Card from './card'\n\nOur exosomes are FDA-approved.\n"
    client = await _start(tmp_path)
    try:
        uri = (tmp_path / "page.mdx").as_uri()
        _open(client, uri, text, "mdx")
        fda, = _by_code(await _diagnostics(client, uri, 1), "regulatory.fda-approved")
        actions = await client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=fda.range,
            context=types.CodeActionContext(diagnostics=[fda])))
        suppress = [a for a in actions if a.title.startswith("Suppress")]
        if not supported:
            assert suppress == []
            return
        fixed = _apply(text, _edits(suppress[0], uri, 1))
        assert "{/* copylint: disable-next-line regulatory.fda-approved -- " in fixed and "<!--" not in fixed
        _change(client, uri, fixed, 2)
        assert not _by_code(await _diagnostics(client, uri, 2), "regulatory.fda-approved")
    finally:
        await _stop(client)


def _position16(text: str, offset: int) -> types.Position:
    """LSP position (UTF-16 units; lines end at LF only here) of a code-point offset: an independent reference."""
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    return types.Position(line, len(text[start:offset].encode("utf-16-le")) // 2)


@pytest.mark.asyncio
async def test_incremental_edits_land_where_the_editor_made_them(tmp_path):
    """Ranged edits below a U+2028, a form feed and emoji (not line ends in LSP) give the buffer the editor has."""
    text = "# Offer \U0001F600\n\nIntro\u2028still line two\x0c and more \U0001F600\U0001F600.\n\nWe are glad.\n"
    edits = [("We are glad.", "Our exosomes are FDA-approved."), ("Intro", "Our stem cells\U0001F600 cure arthritis. "),
             ("line two", "")]
    client = await _start(tmp_path)
    try:
        assert client.initialized_with.capabilities.text_document_sync.change == types.TextDocumentSyncKind.Incremental
        uri = (tmp_path / "page.md").as_uri()
        _open(client, uri, text)
        await _diagnostics(client, uri, 1)
        for version, (old, new) in enumerate(edits, 2):
            at = text.index(old)
            rng = types.Range(_position16(text, at), _position16(text, at + len(old)))
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangePartial(range=rng, text=new)]))
            text = text[:at] + new + text[at + len(old):]
        got = await _diagnostics(client, uri, len(edits) + 1)
        fresh = (tmp_path / "fresh.md").as_uri()
        _open(client, fresh, text)
        want = await _diagnostics(client, fresh, 1)
        assert [(d.code, d.range) for d in got] == [(d.code, d.range) for d in want]
        assert {"regulatory.fda-approved", "disease.treats-condition"} <= {d.code for d in got}
    finally:
        await _stop(client)
