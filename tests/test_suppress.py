"""Inline suppressions: which findings remain, and the findings about the directives themselves."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from copylint.cli import cli
from copylint.suppress import INVALID, NO_REASON, UNUSED, parse

HOUSE = str(Path(__file__).parent / "data" / "house-rules")
GUARANTEE = "Guaranteed zorblax results for every client."
PAINLESS = "A painless zorblax visit."


def check(tmp_path, name: str, text: str, *extra: str):
    """Lint one draft with the house pack and copylint's own rules: (exit code, [(line, rule, severity)])."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "-j1", "--isolated", "--rules", HOUSE, "--select",
                                      "house,copylint", "--format", "json", *extra, str(path)])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, [(f["line"], f["rule"], f["severity"]) for f in json.loads(result.stdout)]


@pytest.mark.parametrize("selector", ["house.zorblax-guarantee", "zorblax-guarantee", "house", ""])
def test_disable_next_line_by_id_name_pack_or_all(tmp_path, selector):
    text = f"<!-- copylint: disable-next-line {selector} -- approved by legal -->\n{GUARANTEE}\n"
    assert check(tmp_path, "a.md", text) == (0, [])


def test_disable_next_line_covers_only_the_next_line(tmp_path):
    text = f"<!-- copylint: disable-next-line house -- ok -->\n{GUARANTEE}\n{GUARANTEE}\n"
    assert check(tmp_path, "a.md", text) == (1, [(3, "house.zorblax-guarantee", "error")])


def test_disable_next_line_skips_blank_lines_and_names_only_its_rules(tmp_path):
    text = f"<!-- copylint: disable-next-line zorblax-painless -- ok -->\n\n{PAINLESS} {GUARANTEE}\n"
    assert check(tmp_path, "a.md", text)[1] == [(3, "house.zorblax-guarantee", "error")]


def test_disable_line_at_the_end_of_a_line(tmp_path):
    text = f"{GUARANTEE} <!-- copylint: disable-line house -- quoted from a review -->\n{GUARANTEE}\n"
    assert check(tmp_path, "a.md", text)[1] == [(2, "house.zorblax-guarantee", "error")]


def test_disable_enable_block(tmp_path):
    text = "\n".join([
        f"{PAINLESS}",
        "<!-- copylint: disable zorblax-painless, zorblax-guarantee -- legacy page, legal 2024-03 -->",
        f"{PAINLESS}",
        "",
        f"{GUARANTEE}",
        "<!-- copylint: enable zorblax-painless -->",
        f"{PAINLESS}",
    ]) + "\n"
    assert check(tmp_path, "a.md", text)[1] == [(1, "house.zorblax-painless", "warning"),
                                               (7, "house.zorblax-painless", "warning")]


def test_disable_without_enable_runs_to_the_end_of_the_file(tmp_path):
    text = f"{GUARANTEE}\n<!-- copylint: disable house -- ok -->\n{GUARANTEE}\n\n{GUARANTEE}\n"
    assert check(tmp_path, "a.md", text)[1] == [(1, "house.zorblax-guarantee", "error")]


def test_disable_file(tmp_path):
    text = f"{GUARANTEE}\n\n{PAINLESS}\n\n<!-- copylint: disable-file house -- archived page -->\n"
    assert check(tmp_path, "a.md", text) == (0, [])


def test_html_comment_directive_in_html(tmp_path):
    text = f"<p>{GUARANTEE}</p>\n<!-- copylint: disable-next-line house -- ok -->\n<p>{GUARANTEE}</p>\n"
    assert check(tmp_path, "a.html", text)[1] == [(1, "house.zorblax-guarantee", "error")]


def test_text_files_use_a_line_directive_that_is_not_linted_as_copy(tmp_path):
    text = f"Intro.\n\n# copylint: disable-next-line house -- {GUARANTEE}\n{GUARANTEE}\n\n{GUARANTEE}\n"
    assert check(tmp_path, "a.txt", text)[1] == [(6, "house.zorblax-guarantee", "error")]


def test_a_hash_line_in_markdown_is_a_heading_not_a_directive(tmp_path):
    text = f"# copylint: disable-next-line house\n{GUARANTEE}\n"
    assert check(tmp_path, "a.md", text)[1] == [(2, "house.zorblax-guarantee", "error")]


# ---------------------------------------------------------------- reported directives

def test_unused_suppressions_are_reported_like_ruff_RUF100(tmp_path):
    text = "\n".join([
        "<!-- copylint: disable-next-line zorblax-guarantee, zorblax-painless -- ok -->",
        GUARANTEE,
        "<!-- copylint: disable-next-line -- nothing below -->",
        "Zorblax results vary.",
        "<!-- copylint: disable-next-line house.no-such-rule -- typo -->",
        "Plain.",
        "<!-- copylint: enable house -->",
    ]) + "\n"
    code, found = check(tmp_path, "a.md", text)
    assert code == 0  # warnings only
    assert found == [(line, UNUSED, "warning") for line in (1, 3, 5, 7)]


def test_enable_with_ids_does_not_end_a_disable_of_all_rules(tmp_path):
    text = f"<!-- copylint: disable -- legacy -->\n{PAINLESS}\n<!-- copylint: enable house -->\n{PAINLESS}\n"
    assert check(tmp_path, "a.md", text)[1] == [(3, UNUSED, "warning")]
    args = ["check", "--isolated", "--rules", HOUSE, "--select", "house,copylint", str(tmp_path / "a.md")]
    text_report = CliRunner().invoke(cli, args).stdout
    assert "cannot end a 'disable' of all rules" in text_report


def test_unused_is_not_reported_for_rules_that_are_not_selected(tmp_path):
    text = f"<!-- copylint: disable-next-line zorblax-painless -- ok -->\n{GUARANTEE}\n"
    assert check(tmp_path, "a.md", text, "--ignore", "house.zorblax-painless")[1] == [
        (2, "house.zorblax-guarantee", "error")]


def test_unused_suppression_rule_can_be_ignored(tmp_path):
    text = "<!-- copylint: disable-next-line house -- ok -->\nPlain.\n"
    assert check(tmp_path, "a.md", text)[1] == [(1, UNUSED, "warning")]
    assert check(tmp_path, "a.md", text, "--ignore", UNUSED) == (0, [])


def test_require_reason_makes_a_bare_suppression_an_error(tmp_path):
    bare = f"<!-- copylint: disable-next-line house -->\n{GUARANTEE}\n"
    assert check(tmp_path, "a.md", bare) == (0, [])
    assert check(tmp_path, "a.md", bare, "--require-reason") == (1, [(1, NO_REASON, "error")])
    reasoned = f"<!-- copylint: disable-next-line house -- approved by legal on 2024-03-02 -->\n{GUARANTEE}\n"
    assert check(tmp_path, "a.md", reasoned, "--require-reason") == (0, [])


def test_misspelled_directive_is_reported_and_silences_nothing(tmp_path):
    text = (f"<!-- copylint: disabel-next-line house -->\n{GUARANTEE}\n"
            "<!-- copylint: disable house; safety -->\n")
    expected = [(1, INVALID, "error"), (2, "house.zorblax-guarantee", "error"), (3, INVALID, "error")]
    assert check(tmp_path, "a.md", text)[1] == expected


def test_directive_findings_point_at_the_comment(tmp_path):
    (tmp_path / "a.md").write_text("Intro.\n\n  <!-- copylint: disable-next-line house -->\nPlain.\n")
    result = CliRunner().invoke(cli, ["check", "-j1", "--isolated", "--rules", HOUSE, "--format", "json",
                                      str(tmp_path / "a.md")])
    [finding] = [f for f in json.loads(result.stdout) if f["rule"] == UNUSED]
    assert (finding["line"], finding["column"], finding["category"]) == (3, 3, "suppression")
    assert finding["match"] == "<!-- copylint: disable-next-line house -->"


# ---------------------------------------------------------------- the parsed objects

def test_parse_records_action_rules_reason_and_reach():
    text = ("Intro.\n<!-- copylint: disable-next-line safety.no-side-effects, hype -- legal ok -->\n"
            "\nClaim.\n<!-- copylint: disable regulatory -->\nX.\n<!-- copylint: enable -->\n")
    directives, invalid = parse(text, "markdown")
    assert invalid == []
    first, block, enable = directives
    assert (first.action, first.selectors, first.reason, first.lines, first.target_line) == (
        "disable-next-line", ("safety.no-side-effects", "hype"), "legal ok", (2, 2), 4)
    assert (block.action, block.selectors, block.reason) == ("disable", ("regulatory",), "")
    assert text[block.region[0]:block.region[1]] == "\nX.\n"
    assert enable.closed and not first.used
