"""What the standard library compiles at every start, kept between runs: `re` programs, generated methods.

A run over one draft compiles, at import time, about a hundred `re` patterns (most in its
libraries: PyYAML's reader, markdown-it's rules, logging, textwrap) and the generated source of
about a hundred dataclass methods (`__init__`, `__repr__`, `__eq__` ... of copylint's records and
markdown-it's): ~10 ms and ~7 ms of every pre-commit run. Both are pure functions of their text,
so `install()`, called by the command line before it imports anything else, keeps their results
in one file of the cache folder:

- `re` compiles in two steps, as `regex` does (see `programs`): Python code parses a pattern into
  a program (integers and group tables), then `_sre.compile` builds the matcher in microseconds.
  A wrapper in front of the first step builds a pattern seen before from its recorded program;
  an entry is used only if it was recorded for this very pattern and `_sre` accepts it (`_sre`
  checks every program it is given).
- `dataclasses` builds each method from source text with `exec`, `namedtuple` its `__new__` with
  `eval` (a dozen in `inspect`, `dis` and `urllib.parse`), and `typing` compiles each annotation
  given as a string (markdown-it's typed dicts). Those modules' `exec`, `eval` and `compile` get
  twins that run the code object compiled from the same text before, as Python keeps a module's
  compiled code in `__pycache__`; an entry is used only if it defines the function the text
  names, with the same parameters, or (an annotation) loads the names and constants the text
  holds, in order. A warm run then compiles no source at all, and so does not even pay the
  compiler's first-use set-up (~0.7 ms).

Anything else is compiled as usual and recorded, and new entries are written back at exit
(atomically, merged with what other runs wrote meanwhile). The file is named by the Python build
and `_sre`'s program format and carries a checksum: a corrupt, truncated or foreign file is
ignored and rewritten. Only the command line installs it (the library API leaves the standard
library alone). `--cache-dir` and `COPYLINT_CACHE_DIR` move the folder; `COPYLINT_NO_CACHE=1`
turns it off.
"""
from __future__ import annotations

import builtins
import os
import sys
import threading
import zlib

_MAGIC = b"copylint-stdlib-1\n"
MAX_ENTRIES = 2000  # past this, a write keeps only what the writing run used
MIN_NEW = 3  # fewer new entries than this are not worth a write (see save)
_LOCK = threading.RLock()
_NOT_KEPT = 1 | 4 | 128  # re.TEMPLATE, re.LOCALE, re.DEBUG: compiled the ordinary way


class _Store:
    """The loaded entries, those added by this run and those it used.

    ("re", pattern, flags) -> `_sre.compile`'s arguments; ("def" | "lambda" | "expr", source text) -> its code."""

    def __init__(self, path: str, original):
        self.path = path
        self.original = original  # re._compiler.compile
        self.entries: dict = _read(path)
        self.added: dict = {}
        self.used: set = set()

    def keep(self, key, value) -> None:
        with _LOCK:
            self.added[key] = value
            self.used.add(key)


_STORE: _Store | None = None


def install(folder: str | None = None) -> bool:
    """Serve `re`'s and `dataclasses`' compiles from the file in `folder` (default: the cache folder);
    False when caching is off."""
    global _STORE
    if _STORE is not None:
        return True
    try:
        import _sre
        import collections
        from pathlib import Path
        from re import _compiler

        from .literal_cache import cache_dir

        if os.environ.get("COPYLINT_NO_CACHE"):
            return False
        folder = Path(folder) if folder else cache_dir()
        original = _compiler.compile
        if folder is None or not callable(original) or not hasattr(_compiler, "_sre"):
            return False
    except (ImportError, AttributeError, RuntimeError, KeyError, OSError):  # no home folder (Path.home())
        return False
    build = f"{zlib.crc32(sys.version.encode()):08x}-{_sre.MAGIC}-{_sre.CODESIZE}"
    _STORE = _Store(str(folder / f"stdlib-{sys.implementation.cache_tag}-{build}.bin"), original)
    _compiler.compile = _compile
    # module globals before the builtins: only these modules' own calls go through the cache
    collections.eval = _eval  # namedtuple's __new__, before dataclasses imports inspect (a dozen of them)
    import dataclasses
    import typing  # imported by every run anyway (the formats, markdown-it)

    dataclasses.exec = _exec
    typing.compile = _compile_annotation
    import atexit

    atexit.register(save)
    return True


def _read(path: str) -> dict:
    """The entries of a cache file, or {} when it is missing, corrupt or of another format."""
    import marshal

    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return {}
    head = len(_MAGIC)
    body = memoryview(data)[head + 8:]  # not a copy
    if not data.startswith(_MAGIC) or data[head:head + 8] != f"{zlib.crc32(body):08x}".encode():
        return {}
    try:
        entries = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return {}
    return entries if isinstance(entries, dict) else {}


_CODE = type(_read.__code__)  # the code object type (types.CodeType without importing types)


# ---------------------------------------------------------------- dataclasses, namedtuple, typing

def _exec(source, globals=None, locals=None):  # noqa: A002 - exec's own parameter names
    """exec(source, globals, locals) for dataclasses, with the code compiled from this text before."""
    code = _code(source, "def")
    return builtins.exec(source if code is None else code, globals, locals)


def _eval(source, globals=None, locals=None):  # noqa: A002 - eval's own parameter names
    """eval(source, globals, locals) for namedtuple, with the code compiled from this text before."""
    code = _code(source, "lambda")
    return builtins.eval(source if code is None else code, globals, locals)


def _compile_annotation(source, filename, mode, *args, **kwargs):
    """compile() for typing's forward references (annotations given as strings)."""
    code = _code(source, "expr") if (filename, mode, args, kwargs) == ("<string>", "eval", (), {}) else None
    return builtins.compile(source, filename, mode, *args, **kwargs) if code is None else code


_MODES = {"def": "exec", "lambda": "eval", "expr": "eval"}


def _code(source, kind: str):
    """The code object of `source` (from the cache, or compiled now and recorded); None: compile it as usual."""
    store = _STORE
    if store is None or type(source) is not str:
        return None
    key = (kind, source)
    code = store.entries.get(key)
    if type(code) is _CODE and _fits(code, source, kind):
        store.used.add(key)
        return code
    # dont_inherit: compiled as those modules compile their text, without this module's __future__ flags
    code = builtins.compile(source, "<string>", _MODES[kind], dont_inherit=True)
    if _fits(code, source, kind):  # what could not be checked when read back is not kept
        store.keep(key, code)
    return code


def _fits(code, source: str, kind: str) -> bool:
    """Does this code object do what the text says: define `def NAME(ARGS):` or `lambda ARGS:` with
    those parameters, or (an expression) load exactly the names the text holds?"""
    if code.co_filename != "<string>":
        return False
    if kind == "expr":
        words = "".join(c if c.isidentifier() or c.isdigit() else " " for c in source).split()
        names = [w for w in dict.fromkeys(words) if w.isidentifier()]  # in order of first use, as co_names
        constants = {"None": None, "True": True, "False": False}
        return ([w for w in names if w not in constants] == list(code.co_names)
                and {w for w in names if w in constants} == {w for w in constants if any(
                    c is constants[w] for c in code.co_consts)})
    head = source.partition("\n")[0]
    inner = next((c for c in code.co_consts if type(c) is _CODE), None)
    if inner is None:
        return False
    if kind == "lambda":
        if not head.startswith("lambda "):
            return False
        name, args = "<lambda>", head[7:].partition(":")[0]
    else:
        name, _, args = head[4:-2].partition("(")
        if not head.startswith("def ") or not head.endswith("):") or list(code.co_names[:1]) != [name]:
            return False
    params = [a.strip() for a in args.split(",") if a.strip()]
    return inner.co_name == name and list(inner.co_varnames[:inner.co_argcount + inner.co_kwonlyargcount]) == params


# ---------------------------------------------------------------- re

def _compile(p, flags=0):
    """re._compiler.compile(p, flags), from the recorded program when this pattern was compiled before."""
    store = _STORE
    if store is None:
        from re import _compiler

        return _compiler.compile(p, flags)
    if type(p) not in (str, bytes) or type(flags) is not int or flags & _NOT_KEPT:
        return store.original(p, flags)
    key = ("re", p, flags)
    args = store.entries.get(key)
    if args is not None:
        built = _build(args, p, flags)
        if built is not None:
            store.used.add(key)
            return built
    compiled, args = _compile_recording(store, p, flags)
    if args is not None:
        store.keep(key, args)
    return compiled


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


class CompileRecorder:
    """Stands in for a regex engine's C core (`_sre`, or the `regex` module's) during one compile:
    records the arguments of its compile calls made on this thread."""

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
        if isinstance(core, CompileRecorder):  # a compile inside a compile (cannot happen in re 3.11-3.13)
            return store.original(p, flags), None
        recorder = CompileRecorder(core)
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


# ---------------------------------------------------------------- the file

def save() -> None:
    """Write the entries this process added (merged with the file's current entries); never raises.

    A run that adds fewer than MIN_NEW entries to a sound file leaves it alone: a pattern built
    from a set (markdown-it's inline terminators) has another text in every process, as string
    hashing is randomised, and would otherwise rewrite and grow the file at every run."""
    store = _STORE
    if store is None or not store.added or (len(store.added) < MIN_NEW and store.entries):
        return
    import marshal
    from pathlib import Path

    from .cachefile import write_atomic

    with _LOCK:
        entries = {**_read(store.path), **store.added}
        if len(entries) > MAX_ENTRIES:  # entries of libraries or code no longer in use: keep this run's only
            entries = {k: v for k, v in entries.items() if k in store.used}
        store.entries.update(store.added)
        store.added = {}
        try:
            body = marshal.dumps(entries)
        except ValueError:
            return
        write_atomic(Path(store.path), _MAGIC + f"{zlib.crc32(body):08x}".encode() + body, ".stdlib-")


def uninstall() -> None:
    """Give `re` and `dataclasses` back their own compile and exec, and forget the store (tests)."""
    global _STORE
    store = _STORE
    if store is not None:
        import collections
        import dataclasses
        from re import _compiler

        save()
        _compiler.compile = store.original
        import typing

        dataclasses.__dict__.pop("exec", None)
        collections.__dict__.pop("eval", None)
        typing.__dict__.pop("compile", None)
        _STORE = None
