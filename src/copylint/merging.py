"""Join the JSON or SARIF reports of `check --shard K/N` runs into the report one unsharded run prints.

A shard's findings are in report order already; the merged list is every shard's findings sorted
(stably) by path, line, column and rule, which is the order `check` writes: its files are linted
in path order and each file's findings come sorted by the same key. A file is in one shard only,
so a file whose findings appear in two reports means the reports overlap (a shard given twice).
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from urllib.parse import unquote_to_bytes, urlsplit

from .errors import CopylintError
from .findings import SEVERITIES, Finding

_STR = ("path", "rule", "category", "severity", "message", "match")
_INT = ("line", "column", "end_line", "end_column")
_LEVELS = {"error": "error", "warning": "warning", "note": "info"}


class ReportError(CopylintError):
    """An input report that cannot be merged (unreadable, not a copylint report, mixed kinds)."""


@dataclass
class Input:
    """One shard's report: its kind ('json' or 'sarif'), findings and, for SARIF, its parsed log."""

    path: str
    kind: str
    findings: list[Finding] = field(default_factory=list)
    sarif: dict | None = None
    results: list[tuple[tuple, dict]] = field(default_factory=list)  # SARIF: (sort key, result object)


def read_report(path: str) -> Input:
    """Read one report; ReportError (one line naming the file) when it is not a copylint JSON or SARIF report."""
    from .document import special_file

    special = special_file(path)
    if special is not None:
        raise ReportError(f"{path}: cannot read report: {special}, not a regular file")
    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
    except FileNotFoundError:
        raise ReportError(f"{path}: report not found") from None
    except OSError as exc:
        raise ReportError(f"{path}: cannot read report: {exc.strerror or exc}") from None
    except RecursionError:
        raise ReportError(f"{path}: not a copylint report (nested too deeply)") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ReportError(f"{path}:{getattr(exc, 'lineno', 1)}: not a copylint report (invalid JSON)") from None
    if isinstance(doc, list):
        return Input(path, "json", [_finding(item, path, i) for i, item in enumerate(doc, 1)])
    if isinstance(doc, dict) and doc.get("version") == "2.1.0" and isinstance(doc.get("runs"), list):
        return _sarif_input(doc, path)
    raise ReportError(f"{path}: not a copylint report (expected the JSON array of --format json "
                      "or the SARIF 2.1.0 log of --format sarif)")


def _finding(item, path: str, n: int) -> Finding:
    ok = (isinstance(item, dict) and all(isinstance(item.get(k), str) for k in _STR)
          and all(type(item.get(k)) is int for k in _INT) and item.get("severity") in SEVERITIES
          and all(item.get(k) is None or isinstance(item.get(k), str) for k in ("suggestion", "disclaimer"))
          and isinstance(item.get("references", []), list)
          and all(isinstance(r, str) for r in item.get("references", [])))
    if not ok:
        raise ReportError(f"{path}: finding {n} is not a copylint finding (see the JSON contract)")
    return Finding(item["path"], item["line"], item["column"], item["end_line"], item["end_column"], item["rule"],
                   item["category"], item["severity"], item["message"], item["match"], item.get("suggestion"),
                   item.get("disclaimer"), tuple(item.get("references", [])))


def uri_path(uri: str) -> str:
    """The path a SARIF artifact URI was made from (formats.sarif._uri, reversed)."""
    if uri.startswith("file:"):
        uri = urlsplit(uri).path
    return os.fsdecode(unquote_to_bytes(uri))


def _sarif_input(doc: dict, path: str) -> Input:
    runs = doc["runs"]
    driver = runs[0].get("tool", {}).get("driver", {}) if len(runs) == 1 and isinstance(runs[0], dict) else None
    if not isinstance(driver, dict) or driver.get("name") != "copylint":
        raise ReportError(f"{path}: not a copylint SARIF report (one run by the copylint driver)")
    results = runs[0].get("results")
    if not isinstance(results, list) or not isinstance(driver.get("rules", []), list):
        raise ReportError(f"{path}: not a copylint SARIF report (no results list)")
    out = Input(path, "sarif", sarif=doc)
    for n, r in enumerate(results, 1):
        try:
            loc = r["locations"][0]["physicalLocation"]
            region = loc["region"]
            key = (uri_path(loc["artifactLocation"]["uri"]), region["startLine"], region["startColumn"], r["ruleId"])
            severity = r.get("properties", {}).get("severity") or _LEVELS[r.get("level", "warning")]
            if not (isinstance(key[0], str) and type(key[1]) is int and type(key[2]) is int
                    and isinstance(key[3], str) and severity in SEVERITIES):
                raise TypeError
        except (KeyError, IndexError, TypeError, AttributeError, ValueError):
            raise ReportError(f"{path}: result {n} is not a copylint SARIF result") from None
        out.results.append((key, r))
        out.findings.append(Finding(key[0], key[1], key[2], key[1], key[2], key[3], "", severity, "", ""))
    return out


def check_inputs(inputs: list[Input]) -> str:
    """The kind all inputs share; ReportError when they mix kinds or overlap."""
    kinds = {i.kind for i in inputs}
    if len(kinds) > 1:
        first = next(i for i in inputs if i.kind != inputs[0].kind)
        raise ReportError(f"{first.path}: is a {first.kind.upper()} report but {inputs[0].path} is "
                          f"{inputs[0].kind.upper()}: merge reports of one format")
    owner: dict[str, int] = {}
    for n, i in enumerate(inputs):
        for p in dict.fromkeys(f.path for f in i.findings):
            if owner.setdefault(p, n) != n:
                raise ReportError(f"{i.path}: has findings for {p}, as {inputs[owner[p]].path} does: "
                                  "the reports overlap (the same shard given twice?)")
    return inputs[0].kind


def merged_findings(inputs: list[Input]) -> list[Finding]:
    """Every input's findings in report order."""
    return sorted((f for i in inputs for f in i.findings), key=Finding.sort_key)


def merged_sarif(inputs: list[Input]) -> dict:
    """One SARIF log: the first input's run, with every input's rules (by id) and results in report order."""
    versions = {i.sarif["runs"][0]["tool"]["driver"].get("version") for i in inputs}
    if len(versions) > 1:
        raise ReportError(f"the reports come from different copylint versions ({', '.join(map(str, versions))})")
    rules: dict[str, dict] = {}
    for i in inputs:
        for rule in i.sarif["runs"][0]["tool"]["driver"].get("rules", []):
            if isinstance(rule, dict) and isinstance(rule.get("id"), str):
                rules.setdefault(rule["id"], rule)
    order = sorted(rules)
    index = {rule_id: n for n, rule_id in enumerate(order)}
    results = [r for _, r in sorted((kr for i in inputs for kr in i.results), key=lambda kr: kr[0])]
    for r in results:
        if r["ruleId"] in index:
            r["ruleIndex"] = index[r["ruleId"]]
        else:
            r.pop("ruleIndex", None)
    log = inputs[0].sarif
    run = log["runs"][0]
    run["tool"]["driver"]["rules"] = [rules[k] for k in order]
    run["results"] = results
    return log
