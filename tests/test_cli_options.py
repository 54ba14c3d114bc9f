"""Command-line options a user sees: --color (with NO_COLOR / FORCE_COLOR), explain's did-you-mean, --explain order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from copylint.cli import cli
from copylint.formats.style import use_color

ANSI = re.compile(r"\x1b\[[0-9;]*m")
DRAFT = "Our exosomes are FDA-approved.\n"


def check(*args, env=None):
    env = {"NO_COLOR": None, "FORCE_COLOR": None, **(env or {})}
    return CliRunner().invoke(cli, ["check", "--isolated", "--select", "regulatory", *args, "-",
                                    "--stdin-filename", "page.md"], input=DRAFT, env=env, catch_exceptions=False)


@pytest.mark.parametrize("fmt", ["text", "full"])
def test_color_always_colours_and_changes_nothing_else(fmt):
    plain = check("--format", fmt, "--color", "never")
    coloured = check("--format", fmt, "--color", "always")
    assert plain.exit_code == coloured.exit_code == 1
    assert "\x1b[" not in plain.stdout and "\x1b[31m" in coloured.stdout  # severity in red
    assert ANSI.sub("", coloured.stdout) == plain.stdout


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        ((), {}, False),  # auto, not a terminal (CliRunner)
        ((), {"FORCE_COLOR": "1"}, True),
        ((), {"FORCE_COLOR": "0"}, False),
        ((), {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),  # NO_COLOR wins
        (("--color", "always"), {"NO_COLOR": "1"}, True),  # an explicit option wins over the environment
        (("--color", "never"), {"FORCE_COLOR": "1"}, False),
    ],
)
def test_color_auto_follows_no_color_and_force_color(args, env, coloured):
    result = check("--format", "text", *args, env=env)
    assert ("\x1b[" in result.stdout) == coloured


def test_machine_formats_are_never_coloured():
    result = check("--format", "json", "--color", "always")
    assert "\x1b" not in result.stdout


def test_use_color_on_a_terminal():
    assert use_color("auto", True, {}) is True
    assert use_color("auto", True, {"NO_COLOR": "x"}) is False
    assert use_color("auto", True, {"NO_COLOR": ""}) is True  # set but empty does not count (no-color.org)


def test_color_rejects_unknown_modes():
    result = check("--color", "sometimes")
    assert result.exit_code == 2 and "'sometimes' is not one of 'auto', 'always', 'never'" in result.output


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [("saftey.no-side-effects", "safety.no-side-effects"), ("no-side-efects", "no-side-effects"),
     ("regulatory.fda-aproved", "regulatory.fda-approved")],
)
def test_explain_suggests_the_rule_meant(typed, suggested):
    result = CliRunner().invoke(cli, ["explain", typed])
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"copylint: unknown rule '{typed}' (did you mean '{suggested}'?) (see 'copylint rules')"
    )


def test_explain_without_a_close_rule_says_only_unknown():
    result = CliRunner().invoke(cli, ["explain", "zzzz"])
    assert result.exit_code == 2 and result.output.strip() == "copylint: unknown rule 'zzzz' (see 'copylint rules')"


def test_explain_lines_come_in_position_order():
    text = (
        "Our PRF may help treat alopecia.\n"
        "There are no FDA-approved stem cell products.\n"
        "Is PRP FDA-approved? Some patients may see thicker hair.\n"
    )
    result = CliRunner().invoke(cli, ["check", "--isolated", "--explain", "-q", "-"], input=text)
    lines = [line for line in result.stderr.splitlines() if " dropped " in line or " after context " in line]
    assert any(" dropped " in line for line in lines) and any(" after context " in line for line in lines)
    positions = [tuple(int(n) for n in line.split(":")[1:3]) for line in lines]
    assert positions == sorted(positions)
    assert positions[0][0] == 1  # the downgraded claim on line 1 comes before the dropped ones below it


def test_a_file_named_in_several_spellings_is_linted_once_without_a_dot_slash(tmp_path, monkeypatch):
    (tmp_path / "page.md").write_text(DRAFT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--isolated", "--select", "regulatory", "--format", "text",
                                      ".", "./page.md", "page.md", str(tmp_path / "page.md"), ".//page.md"])
    assert result.exit_code == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["page.md"]
    assert "in 1 file (1 checked)" in result.stderr


def test_library_paths_are_tidied_and_unique(tmp_path, monkeypatch):
    from copylint.api import expand_paths

    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text("Hello.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert expand_paths(["./sub", "sub/./a.md", "sub//a.md"]) == [str(Path("sub") / "a.md")]


def test_suggestions_name_the_claims_own_treatment():
    from copylint.api import lint_text

    def suggestion(text):
        return next(f.suggestion for f in lint_text(text, filename="s.txt") if f.rule == "regulatory.fda-approved")

    assert "No PRP product" in suggestion("Our PRP is FDA-approved.")
    assert "No stem cell product" in suggestion("Stem cells are FDA-approved for hair loss.")
    assert "Exosome" not in suggestion("Our PRP is FDA-approved.")
    assert "No such product" in suggestion("It is FDA-approved.")  # nothing resolved: neutral wording
    compare = next(f.suggestion for f in lint_text("Our PRP is safer than minoxidil.", filename="s.txt")
                   if f.category == "comparative-claim")
    assert "This PRP treatment" in compare and "exosome" not in compare.lower()


def test_explain_shows_placeholders_as_neutral_wording():
    from click.testing import CliRunner

    from copylint.cli import cli

    out = CliRunner().invoke(cli, ["explain", "regulatory.fda-approved"]).output
    assert "{subject" not in out and "No such product" in out
