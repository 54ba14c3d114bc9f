"""The grep-friendly one-line format: path:line:col: severity [rule-id] message (coloured only when asked)."""
from __future__ import annotations

from typing import TextIO

from ..escape import printable
from .style import Style


def render(report, stream: TextIO) -> None:
    """One line per finding; with colour, the location and rule bold and the severity in its colour."""
    style = Style(bool(report.color))
    for f in report.findings:
        extra = f" ({f.disclaimer})" if f.disclaimer else ""
        # one finding, one line: a newline or terminal escape in a file name or message is escaped
        where, rule = printable(f"{f.path}:{f.line}:{f.column}:"), printable(f"[{f.rule}]")
        stream.write(f"{style(where, bold=True)} {style.severity(printable(f.severity), f.severity)} "
                     f"{style(rule, bold=True)} {printable(f.message + extra)}\n")
