"""SARIF 2.1.0 for code scanning: rule metadata with help text, results with regions and snippets."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TextIO
from urllib.parse import quote

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    """A URI for a path: relative to the current folder (the repository root in CI) where possible."""
    if os.path.isabs(path):
        rel = os.path.relpath(path)
        if rel.startswith(".."):
            return Path(path).as_uri()
        path = rel
    path = path.replace(os.sep, "/")
    while path.startswith("./"):
        path = path[2:]
    return quote(os.fsencode(path), safe="/")  # the file name's own bytes, also when they are not UTF-8


def _help_uri(references) -> str | None:
    return next((r for r in references if r.startswith(("https://", "http://"))), None)


def _help_text(rule) -> str:
    parts = [rule.message]
    if rule.description:
        parts.append(f"Why: {rule.description}")
    if rule.suggestion:
        from ..engine import fill_placeholders

        parts.append(f"Write instead: {fill_placeholders(rule.suggestion)}")
    if rule.references:
        parts.append("References: " + " ".join(rule.references))
    return "\n\n".join(parts)


def rule_descriptor(rule) -> dict:
    """A reportingDescriptor for one rule."""
    out = {
        "id": rule.id,
        "name": rule.id.split(".", 1)[-1],
        "shortDescription": {"text": rule.message.splitlines()[0] if rule.message else rule.id},
        "fullDescription": {"text": rule.description or rule.message},
        "help": {"text": _help_text(rule)},
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        "properties": {"tags": [rule.category], "category": rule.category},
    }
    uri = _help_uri(rule.references)
    if uri:
        out["helpUri"] = uri
    return out


def result(f, rule_index: dict[str, int]) -> dict:
    """A result for one finding."""
    from ..baseline import fingerprint

    text = f.message + (f" ({f.disclaimer})" if f.disclaimer else "")
    if f.suggestion:
        text += f" Suggestion: {f.suggestion}"
    out = {
        "ruleId": f.rule,
        "level": LEVELS.get(f.severity, "warning"),
        "message": {"text": text},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": _uri(f.path)},
            "region": {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line,
                       "endColumn": f.end_column, "snippet": {"text": f.match}},
        }}],
        # Stable across line moves, like the baseline's key, so code scanning tracks an alert over time.
        "partialFingerprints": {"copylintSentence/v1": fingerprint(f)},
        "properties": {"category": f.category, "severity": f.severity},
    }
    if f.rule in rule_index:
        out["ruleIndex"] = rule_index[f.rule]
    return out


def sarif_log(report) -> dict:
    """The SARIF log object for a report."""
    rules = [report.rules[k] for k in sorted(report.rules)]
    rule_index = {r.id: i for i, r in enumerate(rules)}
    driver = {"name": "copylint", "rules": [rule_descriptor(r) for r in rules]}
    if report.tool_version:
        driver["version"] = report.tool_version
        driver["semanticVersion"] = report.tool_version
    run = {
        "tool": {"driver": driver},
        # Finding columns count code points (a tab or an emoji is one column), as SARIF's unicodeCodePoints.
        "columnKind": "unicodeCodePoints",
        "results": [result(f, rule_index) for f in report.findings],
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render(report, stream: TextIO) -> None:
    from ..escape import json_text

    stream.write(json_text(json.dumps(sarif_log(report), ensure_ascii=False, indent=2)))
    stream.write("\n")
