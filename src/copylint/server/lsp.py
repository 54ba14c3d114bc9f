"""The language server: pygls features over the adapter (linting), quick fixes and hovers.

Documents are synced incrementally: the editor sends the edited range, which sync.py applies
with LSP's own line ends (pygls's would also split lines at U+2028 and form feeds). A re-lint
matches only the blocks whose text changed (incremental.py). Linting runs in one worker
thread, so the server keeps answering while a large draft is linted; a result for a version
the editor has moved past is dropped.
"""
from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from .. import __version__
from .convert import Linted, diagnostic, fixes_in, overlaps, to_code_action
from .hover import hover_markdown
from .linting import DraftLinter, Outcome, Sentences, is_mdx, kind_of, lintable, where
from .positions import LspText
from .sync import SyncProtocol

WATCHED = ("**/.copylint.yaml", "**/.copylint.yml", "**/pyproject.toml", "**/*.yaml", "**/*.yml")


class CopylintServer(LanguageServer):
    """pygls server state: open documents' results, pending lints, errors shown."""

    def __init__(self, debounce: float = 0.25):
        super().__init__("copylint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
                         protocol_cls=SyncProtocol)
        self.debounce = debounce
        self.drafts = DraftLinter()
        self.linted: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.Task] = {}
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="copylint-lint")
        self.errors: dict[str, str] = {}  # document -> the config/pack error that stops its lint
        self.shown_errors: set[str] = set()
        self.error_files: dict[str, list[str]] = {}  # config/pack file -> the errors published on it
        self.error_diags: dict[str, list[types.Diagnostic]] = {}

    # ------------------------------------------------------------ linting

    def schedule(self, uri: str, delay: float = 0.0) -> None:
        """Lint `uri` after `delay` seconds, replacing a lint not started yet."""
        old = self.pending.pop(uri, None)
        if old is not None:
            old.cancel()
        self.pending[uri] = asyncio.get_running_loop().create_task(self._lint_later(uri, delay))

    async def _lint_later(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        linted = await self.lint_now(uri)
        if linted is not None:
            self.publish(uri, linted)

    async def lint_now(self, uri: str) -> Linted | None:
        """Lint the document's current buffer (in the worker thread); None if it closed or changed meanwhile."""
        doc = self.open_document(uri)
        if doc is None:
            return None
        version, text = doc.version, doc.source
        path = to_fs_path(uri) if uri.startswith("file:") else None
        kind = kind_of(path or uri, doc.language_id)
        display, folder = self._display(path)
        if lintable(path or uri, doc.language_id):
            outcome = await asyncio.get_running_loop().run_in_executor(
                self.pool, self.drafts.lint, path, text, kind, display, folder)
        else:
            outcome = Outcome(excluded=True)
        current = self.open_document(uri)
        if current is None or current.version != version:
            return None
        encoding = getattr(self.workspace.position_encoding, "value", self.workspace.position_encoding) or "utf-16"
        linted = Linted(version, outcome, LspText(text, encoding), Sentences(text, kind, outcome.config, outcome.blocks), kind,
                        is_mdx(path, doc.language_id))
        self.linted[uri] = linted
        return linted

    def open_document(self, uri: str):
        """The editor's buffer for `uri`, or None: never a copy read from disk (pygls's get_text_document would)."""
        return self.workspace.text_documents.get(unquote(uri))

    async def current(self, uri: str) -> Linted | None:
        """The result for the document's current version, linting it now if needed."""
        doc = self.open_document(uri)
        linted = self.linted.get(uri)
        if doc is not None and (linted is None or linted.version != doc.version):
            linted = await self.lint_now(uri)
        return linted

    def _display(self, path: str | None) -> tuple[str | None, str | None]:
        """The path as `copylint check` run from the workspace root names it, and where an untitled
        buffer's config is looked up (the root: the server runs there, see `initialize`)."""
        if path is None:
            return None, os.getcwd()
        rel = os.path.relpath(path)
        return (path if rel.startswith("..") else rel), None

    def publish(self, uri: str, linted: Linted) -> None:
        """Send the document's diagnostics; a config/pack error goes to that file instead."""
        outcome = linted.outcome
        self.note_error(uri, outcome.error)
        diagnostics = [diagnostic(f, outcome.rules.get(f.rule), linted.positions) for f in outcome.findings]
        diagnostics += self.error_diags.get(uri, [])  # an open config or pack keeps its error
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=linted.version))

    def note_error(self, uri: str, error: str | None) -> None:
        """A bad config or rule pack: one notification while it lasts, one diagnostic on that file at its line."""
        if error:
            self.errors[uri] = error
        else:
            self.errors.pop(uri, None)
        current = set(self.errors.values())
        self.shown_errors &= current  # an error that comes back after a fix is shown again
        for new in sorted(current - self.shown_errors):
            self.shown_errors.add(new)
            self.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"copylint: {new}"))
        by_file: dict[str, list[types.Diagnostic]] = {}
        for message in sorted(current):
            path, line = where(message)
            if path:
                here = types.Range(types.Position(line - 1, 0), types.Position(line, 0))
                by_file.setdefault(from_fs_path(os.path.abspath(path)), []).append(types.Diagnostic(
                    range=here, message=message, severity=types.DiagnosticSeverity.Error, source="copylint"))
        for file_uri in set(self.error_files) | set(by_file):
            messages = [d.message for d in by_file.get(file_uri, [])]
            if self.error_files.get(file_uri) != messages:
                self.text_document_publish_diagnostics(
                    types.PublishDiagnosticsParams(uri=file_uri, diagnostics=by_file.get(file_uri, [])))
        self.error_files = {u: [d.message for d in ds] for u, ds in by_file.items()}
        self.error_diags = by_file

    def settings_changed(self) -> None:
        """A config file or rule pack changed: reload and re-lint every open document."""
        self.drafts.forget()
        self.shown_errors.clear()  # an error still there after the edit is shown again
        for doc in list(self.workspace.text_documents.values()):
            self.schedule(doc.uri)


def build(debounce: float = 0.25) -> CopylintServer:
    """The server with its features registered."""
    server = CopylintServer(debounce)

    @server.feature(types.INITIALIZE)
    def initialize(ls: CopylintServer, params: types.InitializeParams) -> None:
        # Work from the (first) workspace folder, as `copylint check` run from the project root
        # does: relative rule folders, globs and paths in messages then read the same.
        folders = [f.uri for f in params.workspace_folders or []] or [params.root_uri or ""]
        root = to_fs_path(folders[0]) if folders[0].startswith("file:") else params.root_path
        if root and os.path.isdir(root):
            os.chdir(root)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: CopylintServer, params: types.InitializedParams) -> None:
        caps = ls.client_capabilities.workspace
        watch = getattr(caps, "did_change_watched_files", None) if caps else None
        if watch is not None and watch.dynamic_registration:
            watchers = [types.FileSystemWatcher(glob_pattern=g) for g in WATCHED]
            await ls.client_register_capability_async(types.RegistrationParams(registrations=[types.Registration(
                id="copylint-settings", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))]))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: CopylintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: CopylintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, ls.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: CopylintServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if uri.startswith("file:") and ls.drafts.is_settings_file(to_fs_path(uri)):
            ls.settings_changed()
        else:
            ls.schedule(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: CopylintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        task = ls.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        ls.linted.pop(uri, None)
        ls.drafts.close(to_fs_path(uri) if uri.startswith("file:") else None)
        ls.note_error(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: CopylintServer, params: types.DidChangeWatchedFilesParams) -> None:
        if any(c.uri.startswith("file:") and ls.drafts.is_settings_file(to_fs_path(c.uri)) for c in params.changes):
            ls.settings_changed()

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: CopylintServer, params: types.HoverParams) -> types.Hover | None:
        linted = await ls.current(params.text_document.uri)
        if linted is None:
            return None
        here = types.Range(params.position, params.position)
        found = [f for f in linted.outcome.findings if overlaps(linted, here, f)]
        if not found:
            return None
        text = hover_markdown(found, linted.outcome.rules)
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    async def code_action(ls: CopylintServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        uri = params.text_document.uri
        linted = await ls.current(uri)
        if linted is None:
            return None
        # In the worker thread: a rewrite reads the draft's sentences, which for a large draft takes
        # as long as part of a lint, and the server must go on answering meanwhile.
        fixes = await asyncio.get_running_loop().run_in_executor(ls.pool, fixes_in, linted, params.range, ls.drafts)
        caps = ls.client_capabilities.workspace
        versioned = bool(caps and caps.workspace_edit and caps.workspace_edit.document_changes)
        return [to_code_action(uri, linted, fix, versioned) for fix in fixes]

    return server


def serve(debounce: float = 0.25) -> None:
    """Run the server on stdin/stdout until the client says exit."""
    import gc

    server = build(debounce)
    # As `check` does: linting makes many short-lived objects and few cycles, so collect less
    # often and never rescan what was loaded at start (a 1 MB draft re-lints ~5% faster).
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    server.start_io()
