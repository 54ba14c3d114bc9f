"""The JSON contract: an array of finding objects sorted by path, line, column, rule."""
from __future__ import annotations

import json
from typing import TextIO


def render(report, stream: TextIO) -> None:
    json.dump([f.to_dict() for f in report.findings], stream, ensure_ascii=False, indent=2)
    stream.write("\n")
