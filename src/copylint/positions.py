"""Offset maps from derived text back to its source, and line/column lookup in the original file."""
from __future__ import annotations

from array import array
from bisect import bisect_right


class OffsetMap:
    """Maps offsets of a derived string to offsets of the string it was built from.

    The derived string is a sequence of pieces: a *copy* piece reproduces source characters
    one to one; a *synthetic* piece stands for a whole source range (an entity, a folded
    character, an inserted separator) and maps every inner offset to that range.
    """

    __slots__ = ("_dst", "_src", "_srclen", "_copy", "length")

    def __init__(self) -> None:
        # Compact arrays, not lists of int objects: a block's map has a piece per line break,
        # entity and folded character, and as lists the maps took several times the copy's size.
        self._dst = array("q")
        self._src = array("q")
        self._srclen = array("q")
        self._copy = array("b")
        self.length = 0

    def add(self, dst_len: int, src_start: int, src_len: int, copy: bool) -> None:
        if dst_len <= 0:
            return
        if (
            copy
            and self._copy
            and self._copy[-1]
            and self._src[-1] + self._srclen[-1] == src_start
            and self._dst[-1] + self._srclen[-1] == self.length
        ):
            self._srclen[-1] += src_len
        else:
            self._dst.append(self.length)
            self._src.append(src_start)
            self._srclen.append(src_len)
            self._copy.append(copy)
        self.length += dst_len

    def shape(self) -> tuple:
        """The map with source offsets made relative to its first one: two maps of one shape map
        the same derived text alike wherever their source stands (a cache key for moved blocks)."""
        base = self._src[0] if self._src else 0
        return (tuple(self._dst), tuple(s - base for s in self._src), tuple(self._srclen), tuple(self._copy))

    def _piece(self, pos: int) -> int:
        return max(0, bisect_right(self._dst, pos) - 1)

    def pieces(self, start: int, end: int):
        """(derived start, derived end, source offset, source length, copy) of each piece in [start, end).

        Pieces are clipped to the range; a copy piece's source offset is that of its first
        character in the range, a synthetic piece's is the start of the range it stands for.
        """
        dst, n = self._dst, len(self._dst)
        i = self._piece(start) if n else 0
        while i < n and dst[i] < end:
            lo = dst[i]
            hi = dst[i + 1] if i + 1 < n else self.length
            a, b = max(lo, start), min(hi, end)
            if a < b:
                src = self._src[i] + (a - lo) if self._copy[i] else self._src[i]
                yield a, b, src, self._srclen[i], self._copy[i]
            i += 1

    def start(self, pos: int) -> int:
        """Source offset of the derived character at `pos`."""
        if not self._dst:
            return 0
        if pos >= self.length:
            return self.end(self.length)
        i = self._piece(pos)
        if self._copy[i]:
            return self._src[i] + (pos - self._dst[i])
        return self._src[i]

    def end(self, pos: int) -> int:
        """Source offset just after the derived character at `pos - 1` (an exclusive end)."""
        if not self._dst:
            return 0
        if pos <= 0:
            return self.start(0)
        i = self._piece(pos - 1)
        if self._copy[i]:
            return self._src[i] + (pos - self._dst[i])
        return self._src[i] + self._srclen[i]


class IdentityMap:
    """The OffsetMap of a text derived as an unchanged copy of its source (one copy piece), answering
    as that map does without building its arrays: most blocks of copy fold to themselves."""

    __slots__ = ("length",)

    def __init__(self, length: int) -> None:
        self.length = length

    def start(self, pos: int) -> int:
        return min(pos, self.length) if self.length else 0

    def end(self, pos: int) -> int:
        return max(pos, 0) if self.length else 0

    def pieces(self, start: int, end: int):
        a, b = max(start, 0), min(end, self.length)
        if a < b:
            yield a, b, a, self.length, True

    def shape(self) -> tuple:
        return ((0,), (0,), (self.length,), (1,)) if self.length else ((), (), (), ())


class TextBuilder:
    """Builds a derived string from a source string while recording its OffsetMap."""

    __slots__ = ("source", "parts", "map")

    def __init__(self, source: str) -> None:
        self.source = source
        self.parts: list[str] = []
        self.map = OffsetMap()

    def copy(self, start: int, end: int) -> None:
        if end > start:
            self.parts.append(self.source[start:end])
            self.map.add(end - start, start, end - start, True)

    def synth(self, text: str, start: int, end: int) -> None:
        """Emit `text` standing for source[start:end] (text may be empty: a deletion)."""
        if text:
            self.parts.append(text)
            self.map.add(len(text), start, end - start, False)

    def text(self) -> str:
        return "".join(self.parts)

    def tail_char(self) -> str:
        for part in reversed(self.parts):
            if part:
                return part[-1]
        return ""


class Chain:
    """Composition of offset maps, innermost (closest to the derived text) first."""

    __slots__ = ("maps",)

    def __init__(self, *maps: OffsetMap) -> None:
        self.maps = maps

    def start(self, pos: int) -> int:
        for m in self.maps:
            pos = m.start(pos)
        return pos

    def end(self, pos: int) -> int:
        for m in self.maps:
            pos = m.end(pos)
        return pos


class LineIndex:
    """Line and column (1-based, in code points) of offsets in the original text.

    CRLF, lone CR and LF all end a line, as editors show them. It keeps, every BLOCK
    characters, the number of line ends so far and where the current line started, and
    counts within one block per lookup: a file of fifty million empty lines costs a few
    hundred kilobytes, not gigabytes of line starts.
    """

    __slots__ = ("_ends", "_starts", "text")
    BLOCK = 4096

    def __init__(self, text: str) -> None:
        self.text = text
        ends, starts = [0], [0]
        for lo in range(0, len(text), self.BLOCK):
            hi = min(lo + self.BLOCK, len(text))
            ends.append(ends[-1] + self._ends_in(lo, hi))
            last = self._last_start(lo, hi)
            starts.append(starts[-1] if last is None else last)
        self._ends, self._starts = ends, starts

    def _ends_in(self, lo: int, hi: int) -> int:
        """Line ends at positions in (lo, hi]: LFs and CRs before hi, a CRLF counted once."""
        t = self.text
        return t.count("\n", lo, hi) + t.count("\r", lo, hi) - t.count("\r\n", lo, hi + 1)

    def _last_start(self, lo: int, hi: int) -> int | None:
        """The last line start in (lo, hi], if a line ends there."""
        t = self.text
        cr = t.rfind("\r", lo, hi)
        if cr >= 0 and cr == hi - 1 and t.startswith("\n", hi):
            cr = t.rfind("\r", lo, hi - 1)  # that CR's line ends after the LF, beyond hi
        last = max(t.rfind("\n", lo, hi), cr)
        return None if last < 0 else last + 1

    def span(self, start: int, end: int) -> tuple[int, int, int, int]:
        """(line, column, end line, end column) of text[start:end]: `line_col` of both ends, the end
        worked out from the start where no line ends between them (a claim rarely spans lines)."""
        line, col = self.line_col(start)
        t = self.text
        if t.find("\n", start, end) < 0 and t.find("\r", start, end) < 0:
            return line, col, line, col + (end - start)
        return (line, col, *self.line_col(end))

    def line_col(self, offset: int) -> tuple[int, int]:
        block = min(offset // self.BLOCK, len(self._ends) - 1)
        lo = block * self.BLOCK
        line = self._ends[block] + self._ends_in(lo, offset) + 1
        start = self._last_start(lo, offset)
        if start is None:
            start = self._starts[block]
        return line, offset - start + 1
