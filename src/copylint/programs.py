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
file carries a checksum of its contents: a file that is corrupt, truncated or of another format is
ignored, as is any entry that does not rebuild into the pattern it was recorded for.
`COPYLINT_CACHE_DIR` moves the folder (see `literal_cache.cache_dir`); `COPYLINT_NO_CACHE=1` turns
it off (every pattern is then compiled the ordinary way).
"""
from __future__ import annotations

import threading
import zlib

import regex
from regex import _main as _regex_main

from .stdlib_cache import CompileRecorder  # stdlib only: importing it costs nothing

_MAGIC = b"copylint-regex-programs-1\n"
MAX_ENTRIES = 4000
_LOCK = threading.RLock()


class _Store:
    """The loaded entries (key -> marshalled program), the keys used and those added by this run."""

    def __init__(self, path):
        self.path = path
        self.entries: dict[str, bytes] = _read(self.path) if self.path is not None else {}
        self.added: dict[str, bytes] = {}
        self.used: set[str] = set()
        self.saving = False


_STORE: _Store | None = None
_LIST_SUMS: dict[int, tuple[list, str]] = {}  # id(list) -> (the list, its checksum)


def _store() -> _Store:
    """The store of the cache folder in effect now (read again when COPYLINT_CACHE_DIR changes)."""
    global _STORE
    path = _store_path()
    store = _STORE
    if store is None or (store.path is not path and store.path != path):  # the same Path object: no __eq__
        with _LOCK:
            if _STORE is not None and _STORE.added:
                save()
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
    """The entries of a program file, or {} when it is missing, corrupt or of another format."""
    import marshal

    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return {}
    head = len(_MAGIC)
    if not data.startswith(_MAGIC) or len(data) < head + 8:
        return {}
    body = data[head + 8:]
    if data[head:head + 8] != f"{zlib.crc32(body):08x}".encode():
        return {}
    try:
        entries = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(entries, dict) or not all(isinstance(k, str) and isinstance(v, bytes)
                                                for k, v in entries.items()):
        return {}
    return entries


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
    import marshal

    from .cachefile import write_atomic

    with _LOCK:
        entries = {**_read(store.path), **store.added}
        if len(entries) > MAX_ENTRIES:  # programs of packs no longer in use: keep this run's only
            entries = {k: v for k, v in entries.items() if k in store.used}
        store.entries.update(store.added)
        store.added = {}
        body = marshal.dumps(entries)
        write_atomic(store.path, _MAGIC + f"{zlib.crc32(body):08x}".encode() + body, ".regex-programs-")


def reset() -> None:
    """Forget the loaded store (tests; a changed COPYLINT_CACHE_DIR is then read afresh)."""
    global _STORE
    with _LOCK:
        if _STORE is not None and _STORE.added:
            save()
        _STORE = None
