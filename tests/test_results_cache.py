"""The results cache: a second run prints exactly what a run without it prints, and nothing stale is reused."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copylint import results_cache
from copylint.cli import cli
from copylint.formats import FORMATS

HOUSE = Path(__file__).parent / "data" / "house-rules"
# Sentences written for these tests: claims, corrected versions, hedged and attributed ones, a directive.
SENTENCES = [
    "Our exosome therapy is FDA-approved.",
    "Exosome therapy is not approved by the FDA.",
    "PRP injections are completely safe with no side effects.",
    "Some patients may notice thicker hair after several sessions.",
    "Our stem cell treatment cures alopecia for good.",
    "A reviewer said PRP is guaranteed to work.",
    "Is exosome therapy FDA approved?",
    "Guaranteed zorblax results.",
    "A painless zorblax session, every time.",
    "Results vary from patient to patient.",
    "Book a consultation with our clinic today.",
    "<!-- copylint: disable-next-line safety -->",
]
SHAPES = ["{}", "# {}", "- {}", "> {}", "{} {}"]


def run(*args, cwd: Path, cache: Path | None = None):
    """`copylint check` in `cwd` (its own config files apply), with this cache folder or --no-cache."""
    opts = ["--no-cache"] if cache is None else ["--cache-dir", str(cache)]
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, ["check", "-j1", *opts, *args], catch_exceptions=False)
    finally:
        os.chdir(old)


def entries(cache: Path) -> list[Path]:
    return sorted((cache / results_cache.FORMAT).glob("*/*.json"))


def write_site(root: Path, pages: list[list[tuple[int, int]]]) -> None:
    for n, page in enumerate(pages):
        lines = [SHAPES[shape].format(SENTENCES[s], SENTENCES[(s + 1) % len(SENTENCES)]) for s, shape in page]
        ext = ("md", "txt", "html")[n % 3]
        text = "\n\n".join(lines) + "\n"
        if ext == "html":
            text = "<html><body><p>" + "</p><p>".join(lines) + "</p></body></html>\n"
        sub = root / ("blog" if n % 2 else "pages")
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"page-{n}.{ext}").write_text(text, encoding="utf-8")


sites = st.lists(st.lists(st.tuples(st.integers(0, len(SENTENCES) - 1), st.integers(0, len(SHAPES) - 1)),
                          min_size=1, max_size=6), min_size=1, max_size=4)
configs = st.fixed_dictionaries({
    "options": st.sampled_from([[], ["--select", "safety,regulatory"], ["--ignore", "disclosure"],
                                ["--require-reason"], ["--rules", str(HOUSE)]]),
    "file": st.sampled_from([None, "severity:\n  safety: info\n", "ignore: [hype]\nfail-on: warning\n",
                             "per-file-ignores:\n  'blog/*': [regulatory]\n"]),
})


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(site=sites, config=configs)
def test_every_format_is_byte_identical_with_and_without_the_cache(tmp_path_factory, site, config):
    root = tmp_path_factory.mktemp("site")
    cache = tmp_path_factory.mktemp("cache")
    write_site(root / "site", site)
    if config["file"]:
        (root / ".copylint.yaml").write_text(config["file"], encoding="utf-8")
    for fmt in FORMATS:
        for explain in ([], ["--explain"]):  # entries of a run without --explain have no dropped candidates
            args = ["--format", fmt, *explain, *config["options"], "site"]
            plain = run(*args, cwd=root)
            cold = run(*args, cwd=root, cache=cache)  # fills the cache (the first time)
            warm = run(*args, cwd=root, cache=cache)  # reads it
            assert entries(cache), fmt
            for got in (cold, warm):
                assert (got.exit_code, got.stdout, got.stderr) == (plain.exit_code, plain.stdout, plain.stderr), fmt


def test_a_second_run_reads_the_cache_and_lints_only_the_changed_file(tmp_path, monkeypatch):
    write_site(tmp_path / "site", [[(0, 0)], [(2, 1)], [(4, 2)]])
    cache = tmp_path / "cache"
    first = run("--format", "json", "site", cwd=tmp_path, cache=cache)
    assert len(entries(cache)) == 3
    linted = []
    from copylint.engine import Linter

    real = Linter.lint
    monkeypatch.setattr(Linter, "lint", lambda self, doc, explain=False: linted.append(doc.path) or real(self, doc, explain))
    assert run("--format", "json", "site", cwd=tmp_path, cache=cache).stdout == first.stdout
    assert linted == []
    page = tmp_path / "site" / "blog" / "page-1.txt"
    page.write_text(page.read_text(encoding="utf-8") + "Our stem cell treatment cures alopecia for good.\n",
                    encoding="utf-8")
    again = run("--format", "json", "site", cwd=tmp_path, cache=cache)
    assert linted == [os.path.join("site", "blog", "page-1.txt")]
    assert again.stdout == run("--format", "json", "site", cwd=tmp_path).stdout != first.stdout


def _changed_pack(root: Path) -> None:
    pack = root / "house" / "house.yaml"
    pack.write_text(pack.read_text(encoding="utf-8").replace("severity: error", "severity: info"), encoding="utf-8")


def _changed_vocabulary(root: Path) -> None:
    (root / "house" / "vocabulary.yaml").write_text("lists:\n  therapy: [zorblax wrap]\n", encoding="utf-8")


def _changed_config(root: Path) -> None:
    (root / ".copylint.yaml").write_text("severity:\n  house: warning\n", encoding="utf-8")


def _changed_draft(root: Path) -> None:
    (root / "site" / "page.md").write_text("Guaranteed zorblax results. A painless zorblax wrap.\n", encoding="utf-8")


@pytest.mark.parametrize("change", [_changed_pack, _changed_vocabulary, _changed_config, _changed_draft])
def test_changing_a_pack_vocabulary_config_or_draft_invalidates(tmp_path, change):
    shutil.copytree(HOUSE, tmp_path / "house")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "page.md").write_text("Guaranteed zorblax results. A painless zorblax session.\n"
                                               "Our zorblax wrap is FDA-approved.\n", encoding="utf-8")
    cache = tmp_path / "cache"

    def check(*opts):  # a process of its own: this one keeps the packs it loaded
        cmd = [sys.executable, "-m", "copylint", "check", "-j1", *opts, "--format", "json", "--rules", "house",
               "--select", "house,regulatory", "site"]
        return subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=120)

    before = check("--cache-dir", str(cache))
    change(tmp_path)
    after = check("--cache-dir", str(cache))
    fresh = check("--no-cache")
    assert after.stdout == fresh.stdout
    assert after.stdout != before.stdout  # the change shows, so the test would catch a stale entry


def test_another_copylint_build_does_not_read_the_entries(tmp_path, monkeypatch):
    write_site(tmp_path / "site", [[(0, 0)]])
    cache = tmp_path / "cache"
    run("site", cwd=tmp_path, cache=cache)
    monkeypatch.setattr(results_cache, "_SOURCE_STAMP", "an edited copylint")
    run("site", cwd=tmp_path, cache=cache)
    assert len(entries(cache)) == 2


@pytest.mark.parametrize("garbage", [b"", b"{\"key\": ", b"[1, 2]", b"\xff\xfe not utf-8",
                                     b'{"key": "KEY", "findings": [[1, 2, 3]], "dropped": []}',
                                     b'{"key": "KEY", "findings": [], "dropped": []}'])
def test_a_corrupt_entry_is_ignored_and_rewritten(tmp_path, garbage):
    write_site(tmp_path / "site", [[(0, 0), (2, 0)]])
    cache = tmp_path / "cache"
    good = run("--format", "json", "site", cwd=tmp_path, cache=cache)
    [entry] = entries(cache)
    stored = entry.read_bytes()
    key = json.loads(stored)["key"]
    if garbage.endswith(b'"dropped": []}') and b"[1, 2, 3]" not in garbage:
        garbage = garbage.replace(b"KEY", b"another key")  # a well-formed entry for some other input
    entry.write_bytes(garbage.replace(b"KEY", key.encode()))
    again = run("--format", "json", "site", cwd=tmp_path, cache=cache)
    assert (again.exit_code, again.stdout, again.stderr) == (good.exit_code, good.stdout, good.stderr)
    assert entry.read_bytes() == stored


def test_skipped_and_failed_files_are_never_cached(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    (site / "binary.md").write_bytes(b"\x00\x01\x02 not text \x00" * 50)
    (site / "crash.md").write_text("Our exosome therapy is FDA-approved.\n", encoding="utf-8")
    from copylint.engine import Linter

    real = Linter.lint

    def crash(self, doc, explain=False):
        if doc.path.endswith("crash.md"):
            raise RuntimeError("boom")
        return real(self, doc, explain)

    monkeypatch.setattr(Linter, "lint", crash)
    cache = tmp_path / "cache"
    failed = run("site", cwd=tmp_path, cache=cache)
    assert failed.exit_code == 2 and "internal error" in failed.stderr
    assert entries(cache) == []
    monkeypatch.setattr(Linter, "lint", real)
    fixed = run("--format", "json", "site", cwd=tmp_path, cache=cache)
    assert [f["rule"] for f in json.loads(fixed.stdout)] == [
        f["rule"] for f in json.loads(run("--format", "json", "site", cwd=tmp_path).stdout)]
    assert len(entries(cache)) == 1  # the draft; the binary file is still only skipped


def test_no_cache_writes_no_results_and_cache_dir_is_used(tmp_path, monkeypatch):
    write_site(tmp_path / "site", [[(0, 0)]])
    monkeypatch.setenv("COPYLINT_CACHE_DIR", str(tmp_path / "env-cache"))
    run("site", cwd=tmp_path)  # --no-cache
    assert entries(tmp_path / "env-cache") == []
    run("site", cwd=tmp_path, cache=tmp_path / "given")
    assert len(entries(tmp_path / "given")) == 1 and entries(tmp_path / "env-cache") == []
    assert os.environ["COPYLINT_CACHE_DIR"] == str(tmp_path / "env-cache")  # restored after the run
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        CliRunner().invoke(cli, ["check", "-j1", "site"], catch_exceptions=False)
    finally:
        os.chdir(old)
    assert len(entries(tmp_path / "env-cache")) == 1


def test_prune_keeps_the_cache_within_its_bounds(tmp_path):
    folder = tmp_path / results_cache.FORMAT
    now = time.time()
    for n in range(30):
        entry = folder / f"{n:02d}" / f"{n:038d}.json"
        entry.parent.mkdir(parents=True)
        entry.write_text("{}", encoding="utf-8")
        os.utime(entry, (now - 1000 * (30 - n), now - 1000 * (30 - n)))
    old = folder / "ff" / "old.json"
    old.parent.mkdir()
    old.write_text("{}", encoding="utf-8")
    os.utime(old, (now - results_cache.MAX_AGE - 10,) * 2)
    assert results_cache.prune(folder, now, max_entries=20) == 11  # the stale one, then the 10 oldest
    left = sorted(p.parent.name for p in folder.glob("*/*.json"))
    assert left == [f"{n:02d}" for n in range(10, 30)]
    assert results_cache.prune(folder, now, max_entries=5) == 0  # pruned less than PRUNE_EVERY ago


def test_parallel_workers_store_entries_and_output_matches(tmp_path):
    write_site(tmp_path / "site", [[(i % 12, i % 5)] for i in range(12)])
    cache = tmp_path / "cache"
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        cold = CliRunner().invoke(cli, ["check", "-j2", "--cache-dir", str(cache), "--format", "json", "site"])
    finally:
        os.chdir(old)
    assert len(entries(cache)) == 12
    assert cold.stdout == run("--format", "json", "site", cwd=tmp_path).stdout


def test_concurrent_runs_share_one_cache_safely(tmp_path):
    write_site(tmp_path / "site", [[(i % 12, i % 5), ((i + 3) % 12, 0)] for i in range(16)])
    cache = tmp_path / "cache"
    cmd = [sys.executable, "-m", "copylint", "check", "-j1", "--cache-dir", str(cache), "--format", "json", "site"]
    procs = [subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    outs = [p.communicate(timeout=120) for p in procs]
    want = run("--format", "json", "site", cwd=tmp_path).stdout.encode()
    assert all(out == want and b"Traceback" not in err for out, err in outs)
    assert len(entries(cache)) == 16 and not list(cache.rglob("*.tmp"))
    again = subprocess.run(cmd, cwd=tmp_path, capture_output=True, timeout=120)
    assert again.stdout == want


def test_a_cache_that_cannot_be_written_is_ignored(tmp_path, monkeypatch):
    write_site(tmp_path / "site", [[(0, 0)]])
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be\n", encoding="utf-8")
    monkeypatch.setenv("COPYLINT_CACHE_DIR", str(blocker))
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(cli, ["check", "-j1", "--format", "json", "site"], catch_exceptions=False)
    finally:
        os.chdir(old)
    plain = run("--format", "json", "site", cwd=tmp_path)
    assert (result.exit_code, result.stdout, result.stderr) == (plain.exit_code, plain.stdout, plain.stderr)


def test_options_that_only_choose_files_or_the_exit_status_reuse_the_entries(tmp_path):
    write_site(tmp_path / "site", [[(3, 0)], [(9, 0)]])  # a hedged claim (a warning at most) and clean copy
    cache = tmp_path / "cache"
    run("site", cwd=tmp_path, cache=cache)
    stored = entries(cache)
    for opts in (["--fail-on", "info"], ["--exclude", "nothing-*"], ["--no-respect-gitignore"]):
        cached, plain = run(*opts, "site", cwd=tmp_path, cache=cache), run(*opts, "site", cwd=tmp_path)
        assert (cached.exit_code, cached.stdout) == (plain.exit_code, plain.stdout)
        assert entries(cache) == stored, opts
