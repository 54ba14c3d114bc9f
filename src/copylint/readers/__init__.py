"""Readers: Markdown / HTML / plain text -> blocks of copy with offset maps, and the comments they parsed.

Only human-facing copy is kept: code, URLs, tag markup and comments are dropped. Block text
is the copy itself, with one rule: a '\\n' in block text is a hard boundary (a new line of
copy that ends any sentence); soft line wraps appear as spaces. Each reader also reports the
copylint comments it actually parsed (never a regex over the raw text), for the suppress stage.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..positions import OffsetMap, TextBuilder

FRONT_MATTER_KEYS = ("title", "description", "summary", "excerpt", "subtitle", "caption")


@dataclass
class Block:
    """A run of copy: its text, where each character came from, and what part of the page it is."""

    text: str
    map: OffsetMap
    scope: str  # body | heading | list | quote | alt | meta | table


@dataclass(frozen=True)
class Comment:
    """A comment a reader parsed that mentions copylint: its span in the original text and its body."""

    start: int
    end: int
    body: str  # the text between the comment markers


@dataclass
class Reading:
    """What a reader found in one document: blocks of copy and copylint comments, in source order."""

    blocks: list[Block] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)

    def comment(self, start: int, end: int, body: str) -> None:
        """Keep a parsed comment if it is addressed to copylint (other comments cost nothing)."""
        if "copylint" in body:
            self.comments.append(Comment(start, end, body))


def finish(builder: TextBuilder, scope: str, soft: bool = True) -> Block | None:
    """The builder's text as a Block (None when it holds no copy); soft: line breaks become spaces."""
    text = builder.text()
    if soft:
        # Same-length substitution keeps the offset map valid.
        text = text.replace("\r", " ").replace("\n", " ")
    if not text.strip():
        return None
    return Block(text, builder.map, scope)


def entity_text(raw: str) -> str | None:
    """The character(s) an HTML character reference stands for, or None when it is not one."""
    import html

    decoded = html.unescape(raw)
    return None if decoded == raw else decoded


def read(text: str, kind: str, front_matter_keys: tuple[str, ...] = FRONT_MATTER_KEYS) -> Reading:
    """Blocks of copy and copylint comments for a document of the given kind (markdown, html or text)."""
    reading = Reading()
    reading.blocks = list(iter_blocks(text, kind, front_matter_keys, reading))
    return reading


def iter_blocks(text: str, kind: str, front_matter_keys: tuple[str, ...] = FRONT_MATTER_KEYS,
                reading: Reading | None = None) -> Iterator[Block]:
    """The blocks of copy one after another, as the reader finds them, so that a big file's blocks
    need not be held at once; the copylint comments go to `reading` (complete once exhausted)."""
    reading = reading if reading is not None else Reading()
    if kind == "markdown":
        from .markdown import markdown_steps

        steps = markdown_steps(text, front_matter_keys, reading)
    elif kind == "html":
        from .html import html_steps

        steps = html_steps(text, reading)
    else:
        from .text import text_steps

        steps = text_steps(text, reading)
    blocks = reading.blocks  # the readers append to this list; each step's blocks are handed on
    for _ in steps:
        if blocks:
            batch = blocks[:]
            blocks.clear()
            yield from batch
    yield from blocks
    blocks.clear()


def extract(text: str, kind: str, front_matter_keys: tuple[str, ...] = FRONT_MATTER_KEYS) -> list[Block]:
    """Only the blocks of copy (see `read`)."""
    return list(iter_blocks(text, kind, front_matter_keys))
