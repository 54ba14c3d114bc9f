"""Frame matching over words: a frame's slots are looked up in dictionaries, not compiled into a regex.

A frame's lists hold hundreds of inflected forms; compiled into regex named lists they cost
milliseconds each to build, more than linting a small draft. A FramePattern instead reads the
block as words once (shared by every frame run on it), looks each word up in the lists'
first-word dictionaries, and follows the frame item by item, allowing up to `gap` words
between items (none across punctuation, none before a glued item), leftmost match first, an
optional item taken when present, the fewest gap words first: the regex that `compile_frame`
writes for the same frame (kept as `.pattern` for the benchmark's baselines) reads the same.
It answers `search`/`finditer` like a compiled pattern, with match objects that name each slot.
"""
from __future__ import annotations

import regex

from .frames import BUILTIN, DEFAULT_GAP, compile_frame, parse, slot_group, trigger_words

_WORD = regex.compile(r"[\w'%]+")
_JOIN = regex.compile(r"[\s-]+")
_NUMBER_WORDS = ("one two three four five six seven eight nine ten eleven twelve several a an few").split()
_NUMBER_PHRASES = (("a", "few"), ("a", "couple", "of"), ("a", "couple"), ("the", "first"), ("the", "second"),
                   ("the", "third"), ("the", "sixth"))
_RANGE = frozenset({"to", "or"})


class _Words:
    """A text read as words: spans, folded words and whether each word joins the next cleanly."""

    __slots__ = ("text", "starts", "ends", "low", "joined")

    def __init__(self, text: str):
        self.text = text
        self.starts, self.ends, self.low = [], [], []
        for m in _WORD.finditer(text):
            self.starts.append(m.start())
            self.ends.append(m.end())
            self.low.append(m.group().casefold())
        self.joined = [_JOIN.fullmatch(text, self.ends[i], self.starts[i + 1]) is not None
                       for i in range(len(self.starts) - 1)]


_LAST: list = [None, None]  # the last text read and its words: every frame on a block shares them


def _words(text: str) -> _Words:
    if _LAST[0] is not text:
        _LAST[0], _LAST[1] = text, _Words(text)
    return _LAST[1]


class FrameMatch:
    """What a frame matched: a span, and each filled slot by its group name."""

    __slots__ = ("_span", "_groups", "string")

    def __init__(self, string: str, span: tuple[int, int], groups: dict[str, tuple[int, int]]):
        self.string, self._span, self._groups = string, span, groups

    def span(self, group=0) -> tuple[int, int]:
        return self._span if group == 0 else self._groups.get(group, (-1, -1))

    def start(self, group=0) -> int:
        return self.span(group)[0]

    def end(self, group=0) -> int:
        return self.span(group)[1]

    def group(self, group=0) -> str | None:
        lo, hi = self.span(group)
        return None if lo < 0 else self.string[lo:hi]

    def groupdict(self) -> dict[str, str | None]:
        return {g: self.string[lo:hi] for g, (lo, hi) in self._groups.items()}


class FramePattern:
    """One frame of a rule, matched word by word (see the module docstring)."""

    def __init__(self, frame: str, where: str, lists: dict, gap: int = DEFAULT_GAP):
        self.frame = frame
        self.pattern = compile_frame(frame, where, lists, gap)  # validates the frame; the baselines' regex
        self.items = parse(frame, where)
        self.gap = gap
        self._lists = lists
        words = trigger_words(frame, where, lists)
        self.literal_sets = (frozenset(words),) if words else ()  # every match holds one of these
        self._index: list | None = None

    def compile(self) -> FramePattern:
        """Build the items' word dictionaries (once)."""
        if self._index is None:
            self._index = [self._item_index(kind, names) for kind, names, _, _ in self.items]
            first = next(i for i, it in enumerate(self.items) if not it[2])
            self._lead = range(first + 1)  # an opening optional item may be absent
        return self

    def _item_index(self, kind: str, names: tuple[str, ...]):
        if kind == "word":
            return {names[0].casefold(): [tuple(_WORD.findall(names[0].casefold()))]}
        if any(n in BUILTIN and n not in self._lists for n in names):
            return None  # {number}
        index: dict[str, list[tuple[str, ...]]] = {}
        for name in names:
            for entry in self._lists.get(name, ()):
                words = tuple(_WORD.findall(entry.casefold()))
                if words:
                    index.setdefault(words[0], []).append(words)
        for options in index.values():
            options.sort(key=len, reverse=True)  # the longest entry first, as a named list matches
        return index

    def search(self, string: str, pos: int = 0, endpos: int | None = None, timeout=None) -> FrameMatch | None:
        return next(self._matches(string, pos, endpos), None)

    def finditer(self, string: str, pos: int = 0, endpos: int | None = None, timeout=None):
        return self._matches(string, pos, endpos)

    def _matches(self, string: str, pos: int, endpos: int | None):
        self.compile()
        w = _words(string)
        end_limit = len(string) if endpos is None else endpos
        n = len(w.low)
        i = 0
        while i < n:
            if w.starts[i] < pos:
                i += 1
                continue
            if w.ends[i] > end_limit:
                return
            found = None
            for first in self._lead:
                found = self._from(w, first, i, {}, n, end_limit)
                if found:
                    break
            if not found:
                i += 1
                continue
            last, groups, cut_end = found
            yield FrameMatch(string, (w.starts[i], cut_end if cut_end is not None else w.ends[last - 1]), groups)
            i = max(last, i + 1)

    def _from(self, w: _Words, k: int, i: int, groups: dict, n: int, end_limit: int):
        """Match items k.. with item k starting at word i: (end word, groups) or None."""
        kind, names, optional, _ = self.items[k]
        for j, cut in self._item_ends(k, w, i, n):
            end = w.ends[j - 1] - cut
            if end > end_limit or (cut and k + 1 < len(self.items) and not self._rest_optional(k + 1)):
                continue  # a word cut before its "'s" ends the match there (as \M does)
            got = dict(groups)
            if kind == "slot":
                got[slot_group(k, names)] = (w.starts[i], end)
            if cut:
                return j, got, end
            rest = self._after(w, k + 1, j, got, n, end_limit)
            if rest:
                return rest
        return None

    def _after(self, w: _Words, k: int, j: int, groups: dict, n: int, end_limit: int):
        """Match items k.. after a previous item that ended before word j."""
        if k == len(self.items):
            return j, groups, None
        _, _, optional, glued = self.items[k]
        reach = 0 if glued else self.gap
        for skip in range(reach + 1):
            start = j + skip
            if start >= n or not w.joined[start - 1]:
                break
            found = self._from(w, k, start, groups, n, end_limit)
            if found:
                return found
        return self._after(w, k + 1, j, groups, n, end_limit) if optional else None

    def _rest_optional(self, k: int) -> bool:
        return all(opt for _, _, opt, _ in self.items[k:])

    def _item_ends(self, k: int, w: _Words, i: int, n: int) -> list[tuple[int, int]]:
        """Where item k, starting at word i, can end: (exclusive word index, characters cut off the
        last word), longest first. A word with an apostrophe ("month's") also ends an entry at
        the apostrophe, as a regex word boundary would."""
        index = self._index[k]
        if index is None:
            return [(j, 0) for j in _number_ends(w, i, n)]
        out = []
        low = w.low
        for entry in index.get(low[i], ()):
            j = i + len(entry)
            if j <= n and tuple(low[i:j]) == entry and all(w.joined[i:j - 1]):
                out.append((j, 0))
        if "'" in low[i]:
            stem = low[i].split("'", 1)[0]
            for entry in index.get(stem, ()):
                if len(entry) == 1:
                    out.append((i + 1, len(low[i]) - len(stem)))
        if out or i + 1 >= n:
            return out
        for entry in index.get(low[i], ()):  # a multi-word entry whose last word has the apostrophe
            j = i + len(entry)
            last = low[j - 1] if j <= n else ""
            if len(entry) > 1 and "'" in last and tuple(low[i:j - 1]) == entry[:-1] \
                    and last.split("'", 1)[0] == entry[-1] and all(w.joined[i:j - 1]):
                out.append((j, len(last) - len(entry[-1])))
        return out

    def __reduce__(self):
        return _rebuild, (self.frame, self._lists, self.gap)

    def __repr__(self) -> str:
        return f"FramePattern({self.frame!r})"


def _rebuild(frame: str, lists: dict, gap: int) -> FramePattern:
    return FramePattern(frame, "frame", lists, gap)


def _one_number(w: _Words, i: int, n: int) -> int | None:
    """The end of one figure or number word at word i (exclusive), or None."""
    word = w.low[i]
    if word.replace(".", "").replace(",", "").isdigit():
        return i + 1
    for phrase in _NUMBER_PHRASES:
        j = i + len(phrase)
        if j <= n and tuple(w.low[i:j]) == phrase and all(w.joined[i:j - 1]):
            return j
    return i + 1 if word in _NUMBER_WORDS else None


def _number_ends(w: _Words, i: int, n: int) -> list[int]:
    """{number}: a figure, a number word or a range of them ("2-4", "two to three")."""
    j = _one_number(w, i, n)
    if j is None:
        return []
    out = [j]
    if j < n and w.joined[j - 1]:
        sep = w.text[w.ends[j - 1]:w.starts[j]]
        if "-" in sep or "–" in sep:
            k = _one_number(w, j, n)
            if k:
                out.insert(0, k)
        elif w.low[j] in _RANGE and j + 1 < n and w.joined[j]:
            k = _one_number(w, j + 1, n)
            if k:
                out.insert(0, k)
    return out
