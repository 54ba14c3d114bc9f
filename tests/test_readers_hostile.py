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


# ---------------------------------------------------------------- suppressions stay linear

def test_directive_with_a_long_run_of_spaces_in_its_reason():
    text = "<!-- copylint: disable-next-line hype -- why" + " " * 40_000 + "so -->\nPlain words.\n"
    start = time.monotonic()
    found = api.lint_text(text, filename="a.md")
    assert time.monotonic() - start < 10  # a hang guard: the lazy reason took ~20 s here
    assert [(f.rule, f.match.endswith("so -->")) for f in found] == [("copylint.unused-suppression", True)]


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
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
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
        for w in _children(proc.pid):
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
