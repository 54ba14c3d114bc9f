"""The start-up caches (compiled regex programs, loaded rule sets): same findings with and without them,
and a stale, corrupt or foreign cache file is never trusted."""
from __future__ import annotations

import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
import regex

from copylint import pack_cache, programs
from copylint.rulepack import FLAGS

ROOT = Path(__file__).resolve().parent.parent

# A draft of our own that makes several kinds of claim, negates one, hedges one, and has front matter.
DRAFT = """---
title: "Birchwood scalp clinic"
description: "Our exosome serum is FDA approved and regrows hair in weeks."
---

# Scalp care

Our exosome therapy will regrow your hair, guaranteed, with no side effects at all.
Stem cell injections cure alopecia and are safer than minoxidil.
We do not claim that PRP is FDA approved. Some patients may see thicker hair.

* Clinically proven to heal damaged follicles.
* Parking is free behind the building.
"""


def _check(cache_dir: Path, draft: Path, *extra: str, no_cache: bool = False) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("COPYLINT_NO_CACHE", "COPYLINT_CACHE_DIR")}
    env["COPYLINT_CACHE_DIR"] = str(cache_dir)
    if no_cache:
        env["COPYLINT_NO_CACHE"] = "1"
    return subprocess.run([sys.executable, "-m", "copylint", "check", "--format", "json", *extra, str(draft)],
                          capture_output=True, env=env, cwd=draft.parent, timeout=120)


@pytest.fixture
def draft(tmp_path):
    path = tmp_path / "work" / "page.md"
    path.parent.mkdir()
    path.write_text(DRAFT, encoding="utf-8")
    return path


def test_findings_are_byte_identical_without_cache_cold_and_warm(tmp_path, draft):
    plain = _check(tmp_path / "unused", draft, no_cache=True)
    assert plain.returncode == 1 and b'"rule"' in plain.stdout
    assert not (tmp_path / "unused").exists()  # COPYLINT_NO_CACHE writes nothing
    cache = tmp_path / "cache"
    cold = _check(cache, draft)
    assert {p.name.split("-")[0] for p in cache.iterdir()} >= {"regex", "rules"}
    warm = _check(cache, draft)
    assert (cold.returncode, cold.stdout, cold.stderr) == (plain.returncode, plain.stdout, plain.stderr)
    assert (warm.returncode, warm.stdout, warm.stderr) == (plain.returncode, plain.stdout, plain.stderr)


def test_example_drafts_lint_the_same_with_and_without_caches(tmp_path):
    examples = ROOT / "examples"  # Markdown, HTML and text: each reader's patterns
    outs = []
    for no_cache in (True, False, False):
        env = {k: v for k, v in os.environ.items() if k not in ("COPYLINT_NO_CACHE", "COPYLINT_CACHE_DIR")}
        env["COPYLINT_CACHE_DIR"] = str(tmp_path / "cache")
        if no_cache:
            env["COPYLINT_NO_CACHE"] = "1"
        done = subprocess.run([sys.executable, "-m", "copylint", "check", "--format", "json", "--jobs", "1",
                               "--isolated", str(examples)], capture_output=True, env=env, timeout=120)
        outs.append((done.returncode, done.stdout, done.stderr))
    assert outs[0][1].count(b'"rule"') > 5
    assert outs[0] == outs[1] == outs[2]


def test_corrupt_truncated_or_foreign_cache_files_are_ignored(tmp_path, draft):
    cache = tmp_path / "cache"
    good = _check(cache, draft)
    files = sorted(cache.glob("regex-programs-*.bin")) + sorted(cache.glob("rules-*.bin"))
    assert len(files) == 2
    originals = {f: f.read_bytes() for f in files}
    for damage in (lambda b: b[: len(b) // 2],  # truncated by a crash
                   lambda b: b[:-200] + bytes(200),  # zeroed tail: checksum no longer matches
                   lambda b: b"garbage",
                   lambda b: b""):
        for f, data in originals.items():
            f.write_bytes(damage(data))
        again = _check(cache, draft)
        assert (again.returncode, again.stdout, again.stderr) == (good.returncode, good.stdout, good.stderr)
    # and each damaged file was replaced by a sound one
    assert programs._read(files[0]) and pack_cache.read(cache, files[1].stem.rsplit("-", 1)[1]) is not None


def _rewrite(path: Path, magic: bytes, body: bytes) -> None:
    path.write_bytes(magic + f"{zlib.crc32(body):08x}".encode() + body)


def test_a_program_recorded_for_another_pattern_is_not_used(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("COPYLINT_NO_CACHE", raising=False)
    programs.reset()
    programs.compile(r"\mserum\M", FLAGS)
    programs.compile(r"\mcream\M", FLAGS)
    programs.save()
    path = next(tmp_path.glob("regex-programs-*.bin"))
    entries = programs._read(path)
    keys = sorted(entries)
    swapped = {keys[0]: entries[keys[1]], keys[1]: entries[keys[0]]}  # a sound file whose entries lie
    path.write_bytes(programs._encode(swapped))
    programs.reset()
    serum = programs.compile(r"\mserum\M", FLAGS)
    assert serum.pattern == r"\mserum\M" and serum.search("a Serum here") and not serum.search("cream")
    programs.reset()


def test_cached_programs_match_like_freshly_compiled_patterns(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("COPYLINT_NO_CACHE", raising=False)
    lists = {"thing": ["hair follicles", "scalp", "hair"]}
    cases = [(r"(?P<claim>\mregrows?\s+\L<thing>\M)", FLAGS, lists), (r"\b(?:no|zero)\s+risk\b", regex.I, {}),
             (r"(?<!not\s)\mproven\M", FLAGS, {}), (r"[.!?]+[\"')\]]*(?=\s|$)|\n", 0, {})]
    texts = ["It regrows hair follicles. It REGROWS scalp!", "There is zero  risk.", "not proven, but proven.", "a. b!"]
    programs.reset()
    fresh = [programs.compile(p, f, **kw) for p, f, kw in cases]  # recorded now
    programs.save()
    programs.reset()
    again = [programs.compile(p, f, **kw) for p, f, kw in cases]  # rebuilt from the file
    assert not programs._store().added
    for a, b, (p, f, kw) in zip(fresh, again, cases, strict=True):
        ref = regex.compile(p, f, **kw)
        assert (b.pattern, b.flags, b.groupindex, b.groups) == (ref.pattern, ref.flags, ref.groupindex, ref.groups)
        for text in texts:
            assert [m.span() for m in b.finditer(text)] == [m.span() for m in ref.finditer(text)]
            assert [m.groupdict() for m in b.finditer(text)] == [m.groupdict() for m in a.finditer(text)]
    # a named list with other words is another key, never the old program
    other = programs.compile(cases[0][0], FLAGS, thing=["skin"])
    assert other.search("regrows skin") and not other.search("regrows hair")
    programs.reset()


def _pack(folder: Path, message: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "house.yaml").write_text(f"""pack: house
rules:
  - id: glow-claim
    kind: pattern
    category: efficacy-claim
    severity: error
    message: "{message}"
    patterns: ['\\mglows?\\s+forever\\M']
""", encoding="utf-8")


def test_an_edited_pack_is_a_new_key_never_the_stale_rule_set(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("COPYLINT_NO_CACHE", raising=False)
    rules = tmp_path / "rules"
    _pack(rules, "Old wording.")
    draft = tmp_path / "d.txt"
    draft.write_text("This cream glows forever.\n", encoding="utf-8")
    first = _check(tmp_path / "cache", draft, "--rules", str(rules))
    assert b"Old wording." in first.stdout
    _pack(rules, "New wording.")
    second = _check(tmp_path / "cache", draft, "--rules", str(rules))
    assert b"New wording." in second.stdout and b"Old wording." not in second.stdout


def test_key_covers_pack_bytes_added_words_and_copylint_version(tmp_path, monkeypatch):
    rules = tmp_path / "rules"
    _pack(rules, "One.")
    files = [rules / "house.yaml"]
    base = pack_cache.key(files, ())
    assert pack_cache.key(files, ()) == base
    assert pack_cache.key(files, (("therapy", ("glowmist",)),)) != base
    monkeypatch.setattr(pack_cache, "__version__", "9.9.9")
    assert pack_cache.key(files, ()) != base
    monkeypatch.undo()
    _pack(rules, "Two.")
    assert pack_cache.key(files, ()) != base
    assert pack_cache.key([tmp_path / "missing.yaml"], ()) is None


def _written_and_read(tmp_path, monkeypatch, with_plan: bool = False):
    """The bundled rule set loaded fresh, written to the cache and read back: (fresh, cached, digest)."""
    from dataclasses import replace

    from copylint import engine, rulepack

    monkeypatch.setenv("COPYLINT_CACHE_DIR", str(tmp_path))
    bundled = rulepack.default_rules_dir()
    vocab_files, packs = rulepack.pack_files([bundled])
    digest = pack_cache.key(vocab_files + packs, ())
    fresh = rulepack._load_fresh(bundled, vocab_files, packs, ())
    plan = engine.prefilter_plan(fresh.rules, fresh.vocab.lists, fresh.literals) if with_plan else fresh.plan
    fresh = replace(fresh, plan=plan, literals=None)
    pack_cache.write(tmp_path, digest, fresh)
    cached = pack_cache.read(tmp_path, digest)
    assert cached is not None
    return fresh, cached, digest


def test_a_cached_rule_set_equals_a_fresh_load(tmp_path, monkeypatch):
    fresh, cached, digest = _written_and_read(tmp_path, monkeypatch)

    def shape(rs):
        return [(r.id, r.kind, r.message, r.triggers, r.context, r.scopes, r.examples,
                 [(p.pattern, getattr(p, "literal_sets", None)) for p in r.patterns],
                 [p.pattern for p in r.unless]) for r in rs.rules]

    assert shape(cached) == shape(fresh)
    assert cached.vocab.lists == fresh.vocab.lists
    assert {k: v.pattern for k, v in cached.vocab.cues.items()} == {k: v.pattern for k, v in fresh.vocab.cues.items()}
    # a file under the right name holding something else is not a rule set
    _rewrite(pack_cache._path(tmp_path, digest), pack_cache._MAGIC, __import__("pickle").dumps({"rules": []}))
    assert pack_cache.read(tmp_path, digest) is None


def test_a_cached_rule_set_keeps_frame_dictionaries_and_prefilter_plan(tmp_path, monkeypatch):
    # pack_cache stores each word once (frame dictionaries, the plan's words, triggers): the values read
    # back must be those of a fresh load, and the plan must still be the one made for these very rules
    from copylint import engine
    from copylint.framematch import FramePattern

    fresh, cached, _ = _written_and_read(tmp_path, monkeypatch, with_plan=True)
    assert engine.plan_fits(cached.plan, cached.rules, cached.vocab.lists)
    assert cached.plan[3:] == fresh.plan[3:]

    def frames(rs):
        return [(p.frame, p.compile()._index, p._first_words, p._anchors) for r in rs.rules for p in r.patterns
                if isinstance(p, FramePattern)]

    assert frames(cached) == frames(fresh) and frames(fresh)
    assert [(r.triggers, r.context) for r in cached.rules] == [(r.triggers, r.context) for r in fresh.rules]


def test_concurrent_cold_runs_agree_and_leave_sound_files(tmp_path, draft):
    cache = tmp_path / "cache"
    env = {k: v for k, v in os.environ.items() if k != "COPYLINT_NO_CACHE"}
    env["COPYLINT_CACHE_DIR"] = str(cache)
    procs = [subprocess.Popen([sys.executable, "-m", "copylint", "check", "--format", "json", str(draft)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(4)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert len({o for o, _ in outs}) == 1 and all(p.returncode == 1 for p in procs)
    assert not list(cache.glob(".*.tmp"))  # no temporary file left behind
    assert programs._read(next(cache.glob("regex-programs-*.bin")))
