"""Hostile rule packs, vocabularies, configs and baselines: one line naming the file, exit 2, never a hang.

Each case was an internal error, a hang or gigabytes of memory before (issue 12, points 9, 14, 20).
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from copylint.cli import cli

LAUGHS = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
    for prev, name in zip([None, "a", "b", "c", "d", "e", "f", "g"], "abcdefgh", strict=True)
)


def run(tmp_path: Path, *args: str) -> tuple[int, str]:
    (tmp_path / "page.md").write_text("Parking is behind the building.\n")
    r = CliRunner().invoke(cli, ["check", "--format", "json", *args, str(tmp_path / "page.md")],
                           catch_exceptions=False)
    return r.exit_code, r.stderr


def one_line_error(code: int, err: str, *needles: str) -> None:
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "internal error" not in err and "Traceback" not in err, err
    for needle in needles:
        assert needle in lines[0], err


def pack_dir(tmp_path: Path, name: str, text: str) -> Path:
    d = tmp_path / "packs"
    d.mkdir(exist_ok=True)
    (d / name).write_text(text)
    return d


def test_alias_bomb_in_a_rule_pack_is_refused_quickly(tmp_path):
    rules = pack_dir(tmp_path, "bomb.yaml", LAUGHS + "pack: bomb\nrules:\n  - id: x\n    message: *h\n")
    t = time.perf_counter()
    code, err = run(tmp_path, "--isolated", "--rules", str(rules))
    assert time.perf_counter() - t < 10  # a hang guard: it took 25 s and 2.2 GB before
    one_line_error(code, err, "bomb.yaml:", "alias")


def test_alias_bomb_in_a_vocabulary_and_a_config_is_refused(tmp_path):
    rules = pack_dir(tmp_path, "vocabulary.yaml", LAUGHS + "lists:\n  therapy: *h\n")
    code, err = run(tmp_path, "--isolated", "--rules", str(rules))
    one_line_error(code, err, "vocabulary.yaml:", "alias")
    cfg = tmp_path / "c.yaml"
    cfg.write_text(LAUGHS.replace("a: &a", "select: &a", 1))
    code, err = run(tmp_path, "--config", str(cfg))
    one_line_error(code, err, "c.yaml:", "alias")


def test_a_few_aliases_still_work_in_a_config(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("ignore: &skip [hype]\nper-file-ignores:\n  'x/*.md': *skip\n")
    code, err = run(tmp_path, "--config", str(cfg))
    assert code == 0, err


@pytest.mark.parametrize("text, needle", [
    ("pack: dup\npack: again\nrules: []\n", "p.yaml:2: key 'pack': duplicate key"),
    ("pack: dup\nrules:\n  - id: a\n    id: b\n", "p.yaml:4: key 'id': duplicate key"),
    ("pack: deep\nrules: " + "[" * 100_000 + "]" * 100_000 + "\n", "nest"),
    ("? [a, b]\n: 1\n", "p.yaml:1: a key must be a plain value"),
    ("pack: loop\nrules: &r [*r]\n", "an alias refers to a value that contains it"),
])
def test_malformed_rule_packs_get_one_line(tmp_path, text, needle):
    code, err = run(tmp_path, "--isolated", "--rules", str(pack_dir(tmp_path, "p.yaml", text)))
    one_line_error(code, err, needle)


@pytest.mark.parametrize("text, needle", [
    ("lists: x\n", "'lists' must be a mapping"),
    ("cues: [a]\n", "'cues' must be a mapping"),
])
def test_malformed_vocabulary_gets_one_line(tmp_path, text, needle):
    code, err = run(tmp_path, "--isolated", "--rules", str(pack_dir(tmp_path, "vocabulary.yaml", text)))
    one_line_error(code, err, "vocabulary.yaml", needle)


@pytest.mark.parametrize("text, needle", [
    ("? [select, ignore]\n: [hype]\n", "c.yaml:1: a key must be a plain value"),
    ("select: " + "[" * 100_000 + "]" * 100_000 + "\n", "c.yaml:1: nested more than"),
    ("select:\n" + "".join("  " * i + "- \n" for i in range(1, 400)), "nested more than"),
])
def test_malformed_configs_get_one_line(tmp_path, text, needle):
    cfg = tmp_path / "c.yaml"
    cfg.write_text(text)
    code, err = run(tmp_path, "--config", str(cfg))
    one_line_error(code, err, needle)


@pytest.mark.parametrize("occurrence, needle", [
    ("1e400", "out of range"), ("Infinity", "out of range"), ("NaN", "out of range"),
    ("1.5", "whole number"), ('"1"', "whole number"), ("true", "whole number"),
])
def test_baseline_numbers_out_of_range_get_one_line(tmp_path, occurrence, needle):
    base = tmp_path / "b.json"
    base.write_text('{"copylint-baseline": 1, "findings": [{"path": "page.md", "rule": "r", '
                    f'"fingerprint": "f", "occurrence": {occurrence}}}]}}')
    code, err = run(tmp_path, "--isolated", "--baseline", str(base))
    one_line_error(code, err, "b.json", needle)


def test_deeply_nested_baseline_gets_one_line(tmp_path):
    base = tmp_path / "b.json"
    base.write_text('{"copylint-baseline": 1, "findings": ' + "[" * 100_000 + "]" * 100_000 + "}")
    code, err = run(tmp_path, "--isolated", "--baseline", str(base))
    one_line_error(code, err, "b.json", "nested too deeply")


def test_a_written_baseline_still_reads_back(tmp_path):
    (tmp_path / "page.md").write_text("Our exosome therapy is FDA-approved.\n")
    base = tmp_path / "b.json"
    r = CliRunner().invoke(cli, ["check", "--isolated", "--write-baseline", str(base), str(tmp_path / "page.md")])
    assert r.exit_code == 0 and json.loads(base.read_text())["findings"]
    r = CliRunner().invoke(cli, ["check", "--isolated", "--baseline", str(base), str(tmp_path / "page.md")])
    assert r.exit_code == 0, r.stderr


RUNAWAY = "'(?:a|aa)+$'"
CLAIM_RULE = ("pack: house\nrules:\n  - id: claim\n    kind: pattern\n    category: hype\n    severity: warning\n"
              "    message: A test claim.\n    triggers: [zorblax]\n    patterns: ['\\mzorblax\\M']\n")


@pytest.mark.parametrize("files, named", [
    ({"house.yaml": CLAIM_RULE + f"    unless: [{RUNAWAY}]\n"}, "rule 'house.claim': unless"),
    ({"house.yaml": CLAIM_RULE, "vocabulary.yaml": f"cues:\n  negation: [{RUNAWAY}]\n"},
     "vocabulary.yaml: cues 'negation'"),
    ({"house.yaml": CLAIM_RULE, "vocabulary.yaml": f"cues:\n  attribution: [{RUNAWAY}]\n"},
     "vocabulary.yaml: cues 'attribution'"),
    ({"house.yaml": "pack: house\nrules:\n  - id: status\n    kind: disclosure\n    severity: error\n"
                    "    message: A test disclosure.\n    disclaimer: regulatory-status\n"
                    f"    patterns: [{RUNAWAY}]\n"}, "rule 'house.status'"),
])
def test_runaway_unless_cue_and_disclosure_patterns_stop_with_their_place_named(tmp_path, files, named):
    for name, text in files.items():
        pack_dir(tmp_path, name, text)
    page = tmp_path / "page.txt"
    page.write_text("Book your exosome therapy today, " + "a" * 34 + " zorblax " + "a" * 34 + "!\n")
    t = time.perf_counter()
    r = CliRunner().invoke(cli, ["check", "--isolated", "-j", "1", "--rules", str(tmp_path / "packs"), str(page)],
                           catch_exceptions=False)
    assert time.perf_counter() - t < 30  # a hang guard: the timeout is 2 s per search
    one_line_error(r.exit_code, r.stderr, named, "catastrophic backtracking")
