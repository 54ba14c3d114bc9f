"""Hostile drafts that used to pass silently: NUL bytes, BOM-less UTF-16/32, stdin (issue 12, points 2, 19)."""
from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from copylint.cli import cli

CLAIM = "Our exosome therapy is FDA-approved."  # regulatory-status at column 24


def check(*args: str, input: bytes | None = None) -> tuple[int, list[tuple], str]:
    """`copylint check --format json`: (exit code, (path name, line, column, category) of claims, stderr)."""
    r = CliRunner().invoke(cli, ["check", "--isolated", "--format", "json", *args], input=input,
                           catch_exceptions=False)
    found = json.loads(r.stdout) if r.stdout.strip().startswith("[") else []
    rows = sorted((Path(f["path"]).name, f["line"], f["column"], f["category"]) for f in found
                  if f["category"] != "missing-disclaimer")
    return r.exit_code, rows, r.stderr


def test_a_nul_byte_in_a_comment_does_not_hide_the_page(tmp_path):
    page = tmp_path / "page.md"
    page.write_bytes(f"<!-- \x00 -->\n{CLAIM}\n".encode())
    code, rows, err = check(str(page))
    assert code == 1 and rows == [("page.md", 2, 24, "regulatory-status")], err


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_a_bom_are_read(tmp_path, codec):
    page = tmp_path / "page.txt"
    page.write_bytes(f"Welcome to the clinic.\r\n{CLAIM}\r\n".encode(codec))
    code, rows, err = check(str(page))
    assert code == 1 and rows == [("page.txt", 2, 24, "regulatory-status")], err


def test_a_skipped_file_is_told_also_with_quiet_and_strict_inputs_fails(tmp_path):
    (tmp_path / "logo.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "ok.md").write_text("Parking is behind the building.\n")
    code, rows, err = check("-q", str(tmp_path))
    assert code == 0 and "logo.md: binary file" in err
    code, rows, err = check("-q", "--strict-inputs", str(tmp_path))
    assert code == 2 and "logo.md: binary file" in err
    code, rows, err = check("--strict-inputs", str(tmp_path / "ok.md"))
    assert code == 0, err


@pytest.mark.parametrize("data", [
    codecs.BOM_UTF8 + CLAIM.encode(),
    codecs.BOM_UTF16_LE + CLAIM.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + CLAIM.encode("utf-16-be"),
    CLAIM.encode("utf-16-le"),
])
def test_stdin_is_decoded_like_a_file(data):
    code, rows, err = check("-", "--stdin-filename", "draft.txt", input=data)
    assert code == 1 and rows == [("draft.txt", 1, 24, "regulatory-status")], err


def test_invalid_utf8_on_stdin_is_an_error_like_for_a_file():
    code, rows, err = check("-", "--stdin-filename", "draft.txt", input=CLAIM.encode() + b"\xff\n")
    assert code == 2 and "draft.txt: line 1: not valid UTF-8" in err


INVISIBLE = ["\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069", "\u034f", "\ufe0f", "\U000e0100",
             "\u115f", "\u3164", "\uffa0", "\U000e0041", "\U000e007f", "\u061c", "\u180b", "\u17b4", "\u2065",
             "\u200b", "\ufeff"]


@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_characters_inside_a_claim_are_folded(tmp_path, char):
    page = tmp_path / "page.md"
    page.write_text(f"Our exosome therapy is F{char}DA-appro{char}ved.\n")
    code, rows, err = check(str(page))
    assert rows == [("page.md", 1, 24, "regulatory-status")], err


@pytest.mark.parametrize("disguise", [
    "F\u0301DA-approved", "F\u0323D\u0308A-approved",  # combining marks on Latin letters
    "\ua4dd\ua4d3\ua4ee-approved", "\u13a0A-approved".replace("\u13a0", "FD"), "FD\u13aa-approved",  # Lisu, Cherokee
    "\ua730\u1d05\u1d00-approved", "FDA-\u0251pproved", "FDA-approved".replace("p", "\u0440"),  # small caps, alpha
    "F D A approved", "F-D-A-approved", "F. D. A. approved", "F\u2013D\u2013A approved",  # spaced-out letters
])
def test_look_alikes_and_spaced_letters_are_folded(tmp_path, disguise):
    page = tmp_path / "page.md"
    page.write_text(f"Our exosome therapy is {disguise}.\n")
    code, rows, err = check(str(page))
    assert rows == [("page.md", 1, 24, "regulatory-status")], (disguise, err)


def test_dotless_i_is_folded(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("Our exosome therapy cures alopec\u0131a.\n")
    code, rows, err = check(str(page))
    assert [r[3] for r in rows] == ["disease-claim"], err


@pytest.mark.parametrize("ext", ["md", "html"])
@pytest.mark.parametrize("gap", ["\r\n", "\n    ", "  ", "\r\n\t", "\u00a0\u00a0", " \r\n "])
def test_whitespace_runs_match_a_single_space(tmp_path, ext, gap):
    page = tmp_path / f"page.{ext}"
    page.write_bytes(f"<p>This treatment has no side{gap}effects.</p>\n".encode())
    code, rows, err = check(str(page))
    assert rows == [(page.name, 1, 23, "safety-claim")], (gap, err)


def test_genuine_cyrillic_and_greek_words_are_not_turned_into_claims():
    from copylint.normalize import fold

    for word in ("\u0424\u0414\u0410", "\u0391\u0398\u0397\u039d\u0391", "\u043c\u0438\u0440"):
        assert fold(word)[0] == word
