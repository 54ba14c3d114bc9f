"""Output formats: a registry of renderers. A new format = one module + one entry here + one golden test.

A renderer is `render(report: Report, stream: TextIO) -> None`. It gets the sorted findings and
everything a report needs; it never decides the exit code.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from ..findings import Finding


@dataclass
class Report:
    """What a run produced, for renderers."""

    findings: list[Finding]  # or, for a format that streams, an iterator of them in report order
    files: list[str] = field(default_factory=list)  # every file that was linted (in order)
    errors: list[str] = field(default_factory=list)  # one-line messages for files that could not be linted
    rules: dict = field(default_factory=dict)  # rule id -> Rule, for rule metadata (SARIF, HTML)
    texts: dict[str, str] = field(default_factory=dict)  # path -> original text (formats that show source)
    color: bool = False
    front_matter_keys: dict[str, tuple[str, ...]] = field(default_factory=dict)  # path -> its config's keys (HTML)
    tool_version: str = ""


@dataclass(frozen=True)
class FormatSpec:
    """Where a renderer lives and what it needs."""

    target: str  # "module:function", imported only when the format is used
    needs_text: bool = False  # the renderer shows source lines
    machine: bool = False  # machine-readable: no progress bars, no colour
    streams: bool = False  # writes finding by finding: `report.findings` may be an iterator, consumed once
    help: str = ""


FORMATS: dict[str, FormatSpec] = {
    "text": FormatSpec("copylint.formats.text:render", streams=True, help="one line per finding: path:line:col: severity [rule] message"),
    "json": FormatSpec("copylint.formats.json_:render", streams=True, machine=True, help="a JSON array of findings (the JSON contract)"),
    "jsonl": FormatSpec("copylint.formats.jsonl:render", streams=True, machine=True, help="one JSON finding per line"),
    "github": FormatSpec("copylint.formats.github:render", streams=True, machine=True, help="GitHub Actions workflow commands (annotations)"),
    "sarif": FormatSpec("copylint.formats.sarif:render", machine=True, help="SARIF 2.1.0 for code scanning"),
    "junit": FormatSpec("copylint.formats.junit:render", machine=True, help="JUnit XML for CI test reports"),
    "full": FormatSpec("copylint.formats.full:render", needs_text=True, help="each finding with its source line and a caret underline"),
    "html": FormatSpec("copylint.formats.html:render", needs_text=True, machine=True, help="a self-contained HTML review report"),
}


def renderer(name: str):
    """The render function for a registered format."""
    module, func = FORMATS[name].target.split(":")
    return getattr(importlib.import_module(module), func)
