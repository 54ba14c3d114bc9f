"""The grep-friendly one-line format: path:line:col: severity [rule-id] message."""
from __future__ import annotations

from typing import TextIO

from ..escape import printable


def render(report, stream: TextIO) -> None:
    for f in report.findings:
        extra = f" ({f.disclaimer})" if f.disclaimer else ""
        # one finding, one line: a newline or terminal escape in a file name or message is escaped
        stream.write(printable(f"{f.path}:{f.line}:{f.column}: {f.severity} [{f.rule}] {f.message}{extra}") + "\n")
