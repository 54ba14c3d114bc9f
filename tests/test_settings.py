"""--show-settings: the resolved configuration for one file, as YAML a user can read, validate and reuse."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import yaml

from copylint import config as config_module
from copylint.settings import show_settings

SCHEMA = json.loads((resources.files("copylint") / "config.schema.json").read_text(encoding="utf-8"))
CONFIG = """\
ignore: [hype]
severity: {comparative: info}
per-file-ignores: {"legal/*.md": [disclosure]}
fail-on: warning
vocabulary: {therapy: [GlowCell Serum]}
disclaimers: {results-vary: ["Outcomes differ."]}
"""
RULES = ["safety.no-side-effects", "hype.miracle", "disclosure.results-vary", "comparative.safer"]


def test_settings_are_yaml_that_loads_back_to_the_same_config(tmp_path):
    (tmp_path / ".copylint.yaml").write_text(CONFIG, encoding="utf-8")
    loaded = config_module.load_config(str(tmp_path / ".copylint.yaml"))
    text = show_settings(str(tmp_path / "legal" / "terms.md"), loaded, RULES)
    data = yaml.safe_load(text)
    assert not list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(data))
    assert data["fail-on"] == "warning" and data["severity"] == {"comparative": "info"}
    assert data["vocabulary"] == {"therapy": ["GlowCell Serum"]}
    again = tmp_path / "again"
    again.mkdir()
    (again / ".copylint.yaml").write_text(text, encoding="utf-8")
    reloaded = config_module.load_config(str(again / ".copylint.yaml"))
    assert reloaded.with_(source=None, root=None) == loaded.with_(source=None, root=None)


def test_settings_name_their_source_and_the_rules_enabled_for_the_file(tmp_path):
    (tmp_path / ".copylint.yaml").write_text(CONFIG, encoding="utf-8")
    loaded = config_module.load_config(str(tmp_path / ".copylint.yaml"))
    page = str(tmp_path / "legal" / "terms.md")
    lines = show_settings(page, loaded, RULES).splitlines()
    assert lines[0] == f"# Settings for {page}"
    assert lines[1] == f"# Config file: {tmp_path / '.copylint.yaml'}"
    enabled = lines[lines.index("# Rules enabled for this file (2):") + 1:]
    assert enabled == ["#   comparative.safer", "#   safety.no-side-effects"]  # hype ignored, disclosure per file
    other = show_settings(str(tmp_path / "blog" / "post.md"), loaded, RULES)
    assert "# Rules enabled for this file (3):" in other and "#   disclosure.results-vary" in other


def test_check_show_settings_prints_the_files_config_and_lints_nothing(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from copylint.cli import cli

    (tmp_path / ".copylint.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "legal").mkdir()
    (tmp_path / "legal" / "terms.md").write_text("Our exosomes are FDA-approved.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--show-settings", "--fail-on", "info", "legal/terms.md"])
    assert result.exit_code == 0, result.output  # settings, not findings
    data = yaml.safe_load(result.stdout)
    assert data["fail-on"] == "info"  # the command line is part of the resolved settings
    assert data["ignore"] == ["hype"] and data["per-file-ignores"] == {"legal/*.md": ["disclosure"]}
    source = result.stdout.splitlines()[1].split("# Config file: ", 1)[1]
    assert (tmp_path / source).resolve() == (tmp_path / ".copylint.yaml").resolve()
    assert "#   disclosure.results-vary" not in result.stdout and "#   safety." in result.stdout
    assert "error [" not in result.stdout


def _enabled(tmp_path, text: str, *args: str) -> set[str]:
    from click.testing import CliRunner

    from copylint.cli import cli

    (tmp_path / ".copylint.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "page.md").write_text("Hello.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--show-settings", "--config", str(tmp_path / ".copylint.yaml"),
                                      *args, str(tmp_path / "page.md")])
    assert result.exit_code == 0, result.output
    return {line[4:] for line in result.stdout.splitlines() if line.startswith("#   ")}


def test_extend_select_and_extend_ignore(tmp_path):
    everything = _enabled(tmp_path, "select: []\n")
    safety = {r for r in everything if r.startswith("safety.")}
    hype = {r for r in everything if r.startswith("hype.")}
    assert safety and hype
    assert _enabled(tmp_path, "select: [safety]\nextend-select: [hype]\n") == safety | hype
    assert _enabled(tmp_path, "extend-select: [hype]\n") == everything  # an empty select runs every rule already
    assert _enabled(tmp_path, "extend-ignore: [hype]\n") == everything - hype
    assert _enabled(tmp_path, "ignore: [safety]\nextend-ignore: [hype]\n") == everything - hype - safety
    # --select replaces the file's selection, extend-select included, and un-ignores what it names
    assert _enabled(tmp_path, "select: [safety]\nextend-select: [hype]\nextend-ignore: [hype]\n",
                    "--select", "hype") == hype


def test_extend_keys_are_validated_like_select(tmp_path):
    from click.testing import CliRunner

    from copylint.cli import cli

    (tmp_path / ".copylint.yaml").write_text("extend-ignore: [hyppe]\n", encoding="utf-8")
    (tmp_path / "page.md").write_text("Hello.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--config", str(tmp_path / ".copylint.yaml"), str(tmp_path / "page.md")])
    assert result.exit_code == 2
    assert "key 'extend-ignore': 'hyppe' matches no rule (did you mean 'hype'?)" in result.output
