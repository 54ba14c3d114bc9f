"""The command line as a user runs it: exit codes, formats, stdin, errors, rule pack validation."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from copylint.cli import cli

BAD = "Our exosome therapy is FDA-approved and 100% safe.\n"
CLEAN = "Five tips for healthy hair: sleep well and eat well.\n"
CONTRACT = {"path", "line", "column", "end_line", "end_column", "rule", "category", "severity", "message",
            "match", "suggestion", "disclaimer", "references"}


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def drafts(tmp_path):
    (tmp_path / "bad.md").write_text(BAD, encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "notes.rst").write_text(BAD, encoding="utf-8")  # not a default extension
    hidden = tmp_path / ".drafts"
    hidden.mkdir()
    (hidden / "x.md").write_text(BAD, encoding="utf-8")
    return tmp_path


def test_exit_codes(drafts):
    assert run("check", str(drafts / "clean.txt")).exit_code == 0
    assert run("check", str(drafts / "bad.md")).exit_code == 1
    assert run("check", "--exit-zero", str(drafts / "bad.md")).exit_code == 0
    assert run("check", str(drafts / "missing.md")).exit_code == 2
    assert run("check", "--format", "nope", str(drafts)).exit_code == 2


def test_fail_on_threshold(tmp_path):
    draft = tmp_path / "w.txt"
    draft.write_text("Everything we sell is FDA approved.\n", encoding="utf-8")  # a warning only
    assert run("check", str(draft)).exit_code == 0
    assert run("check", "--fail-on", "warning", str(draft)).exit_code == 1


def test_folder_walk_skips_hidden_and_unknown_extensions(drafts):
    result = run("check", "--format", "json", str(drafts))
    paths = {Path(f["path"]).name for f in json.loads(result.stdout)}
    assert paths == {"bad.md"}


def test_exclude_glob(drafts):
    result = run("check", "--format", "json", "--exclude", "bad.*", str(drafts))
    assert json.loads(result.stdout) == [] and result.exit_code == 0


def test_json_contract(drafts):
    out = json.loads(run("check", "--format", "json", str(drafts / "bad.md")).stdout)
    assert out and all(set(f) == CONTRACT for f in out)
    assert out == sorted(out, key=lambda f: (f["path"], f["line"], f["column"], f["rule"]))
    reg = next(f for f in out if f["category"] == "regulatory-status" and f["disclaimer"] is None)
    assert (reg["line"], reg["column"], reg["end_line"], reg["end_column"]) == (1, 24, 1, 36)
    assert reg["match"] == "FDA-approved" and reg["severity"] == "error"
    assert reg["references"] and reg["references"][0].startswith("https://")
    disc = {f["disclaimer"] for f in out if f["category"] == "missing-disclaimer"}
    assert disc == {"regulatory-status", "results-vary", "medical-advice"}


def test_text_format_and_summary(drafts):
    result = run("check", str(drafts / "bad.md"))
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{drafts / 'bad.md'}:1:") and "[" in first
    assert "findings (" in result.stderr and "in 1 file" in result.stderr
    quiet = run("check", "-q", str(drafts / "bad.md"))
    assert quiet.stderr == ""


def test_select_and_ignore_by_pack_and_id(drafts):
    def rules(*args):
        return {f["rule"] for f in json.loads(run("check", "--format", "json", *args, str(drafts / "bad.md")).stdout)}

    assert rules("--select", "safety") == {"safety.absolute-safety"}
    assert rules("--select", "regulatory.fda-approved,safety") == {"regulatory.fda-approved", "safety.absolute-safety"}
    assert not any(r.startswith(("disclosure.", "safety.")) for r in rules("--ignore", "disclosure", "--ignore", "safety"))


def test_stdin_with_filename_picks_the_markup(tmp_path):
    result = run("check", "--format", "json", "-", "--stdin-filename", "page.html",
                 input="<p>Our <b>stem cells</b> are <i>FDA</i>-approved.</p>")
    found = json.loads(result.stdout)
    assert result.exit_code == 1
    assert {(f["path"], f["match"]) for f in found if f["category"] == "regulatory-status"} == {("page.html", "FDA</i>-approved")}


def test_invalid_utf8_reports_one_line_and_continues(drafts):
    (drafts / "broken.txt").write_bytes(b"Our exosomes are \xff\xfe safe.\n")
    result = run("check", "--format", "json", str(drafts))
    assert result.exit_code == 2
    assert "broken.txt: line 1: not valid UTF-8" in result.stderr
    assert any(Path(f["path"]).name == "bad.md" for f in json.loads(result.stdout))


def test_rules_and_explain_commands():
    listing = run("rules")
    assert listing.exit_code == 0 and "regulatory.fda-approved" in listing.output
    doc = run("explain", "regulatory.fda-approved")
    assert doc.exit_code == 0
    for part in ("Why:", "Write instead:", "References:", "Flagged:", "Not flagged:"):
        assert part in doc.output
    assert run("explain", "nope.nope").exit_code == 2


def test_bad_cue_in_user_vocabulary_is_one_line_exit_2(tmp_path):
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "vocabulary.yaml").write_text("cues:\n  hedge: ['(unclosed']\n", encoding="utf-8")
    draft = tmp_path / "d.txt"
    draft.write_text(CLEAN, encoding="utf-8")
    result = run("check", "--rules", str(packs), str(draft))
    assert result.exit_code == 2
    assert "vocabulary.yaml: cues 'hedge': pattern does not compile" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("body,message", [
    ("pack: mine\nrules:\n  - {id: x, kind: pattern, category: safety-claim, severity: error, message: m, triggers: [a], patern: [a]}\n",
     "rule 'x': unknown key 'patern'"),
    ("pack: mine\nrules:\n  - {id: x, kind: pattern, category: nonsense, severity: error, message: m, triggers: [a], patterns: [a]}\n",
     "rule 'x': unknown category 'nonsense'"),
    ("pack: mine\nrules:\n  - {id: x, kind: pattern, category: hype, severity: error, message: m, triggers: [a], patterns: ['(unclosed']}\n",
     "rule 'x': patterns: pattern does not compile"),
    ("pack: mine\nrules:\n  - {id: x, kind: pattern, category: hype, severity: error, message: m, triggers: [a], patterns: ['\\L<nolist>']}\n",
     "unknown named list"),
    ("pack: mine\nrules: [\n", "invalid YAML"),
    ("!!python/object/apply:os.system ['echo pwned']\n", "invalid YAML"),
])
def test_bad_rule_pack_is_one_line_exit_2(tmp_path, body, message):
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "mine.yaml").write_text(body, encoding="utf-8")
    draft = tmp_path / "d.txt"
    draft.write_text(CLEAN, encoding="utf-8")
    result = run("check", "--rules", str(packs), str(draft))
    assert result.exit_code == 2
    assert message in result.stderr and "mine.yaml" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_extra_rule_pack_runs(tmp_path):
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "house.yaml").write_text(
        "pack: house\nrules:\n"
        "  - id: no-glow\n    kind: pattern\n    category: hype\n    severity: warning\n"
        "    message: Avoid 'glow-up'.\n    triggers: [glow]\n    patterns: ['\\mglow[\\s-]?up\\M']\n"
        "    examples: {fail: [a glow-up], pass: [a glow]}\n", encoding="utf-8")
    result = run("check", "--format", "json", "--rules", str(packs), "--select", "house", "-", input="Get a glow up today.")
    assert [(f["rule"], f["column"]) for f in json.loads(result.stdout)] == [("house.no-glow", 7)]


def test_jobs_do_not_change_output(tmp_path):
    for i in range(12):
        (tmp_path / f"d{i:02}.md").write_text(BAD if i % 2 else CLEAN, encoding="utf-8")
    one = run("check", "--format", "json", "-j", "1", str(tmp_path)).stdout
    two = run("check", "--format", "json", "-j", "2", str(tmp_path)).stdout
    assert one == two and json.loads(one)


def test_input_files_are_never_written(drafts):
    before = {p: p.read_bytes() for p in drafts.rglob("*") if p.is_file()}
    run("check", str(drafts))
    assert before == {p: p.read_bytes() for p in drafts.rglob("*") if p.is_file()}


def _console_script() -> str | None:
    exe = Path(sys.executable).with_name("copylint")
    return str(exe) if exe.exists() else shutil.which("copylint")


@pytest.mark.skipif(_console_script() is None, reason="copylint console script is not installed")
def test_installed_console_script_end_to_end(drafts):
    exe = _console_script()
    proc = subprocess.run([exe, "check", "--format", "json", str(drafts / "bad.md")], capture_output=True, text=True)
    assert proc.returncode == 1 and json.loads(proc.stdout)
    proc = subprocess.run([exe, "check", str(drafts / "clean.txt")], capture_output=True, text=True)
    assert proc.returncode == 0 and "No findings" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "copylint", "--help"], capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1"})
    assert proc.returncode == 0 and "check" in proc.stdout


def test_explain_shows_dropped_and_downgraded_candidates():
    result = run("check", "--explain", "--ignore", "disclosure", "-",
                 input="There are no FDA-approved stem cell products. Our PRF may help treat alopecia.")
    assert "dropped [regulatory.fda-approved] 'FDA-approved': negated by 'no'" in result.stderr
    assert "warning after context [disease.treats-condition] 'treat alopecia': hedged ('may')" in result.stderr


def test_disclosure_suggestion_names_the_page_therapy():
    found = json.loads(run("check", "--format", "json", "-", input="Book your stem cells session today.").stdout)
    status = next(f for f in found if f["disclaimer"] == "regulatory-status")
    assert status["suggestion"].startswith('"Stem cell products are not approved')


@pytest.mark.parametrize("fmt", ["json", "jsonl", "text", "github", "sarif"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_report_is_sorted_by_path_whatever_the_walk_order(tmp_path, fmt, jobs):
    """Findings stream out file by file; the files are linted in report order, so a root file
    ('z.md', walked first) still comes after a subfolder's ('a/x.md'); the arguments' order does not
    matter, and a file named twice is linted once."""
    (tmp_path / "a").mkdir()
    for name in ("z.md", "a/x.md", "a/y.md", "a-b.md", "m.md"):
        (tmp_path / name).write_text(BAD + "\n" + BAD, encoding="utf-8")
    out = run("check", "--format", fmt, "-j", jobs, "-q", str(tmp_path / "z.md"), str(tmp_path))
    assert out.exit_code == 1
    order = [Path(p).relative_to(tmp_path).as_posix() for p in _report_paths(fmt, out.stdout)]
    assert [n for i, n in enumerate(order) if i == 0 or order[i - 1] != n] == ["a-b.md", "a/x.md", "a/y.md", "m.md", "z.md"]
    assert order.count("z.md") == order.count("m.md") > 0
    if fmt in ("json", "jsonl"):
        rows = json.loads(out.stdout) if fmt == "json" else [json.loads(line) for line in out.stdout.splitlines()]
        keys = [(r["path"], r["line"], r["column"], r["rule"]) for r in rows]
        assert keys == sorted(keys)


def _report_paths(fmt: str, stdout: str) -> list[str]:
    if fmt == "json":
        return [r["path"] for r in json.loads(stdout)]
    if fmt == "jsonl":
        return [json.loads(line)["path"] for line in stdout.splitlines()]
    if fmt == "text":
        return [line.split(":", 1)[0] for line in stdout.splitlines()]
    if fmt == "github":
        return [line.split("file=", 1)[1].split(",", 1)[0] for line in stdout.splitlines()]
    results = json.loads(stdout)["runs"][0]["results"]
    return [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].removeprefix("file:") for r in results]


def test_streamed_summary_and_exit_code_count_every_finding(drafts):
    out = run("check", "--format", "jsonl", "--statistics", str(drafts / "bad.md"), str(drafts / "clean.txt"))
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert out.exit_code == 1 and rows
    errors = sum(1 for r in rows if r["severity"] == "error")
    assert f"{len(rows)} findings ({errors} error" in out.stderr and "in 1 file (2 checked)" in out.stderr
    stats = {line.split()[1]: int(line.split()[0]) for line in out.stderr.splitlines() if line[:5].strip().isdigit()}
    assert sum(stats.values()) == len(rows)


def test_json_layout_is_the_standard_indented_layout(tmp_path):
    """The JSON report is written finding by finding with a fast encoder; its text is exactly what
    json.dumps(indent=2) gives for the same data (quotes, non-ASCII, empty and full lists)."""
    draft = tmp_path / "d.md"
    draft.write_text('# “Exosome” Café\n\nOur exosome therapy is FDA‑approved, "100% safe" — no side effects.\n',
                     encoding="utf-8")
    out = run("check", "--format", "json", "-q", str(draft))
    rows = json.loads(out.stdout)
    assert rows and any(r["references"] for r in rows) and any(r["disclaimer"] is None for r in rows)
    assert out.stdout == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    assert run("check", "--format", "json", "-q", str(tmp_path / "nothing"), ).exit_code == 2
    empty = tmp_path / "clean.md"
    empty.write_text(CLEAN, encoding="utf-8")
    assert run("check", "--format", "json", "-q", str(empty)).stdout == "[]\n"
