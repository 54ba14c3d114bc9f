"""Hostile input: each case gets a clear message and the right exit code, loses nothing and never hangs.

Findings are compared as (line, column, category) so the tests do not depend on rule ids or
wording; claims come from the default pack ("Our exosome therapy is FDA-approved." is a
regulatory-status claim at column 24, "No side effects!" a safety claim at column 1).
"""
from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_properties import assert_positions

from copylint import api, document
from copylint.cli import cli
from copylint.output import atomic_writer

CLAIM = "Our exosome therapy is FDA-approved."
SAFETY = "No side effects!"
NEUTRAL = "Parking is available behind the building on weekdays."
REG, SAFE = "regulatory-status", "safety-claim"
CONSOLE_SCRIPT = Path(sys.executable).with_name("copylint")


def check(*args: str, cwd: Path | None = None) -> tuple[int, list[dict], str]:
    """`copylint check --format json` in-process: (exit code, findings, stderr)."""
    old = os.getcwd()
    try:
        if cwd:
            os.chdir(cwd)
        r = CliRunner().invoke(cli, ["check", "--format", "json", *args], catch_exceptions=False)
    finally:
        os.chdir(old)
    found = json.loads(r.stdout) if r.stdout.strip().startswith("[") else []
    return r.exit_code, found, r.stderr


def claims(findings, name: str | None = None) -> list[tuple]:
    """(line, column, category) of the claim findings (not the page-level disclosures), for one file."""
    out = []
    for f in findings:
        path, line, col, cat = (f["path"], f["line"], f["column"], f["category"]) if isinstance(f, dict) else (
            f.path, f.line, f.column, f.category)
        if cat != "missing-disclaimer" and (name is None or Path(path).name == name):
            out.append((line, col, cat))
    return sorted(out)


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


@pytest.fixture
def pool_dir(tmp_path):
    """A folder with enough good drafts (4+) that --jobs 2 really uses the worker pool."""
    for i in range(4):
        write(tmp_path / f"ok{i}.md", f"{CLAIM}\n")
    return tmp_path


# ---------------------------------------------------------------- bytes, encodings, line endings

@pytest.mark.parametrize("jobs", ["1", "2"])
def test_binary_files_are_skipped_with_a_notice(pool_dir, jobs):
    write(pool_dir / "logo.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(pool_dir / "nul.txt", f"{CLAIM}\x00{SAFETY}")  # a stray NUL: still a text file
    code, found, err = check("--isolated", "-j", jobs, str(pool_dir))
    assert code == 1  # findings in the good drafts; a skipped file is not an error
    assert "logo.md: binary file" in err and "nul.txt" not in err
    assert {Path(f["path"]).name for f in found} == {f"ok{i}.md" for i in range(4)} | {"nul.txt"}
    assert claims(found, "nul.txt") == [(1, 24, REG), (1, 38, SAFE)]
    assert claims(found, "ok3.md") == [(1, 24, REG)]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_invalid_utf8_is_one_error_line_and_the_run_goes_on(pool_dir, jobs):
    write(pool_dir / "broken.md", f"{NEUTRAL}\n\n{SAFETY} caf".encode() + b"\xe9 au lait\n")
    code, found, err = check("--isolated", "-j", jobs, str(pool_dir))
    assert code == 2
    lines = [ln for ln in err.splitlines() if "broken.md" in ln]
    assert len(lines) == 1 and "line 3" in lines[0] and "UTF-8" in lines[0]
    assert len({f["path"] for f in found}) == 4  # the other drafts were linted


@pytest.mark.parametrize("encoding, bom", [
    ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-32-le", codecs.BOM_UTF32_LE),
])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("ext", ["md", "txt", "html"])
def test_boms_and_line_endings_keep_positions(tmp_path, encoding, bom, newline, ext):
    lines = ["Intro \u201cquote\u201d \u2014 dash.", "", f"Then: {CLAIM}", f"{SAFETY}", ""]
    if ext == "html":
        lines = [f"<p>{x}</p>" if x else x for x in lines]
    text = newline.join(lines)
    path = write(tmp_path / f"d.{ext}", bom + text.encode(encoding))
    found = api.lint_file(str(path))
    assert claims(found) == claims(api.lint_text(text.replace(newline, "\n"), kind=document.kind_for(str(path))))
    assert (3, 30 if ext != "html" else 33, REG) in claims(found)
    assert_positions(document.read_document(str(path)).text, found)


def test_empty_files(tmp_path):
    for name, data in [("empty.md", b""), ("blank.txt", b"\n\n  \r\n"), ("bom.md", codecs.BOM_UTF8),
                       ("ws.html", b" \t "), ("u16.md", codecs.BOM_UTF16_LE)]:
        write(tmp_path / name, data)
    code, found, err = check("--isolated", str(tmp_path))
    assert (code, found) == (0, [])
    assert "5 files checked" in err


# ---------------------------------------------------------------- size and shape

def test_fifty_megabyte_files(tmp_path):
    """50 MB of markup that is not copy (an HTML comment) and 50 MB of empty lines, claims at both ends."""
    body = "x = 1  # FDA-approved, no side effects\n" * (50_000_000 // 39)
    html = write(tmp_path / "big.html", f"<p>{CLAIM}</p>\n<!--\n{body}-->\n<p>{CLAIM}</p>\n")
    text = write(tmp_path / "big.txt", f"{CLAIM}\n" + "\n" * 50_000_000 + f"{CLAIM}\n")
    start = time.monotonic()
    last_html = body.count("\n") + 4
    assert claims(api.lint_file(str(html))) == [(1, 27, REG), (last_html, 27, REG)]
    assert claims(api.lint_file(str(text))) == [(1, 24, REG), (50_000_002, 24, REG)]
    assert time.monotonic() - start < 60


@pytest.mark.parametrize("kind", ["markdown", "html", "text"])
def test_a_one_megabyte_line(kind):
    sentences = [NEUTRAL] * 99 + [CLAIM]
    line = " ".join(sentences * (1_000_000 // len(" ".join(sentences)) + 1))[:1_000_000]
    text = f"<p>{line}</p>" if kind == "html" else line
    start = time.monotonic()
    found = api.lint_text(text, kind=kind)
    assert time.monotonic() - start < 30
    assert_positions(text, found)
    assert len([c for c in claims(found) if c[2] == REG]) == line.count(CLAIM)


def test_deeply_nested_html():
    depth = 10_000
    html = "<div>" * depth + f"<p>{CLAIM}</p>" + "</div>" * depth
    found = api.lint_text(html, kind="html")
    assert claims(found) == [(1, 5 * depth + 27, REG)]
    md = f"{CLAIM}\n\n" + "<div>" * depth + "\n\n" + "> " * depth + f"{SAFETY}\n\n" + "- " * depth + f"{SAFETY}\n"
    found = api.lint_text(md, kind="markdown")  # markdown-it stops nesting at 20 levels; no crash, no hang
    assert (1, 24, REG) in claims(found)
    assert_positions(md, found)


@pytest.mark.parametrize("text, kind, expected", [
    (f"{CLAIM}\n\n```python\n{SAFETY}\n", "markdown", [(1, 24, REG)]),  # an unclosed fence runs to the end
    (f"{CLAIM}\n\n<!-- never closed\n\n{SAFETY}\n", "markdown", [(1, 24, REG)]),
    (f"`unclosed code {SAFETY}\n", "markdown", [(1, 16, SAFE)]),  # a lone backtick is a backtick
    (f"[{SAFETY}](https://example.com/unclosed\n", "markdown", [(1, 2, SAFE)]),
    (f"<div><p>{SAFETY} <span>{CLAIM}<!-- unclosed comment {SAFETY}", "html", [(1, 9, SAFE), (1, 55, REG)]),
    (f"<p>{CLAIM}</p><script>var s = '{SAFETY}'", "html", [(1, 27, REG)]),
    (f'<p title="{SAFETY}>{CLAIM}', "html", []),  # an unclosed attribute hides the rest, as in a browser
    (f"<p>{SAFETY}</p><p", "html", [(1, 4, SAFE)]),
    ("<" * 5000 + "&" * 5000 + "]" * 5000 + "`" * 5000 + "[" * 5000, "markdown", []),
])
def test_unclosed_constructs(text, kind, expected):
    found = api.lint_text(text, kind=kind)
    assert claims(found) == expected
    assert_positions(text, found)


@pytest.mark.parametrize("text, expected", [
    (f"`{SAFETY}` {CLAIM}", [(1, 43, REG)]),  # a code span is not copy
    (f"``a ` {SAFETY}`` {CLAIM}", [(1, 49, REG)]),  # closed by the run of the same length only
    (f"``` {SAFETY} `` {CLAIM}", [(1, 5, SAFE), (1, 48, REG)]),  # no closer of length 3: backticks are text
    (f"\\`{SAFETY}` {CLAIM}", [(1, 3, SAFE), (1, 44, REG)]),  # an escaped backtick opens nothing
])
def test_code_spans(text, expected):
    found = api.lint_text(text, kind="markdown")
    assert claims(found) == expected
    assert_positions(text, found)


def test_backtick_runs_of_many_lengths_cost_linear_time():
    """1.3 MB of unmatched backtick runs, each of a different length: every opener used to search
    the rest of the paragraph for its closer (~n^1.5: 48 s here); now a claim after them is found at once."""
    runs = " ".join("x" + "`" * k for k in range(1, 1600))
    text = f"{runs} {CLAIM}\n"
    start = time.monotonic()
    found = api.lint_text(text, kind="markdown")
    assert time.monotonic() - start < 30  # a hang guard, not a speed target (bench/ measures speed)
    assert claims(found) == [(1, len(runs) + 2 + CLAIM.index("FDA"), REG)]
    assert_positions(text, found)


# ---------------------------------------------------------------- the file system

def test_symlink_loops_and_broken_links(tmp_path):
    write(tmp_path / "drafts" / "a.md", f"{CLAIM}\n")
    os.symlink("..", tmp_path / "drafts" / "up")  # a folder loop
    os.symlink("self-b.md", tmp_path / "drafts" / "self-a.md")  # a file loop
    os.symlink("self-a.md", tmp_path / "drafts" / "self-b.md")
    os.symlink("missing.md", tmp_path / "drafts" / "dangling.md")
    code, found, err = check("--isolated", str(tmp_path / "drafts"))
    assert code == 1
    assert [Path(f["path"]).name for f in found if f["category"] == REG] == ["a.md"]  # linted once
    assert "self-a.md: symbolic link loop, skipped" in err and "dangling.md: broken symbolic link, skipped" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(pool_dir):
    secret = write(pool_dir / "secret.md", f"{CLAIM}\n")
    secret.chmod(0)
    try:
        code, found, err = check("--isolated", str(pool_dir))
    finally:
        secret.chmod(0o644)
    assert code == 2 and "secret.md: permission denied" in err and len({f["path"] for f in found}) == 4


def test_unreadable_file_simulated(pool_dir, monkeypatch):
    """The same as above where tests run as root: the read itself fails."""
    write(pool_dir / "secret.md", f"{CLAIM}\n")
    real_open = open

    def deny(path, *args, **kwargs):
        if str(path).endswith("secret.md"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(document, "open", deny, raising=False)
    code, found, err = check("--isolated", "-j", "1", str(pool_dir))
    assert code == 2
    assert [ln for ln in err.splitlines() if "secret.md" in ln] == [f"copylint: {pool_dir / 'secret.md'}: permission denied"]
    assert len({f["path"] for f in found}) == 4


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_that_vanishes_mid_run(pool_dir, monkeypatch, jobs):
    gone = write(pool_dir / "gone.md", f"{CLAIM}\n")
    real_expand = api.expand_paths

    def expand_then_delete(*args, **kwargs):
        files = real_expand(*args, **kwargs)
        if gone.exists():
            gone.unlink()  # listed, then removed before it is read
        return files

    monkeypatch.setattr(api, "expand_paths", expand_then_delete)
    code, found, err = check("--isolated", "-j", jobs, str(pool_dir))
    assert code == 2 and "gone.md: no such file (it may have been removed during the run)" in err
    assert len({f["path"] for f in found}) == 4


def test_paths_with_spaces_and_non_ascii_names_through_the_console_script(tmp_path):
    draft = write(tmp_path / "drafts \u00e9t\u00e9" / "\u00f1o\u00f1o draft \u2014 v2.md", f"{NEUTRAL}\n{SAFETY}\n")
    proc = subprocess.run([str(CONSOLE_SCRIPT), "check", "--isolated", "--format", "json", str(tmp_path)],
                          capture_output=True, timeout=120, check=False)
    assert proc.returncode == 1, proc.stderr
    found = json.loads(proc.stdout.decode("utf-8"))
    assert {f["path"] for f in found} == {str(draft)}
    assert claims(found) == [(2, 1, SAFE)]


def test_output_is_identical_for_any_number_of_jobs(tmp_path):
    for i in range(9):
        write(tmp_path / f"sub{i % 3}" / f"p{i}.md", f"# Page {i}\n\n{NEUTRAL} {CLAIM}\n\n- {SAFETY}\n")
    write(tmp_path / "bad.md", b"\xff\xfe\xfa")
    outputs = {jobs: check("--isolated", "-j", jobs, str(tmp_path)) for jobs in ("1", "2", "3")}
    assert outputs["1"] == outputs["2"] == outputs["3"]


# ---------------------------------------------------------------- configuration and rule packs

def test_config_with_a_python_tag_is_rejected(tmp_path):
    marker = tmp_path / "pwned"
    write(tmp_path / ".copylint.yaml", f"select: [safety]\nx: !!python/object/apply:os.mkdir ['{marker}']\n")
    write(tmp_path / "d.md", f"{SAFETY}\n")
    code, _, err = check("d.md", cwd=tmp_path)
    assert code == 2 and ".copylint.yaml" in err and not marker.exists()


@pytest.mark.parametrize("yaml_text", [
    "pack: evil\nrules: !!python/object/apply:os.mkdir ['{marker}']\n",
    "pack: evil\nrules:\n  - !!python/object/new:os.mkdir ['{marker}']\n",
    "pack: [unclosed\n",
    "pack: evil\nrules:\n  - id: x\n    kind: pattern\n  bad indent\n",
    "\t- not yaml at all: [\n",
])
def test_malformed_or_unsafe_rule_packs_are_rejected(tmp_path, yaml_text):
    marker = tmp_path / "pwned"
    write(tmp_path / "packs" / "evil.yaml", yaml_text.format(marker=marker))
    write(tmp_path / "d.md", f"{SAFETY}\n")
    code, _, err = check("--isolated", "--rules", str(tmp_path / "packs"), str(tmp_path / "d.md"))
    assert code == 2 and "evil.yaml" in err and not marker.exists()
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize("config_text", [
    "select: [safety\n", "- just\n- a list\n", "select: 3\n",
    "\x00\x01",
])
def test_malformed_config_is_rejected(tmp_path, config_text):
    write(tmp_path / ".copylint.yaml", config_text)
    write(tmp_path / "d.md", f"{SAFETY}\n")
    code, _, err = check("d.md", cwd=tmp_path)
    assert code == 2 and ".copylint.yaml" in err and "Traceback" not in err


RUNAWAY = """\
pack: house
rules:
  - id: runaway
    kind: pattern
    category: hype
    severity: warning
    message: A pattern that backtracks catastrophically.
    triggers: [aaaa]
    patterns: ['(?:a|aa)+$']
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_catastrophic_backtracking_stops_with_the_rule_named(tmp_path, jobs):
    write(tmp_path / "packs" / "house.yaml", RUNAWAY)
    for i in range(4):
        write(tmp_path / f"d{i}.md", "Our clinic says " + "a" * 40 + "!\n")
    start = time.monotonic()
    proc = subprocess.run([str(CONSOLE_SCRIPT), "check", "--isolated", "-j", jobs, "--rules", str(tmp_path / "packs"),
                           str(tmp_path)], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 2
    assert "house.runaway" in proc.stderr and "catastrophic backtracking" in proc.stderr
    assert time.monotonic() - start < 60


def test_rule_packs_with_thousands_of_phrases(tmp_path):
    phrases = [f"zorblax {i:04d} miracle" for i in range(5000)]
    packs = tmp_path / "packs"
    write(packs / "vocabulary.yaml", "lists:\n  banned:\n" + "".join(f"    - {p}\n" for p in phrases))
    write(packs / "listed.yaml", "pack: listed\nrules:\n  - id: banned-phrase\n    kind: pattern\n    category: hype\n"
          "    severity: warning\n    message: A banned phrase.\n    triggers: [zorblax]\n"
          "    patterns: ['\\m\\L<banned>\\M']\n")
    rules = "".join(f"  - id: phrase-{i}\n    kind: pattern\n    category: hype\n    severity: info\n    message: m\n"
                    f"    triggers: ['quux {i:04d}']\n    patterns: ['\\mquux {i:04d}\\M']\n" for i in range(2000))
    write(packs / "many.yaml", f"pack: many\nrules:\n{rules}")
    text = f"{NEUTRAL} Try zorblax 4321 miracle today. Then quux 1999 and quux 0007.\n" * 200
    write(tmp_path / "d.md", text)
    start = time.monotonic()
    code, found, err = check("--isolated", "-j", "1", "--rules", str(packs), str(tmp_path / "d.md"))
    assert code == 0, err  # warnings and infos only
    rules_found = sorted({f["rule"] for f in found})
    assert rules_found == ["listed.banned-phrase", "many.phrase-1999", "many.phrase-7"] or \
        set(rules_found) >= {"listed.banned-phrase", "many.phrase-1999"}
    assert len([f for f in found if f["rule"] == "listed.banned-phrase"]) == 200
    assert time.monotonic() - start < 60


# ---------------------------------------------------------------- nothing lost

def test_inputs_are_never_written_and_reports_are_atomic(tmp_path):
    draft = write(tmp_path / "d.md", f"{CLAIM}\n")
    before = (draft.read_bytes(), draft.stat().st_mtime_ns)
    report = tmp_path / "out" / "report.json"
    report.parent.mkdir()
    code, _, _ = check("--isolated", "-o", str(report), str(draft))
    assert code == 1 and json.loads(report.read_text())[0]["path"] == str(draft)
    assert (draft.read_bytes(), draft.stat().st_mtime_ns) == before
    assert sorted(p.name for p in report.parent.iterdir()) == ["report.json"]  # no temporary file left


def test_a_failed_report_leaves_the_old_one_intact(tmp_path):
    target = write(tmp_path / "report.txt", "old report\n")
    with pytest.raises(RuntimeError), atomic_writer(str(target)) as fh:
        fh.write("half a new rep")
        raise RuntimeError("renderer crashed")
    assert target.read_text() == "old report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_the_report_never_replaces_an_input(tmp_path):
    draft = write(tmp_path / "d.md", f"{CLAIM}\n")
    code, _, _ = check("--isolated", "-o", str(draft), str(draft))
    assert draft.read_text() == f"{CLAIM}\n" and code == 2


@pytest.mark.parametrize("kind, text, expected", [
    # thousands of matches in one sentence (no full stop): the context filters read a bounded
    # window of the sentence, and a rule's taken spans are looked up by bisection
    ("text", "100% safe " * 8000, 8000),
    ("markdown", "FDA approved\n" * 2000, 2000),
    ("text", "100% safe. " * 40000, 40000),
    # the "we do not offer" cue is searched once per sentence, not once per therapy mention
    ("text", "x " * 64000 + "we do not offer " + "PRP " * 64000, 0),
    # a link target that never closes: the regex module backtracked through it in quadratic time
    ("markdown", "](" + "(a)" * 256000, 0),
])
def test_inputs_that_once_took_quadratic_time(kind, text, expected):
    """Each of these took from half a minute to several minutes before; a hang guard, not a speed target."""
    start = time.monotonic()
    found = api.lint_text(text, kind=kind)
    assert time.monotonic() - start < 30
    assert len([f for f in found if f.category != "missing-disclaimer"]) == expected
    assert_positions(text, found)


@pytest.mark.parametrize("text", [
    "](a (" * 64000,  # link titles in parentheses that never close
    "[see](http://x.com (note " * 32000,
    "|" + "".join(f"a{i}|" for i in range(32000)) + "\n|" + "-|" * 32000 + "\n",  # one table row of 32,000 cells
])
def test_more_markdown_that_once_took_quadratic_time(text):
    start = time.monotonic()
    found = api.lint_text(text, kind="markdown")
    assert time.monotonic() - start < 30  # a hang guard (these took 15 s to minutes), not a speed target
    assert_positions(text, found)
