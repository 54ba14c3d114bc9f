"""Config files as users meet them: discovery, precedence, what each key does, strict errors, init."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from copylint.cli import cli
from copylint.config import load_config
from copylint.errors import ConfigError

HOUSE = Path(__file__).parent / "data" / "house-rules"
GUARANTEE = "Guaranteed zorblax results for every client.\n"
PAINLESS = "A painless zorblax visit.\n"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["check", "-j1", "--format", "json", *args], input=input)


def rules_of(result) -> list[str]:
    return [f["rule"] for f in json.loads(result.stdout)]


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A content repo with the house rule pack in ./rules and the current folder at its root."""
    shutil.copytree(HOUSE, tmp_path / "rules")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- discovery and precedence

def test_config_is_found_walking_up_and_rules_are_relative_to_it(project, monkeypatch):
    write(project / ".copylint.yaml", "rules: [rules]\nselect: [house]\n")
    write(project / "site" / "blog" / "post.md", GUARANTEE)
    monkeypatch.chdir(project / "site")
    result = run("blog/post.md")
    assert result.exit_code == 1
    assert rules_of(result) == ["house.zorblax-guarantee"]


def test_pyproject_tool_table_is_found(project):
    write(project / "pyproject.toml",
          '[project]\nname = "site"\n\n[tool.copylint]\nrules = ["rules"]\nselect = ["house"]\n')
    write(project / "post.md", GUARANTEE)
    assert rules_of(run("post.md")) == ["house.zorblax-guarantee"]


def test_pyproject_without_copylint_table_is_skipped(project):
    write(project / ".copylint.yaml", "rules: [rules]\nselect: [house]\n")
    write(project / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    write(project / "sub" / "post.md", GUARANTEE)
    assert rules_of(run("sub/post.md")) == ["house.zorblax-guarantee"]


def test_nearest_config_wins_and_yaml_beats_pyproject(project):
    write(project / ".copylint.yaml", "rules: [rules]\nselect: [house]\n")
    write(project / "legal" / ".copylint.yaml",
          "rules: [../rules]\nselect: [house]\nignore: [zorblax-guarantee]\n")
    write(project / "legal" / "pyproject.toml", '[tool.copylint]\nselect = ["nothing-at-all"]\n')
    write(project / "legal" / "post.md", GUARANTEE + PAINLESS)
    assert rules_of(run("legal/post.md")) == ["house.zorblax-painless"]


def test_config_option_overrides_discovery_and_isolated_ignores_it(project):
    write(project / ".copylint.yaml", "rules: [rules]\nselect: [house]\nignore: [house]\n")
    write(project / "team.yaml", "rules: [rules]\nselect: [house]\n")
    write(project / "post.md", GUARANTEE)
    assert rules_of(run("post.md")) == []
    assert rules_of(run("--config", "team.yaml", "post.md")) == ["house.zorblax-guarantee"]
    isolated = run("--isolated", "post.md")
    assert isolated.exit_code in (0, 1)
    assert not [r for r in rules_of(isolated) if r.startswith("house.")]


def test_config_and_isolated_together_is_a_usage_error(project):
    write(project / "team.yaml", "select: [house]\n")
    write(project / "post.md", GUARANTEE)
    result = run("--config", "team.yaml", "--isolated", "post.md")
    assert result.exit_code == 2
    assert "cannot be used together" in result.stderr


def test_stdin_uses_the_config_of_its_stdin_filename(project):
    write(project / "site" / ".copylint.yaml", "rules: [../rules]\nselect: [house]\n")
    result = run("-", "--stdin-filename", "site/new.md", input=GUARANTEE)
    assert rules_of(result) == ["house.zorblax-guarantee"]


# ---------------------------------------------------------------- what each key does; the CLI wins

def test_select_on_the_command_line_beats_ignore_in_the_file(project):
    write(project / ".copylint.yaml", "rules: [rules]\nselect: [house]\nignore: [house.zorblax-painless]\n")
    write(project / "post.md", GUARANTEE + PAINLESS)
    assert rules_of(run("post.md")) == ["house.zorblax-guarantee"]
    assert rules_of(run("--select", "house.zorblax-painless", "post.md")) == ["house.zorblax-painless"]


def test_fail_on_from_file_and_cli_override(project):
    write(project / ".copylint.yaml", "rules: [rules]\nselect: [house]\nfail-on: warning\n")
    write(project / "post.md", PAINLESS)  # a warning only
    assert run("post.md").exit_code == 1
    assert run("--fail-on", "error", "post.md").exit_code == 0


def test_severity_overrides_most_specific_wins(project):
    write(project / ".copylint.yaml",
          "rules: [rules]\nselect: [house]\nseverity:\n  house: info\n  house.zorblax-painless: error\n")
    write(project / "post.md", GUARANTEE + PAINLESS)
    found = {f["rule"]: f["severity"] for f in json.loads(run("post.md").stdout)}
    assert found == {"house.zorblax-guarantee": "info", "house.zorblax-painless": "error"}


def test_per_file_ignores_include_and_exclude(project):
    write(project / ".copylint.yaml", "\n".join([
        "rules: [rules]", "select: [house]",
        "per-file-ignores:", '  "content/legacy/*.md": [zorblax-guarantee]',
        "exclude: [content/drafts]", "include: ['*.md']",
    ]) + "\n")
    for name in ("legacy/old.md", "drafts/wip.md", "new.md", "notes.txt"):
        write(project / "content" / name, GUARANTEE + PAINLESS)
    found = sorted((Path(f["path"]).as_posix(), f["rule"]) for f in json.loads(run("content").stdout))
    assert found == [
        ("content/legacy/old.md", "house.zorblax-painless"),
        ("content/new.md", "house.zorblax-guarantee"),
        ("content/new.md", "house.zorblax-painless"),
    ]


def test_front_matter_keys(project):
    write(project / "post.md", "---\ntagline: Guaranteed zorblax results\n---\n\nHello.\n")
    write(project / ".copylint.yaml", "rules: [rules]\nselect: [house]\n")
    assert rules_of(run("post.md")) == []
    write(project / ".copylint.yaml", "rules: [rules]\nselect: [house]\nfront-matter-keys: [tagline]\n")
    assert rules_of(run("post.md")) == ["house.zorblax-guarantee"]


def _disclosure_rules(project: Path, page: str) -> dict[str, str]:
    """disclaimer kind -> rule id of the shipped disclosure rules that fire on `page` about exosomes.

    The shipped packs and their ids change; this asks them, and the caller skips if none applies.
    """
    rules = json.loads(CliRunner().invoke(cli, ["rules", "--format", "json"]).stdout)
    kinds = {r["disclaimer"]: r["id"] for r in rules if r["kind"] == "disclosure"}
    write(project / "control.md", page.format(product="exosome facial"))
    fired = set(rules_of(run("--isolated", "control.md")))
    return {kind: rid for kind, rid in kinds.items() if rid in fired}


PROMO = "Book your {product} today: our signature treatment for glowing skin. {legal}\n"


def test_vocabulary_makes_a_product_name_a_regulated_therapy(project):
    kinds = _disclosure_rules(project, PROMO.replace("{legal}", ""))
    if not kinds:
        pytest.skip("no shipped disclosure rule fires on the exosome control page")
    write(project / "post.md", PROMO.format(product="Zorblax Glow", legal=""))
    assert not [r for r in rules_of(run("post.md")) if r in kinds.values()]
    write(project / ".copylint.yaml", "vocabulary:\n  therapy: [Zorblax Glow]\n")
    assert set(rules_of(run("post.md"))) >= set(kinds.values())


def test_clinic_disclaimer_wording_counts_as_the_disclosure(project):
    legal = "Each client's zorblax journey is their own."
    kinds = _disclosure_rules(project, PROMO.replace("{legal}", legal))
    if "results-vary" not in kinds:
        pytest.skip("no shipped results-vary disclosure rule fires on the exosome control page")
    write(project / "post.md", PROMO.format(product="Zorblax Glow", legal=legal))
    write(project / ".copylint.yaml", "vocabulary:\n  therapy: [Zorblax Glow]\n")
    assert kinds["results-vary"] in rules_of(run("post.md"))
    write(project / ".copylint.yaml",
          f'vocabulary:\n  therapy: [Zorblax Glow]\ndisclaimers:\n  results-vary: ["{legal}"]\n')
    assert kinds["results-vary"] not in rules_of(run("post.md"))


# ---------------------------------------------------------------- strict validation

@pytest.mark.parametrize(("text", "where", "problem"), [
    ("selct: [house]\n", "1: key 'selct'", "did you mean 'select'"),
    ("# comment\nselect: house\n", "2: key 'select'", "must be a list"),
    ("select: [house]\nseverity:\n  house: loud\n", "3: key 'severity'",
     "'house' must be one of error, warning, info"),
    ("fail-on: 3\n", "1: key 'fail-on'", "must be one of"),
    ("rules: [no-such-folder]\n", "1: key 'rules'", "not found"),
    ("vocabulary:\n  therapie: [Glow]\n", "1: key 'vocabulary'", "did you mean 'therapy'"),
    ("disclaimers:\n  results: [Outcomes differ.]\n", "2: key 'disclaimers'", "did you mean 'results-vary'"),
    ("per-file-ignores:\n  '*.md': [house]\n  'x/*': 3\n", "3: key 'per-file-ignores'", "must be a list"),
    ("select: [a]\nselect: [b]\n", "2: key 'select'", "duplicate key"),
    ("front-matter-keys: [title, 7]\n", "1: key 'front-matter-keys'", "got a number 7"),
])
def test_invalid_config_exits_2_naming_file_line_and_key(project, text, where, problem):
    write(project / ".copylint.yaml", text)
    write(project / "post.md", "Hello.\n")
    result = run("post.md")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"copylint: .copylint.yaml:{where}: ")
    assert problem in result.stderr
    assert "Traceback" not in result.output and len(result.stderr.strip().splitlines()) == 1


def test_a_selector_that_names_no_rule_is_an_error(project):
    write(project / ".copylint.yaml", "rules: [rules]\nignore:\n  - hype\n  - house.zorblax-painles\n")
    write(project / "post.md", "Hello.\n")
    result = run("post.md")
    assert result.exit_code == 2
    assert result.stderr.startswith("copylint: .copylint.yaml:4: key 'ignore': 'house.zorblax-painles'")
    assert "did you mean 'house.zorblax-painless'" in result.stderr
    write(project / ".copylint.yaml", "rules: [rules]\n")
    cli_typo = run("--select", "hous", "post.md")
    assert cli_typo.exit_code == 2 and "--select: 'hous' matches no rule" in cli_typo.stderr


def test_invalid_yaml_and_toml_name_the_file(project):
    write(project / "bad.yaml", "select: [house\n")
    write(project / "pyproject.toml", '[tool.copylint]\nselect = ["house"]\nignore = "house"\n')
    write(project / "post.md", "Hello.\n")
    yaml_result = run("--config", "bad.yaml", "post.md")
    assert yaml_result.exit_code == 2 and yaml_result.stderr.startswith("copylint: bad.yaml:")
    toml_result = run("post.md")
    assert toml_result.exit_code == 2
    assert toml_result.stderr.startswith("copylint: pyproject.toml:3: key 'ignore': must be a list")


def test_missing_config_file_is_an_error(project):
    write(project / "post.md", "Hello.\n")
    result = run("--config", "nope.yaml", "post.md")
    assert result.exit_code == 2 and "nope.yaml" in result.stderr


def test_load_config_returns_the_frozen_config(project):
    write(project / ".copylint.yaml", "rules: [rules]\nselect: [house]\nvocabulary: {therapy: [Glow]}\n")
    config = load_config(".copylint.yaml")
    assert config.select == ("house",)
    assert config.vocabulary == (("therapy", ("Glow",)),)
    assert Path(config.rules_dirs[0]).resolve() == (project / "rules").resolve()
    assert config.source == ".copylint.yaml"
    hash(config)  # the linter cache keys on it
    with pytest.raises(ConfigError):
        write(project / "bad.yaml", "nope: 1\n")
        load_config("bad.yaml")


# ---------------------------------------------------------------- copylint init

def test_init_writes_a_commented_starter_that_loads(project):
    runner = CliRunner()
    first = runner.invoke(cli, ["init"])
    assert first.exit_code == 0
    text = (project / ".copylint.yaml").read_text(encoding="utf-8")
    assert text.count("\n#") >= 5  # commented
    assert load_config(".copylint.yaml").fail_on == "error"
    write(project / "post.md", "Hello there.\n")
    assert run("post.md").exit_code == 0


def test_init_refuses_to_overwrite_without_force(project):
    write(project / ".copylint.yaml", "select: [house]\n")
    runner = CliRunner()
    refused = runner.invoke(cli, ["init"])
    assert refused.exit_code == 2
    assert "--force" in refused.stderr
    assert (project / ".copylint.yaml").read_text(encoding="utf-8") == "select: [house]\n"
    forced = runner.invoke(cli, ["init", "--force"])
    assert forced.exit_code == 0
    assert "fail-on: error" in (project / ".copylint.yaml").read_text(encoding="utf-8")


def test_init_into_a_folder(project):
    (project / "site").mkdir()
    assert CliRunner().invoke(cli, ["init", "site"]).exit_code == 0
    assert (project / "site" / ".copylint.yaml").is_file()
