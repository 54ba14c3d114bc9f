"""GitHub Actions workflow commands: one `::error file=...,line=...::message` annotation per finding."""
from __future__ import annotations

import os
from typing import TextIO

from ..escape import utf8_text

# GitHub's annotation levels; copylint's info becomes a notice.
LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """Escape a message the way the Actions toolkit does: %, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as a message, plus ':' and ',' (which separate properties)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def repo_path(path: str) -> str:
    """The path GitHub matches against the checkout: relative to the current folder where possible."""
    if os.path.isabs(path):
        rel = os.path.relpath(path)
        path = path if rel.startswith("..") else rel
    return path.replace(os.sep, "/").removeprefix("./")


def annotation(f) -> str:
    """The workflow command for one finding."""
    path = repo_path(f.path)
    props = [("file", path), ("line", f.line)]
    # GitHub ignores (or rejects) columns on an annotation that spans lines.
    if f.end_line == f.line:
        props += [("col", f.column), ("endLine", f.end_line), ("endColumn", f.end_column)]
    else:
        props += [("endLine", f.end_line)]
    props.append(("title", f"copylint {f.rule} ({f.category})"))
    message = f.message + (f" ({f.disclaimer})" if f.disclaimer else "")
    if f.suggestion:
        message += f"\nSuggestion: {f.suggestion}"
    fields = ",".join(f"{key}={escape_property(str(value))}" for key, value in props)
    return utf8_text(f"::{LEVELS.get(f.severity, 'warning')} {fields}::{escape_data(message)}")


def render(report, stream: TextIO) -> None:
    stream.writelines(annotation(f) + "\n" for f in report.findings)
