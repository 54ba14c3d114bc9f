"""`check --shard K/N` and `copylint merge`: shards split a site, and merged they print the unsharded report."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from copylint.cli import cli
from copylint.shard import in_shard, parse_shard, shard_of

# Drafts written for these tests; names with a space, an accent and nested folders, as sites have.
PAGES = {
    "index.md": "# Welcome\n\nOur exosome therapy is FDA-approved.\n",
    "about.md": "Book a consultation with our clinic today.\n",
    "blog/prp.md": "PRP injections are completely safe with no side effects.\n",
    "blog/2024/stem cells.md": "Our stem cell treatment cures alopecia for good.\n",
    "blog/2024/café.txt": "Some patients may notice thicker hair. Results vary.\n",
    "services/hair.html": "<p>Guaranteed results in just 4 weeks!</p><p>No side effects.</p>\n",
    "services/skin.md": "Exosome therapy is not approved by the FDA.\n\nIt is 100% safe.\n",
    "faq.md": "Is exosome therapy FDA approved? No.\n",
}


@pytest.fixture
def site(tmp_path, monkeypatch):
    for name, text in PAGES.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def check(*args):
    return run("check", "-j1", "--no-cache", "--isolated", *args)


def test_shards_partition_the_files_and_each_file_has_one_shard():
    files = [f"site/page-{n}.md" for n in range(200)]
    for n in (1, 2, 3, 7):
        parts = [in_shard(files, k, n) for k in range(1, n + 1)]
        assert sorted(f for part in parts for f in part) == sorted(files)
        if n > 1:
            assert all(parts), "every shard gets some of 200 files"
    # the same file however it is spelt, from wherever the root is given
    assert shard_of("site/a.md", 5) == shard_of("./site//a.md", 5) == shard_of(os.path.abspath("site/a.md"), 5)
    assert shard_of("site/a.md", 5, root="site") == shard_of("a.md", 5)


def test_a_files_shard_does_not_depend_on_the_process():
    code = "from copylint.shard import shard_of; print([shard_of(f'p/{n}.md', 4) for n in range(40)])"
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(outs) == 1


@pytest.mark.parametrize("bad", ["0/3", "4/3", "1/0", "a/b", "3", "1/2/3", ""])
def test_a_bad_shard_is_a_usage_error(site, bad):
    result = check("--shard", bad, ".")
    assert result.exit_code == 2
    assert "--shard" in result.stderr and "Traceback" not in result.stderr
    assert parse_shard("2/4") == (2, 4)


def test_shard_refuses_stdin(site):
    result = check("--shard", "1/2", "-")
    assert result.exit_code == 2 and "stdin" in result.stderr


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_merged_shards_print_the_unsharded_report_byte_for_byte(site, fmt):
    whole = check("--format", fmt, ".")
    for k in (1, 2, 3):
        part = check("--format", fmt, "--shard", f"{k}/3", "-o", f"shard-{k}.{fmt}", ".")
        assert part.exit_code in (0, 1)
    counts = [len(json.loads(Path(f"shard-{k}.{fmt}").read_text(encoding="utf-8"))
                  if fmt == "json" else json.loads(Path(f"shard-{k}.{fmt}").read_text(encoding="utf-8"))["runs"][0]["results"])
              for k in (1, 2, 3)]
    assert sum(1 for c in counts if c) >= 2, "the test site must spread its findings over shards"
    merged = run("merge", *(f"shard-{k}.{fmt}" for k in (3, 1, 2)))  # any order of reports
    assert merged.stdout == whole.stdout
    assert merged.exit_code == whole.exit_code == 1


@pytest.mark.parametrize("fmt", ["text", "github", "jsonl"])
def test_json_shards_merge_into_the_other_finding_formats(site, fmt):
    for k in (1, 2):
        check("--format", "json", "--shard", f"{k}/2", "-o", f"s{k}.json", ".")
    merged = run("merge", "--format", fmt, "--color", "never", "s1.json", "s2.json")
    assert merged.stdout == check("--format", fmt, "--color", "never", ".").stdout


def test_merge_exit_status_follows_checks_rules(site):
    (site / "warn.md").write_text("PRP is the best treatment in town.\n", encoding="utf-8")
    check("--format", "json", "--select", "comparative,hype", "-o", "soft.json", "warn.md")
    soft = json.loads(Path("soft.json").read_text(encoding="utf-8"))
    assert soft and all(f["severity"] != "error" for f in soft)
    assert run("merge", "soft.json").exit_code == 0  # no errors: under the default fail-on
    assert run("merge", "--fail-on", "info", "soft.json").exit_code == 1
    assert run("merge", "--fail-on", "info", "--exit-zero", "soft.json").exit_code == 0
    (site / ".copylint.yaml").write_text("fail-on: info\n", encoding="utf-8")
    assert run("merge", "soft.json").exit_code == 1  # the file's config says info fails
    assert run("merge", "--isolated", "soft.json").exit_code == 0
    Path("empty.json").write_text("[]\n", encoding="utf-8")
    empty = run("merge", "empty.json")
    assert (empty.exit_code, empty.stdout) == (0, "[]\n") and "No findings" in empty.stderr


def _sarif_shard(site) -> str:
    check("--format", "sarif", "-o", "s.sarif", "index.md")
    return "s.sarif"


@pytest.mark.parametrize("setup,needle", [
    (lambda s: ["missing.json"], "missing.json: report not found"),
    (lambda s: [_write("bad.json", "[{")], "bad.json:1: not a copylint report (invalid JSON)"),
    (lambda s: [_write("obj.json", '{"a": 1}')], "obj.json: not a copylint report"),
    (lambda s: [_write("row.json", '[{"path": "a.md"}]')], "row.json: finding 1 is not a copylint finding"),
    (lambda s: [_write("ok.json", "[]"), _sarif_shard(s)], "s.sarif: is a SARIF report but ok.json is JSON"),
    (lambda s: [_sarif_shard(s), _sarif_shard(s)], "the reports overlap"),
    (lambda s: [_sarif_shard(s), "--format", "text"], "SARIF reports cannot be merged into text"),
    (lambda s: [_write("a.json", "[]"), "-o", "a.json"], "a.json: is one of the reports being merged"),
])
def test_bad_reports_get_one_line_naming_the_file(site, setup, needle):
    result = run("merge", *setup(site))
    assert result.exit_code == 2
    assert needle in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def _write(name: str, text: str) -> str:
    Path(name).write_text(text, encoding="utf-8")
    return name


def test_a_shard_holds_only_its_own_files_against_the_baseline(site):
    assert check("--write-baseline", "base.json", ".").exit_code == 0
    (site / "blog" / "prp.md").write_text("PRP injections are offered here.\n", encoding="utf-8")  # fixed
    inside = next(k for k in (1, 2, 3) if "blog/prp.md" in in_shard(sorted(PAGES), k, 3))
    for k in (1, 2, 3):
        result = check("--baseline", "base.json", "--shard", f"{k}/3", ".")
        assert result.exit_code == 0
        said_gone = "no longer occur" in result.stderr
        assert said_gone == (k == inside), k  # only the shard that linted the fixed file says so
        if said_gone:
            assert "blog/prp.md" in result.stderr and "index.md" not in result.stderr


def test_sharded_write_baseline_updates_the_shards_files_only(site):
    check("--write-baseline", "whole.json", ".")
    for k in (1, 2):
        assert check("--write-baseline", "parts.json", "--shard", f"{k}/2", ".").exit_code == 0
    assert Path("parts.json").read_text(encoding="utf-8") == Path("whole.json").read_text(encoding="utf-8")
