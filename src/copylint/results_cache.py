"""A cache of each file's lint results between runs (ruff's model): an unchanged file is not linted again.

An entry holds what the engine returned for one file (findings, and with --explain the dropped
candidates). Its key is a hash of everything that result depends on: the file's path, kind and
decoded text, the file's effective config, the content of every rule pack and vocabulary that
config loads, whether --explain was on, copylint's version, the stamp of copylint's own source
files that the rule-set cache uses (each file's name, size and modification time: an edit to the
code is a new stamp) and the content of the bundled packs, so an edit to the code or to a bundled
pack invalidates every entry. A changed input simply has a new key; nothing stale is ever looked up.

Entries live one per file under `<cache folder>/results-v1/ab/<key>.json` (the same folder as the
literal cache: $COPYLINT_CACHE_DIR, else ~/.cache/copylint). Each is written to a temporary file
and renamed into place, so concurrent runs never read half an entry; an entry that cannot be read
or parsed, or whose content does not check out, is ignored and rewritten. Unreadable, skipped and
failed files are never stored. The folder is pruned (oldest entries first) when it grows past
MAX_ENTRIES or MAX_BYTES, at most once per PRUNE_EVERY seconds.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import fields
from pathlib import Path

from . import __version__
from .cachefile import write_atomic
from .findings import Dropped, Finding

try:  # hashlib's own blake2b, without importing OpenSSL's bindings (~2 ms of every run's start)
    from _blake2 import blake2b
except ImportError:  # not CPython
    from hashlib import blake2b

FORMAT = "results-v1"
MAX_ENTRIES = 100_000
MAX_BYTES = 512 * 1024 * 1024
MAX_AGE = 30 * 86400  # an entry no run has used for this long is removed at the next prune
PRUNE_EVERY = 3600
_TOUCH_AFTER = 86400  # a hit refreshes an entry's mtime (its age for pruning) at most daily

_FINDING_FIELDS = tuple(f.name for f in fields(Finding))
_DROPPED_FIELDS = tuple(f.name for f in fields(Dropped))
_TUPLE_FIELDS = {"references", "notes"}
_OPTIONAL = {"suggestion", "disclaimer"}
# Fields that only decide which files are collected, or the exit code: not the engine's answer.
_COLLECTION_ONLY = {"fail_on": "error", "include": (), "exclude": (), "cli_exclude": (),
                    "respect_gitignore": True, "follow_links": False}


def _digest(*parts: bytes) -> str:
    h = blake2b(digest_size=20)
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def _tree_sum(h, folder: Path, suffixes: tuple[str, ...]) -> None:
    """Add every file below `folder` ending in one of `suffixes` (name and content) to the hash, in name order."""
    found = []
    for top, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        found += [os.path.join(top, name) for name in files if name.endswith(suffixes)]
    for path in sorted(found):
        with open(path, "rb") as fh:
            h.update(os.path.relpath(path, folder).encode() + b"\0" + fh.read())


_SOURCE_STAMP: str | None = None


def source_stamp() -> str:
    """A checksum of copylint's version, its source files and its bundled packs (once per process).

    The source files count by name, size and modification time, as for the rule-set cache (whose
    stamp the run has worked out already): reading all ~80 of them cost ~2 ms of every run."""
    global _SOURCE_STAMP
    if _SOURCE_STAMP is None:
        from .pack_cache import source_stamp as code_stamp
        from .rulepack import default_rules_dir

        h = blake2b(b"\0".join((__version__.encode(), FORMAT.encode(), code_stamp().encode())), digest_size=20)
        _tree_sum(h, default_rules_dir().resolve(), (".yaml", ".yml"))
        _SOURCE_STAMP = h.hexdigest()
    return _SOURCE_STAMP


def _packs_stamp(rules_dirs: tuple[str, ...]) -> str:
    """A checksum of the rule packs and vocabularies in the config's extra `rules` folders."""
    from .rulepack import pack_files

    vocab, packs = pack_files([Path(d) for d in rules_dirs])
    h = blake2b(digest_size=20)
    for p in vocab + packs:
        h.update(str(p).encode() + b"\0")
        h.update(p.read_bytes())
    return h.hexdigest()


def _entry_value(obj, names) -> list:
    return [list(v) if isinstance(v, tuple) else v for v in (getattr(obj, n) for n in names)]


def _row_types(cls, optional: set[str]) -> frozenset[tuple[type, ...]]:
    """Every tuple of value types a stored row of `cls` may have (an optional field may be None)."""
    names = {"str": str, "int": int, "str | None": str, "tuple[str, ...]": list}
    rows: list[tuple[type, ...]] = [()]
    for f in fields(cls):
        choices = (names[f.type], type(None)) if f.name in optional else (names[f.type],)
        rows = [r + (c,) for r in rows for c in choices]
    return frozenset(rows)


_FINDING_ROWS = _row_types(Finding, _OPTIONAL)
_DROPPED_ROWS = _row_types(Dropped, set())
_PATH = _FINDING_FIELDS.index("path")
_LISTS = tuple(i for i, name in enumerate(_FINDING_FIELDS) if name in _TUPLE_FIELDS)


def _finding(row, path: str) -> Finding:
    """A Finding from a stored row; ValueError when the row is not one copylint wrote for this file."""
    if type(row) is not list or tuple(map(type, row)) not in _FINDING_ROWS or row[_PATH] != path:
        raise ValueError("not a finding of this file")
    for i in _LISTS:
        if row[i]:  # mostly empty
            if not all(type(v) is str for v in row[i]):
                raise ValueError("not a list of strings")
            row[i] = tuple(row[i])
        else:
            row[i] = ()
    # As unpickling does: the fields are set directly (the frozen dataclass's __init__ is ~5x slower).
    finding = object.__new__(Finding)
    finding.__dict__.update(zip(_FINDING_FIELDS, row, strict=True))
    return finding


def _dropped(row, path: str) -> Dropped:
    if type(row) is not list or tuple(map(type, row)) not in _DROPPED_ROWS or row[0] != path:
        raise ValueError("not a dropped candidate of this file")
    return Dropped(*row)


class ResultsCache:
    """Lint results by file; picklable, so worker processes store what they lint."""

    def __init__(self, folder: str | os.PathLike, explain: bool = False):
        self.root = Path(folder)
        self.folder = self.root / FORMAT
        self.explain = explain
        self._config_stamps: dict = {}

    def __getstate__(self):
        return {"root": self.root, "folder": self.folder, "explain": self.explain, "_config_stamps": {}}

    def _config_stamp(self, config) -> str:
        if config not in self._config_stamps:
            effective = config.with_(**_COLLECTION_ONLY)
            self._config_stamps[config] = _digest(source_stamp().encode(), repr(effective).encode(),
                                                  _packs_stamp(config.rules_dirs).encode(),
                                                  b"explain" if self.explain else b"")
        return self._config_stamps[config]

    def key(self, doc, config) -> str:
        """The entry key for a Document linted with a Config."""
        return _digest(self._config_stamp(config).encode(), doc.path.encode("utf-8", "surrogatepass"),
                       doc.kind.encode(), doc.text.encode("utf-8", "surrogatepass"))

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key[2:]}.json"

    def has(self, key: str) -> bool:
        """Is there an entry for this key (not yet checked: load() may still find it unusable)?"""
        return self._path(key).is_file()

    def load(self, key: str, path: str) -> tuple[list[Finding], list[Dropped]] | None:
        """(findings, dropped) stored for this key and file, or None (missing, unreadable or corrupt)."""
        entry = self._path(key)
        try:
            with open(entry, "rb") as fh:
                data = json.loads(fh.read())
                if time.time() - os.fstat(fh.fileno()).st_mtime > _TOUCH_AFTER:
                    os.utime(entry)
            if not isinstance(data, dict) or data.get("key") != key:
                return None
            findings = [_finding(row, path) for row in data["findings"]]
            dropped = [_dropped(row, path) for row in data["dropped"]]
        except (OSError, ValueError, TypeError, KeyError, RecursionError):
            return None
        return findings, dropped

    def store(self, key: str, findings: list[Finding], dropped: list[Dropped]) -> None:
        """Write one entry atomically; a cache that cannot be written is ignored."""
        entry = self._path(key)
        data = {"key": key, "findings": [_entry_value(f, _FINDING_FIELDS) for f in findings],
                "dropped": [_entry_value(d, _DROPPED_FIELDS) for d in dropped]}
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        try:
            data = text.encode("utf-8", "surrogatepass")
        except UnicodeError:
            return
        write_atomic(entry, data, ".entry-")

    def prune(self, now: float | None = None) -> int:
        """Remove old entries when the cache is over its bounds (at most once per PRUNE_EVERY); how many."""
        return prune(self.folder, time.time() if now is None else now)


def prune(folder: Path, now: float, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> int:
    """Drop entries unused for MAX_AGE, then the oldest until the cache is within its bounds; how many."""
    stamp = folder / ".pruned"
    try:
        if now - stamp.stat().st_mtime < PRUNE_EVERY:
            return 0
    except OSError:
        pass
    entries = []
    try:
        for shard in os.scandir(folder):
            if shard.is_dir(follow_symlinks=False):
                for e in os.scandir(shard.path):
                    st = e.stat(follow_symlinks=False)
                    entries.append((st.st_mtime, st.st_size, e.path, e.name.endswith(".tmp")))
        folder.mkdir(parents=True, exist_ok=True)
        stamp.touch()
    except OSError:
        return 0
    entries.sort()
    count, size = len(entries), sum(e[1] for e in entries)
    removed = 0
    for mtime, nbytes, path, tmp in entries:
        stale = now - mtime > (PRUNE_EVERY if tmp else MAX_AGE)  # a .tmp an hour old: a writer that died
        if not (stale or count > max_entries or size > max_bytes):
            continue
        try:
            os.unlink(path)
        except OSError:
            continue
        removed += 1
        count -= 1
        size -= nbytes
    return removed


def _read_key(path: str, resolver, cache: ResultsCache):
    """(key, text) of a file as it is now; (None, None) when it cannot be read (linting it says why)."""
    from .document import read_document
    from .errors import SourceError

    try:
        doc = read_document(path)
        return cache.key(doc, resolver.for_path(doc.path)), doc.text
    except (SourceError, OSError, UnicodeError, ValueError):
        return None, None


def lint_cached(files: list[str], resolver, cache: ResultsCache, lint_files, *, jobs: int, explain: bool,
                keep_text: bool, stdin_text, stdin_name):
    """FileResults in the files' order: from the cache where a good entry exists, the rest linted (and stored)."""
    from .api import FileResult, lint_one

    keys: dict[str, str] = {}
    texts: dict[str, str] = {}
    for f in files:
        if f == "-":
            continue
        key, text = _read_key(f, resolver, cache)
        if key is not None and cache.has(key):
            keys[f] = key
            if keep_text:
                texts[f] = text
    linted = lint_files([f for f in files if f not in keys], resolver, jobs, explain, keep_text,
                        stdin_text, stdin_name, cache)
    try:
        for f in files:
            if f not in keys:
                yield next(linted)
                continue
            found = cache.load(keys[f], f)
            if found is None:  # corrupt or gone since: lint it, which rewrites the entry
                yield lint_one(f, resolver, explain, keep_text, cache=cache)
            else:
                yield FileResult(f, found[0], None, found[1], texts.pop(f, None))
    finally:
        linted.close()
    cache.prune()
