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
