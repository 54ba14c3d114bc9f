r"""Searching a pattern only where a match can start: at its head words, found in one C pass.

A pattern such as `\m(?:treats?|cures?|heals?|...)\s+...` or the subject terms' three named lists
of hundreds of entries costs the `regex` module tens of nanoseconds per character searched: it
tries the whole alternation at every position. Yet every match starts with one of a known set of
strings, its *heads* ('treat', 'cure', 'heal', ...; derived from the pattern itself, see `heads`).
An `Anchored` pattern finds where the heads stand with an Aho-Corasick automaton (pyahocorasick,
in C) and tries the pattern (`match`) only there, leftmost first: since no match can start
anywhere else, the first position that matches is the one `search` finds, and a match there is
the one `search` finds (`match` sees the text before its position, as `search` does). The
answer is the pattern's own, match object and all (tests/test_matching_equivalence.py).

Heads are compared with the copy lower-cased, which keeps its length only in plain ASCII: other
copy, patterns whose heads are not ASCII, too short to select anything (MIN_HEAD) or too many,
are searched the ordinary way.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from .literals import _FUZZY, _MARK, _REGEX_ONLY_FLAGS, _without_fuzzy, to_re_syntax

try:
    import ahocorasick
except ImportError:  # pragma: no cover - a dependency; without it every pattern is searched as it is
    ahocorasick = None

try:  # the parser behind `re.compile`; private, so any surprise means "no heads"
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover
    _sre = _sre_parse = None

MIN_HEAD = 2  # a head this short ('a') stands everywhere: no gain over a plain search
# Heads that stand in nearly every sentence ('is', 'are', 'us' in 'use'): a pattern starting with
# one is tried at so many places that the regex module's own scan is quicker (measured).
COMMON_HEADS = frozenset("is are was were be been being it it' in to of on an as a us the".split())
MAX_HEAD = 8  # heads are cut to this many characters (a longer one selects no better)
MAX_HEADS = 5000
# Fewer different starts than this: the regex module's own scan for a literal prefix is quicker
# (measured on the bundled patterns: one or two heads lose, three or more win, long lists by 3-5x).
MIN_SPREAD = 3
_STEPS = 20_000  # bound on the analysis of one pattern (nested optional groups multiply)


_REPEATS = tuple(op for op in (getattr(_sre, n, None) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"))
                 if op is not None) if _sre is not None else ()


class _GiveUp(Exception):
    """The pattern has no usable heads."""


def heads(pattern: str, lists: dict[str, list[str]]) -> frozenset[str] | None:
    """Lower-cased strings one of which every match of `pattern` starts with (None: none known).

    Derived from the parsed pattern: literal characters in order, through groups, alternations
    and optional items; zero-width items (word boundaries, lookarounds) are stepped over, since
    the characters on either side are still adjacent. Anything else (a character class, a
    repeat) ends a head where it stands; at the very start it means no heads."""
    if _sre_parse is None or _REGEX_ONLY_FLAGS.search(pattern):
        return None
    if _FUZZY.search(pattern):
        pattern = _without_fuzzy(pattern)
        if pattern is None:
            return None
    try:
        tree = _sre_parse.parse(to_re_syntax(pattern, lists, placeholders=True), re.IGNORECASE)
        found = _Heads(lists).of(list(tree), "")
    except (_GiveUp, RecursionError):
        return None
    except Exception:  # noqa: BLE001 - syntax only the regex module knows: search as it is
        return None
    if not found or len(found) > MAX_HEADS or any(len(h) < MIN_HEAD or not h.isascii() or h in COMMON_HEADS
                                                   for h in found):
        return None
    return frozenset(_shortest(found))


def _shortest(found: set[str]) -> list[str]:
    """The heads no other head is a prefix of ('treat' stands for 'treats' too): the same starts."""
    kept: list[str] = []
    for head in sorted(found):  # a prefix sorts right before the heads it begins
        if not kept or not head.startswith(kept[-1]):
            kept.append(head)
    return kept


class _Heads:
    """The analysis behind `heads`, with a bound on its work."""

    def __init__(self, lists: dict[str, list[str]]):
        self.lists = lists
        self.names = sorted(lists)  # placeholder k stands for the k-th name (literals._placeholder)
        self.steps = 0

    def of(self, items: list, prefix: str) -> set[str]:
        """Heads of `items` matched after `prefix`."""
        self.steps += 1
        if self.steps > _STEPS:
            raise _GiveUp
        for i, (op, av) in enumerate(items):
            if len(prefix) >= MAX_HEAD:
                return {prefix[:MAX_HEAD]}
            rest = items[i + 1:]
            if op is _sre.LITERAL and _MARK <= av < _MARK + len(self.names):  # a named list's placeholder
                return self._list(items, i, prefix)
            if op is _sre.LITERAL:
                prefix += chr(av).casefold()
            elif op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
                continue
            elif op is _sre.SUBPATTERN:
                return self.of(list(av[-1]) + rest, prefix)
            elif op is _sre.BRANCH:
                out: set[str] = set()
                for branch in av[1]:
                    out |= self.of(list(branch) + rest, prefix)
                return out
            elif op is getattr(_sre, "ATOMIC_GROUP", None):
                return self.of(list(av) + rest, prefix)
            elif op in _REPEATS:
                low, high, body = av
                # one iteration, then the rest (or, if it may repeat, the iteration alone: what
                # follows it may be another one); an optional item may also be left out
                first = self.of(list(body) + (rest if high == 1 else []), prefix)
                return first | self.of(rest, prefix) if low == 0 else first
            elif op is _sre.IN and prefix == "" and all(o is _sre.LITERAL for o, _ in av):
                out = set()
                for _, ch in av:  # a small set of letters at the start: [Ss]afe
                    out |= self.of(rest, chr(ch).casefold())
                return out
            else:
                return self._end(prefix)
        return self._end(prefix)

    def _list(self, items: list, i: int, prefix: str) -> set[str]:
        """Heads through a named list (its placeholder, see literals.to_re_syntax: a mark per list,
        then '\x01'): each of its words, then what follows the list."""
        if i + 1 >= len(items) or items[i + 1] != (_sre.LITERAL, 1):
            raise _GiveUp
        rest = items[i + 2:]
        out: set[str] = set()
        for word in self.lists.get(self.names[items[i][1] - _MARK], ()):
            if not word:
                raise _GiveUp  # an empty entry: the list may match nothing
            out |= self.of(rest, prefix + word.casefold())
        return out

    @staticmethod
    def _end(prefix: str) -> set[str]:
        if not prefix:
            raise _GiveUp  # a match may start with anything here
        return {prefix}


_LOWER: list[tuple] = [(None, None)]  # the last text an anchored pattern searched, lower-cased (None: not ASCII)


class Anchored:
    """A compiled pattern's `search` and `finditer`, tried only where its heads stand (plain ASCII
    copy); everything else is the pattern's own."""

    __slots__ = ("compiled", "pattern", "heads", "automaton")

    def __init__(self, pattern, found: frozenset[str]):
        self.compiled, self.pattern, self.heads = pattern, pattern.pattern, found
        self.automaton = ahocorasick.Automaton()
        for head in found:
            self.automaton.add_word(head, len(head))
        self.automaton.make_automaton()

    def starts(self, text: str, pos: int, endpos: int) -> list[int] | None:
        """Sorted positions in [pos, endpos) where a head starts (None: the text is not plain ASCII)."""
        last = _LOWER[0]  # one read: a text and its lower-cased form always belong together
        if last[0] is text:
            low = last[1]
        else:  # shared by every anchored pattern searched in the block
            low = text.lower() if text.isascii() else None
            _LOWER[0] = (text, low)
        if low is None:
            return None
        # heads are prefix-free (see _shortest), so no two start at one place (and a repeated
        # start would only be tried again, to the same effect)
        return sorted([end - n + 1 for end, n in self.automaton.iter(low, pos, endpos)])

    def search(self, text: str, pos: int = 0, endpos: int | None = None, timeout=None):
        end = len(text) if endpos is None else endpos
        starts = self.starts(text, pos, end)
        if starts is None:
            return self.compiled.search(text, pos, end, timeout=timeout)
        match = self.compiled.match
        for at in starts:
            m = match(text, at, end, timeout=timeout)
            if m is not None:
                return m
        return None

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None, timeout=None):
        end = len(text) if endpos is None else endpos
        starts = self.starts(text, pos, end)
        if starts is None:
            return self.compiled.finditer(text, pos, end, timeout=timeout)
        return self._iterate(text, starts, end, timeout)

    def _iterate(self, text: str, starts: list[int], end: int, timeout):
        match, after = self.compiled.match, -1
        for at in starts:
            if at < after:
                continue  # inside the last match: matches do not overlap
            m = match(text, at, end, timeout=timeout)
            if m is not None:
                yield m
                after = m.end()  # a match is never empty: it holds a head


def anchored(pattern, lists: dict[str, list[str]]):
    """`pattern` (compiled) as an Anchored search when its heads are known, else itself."""
    if ahocorasick is None:
        return pattern
    found = heads(pattern.pattern, lists)
    if found is None or len({h[:MIN_HEAD] for h in found}) < MIN_SPREAD:
        return pattern
    return Anchored(pattern, found)


_FAST: dict[int, tuple] = {}  # id(pattern) -> (the pattern, its anchored search or itself)
MAX_FAST = 4096
_ON = [False]  # anchored searches in use (see enable)


def enable() -> None:
    """Use anchored searches from now on. A large run turns them on when it warms its linter: working
    out a pattern's heads costs ~0.2 ms (4 ms for the subject terms), more than a small draft's
    searches save, and the findings are the same either way."""
    _ON[0] = True


def fast(pattern):
    """The quickest equivalent of a pattern (a LazyPattern or compiled one) for `search`/`finditer`:
    anchored at its heads when they are known (and anchored searches are on), else the pattern
    itself. Worked out once per pattern; the named lists come from the compiled pattern."""
    memo = _FAST.get(id(pattern))  # asked before every search: one lookup
    if memo is not None and memo[0] is pattern:
        return memo[1]
    if not _ON[0]:
        return pattern
    compiled = pattern.compile() if isinstance(getattr(pattern, "compile", None), Callable) else pattern
    lists = {name: sorted(words) for name, words in getattr(compiled, "named_lists", {}).items()}
    runner = anchored(compiled, lists)
    if len(_FAST) >= MAX_FAST:  # many rule sets in one process (tests, a server): keep it bounded
        _FAST.clear()
    _FAST[id(pattern)] = (pattern, runner)
    return runner
