"""CI formats (github, sarif, junit, jsonl), --output and --statistics."""
from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from copylint.cli import cli
from copylint.findings import Finding
from copylint.formats import Report, renderer
from copylint.rulepack import load_rules

DATA = Path(__file__).parent / "data"
HOUSE = str(DATA / "house-rules")
DRAFT = "# Zorblax\n\nGuaranteed zorblax results for every client.\n\nA painless zorblax visit.\n"


@pytest.fixture
def draft(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.md").write_text(DRAFT, encoding="utf-8")
    return tmp_path / "page.md"


def check(*args: str):
    return CliRunner().invoke(cli, ["check", "-j1", "--isolated", "--rules", HOUSE, "--select", "house",
                                    *args])


def hand_made(**changes) -> Finding:
    fields = {"path": "site/a,b:c.md", "line": 3, "column": 5, "end_line": 3, "end_column": 12,
              "rule": "house.zorblax-guarantee", "category": "efficacy-claim", "severity": "error",
              "message": "100% sure,\nreally: no.", "match": "x < y & z", "start": 10, "end": 17,
              "sentence": "x < y & z"}
    fields.update(changes)
    return Finding(**fields)


def render(fmt: str, findings, files=None) -> str:
    rules = {**load_rules((HOUSE,)).by_id()}
    report = Report(findings=list(findings), files=files or sorted({f.path for f in findings}), rules=rules,
                    tool_version="0.1.0")
    out = io.StringIO()
    renderer(fmt)(report, out)
    return out.getvalue()


# ---------------------------------------------------------------- github

def test_github_annotations(draft):
    result = check("--format", "github", "page.md")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        ("::error file=page.md,line=3,col=1,endLine=3,endColumn=27,title=copylint house.zorblax-guarantee "
         "(efficacy-claim)::Guaranteed zorblax results are an unsupported efficacy claim."
         "%0ASuggestion: Describe typical results and say they vary."),
        ("::warning file=page.md,line=5,col=3,endLine=5,endColumn=19,title=copylint house.zorblax-painless "
         "(safety-claim)::A painless zorblax claim is an unsupported safety absolute."),
    ]


def test_github_escapes_properties_and_message():
    [line] = render("github", [hand_made()]).splitlines()
    assert line == ("::error file=site/a%2Cb%3Ac.md,line=3,col=5,endLine=3,endColumn=12,"
                    "title=copylint house.zorblax-guarantee (efficacy-claim)::100%25 sure,%0Areally: no.")


def test_github_and_sarif_paths_are_relative_to_the_checkout(draft):
    absolute = str(draft.resolve())
    assert check("--format", "github", absolute).stdout.startswith("::error file=page.md,line=3,")
    log = json.loads(check("--format", "sarif", absolute).stdout)
    [location] = log["runs"][0]["results"][0]["locations"]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "page.md"


def test_github_multi_line_span_has_no_columns_and_info_is_a_notice():
    [line] = render("github", [hand_made(end_line=4, severity="info", message="m")]).splitlines()
    assert line.startswith("::notice file=site/a%2Cb%3Ac.md,line=3,endLine=4,title=")


# ---------------------------------------------------------------- sarif

@pytest.fixture(scope="module")
def sarif_validator():
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_sarif_validates_against_the_official_schema(draft, sarif_validator):
    result = check("--format", "sarif", "page.md")
    log = json.loads(result.stdout)
    sarif_validator.validate(log)
    run = log["runs"][0]
    assert log["version"] == "2.1.0" and run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    assert [(r["ruleId"], r["level"]) for r in run["results"]] == [
        ("house.zorblax-guarantee", "error"), ("house.zorblax-painless", "warning")]
    first = run["results"][0]
    assert rules[first["ruleIndex"]]["id"] == "house.zorblax-guarantee"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "page.md"},
        "region": {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 27,
                   "snippet": {"text": "Guaranteed zorblax results"}},
    }


def test_sarif_rule_metadata(draft):
    log = json.loads(check("--format", "sarif", "page.md").stdout)
    rule = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}["house.zorblax-guarantee"]
    assert rule["shortDescription"]["text"] == "Guaranteed zorblax results are an unsupported efficacy claim."
    assert rule["fullDescription"]["text"] == "Nobody can guarantee zorblax results."
    assert "Describe typical results and say they vary." in rule["help"]["text"]
    assert rule["helpUri"] == "https://example.org/house/zorblax-guarantee"
    assert rule["defaultConfiguration"]["level"] == "error"


def test_sarif_without_findings_and_with_odd_paths_is_valid(sarif_validator):
    sarif_validator.validate(json.loads(render("sarif", [])))
    log = json.loads(render("sarif", [hand_made(path="./my drafts/ü.md", severity="info")]))
    sarif_validator.validate(log)
    result = log["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "my%20drafts/%C3%BC.md"
    assert result["level"] == "note"


# ---------------------------------------------------------------- junit and jsonl

def test_junit_is_valid_xml_with_one_testcase_per_finding(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.md").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "clean.md").write_text("Zorblax results vary.\n", encoding="utf-8")
    root = ET.fromstring(check("--format", "junit", "page.md", "clean.md").stdout)
    assert root.tag == "testsuites" and (root.get("tests"), root.get("failures")) == ("3", "2")
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"page.md", "clean.md"}
    assert [c.find("failure").get("type") for c in suites["page.md"].iter("testcase")] == ["error", "warning"]
    assert [c.find("failure") for c in suites["clean.md"].iter("testcase")] == [None]


def test_junit_escapes_markup_and_drops_control_characters():
    text = render("junit", [hand_made(message="a <b> & \x01c", match="\x0b<x>")])
    failure = ET.fromstring(text).find(".//failure")
    assert failure.get("message") == "a <b> & \ufffdc"
    assert "Matched: \ufffd<x>" in failure.text


def test_jsonl_lines_match_the_json_records(draft):
    lines = check("--format", "jsonl", "page.md").stdout.splitlines()
    assert [json.loads(line) for line in lines] == json.loads(check("--format", "json", "page.md").stdout)
    assert len(lines) == 2


# ---------------------------------------------------------------- --output and --statistics

@pytest.mark.parametrize("fmt", ["github", "sarif", "junit", "jsonl"])
def test_output_file_gets_the_report_and_stdout_stays_empty(draft, fmt):
    result = check("--format", fmt, "--output", "report.out", "page.md")
    assert result.exit_code == 1 and result.stdout == ""
    assert Path("report.out").read_text(encoding="utf-8") == check("--format", fmt, "page.md").stdout


def test_statistics_count_findings_per_rule(draft):
    Path("more.md").write_text("A painless zorblax visit.\n\nAnother painless zorblax visit.\n",
                               encoding="utf-8")
    text = check("--statistics", "page.md", "more.md")
    stats = [line.split() for line in text.stdout.splitlines() if not line.startswith(("page.md", "more.md"))]
    assert stats == [["3", "house.zorblax-painless", "safety-claim"],
                     ["1", "house.zorblax-guarantee", "efficacy-claim"]]
    machine = check("--statistics", "--format", "json", "page.md", "more.md")
    assert len(json.loads(machine.stdout)) == 4  # stdout stays parseable; the counts go to stderr
    assert "3  house.zorblax-painless" in machine.stderr
