"""The `re` program cache of the command line: patterns built from it match as `re` compiles them, and a
corrupt, truncated or lying cache file is never trusted."""
from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from copylint import re_programs

ROOT = Path(__file__).resolve().parent.parent

CASES = [(r"(?P<word>[A-Za-z]+)-(?P<num>\d{2,})", 0), (r"\bgenuinely\s+(safe|gentle)\b", re.I),
         (r"^\s*#+\s*(.*?)\s*$", re.M), (rb"<(/?)(p|div)[^>]*>", re.I), (r"[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF]", 0),
         (r"(?x) a [ ]+ b  # spaced out", 0)]
TEXTS = ["tonic-123 and balm-7 then Serum-4567", "It is Genuinely  SAFE.", "# Heading one \n text\n## Two", "x\x01y\u2028z a  b"]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("COPYLINT_NO_CACHE", raising=False)
    re_programs.uninstall()
    yield tmp_path
    re_programs.uninstall()
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
    re_programs.uninstall()
    reference = _compile_all()
    assert re_programs.install()
    recorded = _compile_all()
    re_programs.save()
    re_programs.uninstall()
    assert re_programs.install()
    rebuilt = _compile_all()
    assert not re_programs._STORE.added  # every one came from the file
    for ref, again in zip(reference, rebuilt, strict=True):
        assert (again.pattern, again.flags, again.groups, again.groupindex) == (
            ref.pattern, ref.flags, ref.groups, ref.groupindex)
    assert _spans(reference) == _spans(recorded) == _spans(rebuilt)


def test_a_program_recorded_for_another_pattern_is_not_used(cache):
    assert re_programs.install()
    _compile_all()
    re_programs.save()
    path = Path(re_programs._STORE.path)
    entries = re_programs._read(str(path))
    keys = sorted(entries, key=repr)
    lying = dict(zip(keys, [entries[k] for k in keys[1:] + keys[:1]], strict=True))  # every entry moved on by one
    body = marshal.dumps(lying)
    path.write_bytes(re_programs._MAGIC + f"{zlib.crc32(body):08x}".encode() + body)
    re_programs.uninstall()
    re_programs.install()
    rebuilt = _compile_all()
    assert [p.pattern for p in rebuilt] == [p for p, _ in CASES]
    re_programs.uninstall()
    assert _spans(rebuilt) == _spans(_compile_all())


def test_a_damaged_program_is_refused_not_run(cache):
    assert re_programs.install()
    pattern = r"(?P<claim>heals?)\s+(?P<what>\w+)"
    re.purge()
    re.compile(pattern)
    args = re_programs._STORE.added[(pattern, 0)]
    broken = (*args[:2], [0xFFFF] * len(args[2]), *args[3:])  # opcodes _sre does not know
    assert re_programs._build(broken, pattern, 0) is None
    assert re_programs._build(args, pattern + "x", 0) is None
    assert re_programs._build(args, pattern, 0).pattern == pattern


def test_the_library_api_leaves_re_alone(cache):
    from re import _compiler

    import copylint

    before = _compiler.compile
    assert copylint.lint_text("Our serum regrows hair.", filename="page.md")
    assert _compiler.compile is before and re_programs._STORE is None


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
    (path,) = cache.glob("re-programs-*.bin")
    sound = path.read_bytes()
    assert len(re_programs._read(str(path))) > 20  # markdown-it's, PyYAML's and copylint's patterns
    for damage in (sound[: len(sound) // 2], sound[:-100] + bytes(100), b"garbage", b""):
        path.write_bytes(damage)
        again = _check(cache, draft)
        assert (again.returncode, again.stdout, again.stderr) == (plain.returncode, plain.stdout, plain.stderr)
        assert re_programs._read(str(path))  # rewritten whole
    assert (first.returncode, first.stdout, first.stderr) == (plain.returncode, plain.stdout, plain.stderr)
    assert not list(cache.glob(".*.tmp"))
