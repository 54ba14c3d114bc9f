"""One pipeline for the library and the CLI: configuration per file, ignore files, directives the
readers parsed, front matter, exact Markdown spans, and the info commands (issue 11's defects)."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from test_properties import assert_positions

from copylint import api
from copylint.cli import cli
from copylint.config import Config, Resolver, load_config
from copylint.document import Document

HOUSE = Path(__file__).parent / "data" / "house-rules"
GUARANTEE = "Guaranteed zorblax results for every client."
PAINLESS = "A painless zorblax visit."
CLAIM = "Our exosome therapy is FDA-approved."
REG = "regulatory.fda-approved"


def check(*args: str) -> tuple[int, list[dict], str]:
    result = CliRunner().invoke(cli, ["check", "-j1", "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout), result.stderr


def where(findings, name: str | None = None) -> list[tuple]:
    """(path, line, column, rule) of dict findings (CLI) or Finding objects (library)."""
    rows = []
    for f in findings:
        d = f if isinstance(f, dict) else f.to_dict()
        if name is None or Path(d["path"]).name == name:
            rows.append((Path(d["path"]).as_posix(), d["line"], d["column"], d["rule"]))
    return sorted(rows)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A content repo: the house pack in ./rules, a root config selecting it, the current folder at its root."""
    shutil.copytree(HOUSE, tmp_path / "rules")
    write(tmp_path / ".copylint.yaml", "rules: [rules]\nselect: [house]\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ---------------------------------------------------------------- 1. the nearest config, per file

def test_a_subfolder_config_applies_whatever_else_is_in_the_run(site):
    write(site / "content" / "blog" / ".copylint.yaml", "rules: [../../rules]\nselect: [house]\nignore: [house]\n")
    write(site / "content" / "blog" / "a.md", f"{GUARANTEE}\n")
    write(site / "content" / "treatments" / "b.md", f"{GUARANTEE}\n")
    alone = where(check("content/blog/a.md")[1])
    together = check("content/blog/a.md", "content/treatments/b.md")[1]
    assert alone == where(together, "a.md") == []
    assert where(together, "b.md") == [("content/treatments/b.md", 1, 1, "house.zorblax-guarantee")]
    # the library: lint_file and lint_paths find the same nearest config
    assert api.lint_file("content/blog/a.md") == []
    results = {Path(r.path).name: r.findings for r in api.lint_paths(["content/blog/a.md", "content/treatments/b.md"])}
    assert results["a.md"] == [] and where(results["b.md"]) == where(together, "b.md")


def test_config_given_on_the_command_line_applies_to_every_file(site):
    write(site / "content" / "blog" / ".copylint.yaml", "ignore: [ALL]\n")
    write(site / "content" / "blog" / "a.md", f"{GUARANTEE}\n")
    assert where(check("content/blog/a.md")[1]) == []
    assert where(check("--config", ".copylint.yaml", "content/blog/a.md")[1]) == [
        ("content/blog/a.md", 1, 1, "house.zorblax-guarantee")]


# ---------------------------------------------------------------- 2. globs anchored to the config's folder

def test_globs_are_relative_to_the_config_and_a_folder_name_covers_its_contents(site, monkeypatch):
    write(site / ".copylint.yaml", "rules: [rules]\nselect: [house]\nexclude: [content/drafts]\n"
                                   "per-file-ignores:\n  content/legacy: [zorblax-guarantee]\n")
    write(site / "content" / "drafts" / "wip.md", f"{GUARANTEE}\n")
    write(site / "content" / "legacy" / "old.md", f"{GUARANTEE}\n{PAINLESS}\n")
    expected = [("content/legacy/old.md", 2, 3, "house.zorblax-painless")]
    assert where(check("content")[1]) == expected
    assert where(check("content/drafts")[1]) == []
    monkeypatch.chdir(site / "content")
    assert where(check("drafts")[1]) == []
    assert [(Path(p).name, line, col, r) for p, line, col, r in where(check("legacy")[1])] == [
        ("old.md", 2, 3, "house.zorblax-painless")]
    assert api.expand_paths(["drafts"]) == []  # the library walks as the CLI does
    assert where(api.lint_file("legacy/old.md")) == [("legacy/old.md", 2, 3, "house.zorblax-painless")]


# ---------------------------------------------------------------- 3. .gitignore and .ignore

def test_gitignored_build_output_is_not_linted_unless_asked(site):
    (site / ".git").mkdir()
    write(site / ".gitignore", "public/\n_site/\n")
    write(site / "content" / ".ignore", "scratch.md\n")
    for name in ("content/page.md", "public/page.md", "_site/page.md", "content/scratch.md"):
        write(site / name, f"{GUARANTEE}\n")
    assert [p for p, *_ in where(check(".")[1])] == ["content/page.md"]
    every = [p for p, *_ in where(check("--no-respect-gitignore", ".")[1])]
    assert every == ["_site/page.md", "content/page.md", "content/scratch.md", "public/page.md"]
    assert [p for p, *_ in where(check("public/page.md")[1])] == ["public/page.md"]  # named files are linted
    assert [p for p, *_ in where(check("public")[1])] == ["public/page.md"]  # and named folders
    assert sorted(Path(p).as_posix() for p in api.expand_paths(["."])) == ["content/page.md"]
    no_ignore = Resolver(respect_gitignore=False)
    assert len(api.expand_paths(["."], no_ignore)) == 4


def test_respect_gitignore_can_be_turned_off_in_the_config(site):
    (site / ".git").mkdir()
    write(site / ".gitignore", "public/\n")
    write(site / "public" / "page.md", f"{GUARANTEE}\n")
    assert where(check(".")[1]) == []
    write(site / ".copylint.yaml", "rules: [rules]\nselect: [house]\nrespect-gitignore: false\n")
    assert [p for p, *_ in where(check(".")[1])] == ["public/page.md"]


# ---------------------------------------------------------------- 4. the library agrees with the CLI

def test_lint_text_applies_inline_directives():
    text = f"<!-- copylint: disable-next-line {REG} -- legal ok -->\n{CLAIM}\n\n{CLAIM}\n"
    found = api.lint_text(text, filename="page.md")
    assert [(f.line, f.rule) for f in found if f.rule == REG] == [(4, REG)]


def test_lint_paths_reads_the_config_and_matches_the_cli_byte_for_byte(site):
    write(site / ".copylint.yaml", "rules: [rules]\nselect: [house, copylint]\n")
    write(site / "drafts" / "a.md", f"{GUARANTEE}\n<!-- copylint: disable-next-line house -- ok -->\n{PAINLESS}\n")
    write(site / "drafts" / "b.txt", f"{PAINLESS}\n// copylint: disable-next-line zorblax-guarantee\n{GUARANTEE}\n")
    write(site / "drafts" / "c.md", f"{PAINLESS}\n<!-- copylint: disable-next-line -- stale -->\n\nPlain.\n")
    result = CliRunner().invoke(cli, ["check", "-j1", "--format", "json", "drafts/"])
    library = [f.to_dict() for r in api.lint_paths(["drafts/"]) for f in r.findings]
    assert json.loads(result.stdout) == library
    assert result.stdout == json.dumps(library, indent=2, ensure_ascii=False) + "\n"
    assert {f["rule"] for f in library} == {"house.zorblax-guarantee", "house.zorblax-painless",
                                           "copylint.unused-suppression"}


def test_the_file_report_has_dropped_candidates_and_unused_directives():
    doc = Document("page.md", f"<!-- copylint: disable-next-line {REG} -->\nThere are no FDA-approved exosome products.\n",
                   "markdown")
    report = api.lint_report(doc, config=Config(), explain=True)
    assert REG in [d.rule for d in report.dropped]
    assert [(u.action, u.selectors) for u in report.unused] == [("disable-next-line", (REG,))]
    assert [f.rule for f in report.findings] == ["copylint.unused-suppression"]


# ---------------------------------------------------------------- 5. directives from parsed comments

@pytest.mark.parametrize("name, text", [
    ("fence.md", f"```md\n<!-- copylint: disable-file -->\n```\n\n{CLAIM}\n"),
    ("code.md", f"Write `<!-- copylint: disable-file -->` to silence a page.\n\n{CLAIM}\n"),
    ("pre.html", f"<pre>&lt;!-- x --&gt;<!-- copylint: disable-file --></pre>\n<p>{CLAIM}</p>\n"),
])
def test_a_directive_shown_as_code_silences_nothing(tmp_path, name, text):
    assert [f.rule for f in api.lint_text(text, filename=name) if f.rule == REG] == [REG]
    write(tmp_path / name, text)
    assert [f["rule"] for f in check("--isolated", str(tmp_path / name))[1] if f["rule"] == REG] == [REG]


@pytest.mark.parametrize("name, directive", [
    ("page.txt", f"// copylint: disable-next-line {REG} -- quoted"),
    ("page.txt", f"# copylint: disable-next-line {REG} -- quoted"),
    ("page.mdx", f"{{/* copylint: disable-next-line {REG} -- quoted */}}"),
    ("page.md", f"<!-- copylint: disable-next-line {REG} -- quoted -->"),
])
def test_directive_forms_that_are_parsed(tmp_path, name, directive):
    text = f"{directive}\n{CLAIM}\n\n{CLAIM}\n"
    claims = [(f.line, f.rule) for f in api.lint_text(text, filename=name) if not f.rule.startswith("disclosure.")]
    assert claims == [(4, REG)]
    write(tmp_path / name, text)
    found = check("--isolated", "--ignore", "disclosure", str(tmp_path / name))[1]
    assert [(f["line"], f["rule"]) for f in found] == [(4, REG)]


def test_mdx_comment_is_not_copy_and_an_invalid_one_is_reported(tmp_path):
    text = f"{{/* copylint: disabel-next-line {REG} */}}\n{CLAIM}\n"
    found = api.lint_text(text, filename="a.mdx", config=Config(ignore=("disclosure",)))
    assert [(f.line, f.rule) for f in found] == [(1, "copylint.invalid-suppression"), (2, REG)]


# ---------------------------------------------------------------- 6. front matter

def test_folded_and_nested_yaml_front_matter_is_read(tmp_path):
    text = ("---\ntitle: Hair clinic\ndescription: >-\n  Visit us. Our exosome therapy\n  is FDA-approved.\n"
            f"seo:\n  description: '{CLAIM}'\n---\n\nBody.\n")
    found = api.lint_text(text, filename="a.md")
    assert [(f.line, f.column, f.rule) for f in found if f.rule == REG] == [(5, 6, REG), (7, 40, REG)]
    assert_positions(text, found)
    write(tmp_path / "a.md", text)
    assert [(f["line"], f["column"]) for f in check("--isolated", str(tmp_path / "a.md"))[1]
            if f["rule"] == REG] == [(5, 6), (7, 40)]


def test_toml_front_matter_is_read_as_keys_not_body(tmp_path):
    text = f'+++\ntitle = "{CLAIM}"\ndraft = true\n[params]\nnote = "{CLAIM}"\n+++\n\nBody.\n'
    found = api.lint_text(text, filename="a.md")
    assert [(f.line, f.column, f.rule) for f in found if f.rule == REG] == [(2, 33, REG)]
    assert_positions(text, found)
    write(tmp_path / "a.md", text)
    assert [(f["line"], f["column"]) for f in check("--isolated", str(tmp_path / "a.md"))[1]
            if f["rule"] == REG] == [(2, 33)]
    dotted = Config(front_matter_keys=("title", "params.note"))
    found = api.lint_text(text, filename="a.md", config=dotted)
    assert [(f.line, f.column) for f in found if f.rule == REG] == [(2, 33), (5, 32)]


def test_dotted_front_matter_keys_in_the_config(site):
    write(site / ".copylint.yaml", "rules: [rules]\nselect: [house]\nfront-matter-keys: [hero.tagline]\n")
    write(site / "a.md", f"---\nhero:\n  tagline: {GUARANTEE}\ntagline: {GUARANTEE}\n---\n\nBody.\n")
    assert where(check("a.md")[1]) == [("a.md", 3, 12, "house.zorblax-guarantee")]


# ---------------------------------------------------------------- 7. exact Markdown spans

def test_table_cells_with_escaped_pipes_point_at_their_own_text(tmp_path):
    text = f"| PRP \\| exosomes | Our exosome therapy is FDA-approved |\n|---|---|\n| a | {CLAIM} |\n"
    found = api.lint_text(text, filename="a.md")
    assert [(f.line, f.column, f.match) for f in found if f.rule == REG] == [
        (1, 44, "FDA-approved"), (3, 30, "FDA-approved")]
    assert_positions(text, found)
    write(tmp_path / "a.md", text)
    assert [(f["line"], f["column"]) for f in check("--isolated", str(tmp_path / "a.md"))[1]
            if f["rule"] == REG] == [(1, 44), (3, 30)]


def test_blocks_inside_quotes_and_lists_keep_exact_spans():
    text = f"> - {CLAIM}\n>   {CLAIM}\n\n1. # {CLAIM} #\n\n   {CLAIM}\n"
    found = api.lint_text(text, filename="a.md")
    assert [(f.line, f.column) for f in found if f.rule == REG] == [(1, 28), (2, 28), (4, 29), (6, 27)]
    assert_positions(text, found)


# ---------------------------------------------------------------- 8. explain, rules and init

def test_explain_and_rules_know_the_configured_packs(site):
    runner = CliRunner()
    explained = runner.invoke(cli, ["explain", "house.zorblax-guarantee"])
    assert explained.exit_code == 0 and explained.stdout.startswith("house.zorblax-guarantee")
    listed = runner.invoke(cli, ["rules", "--format", "json"])
    assert "house.zorblax-guarantee" in {r["id"] for r in json.loads(listed.stdout)}
    isolated = runner.invoke(cli, ["explain", "--isolated", "house.zorblax-guarantee"])
    assert isolated.exit_code == 2 and "unknown rule" in isolated.stderr


def test_init_template_is_valid_as_written_and_with_every_example_uncommented(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["init"]).exit_code == 0
    written = (tmp_path / ".copylint.yaml").read_text()
    load_config(".copylint.yaml")
    uncommented = "\n".join(line[1:] if line.startswith("#   ") else line for line in written.splitlines())
    assert uncommented != written
    write(tmp_path / ".copylint.yaml", uncommented + "\n")
    config = load_config(".copylint.yaml")
    assert config.per_file_ignores == (("legal/*.md", ("disclosure",)),)
    assert dict(config.severity) == {"hype": "info", "safety.no-side-effects": "error"}
    assert yaml.safe_load(uncommented)["disclaimers"] == {"results-vary": ["Outcomes differ from patient to patient."]}
    write(tmp_path / "legal" / "page.md", f"{CLAIM}\n")
    result = CliRunner().invoke(cli, ["check", "--format", "json", "legal"])
    assert result.exit_code == 1, result.output  # the selectors name real rules: no exit 2
    assert os.path.exists(tmp_path / ".copylint.yaml")
