"""The JSON contract: an array of finding objects sorted by path, line, column, rule."""
from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import TextIO

from ..escape import json_text

# The C encoder (json.dumps uses the pure-Python one whenever `indent` is set); values are
# encoded one by one and laid out below exactly as json.dumps(..., indent=2) inside the array.
_encode = json.JSONEncoder(ensure_ascii=False).encode


_quote = encode_basestring  # the C function JSONEncoder.encode calls for a str, without its Python frame


def _scalar(value) -> str:
    return _quote(value) if type(value) is str else _encode(value)


def record(d: dict) -> str:
    """One finding record as an array element: the text `json.dumps(d, ensure_ascii=False, indent=2)`
    gives, indented one level, for a flat record of scalars and lists of scalars."""
    parts = []
    for key, value in d.items():
        if isinstance(value, (list, tuple)):
            value = "[\n      " + ",\n      ".join(map(_scalar, value)) + "\n    ]" if value else "[]"
        else:
            value = _scalar(value)
        parts.append(f"    {_quote(key)}: {value}")
    return "{\n" + ",\n".join(parts) + "\n  }"


def _text(value: str | None) -> str:
    return "null" if value is None else _quote(value)


def _list(values) -> str:
    return "[\n      " + ",\n      ".join(map(_quote, values)) + "\n    ]" if values else "[]"


def finding_record(f) -> str:
    """record(f.to_dict()), written out field by field: the report of a large site spends most of its
    time here, and a fixed layout needs no per-value dispatch."""
    return (f'{{\n    "path": {_quote(f.path)},\n    "line": {f.line:d},\n    "column": {f.column:d},\n'
            f'    "end_line": {f.end_line:d},\n    "end_column": {f.end_column:d},\n    "rule": {_quote(f.rule)},\n'
            f'    "category": {_quote(f.category)},\n    "severity": {_quote(f.severity)},\n'
            f'    "message": {_quote(f.message)},\n    "match": {_quote(f.match)},\n'
            f'    "suggestion": {_text(f.suggestion)},\n    "disclaimer": {_text(f.disclaimer)},\n'
            f'    "references": {_list(f.references)}\n  }}')


_BATCH = 256  # records escaped and written together: one json_text pass and one write per batch


def render(report, stream: TextIO) -> None:
    """Write the array finding by finding as they come, in small batches (report.findings may be an iterator)."""
    batch: list[str] = []
    first = True
    for f in report.findings:
        batch.append(("[\n  " if first else ",\n  ") + finding_record(f))
        first = False
        if len(batch) >= _BATCH:
            stream.write(json_text("".join(batch)))
            batch.clear()
    stream.write(json_text("".join(batch)) + ("[]\n" if first else "\n]\n"))
