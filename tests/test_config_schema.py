"""The JSON Schema for .copylint.yaml shipped in the package agrees with what config.py accepts and rejects."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from copylint import config, configfile
from copylint.cli import cli
from copylint.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((resources.files("copylint") / "config.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def schema_accepts(data) -> bool:
    return not list(VALIDATOR.iter_errors(data))


def config_accepts(tmp_path: Path, text: str) -> bool:
    (tmp_path / "compliance" / "rules").mkdir(parents=True, exist_ok=True)  # the README's extra rule folder
    path = tmp_path / ".copylint.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        config.load_config(str(path))
    except ConfigError:
        return False
    return True


def test_the_schema_is_a_valid_json_schema_and_names_every_config_key():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    keys = set(SCHEMA["properties"])
    assert set(configfile._KEYS) <= keys
    assert keys - set(configfile._KEYS) == {k.replace("-", "_") for k in configfile._KEYS if "-" in k}  # fail_on too
    assert SCHEMA["additionalProperties"] is False


def test_readme_example_validates(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("```yaml\n# .copylint.yaml\n", 1)[1].split("```", 1)[0]
    assert schema_accepts(yaml.safe_load(example))
    assert config_accepts(tmp_path, example)


def test_init_starter_validates(tmp_path):
    target = tmp_path / ".copylint.yaml"
    result = CliRunner().invoke(cli, ["init", str(target)])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert schema_accepts(yaml.safe_load(text)) and config_accepts(tmp_path, text)


CASES = [
    "select: [safety, hype]",
    "select: [' safety ']",
    "fail-on: warning",
    "fail_on: info",
    "severity: {hype: info, safety.no-side-effects: error}",
    "per-file-ignores: {'legal/*.md': [disclosure]}",
    "front-matter-keys: [title, tagline]",
    "vocabulary: {therapy: [GlowCell Serum]}",
    "disclaimers: {results-vary: ['Outcomes differ.']}",
    "include: []",
    "extend-select: [hype]",
    "extend-ignore: hype",
    "severity:",  # nothing after the key: an empty mapping
    "exclude:",
    # rejected by both
    "select: safety",
    "select: ['']",
    "select: ['no side effects']",
    "ignore: [3]",
    "fail-on: fatal",
    "fail-on: [error]",
    "severity: {hype: loud}",
    "severity: [hype]",
    "per-file-ignores: {'legal/*.md': disclosure}",
    "exclude: drafts/*",
    "front-matter-keys: ['  ']",
    "vocabulary: {therapy: GlowCell}",
    "disclaimers: {result-vary: ['x']}",
    "disclaimers: {results-vary: [1]}",
    "selct: [safety]",
    "rules: compliance/rules",
    "respect-gitignore: false",
    "respect-gitignore: 'no'",
]


@pytest.mark.parametrize("text", CASES)
def test_schema_and_config_agree(tmp_path, text):
    assert schema_accepts(yaml.safe_load(text)) == config_accepts(tmp_path, text)


def test_cases_cover_both_outcomes(tmp_path):
    outcomes = {config_accepts(tmp_path, text) for text in CASES}
    assert outcomes == {True, False}
