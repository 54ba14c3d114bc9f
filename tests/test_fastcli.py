"""The click-free reader of `copylint check` lines: whatever it accepts, it reads exactly as click does,
and a plain pre-commit run does not import click at all."""
from __future__ import annotations

import inspect
import os
import subprocess
import sys

import click
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copylint.cli import cli
from copylint.commands.check import run
from copylint.fastcli import FLAG, MULTI, OPTIONS, read_check

CHECK = cli.get_command(click.Context(cli), "check")


def click_reads(args: list[str]) -> dict | None:
    """click's parameters for `check ARGS`, or None where click refuses the line."""
    try:
        with CHECK.make_context("check", list(args)) as ctx:
            return dict(ctx.params)
    except (click.exceptions.Exit, click.ClickException):
        return None


def same(args: list[str]) -> bool:
    fast = read_check(list(args))
    if fast is None:
        return True  # click reads it (and reports any error)
    clicked = click_reads(args)
    assert clicked is not None, f"fast reader accepted what click refuses: {args}"
    # an option the fast reader does not set is run()'s default, which is click's default
    defaults = {k: p.default for k, p in inspect.signature(run).parameters.items()}
    assert {**defaults, **fast} == {**defaults, **clicked}, args
    return False


@pytest.fixture
def places(tmp_path):
    (tmp_path / "page.md").write_text("Hello.\n", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    return tmp_path


def test_usual_lines_are_read_as_click_reads_them(places, monkeypatch):
    monkeypatch.chdir(places)
    accepted = [
        ["page.md"], [], ["page.md", "other.md", "-"], ["-q", "page.md"], ["--format", "json", "page.md"],
        ["--format=sarif", "folder"], ["page.md", "--quiet", "--fail-on", "warning"], ["-j", "3", "page.md"],
        ["--jobs=0", "page.md"], ["--select", "safety,disease", "--select", "hype", "--ignore=x.y", "page.md"],
        ["--rules", "folder", "--rules=folder", "page.md"], ["--exclude", "*.txt", "folder"],
        ["--no-respect-gitignore", "--respect-gitignore", "folder"], ["--no-respect-gitignore", "folder"],
        ["-o", "out.txt", "page.md"], ["--output=out.txt", "--format", "text", "--format", "json", "page.md"],
        ["--config", "missing.yaml", "page.md"], ["--isolated", "--statistics", "--explain", "page.md"],
        ["--baseline", "b.json", "--write-baseline", "b2.json", "--require-reason", "page.md"],
        ["--follow-links", "--strict-inputs", "--color", "never", "--show-settings", "page.md"],
        ["-", "--stdin-filename", "draft.md"], ["--exit-zero", "page.md"], ["--select=", "page.md"],
        ["--no-cache", "page.md"],
    ]
    for args in accepted:
        assert read_check(list(args)) is not None, args
        assert not same(args)


def test_lines_it_declines_go_to_click(places, monkeypatch):
    monkeypatch.chdir(places)
    declined = [
        ["--help"], ["-h"], ["--formt", "json"], ["--format", "yaml"], ["--format"], ["-j", "-1"], ["-j", "two"],
        ["--jobs", "+2"], ["-j2"], ["-qj", "2"], ["--quiet=yes"], ["--", "page.md"], ["-x"],
        ["--stdin-filename", " "], ["--output", ""], ["-o", "folder"], ["--config=folder"], ["--rules", "page.md"],
        ["--select", "-q"], ["--fail-on", "fatal"], ["--color", "sometimes"], ["--cache-dir", "x"],
        ["--shard", "1/2"],
    ]
    for args in declined:
        assert read_check(list(args)) is None, args


def test_an_unreadable_path_goes_to_click(places, monkeypatch):
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    monkeypatch.chdir(places)
    (places / "page.md").chmod(0)
    assert read_check(["page.md"]) is None


def test_the_table_matches_the_click_command():
    by_flag = {opt: p for p in CHECK.params if isinstance(p, click.Option) for opt in (*p.opts, *p.secondary_opts)}
    for opt, (param, kind, _) in OPTIONS.items():
        declared = by_flag[opt]  # every option read here is one click declares, for the same parameter
        assert declared.name == param
        assert (kind == FLAG) == declared.is_flag and (kind == MULTI) == declared.multiple
    defaults = {k: p.default for k, p in inspect.signature(run).parameters.items()}
    assert click_reads([]) == defaults  # run()'s defaults are click's: an option left out means the same


TOKENS = ["page.md", "folder", "-", "x.md", "-q", "--quiet", "--format", "json", "text", "--format=github",
          "--select", "a,b", "--ignore=c", "-j", "2", "--jobs", "0", "--rules", "--exclude", "*.md", "-o",
          "out.txt", "--explain", "--color", "always", "--fail-on", "info", "--no-respect-gitignore",
          "--stdin-filename", "d.md", "--show-settings", "--baseline", "--", "-x", "--formt", ""]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=8))
def test_random_lines_are_read_as_click_reads_them_or_declined(args):
    cwd = os.getcwd()
    os.chdir(os.path.dirname(__file__))  # a folder without page.md/folder: paths do not exist, as click allows
    try:
        same(args)
    finally:
        os.chdir(cwd)


def test_a_plain_check_run_does_not_import_click(tmp_path):
    draft = tmp_path / "page.md"
    draft.write_text("Our exosome therapy is FDA-approved and has no side effects.\n", encoding="utf-8")
    probe = ("import runpy, sys\nsys.argv = ['copylint', 'check', '-q', sys.argv[1]]\n"
             "try:\n    runpy.run_module('copylint', run_name='__main__')\n"
             "except SystemExit as e:\n    print('click' in sys.modules, e.code, file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", probe, str(draft)], capture_output=True, text=True, timeout=120)
    assert done.stderr.strip().splitlines()[-1] == "False 1"
    assert "regulatory.fda-approved" in done.stdout
