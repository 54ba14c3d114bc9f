"""The `full` terminal format: source line, caret underline, help, colour on and off."""

from __future__ import annotations

import re
from pathlib import Path

import click
from click.testing import CliRunner
from report_helpers import finding_at, make_report, render_to_string

from copylint.cli import cli
from copylint.formats.full import MAX_WIDTH, render

DATA = Path(__file__).parent / "data"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def full(text: str, *findings, color: bool = False, path: str = "page.md") -> str:
    return render_to_string(render, make_report({path: text}, list(findings), color=color))


def caret_under(output: str) -> str:
    """The source text the carets of the first finding sit under."""
    lines = output.splitlines()
    src = next(line for line in lines if re.match(r"^\d+ \| ", line))
    carets = next(line for line in lines if "^" in line)
    start = carets.index("^")
    return src[start : start + carets.count("^")]


def test_golden_output_without_colour():
    text = "# Hair\n\nOur FDA-approved exosomes.\n"
    f = finding_at(
        "page.md", text, "FDA-approved", message="Claims FDA approval.", suggestion="Say it is not."
    )
    assert full(text, f) == (
        "page.md:3:5: error [demo.fda-approved] Claims FDA approval.\n"
        "  |\n"
        "3 | Our FDA-approved exosomes.\n"
        "  |     ^^^^^^^^^^^^\n"
        "  |\n"
        "  = help: Say it is not.\n"
    )


def test_findings_are_separated_by_a_blank_line_and_gutter_fits_the_line_number():
    text = "\n" * 11 + "FDA-approved and 100% safe.\n"
    a = finding_at("page.md", text, "FDA-approved")
    b = finding_at("page.md", text, "100% safe", rule="demo.safe", severity="warning")
    out = full(text, a, b)
    first, second = out.split("\n\n")
    assert first.splitlines()[1:4] == ["   |", "12 | FDA-approved and 100% safe.", "   | ^^^^^^^^^^^^"]
    assert second.startswith("page.md:12:18: warning [demo.safe]")


def test_colour_is_ansi_only_when_asked_and_changes_nothing_else():
    text = "Our FDA-approved exosomes.\n"
    f = finding_at("page.md", text, "FDA-approved", suggestion="Say it is not.")
    plain, coloured = full(text, f), full(text, f, color=True)
    assert "\x1b" not in plain
    red = click.style("error", fg="red", bold=True)
    assert red in coloured and click.style("^^^^^^^^^^^^", fg="red", bold=True) in coloured
    assert ANSI.sub("", coloured) == plain


def test_severity_colours():
    text = "a FDA-approved b\n"
    for severity, colour in (("warning", "yellow"), ("info", "cyan")):
        out = full(text, finding_at("p.md", text, "FDA-approved", severity=severity), color=True)
        assert click.style(severity, fg=colour, bold=True) in out


def test_tabs_are_expanded_and_carets_follow():
    text = "\tOur\tFDA-approved exosomes.\n"
    out = full(text, finding_at("page.md", text, "FDA-approved"))
    assert "\t" not in out
    assert caret_under(out) == "FDA-approved"
    assert "1 |     Our FDA-approved" in out  # tab stops every 4 columns


def test_wide_and_astral_characters_take_two_columns():
    text = "日本の 😀 clinics: FDA-approved.\n"
    out = full(text, finding_at("page.md", text, "FDA-approved"))
    carets = next(line for line in out.splitlines() if "^" in line)
    # "日本の " is 7 columns, "😀 " 3, "clinics: " 9: the span starts 19 columns in
    assert carets == "  | " + " " * 19 + "^" * 12


def test_combining_and_zero_width_characters_take_none():
    text = "Cafe\u0301 FDA\u200b-approved\n"
    out = full(text, finding_at("page.md", text, "FDA\u200b-approved"))
    carets = next(line for line in out.splitlines() if "^" in line)
    assert carets == "  | " + " " * 5 + "^" * 12  # "Cafe\u0301 " is five columns


def test_span_across_lines_is_underlined_to_the_end_of_its_first_line():
    text = "Our clinic offers exosomes that are FDA\napproved for hair loss.\n"
    out = full(text, finding_at("page.md", text, "FDA\napproved"))
    carets = next(line for line in out.splitlines() if "^" in line)
    assert caret_under(out) == "FDA"
    assert carets.endswith("^^^ \u2026 continues to line 2")


def test_long_lines_are_trimmed_around_the_span():
    text = "word " * 100 + "FDA-approved " + "more " * 100 + "\n"
    out = full(text, finding_at("page.md", text, "FDA-approved"))
    src = next(line for line in out.splitlines() if line.startswith("1 | "))
    shown = src[len("1 | ") :]
    assert shown.startswith("\u2026") and shown.endswith("\u2026")
    assert len(shown) <= MAX_WIDTH + 2
    assert caret_under(out) == "FDA-approved"


def test_span_near_the_end_of_a_long_line_keeps_left_context():
    text = "word " * 100 + "FDA-approved.\n"
    out = full(text, finding_at("page.md", text, "FDA-approved"))
    shown = next(line for line in out.splitlines() if line.startswith("1 | "))[4:]
    assert shown.startswith("\u2026") and shown.endswith("FDA-approved.")
    assert len(shown) == MAX_WIDTH + 1
    assert caret_under(out) == "FDA-approved"


def test_control_and_bidi_characters_cannot_drive_the_terminal():
    text = "Our \x1b[2J\x1b]0;pwned\x07 FDA-approved \u202eexosomes\r\n"
    out = full(text, finding_at("page\x1b[31m.md", text, "FDA-approved"), path="page\x1b[31m.md")
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\u241b[2J" in out  # shown as a visible ESC symbol
    assert caret_under(out) == "FDA-approved"


def test_missing_disclosure_points_at_the_mention_and_suggests_wording():
    text = "Exosome facials for glowing skin.\n"
    f = finding_at(
        "page.md",
        text,
        "Exosome",
        rule="demo.results-vary",
        severity="warning",
        category="missing-disclaimer",
        disclaimer="results-vary",
    )
    out = full(text, f)
    assert out.splitlines()[0].endswith("(results-vary)")
    assert "^^^^^^^ this mention needs a results-vary disclosure" in out
    assert "= help: add wording such as: Individual results vary" in out


def test_finding_without_text_shows_header_and_help_only():
    text = "FDA-approved\n"
    f = finding_at("page.md", text, "FDA-approved", suggestion="Say it is not.")
    out = render_to_string(render, make_report({}, [f]))
    assert (
        out
        == "page.md:1:1: error [demo.fda-approved] Message of demo.fda-approved.\n  |\n  = help: Say it is not.\n"
    )


def test_check_format_full_end_to_end():
    drafts = str(DATA / "report-drafts" / "overlap.md")
    result = CliRunner().invoke(
        cli,
        ["check", "--rules", str(DATA / "report-pack"), "--select", "reportdemo", "--format", "full", drafts],
    )
    assert result.exit_code == 1
    blocks = result.stdout.strip("\n").split("\n\n")
    assert blocks and all(b.startswith(drafts + ":") for b in blocks)
    for block in blocks:
        match = re.search(r"\[reportdemo\.[a-z-]+\]", block)
        assert match and "^" in block and "\x1b" not in block
