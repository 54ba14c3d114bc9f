"""The JSON contract: an array of finding objects sorted by path, line, column, rule."""
from __future__ import annotations

import json
from typing import TextIO


def render(report, stream: TextIO) -> None:
    """Write the array one finding at a time (no second copy of every finding in memory)."""
    if not report.findings:
        stream.write("[]\n")
        return
    for i, f in enumerate(report.findings):
        body = json.dumps(f.to_dict(), ensure_ascii=False, indent=2).replace("\n", "\n  ")
        stream.write(("[\n  " if i == 0 else ",\n  ") + body)
    stream.write("\n]\n")
