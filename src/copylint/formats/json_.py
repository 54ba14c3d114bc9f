"""The JSON contract: an array of finding objects sorted by path, line, column, rule."""
from __future__ import annotations

import json
from typing import TextIO


def render(report, stream: TextIO) -> None:
    """Write the array one finding at a time, as they come (report.findings may be an iterator)."""
    first = True
    for f in report.findings:
        body = json.dumps(f.to_dict(), ensure_ascii=False, indent=2).replace("\n", "\n  ")
        stream.write(("[\n  " if first else ",\n  ") + body)
        first = False
    stream.write("[]\n" if first else "\n]\n")
