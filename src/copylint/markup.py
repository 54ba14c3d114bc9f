"""Markdown / HTML / plain text -> blocks of copy, each with an offset map into the original file.

Only human-facing copy is kept: code, URLs, tag markup and comments are dropped. Block text
is the copy itself, with one rule: a '\\n' in block text is a hard boundary (a new line of
copy that ends any sentence); soft line wraps appear as spaces.
"""
from __future__ import annotations

import html
import html.entities
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

import regex

from .positions import OffsetMap, TextBuilder

FRONT_MATTER_KEYS = ("title", "description", "summary", "excerpt", "subtitle", "caption")


@dataclass
class Block:
    """A run of copy: its text, where each character came from, and what part of the page it is."""

    text: str
    map: OffsetMap
    scope: str  # body | heading | list | quote | alt | meta | table


def _finish(builder: TextBuilder, scope: str, soft: bool = True) -> Block | None:
    text = builder.text()
    if soft:
        # Same-length substitution keeps the offset map valid.
        text = text.replace("\r", " ").replace("\n", " ")
    if not text.strip():
        return None
    return Block(text, builder.map, scope)


# ---------------------------------------------------------------- entities

def _entity_text(raw: str) -> str | None:
    decoded = html.unescape(raw)
    return None if decoded == raw else decoded


# ---------------------------------------------------------------- plain text

_BULLET = regex.compile(r"[ \t]*(?:[-*+\u2022\u25cf\u25aa]|\d{1,3}[.)])(?:\s|$)")
_LINE = regex.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_NON_SPACE = re.compile(r"\S")  # re's \s is str.isspace(), as strip() uses


def _hard_break(prev: str, nxt: str) -> bool:
    """In plain text, does a single line break end the line of copy (not a soft wrap)?"""
    p = prev.rstrip()
    if not p or not nxt.strip():
        return True
    if p[-1] in ".!?:;\"')]" or _BULLET.match(nxt) or _BULLET.fullmatch(p):
        return True
    # Wrapped prose fills the line; a short line without end punctuation is a heading or label.
    return len(p) < 50


_DIRECTIVE_LINE = regex.compile(r"\s*(?:#+|//)\s*copylint\s*:", regex.IGNORECASE)


def extract_text(text: str) -> list[Block]:
    """Plain text: paragraphs split at blank lines; line breaks inside them are soft or hard."""
    blocks: list[Block] = []
    pos = 0
    while True:
        found = _NON_SPACE.search(text, pos)  # blank lines between paragraphs: skipped in one search
        if found is None:
            return blocks
        first = max(text.rfind("\n", pos, found.start()), text.rfind("\r", pos, found.start())) + 1
        pos = _paragraph(text, max(first, pos), blocks)


def _paragraph(text: str, pos: int, blocks: list[Block]) -> int:
    """The lines from `pos` to the next blank line into blocks; returns where the next line starts."""
    b = TextBuilder(text)
    while pos < len(text):
        line = _LINE.match(text, pos)
        raw = line.group()
        body = raw.rstrip("\r\n")
        if not body.strip():
            pos = line.end()
            break
        if _DIRECTIVE_LINE.match(body):  # a copylint directive is not copy
            block = _finish(b, "body", soft=False)
            if block:
                blocks.append(block)
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
    block = _finish(b, "body", soft=False)
    if block:
        blocks.append(block)
    return pos


# ---------------------------------------------------------------- HTML

_BLOCK_TAGS = frozenset(
    "address article aside blockquote body br dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 head header hr html li main nav ol p pre section summary table "
    "tbody td tfoot th thead title tr ul option label button caption legend".split()
)
_SKIP_TAGS = frozenset("script style noscript template svg math code pre textarea".split())
_ATTR = regex.compile(r"""([^\s"'<>/=]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
_ENTITY = regex.compile(r"&(?:#\d{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
_UNFINISHED = regex.compile(r"<[A-Za-z!/?]")
_META_NAMES = frozenset({"description", "og:description", "twitter:description", "og:title", "twitter:title"})
_SCOPE_OF = {"h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading",
             "h6": "heading", "li": "list", "blockquote": "quote", "title": "meta", "td": "table", "th": "table"}


def _copy_with_entities(b: TextBuilder, start: int, end: int) -> None:
    """Copy source[start:end] into b, decoding character references."""
    src = b.source
    pos = start
    for m in _ENTITY.finditer(src, start, end):
        decoded = _entity_text(m.group())
        if decoded is None:
            continue
        b.copy(pos, m.start())
        b.synth(decoded, m.start(), m.end())
        pos = m.end()
    b.copy(pos, end)


class _HtmlExtractor(HTMLParser):
    def __init__(self, text: str, base: int, line_starts: list[int]):
        super().__init__(convert_charrefs=False)
        self.src = text
        self.base = base
        self.line_starts = line_starts
        self.blocks: list[Block] = []
        self.builder = TextBuilder(text)
        self.scope = "body"
        self.skip_depth = 0
        self.skip_tag: str | None = None

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def flush(self) -> None:
        block = _finish(self.builder, self.scope)
        if block:
            self.blocks.append(block)
        self.builder = TextBuilder(self.src)

    def _attributes(self, tag: str, start: int) -> None:
        raw = self.get_starttag_text() or ""
        values = {}
        for m in _ATTR.finditer(raw):
            group = next(g for g in (2, 3, 4) if m.group(g) is not None)
            values[m.group(1).lower()] = (start + m.start(group), start + m.end(group))
        wanted = [k for k in ("alt", "title", "aria-label", "placeholder") if k in values]
        if tag == "meta" and "content" in values:
            name = self.src[slice(*values["name"])].lower() if "name" in values else ""
            prop = self.src[slice(*values["property"])].lower() if "property" in values else ""
            if name in _META_NAMES or prop in _META_NAMES:
                wanted.append("content")
        for key in wanted:
            b = TextBuilder(self.src)
            _copy_with_entities(b, *values[key])
            block = _finish(b, "alt" if key != "content" else "meta")
            if block:
                self.blocks.append(block)

    def handle_starttag(self, tag, attrs):
        start = self._offset()
        if self.skip_depth:
            if tag == self.skip_tag:
                self.skip_depth += 1
            return
        if tag in _SKIP_TAGS:
            self.skip_tag, self.skip_depth = tag, 1
            return
        if tag in _BLOCK_TAGS:
            self.flush()
            self.scope = _SCOPE_OF.get(tag, "body")
        self._attributes(tag, start)

    def handle_startendtag(self, tag, attrs):
        if self.skip_depth:
            return
        if tag in _BLOCK_TAGS:
            self.flush()
        self._attributes(tag, self._offset())

    def handle_endtag(self, tag):
        if self.skip_depth:
            if tag == self.skip_tag:
                self.skip_depth -= 1
            return
        if tag in _BLOCK_TAGS:
            self.flush()
            self.scope = "body"

    def close(self):
        if _UNFINISHED.match(self.rawdata):
            # An unclosed comment or tag hides the rest of the page in a browser; html.parser
            # would hand it back as text, markup and all.
            self.rawdata = ""
        super().close()

    def handle_data(self, data):
        if not self.skip_depth:
            start = self._offset()
            self.builder.copy(start, start + len(data))

    def _ref(self, raw_prefix: str, name: str) -> None:
        if self.skip_depth:
            return
        start = self._offset()
        end = start + len(raw_prefix) + len(name)
        if self.src.startswith(";", end):
            end += 1
        decoded = _entity_text(self.src[start:end])
        if decoded is None:
            self.builder.copy(start, end)
        else:
            self.builder.synth(decoded, start, end)

    def handle_entityref(self, name):
        self._ref("&", name)

    def handle_charref(self, name):
        self._ref("&#", name)


def _line_starts_lf(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def extract_html(text: str, start: int = 0, end: int | None = None) -> list[Block]:
    """HTML: text nodes, alt/title attributes and meta descriptions; no script, style or comments."""
    end = len(text) if end is None else end
    # Parse a slice but keep offsets in `text`: pad with newlines is not needed, we offset lines.
    chunk = text[start:end]
    parser = _HtmlExtractor(text, start, [start + s for s in _line_starts_lf(chunk)])
    try:
        parser.feed(chunk)
        parser.close()
    except Exception:  # html.parser is lenient; anything it still rejects is left unlinted
        pass
    parser.flush()
    return parser.blocks


# ---------------------------------------------------------------- Markdown

_NEWLINE_CHAR = re.compile(r"[\r\n]")
_LINE_END = re.compile(r"\r\n|\r|\n")
_INLINE_START = re.compile(r"[`<\[\]\\&*~_]|://")  # every _INLINE construct needs one of these
# A code span opens only at the start of a backtick run (CommonMark): trying every backtick
# inside a long unmatched run made a line of 5,000 backticks take seconds. Its closer, the next
# run of the same length, is looked up in an index of the paragraph's runs (see _code_end):
# searching forward for it from every opener cost ~n^1.5 on runs of many different lengths.
# A link target's repetition is possessive (it never gives back what the tail could use): the
# regex module backtracked through "](" + "(a)" * n in quadratic time. A title in parentheses
# holds none (CommonMark), so an unclosed one stops at the next "(" instead of the paragraph's end.
_BACKTICKS = re.compile(r"`+")
_INLINE = regex.compile(
    r"""(?P<code>(?:(?<![\\`])|(?<=\\`))`+)
    |(?P<comment><!--.*?(?:-->|$))
    |(?P<autolink><(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[^@\s<>]+@[^@\s<>]+)>)
    |(?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)
    |(?P<linkend>\]\((?:[^()\s]|\([^()\s]*\))*+(?:\s+(?:"[^"]*"|'[^']*'|\([^()]*\)))?\s*\))
    |(?P<refend>\]\[[^\]]*\])
    |(?P<bracket>!?\[|\])
    |(?P<url>\b(?:https?|ftp)://[^\s<>]*[^\s<>.,;:!?'")\]])
    |(?P<escape>\\[!-/:-@\[-`{-~])
    |(?P<entity>&(?:\#\d{1,7}|\#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)
    |(?P<emph>\*+|~~|(?<![^\W_])_+|_+(?![^\W_]))
    """,
    regex.VERBOSE | regex.DOTALL,
)


def _inline(b: TextBuilder, segments: list[tuple[int, int]]) -> None:
    """Inline Markdown over the given source ranges (one per source line), joined by soft breaks."""
    src = b.source
    if not any(_INLINE_START.search(src, s, e) for s, e in segments):
        _plain_lines(b, segments)  # most paragraphs: no inline syntax at all
        return
    # Work on the joined content so constructs spanning a line wrap are seen whole.
    content = TextBuilder(src)
    for i, (s, e) in enumerate(segments):
        if i:
            prev_end = segments[i - 1][1]
            content.synth("\n", prev_end, s)
        content.copy(s, e)
    text, cmap = content.text(), content.map
    pos = at = 0
    runs: dict[int, list[int]] | None = None
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
            pos = at = end  # the code span is dropped
            continue
        _copy_mapped(b, cmap, pos, m.start())
        pos = m.end()
        if kind == "escape":
            b.synth(m.group()[1], cmap.start(m.start()), cmap.end(m.end()))
        elif kind == "entity":
            decoded = _entity_text(m.group())
            b.synth(decoded if decoded is not None else m.group(), cmap.start(m.start()), cmap.end(m.end()))
        elif kind == "url":
            b.synth(" ", cmap.start(m.start()), cmap.end(m.end()))
        # everything else (code, comments, tags, link targets, brackets, emphasis) is dropped
    _copy_mapped(b, cmap, pos, len(text))


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


def _copy_mapped(b: TextBuilder, cmap: OffsetMap, start: int, end: int) -> None:
    """Copy content[start:end] into b, where content maps to the source through cmap.

    A line ending in the source becomes a space standing for it (a soft wrap). Works piece by
    piece, not character by character: this runs over every character of every paragraph.
    """
    src = b.source
    for lo, hi, s, n, copy in cmap.pieces(start, end):
        if copy:
            pos, stop = s, s + (hi - lo)
            for m in _NEWLINE_CHAR.finditer(src, pos, stop):
                b.copy(pos, m.start())
                b.synth(" ", m.start(), m.end())
                pos = m.end()
            b.copy(pos, stop)
            continue
        for _ in range(hi - lo):  # a synthetic piece: each of its characters stands for src[s:s + n]
            if src[s] in "\r\n":
                b.synth(" ", s, s + n)
            else:
                b.copy(s, s + 1)


# CRLF, lone CR and LF all end a line here too (old Mac files use lone CR).
_FRONT_MATTER = regex.compile(
    r"---[ \t]*(?:\r\n?|\n)(.*?)(?:\r\n?|\n|(?<=[\r\n]))(?:---|\.\.\.)[ \t]*(?:\r\n?|\n|$)", regex.DOTALL
)
_FRONT_MATTER_KEY = regex.compile(r"(?:^|(?<=[\r\n]))([A-Za-z_][\w-]*)[ \t]*:[ \t]*([^\r\n]*?)[ \t]*(?=[\r\n]|$)")


def _front_matter(text: str, keys: tuple[str, ...] = FRONT_MATTER_KEYS) -> tuple[int, list[Block]]:
    """YAML front matter at the top: lint the human-facing keys; returns where the body starts."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return 0, []
    blocks = []
    for line in _FRONT_MATTER_KEY.finditer(text, m.start(1), m.end(1)):
        if line.group(1).lower() not in keys or not line.group(2):
            continue
        s, e = line.span(2)
        if e - s >= 2 and text[s] in "\"'" and text[e - 1] == text[s]:
            s, e = s + 1, e - 1
        b = TextBuilder(text)
        b.copy(s, e)
        block = _finish(b, "meta")
        if block:
            blocks.append(block)
    return m.end(), blocks


@lru_cache(maxsize=1)
def _md_parser():
    from markdown_it import MarkdownIt  # imported lazily: only Markdown drafts need it

    # Only the block structure is used (inline tokens' content and line maps); _inline reads
    # the inline syntax itself, so markdown-it's inline stage would be wasted work.
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").disable("inline")


def _line_starts(text: str) -> list[int]:
    """Offsets where lines start; CRLF, lone CR and LF each end a line (as in the parsed source)."""
    return [0] + [m.end() for m in _LINE_END.finditer(text)]


def _line_content_spans(text: str, starts: list[int], first: int, last: int, content: str,
                        used: dict[int, int]) -> list[tuple[int, int]]:
    """Align an inline token's content lines with their source lines (container markers stripped).

    `used` maps a line to where the last piece found on it ended: the cells of a table row are
    inline tokens on one line, each searched for after the one before (so that two equal cells
    get their own positions, and a row of n cells costs its length, not n times it). markdown-it
    strips a paragraph's content with str.strip(), which also drops lines of no-break spaces at
    its start or end: a piece not on its line is looked for on the next ones while lines remain."""
    spans = []
    pieces = content.split("\n")
    ln = first
    for k, piece in enumerate(pieces):
        if ln >= last or ln + 1 >= len(starts):
            break
        at = _on_line(text, starts, ln, piece, used)
        while at is None and last - ln > len(pieces) - k and ln + 2 < len(starts):
            ln += 1
            at = _on_line(text, starts, ln, piece, used)
        if at is None:
            ls, le = _line_bounds(text, starts, ln)
            at = max(ls, le - len(piece))
        spans.append((at, at + len(piece)))
        if piece:  # an empty cell takes no room: the next cell is searched for from where this one was
            used[ln] = at + len(piece)
        ln += 1
    return spans


def _line_bounds(text: str, starts: list[int], ln: int) -> tuple[int, int]:
    ls, le = starts[ln], min(starts[ln + 1], len(text))
    while le > ls and text[le - 1] in "\r\n":
        le -= 1
    return ls, le


def _on_line(text: str, starts: list[int], ln: int, piece: str, used: dict[int, int]) -> int | None:
    """Where `piece` sits on line `ln` (after what was already found there), or None."""
    ls, le = _line_bounds(text, starts, ln)
    if not piece:
        return le
    lo = used.get(ln, ls)
    if text.endswith(piece, lo, le):
        return le - len(piece)
    at = text.find(piece, lo, le)
    if at < 0 and lo > ls:  # not after the previous piece: anywhere on the line
        at = text.find(piece, ls, le)
    return at if at >= 0 else None


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


def _md_tokens(src: str):
    """markdown-it's block tokens for `src`, parsed a chunk at a time, line maps made absolute.

    markdown-it holds every token of what it parses: whole, a 1 MB list of short items took
    660 MB. A chunk is cut only before an unindented line that follows a blank line, or that
    starts a bullet item, where a line tracker sees no fenced code or HTML block open: there
    every container (list item, quote, paragraph) has ended, so the pieces parse to the same
    blocks. The tracker is a guess; markdown-it has the last word: if the chunk's parse has a
    fence, HTML block, indented code or table running to its very end, the cut may split it, and
    the chunk grows (twice as much is tried next, so the work stays linear).
    """
    md = _md_parser()
    if len(src) <= MD_CHUNK:  # most drafts: one piece
        yield from md.parse(src)
        return
    lines = src.split("\n")
    first = size = 0
    want = MD_CHUNK
    end_marker = None  # what closes the open fence or HTML block
    for i, line in enumerate(lines):
        if end_marker is None and size >= want and line[:1] not in ("", " ", "\t") and (
                not lines[i - 1].strip() or _BULLET_ITEM.match(line)):
            tokens = md.parse("\n".join(lines[first:i]) + "\n")
            if any(t.type in _RUNS_ON and t.map and t.map[1] >= i - first for t in tokens):
                want *= 2
            else:
                yield from _shifted(tokens, first)
                first, size, want = i, 0, MD_CHUNK
        size += len(line) + 1
        end_marker = _block_state(line, end_marker)
    yield from _shifted(md.parse("\n".join(lines[first:])), first)


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


def _shifted(tokens, offset: int):
    for tok in tokens:
        if offset and tok.map:
            tok.map = [tok.map[0] + offset, tok.map[1] + offset]
        yield tok


def extract_markdown(text: str, front_matter_keys: tuple[str, ...] = FRONT_MATTER_KEYS) -> list[Block]:
    """Markdown: headings, paragraphs, lists, quotes, tables, alt text and front matter."""
    body_start, blocks = _front_matter(text, tuple(k.lower() for k in front_matter_keys))
    # Blank out front matter (same length, newlines kept) so token line numbers stay true.
    parse_src = regex.sub(r"[^\r\n]", " ", text[:body_start]) + text[body_start:]
    starts = _line_starts(text) + [len(text) + 1]
    scope_stack = ["body"]
    used: dict[int, int] = {}
    for tok in _md_tokens(parse_src.replace("\r\n", " \n").replace("\r", "\n")):
        if tok.type in ("heading_open",):
            scope_stack.append("heading")
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            scope_stack.append("list")
        elif tok.type == "blockquote_open":
            scope_stack.append("quote")
        elif tok.type in ("table_open",):
            scope_stack.append("table")
        elif tok.type in ("heading_close", "bullet_list_close", "ordered_list_close", "blockquote_close", "table_close"):
            if len(scope_stack) > 1:
                scope_stack.pop()
        elif tok.type == "html_block" and tok.map:
            s, e = starts[tok.map[0]], min(starts[tok.map[1]], len(text))
            blocks.extend(extract_html(text, s, e))
        elif tok.type == "inline" and tok.map:
            spans = _line_content_spans(text, starts, tok.map[0], tok.map[1], tok.content, used)
            b = TextBuilder(text)
            _inline(b, spans)
            block = _finish(b, scope_stack[-1])
            if block:
                blocks.append(block)
    return blocks


def extract(text: str, kind: str, front_matter_keys: tuple[str, ...] = FRONT_MATTER_KEYS) -> list[Block]:
    """Blocks of copy for a document of the given kind (markdown, html or text)."""
    if kind == "markdown":
        return extract_markdown(text, front_matter_keys)
    if kind == "html":
        return extract_html(text)
    return extract_text(text)
