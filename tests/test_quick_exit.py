"""The console script's quick exit after `check`: the same output, exit status and caches as the
ordinary exit, and the ordinary exit wherever the quick one is not safe."""
from __future__ import annotations

import json
import os
import subprocess
import sys

ENTRY = "import sys; from copylint.cli import {fn}; sys.argv = ['copylint', *sys.argv[1:]]; {fn}()"


def _run(fn: str, args: list[str], cache: os.PathLike, code: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("COPYLINT_NO_CACHE", "COPYLINT_CACHE_DIR")}
    env["COPYLINT_CACHE_DIR"] = str(cache)
    return subprocess.run([sys.executable, "-c", code or ENTRY.format(fn=fn), *args], capture_output=True,
                          timeout=120, env=env)


def _drafts(tmp_path):
    claims = "Our exosome therapy is FDA-approved and has no side effects.\n\n" * 300  # output beyond a pipe's buffer
    (tmp_path / "claims.md").write_text(claims, encoding="utf-8")
    (tmp_path / "clean.md").write_text("Book a consultation to talk through your options.\n", encoding="utf-8")
    return tmp_path / "claims.md", tmp_path / "clean.md"


def test_entry_gives_what_main_gives_output_and_status(tmp_path):
    claims, clean = _drafts(tmp_path)
    cases = [["check", "--format", "json", str(claims)], ["check", str(clean)], ["check", str(tmp_path / "gone.md")],
             ["check", "--fail-on", "nonsense", str(clean)]]  # findings (1), clean (0), bad input (2), click's error
    for args in cases:
        quick = _run("entry", args, tmp_path / "a")
        ordinary = _run("main", args, tmp_path / "b")
        assert (quick.returncode, quick.stdout, quick.stderr) == (ordinary.returncode, ordinary.stdout,
                                                                   ordinary.stderr), args
    done = _run("entry", cases[0], tmp_path / "a")
    assert done.returncode == 1
    assert len(json.loads(done.stdout)) >= 300  # all of it reached the pipe: flushed before leaving
    for fn in ("entry", "main"):  # a report written to a file (-o) is whole, as with the ordinary exit
        _run(fn, ["check", "--format", "json", "-o", str(tmp_path / f"{fn}.json"), str(claims)], tmp_path / fn)
    assert (tmp_path / "entry.json").read_bytes() == (tmp_path / "main.json").read_bytes() == done.stdout


def test_entry_runs_the_atexit_callbacks_that_write_the_caches(tmp_path):
    _, clean = _drafts(tmp_path)
    done = _run("entry", ["check", str(clean)], tmp_path / "cache")
    assert done.returncode == 0, done.stderr
    written = sorted(p.name.split("-")[0] for p in (tmp_path / "cache").iterdir())
    # the regex programs and the standard library's compiles are written by atexit callbacks
    assert "regex" in written and "stdlib" in written, written


def test_another_live_thread_gets_the_ordinary_exit(tmp_path):
    _, clean = _drafts(tmp_path)
    probe = ("import sys, threading\nfrom copylint.cli import entry\n"
             "stop = threading.Event()\nthreading.Thread(target=stop.wait).start()\n"
             "sys.argv = ['copylint', 'check', sys.argv[1]]\n"
             "try:\n    entry()\nfinally:\n    stop.set()\n    print('unwound', file=sys.stderr)\n")
    done = _run("entry", [str(clean)], tmp_path / "cache", code=probe)
    assert done.returncode == 0, done.stderr
    assert b"unwound" in done.stderr  # SystemExit went on up the stack: no os._exit under a live thread
