"""Copylint's findings and quick fixes as LSP objects (diagnostics, code actions), in the client's units."""
from __future__ import annotations

import os
from dataclasses import dataclass

from lsprotocol import types
from pygls.uris import from_fs_path

from .fixes import Fix, disclosure_fix, fixes_for
from .linting import Outcome, Sentences
from .positions import LspText

SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
            "info": types.DiagnosticSeverity.Information}


@dataclass
class Linted:
    """The last lint of one open document."""

    version: int | None
    outcome: Outcome
    positions: LspText
    sentences: Sentences
    kind: str
    mdx: bool


def diagnostic(finding, rule, positions: LspText) -> types.Diagnostic:
    """One finding as an LSP diagnostic (positions in the client's code units)."""
    start = positions.from_line_column(finding.line, finding.column)
    end = positions.from_line_column(finding.end_line, finding.end_column)
    href = finding.references[0] if finding.references else source_uri(rule)
    return types.Diagnostic(
        range=types.Range(types.Position(*start), types.Position(*end)),
        message=finding.message, severity=SEVERITY.get(finding.severity), code=finding.rule,
        code_description=types.CodeDescription(href=href) if href else None, source="copylint",
    )


def source_uri(rule) -> str | None:
    """The rule's own pack file, for rules without a reference (opens the rule's definition)."""
    source = getattr(rule, "source", None)
    return from_fs_path(os.path.abspath(source)) if source and os.path.isfile(source) else None


def overlaps(linted: Linted, rng: types.Range, finding) -> bool:
    """Does the finding touch the range (or hold the position, for an empty range)?"""
    lo = linted.positions.offset(rng.start.line, rng.start.character)
    hi = linted.positions.offset(rng.end.line, rng.end.character)
    start = linted.positions.offset_of(finding.line, finding.column)
    end = linted.positions.offset_of(finding.end_line, finding.end_column)
    return start <= hi and lo <= end if lo != hi else start <= lo <= end


def fixes_in(linted: Linted, rng: types.Range, drafts) -> list[Fix]:
    """Quick fixes for the findings in the range, then one that adds every missing disclosure."""
    text = linted.positions.text
    directives = not linted.mdx or drafts.mdx_directives()
    found = [f for f in linted.outcome.findings if overlaps(linted, rng, f)]
    out = [fix for f in found
           for fix in fixes_for(f, linted.outcome.rules.get(f.rule), text, linted.kind, linted.mdx, linted.sentences,
                                directives)]
    missing = [f for f in linted.outcome.findings if f.category == "missing-disclaimer"]
    if len(missing) > 1 and any(f.category == "missing-disclaimer" for f in found):
        every = disclosure_fix(missing, text, linted.kind)
        if every:
            out.append(every)
    return out


def to_code_action(uri: str, linted: Linted, fix: Fix, versioned: bool) -> types.CodeAction:
    """A Fix as an LSP code action with a workspace edit for this document version."""
    pos = linted.positions
    edits = [types.TextEdit(range=types.Range(types.Position(*pos.position(e.start)), types.Position(*pos.position(e.end))),
                            new_text=e.text) for e in fix.edits]
    finding = fix.finding
    diagnostic_ = diagnostic(finding, linted.outcome.rules.get(finding.rule), pos)
    if versioned:  # the editor refuses the edit if the buffer changed since this lint
        doc = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=linted.version)
        edit = types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(text_document=doc, edits=edits)])
    else:
        edit = types.WorkspaceEdit(changes={uri: edits})
    return types.CodeAction(title=fix.title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic_],
                            is_preferred=fix.preferred or None, edit=edit)
