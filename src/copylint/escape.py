"""Escaping paths and messages for where they are shown: one line on a terminal, valid UTF-8 in files.

A file name may hold a newline (which forges a GitHub Actions command on stderr or a finding line in
the text format), terminal escapes, bidi controls, or bytes that are not UTF-8 (Python keeps those
as lone surrogates, U+DC80..U+DCFF, the "surrogateescape" convention). Human-readable output shows
them as backslash escapes; JSON writes a lone surrogate as its \\uXXXX escape (valid UTF-8, and
Python's json.loads plus os.fsencode give the exact file name back).
"""
from __future__ import annotations

import re

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_MESSAGE = 1000  # characters of an error message; a 100 KB option value is cut in the middle


def _escape_char(m: re.Match) -> str:
    c = m.group()
    if c in _NAMED:
        return _NAMED[c]
    o = ord(c)
    if 0xDC80 <= o <= 0xDCFF:  # an undecodable byte of a file name
        return f"\\x{o - 0xDC00:02x}"
    return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}"


def printable(text: str) -> str:
    """`text` on one line and harmless on a terminal: control, bidi and undecodable characters escaped."""
    return _UNPRINTABLE.sub(_escape_char, text)


def one_line(message: str, limit: int = MAX_MESSAGE) -> str:
    """An error message for stderr: printable, and at most about `limit` characters."""
    text = printable(message)
    if len(text) <= limit:
        return text
    keep = limit // 2
    return f"{text[:keep]}...({len(text) - 2 * keep} characters cut)...{text[-keep:]}"


def json_text(text: str) -> str:
    """Encoded JSON with each lone surrogate written as its \\uXXXX escape, so the output is valid UTF-8."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def utf8_text(text: str) -> str:
    """Text for an HTML or XML document: each undecodable byte of a file name becomes U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)
