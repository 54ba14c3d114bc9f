"""What the README shows and promises is what copylint does today: sample output, counts, how triggers match."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from copylint.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def block_after(marker: str) -> list[str]:
    """The lines of the first fenced block after `marker` in the README."""
    rest = README.split(marker, 1)[1]
    body = rest.split("```", 2)[1]
    return body.split("\n", 1)[1].rstrip("\n").splitlines()


def run_examples(fmt: str):
    return CliRunner().invoke(cli, ["check", "--isolated", "--format", fmt, "--color", "never", "examples/"],
                              catch_exceptions=False)


def test_text_sample_and_counts_match_a_run_on_the_examples(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run_examples("text")
    sample = block_after("**Text format**")
    shown = [line for line in sample[:-1] if line != "..."]
    assert shown and all(line in result.stdout.splitlines() for line in shown)
    assert sample[-1] == result.stderr.strip().splitlines()[-1]  # the summary line, counts included


def test_full_sample_matches_a_run_on_the_examples(monkeypatch):
    monkeypatch.chdir(ROOT)
    out = run_examples("full").stdout
    sample = block_after("In a terminal, `--format full`")
    for line in sample:  # lines the README shortens end in '...'
        assert any(got.startswith(line[:-3]) if line.endswith("...") else got == line for got in out.splitlines()), line


def _pack(tmp_path: Path, triggers: str) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "demo.yaml").write_text(
        "pack: trig\nrules:\n  - id: harm\n    kind: pattern\n    category: safety-claim\n    severity: error\n"
        "    message: Says it is harmless.\n"
        + (f"    triggers: {triggers}\n" if triggers else "")
        + "    patterns: ['\\mno\\s+(?:side[\\s-]?effects?|adverse\\s+\\w+)\\M']\n"
        "    examples:\n      fail: ['It has no side effects.']\n      pass: ['It has side effects.']\n",
        encoding="utf-8",
    )
    return folder


def _lint(pack: Path, text: str) -> list[str]:
    result = CliRunner().invoke(cli, ["check", "--isolated", "--rules", str(pack), "--select", "trig",
                                      "--format", "text", "-"], input=text, catch_exceptions=False)
    return re.findall(r"^-:\d+:\d+", result.stdout, re.M)


def test_triggers_match_as_documented(tmp_path):
    assert "`side effect` does not fire on \"side-effects\"" in " ".join(README.split())
    pack = _pack(tmp_path, "[side effect, adverse]")
    assert _lint(pack, "It has no side effects.\n") == ["-:1:8"]
    assert _lint(pack, "It has no side-effects.\n") == []  # the pattern would match; no trigger in the block
    assert _lint(pack, "It has NO ADVERSE events.\n") == ["-:1:8"]  # case-insensitive
    # any trigger in the block runs the whole rule: the hyphenated spelling is found beside "adverse"
    assert _lint(pack, "No side\u2011effects here, and no adverse reactions.\n") == ["-:1:1", "-:1:27"]


def test_triggers_left_out_are_derived_from_the_patterns(tmp_path):
    pack = _pack(tmp_path, "")
    assert _lint(pack, "It has no side-effects.\n") == ["-:1:8"]
    assert _lint(pack, "It has side-effects.\n") == []
