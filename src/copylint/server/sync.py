"""Incremental document sync done the LSP way: lines end at CRLF, CR or LF only.

With incremental sync the editor sends only the edited range of a 1 MB draft, not the whole
buffer on each keystroke. pygls applies such an edit with Python's `str.splitlines()`, which
also ends lines at U+2028, form feeds and other separators, so an edit below one of those lands
on the wrong line. This protocol applies each edit itself, through the same position table the
diagnostics use (`LspText`: the negotiated encoding's code units), and hands pygls the result
as the whole new text.
"""
from __future__ import annotations

from urllib.parse import unquote

from lsprotocol import types
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

from .positions import LspText


def apply_change(text: str, change, encoding: str = "utf-16") -> str:
    """The buffer after one content change: a range replaced, or the whole text sent."""
    rng = getattr(change, "range", None)
    if rng is None:
        return change.text
    lsp = LspText(text, encoding)
    start = lsp.offset(rng.start.line, rng.start.character)
    end = max(start, lsp.offset(rng.end.line, rng.end.character))
    return text[:start] + change.text + text[end:]


class SyncProtocol(LanguageServerProtocol):
    """pygls's protocol, with didChange applied by `apply_change`."""

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams):
        """Update the document's text, then run the server's own didChange handler."""
        doc = self.workspace.text_documents.get(unquote(params.text_document.uri))
        if doc is not None:
            encoding = getattr(self.workspace.position_encoding, "value", self.workspace.position_encoding)
            text = doc.source
            for change in params.content_changes:
                text = apply_change(text, change, encoding or "utf-16")
            doc.apply_change(types.TextDocumentContentChangeWholeDocument(text=text))
            doc.version = params.text_document.version
        handler = self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)
        if handler is not None:
            yield handler, (params,), None
