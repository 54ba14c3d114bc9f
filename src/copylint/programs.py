"""Compiled `regex` programs kept between runs, so a pattern is parsed once per machine, not once per run.

The `regex` module compiles a pattern in two steps: Python code parses and optimises it into a
program (a list of integers, group tables, the named lists' sets), then its C core builds the
matcher from that program. The first step costs 0.2-10 ms a pattern (the bundled packs' patterns
and cue lists, with their named lists, cost about 80 ms for one small draft); the second a few
microseconds. `regex` pickles a compiled pattern by compiling it again, so this module keeps the
program itself, captured on the way to the C core, keyed by the pattern, its flags and a checksum
of each named list it uses, in one file per `regex` version and program format. A pattern whose
entry is missing is compiled the ordinary way and recorded; new entries are written back at exit,
atomically (a temporary file, then a rename), merged with what other runs wrote meanwhile. The
file is an index (key -> where its program lies, and the program's checksum), then the programs: a
run reads the index and then only the programs it needs (a run over one draft needs ~150 of up to
4,000; reading them all cost ~10 ms and ~4 MB in every process of a parallel run). A file that is
corrupt, truncated or of another format is ignored, as is any entry whose checksum does not match
or that does not rebuild into the pattern it was recorded for.
`COPYLINT_CACHE_DIR` moves the folder (see `literal_cache.cache_dir`); `COPYLINT_NO_CACHE=1` turns
it off (every pattern is then compiled the ordinary way).
"""
from __future__ import annotations

import os
import threading
import zlib

import regex
from regex import _main as _regex_main

from .stdlib_cache import CompileRecorder  # stdlib only: importing it costs nothing

_MAGIC = b"copylint-regex-programs-2\n"  # then the index's crc32 (8 hex digits) and length (10 digits)
MAX_ENTRIES = 4000
_LOCK = threading.RLock()


class _Store:
    """The file's entries (key -> marshalled program, read on demand), the keys used and those added by this run."""

    def __init__(self, path):
        self.path = path
        self.entries = _Index(path) if self.path is not None else _Index(None)
        self.added: dict[str, bytes] = {}
        self.used: set[str] = set()
        self.saving = False


class _Index:
    """A program file's index, its programs read one by one as they are asked for (`get`)."""

    def __init__(self, path):
        self.known: dict[str, bytes] = {}  # entries this process wrote (see save)
        self.index: dict = {}
        self._start = 0
        self._fd: int | None = None
        self._data: bytes | None = None  # the whole file, where os.pread is missing
        if path is not None:
            self._open(path)

    def _open(self, path) -> None:
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        except OSError:
            return
        try:
            data = _pread(fd, 64 * 1024, 0) if hasattr(os, "pread") else _read_all(fd)
            index, start = _parse_index(data, fd)
        except (OSError, ValueError):
            index = None
        if index is None:
            os.close(fd)
            return
        self.index, self._start = index, start
        if hasattr(os, "pread"):
            self._fd = fd  # kept open: a file renamed over this one later does not change what it reads
        else:  # pragma: no cover - not POSIX
            self._data = data
            os.close(fd)

    def get(self, key: str) -> bytes | None:
        if key in self.known:
            return self.known[key]
        where = self.index.get(key)
        if where is None:
            return None
        offset, size, crc = where
        try:
            if self._fd is not None:
                blob = _pread(self._fd, size, self._start + offset)
            else:  # pragma: no cover - not POSIX
                blob = self._data[self._start + offset:self._start + offset + size]
        except OSError:
            return None
        return blob if len(blob) == size and zlib.crc32(blob) == crc else None

    def update(self, entries: dict[str, bytes]) -> None:
        self.known.update(entries)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd, self.index = None, {}


def _pread(fd: int, size: int, offset: int) -> bytes:
    chunks, done = [], 0
    while done < size:
        chunk = os.pread(fd, size - done, offset + done)
        if not chunk:
            break
        chunks.append(chunk)
        done += len(chunk)
    return b"".join(chunks)


def _read_all(fd: int) -> bytes:  # pragma: no cover - not POSIX
    with os.fdopen(os.dup(fd), "rb") as fh:
        return fh.read()


def _parse_index(head: bytes, fd: int | None):
    """(index, where the programs start) from the start of a program file (`head`, read further
    from `fd` if the index is longer), or (None, 0) when it is not a sound file of this format."""
    import marshal

    lead = len(_MAGIC) + 18
    if not head.startswith(_MAGIC) or len(head) < lead:
        return None, 0
    try:
        crc, length = int(head[len(_MAGIC):len(_MAGIC) + 8], 16), int(head[len(_MAGIC) + 8:lead])
    except ValueError:
        return None, 0
    raw = head[lead:lead + length]
    if len(raw) < length and fd is not None:
        raw = _pread(fd, length, lead)
    if len(raw) != length or zlib.crc32(raw) != crc:
        return None, 0
    try:
        index = marshal.loads(raw)
    except (EOFError, ValueError, TypeError):
        return None, 0
    if not isinstance(index, dict) or not all(
            isinstance(k, str) and isinstance(v, tuple) and len(v) == 3 and all(type(n) is int for n in v)
            for k, v in index.items()):
        return None, 0
    return index, lead + length


def _encode(entries: dict[str, bytes]) -> bytes:
    """A program file holding these entries: its index, then the programs."""
    import marshal

    index, offset = {}, 0
    for key, blob in entries.items():
        index[key] = (offset, len(blob), zlib.crc32(blob))
        offset += len(blob)
    raw = marshal.dumps(index)
    return b"".join([_MAGIC, f"{zlib.crc32(raw):08x}{len(raw):010d}".encode(), raw, *entries.values()])


_STORE: _Store | None = None
_LIST_SUMS: dict[int, tuple[list, str]] = {}  # id(list) -> (the list, its checksum)


def _store() -> _Store:
    """The store of the cache folder in effect now (read again when COPYLINT_CACHE_DIR changes)."""
    global _STORE
    path = _store_path()
    store = _STORE
    if store is None or (store.path is not path and store.path != path):  # the same Path object: no __eq__
        with _LOCK:
            if _STORE is not None:
                if _STORE.added:
                    save()
                _STORE.entries.close()
            store = _STORE = _Store(path)
    return store


_PATHS: dict[tuple, object] = {}


def _store_path():
    """The program file for this regex build in the cache folder (None: caching is off)."""
    import os

    env = (os.environ.get("COPYLINT_NO_CACHE"), os.environ.get("COPYLINT_CACHE_DIR"), os.environ.get("XDG_CACHE_HOME"),
           os.environ.get("HOME"))
    if env not in _PATHS:  # looked up per compile: worked out once per setting
        from .literal_cache import cache_dir

        try:
            folder = cache_dir()
        except (RuntimeError, KeyError, OSError):  # no home folder to find (Path.home()): no cache
            folder = None
        core = getattr(_regex_main, "_regex", None)
        tag = f"{regex.__version__}-{getattr(core, 'MAGIC', 0)}-{getattr(core, 'CODE_SIZE', 0)}"
        _PATHS[env] = None if folder is None else folder / f"regex-programs-{tag}.bin"
    return _PATHS[env]


def _read(path) -> dict[str, bytes]:
    """All the sound entries of a program file, or {} when it is missing, corrupt or of another format."""
    index = _Index(path)
    try:
        return {key: blob for key in index.index if (blob := index.get(key)) is not None}
    finally:
        index.close()


def _list_sum(values) -> str:
    cached = _LIST_SUMS.get(id(values))
    if cached is not None and cached[0] is values:
        return cached[1]
    words = sorted(set(values))
    total = f"{zlib.crc32(chr(0).join(words).encode('utf-8', 'surrogatepass')):08x}{len(words)}"
    if isinstance(values, list):  # a vocabulary list lives as long as its rule set: checksum it once
        _LIST_SUMS[id(values)] = (values, total)
    return total


def _key(pattern: str, flags: int, lists: dict) -> str:
    sums = ",".join(f"{name}={_list_sum(lists[name])}" for name in sorted(lists))
    return f"{pattern}\x00{int(flags)}\x00{regex.DEFAULT_VERSION!s}\x00{sums}"


def cached(pattern: str, flags: int = 0, **lists) -> bool | None:
    """Is this pattern's program in the program cache (None: there is no cache to keep it in)?"""
    store = _store()
    if store.path is None:
        return None
    key = _key(pattern, flags, lists)
    return key in store.added or key in store.entries.known or key in store.entries.index


def compile(pattern: str, flags: int = 0, **lists) -> regex.Pattern:  # noqa: A001 - regex.compile's twin
    """regex.compile(pattern, flags, **lists), from the program cache when this pattern was compiled before."""
    if not isinstance(pattern, str):
        return regex.compile(pattern, flags, **lists)
    store = _store()
    if store.path is None:
        return regex.compile(pattern, flags, **lists)
    key = _key(pattern, flags, lists)
    blob = store.entries.get(key) or store.added.get(key)
    if blob is not None:
        built = _build(blob, pattern)
        if built is not None:
            store.used.add(key)
            return built
    compiled, program = _compile_recording(pattern, flags, lists)
    if program is not None:
        import marshal

        with _LOCK:
            store.added[key] = marshal.dumps(program)
            store.used.add(key)
            _schedule_save(store)
    return compiled


def _build(blob: bytes, pattern: str):
    """The pattern rebuilt from its recorded program, or None if the entry does not fit."""
    import marshal

    try:
        args = marshal.loads(blob)
        if not isinstance(args, tuple) or len(args) != 11 or args[0] != pattern or not isinstance(args[2], list):
            return None
        return _regex_main._regex.compile(*args)
    except Exception:  # noqa: BLE001 - a bad entry is only a cache miss
        return None


def _compile_recording(pattern: str, flags: int, lists: dict):
    """(compiled pattern, its program as plain data or None): compiled by regex itself."""
    with _LOCK:
        core = getattr(_regex_main, "_regex", None)
        if core is None or isinstance(core, CompileRecorder):
            return regex.compile(pattern, flags, **lists), None
        recorder = CompileRecorder(core)
        _regex_main._regex = recorder
        try:
            compiled = regex.compile(pattern, flags, cache_pattern=False, **lists)
        finally:
            _regex_main._regex = core
    calls = [c for c in recorder.calls if c and c[0] == pattern]
    if len(calls) != 1 or len(calls[0]) != 11:
        return compiled, None
    program = _plain(calls[0])
    return compiled, program


def _plain(args: tuple):
    """The program with regex's flag enums as ints (marshal takes only plain data), or None."""
    import marshal

    program = tuple(int(a) if isinstance(a, regex.RegexFlag) else a for a in args)
    try:
        marshal.dumps(program)
    except ValueError:
        return None
    return program


def _schedule_save(store: _Store) -> None:
    if not store.saving:
        import atexit

        store.saving = True
        atexit.register(save)


def save() -> None:
    """Write the programs this process added (merged with the file's current entries); never raises."""
    store = _STORE
    if store is None or store.path is None or not store.added:
        return
    from .cachefile import write_atomic

    with _LOCK:
        entries = {**_read(store.path), **store.added}
        if len(entries) > MAX_ENTRIES:  # programs of packs no longer in use: keep this run's only
            entries = {k: v for k, v in entries.items() if k in store.used}
        store.entries.update(store.added)
        store.added = {}
        write_atomic(store.path, _encode(entries), ".regex-programs-")


def reset() -> None:
    """Forget the loaded store (tests; a changed COPYLINT_CACHE_DIR is then read afresh)."""
    global _STORE
    with _LOCK:
        if _STORE is not None:
            if _STORE.added:
                save()
            _STORE.entries.close()
        _STORE = None
