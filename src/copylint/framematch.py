"""Frame matching over words: a frame's slots are looked up in dictionaries, not compiled into a regex.

A frame's lists hold hundreds of inflected forms; compiled into regex named lists they cost
milliseconds each to build, more than linting a small draft. A FramePattern instead reads the
block as words once (shared by every frame run on it), looks each word up in the lists'
first-word dictionaries, and follows the frame item by item, allowing up to `gap` words
between items (none across punctuation, none before a glued item), leftmost match first, an
optional item taken when present, the fewest gap words first: the regex that `compile_frame`
writes for the same frame (kept as `.pattern` for the benchmark's baselines) reads the same.
It answers `search`/`finditer` like a compiled pattern, with match objects that name each slot.
Two differences from that regex, both in the word matcher's favour: a list entry joined by a
hyphen matches word by word, and an entry that begins or ends in a symbol ("'re", '100%') can
open or end an item, which the regex's word boundaries cannot (tests/test_matching_equivalence.py).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from itertools import accumulate, chain

from . import programs
from .frames import BUILTIN, DEFAULT_GAP, compile_frame, parse, required_word_sets, slot_group

_WORD = programs.compile(r"[\w'%]+")
_SPLIT = programs.compile(r"([\w'%]+)")
_SPLIT_ASCII = re.compile(r"([\w'%]+)", re.ASCII)  # for ASCII copy only: the same words, split quicker
_PLAIN_JOINS = frozenset({" ", "-", "\n", " - "})  # the usual separators, known to join without translating
_JOINERS = {ord(c): None for c in " \t\n\r\f\v\u00a0-"}  # what may stand between two joined words
_NUMBER_WORDS = ("one two three four five six seven eight nine ten eleven twelve several a an few").split()
_NUMBER_PHRASES = (("a", "few"), ("a", "couple", "of"), ("a", "couple"), ("the", "first"), ("the", "second"),
                   ("the", "third"), ("the", "sixth"))
_RANGE = frozenset({"to", "or"})
MAX_NUMBER_WORDS = 7  # the longest {number}: "a couple of" to "a couple of"


class _Words:
    """A text read as words: spans, folded words and whether each word joins the next cleanly."""

    __slots__ = ("text", "starts", "ends", "low", "joined", "_at", "_vocab", "_parts")

    def __init__(self, text: str):
        self.text = text
        # separator, word, separator, ...: split in C, no Python work per word. ASCII copy (most
        # of it) is split once, lower-cased: the same lengths, and `re` reads \w as `regex` does there.
        if text.isascii():
            parts = _SPLIT_ASCII.split(text.lower())
            self.low = parts[1::2]
        else:
            parts = _SPLIT.split(text)
            self.low = [w.casefold() for w in parts[1::2]]
        self._parts = parts
        self.starts = self.ends = self.joined = None  # see place(): most frames need a word the block lacks
        self._at: dict[str, list[int]] | None = None
        self._vocab: set[str] | None = None

    def place(self) -> _Words:
        """Work out the words' spans and joins (once): needed only where a frame's words all stand."""
        if self.starts is None:
            parts = self._parts
            places = list(accumulate(map(len, parts), initial=0))
            self.ends = places[2::2][:len(self.low)]
            self.joined = [sep in _PLAIN_JOINS or not sep.translate(_JOINERS) for sep in parts[2:-1:2]]
            self.starts = places[1:-1:2]  # last: a thread that sees it sees the others
        return self

    def vocab(self) -> set[str]:
        """The keys of `at()` (each word, and the stem of each word with an apostrophe), made in C:
        most frames are ruled out by a required word missing, before any position is needed."""
        if self._vocab is None:
            vocab = set(self.low)
            if "'" in self.text:
                vocab.update([w.split("'", 1)[0] for w in vocab if "'" in w])
            self._vocab = vocab
        return self._vocab

    def at(self) -> dict[str, list[int]]:
        """Each word's positions (built on first use); a word with an apostrophe also under its stem."""
        if self._at is None:
            at: defaultdict[str, list[int]] = defaultdict(list)
            for i, word in enumerate(self.low):
                at[word].append(i)
            for word in [w for w in at if "'" in w]:
                stem = word.split("'", 1)[0]
                at[stem] = sorted(at[stem] + at[word]) if stem in at else list(at[word])
            self._at = dict(at)
        return self._at


_LAST: list = [None]  # the last text's _Words: every frame on a block shares them


def _words(text: str) -> _Words:
    words = _LAST[0]  # one read, and a _Words knows its own text: never another block's words
    if words is None or words.text is not text:
        words = _LAST[0] = _Words(text)
    return words


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


_INDEXES: dict[tuple, tuple[dict, dict]] = {}  # (slot's lists, id(vocabulary lists)) -> (those lists, index)


class FramePattern:
    """One frame of a rule, matched word by word (see the module docstring)."""

    def __init__(self, frame: str, where: str, lists: dict, gap: int = DEFAULT_GAP):
        self.frame = frame
        self.pattern = compile_frame(frame, where, lists, gap)  # validates the frame; the baselines' regex
        self.items = parse(frame, where)
        self.gap = gap
        self._lists = lists
        # every match holds a word of each required slot: the prefilter runs the frame only where
        # one of each stands (the smallest few slots; a figure slot has no words to look for)
        self.literal_sets = required_word_sets(self.items, lists)[:3]
        self._index: list | None = None

    def compile(self) -> FramePattern:
        """Build the items' word dictionaries (once)."""
        if self._index is None:
            self._index = [self._item_index(kind, names) for kind, names, _, _ in self.items]
            first = next(i for i, it in enumerate(self.items) if not it[2])
            self._lead = range(first + 1)  # an opening optional item may be absent
            lead = [self._index[k] for k in self._lead]
            # the words a match can start with (None: a figure can, so every word is a start)
            self._first_words = None if any(ix is None for ix in lead) else frozenset().union(*lead)
            self._anchors = self._anchor_items(first)
        return self

    def _anchor_items(self, first: int) -> list[tuple[frozenset, int]]:
        """For each required item after the first one that has words: (its first words, the most words
        its start can lie after the match's start). A start without each of them near enough after it
        cannot begin a match, which most starts in a block are ruled out by at the cost of a bisect."""
        anchors, reach = [], 0
        for k, (_, _, optional, glued) in enumerate(self.items):
            if k and not glued:
                reach += self.gap
            if k > first and not optional and self._index[k] is not None:
                anchors.append((frozenset(self._index[k]), reach))
            ix = self._index[k]
            reach += MAX_NUMBER_WORDS if ix is None else max((len(e) for es in ix.values() for e in es), default=1)
        return anchors

    def _item_index(self, kind: str, names: tuple[str, ...]):
        if kind == "word":
            return {names[0].casefold(): [tuple(_WORD.findall(names[0].casefold()))]}
        if any(n in BUILTIN and n not in self._lists for n in names):
            return None  # {number}
        # Frames that use the same lists share one dictionary (read-only once built): a small draft
        # compiles a few dozen frames, most of them over the same few lists.
        memo = _INDEXES.get((names, id(self._lists)))
        if memo is not None and memo[0] is self._lists:
            return memo[1]
        index: dict[str, list[tuple[str, ...]]] = {}
        for name in names:
            for entry in self._lists.get(name, ()):
                words = tuple(_WORD.findall(entry.casefold()))
                if words:
                    index.setdefault(words[0], []).append(words)
        for options in index.values():
            options.sort(key=len, reverse=True)  # the longest entry first, as a named list matches
        if len(_INDEXES) > 512:  # many rule sets in one process (tests, a server): keep it bounded
            _INDEXES.clear()
        _INDEXES[(names, id(self._lists))] = (self._lists, index)
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
        vocab = w.vocab()
        if (self._first_words is not None and self._first_words.isdisjoint(vocab)) or any(
                words.isdisjoint(vocab) for words, _ in self._anchors):
            return  # a word the frame cannot do without is not in the text
        at = w.at()
        anchors = []
        for words, reach in self._anchors:
            places = _places(words, at)
            if not places:
                return  # a required item's words are not in the text
            anchors.append((places, reach))
        w.place()
        # only where a word that can open the frame stands (a figure can: then at every word)
        starts = range(n) if self._first_words is None else _places(self._first_words, at)
        after = 0  # matches do not overlap
        for i in starts:
            if i < after or w.starts[i] < pos:
                continue
            if anchors and not _all_near(anchors, i):
                continue
            if w.ends[i] > end_limit:
                return
            found = None
            for first in self._lead:
                found = self._from(w, first, i, {}, n, end_limit)
                if found:
                    break
            if not found:
                continue
            last, groups, cut_end = found
            yield FrameMatch(string, (w.starts[i], cut_end if cut_end is not None else w.ends[last - 1]), groups)
            after = max(last, i + 1)

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


def _places(words: frozenset, at: dict[str, list[int]]) -> list[int]:
    """The sorted word positions of any of `words`."""
    hits = words.intersection(at)
    if len(hits) == 1:
        return at[next(iter(hits))]
    return sorted(chain.from_iterable(map(at.__getitem__, hits)))


def _all_near(anchors: list[tuple[list[int], int]], i: int) -> bool:
    """Does each anchor have a place in (i, i + reach]?"""
    for places, reach in anchors:
        k = bisect_right(places, i)
        if k == len(places) or places[k] > i + reach:
            return False
    return True


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
