"""Hostile drafts and trees, reader side: copy that must not vanish or change, inputs that must not
block, and runs that must not outlive their process (issue 12's reader points)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_properties import assert_positions

from copylint import api

CLAIM = "Our exosome therapy is FDA-approved."
REG = "regulatory.fda-approved"


def regs(text: str, name: str) -> list[tuple[int, int]]:
    found = api.lint_text(text, filename=name)
    assert_positions(text, found)
    return [(f.line, f.column) for f in found if f.rule == REG]


def _last_claim(text: str) -> tuple[int, int]:
    """(line, column) of the claim's 'FDA-approved' that comes last in text."""
    at = text.rindex("FDA-approved")
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


# ---------------------------------------------------------------- suppressions stay linear

def test_directive_with_a_long_run_of_spaces_in_its_reason():
    text = "<!-- copylint: disable-next-line hype -- why" + " " * 40_000 + "so -->\nPlain words.\n"
    start = time.monotonic()
    found = api.lint_text(text, filename="a.md")
    assert time.monotonic() - start < 10  # a hang guard: the lazy reason took ~20 s here
    assert [(f.rule, f.match.endswith("so -->")) for f in found] == [("copylint.unused-suppression", True)]


@pytest.mark.parametrize("unit", ["<!-- copylint: disable -- <!-- ", "<!-- copylint: disable -- x -->"])
@pytest.mark.parametrize("kind", ["markdown", "html", "text"])
def test_600_kb_of_directives_on_one_line(unit, kind):
    text = unit * 20_000
    start = time.monotonic()
    found = api.lint_text(text, kind=kind)
    assert time.monotonic() - start < 30  # a hang guard: this took more than 11 minutes
    assert_positions(text, found)


def test_many_disable_blocks_and_many_findings():
    text = "<!-- copylint: disable hype -->\n" * 4000 + f"{CLAIM}\n" * 4000
    start = time.monotonic()
    found = api.lint_text(text, filename="a.md")
    assert time.monotonic() - start < 20  # a hang guard: every block was checked for every finding
    assert len([f for f in found if f.rule == REG]) == 4000
    assert len([f for f in found if f.rule == "copylint.unused-suppression"]) == 4000


# ---------------------------------------------------------------- pool workers die with the run

@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_killing_the_main_process_ends_its_workers(tmp_path):
    for i in range(12):
        (tmp_path / f"p{i}.md").write_text(f"{CLAIM} Plain words follow here.\n" * 20_000)
    proc = subprocess.Popen([sys.executable, "-m", "copylint", "check", "-q", "--isolated", "-j", "2",
                             "--format", "json", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while not workers and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
            workers = _children(proc.pid)
        if not workers:
            pytest.skip("the run ended before its workers could be seen")
        proc.kill()
        proc.wait()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.1)
        assert not [w for w in workers if _alive(w)]
    finally:
        if proc.poll() is None:
            proc.kill()
        for w in workers:  # never leave a worker behind, even when the test fails
            if _alive(w):
                os.kill(w, signal.SIGKILL)


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# ---------------------------------------------------------------- what the parsers skip is still copy

def test_lists_nested_past_the_parser_limit_still_read_as_copy(tmp_path):
    text = "- " * 10 + f"{CLAIM}\n\n{CLAIM}\n\n" + "> " * 30 + f"{CLAIM}\n"
    assert regs(text, "a.md") == [(1, 44), (3, 24), (5, 84)]
    deep = "- " * 5000 + "x\n\n" + f"{CLAIM}\n"
    assert regs(deep, "a.md") == [(3, 24)]


@pytest.mark.parametrize("text, expected", [
    (f"<p>Use <code>npm</p><p>{CLAIM}</p>", [(1, 47)]),            # an ancestor's end tag ends <code>
    (f"<div><pre>x = 1</div><p>{CLAIM}</p>", [(1, 48)]),
    (f"<div><textarea>note</div><p>{CLAIM}</p>", [(1, 52)]),
    (f"<p><svg><rect/><p>{CLAIM}</p>", [(1, 42)]),                 # <p> breaks out of foreign content
    (f"<math><mi>x</mi><div>{CLAIM}</div>", [(1, 45)]),
    (f"<noscript>{CLAIM}</noscript>", [(1, 34)]),                   # what readers without scripts see
    (f"<p><code>{CLAIM}</code></p><p>{CLAIM}</p>", [(1, 83)]),    # closed code is still not copy
    (f'<svg viewBox="0 0 9 9"><rect/><text x="1">{CLAIM}</text></svg>', [(1, 66)]),  # drawn text is copy
    (f"<svg><text><tspan>{CLAIM}</tspan></text><desc>{CLAIM}</desc></svg>", [(1, 42)]),
    (f"<svg hidden><text>{CLAIM}</text></svg><p>x</p>", []),
    (f'<svg><text style="display:none">{CLAIM}</text></svg>', []),
    (f"<p>A <svg><text>{CLAIM}", [(1, 40)]),                       # an unclosed <text> still ends the page
    # left open to the end of the page, <pre>, <code> and <textarea> hold all that follows, and a
    # browser shows it: it is read as copy (a closed one still is not)
    *((t, [_last_claim(t)]) for t in (f"<p>Intro</p><pre>x = 1\n<p>{CLAIM}</p>",
                                       f"<p>Intro</p><code>npm i\n<div>{CLAIM}</div>",
                                       f"<p>Intro</p><textarea>Notes: {CLAIM}",
                                       f"<pre>x</pre><p>Intro</p><pre>y<pre>z</pre> {CLAIM}")),
    (f"<p>Intro</p><pre>{CLAIM}</pre>", []),
])
def test_unclosed_code_and_foreign_elements_end_where_html5_ends_them(text, expected):
    assert regs(text, "a.html") == expected


def test_thousands_of_unclosed_pre_elements_are_read_in_two_passes():
    """A hang guard, not a timing: each unclosed element once cost a pass over the rest (quadratic)."""
    text = "<p>a</p>" + "<pre>" * 20000 + CLAIM
    started = time.monotonic()
    assert regs(text, "a.html") == [_last_claim(text)]
    assert time.monotonic() - started < 60


@pytest.mark.parametrize("name, text, expected", [
    ("a.html", "<p>Our exosome therapy is FDA-<br>approved.</p>", [(1, 27)]),
    ("a.html", "<p>Our exosome therapy is F<code>D</code>A-approved.</p>", [(1, 27)]),
    ("a.md", "Our exosome therapy is F`D`A-approved.\n", [(1, 24)]),
    ("a.md", "Our exosome therapy is FDA-<br>approved.\n", [(1, 24)]),
    ("a.html", "<p>Our exosome therapy is <span hidden>not</span> FDA-approved.</p>", [(1, 51)]),
    ("a.html", '<p>Our exosome therapy is <i style="display:none">not</i> FDA-approved.</p>', [(1, 59)]),
    ("a.html", "<p>Our exosome therapy is <del>not</del> FDA-approved.</p>", [(1, 42)]),
    ("a.md", "Our exosome therapy is <span hidden>not</span> FDA-approved.\n", [(1, 48)]),
    ("a.md", "Our exosome therapy is ~~not~~ FDA-approved.\n", [(1, 32)]),
    ("a.md", "Our exosome therapy is <del>not</del> FDA-approved.\n", [(1, 39)]),
    ("a.md", f'See [the page](https://example.org "{CLAIM}").\n', [(1, 60)]),
    ("a.md", f"![A photo](a.png '{CLAIM}')\n", [(1, 42)]),
    ("a.md", f'A photo <img src="a.png" alt="{CLAIM}"> inside a paragraph.\n', [(1, 54)]),
    ("a.md", f'> A quote <abbr\n> title="{CLAIM}">PRP</abbr> wrapped.\n', [(2, 33)]),
    ("a.md", f'A photo <img hidden alt="{CLAIM}">.\n', []),
    ("a.md", f"<svg><text>{CLAIM}</text></svg>\n", [(1, 35)]),
    ("a.md", "Our exosome therapy is <script>x = 'not'</script> FDA-approved.\n", [(1, 51)]),
])
def test_markup_inside_words_hidden_text_and_titles(name, text, expected):
    assert regs(text, name) == expected


def test_visible_negation_and_code_between_words_are_unchanged():
    assert regs("<p>Our exosome therapy is <b>not</b> FDA-approved.</p>", "a.html") == []
    assert regs("Our exosome therapy is ~~ not FDA-approved.\n", "a.md") == []  # not an opening ~~
    assert regs("Run `FDA-approved` as a command.\n", "a.md") == []


# ---------------------------------------------------------------- trees: unreadable folders, FIFOs, links

def test_an_unreadable_folder_is_reported_not_skipped(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from copylint.cli import cli

    (tmp_path / "ok.md").write_text(f"{CLAIM}\n")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "page.md").write_text(f"{CLAIM}\n")
    real_scandir, real_listdir = os.scandir, os.listdir

    def deny(fn):
        def wrapped(path=".", *args):
            if os.path.abspath(os.fsdecode(path)) == str(locked):
                raise PermissionError(13, "Permission denied", os.fsdecode(path))
            return fn(path, *args)
        return wrapped

    monkeypatch.setattr(os, "scandir", deny(real_scandir))
    monkeypatch.setattr(os, "listdir", deny(real_listdir))
    result = CliRunner().invoke(cli, ["check", "-j1", "--isolated", "--format", "json", str(tmp_path)])
    assert result.exit_code == 2
    assert f"copylint: {locked}: cannot read folder: Permission denied" in result.stderr
    assert {Path(f["path"]).name for f in __import__("json").loads(result.stdout)} == {"ok.md"}


def _run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """The console command in a subprocess: a test of something that could block must not hang the suite."""
    return subprocess.run([sys.executable, "-m", "copylint", *args], capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL, check=False)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifos_devices_and_links_out_of_the_tree_are_not_read(tmp_path):
    tree = tmp_path / "site"
    tree.mkdir()
    (tree / "page.md").write_text(f"{CLAIM}\n")
    os.mkfifo(tree / "pipe.md")
    os.symlink("/dev/zero", tree / "zero.md")
    os.symlink("/", tree / "root")
    (tmp_path / "outside.md").write_text(f"{CLAIM}\n")
    os.symlink(tmp_path / "outside.md", tree / "outside.md")
    os.symlink(tree / "page.md", tree / "inside.md")  # a link within the tree is followed
    result = _run("check", "-j1", "--isolated", "--format", "json", str(tree))
    assert result.returncode == 1, result.stderr
    import json

    assert sorted(Path(f["path"]).name for f in json.loads(result.stdout) if f["rule"] == REG) == ["inside.md", "page.md"]
    followed = _run("check", "-j1", "--isolated", "--format", "json", "--follow-links", "--exclude", "root",
                    str(tree))
    assert sorted(Path(f["path"]).name for f in json.loads(followed.stdout) if f["rule"] == REG) == [
        "inside.md", "outside.md", "page.md"]  # asked to: the link out of the tree is followed
    named = _run("check", "-j1", "--isolated", str(tree / "pipe.md"))
    assert named.returncode == 0 and "a named pipe (FIFO), not a regular file: skipped" in named.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_as_baseline_or_rule_pack_is_an_error_not_a_hang(tmp_path):
    (tmp_path / "page.md").write_text(f"{CLAIM}\n")
    os.mkfifo(tmp_path / "base.json")
    baseline = _run("check", "--isolated", "--baseline", str(tmp_path / "base.json"), str(tmp_path / "page.md"))
    assert baseline.returncode == 2 and "base.json: cannot read baseline: a named pipe" in baseline.stderr
    rules = tmp_path / "rules"
    rules.mkdir()
    os.mkfifo(rules / "house.yaml")
    packs = _run("check", "--isolated", "--rules", str(rules), str(tmp_path / "page.md"))
    assert packs.returncode == 2 and "house.yaml: cannot read rule pack: a named pipe" in packs.stderr


def test_a_heading_that_starts_with_unusual_white_space_is_read_where_it_stands():
    # '\x1c' is white space to str.isspace() but not to markdown-it: the heading's range ran past the text
    assert regs(f"# \x1c{CLAIM}\n", "a.md") == [(1, 27)]
    assert regs("# \x1c", "a.md") == []


def test_every_line_of_a_setext_heading_is_copy():
    # the last line of a heading underlined with '===' or '---' was dropped with the underline
    assert regs(f"Welcome to the clinic\n{CLAIM}\n===\n", "a.md") == [(2, 24)]
    assert regs(f"Welcome\nto the clinic\n{CLAIM}\n---\n\nBody.\n", "a.md") == [(3, 24)]
