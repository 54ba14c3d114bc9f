"""LSP positions: copylint's code-point line/column <-> the client's code units (UTF-16 by default).

LSP counts a line's characters in the negotiated encoding's code units: UTF-16 unless the client
and server agreed on UTF-8 or UTF-32. Lines end at CRLF, CR or LF only (as copylint's LineIndex
does), never at U+2028 or a form feed as Python's str.splitlines() would.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate

import regex

_LINE_END = regex.compile(r"\r\n|\r|\n")
_WIDE = {  # characters that take more than one code unit, per encoding
    "utf-16": regex.compile(r"[\U00010000-\U0010FFFF]"),
    "utf-8": regex.compile(r"[^\x00-\x7f]"),
}


def _units(ch: str, encoding: str) -> int:
    if encoding == "utf-16":
        return 2 if ord(ch) > 0xFFFF else 1
    if encoding == "utf-8":
        return len(ch.encode("utf-8", "surrogatepass"))
    return 1


class LspText:
    """One document's line starts and wide characters, for conversions in O(log n)."""

    def __init__(self, text: str, encoding: str = "utf-16"):
        self.text = text
        self.encoding = encoding if encoding in ("utf-8", "utf-16", "utf-32") else "utf-16"
        self.starts = [0] + [m.end() for m in _LINE_END.finditer(text)]
        wide = _WIDE.get(self.encoding)
        found = [(m.start(), _units(m.group(), self.encoding) - 1) for m in wide.finditer(text)] if wide else []
        self.wide = [pos for pos, _ in found]  # offsets of wide characters, ascending
        self.extra = [0, *accumulate(n for _, n in found)]  # extra units before the k-th wide character

    def _extra_before(self, offset: int) -> int:
        return self.extra[bisect_left(self.wide, offset)]

    def line_of(self, offset: int) -> int:
        """0-based line of a code-point offset."""
        return bisect_right(self.starts, offset) - 1

    def position(self, offset: int) -> tuple[int, int]:
        """(line, character) in client units of a code-point offset."""
        offset = max(0, min(offset, len(self.text)))
        line = self.line_of(offset)
        start = self.starts[line]
        return line, offset - start + self._extra_before(offset) - self._extra_before(start)

    def from_line_column(self, line: int, column: int) -> tuple[int, int]:
        """LSP (line, character) of copylint's 1-based line and code-point column."""
        return self.position(self.offset_of(line, column))

    def offset_of(self, line: int, column: int) -> int:
        """Code-point offset of copylint's 1-based line and column."""
        line = max(1, min(line, len(self.starts)))
        return min(self.starts[line - 1] + column - 1, len(self.text))

    def offset(self, line: int, character: int) -> int:
        """Code-point offset of an LSP position (clamped to its line, as the protocol asks)."""
        if line >= len(self.starts):
            return len(self.text)
        start = self.starts[max(line, 0)]
        end = self._line_end(line)
        cp = max(character, 0)
        for k in range(bisect_left(self.wide, start), len(self.wide)):
            pos = self.wide[k]
            if pos >= end or pos - start >= cp:
                break
            cp -= self.extra[k + 1] - self.extra[k]  # a wide character before the position
        return min(start + max(cp, 0), end)

    def _line_end(self, line: int) -> int:
        """Offset where the line's text ends (before its line break)."""
        if line + 1 < len(self.starts):
            nxt = self.starts[line + 1]
            return nxt - (2 if self.text.startswith("\r\n", nxt - 2) else 1)
        return len(self.text)

    def line_text(self, line: int) -> str:
        """The 0-based line's text without its line break."""
        return self.text[self.starts[line]:self._line_end(line)]
