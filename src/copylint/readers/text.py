"""Plain text reader: paragraphs split at blank lines; line breaks inside them are soft or hard.

A line of its own that starts with '#', '//' or '<!--' followed by 'copylint:' is a directive
comment: it is reported to the suppress stage and is not copy.
"""
from __future__ import annotations

import re

import regex

from .. import programs
from ..positions import TextBuilder
from . import Reading, finish

_BULLET = programs.compile(r"[ \t]*(?:[-*+\u2022\u25cf\u25aa]|\d{1,3}[.)])(?:\s|$)")
_LINE = programs.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_NON_SPACE = re.compile(r"\S")  # re's \s is str.isspace(), as strip() uses
# The comment marker, then the body the suppress stage parses ('copylint: ...').
_DIRECTIVE_LINE = programs.compile(r"[ \t]*(?:\#+|//|(?P<html><!--))(?P<body>[ \t]*copylint[ \t]*:.*)", regex.IGNORECASE)


def _hard_break(prev: str, nxt: str) -> bool:
    """In plain text, does a single line break end the line of copy (not a soft wrap)?"""
    p = prev.rstrip()
    if not p or not nxt.strip():
        return True
    if p[-1] in ".!?:;\"')]" or _BULLET.match(nxt) or _BULLET.fullmatch(p):
        return True
    # Wrapped prose fills the line; a short line without end punctuation is a heading or label,
    # and so is a longer one in title case followed by a capital ("Using Oxygen for Treating Lyme")
    return len(p) < 50 or (nxt.lstrip()[:1].isupper() and _title_case(p))


_MINOR_WORDS = frozenset("a an and as at but by for from in into is are of on or than the to vs vs. via with your our its".split())


def _title_case(line: str) -> bool:
    """Is a line written as a title: every word capitalised except minor words, at most 14 words?"""
    words = [w for w in line.split() if w[:1].isalpha()]
    if not 3 <= len(words) <= 14:
        return False
    return all(w[:1].isupper() or w.lower() in _MINOR_WORDS for w in words)


def read_text(text: str) -> Reading:
    """Blocks of a plain-text draft, and its directive lines."""
    reading = Reading()
    for _ in text_steps(text, reading):
        pass
    return reading


def text_steps(text: str, reading: Reading):
    """Read a plain-text draft into `reading`, yielding after each paragraph (see `iter_blocks`)."""
    pos = 0
    while True:
        found = _NON_SPACE.search(text, pos)  # blank lines between paragraphs: skipped in one search
        if found is None:
            return
        first = max(text.rfind("\n", pos, found.start()), text.rfind("\r", pos, found.start())) + 1
        pos = _paragraph(text, max(first, pos), reading)
        yield


def _directive(body: str, start: int, reading: Reading) -> bool:
    """Is this line a directive comment? If so, report it."""
    m = _DIRECTIVE_LINE.match(body)
    if m is None:
        return False
    inner, end = m.group("body"), start + len(body)
    if m.group("html"):
        close = inner.find("-->")
        if close < 0 or inner[close + 3:].strip():
            return False  # not a comment that fills the line: copy
        inner, end = inner[:close], start + m.start("body") + close + 3
    else:
        inner = inner.rstrip()
        end = start + m.start("body") + len(inner)
    reading.comment(start, end, inner)
    return True


def _paragraph(text: str, pos: int, reading: Reading) -> int:
    """The lines from `pos` to the next blank line into blocks; returns where the next line starts."""
    b = TextBuilder(text)
    while pos < len(text):
        line = _LINE.match(text, pos)
        raw = line.group()
        body = raw.rstrip("\r\n")
        if not body.strip():
            pos = line.end()
            break
        if "copylint" in body.lower() and _directive(body, pos, reading):  # a directive is not copy
            block = finish(b, "body", soft=False)
            if block:
                reading.blocks.append(block)
            b = TextBuilder(text)
            pos = line.end()
            continue
        b.copy(pos, pos + len(body))
        nl_start, nl_end = pos + len(body), line.end()
        if nl_end > nl_start:
            nxt = _LINE.match(text, nl_end).group() if nl_end < len(text) else ""
            sep = "\n" if _hard_break(body, nxt) else " "
            b.synth(sep, nl_start, nl_end)
        pos = nl_end
    block = finish(b, "body", soft=False)
    if block:
        reading.blocks.append(block)
    return pos
