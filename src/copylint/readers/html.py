"""HTML reader: text nodes, alt/title attributes and meta descriptions; no script, style or code.

Comments are not copy; the ones addressed to copylint are reported to the suppress stage (not
those inside code or other skipped elements, which are shown to readers as examples).
"""
from __future__ import annotations

from html.parser import HTMLParser

import regex

from ..positions import TextBuilder
from . import Reading, entity_text, finish

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
    def __init__(self, text: str, line_starts: list[int], reading: Reading):
        super().__init__(convert_charrefs=False)
        self.src = text
        self.line_starts = line_starts
        self.reading = reading
        self.blocks = reading.blocks
        self.builder = TextBuilder(text)
        self.scope = "body"
        self.skip_depth = 0
        self.skip_tag: str | None = None

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
        decoded = entity_text(self.src[start:end])
        if decoded is None:
            self.builder.copy(start, end)
        else:
            self.builder.synth(decoded, start, end)

    def handle_entityref(self, name):
        self._ref("&", name)

    def handle_charref(self, name):
        self._ref("&#", name)


def _line_starts_lf(text: str, start: int, end: int) -> list[int]:
    """Where html.parser's lines start (it counts only LF), as offsets in the whole text."""
    starts = [start]
    pos = text.find("\n", start, end)
    while pos != -1:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1, end)
    return starts


def read_html(text: str, start: int = 0, end: int | None = None, reading: Reading | None = None) -> Reading:
    """Copy and copylint comments of text[start:end] as HTML (offsets stay those of `text`)."""
    end = len(text) if end is None else end
    reading = reading if reading is not None else Reading()
    parser = _HtmlExtractor(text, _line_starts_lf(text, start, end), reading)
    try:
        parser.feed(text[start:end])
        parser.close()
    except Exception:  # html.parser is lenient; anything it still rejects is left unlinted
        pass
    parser.flush()
    return reading
