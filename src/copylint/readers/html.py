"""HTML reader: text nodes, alt/title attributes and meta descriptions; no script, style or code.

Comments are not copy; the ones addressed to copylint are reported to the suppress stage (not
those inside code or other skipped elements, which are shown to readers as examples).
"""
from __future__ import annotations

from array import array
from html.parser import HTMLParser

import regex

from .. import programs
from ..positions import TextBuilder
from . import Reading, entity_text, finish

_BLOCK_TAGS = frozenset(
    "address article aside blockquote body dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 head header hr html li main nav ol p pre section summary table "
    "tbody td tfoot th thead title tr ul option label button caption legend".split()
)
# Not copy: what they hold is code, a program, a picture or a form value. <noscript> is copy (what
# readers without scripts, and crawlers, see). An inline <code> inside a word is part of the word.
_SKIP_TAGS = frozenset("script style template svg math code pre textarea del s strike".split())
# Hidden text is not what a reader sees: a hidden "not" must not cancel the claim beside it.
_HIDDEN_STYLE = programs.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.IGNORECASE)
_FOREIGN = frozenset({"svg", "math"})
_UNCLOSED_SHOWN = frozenset({"pre", "code", "textarea"})  # left open to the end, what follows is shown
# HTML5 ("the rules for parsing tokens in foreign content"): these start tags end an <svg> or
# <math> that is still open, and are themselves HTML.
_BREAKOUT = frozenset(
    "b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i img li "
    "listing menu meta nobr ol p pre ruby s small span strong strike sub sup table tt u ul var".split()
)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_WORD = programs.compile(r"\w")
_ATTR = programs.compile(r"""([^\s"'<>/=]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
_ENTITY = programs.compile(r"&(?:#\d{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
_UNFINISHED = programs.compile(r"<[A-Za-z!/?]")
_META_NAMES = frozenset({"description", "og:description", "twitter:description", "og:title", "twitter:title"})
_SCOPE_OF = {"h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading",
             "h6": "heading", "li": "list", "blockquote": "quote", "title": "meta", "td": "table", "th": "table"}


def copy_with_entities(b: TextBuilder, start: int, end: int) -> None:
    """Copy source[start:end] into b, decoding character references."""
    src = b.source
    pos = start
    for m in _ENTITY.finditer(src, start, end):
        decoded = entity_text(m.group())
        if decoded is None:
            continue
        b.copy(pos, m.start())
        b.synth(decoded, m.start(), m.end())
        pos = m.end()
    b.copy(pos, end)


class _HtmlExtractor(HTMLParser):
    def __init__(self, text: str, line_starts: list[int], reading: Reading, skip_tags: frozenset = _SKIP_TAGS):
        super().__init__(convert_charrefs=False)
        self.skip_tags = skip_tags
        self.src = text
        self.line_starts = line_starts
        self.reading = reading
        self.blocks = reading.blocks
        self.builder = TextBuilder(text)
        self.scope = "body"
        self.skip_depth = 0  # > 0 while inside an element that is not copy
        self.skip_tag: str | None = None
        self.skip_base = 0  # how many elements were open when it started (its ancestors)
        self.skip_start = 0  # where its content starts
        self.open: list[str] = []  # the open elements, as far as end tags tell
        self.skip_hidden = False  # the skipped element is hidden (not merely code or a picture)
        self.svg_text = 0  # inside an <svg>'s <text>: 1 + its place in `open` (browsers draw it)

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def flush(self) -> None:
        block = finish(self.builder, self.scope)
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
            copy_with_entities(b, *values[key])
            block = finish(b, "alt" if key != "content" else "meta")
            if block:
                self.blocks.append(block)

    def handle_starttag(self, tag, attrs):
        start = self._offset()
        if self.skip_depth:
            if self.skip_tag in _FOREIGN and tag in _BREAKOUT:
                self._end_skip()  # <svg><p>...: the <p> and what follows are HTML again
            else:
                self._push(tag)
                if tag == self.skip_tag:
                    self.skip_depth += 1
                elif tag == "text" and self.skip_tag == "svg" and not (self.svg_text or self.skip_hidden
                                                                       or _hidden(attrs)):
                    self.flush()  # a label drawn in a picture is copy of its own
                    self.svg_text = len(self.open)
                return
        if _hidden(attrs):
            if tag not in _VOID:
                self._push(tag)
                self.skip_tag, self.skip_depth, self.skip_base = tag, 1, len(self.open) - 1
                self.skip_start, self.skip_hidden = start, True
            return
        if tag == "br":
            self._line_break(start)
            return
        if tag in self.skip_tags:
            self._push(tag)
            self.skip_tag, self.skip_depth, self.skip_base = tag, 1, len(self.open) - 1
            self.skip_start = start + len(self.get_starttag_text() or "")
            return
        self._push(tag)
        if tag in _BLOCK_TAGS:
            self.flush()
            self.scope = _SCOPE_OF.get(tag, "body")
        self._attributes(tag, start)

    def handle_startendtag(self, tag, attrs):
        if self.skip_depth or _hidden(attrs):
            return
        if tag == "br":
            self._line_break(self._offset())
            return
        if tag in _BLOCK_TAGS:
            self.flush()
        self._attributes(tag, self._offset())

    def handle_endtag(self, tag):
        closes = self._pop(tag)
        if self.svg_text and closes is not None and closes < self.svg_text:
            self.flush()  # the <text> (or what holds it) ended
            self.svg_text = 0
        if self.skip_depth:
            if closes is not None and closes < self.skip_base:
                self._end_skip()  # an ancestor ended: so did the element (HTML5's tree, not the tag soup)
            elif tag == self.skip_tag:
                self.skip_depth -= 1
                if self.skip_depth:
                    return
                self._end_skip(self._offset())
                return
            else:
                return
        if tag in _BLOCK_TAGS:
            self.flush()
            self.scope = "body"

    def _line_break(self, start: int) -> None:
        """<br> inside copy: a space, or nothing after a hyphen (FDA-<br>approved is one word)."""
        end = start + len(self.get_starttag_text() or "<br>")
        if self.builder.tail_char() != "-":
            self.builder.synth(" ", start, end)

    def _push(self, tag: str) -> None:
        if tag not in _VOID:
            self.open.append(tag)

    def _pop(self, tag: str) -> int | None:
        """Close the innermost open `tag` and what is open inside it; its depth, or None if none is open."""
        for i in range(len(self.open) - 1, max(-1, len(self.open) - 200), -1):
            if self.open[i] == tag:
                del self.open[i:]
                return i
        return None

    def _end_skip(self, end: int | None = None) -> None:
        """Leave the skipped element; an inline <code> inside a word (F<code>D</code>A) was copy."""
        tag, start = self.skip_tag, self.skip_start
        self.skip_depth, self.skip_tag, self.skip_hidden = 0, None, False
        if self.svg_text:
            self.flush()
            self.svg_text = 0
        del self.open[self.skip_base:]
        if tag == "code" and end is not None and end > start and self._inside_word(start, end):
            copy_with_entities(self.builder, start, end)

    def _inside_word(self, start: int, end: int) -> bool:
        before = self.builder.tail_char()
        close = self.src.find(">", end)
        after = self.src[close + 1:close + 2] if close >= 0 else ""
        return "<" not in self.src[start:end] and bool(
            before and _WORD.match(before) or after and _WORD.match(after))

    def handle_comment(self, data):
        if self.skip_depth or "copylint" not in data:
            return
        start = self._offset()
        body_end = start + 4 + len(data)
        close = self.src.find(">", body_end)
        self.reading.comment(start, close + 1 if close >= 0 else body_end, data)

    def close(self):
        if _UNFINISHED.match(self.rawdata):
            # An unclosed comment or tag hides the rest of the page in a browser; html.parser
            # would hand it back as text, markup and all.
            self.rawdata = ""
        super().close()

    def handle_data(self, data):
        if not self.skip_depth or self.svg_text:
            start = self._offset()
            self.builder.copy(start, start + len(data))

    def _ref(self, raw_prefix: str, name: str) -> None:
        if self.skip_depth and not self.svg_text:
            return
        start = self._offset()
        end = start + len(raw_prefix) + len(name)
        if self.src.startswith(";", end):
            end += 1
        decoded = entity_text(self.src[start:end])
        if decoded is None:
            self.builder.copy(start, end)
        else:
            self.builder.synth(decoded, start, end)

    def handle_entityref(self, name):
        self._ref("&", name)

    def handle_charref(self, name):
        self._ref("&#", name)


def _hidden(attrs) -> bool:
    """Does the element carry `hidden`, or a style that hides it?"""
    for name, value in attrs:
        if name == "hidden" or (name == "style" and value and _HIDDEN_STYLE.search(value)):
            return True
    return False


def _line_starts_lf(text: str, start: int, end: int) -> array:
    """Where html.parser's lines start (it counts only LF), as offsets in the whole text."""
    starts = array("q", [start])
    pos = text.find("\n", start, end)
    while pos != -1:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1, end)
    return starts


HTML_CHUNK = 65_536  # characters fed to the parser at a time, so that a big page's blocks stream out
# "&#" that is no character reference: html.parser then stops reading and leaves the rest of
# what it was given for later, so a page holding one is fed whole to read as it always did.
_BAIL = programs.compile(r"&#(?![0-9]+[^0-9a-fA-F]|[xX][0-9a-fA-F]+[^0-9a-fA-F])")


def read_html(text: str, start: int = 0, end: int | None = None, reading: Reading | None = None) -> Reading:
    """Copy and copylint comments of text[start:end] as HTML (offsets stay those of `text`)."""
    reading = reading if reading is not None else Reading()
    for _ in html_steps(text, reading, start, end, whole=True):
        pass
    return reading


def html_steps(text: str, reading: Reading, start: int = 0, end: int | None = None, whole: bool = False):
    """Read text[start:end] as HTML into `reading`, yielding after each chunk fed to the parser."""
    end = len(text) if end is None else end
    rest = yield from _html_pass(text, reading, start, end, whole, _SKIP_TAGS)
    if rest is not None:  # all that follows sits inside the unclosed element, and a browser shows it
        yield from _html_pass(text, reading, rest, end, whole, _SKIP_TAGS - _UNCLOSED_SHOWN)


def _html_pass(text: str, reading: Reading, start: int, end: int, whole: bool, skip_tags: frozenset):
    """One reading of text[start:end]; where an element that is not copy (<pre>, <code>,
    <textarea>) never closes, the offset after its start tag, else None."""
    parser = _HtmlExtractor(text, _line_starts_lf(text, start, end), reading, skip_tags)
    chunk = HTML_CHUNK
    if whole or end - start <= chunk or _BAIL.search(text, start, end):
        chunk = end - start or 1
    try:
        at = start
        while at < end:
            parser.feed(text[at:min(at + chunk, end)])
            at += chunk
            if len(parser.rawdata) > chunk // 2:
                # An unclosed comment, tag or script: html.parser reads what it holds again with
                # every feed, so the feeds grow (twice as much each time: the work stays linear).
                chunk *= 2
            yield
        parser.close()
    except Exception:  # html.parser is lenient; anything it still rejects is left unlinted
        pass
    parser.flush()
    if parser.skip_depth and parser.skip_tag in _UNCLOSED_SHOWN & skip_tags and not parser.skip_hidden \
            and start < parser.skip_start < end:
        return parser.skip_start
    return None
