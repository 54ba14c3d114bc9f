"""The JSON contract: an array of finding objects sorted by path, line, column, rule."""
from __future__ import annotations

import json
from typing import TextIO

from ..escape import json_text

# The C encoder (json.dumps uses the pure-Python one whenever `indent` is set); values are
# encoded one by one and laid out below exactly as json.dumps(..., indent=2) inside the array.
_encode = json.JSONEncoder(ensure_ascii=False).encode


def record(d: dict) -> str:
    """One finding record as an array element: the text `json.dumps(d, ensure_ascii=False, indent=2)`
    gives, indented one level, for a flat record of scalars and lists of scalars."""
    parts = []
    for key, value in d.items():
        if isinstance(value, (list, tuple)):
            value = "[\n      " + ",\n      ".join(map(_encode, value)) + "\n    ]" if value else "[]"
        else:
            value = _encode(value)
        parts.append(f"    {_encode(key)}: {value}")
    return "{\n" + ",\n".join(parts) + "\n  }"


def render(report, stream: TextIO) -> None:
    """Write the array one finding at a time, as they come (report.findings may be an iterator)."""
    first = True
    for f in report.findings:
        stream.write(("[\n  " if first else ",\n  ") + json_text(record(f.to_dict())))
        first = False
    stream.write("[]\n" if first else "\n]\n")
