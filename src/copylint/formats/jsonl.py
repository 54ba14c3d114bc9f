"""JSON Lines: one finding object per line (the JSON contract's fields), for streaming tools."""
from __future__ import annotations

import json
from typing import TextIO

from ..escape import json_text


def render(report, stream: TextIO) -> None:
    stream.writelines(json_text(json.dumps(f.to_dict(), ensure_ascii=False)) + "\n" for f in report.findings)
