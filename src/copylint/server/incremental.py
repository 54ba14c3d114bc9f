"""Re-linting an edited buffer: each block's claim findings are reused while the block is unchanged.

A keystroke changes one block of a large draft; matching and filtering every other block again
is most of a re-lint. `IncrementalLinter` is the library's `Linter` (the same per-file pipeline:
read, fold, match, filter, document rules, suppress) with one step memoised: the findings of a
block (`Linter._block_findings`). A block's findings depend only on what the key holds: its text,
scope and offset map, the source text it was read from, the document's path, and the page-level
context its claims were judged in (the first regulated therapy, the genre). A block that moved is
reused with its offsets shifted and its lines and columns computed again in the new text.
Everything else (reading, document rules such as required disclosures, suppressions) runs on
every lint, and a new config or rule pack builds a new linter, whose memo starts empty.
"""
from __future__ import annotations

from dataclasses import replace

from ..engine import Linter
from ..findings import Finding


class BlockMemo:
    """One document's block findings from its last lint (entries of older lints are dropped)."""

    def __init__(self) -> None:
        self.linter: Linter | None = None
        self.previous: dict[tuple, tuple[int, list[Finding], int]] = {}
        self.current: dict[tuple, tuple[int, list[Finding], int]] = {}
        self.folds: dict[str, tuple] = {}  # block text -> (folded text, its map): the last lint's
        self.new_folds: dict[str, tuple] = {}
        self.hits = self.misses = 0  # blocks reused and matched in the last lint
        self.blocks: list = []  # the blocks of copy the last lint read, in order
        self.linted: tuple | None = None  # (path, kind, text) of the last lint, and its report
        self.report = None

    def start(self, linter: Linter) -> None:
        """Begin a lint: what the last one kept becomes reusable (all of it, with the same linter)."""
        same = linter is self.linter
        self.previous, self.folds = (self.current, self.new_folds) if same else ({}, {})
        self.current, self.new_folds, self.linter = {}, {}, linter
        self.hits = self.misses = 0
        self.blocks = []


class IncrementalLinter(Linter):
    """A Linter that reuses the findings of blocks a document's previous lint already matched."""

    memo: BlockMemo | None = None
    whole_pages = True  # each block is matched once per lint: the memo and the quick fixes see it once

    def lint_with(self, doc, memo: BlockMemo):
        """`lint(doc)` (a FileReport), reusing and refilling the document's memo. The same text
        again with the same linter (a save, a re-lint after an unrelated file changed) gives the
        last report without reading the draft again."""
        linted = (doc.path, doc.kind, doc.text)
        if memo.linter is self and memo.linted == linted:
            memo.hits = memo.misses = 0
            return memo.report
        memo.start(self)
        memo.linted = memo.report = None
        self.memo = memo
        try:
            report = self.lint(doc)
        finally:
            self.memo = None
        memo.linted, memo.report = linted, report
        return report

    def folded(self, text: str):
        """The block text folded (as the last lint folded it, if it read the same text)."""
        memo = self.memo
        if memo is None:
            return super().folded(text)
        got = memo.new_folds.get(text) or memo.folds.get(text) or super().folded(text)
        memo.new_folds[text] = got
        return got

    def _block_findings(self, unit, text, path, lines, doc, explain=None) -> list[Finding]:
        """The block's findings from the memo (shifted to where the block now stands), else matched."""
        memo = self.memo
        if memo is None or explain is not None:
            return super()._block_findings(unit, text, path, lines, doc, explain)
        block = unit.block
        memo.blocks.append(block)  # every block of the draft passes here: the quick fixes read them
        start, end = block.map.start(0), block.map.end(len(block.text))
        key = (path, doc.has_therapy, doc.genre, doc.therapy, doc.product, doc.disclosed, block.scope, block.text, text[start:end],
               block.map.shape())
        entry = memo.current.get(key) or memo.previous.get(key)
        if entry is None:
            memo.misses += 1
            found = super()._block_findings(unit, text, path, lines, doc, explain)
        else:
            memo.hits += 1
            base, cached, unit.present = entry
            found = [_moved(f, start - base, lines) for f in cached]
        memo.current[key] = (start, found, unit.present)
        return found


def _moved(finding: Finding, delta: int, lines) -> Finding:
    """The finding of a block that now starts `delta` characters later, placed in the new text."""
    start, end = finding.start + delta, finding.end + delta
    line, column = lines.line_col(start)
    end_line, end_column = lines.line_col(end)
    if (start, line, column, end_line, end_column) == (finding.start, finding.line, finding.column,
                                                       finding.end_line, finding.end_column):
        return finding
    return replace(finding, start=start, end=end, line=line, column=column, end_line=end_line,
                   end_column=end_column)
