"""The command line's cache of what the standard library compiles (`re` programs, dataclass methods): what is
built from it behaves as freshly compiled, and a corrupt, truncated or lying cache file is never trusted."""
from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from copylint import stdlib_cache

ROOT = Path(__file__).resolve().parent.parent

CASES = [(r"(?P<word>[A-Za-z]+)-(?P<num>\d{2,})", 0), (r"\bgenuinely\s+(safe|gentle)\b", re.I),
         (r"^\s*#+\s*(.*?)\s*$", re.M), (rb"<(/?)(p|div)[^>]*>", re.I), (r"[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF]", 0),
         (r"(?x) a [ ]+ b  # spaced out", 0)]
TEXTS = ["tonic-123 and balm-7 then Serum-4567", "It is Genuinely  SAFE.", "# Heading one \n text\n## Two", "x\x01y\u2028z a  b"]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("COPYLINT_NO_CACHE", raising=False)
    stdlib_cache.uninstall()
    yield tmp_path
    stdlib_cache.uninstall()
    re.purge()


def _compile_all():
    re.purge()  # re's own in-process cache would answer before ours is asked
    return [re.compile(p, f) for p, f in CASES]


def _spans(patterns):
    out = []
    for pattern in patterns:
        for text in TEXTS:
            subject = text.encode("utf-8") if isinstance(pattern.pattern, bytes) else text
            out.append([(m.span(), m.groups(), m.groupdict()) for m in pattern.finditer(subject)])
    return out


def test_patterns_built_from_the_cache_match_as_re_compiles_them(cache):
    stdlib_cache.uninstall()
    reference = _compile_all()
    assert stdlib_cache.install()
    recorded = _compile_all()
    stdlib_cache.save()
    stdlib_cache.uninstall()
    assert stdlib_cache.install()
    rebuilt = _compile_all()
    assert not stdlib_cache._STORE.added  # every one came from the file
    for ref, again in zip(reference, rebuilt, strict=True):
        assert (again.pattern, again.flags, again.groups, again.groupindex) == (
            ref.pattern, ref.flags, ref.groups, ref.groupindex)
    assert _spans(reference) == _spans(recorded) == _spans(rebuilt)


def test_a_program_recorded_for_another_pattern_is_not_used(cache):
    assert stdlib_cache.install()
    _compile_all()
    stdlib_cache.save()
    path = Path(stdlib_cache._STORE.path)
    entries = {k: v for k, v in stdlib_cache._read(str(path)).items() if k[0] == "re"}
    keys = sorted(entries, key=repr)
    lying = dict(zip(keys, [entries[k] for k in keys[1:] + keys[:1]], strict=True))  # every entry moved on by one
    body = marshal.dumps(lying)
    path.write_bytes(stdlib_cache._MAGIC + f"{zlib.crc32(body):08x}".encode() + body)
    stdlib_cache.uninstall()
    stdlib_cache.install()
    rebuilt = _compile_all()
    assert [p.pattern for p in rebuilt] == [p for p, _ in CASES]
    stdlib_cache.uninstall()
    assert _spans(rebuilt) == _spans(_compile_all())


def test_a_damaged_program_is_refused_not_run(cache):
    assert stdlib_cache.install()
    pattern = r"(?P<claim>heals?)\s+(?P<what>\w+)"
    re.purge()
    re.compile(pattern)
    args = stdlib_cache._STORE.added[("re", pattern, 0)]
    broken = (*args[:2], [0xFFFF] * len(args[2]), *args[3:])  # opcodes _sre does not know
    assert stdlib_cache._build(broken, pattern, 0) is None
    assert stdlib_cache._build(args, pattern + "x", 0) is None
    assert stdlib_cache._build(args, pattern, 0).pattern == pattern


def test_the_library_api_leaves_re_alone(cache):
    import dataclasses
    from re import _compiler

    import copylint

    before = _compiler.compile
    assert copylint.lint_text("Our serum regrows hair.", filename="page.md")
    assert _compiler.compile is before and stdlib_cache._STORE is None and "exec" not in vars(dataclasses)


def _records():
    """Two dataclasses of our own, as a module defines them (a new class object on every call)."""
    from dataclasses import dataclass, field

    @dataclass(frozen=True, order=True)
    class Jar:
        label: str
        grams: int = 50
        notes: tuple[str, ...] = field(default=(), compare=False)

    @dataclass
    class Shelf:
        name: str
        jars: list = field(default_factory=list)

    return Jar, Shelf


def _behaviour(jar_cls, shelf_cls):
    import dataclasses
    import inspect

    a, b = jar_cls("balm"), jar_cls("balm", 50, ("new",))
    shelf = shelf_cls("top")
    shelf.jars.append(a)
    try:
        a.grams = 3
        frozen = False
    except dataclasses.FrozenInstanceError:
        frozen = True
    return (repr(a), repr(b), a == b, hash(a) == hash(b), a < jar_cls("cream"), frozen, repr(shelf),
            shelf_cls("x").jars is not shelf_cls("x").jars, [f.name for f in dataclasses.fields(jar_cls)],
            str(inspect.signature(jar_cls)), jar_cls.__init__.__annotations__, shelf_cls.__init__.__annotations__)


def test_dataclasses_built_from_cached_code_behave_as_freshly_compiled(cache):
    fresh = _behaviour(*_records())
    assert stdlib_cache.install()
    recorded = _behaviour(*_records())
    assert any(k[0] == "def" for k in stdlib_cache._STORE.added)
    stdlib_cache.save()
    stdlib_cache.uninstall()
    stdlib_cache.install()
    again = _behaviour(*_records())
    assert not stdlib_cache._STORE.added  # every method came from the file
    assert fresh == recorded == again
    # the field's own annotation, not the name of the generated code's variable (no __future__ flag leaks in)
    assert fresh[-2]["grams"] == "int"


def test_cached_code_for_another_method_is_not_used(cache):
    assert stdlib_cache.install()
    fresh = _behaviour(*_records())
    stdlib_cache.save()
    path = Path(stdlib_cache._STORE.path)
    entries = stdlib_cache._read(str(path))
    inits = sorted((k for k in entries if k[0] == "def" and " def __init__(" in k[1]), key=repr)
    assert len(inits) >= 2
    lying = {**entries, **dict(zip(inits, [entries[k] for k in inits[1:] + inits[:1]], strict=True))}
    body = marshal.dumps(lying)
    path.write_bytes(stdlib_cache._MAGIC + f"{zlib.crc32(body):08x}".encode() + body)
    stdlib_cache.uninstall()
    stdlib_cache.install()
    assert _behaviour(*_records()) == fresh


def _check(cache_dir: Path, draft: Path, no_cache: bool = False) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("COPYLINT_NO_CACHE", "COPYLINT_CACHE_DIR")}
    env["COPYLINT_CACHE_DIR"] = str(cache_dir)
    if no_cache:
        env["COPYLINT_NO_CACHE"] = "1"
    return subprocess.run([sys.executable, "-c", "from copylint.cli import main; main()", "check", "--format", "json",
                           str(draft)], capture_output=True, env=env, cwd=draft.parent, timeout=120)


def test_cli_output_is_the_same_with_a_sound_corrupt_or_missing_re_cache(tmp_path):
    draft = tmp_path / "page.md"
    draft.write_text("---\ntitle: Fernhill clinic\n---\n\n# Care\n\nOur cream cures eczema overnight.\n\n"
                     "<!-- a note -->\n\n| a | b |\n|---|---|\n| PRP | guaranteed results |\n", encoding="utf-8")
    plain = _check(tmp_path / "none", draft, no_cache=True)
    assert plain.returncode == 1 and b'"rule"' in plain.stdout
    cache = tmp_path / "cache"
    first = _check(cache, draft)
    (path,) = cache.glob("stdlib-*.bin")
    sound = path.read_bytes()
    kinds = [k[0] for k in stdlib_cache._read(str(path))]
    assert kinds.count("re") > 20 and kinds.count("def") > 20  # markdown-it's, PyYAML's and copylint's
    for damage in (sound[: len(sound) // 2], sound[:-100] + bytes(100), b"garbage", b""):
        path.write_bytes(damage)
        again = _check(cache, draft)
        assert (again.returncode, again.stdout, again.stderr) == (plain.returncode, plain.stdout, plain.stderr)
        assert stdlib_cache._read(str(path))  # rewritten whole
    assert (first.returncode, first.stdout, first.stderr) == (plain.returncode, plain.stdout, plain.stderr)
    assert not list(cache.glob(".*.tmp"))


def test_cache_dir_moves_the_stdlib_cache_and_no_cache_env_turns_it_off(tmp_path):
    draft = tmp_path / "page.md"
    draft.write_text("# Care\n\nOur cream cures eczema overnight.\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "COPYLINT_NO_CACHE"}
    env["COPYLINT_CACHE_DIR"] = str(tmp_path / "env-folder")
    runs = []
    for extra in (["--cache-dir", str(tmp_path / "given")], [f"--cache-dir={tmp_path / 'given-eq'}"], []):
        # no cache of any kind (stdlib, regex programs, rules ...) from the runs with --cache-dir
        assert not list((tmp_path / "env-folder").glob("*"))
        runs.append(subprocess.run([sys.executable, "-c", "from copylint.cli import main; main()", "check", *extra,
                                    str(draft)], capture_output=True, env=env, timeout=120))
    assert len({(r.returncode, r.stdout) for r in runs}) == 1 and runs[0].returncode == 1
    assert list((tmp_path / "given").glob("stdlib-*.bin")) and list((tmp_path / "given-eq").glob("stdlib-*.bin"))
    assert list((tmp_path / "env-folder").glob("stdlib-*.bin"))
    (next((tmp_path / "env-folder").glob("stdlib-*.bin"))).unlink()
    off = subprocess.run([sys.executable, "-c", "from copylint.cli import main; main()", "check", str(draft)],
                         capture_output=True, env={**env, "COPYLINT_NO_CACHE": "1"}, timeout=120)
    assert off.stdout == runs[0].stdout and not list((tmp_path / "env-folder").glob("stdlib-*.bin"))


def test_namedtuples_built_from_cached_code_behave_as_freshly_compiled(cache):
    from collections import namedtuple

    def make():
        return namedtuple("Dose", ["amount", "unit", "note"], defaults=("",))

    def behaviour(cls):
        d = cls(5, "ml")
        return (repr(d), d == (5, "ml", ""), d._replace(unit="mg"), cls._make([1, "g", "x"]), cls._fields,
                cls.__new__.__defaults__)

    fresh = behaviour(make())
    assert stdlib_cache.install()
    recorded = behaviour(make())
    assert any(k[0] == "lambda" for k in stdlib_cache._STORE.added)
    stdlib_cache.save()
    stdlib_cache.uninstall()
    stdlib_cache.install()
    again = behaviour(make())
    assert not stdlib_cache._STORE.added
    assert fresh == recorded == again
    # an entry holding another lambda's code is compiled afresh, not used
    key = next(k for k in stdlib_cache._STORE.entries if k[0] == "lambda" and "amount, unit, note" in k[1])
    stdlib_cache._STORE.entries[key] = compile("lambda _cls, amount, unit: 0", "<string>", "eval")
    assert behaviour(make()) == fresh


def test_forward_references_from_cached_code_resolve_as_freshly_compiled(cache):
    import typing

    texts = ["list[str] | None", "dict[str, int]", "Mapping[str, Sequence[int]]", "Literal['a', 'b']"]
    scope = {"Mapping": typing.Mapping, "Sequence": typing.Sequence, "Literal": typing.Literal}

    def resolve():
        return [eval(typing.ForwardRef(t).__forward_code__, scope) for t in texts]  # noqa: S307 - our own text

    fresh = resolve()
    assert stdlib_cache.install()
    resolve()
    stdlib_cache.save()
    stdlib_cache.uninstall()
    stdlib_cache.install()
    assert resolve() == fresh
    kept = {k[1] for k in stdlib_cache._STORE.entries if k[0] == "expr"}
    assert {"list[str] | None", "dict[str, int]"} <= kept and "Literal['a', 'b']" not in kept  # unverifiable: not kept
    stdlib_cache._STORE.entries[("expr", "dict[str, int]")] = compile("dict[str, str]", "<string>", "eval")
    stdlib_cache._STORE.entries[("expr", "list[str] | None")] = compile("list[str]", "<string>", "eval")
    assert resolve() == fresh  # a lying entry is compiled afresh
    with pytest.raises(SyntaxError):
        typing.ForwardRef("not an ( expression")


def test_a_run_that_adds_a_stray_entry_or_two_does_not_rewrite_a_sound_file(cache):
    assert stdlib_cache.install()
    _compile_all()
    stdlib_cache.save()
    path = Path(stdlib_cache._STORE.path)
    sound = path.read_bytes()
    stdlib_cache.uninstall()
    stdlib_cache.install()
    re.purge()
    re.compile(r"[" + re.escape("".join({"%", "{", "-", "_", "$"})) + "]")  # its text depends on the hash seed
    stdlib_cache.save()
    assert path.read_bytes() == sound
    for n in range(stdlib_cache.MIN_NEW):
        re.compile(rf"(?:ointment|gel){{{n + 2}}}")
    stdlib_cache.save()
    written = {k[1] for k in stdlib_cache._read(str(path)) if k[0] == "re"}
    assert {rf"(?:ointment|gel){{{n + 2}}}" for n in range(stdlib_cache.MIN_NEW)} <= written  # enough: written
    assert {p for p, _ in CASES} <= written
