"""JUnit XML for CI test reports: one testsuite per linted file, one failing testcase per finding."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TextIO

import regex

# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = regex.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _testcase(suite: ET.Element, f) -> None:
    case = ET.SubElement(suite, "testcase", name=_clean(f"{f.rule} at {f.line}:{f.column}"),
                         classname=_clean(f.path), file=_clean(f.path), line=str(f.line))
    failure = ET.SubElement(case, "failure", type=f.severity, message=_clean(f.message))
    body = [f"{f.path}:{f.line}:{f.column}: {f.severity} [{f.rule}] {f.message}", f"Matched: {f.match}"]
    if f.suggestion:
        body.append(f"Suggestion: {f.suggestion}")
    failure.text = _clean("\n".join(body))


def junit_tree(report) -> ET.Element:
    """The <testsuites> element: clean files appear as one passing testcase each."""
    by_path: dict[str, list] = {path: [] for path in report.files}
    for f in report.findings:
        by_path.setdefault(f.path, []).append(f)
    root = ET.Element("testsuites", name="copylint", tests="0", failures=str(len(report.findings)),
                      errors="0")
    total = 0
    for path, findings in by_path.items():
        tests = max(1, len(findings))
        total += tests
        suite = ET.SubElement(root, "testsuite", name=_clean(path), tests=str(tests),
                              failures=str(len(findings)), errors="0", skipped="0")
        if not findings:
            ET.SubElement(suite, "testcase", name="copylint", classname=_clean(path), file=_clean(path))
        for f in findings:
            _testcase(suite, f)
    root.set("tests", str(total))
    return root


def render(report, stream: TextIO) -> None:
    tree = ET.ElementTree(junit_tree(report))
    ET.indent(tree)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(tree.getroot(), encoding="unicode"))
    stream.write("\n")
