"""Exact source spans of Markdown block content, taken from markdown-it's block state.

markdown-it gives an inline token only its content (stripped, escapes in table cells undone)
and its lines. While a block rule runs, its state knows where each line's content starts and
ends (`bMarks + tShift`, `eMarks`, with list and quote markers already skipped): each content
rule is wrapped to record, in the token's meta, the source ranges its content came from.
"""
from __future__ import annotations

from markdown_it.common.utils import MD_TRIM_CHARS

from . import blockrules

_CONTENT_RULES = ("table", "heading", "lheading", "paragraph", "html_block")


def install(md, fast: bool = True) -> None:
    """Wrap markdown-it's content block rules so their tokens carry `spans` (or `span`) in meta,
    and read what markdown-it would skip past its nesting limit as paragraphs of copy. `fast`: the
    rules answer False at once where their first test would, and the block loop picks each line's
    rules by its first character (see `blockrules`); the tokens are the same without it."""
    ruler = md.block.ruler
    chain, terminators = [], []
    for rule in ruler.__rules__:
        fn = _recording(rule.fn, rule.name) if rule.name in _CONTENT_RULES else rule.fn
        guarded = _first_char_guard(fn, rule.name) if fast else fn
        if guarded is not rule.fn:
            ruler.at(rule.name, guarded, {"alt": list(rule.alt)})
        if rule.enabled:  # the dispatch tests the first character itself
            direct = fn if rule.name in _FIRST_CHARS else guarded
            chain.append((rule.name, direct))
            if "paragraph" in rule.alt:
                terminators.append((rule.name, direct))
    tokenize = md.block.tokenize
    if fast:
        chain = [(name, blockrules.paragraph_or_setext(fn, terminators, _FIRST_CHARS, _lines)
                  if name == "lheading" else fn) for name, fn in chain]
        tokenize = blockrules.tokenizer(chain, _FIRST_CHARS)
    md.block.tokenize = _nesting_guard(tokenize, md.options.maxNesting)


def _nesting_guard(tokenize, max_nesting: int):
    """markdown-it stops at `maxNesting` levels (lists in lists, quotes in quotes) and skips the
    rest of the container, which ran to the end of the page: ten nested list markers hid every
    claim after them. There, each run of non-blank lines the container holds becomes a paragraph
    (markers left in the copy), and the parse goes on after it."""

    def guarded(state, start_line: int, end_line: int) -> None:
        if state.level < max_nesting:
            tokenize(state, start_line, end_line)
            return
        line = start_line
        run: list[int] = []
        while line < end_line:
            if state.isEmpty(line):
                _paragraph(state, run)
                run = []
            elif state.sCount[line] < state.blkIndent:
                break  # the container ends here, as it would have without the limit
            else:
                run.append(line)
            line += 1
        _paragraph(state, run)
        state.line = line

    return guarded


def _paragraph(state, lines: list[int]) -> None:
    if not lines:
        return
    first, stop = lines[0], lines[-1] + 1
    spans = _lines(state, first, stop)
    state.push("paragraph_open", "p", 1).map = [first, stop]
    inline = state.push("inline", "", 0)
    inline.map = [first, stop]
    inline.content = "\n".join(state.src[s:e] for s, e in spans)
    inline.children = []
    inline.meta["spans"] = spans
    state.push("paragraph_close", "p", -1)


# The characters a line must start with for a block rule to take it (markdown-it's own first test
# in each rule: everything it does before that test only returns False). markdown-it tries every
# rule at every line, and every interrupting rule again at each line of a paragraph: most copy
# lines start with a letter, so one look at the first character spares the call.
_FIRST_CHARS = {
    "fence": frozenset("`~"),
    "blockquote": frozenset(">"),
    "hr": frozenset("*-_"),
    "list": frozenset("*-+0123456789"),
    "reference": frozenset("["),
    "html_block": frozenset("<"),
    "heading": frozenset("#"),
}
_DELIMITER_ROW = frozenset("|-:")  # a table's second line starts with one of them
_DELIMITER_ROW_ON = frozenset("|-: \t")  # and goes on with one of these ('-' not followed by a space)


def _first_char_guard(fn, name: str):
    """`fn`, answering False at once where its first tests would (the line's first character; a
    table's delimiter row's first two; a code block's indent); anything else runs `fn`."""
    allowed = _FIRST_CHARS.get(name)
    if allowed is not None:
        def guarded(state, start_line: int, end_line: int, silent: bool) -> bool:
            pos = state.bMarks[start_line] + state.tShift[start_line]
            if pos < len(state.src) and state.src[pos] not in allowed:
                return False
            return fn(state, start_line, end_line, silent)
        return guarded
    if name == "table":
        def table(state, start_line: int, end_line: int, silent: bool) -> bool:
            nxt = start_line + 1
            if nxt < end_line:  # else markdown-it's table returns False on its own
                pos, end, src = state.bMarks[nxt] + state.tShift[nxt], state.eMarks[nxt], state.src
                if pos + 1 >= end or src[pos] not in _DELIMITER_ROW or (
                        src[pos + 1] not in (_DELIMITER_ROW if src[pos] == "-" else _DELIMITER_ROW_ON)):
                    return False  # its tests of the row's first two characters ("- item" is a list)
            return fn(state, start_line, end_line, silent)
        return table
    if name == "code":  # its first test: indented four columns past the block's indent
        def code(state, start_line: int, end_line: int, silent: bool) -> bool:
            if state.sCount[start_line] - state.blkIndent < 4:
                return False
            return fn(state, start_line, end_line, silent)
        return code
    return fn


def _recording(fn, name: str):
    def rule(state, start_line: int, end_line: int, silent: bool) -> bool:
        before = len(state.tokens)
        ok = fn(state, start_line, end_line, silent)
        if ok and not silent:
            _record(state, state.tokens[before:], name)
        return ok

    return rule


def _record(state, tokens, name: str) -> None:
    if name == "html_block":
        for tok in tokens:
            if tok.type == "html_block" and tok.map:
                first, last = tok.map[0], tok.map[1] - 1
                tok.meta["span"] = (state.bMarks[first] + state.tShift[first], state.eMarks[last])
        return
    inline = [tok for tok in tokens if tok.type == "inline" and tok.map]
    if name == "table":
        _table(state, inline)
    elif name == "heading":
        for tok in inline:
            tok.meta["spans"] = [_heading(state, tok.map[0], tok.content)]
    else:  # paragraph, setext heading (its inline token's lines leave out the underline)
        for tok in inline:
            tok.meta["spans"] = _lines(state, tok.map[0], tok.map[1])


def _content(state, line: int) -> tuple[int, int]:
    return state.bMarks[line] + state.tShift[line], state.eMarks[line]


def _lines(state, first: int, stop: int) -> list[tuple[int, int]]:
    """Each line's content; the last one without trailing white space (as str.strip() leaves it)."""
    spans = [_content(state, line) for line in range(first, stop)]
    if spans:
        s, e = spans[-1]
        src = state.src
        while e > s and src[e - 1].isspace():
            e -= 1
        spans[-1] = (s, e)
    return spans


def _heading(state, line: int, content: str) -> tuple[int, int]:
    return heading_span(state.src, *_content(state, line), content)


def heading_span(src: str, pos: int, end: int, content: str) -> tuple[int, int]:
    """An ATX heading's content in its line src[pos:end]: after the '#' run and the spaces that follow it."""
    while pos < end and src[pos] == "#":
        pos += 1
    # markdown-it skips spaces and tabs only; a heading may start with other white space ('\x1c')
    while pos < end and src[pos].isspace() and not src.startswith(content, pos):
        pos += 1
    return pos, pos + len(content)


def _table(state, inline) -> None:
    """Each cell's range: the row split at unescaped pipes, as markdown-it splits it, then trimmed."""
    rows: dict[int, list[tuple[int, int]]] = {}
    taken: dict[int, int] = {}
    for tok in inline:
        line = tok.map[0]
        if line not in rows:
            rows[line] = _cells(state, line)
        k = taken.get(line, 0)
        taken[line] = k + 1
        cells = rows[line]
        if k < len(cells) and tok.content:
            tok.meta["spans"] = [cells[k]]
        else:  # a cell the row does not have (markdown-it fills the row up): no copy
            tok.meta["spans"] = []


def _cells(state, line: int) -> list[tuple[int, int]]:
    return row_cells(state.src, *_content(state, line))


def row_cells(src: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The cells of the table row src[lo:hi], split at unescaped pipes and trimmed."""
    lo, hi = _trim(src, lo, hi)
    cells, start = [], lo
    pos = src.find("|", lo, hi)
    while pos >= 0:  # a pipe right after a backslash is escaped (markdown-it looks no further back)
        if pos == lo or src[pos - 1] != "\\":
            cells.append((start, pos))
            start = pos + 1
        pos = src.find("|", pos + 1, hi)
    cells.append((start, hi))
    if cells and cells[0][0] == cells[0][1]:
        cells.pop(0)
    if cells and cells[-1][0] == cells[-1][1]:
        cells.pop()
    return [_trim(src, s, e) for s, e in cells]


def _trim(src: str, s: int, e: int) -> tuple[int, int]:
    while s < e and src[s] in MD_TRIM_CHARS:
        s += 1
    while e > s and src[e - 1] in MD_TRIM_CHARS:
        e -= 1
    return s, e
