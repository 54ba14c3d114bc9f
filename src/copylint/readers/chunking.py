"""Markdown parsed a chunk at a time: markdown-it holds every token of what it parses."""
from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1)
def md_parser():
    """markdown-it for block structure only (CommonMark, tables, strikethrough)."""
    from markdown_it import MarkdownIt  # imported lazily: only Markdown drafts need it

    # Only the block structure is used (inline tokens' content and line maps); the inline
    # reader reads the inline syntax itself, so markdown-it's inline stage would be wasted work.
    from .spans import install

    md = MarkdownIt("commonmark").enable("table").enable("strikethrough").disable("inline")
    install(md)
    return md


_PLAIN_CORE = ["normalize", "block", "text_join"]  # md.parse's chain, with the inline stage off


def _parse(md, src: str) -> list:
    """md.parse(src). Its core chain is ours to skip where it has nothing to do: `normalize` only
    rewrites CRs and NULs, and `text_join` only joins the inline stage's children (there are none);
    so a source without either is handed to the block parser directly."""
    if "\r" in src or "\0" in src or md.core.ruler.get_active_rules() != _PLAIN_CORE:
        return md.parse(src)
    tokens: list = []
    md.block.parse(src, md, {}, tokens)
    return tokens


MD_CHUNK = 32_768  # characters of Markdown parsed at a time (see _md_tokens)
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")
_HTML_BLOCK_END = (  # CommonMark HTML blocks 1-5 run over blank lines until their end marker
    (re.compile(r" {0,3}<(?:script|pre|style|textarea)(?:\s|>|$)", re.I), re.compile(r"</(?:script|pre|style|textarea)>", re.I)),
    (re.compile(r" {0,3}<!--"), re.compile(r"-->")),
    (re.compile(r" {0,3}<\?"), re.compile(r"\?>")),
    (re.compile(r" {0,3}<!\[CDATA\["), re.compile(r"\]\]>")),
    (re.compile(r" {0,3}<![A-Za-z]"), re.compile(r">")),
)
_HTML_START = re.compile(r" {0,3}</?[A-Za-z]")
# A bullet item at the margin starts a block wherever it stands (it even interrupts a paragraph),
# so a long list can be cut between items; a lone "-" could underline a heading, so not that.
_BULLET_ITEM = re.compile(r"[-*+] +\S")
_RUNS_ON = frozenset({"fence", "html_block", "code_block", "table_open"})  # blocks a cut could split
# List and quote markers before a block on the same line ("- ```", "> <!--").
_CONTAINERS = re.compile(r"(?: {0,3}(?:>|[-*+]|\d{1,9}[.)])(?: +|$))*")


def md_tokens(src):
    """markdown-it's block tokens for `src`, parsed a chunk at a time, line maps made absolute.

    markdown-it holds every token of what it parses: whole, a 1 MB list of short items took
    660 MB. A chunk is cut only before an unindented line that follows a blank line, or that
    starts a bullet item, where a line tracker sees no fenced code or HTML block open: there
    every container (list item, quote, paragraph) has ended, so the pieces parse to the same
    blocks. The tracker is a guess; markdown-it has the last word: if the chunk's parse has a
    fence, HTML block, indented code or table running to its very end, the cut may split it, and
    the chunk grows (twice as much is tried next, so the work stays linear).
    """
    md = md_parser()
    if len(src) <= MD_CHUNK:  # most drafts: one piece
        yield from _parse(md, src[0:len(src)])
        return
    first = size = at = first_at = 0  # at: offset of line i; first_at: of the chunk's first line
    want = MD_CHUNK
    end_marker = None  # what closes the open fence or HTML block
    prev_blank = False
    for i, line in enumerate(_lines(src)):
        if end_marker is None and size >= want and line[:1] not in ("", " ", "\t") and (
                prev_blank or _BULLET_ITEM.match(line)):
            tokens = _parse(md, src[first_at:at])
            if any(t.type in _RUNS_ON and t.map and t.map[1] >= i - first for t in tokens):
                want *= 2
            else:
                yield from _shifted(tokens, first, first_at)
                first, first_at, size, want = i, at, 0, MD_CHUNK
        size += len(line) + 1
        at += len(line) + 1
        prev_blank = not line.strip()
        end_marker = _block_state(line, end_marker)
    yield from _shifted(_parse(md, src[first_at:]), first, first_at)


class ParseSource:
    """The text markdown-it parses, made a slice at a time (a copy of a 50 MB file is 50 MB more):
    front matter blanked (same length, line ends kept) so that it is not parsed as Markdown, and
    each line end one character, as markdown-it would normalise them (CRLF as ' \\n', CR as
    '\\n'), so that offsets stay the text's."""

    __slots__ = ("text", "body")

    def __init__(self, text: str, body_start: int) -> None:
        self.text, self.body = text, body_start

    def __len__(self) -> int:
        return len(self.text)

    def find(self, sub: str, start: int) -> int:
        return self.text.find(sub, start)  # an LF is an LF in both

    def __getitem__(self, cut: slice) -> str:
        text = self.text
        lo, hi = cut.start or 0, len(text) if cut.stop is None else cut.stop
        part = text[lo:hi]
        if lo < self.body:
            part = _BLANK.sub(" ", text[lo:min(hi, self.body)]) + text[min(hi, self.body):hi]
        if "\r" in part:
            part = part.replace("\r\n", " \n")
            if part.endswith("\r") and text.startswith("\n", hi):
                part = part[:-1] + " "  # a CRLF cut between its two characters
            part = part.replace("\r", "\n")
        return part


_BLANK = re.compile(r"[^\r\n]")
_SLAB = 1 << 16  # characters of lines split at a time


def _lines(src):
    """The lines of `src` (split at LF) a slab at a time: a 50 MB file has a million lines, and a
    list of them all took more memory than the file."""
    pos, n = 0, len(src)
    while pos < n:
        cut = src.find("\n", pos + _SLAB)
        if cut < 0:
            yield from src[pos:].split("\n")
            return
        yield from src[pos:cut].split("\n")
        pos = cut + 1


def _block_state(line: str, end_marker):
    """After `line`: the marker that will close the open fence or HTML block, or None."""
    if end_marker == "blank":  # any other HTML block (or a line that may start one): ends at a blank line
        return None if not line.strip() else end_marker
    if isinstance(end_marker, tuple):  # inside a fence: (character, length)
        m = _FENCE.match(line)
        closes = m and m.group(1)[0] == end_marker[0] and len(m.group(1)) >= end_marker[1] and not m.group(2).strip()
        return None if closes else end_marker
    if end_marker is not None:
        return None if end_marker.search(line) else end_marker
    if line.lstrip(" ")[:1] not in ("`", "~", "<", "-", "*", "+", ">") and not line.lstrip(" ")[:1].isdigit():
        return None  # most lines open nothing
    line = line[_CONTAINERS.match(line).end():]
    m = _FENCE.match(line)
    if m and not (m.group(1)[0] == "`" and "`" in m.group(2)):
        return (m.group(1)[0], len(m.group(1)))
    for start, end in _HTML_BLOCK_END:
        found = start.match(line)
        if found:
            return None if end.search(line, found.end()) else end
    return "blank" if _HTML_START.match(line) else None


def _shifted(tokens, lines: int, chars: int):
    """Tokens of a chunk that starts `lines` lines and `chars` characters into the source."""
    for tok in tokens:
        if lines and tok.map:
            tok.map = [tok.map[0] + lines, tok.map[1] + lines]
        if chars and tok.meta:
            if "spans" in tok.meta:
                tok.meta["spans"] = [(s + chars, e + chars) for s, e in tok.meta["spans"]]
            if "span" in tok.meta:
                s, e = tok.meta["span"]
                tok.meta["span"] = (s + chars, e + chars)
        yield tok
