"""Markdown reader: headings, paragraphs, lists, quotes, tables, alt text and front matter.

Block structure comes from markdown-it; where each block's content sits in the source is taken
from markdown-it's block state as the block is parsed (see `spans`), never searched for again.
The inline syntax is read here, over those exact source ranges.
"""
from __future__ import annotations

import re
from bisect import bisect_left

import regex

from ..lazyregex import lazy
from ..positions import OffsetMap, TextBuilder
from . import FRONT_MATTER_KEYS, Block, Reading, entity_text, finish
from .chunking import ParseSource, md_tokens
from .frontmatter import read_front_matter

_NEWLINE_CHAR = re.compile(r"[\r\n]")
_INLINE_START = re.compile(r"[`<\[\]\\&*~_{]|://")  # every _INLINE construct needs one of these
_INLINE_CHAR = re.compile(r"[`<\[\]\\&*~_{:]")  # and so one of these (a class alone: scanned in C)
# A code span opens only at the start of a backtick run (CommonMark): trying every backtick
# inside a long unmatched run made a line of 5,000 backticks take seconds. Its closer, the next
# run of the same length, is looked up in an index of the paragraph's runs (see _code_end):
# searching forward for it from every opener cost ~n^1.5 on runs of many different lengths.
# A link target's repetition is possessive (it never gives back what the tail could use): the
# regex module backtracked through "](" + "(a)" * n in quadratic time. A title in parentheses
# holds none (CommonMark), so an unclosed one stops at the next "(" instead of the paragraph's end.
_BACKTICKS = re.compile(r"`+")
_INLINE = lazy(
    r"""(?P<code>(?:(?<![\\`])|(?<=\\`))`+)
    |(?P<comment><!--(?P<body>.*?)(?:-->|$))
    |(?P<mdx>\{/\*(?P<mdxbody>.*?)\*/\})
    |(?P<autolink><(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[^@\s<>]+@[^@\s<>]+)>)
    |(?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)
    |(?P<linkend>\]\((?:[^()\s]|\([^()\s]*\))*+(?:\s+(?P<title>"[^"]*"|'[^']*'|\([^()]*\)))?\s*\))
    |(?P<refend>\]\[[^\]]*\])
    |(?P<bracket>!?\[|\])
    |(?P<url>\b(?:https?|ftp)://[^\s<>]*[^\s<>.,;:!?'")\]])
    |(?P<escape>\\[!-/:-@\[-`{-~])
    |(?P<entity>&(?:\#\d{1,7}|\#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)
    |(?P<emph>\*+|~~|(?<![^\W_])_+|_+(?![^\W_]))
    """,
    regex.VERBOSE | regex.DOTALL,
)


def _inline(b: TextBuilder, segments: list[tuple[int, int]], reading: Reading, shift: bool = True) -> list[Block]:
    """Inline Markdown over the given source ranges (one per source line), joined by soft breaks;
    returns the blocks of the link and image titles it holds (tooltips are copy too).

    Struck-out text (`~~not~~`) was retracted, so it is not copy; a code span inside a word
    (F`D`A) is part of the word, so it is.

    HTML comments and MDX comments (`{/* ... */}`) are dropped; those addressed to copylint are
    reported. Code spans are dropped whole, so a directive shown inside one is not a directive.
    `shift`: lines joined by bare line breaks are read in place (the same result, see _Shift)."""
    src = b.source
    # one search over all the lines first (what lies between them is rarely syntax): none there, none in them
    if not segments or _INLINE_CHAR.search(src, segments[0][0], segments[-1][1]) is None or not any(
            _INLINE_START.search(src, s, e) for s, e in segments):
        _plain_lines(b, segments)  # most paragraphs: no inline syntax at all
        return []
    # Work on the joined content so constructs spanning a line wrap are seen whole.
    first, last = segments[0][0], segments[-1][1]
    if shift and all(s == e + 1 and src[e] == "\n" for (_, e), (s, _) in zip(segments, segments[1:], strict=False)):
        # lines joined by a bare line break (no indent, no quote marker): the joined content is
        # the source itself, mapped by one shift (the same pieces, copied the same way)
        text, cmap = src[first:last], _Shift(first, last - first)
    else:
        content = TextBuilder(src)
        for i, (s, e) in enumerate(segments):
            if i:
                content.synth("\n", segments[i - 1][1], s)
            content.copy(s, e)
        text, cmap = content.text(), content.map
    pos = at = 0
    runs: dict[int, list[int]] | None = None
    titles: list[Block] = []
    struck = True  # False once no "~~" closes a strikethrough any more (each search is then skipped)
    unclosed: set[str] = set()  # hidden elements with no closing tag left (searched for once)
    while (m := _INLINE.search(text, at)) is not None:
        kind = m.lastgroup
        at = m.end()
        if kind == "code":
            if runs is None:
                runs = _backtick_runs(text)
            end = _code_end(runs, m.end(), m.end() - m.start())
            if end is None:
                continue  # no closing run of the same length: the backticks are text
            _copy_mapped(b, cmap, pos, m.start())
            if _inside_word(text, m.start(), end, m.end() - m.start()):
                _copy_mapped(b, cmap, m.end(), end - (m.end() - m.start()))
            pos = at = end  # the code span is dropped
            continue
        _copy_mapped(b, cmap, pos, m.start())
        pos = m.end()
        if kind == "escape":
            b.synth(m.group()[1], cmap.start(m.start()), cmap.end(m.end()))
        elif kind == "entity":
            decoded = entity_text(m.group())
            b.synth(decoded if decoded is not None else m.group(), cmap.start(m.start()), cmap.end(m.end()))
        elif kind in ("comment", "mdx"):
            body = m.group("body" if kind == "comment" else "mdxbody")
            if "copylint" in body:
                reading.comment(cmap.start(m.start()), cmap.end(m.end()), body)
        elif kind == "url":
            b.synth(" ", cmap.start(m.start()), cmap.end(m.end()))
        elif kind == "linkend" and m.group("title"):
            title = TextBuilder(src)
            _copy_mapped(title, cmap, m.start("title") + 1, m.end("title") - 1)
            block = finish(title, "alt")
            if block:
                titles.append(block)
        elif kind == "tag" and _HIDDEN_TAG.match(m.group()):
            close = _closing_tag(text, m, unclosed)
            if close is not None:
                pos = at = close  # <span hidden>not</span>: hidden text is not what readers see
        elif kind == "tag" and _COPY_ATTRIBUTE.search(m.group()):
            from .html import read_html

            tag = Reading()  # <img alt="..."> inside a paragraph: its alt text, as an HTML page's
            read_html(src, cmap.start(m.start()), cmap.end(m.end()), reading=tag)
            titles.extend(tag.blocks)
        elif kind == "emph" and struck and m.group() == "~~" and not text[m.end():m.end() + 1].isspace():
            close = text.find("~~", m.end())
            struck = close >= 0
            if struck:
                pos = at = close + 2
        # everything else (code, comments, tags, link targets, brackets, emphasis) is dropped
    _copy_mapped(b, cmap, pos, len(text))
    return titles


# Hidden elements, struck-out text (<del>, <s>, <strike>) as in ~~this~~, and elements that hold
# a program or a form value, never copy (<script>, <style>, <template>, <textarea>).
_HIDDEN_TAG = lazy(
    r"<(?:(del|s|strike|script|style|template|textarea)(?=[\s/>])|([A-Za-z][A-Za-z0-9-]*)\b[^<>]*?(?:\shidden(?=[\s/>=])|"
    r"style\s*=\s*[\"']?[^\"'>]*?(?:display\s*:\s*none|visibility\s*:\s*hidden)))", regex.IGNORECASE)


_COPY_ATTRIBUTE = lazy(r"\s(?:alt|title|aria-label|placeholder)\s*=", regex.IGNORECASE)


def _closing_tag(text: str, m, unclosed: set[str]) -> int | None:
    """Where the element an inline opening tag starts ends (after its closing tag), if it is closed."""
    hidden = _HIDDEN_TAG.match(m.group())
    name = (hidden.group(1) or hidden.group(2)).lower()
    if name in unclosed:
        return None
    close = regex.compile(rf"</{regex.escape(name)}\s*>", regex.IGNORECASE).search(text, m.end())
    if close is None:
        unclosed.add(name)
    return close.end() if close else None


def _inside_word(text: str, start: int, end: int, fence: int) -> bool:
    """Is the code span text[start:end] glued to a word on either side, with no space inside?"""
    inner = text[start + fence:end - fence]
    return bool(inner) and not any(c.isspace() for c in inner) and (
        (start > 0 and (text[start - 1].isalnum() or text[start - 1] == "-"))
        or (end < len(text) and (text[end].isalnum() or text[end] == "-")))


def _backtick_runs(text: str) -> dict[int, list[int]]:
    """Where each maximal run of backticks starts, by run length (starts in order)."""
    runs: dict[int, list[int]] = {}
    for m in _BACKTICKS.finditer(text):
        runs.setdefault(m.end() - m.start(), []).append(m.start())
    return runs


def _code_end(runs: dict[int, list[int]], after: int, length: int) -> int | None:
    """End of the first run of exactly `length` backticks starting at or after `after`, if any."""
    starts = runs.get(length, ())
    i = bisect_left(starts, after)
    return starts[i] + length if i < len(starts) else None


def _plain_lines(b: TextBuilder, segments: list[tuple[int, int]]) -> None:
    """What _inline makes of lines without inline syntax: the lines, each line break a space."""
    src = b.source
    prev_end = None
    for s, e in segments:
        if prev_end is not None:
            if src[prev_end] in "\r\n":
                b.synth(" ", prev_end, s)
            else:  # trailing spaces before the line break: the first one stands for it
                b.copy(prev_end, prev_end + 1)
        b.copy(s, e)
        prev_end = e


class _Shift:
    """The OffsetMap of content that is src[by:by + length] itself (one copy piece), answering
    as that map does without its arrays."""

    __slots__ = ("by", "length")

    def __init__(self, by: int, length: int) -> None:
        self.by, self.length = by, length

    def start(self, pos: int) -> int:
        return self.by + min(pos, self.length)

    def end(self, pos: int) -> int:
        return self.by + max(pos, 0)


def _copy_mapped(b: TextBuilder, cmap: OffsetMap | _Shift, start: int, end: int) -> None:
    """Copy content[start:end] into b, where content maps to the source through cmap.

    A line ending in the source becomes a space standing for it (a soft wrap). Works piece by
    piece, not character by character: this runs over every character of every paragraph.
    """
    if type(cmap) is _Shift:  # its one copy piece, clipped to [start, end)
        lo, hi = max(start, 0), min(end, cmap.length)
        if lo < hi:
            _copy_source(b, cmap.by + lo, cmap.by + hi)
        return
    src = b.source
    for lo, hi, s, n, copy in cmap.pieces(start, end):
        if copy:
            _copy_source(b, s, s + (hi - lo))
            continue
        for _ in range(hi - lo):  # a synthetic piece: each of its characters stands for src[s:s + n]
            if src[s] in "\r\n":
                b.synth(" ", s, s + n)
            else:
                b.copy(s, s + 1)


def _copy_source(b: TextBuilder, pos: int, stop: int) -> None:
    """Copy src[pos:stop] into b, each line ending a space standing for it."""
    src = b.source
    for m in _NEWLINE_CHAR.finditer(src, pos, stop):
        b.copy(pos, m.start())
        b.synth(" ", m.start(), m.end())
        pos = m.end()
    b.copy(pos, stop)


def read_markdown(text: str, front_matter_keys: tuple[str, ...] = FRONT_MATTER_KEYS) -> Reading:
    """Blocks of copy and copylint comments of a Markdown (or MDX) draft."""
    reading = Reading()
    for _ in markdown_steps(text, front_matter_keys, reading):
        pass
    return reading


_OPENS = {"heading_open": "heading", "bullet_list_open": "list", "ordered_list_open": "list",
          "blockquote_open": "quote", "table_open": "table"}  # a block token -> the scope it opens
_CLOSES = frozenset({"heading_close", "bullet_list_close", "ordered_list_close", "blockquote_close", "table_close"})
_PASSED = frozenset({"paragraph_open", "paragraph_close", "list_item_open", "list_item_close"})


def markdown_steps(text: str, front_matter_keys: tuple[str, ...], reading: Reading):
    """Read a Markdown draft into `reading`, yielding after each block of source (see `iter_blocks`)."""
    body_start = read_front_matter(text, tuple(k.lower() for k in front_matter_keys), reading)
    yield
    # Blank out front matter (same length, newlines kept) so token positions stay true; line ends
    # become one character each, as markdown-it would normalise them, so offsets are the text's.
    parse_src = ParseSource(text, body_start) if body_start or "\r" in text else text
    scope_stack = ["body"]
    has_cr = "\r" in text  # without one, no span ends in a line end (see _trimmed)
    for tok in md_tokens(parse_src):
        kind = tok.type
        if kind in _PASSED:  # paragraph and list item bounds, rules, fences: nothing to read
            continue
        opened = _OPENS.get(kind)
        if opened is not None:
            scope_stack.append(opened)
        elif kind in _CLOSES:
            if len(scope_stack) > 1:
                scope_stack.pop()
        elif kind == "html_block" and "span" in tok.meta:
            from .html import read_html  # html.parser only for drafts that hold HTML blocks

            read_html(text, *tok.meta["span"], reading=reading)
            yield
        elif kind == "inline" and "spans" in tok.meta:
            b = TextBuilder(text)
            titles = _inline(b, _trimmed(text, tok.meta["spans"]) if has_cr else tok.meta["spans"], reading)
            block = finish(b, scope_stack[-1])
            if block:
                reading.blocks.append(block)
            reading.blocks.extend(titles)
            yield


def _trimmed(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans without the CR of a CRLF (the parser saw it as a trailing space)."""
    out = []
    for s, e in spans:
        while e > s and text[e - 1] in "\r\n":
            e -= 1
        out.append((s, e))
    return out
