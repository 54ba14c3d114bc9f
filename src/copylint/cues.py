"""Context cue lists searched entry by entry, only for the entries whose literals a block holds.

A cue list ('hedge', 'attribution', 'reported_genre' ...) is dozens of regexes; searched as one
alternation, the regex module tries every alternative at every position, which made the
filters and the page-genre check a fifth of the run. Most entries need words a block does not
hold ('according to', 'public advisory'), so a `CueList` reads each entry's required literals
(see `literals`), finds which entries a block can match with one Aho-Corasick pass over it
(shared by all cue lists and remembered for the last block, the one the filters are judging),
and searches only those. The answer is the alternation's own: the leftmost match, and at the
same start the first entry that matches there, as an alternation tries its branches in order.
"""
from __future__ import annotations

from .literals import literals_of

try:
    import ahocorasick
except ImportError:  # pragma: no cover - a dependency; without it each literal is looked up alone
    ahocorasick = None

REMEMBER_CHARS = 2_000  # texts up to this long have their mask remembered (see CueScanner.present)
REMEMBER_TEXTS = 2_048  # masks remembered at most, within one page (see CueScanner.forget)
REMEMBER_CHOICES = 4_096  # entry choices a cue list remembers (see CueList._possible)
MIN_LENGTH = 3  # shorter literals are not looked for (see CueScanner.add)
ONE_BY_ONE = 6  # more possible entries than this: one search of the whole alternation costs less


class CueScanner:
    """The literals of every entry of every cue list, found in a block in one pass."""

    def __init__(self):
        self._bits: dict[str, int] = {}  # literal -> bit mask of the literal sets holding it
        self._sets = 0
        self._automaton = None
        self._last: tuple[str | None, int] = (None, 0)
        self._seen: dict[str, int] = {}  # text -> mask, for texts of up to REMEMBER_CHARS
        self.members: list[CueList] = []
        self._ready = False
        self.gate = None  # the linter's Hyperscan gate (see accel), when a large run built one

    def prepare(self) -> None:
        """Register every member list's entries at once (one automaton, built once)."""
        if not self._ready:
            self._ready = True
            for member in self.members:
                member.register()
            self._last, self._seen = (None, 0), {}

    def add(self, sets) -> int:
        """Register an entry's literal sets; returns the mask of bits it needs (0: none, always runs)."""
        needs = 0
        for lits in sets or ():
            if any(len(lit) < MIN_LENGTH or not any(c.isalnum() for c in lit) for lit in lits):
                continue  # ' ', ':', 'if' stand in nearly every block: finding them costs, tells nothing
            bit = 1 << self._sets
            self._sets += 1
            for lit in lits:
                self._bits[lit] = self._bits.get(lit, 0) | bit
            needs |= bit
        self._automaton = None
        self._last, self._seen = (None, 0), {}  # masks found before this entry was registered lack its bits
        return needs

    def forget(self) -> None:
        """Drop the remembered masks (a new page starts): what is kept for a page is kept alive only
        by it, not by texts of pages linted long ago (up to REMEMBER_TEXTS of them, in every worker)."""
        if self._seen:
            self._seen = {}
        self._last = (None, 0)

    def present(self, text: str) -> int:
        """Mask of the literal sets `text` holds (case-folded), remembered for the last text and, for
        a block of usual size, by its text until the page ends: a page's blocks are asked about
        twice, first by the page survey, then by the filters."""
        last = self._last  # one read: the text and its mask always belong together
        if last[0] is text:
            return last[1]
        small = len(text) <= REMEMBER_CHARS
        if small:
            found = self._seen.get(text)
            if found is not None:
                self._last = (text, found)
                return found
        found = self._scan(text)
        self._last = (text, found)
        if small:
            if len(self._seen) >= REMEMBER_TEXTS:
                self._seen.clear()
            self._seen[text] = found
        return found

    def _scan(self, text: str) -> int:
        folded = text.casefold()
        found = 0
        if ahocorasick is not None:
            if self._automaton is None:
                self._automaton = _build(self._bits)
            for _, mask in self._automaton.iter(folded):
                found |= mask
        else:  # pragma: no cover
            for lit, mask in self._bits.items():
                if lit in folded:
                    found |= mask
        return found



def _scanned(gate, text: str) -> bool:
    """Has the gate scanned `text` already (for the rules' patterns)? Only then are its hits worth
    asking for: the page survey reads a page's first blocks before any rule runs on them, and a
    Hyperscan pass over a whole block for one cue list cost more than searching its possible
    entries (and the block was scanned again when its rules ran). Without the gate's answer the
    entries are searched as they would be without a gate: the same matches."""
    last = getattr(gate, "_last", None)
    return last is not None and last[0] is text


def _build(bits: dict[str, int]):
    automaton = ahocorasick.Automaton()
    for lit, mask in bits.items():
        automaton.add_word(lit, mask)
    if bits:
        automaton.make_automaton()
    return automaton


class CueList:
    """One cue list: behaves like its compiled alternation for `search` and `finditer`."""

    def __init__(self, full, entries: list, scanner: CueScanner, lists: dict, literals=None):
        self.full = full  # the LazyPattern of the whole alternation (error messages, compile_all)
        self.pattern = full.pattern
        self.entries = entries
        self._scanner = scanner
        self._lists = lists
        self._literals = literals  # a LiteralCache-like .lookup(pattern), else derived each time
        self._needs: list[int] | None = None
        self._mask = 0  # every literal set one of the entries needs
        self._by_mask: dict[int, list] = {}  # (present & _mask) -> the entries that may match
        self._last: tuple[str | None, list] = (None, [])  # the last text and its possible entries
        scanner.members.append(self)

    @property
    def where(self) -> str:
        return self.full.where

    def use_literals(self, cache) -> None:
        """Look entries' literal sets up in `cache` (the rule packs' LiteralCache) when first needed."""
        self._literals = cache

    def compile(self):
        """Compile the alternation and each entry (before forking workers that all need them)."""
        for entry in self.entries:
            entry.compile()
        return self.full.compile()

    def register(self) -> None:
        """Read the entries' literal sets into the scanner (once)."""
        if self._needs is None:
            lookup = self._literals.lookup if self._literals is not None else (lambda p: literals_of(p, self._lists))
            self._needs = [self._scanner.add(lookup(e)) for e in self.entries]
            self._mask = 0
            for needs in self._needs:
                self._mask |= needs
            self._by_mask = {}

    def _possible(self, text: str) -> list:
        last = self._last  # one read: the text and its entries always belong together
        if last[0] is text:
            return last[1]  # the filters search one block's sentences many times over
        if self._needs is None:
            self._scanner.prepare()
            self.register()
        present = self._scanner.present(text) & self._mask
        possible = self._by_mask.get(present)
        if possible is None:  # which entries may match depends only on the list's own literal sets present
            if len(self._by_mask) >= REMEMBER_CHOICES:
                self._by_mask.clear()
            possible = self._by_mask[present] = [e for e, needs in zip(self.entries, self._needs, strict=True)
                                                 if needs & present == needs]
        gate = self._scanner.gate
        if gate is not None and _scanned(gate, text) and any(map(gate.gates, possible)):
            hits = gate.hits(text)  # Hyperscan saw which entries match in the block
            possible = [e for e in possible if gate.may_match(e, hits)]
        self._last = (text, possible)
        return possible

    def search(self, string: str, pos: int = 0, endpos: int | None = None, timeout=None):
        end = len(string) if endpos is None else endpos
        last = self._last  # _possible's own first test, inlined: the filters search one block many times
        possible = last[1] if last[0] is string else self._possible(string)
        if not possible:
            return None
        if len(possible) > ONE_BY_ONE or len(possible) == len(self.entries):
            return self.full.search(string, pos, end, timeout=timeout)
        best = None
        for entry in possible:  # in list order: at an equal start the earlier entry wins
            m = entry.search(string, pos, end, timeout=timeout)
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        return best

    def finditer(self, string: str, pos: int = 0, endpos: int | None = None, timeout=None):
        end = len(string) if endpos is None else endpos
        last = self._last
        possible = last[1] if last[0] is string else self._possible(string)
        if not possible:
            return iter(())
        if len(possible) > ONE_BY_ONE or len(possible) == len(self.entries):
            return self.full.finditer(string, pos, end, timeout=timeout)
        if len(possible) == 1:  # the alternation's matches are that entry's: the others match nowhere here
            return possible[0].finditer(string, pos, end, timeout=timeout)
        return self._iterate(string, pos, end, timeout)

    def _iterate(self, string: str, pos: int, end: int, timeout):
        while pos <= end:
            m = self.search(string, pos, end, timeout)
            if m is None:
                return
            yield m
            pos = m.end() if m.end() > m.start() else m.start() + 1

    def __repr__(self) -> str:
        return f"CueList({self.pattern[:60]!r}...)"


def cannot_match(cue, text: str) -> bool:
    """Is it certain that the cue list matches nowhere in `text` (no entry's words stand there)?
    A plain pattern: never certain. Costs a lookup once the filters have asked about the block."""
    last = getattr(cue, "_last", None)
    if last is not None and last[0] is text:  # CueList._possible's own first test, inlined
        return not last[1]
    possible = getattr(cue, "_possible", None)
    return possible is not None and not possible(text)


def cue_lists(cues: dict[str, list[str]], where: dict[str, str], make) -> dict[str, CueList]:
    """Each cue list as a CueList sharing one scanner; `make(pattern, where)` builds a LazyPattern."""
    scanner = CueScanner()
    return {name: CueList(make("|".join(f"(?:{p})" for p in pats) or r"(?!)", where[name]),
                          [make(p, where[name]) for p in pats], scanner, {})
            for name, pats in cues.items()}
