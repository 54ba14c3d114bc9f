"""A cache of loaded rule sets: validated packs, inflected vocabularies, frames and derived literals.

Loading the bundled packs parses 140 KB of YAML, validates every rule, inflects every lemma list
and derives each pattern's literals: about 30 ms at every start, for a result that changes only
when a pack, a vocabulary, the config's added words or copylint itself changes. So the loaded
RuleSet is kept in the user cache folder (`literal_cache.cache_dir`), pickled, in a file named by
a checksum of all of that: copylint's version, the name, size and modification time of each of its
source files (an edit in a checkout is a new key), the `regex` and Python versions, and the path
and bytes of every pack and vocabulary file read. A changed input is a new key, so a stale entry
is never found; a file that does not start with its own checksum (corrupt, truncated, half
written by a crash) or does not unpickle into a RuleSet is ignored and loaded afresh. Writes go
to a temporary file renamed into place, so concurrent runs read either nothing or a whole file.
Compiled patterns are not kept (see `programs` for that): patterns are stored uncompiled and
compiled on first use, as after a fresh load.
"""
from __future__ import annotations

import os
import sys
import zlib
from pathlib import Path

from . import __version__

try:  # the C pickler alone: pickle.py (and struct) cost ~1 ms more to import, for the same loads/Pickler
    import _pickle as pickle
except ImportError:  # not CPython
    import pickle

_MAGIC = b"copylint-rules-1\n"
KEEP = 8  # rule set files kept in the folder (one per combination of packs in use)
_SOURCE: list[str] = []


def source_stamp() -> str:
    """A checksum of copylint's source files (name, size, modification time): an edit changes it."""
    if not _SOURCE:
        root = str(Path(__file__).resolve().parent)
        parts = []
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".py", ".json")):
                    path = os.path.join(folder, name)
                    try:
                        st = os.stat(path)
                    except OSError:
                        continue
                    parts.append(f"{path[len(root) + 1:]}:{st.st_size}:{st.st_mtime_ns}")  # relative to root
        _SOURCE.append(f"{zlib.crc32(chr(10).join(parts).encode()):08x}")
    return _SOURCE[0]


def key(files: list[Path], extra_vocab) -> str | None:
    """The cache key of a rule set loaded from these files with these added words (None: a file cannot be read)."""
    import regex

    # Two independent 32-bit checksums over the same bytes (zlib is loaded anyway; hashlib costs
    # milliseconds to import): a changed pack is a new key, whatever changed in it.
    head = "\x00".join((__version__, source_stamp(), regex.__version__, sys.version, repr(extra_vocab))).encode(
        "utf-8", "surrogatepass")
    crc, adler, size = zlib.crc32(head), zlib.adler32(head), len(head)
    for path in files:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:
            return None  # loading names the problem
        name = os.fsencode(str(path)) + b"\x00"  # checksummed before the bytes, as if joined to them (no copy)
        crc, adler = zlib.crc32(data, zlib.crc32(name, crc)), zlib.adler32(data, zlib.adler32(name, adler))
        size += len(name) + len(data) + 1
    return f"{crc:08x}{adler:08x}{size:x}"


def _path(folder: Path, digest: str) -> Path:
    return folder / f"rules-{__version__}-{digest}.bin"


def read(folder: Path, digest: str):
    """The cached RuleSet for this key, or None (missing, corrupt, or not a rule set)."""
    from .rulepack import RuleSet

    try:
        with open(_path(folder, digest), "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    head = len(_MAGIC)
    body = memoryview(data)[head + 8:]  # not a copy: slicing out 1.2 MB took ~0.7 ms of every run
    if not data.startswith(_MAGIC) or data[head:head + 8] != f"{zlib.crc32(body):08x}".encode():
        return None
    try:
        ruleset = pickle.loads(body)
    except Exception:  # noqa: BLE001 - a file from other code: only a miss
        return None
    return ruleset if isinstance(ruleset, RuleSet) else None


def write(folder: Path, digest: str, ruleset) -> None:
    """Store a RuleSet under its key (atomically; failures are ignored), keeping the KEEP newest files."""
    import io

    from .cachefile import write_atomic

    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=-1)  # the highest protocol
    words: dict[str, str] = {}  # one object per distinct word, so pickle stores each once
    for entries in ruleset.vocab.lists.values():
        entries[:] = [words.setdefault(w, w) for w in entries]
    plan = ruleset.plan
    if isinstance(plan, tuple) and len(plan) == 7:  # the prefilter's words: most are list words or triggers
        from dataclasses import replace

        ruleset = replace(ruleset, plan=(*plan[:3], tuple(words.setdefault(w, w) for w in plan[3]), *plan[4:]))
    pickler.dispatch_table = _dispatch(words)
    try:
        pickler.dump(ruleset)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return
    body = buffer.getvalue()
    target = _path(folder, digest)
    if write_atomic(target, _MAGIC + f"{zlib.crc32(body):08x}".encode() + body, ".rules-"):
        _prune(folder, target)


def _prune(folder: Path, keep: Path) -> None:
    files = sorted(folder.glob("rules-*.bin"), key=lambda p: p.stat().st_mtime if p.exists() else 0, reverse=True)
    for old in files[KEEP:]:
        if old != keep:
            try:
                old.unlink()
            except OSError:
                pass


def _dispatch(words: dict[str, str]) -> dict:
    """How patterns are pickled here: with their derived literals (each word once), frames with their
    word dictionaries (frames over the same lists share them, and so do their copies read back),
    regex patterns without compiled state."""
    import copyreg

    from .framematch import FramePattern
    from .rulepack import LazyPattern, Rule

    def shared(sets):
        return tuple(frozenset(words.setdefault(w, w) for w in s) for s in sets) if sets else sets

    def lazy(pattern):
        state = {k: v for k, v in vars(pattern).items() if k not in _COMPILED_STATE}
        state["_compiled"] = None
        state["_where"] = word(state["_where"])  # one per rule, not one per pattern
        if "literal_sets" in state:
            state["literal_sets"] = shared(state["literal_sets"])
        return copyreg.__newobj__, (type(pattern),), state  # rebuilt by pickle itself: no __init__, no Python call

    indexes: dict[int, tuple] = {}  # id(word dictionary) -> (it, its copy over shared words and tuples)
    tuples: dict[tuple, tuple] = {}

    def word(w):
        return words.setdefault(w, w)

    def index(ix):
        if ix is None:
            return None
        kept = indexes.get(id(ix))
        if kept is None:
            copy = {word(k): [tuples.setdefault(t, tuple(map(word, t))) for t in options] for k, options in ix.items()}
            kept = indexes[id(ix)] = (ix, copy)
        return kept[1]

    def frame(pattern):
        pattern.compile()  # its word dictionaries are kept: building them took ~5 ms of a run over one draft
        state = dict(vars(pattern))
        state["literal_sets"] = shared(state.get("literal_sets"))
        # the dictionaries' words and entries, each stored once: a cached rule set read back is
        # ~40% fewer objects (27,000 strings were 7,300 distinct ones), ~3 ms less of every run
        state["_index"] = [index(ix) for ix in state["_index"]]
        if state.get("_first_words") is not None:
            state["_first_words"] = frozenset(map(word, state["_first_words"]))
        state["_anchors"] = [(frozenset(map(word, first)), reach) for first, reach in state.get("_anchors", ())]
        return copyreg.__newobj__, (type(pattern),), state

    def rule(r):
        state = dict(vars(r))
        state["triggers"] = tuple(map(word, r.triggers))
        state["context"] = {k: word(v) if type(v) is str else v for k, v in r.context.items()}
        return copyreg.__newobj__, (type(r),), state

    table = dict(copyreg.dispatch_table)
    table[LazyPattern] = lazy
    table[FramePattern] = frame
    table[Rule] = rule
    return table


_COMPILED_STATE = frozenset({"_compiled", "flags", "search", "match", "fullmatch", "finditer", "findall", "sub",
                             "subn", "split", "scanner"})
