"""An optional Hyperscan gate for pattern rules: one compiled pass per block says which patterns can match.

Most pattern searches find nothing: the literal prefilter lets a pattern run wherever its words
stand, however far apart. With the `hyperscan` package (`pip install copylint[fast]`), a large
run (one that warms its linter before forking workers) compiles every pattern rule into one
Hyperscan database; each ASCII block is scanned once, and a pattern runs with the `regex` module
only if Hyperscan saw it match there. The database holds a looser form of each pattern (named
lists spelled out, lookarounds removed, `\\m`/`\\M` as `\\b`), so it reports a superset of the
blocks the real pattern matches in: the `regex` module still decides every finding, and the
findings are the same with or without the gate (tests/test_accel.py). Patterns it cannot read
(fuzzy items, syntax only the `regex` module knows) and blocks outside plain ASCII always run.
The compiled database is kept in the user cache folder, keyed by the patterns and versions.
`hyperscan` itself is imported only to load or compile a database: a run with none cached that
builds none does not pay for it (its shared library and hashlib's OpenSSL bindings were ~6 MB of
every process of a parallel run, workers included).
"""
from __future__ import annotations

import json
import os
import re

from . import __version__
from .cachefile import write_atomic
from .literals import _FUZZY, to_re_syntax

try:  # hashlib's own blake2b, without OpenSSL's bindings (as results_cache does)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

hyperscan = None  # the module, once a database is loaded or compiled (see _hyperscan)

# Compiling the database takes seconds (1-7 s here) and saves ~4% of a run's matching: a run builds
# it only when it has this much input to lint (a smaller one uses a database already in the cache).
BUILD_FROM_BYTES = 200_000_000
_ODD_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # \s differs between the engines there
_END_ANCHOR = re.compile(r"(?<!\\)\$|\\[Zz]")


def available() -> bool:
    """Is the gate usable here (the extra installed, not turned off by COPYLINT_NO_HYPERSCAN)?
    Tells without importing it."""
    if os.environ.get("COPYLINT_NO_HYPERSCAN"):
        return False
    if hyperscan is not None:
        return True
    from importlib.util import find_spec

    try:
        return find_spec("hyperscan") is not None
    except (ImportError, ValueError):
        return False


def _hyperscan():
    """The hyperscan module, imported on first need."""
    global hyperscan
    if hyperscan is None:
        import hyperscan as module

        hyperscan = module
    return hyperscan


def strip_lookarounds(pattern: str) -> str:
    """The pattern without its lookahead and lookbehind groups: it matches wherever the pattern does."""
    out, i, n = [], 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
        elif c == "[":
            j = _class_end(pattern, i)
            out.append(pattern[i:j])
            i = j
        elif pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            i = _group_end(pattern, i)
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _class_end(pattern: str, i: int) -> int:
    j = i + 1
    if j < len(pattern) and pattern[j] == "^":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j + 1


def _group_end(pattern: str, i: int) -> int:
    depth, j = 0, i
    while j < len(pattern):
        c = pattern[j]
        if c == "\\":
            j += 2
            continue
        if c == "[":
            j = _class_end(pattern, j)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return j


class Gate:
    """The patterns of a rule set, compiled together; `hits(text)` names those that may match."""

    def __init__(self, patterns: list, lists: dict, cache_dir=None, build: bool = True):
        self._index: dict[int, int] = {}
        sources = {}
        for pattern in patterns:
            if id(pattern) in sources or _FUZZY.search(pattern.pattern) or _END_ANCHOR.search(pattern.pattern):
                continue  # fuzzy: Hyperscan has no such thing; '$': a search window's end would count
            sources[id(pattern)] = strip_lookarounds(to_re_syntax(pattern.pattern, lists))
        self.db, kept = _database(list(sources.values()), cache_dir, build)
        ids = list(sources)
        self._index = {ids[k]: k for k in kept}
        self._scratch = None
        self._pid = None
        self._last: tuple[str | None, set[int] | None] = (None, None)

    def gates(self, pattern) -> bool:
        return id(pattern) in self._index

    def hits(self, text: str) -> set[int] | None:
        """The database ids that match in `text`; None when the gate cannot judge it (not plain ASCII)."""
        last = self._last  # the rules and then the filters' cue lists ask about one block
        if last[0] is text:
            return last[1]
        if self.db is None or not text.isascii() or _ODD_CONTROL.search(text):
            self._last = (text, None)
            return None
        if self._pid != os.getpid():  # a scratch space per process (forked workers make their own)
            self._scratch, self._pid = _hyperscan().Scratch(self.db), os.getpid()
        found: set[int] = set()
        self.db.scan(text.encode("ascii"), match_event_handler=lambda k, *_: found.add(k), scratch=self._scratch)
        self._last = (text, found)
        return found

    def may_match(self, pattern, hits: set[int] | None) -> bool:
        k = self._index.get(id(pattern))
        return hits is None or k is None or k in hits


def _database(sources: list[str], cache_dir, build: bool = True):
    """(database, indices of the sources it holds), from the cache when it holds these sources, else
    compiled if `build` (else (None, [])). The cache file is a JSON line (the indices, and the
    hyperscan version that wrote it), then Hyperscan's own serialised database."""
    key = blake2b("\x00".join([__version__, *sources]).encode(), digest_size=12)
    path = cache_dir / f"hyperscan-{key.hexdigest()}.db" if cache_dir is not None else None
    if path is not None:
        loaded = _load(path, len(sources))
        if loaded is not None:
            return loaded
    if not build:
        return None, []
    hs = _hyperscan()
    flags = hs.HS_FLAG_CASELESS | hs.HS_FLAG_SINGLEMATCH | hs.HS_FLAG_ALLOWEMPTY
    kept = [k for k, src in enumerate(sources) if _compiles(src, flags)]
    if not kept:
        return None, []
    db = hs.Database(mode=hs.HS_MODE_BLOCK)
    db.compile(expressions=[sources[k].encode() for k in kept], ids=kept, elements=len(kept),
               flags=[flags] * len(kept))
    if path is not None:
        head = json.dumps({"kept": kept, "hyperscan": hs.__version__}).encode()
        if write_atomic(path, head + b"\n" + hs.dumpb(db), ".hyperscan-"):
            _prune(path)
    return db, kept


def _load(path, count: int):
    """(database, kept indices) from a cache file written for `count` sources by this hyperscan, or None."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    try:
        head, blob = data.split(b"\n", 1)
        info = json.loads(head)
        kept = info["kept"]
        if not (isinstance(kept, list) and all(type(k) is int and 0 <= k < count for k in kept)):
            return None
        hs = _hyperscan()
        if info.get("hyperscan") != hs.__version__:
            return None
        return hs.loadb(blob, hs.HS_MODE_BLOCK), kept
    except Exception:  # noqa: BLE001 - a stale or damaged cache: compile again
        return None


KEEP = 3  # databases kept in the cache folder (each pack change writes a new one of a few MB)


def _prune(path) -> None:
    """Remove all but the KEEP most recently written databases (other rule sets, older versions)."""
    try:
        old = sorted(path.parent.glob("hyperscan-*.db"), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP:]
        for stale in old:
            stale.unlink(missing_ok=True)
    except OSError:
        pass


def _compiles(source: str, flags: int) -> bool:
    try:
        source.encode("ascii")
        _hyperscan().Database().compile(expressions=[source.encode()], ids=[0], elements=1, flags=[flags])
        return True
    except Exception:  # noqa: BLE001 - syntax Hyperscan lacks (atomic groups, backreferences ...)
        return False
