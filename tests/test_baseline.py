"""Baselines: record legacy findings, then fail only on new ones; the baseline can only shrink."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from copylint.baseline import fingerprint, read_baseline
from copylint.cli import cli
from copylint.findings import Finding

HOUSE = str(Path(__file__).parent / "data" / "house-rules")
GUARANTEE = "Guaranteed zorblax results for every client."
PAINLESS = "A painless zorblax visit."


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    return tmp_path


def check(*args: str):
    return CliRunner().invoke(cli, ["check", "-j1", "--isolated", "--rules", HOUSE, "--select", "house",
                                    "--format", "json", *args])


def found(result) -> list[tuple[str, int, str]]:
    return [(Path(f["path"]).name, f["line"], f["rule"]) for f in json.loads(result.stdout)]


def draft(site: Path, *paragraphs: str, name: str = "page.md") -> None:
    (site / "docs" / name).write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def test_write_baseline_records_findings_and_exits_0(site):
    draft(site, GUARANTEE, PAINLESS)
    result = check("--write-baseline", "baseline.json", "docs")
    assert result.exit_code == 0
    assert "wrote 2 findings to baseline.json" in result.stderr
    doc = json.loads((site / "baseline.json").read_text(encoding="utf-8"))
    assert [(e["path"], e["rule"], e["occurrence"]) for e in doc["findings"]] == [
        ("docs/page.md", "house.zorblax-guarantee", 1), ("docs/page.md", "house.zorblax-painless", 1)]
    assert check("--baseline", "baseline.json", "docs").exit_code == 0


def test_baselined_findings_stay_hidden_when_lines_move(site):
    draft(site, GUARANTEE, PAINLESS)
    check("--write-baseline", "baseline.json", "docs")
    draft(site, "# New heading", "A new intro paragraph.", PAINLESS, "More copy.", GUARANTEE)
    result = check("--baseline", "baseline.json", "docs")
    assert (result.exit_code, found(result)) == (0, [])
    assert "no longer occur" not in result.stderr


def test_only_new_findings_are_reported(site):
    draft(site, GUARANTEE)
    check("--write-baseline", "baseline.json", "docs")
    draft(site, GUARANTEE, "Now with guaranteed zorblax results in a new sentence.")
    draft(site, GUARANTEE, name="other.md")
    result = check("--baseline", "baseline.json", "docs")
    assert result.exit_code == 1
    assert found(result) == [("other.md", 1, "house.zorblax-guarantee"),
                             ("page.md", 3, "house.zorblax-guarantee")]


def test_a_duplicated_sentence_is_a_new_finding(site):
    draft(site, GUARANTEE)
    check("--write-baseline", "baseline.json", "docs")
    draft(site, GUARANTEE, GUARANTEE)
    assert found(check("--baseline", "baseline.json", "docs")) == [("page.md", 3, "house.zorblax-guarantee")]


def test_fixed_findings_are_listed_so_the_baseline_can_shrink(site):
    draft(site, GUARANTEE, PAINLESS)
    check("--write-baseline", "baseline.json", "docs")
    draft(site, "Zorblax results vary.", PAINLESS)
    result = check("--baseline", "baseline.json", "docs")
    assert (result.exit_code, found(result)) == (0, [])
    assert "1 baseline entry in baseline.json no longer occur" in result.stderr
    assert "docs/page.md: [house.zorblax-guarantee]" in result.stderr
    # Rewriting the baseline drops the entry.
    check("--write-baseline", "baseline.json", "docs")
    assert [e.rule for e in read_baseline("baseline.json")] == ["house.zorblax-painless"]


def test_entries_for_files_not_linted_in_this_run_are_not_stale(site):
    draft(site, GUARANTEE, name="a.md")
    draft(site, PAINLESS, name="b.md")
    check("--write-baseline", "baseline.json", "docs")
    result = check("--baseline", "baseline.json", "docs/a.md")
    assert result.exit_code == 0 and "no longer occur" not in result.stderr


def test_paths_are_relative_to_the_baseline_so_other_folders_match(site, monkeypatch):
    draft(site, GUARANTEE)
    check("--write-baseline", "baseline.json", "docs")
    monkeypatch.chdir(site / "docs")
    result = check("--baseline", "../baseline.json", "page.md")
    assert (result.exit_code, found(result)) == (0, [])


def test_missing_or_broken_baseline_exits_2(site):
    draft(site, GUARANTEE)
    missing = check("--baseline", "nope.json", "docs")
    assert missing.exit_code == 2 and "nope.json: baseline not found" in missing.stderr
    (site / "broken.json").write_text("{not json", encoding="utf-8")
    broken = check("--baseline", "broken.json", "docs")
    assert broken.exit_code == 2
    assert broken.stderr.startswith("copylint: broken.json:1: not a copylint baseline")
    (site / "other.json").write_text('{"findings": []}', encoding="utf-8")
    assert check("--baseline", "other.json", "docs").exit_code == 2


def test_fingerprint_ignores_case_and_spacing_but_not_the_rule():
    def finding(rule: str, sentence: str) -> Finding:
        return Finding("a.md", 1, 1, 1, 2, rule, "hype", "info", "m", "x", sentence=sentence)

    same = fingerprint(finding("a.b", "Guaranteed results."))
    assert fingerprint(finding("a.b", "guaranteed \n RESULTS.")) == same
    assert fingerprint(finding("a.c", "Guaranteed results.")) != same
