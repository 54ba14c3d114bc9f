"""Compiled `re` programs kept between runs: the standard library's patterns parsed once per machine.

A run over one draft compiles about a hundred `re` patterns at import time, most of them in its
libraries (PyYAML's reader, markdown-it's block and inline rules, logging, textwrap) and the
rest in copylint's readers: parsing and optimising them costs ~10 ms of every run, a tenth of a
pre-commit run's budget. `re` compiles in two steps, as `regex` does (see `programs`): Python code
turns the pattern into a program (a list of integers and group tables), then `_sre.compile`
builds the matcher from it in microseconds. `install()`, called by the command line before it
imports anything else, puts a wrapper in front of the first step: a pattern seen before is built
from its recorded program; any other is compiled by `re` itself and its program recorded, then
written back at exit (atomically, merged with what other runs wrote meanwhile). The file is named
by the Python build and `_sre`'s program format, and carries a checksum of its contents: a file
that is corrupt, truncated or of another format is ignored and rewritten, and an entry is used
only when it was recorded for this very pattern and `_sre` accepts it (it checks every program it
is given). Only the command line installs it: the library API leaves `re` alone.
`COPYLINT_CACHE_DIR` moves the folder; `COPYLINT_NO_CACHE=1` turns it off.
"""
from __future__ import annotations

import sys
import threading
import zlib

_MAGIC = b"copylint-re-programs-1\n"
MAX_ENTRIES = 3000
_LOCK = threading.RLock()
_NOT_KEPT = 1 | 4 | 128  # re.TEMPLATE, re.LOCALE, re.DEBUG: compiled the ordinary way


class _Store:
    """The loaded entries ((pattern, flags) -> _sre.compile's arguments), those added and those used."""

    def __init__(self, path: str, original):
        self.path = path
        self.original = original
        self.entries: dict = _read(path)
        self.added: dict = {}
        self.used: set = set()


_STORE: _Store | None = None


def install() -> bool:
    """Serve `re`'s compiles from the program file of the cache folder; False when caching is off."""
    global _STORE
    if _STORE is not None:
        return True
    try:
        import _sre
        from re import _compiler

        from .literal_cache import cache_dir

        folder = cache_dir()
        original = _compiler.compile
        if folder is None or not callable(original) or not hasattr(_compiler, "_sre"):
            return False
    except (ImportError, AttributeError, RuntimeError, KeyError, OSError):  # no home folder (Path.home())
        return False
    build = f"{zlib.crc32(sys.version.encode()):08x}-{_sre.MAGIC}-{_sre.CODESIZE}"
    _STORE = _Store(str(folder / f"re-programs-{sys.implementation.cache_tag}-{build}.bin"), original)
    _compiler.compile = _compile
    import atexit

    atexit.register(save)
    return True


def _read(path: str) -> dict:
    """The entries of a program file, or {} when it is missing, corrupt or of another format."""
    import marshal

    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return {}
    head = len(_MAGIC)
    body = data[head + 8:]
    if not data.startswith(_MAGIC) or data[head:head + 8] != f"{zlib.crc32(body):08x}".encode():
        return {}
    try:
        entries = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return {}
    return entries if isinstance(entries, dict) else {}


def _compile(p, flags=0):
    """re._compiler.compile(p, flags), from the recorded program when this pattern was compiled before."""
    store = _STORE
    if store is None or type(p) not in (str, bytes) or type(flags) is not int or flags & _NOT_KEPT:
        return (store.original if store is not None else _original())(p, flags)
    key = (p, flags)
    args = store.entries.get(key)
    if args is not None:
        built = _build(args, p, flags)
        if built is not None:
            store.used.add(key)
            return built
    compiled, args = _compile_recording(store, p, flags)
    if args is not None:
        with _LOCK:
            store.added[key] = args
            store.used.add(key)
    return compiled


def _original():
    from re import _compiler

    return _compiler.compile


def _build(args, pattern, flags: int):
    """The pattern built from its recorded program, or None if the entry does not fit."""
    import _sre

    if (type(args) is not tuple or len(args) < 2 or args[0] != pattern or type(args[0]) is not type(pattern)
            or type(args[1]) is not int or args[1] & flags != flags):
        return None
    try:
        return _sre.compile(*args)  # _sre validates the program: a bad one raises, never crashes
    except Exception:  # noqa: BLE001 - a bad entry is only a cache miss
        return None


class _Recorder:
    """Stands in for the `_sre` module during one compile: records the arguments of its compile call."""

    def __init__(self, core):
        self.core = core
        self.calls: list[tuple] = []
        self.thread = threading.get_ident()

    def compile(self, *args):
        if threading.get_ident() == self.thread:
            self.calls.append(args)
        return self.core.compile(*args)

    def __getattr__(self, name):
        return getattr(self.core, name)


def _compile_recording(store: _Store, p, flags: int):
    """(compiled pattern, _sre.compile's arguments as plain data or None): compiled by `re` itself."""
    from re import _compiler

    with _LOCK:
        core = _compiler._sre
        if isinstance(core, _Recorder):  # a compile inside a compile (cannot happen in re 3.11-3.13)
            return store.original(p, flags), None
        recorder = _Recorder(core)
        _compiler._sre = recorder
        try:
            compiled = store.original(p, flags)
        finally:
            _compiler._sre = core
    if len(recorder.calls) != 1 or not recorder.calls[0] or recorder.calls[0][0] != p:
        return compiled, None
    # the program's opcodes are int subclasses (re._constants' named constants): plain ints for marshal
    args = tuple(int(a) if isinstance(a, int) else [int(c) for c in a] if isinstance(a, list) else a
                 for a in recorder.calls[0])
    import marshal

    try:
        marshal.dumps(args)
    except ValueError:
        return compiled, None
    return compiled, args


def save() -> None:
    """Write the programs this process added (merged with the file's current entries); never raises."""
    store = _STORE
    if store is None or not store.added:
        return
    import marshal
    from pathlib import Path

    from .cachefile import write_atomic

    with _LOCK:
        entries = {**_read(store.path), **store.added}
        if len(entries) > MAX_ENTRIES:  # programs of libraries no longer in use: keep this run's only
            entries = {k: v for k, v in entries.items() if k in store.used}
        store.entries.update(store.added)
        store.added = {}
        body = marshal.dumps(entries)
        write_atomic(Path(store.path), _MAGIC + f"{zlib.crc32(body):08x}".encode() + body, ".re-programs-")


def uninstall() -> None:
    """Give `re` back its own compile and forget the store (tests)."""
    global _STORE
    store = _STORE
    if store is not None:
        from re import _compiler

        save()
        _compiler.compile = store.original
        _STORE = None
