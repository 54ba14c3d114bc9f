"""Quick paths of folding answer exactly as the general code they skip (derandomized properties)."""
from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from copylint.normalize import (
    _CONFUSABLE,
    _SPACING_HINT,
    _confusable_positions,
    _may_be_dotted,
    _may_respace,
    fold,
)
from copylint.positions import IdentityMap, TextBuilder

SPACES = st.sampled_from([" ", "  ", "\n", "\n\n", " \n", "\t", "\r\n", "\x0b", "\x0c", "\x1c", "\x1f", "\u00a0",
                          "\u2009", "-", ". ", ".", ""])
WORDS = st.sampled_from(["F", "D", "A", "FDA", "Dr", "safe", "U", "S", "approved", "I", "No", "x", "\u00e9t\u00e9"])


@st.composite
def _text(draw):
    parts = draw(st.lists(st.tuples(WORDS, SPACES), max_size=12))
    return "".join(w + s for w, s in parts)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(_text())
def test_the_spacing_hint_is_the_alternation(text):
    assert _may_respace(text) == bool(_SPACING_HINT.search(text))


DOTTED_PIECES = st.sampled_from(["F", "d", "a", "1", ".", ". ", "..", " ", "\u00e9", "\u0430", "-", "\n"])


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(DOTTED_PIECES, max_size=16).map("".join))
@example("U.S.")
@example("1.a.b.")
@example(".a.")
@example("\u00e9.a.")
def test_the_dotted_hint_is_the_letter_dot_pattern(text):
    """The scan for a dotted abbreviation's start (a literal dot first) finds what the pattern finds."""
    assert _may_be_dotted(text) == bool(re.search(r"[A-Za-z]\.[A-Za-z]\.", text))


LOOKALIKE_PIECES = st.sampled_from(["a", "FDA", "\u0430", "\u0410", "\u0435\u0445", "\u03bf", "\u0261", "\u1d00",
                                    "\u00e9", "\u2019", "\u2014", "\u201c", " ", "-", "1", "_", "\u0301"])


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(LOOKALIKE_PIECES, max_size=12).map("".join))
@example("\u0410pproved")
@example("\u0430\u0435")
def test_look_alikes_are_only_ever_non_ascii_confusable_letters(text):
    """Folding looks for look-alike words only where a non-ASCII character it visits is a
    confusable one: that skips nothing, because every look-alike position holds one."""
    found = _confusable_positions(text)
    assert all(not text[i].isascii() and text[i] in _CONFUSABLE for i in found)
    if not any(c in _CONFUSABLE for c in text):
        assert not found


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.integers(0, 40), st.integers(-3, 45), st.integers(-3, 45))
def test_an_identity_map_answers_as_a_one_piece_copy_map(length, pos, end):
    b = TextBuilder("x" * length)
    b.copy(0, length)
    built, same = b.map, IdentityMap(length)
    assert same.start(pos) == built.start(pos)
    assert same.end(pos) == built.end(pos)
    assert same.shape() == built.shape()
    assert [tuple(map(int, p)) for p in same.pieces(pos, end)] == [tuple(map(int, p)) for p in built.pieces(pos, end)]


def test_copy_that_folds_to_itself_gets_an_identity_map():
    text = "Our team answers every question. Book a visit today."
    folded, fmap = fold(text)
    assert folded == text and isinstance(fmap, IdentityMap)
    assert [fmap.start(i) for i in range(len(text) + 2)] == [min(i, len(text)) for i in range(len(text) + 2)]


# Front matter: libyaml's parser (C) reads plain text, PyYAML's own the rest; the nodes must agree.
YAML_PIECES = st.sampled_from([
    "title", "description", "seo", ": ", ":", "\n", "\r\n", "\r", "  ", "    ", "\t", "- ", "  - ", "'", '"', "\\",
    "|", ">", "|-", ">+", "[", "]", "{", "}", ", ", "#", " # note", "&a ", "*a", "!!str ", "!x ", "%YAML 1.1\n",
    "---", "...", "caf\u00e9", "\u2014", "\U0001F600", "\x85", "\u2028", "\ufeff", "\x00", "\x07", "\x7f", "? ",
    "yes", "1.5", "~", "null", "Book a visit", "x", "\u00a0", "@", "`", "<<: *a\n", "\\n", "\\u00e9"])


def _nodes(src: str, fast: bool):
    import yaml

    from copylint.readers.frontmatter import compose

    try:
        root = compose(src, fast)
    except yaml.YAMLError:
        return "error"
    out = []
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            out.append(("map", node.tag, node.start_mark.index))
            stack.extend(n for pair in reversed(node.value) for n in reversed(pair))
        elif isinstance(node, yaml.SequenceNode):
            out.append(("seq", node.tag, node.start_mark.index))
            stack.extend(reversed(node.value))
        else:
            out.append((node.tag, node.value, node.start_mark.index, node.end_mark.index, node.style or ""))
    return out


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(YAML_PIECES, max_size=25).map("".join))
def test_front_matter_nodes_are_the_same_from_either_yaml_parser(src):
    assert _nodes(src, fast=True) == _nodes(src, fast=False)


def test_plain_front_matter_gives_the_same_copy_from_either_yaml_parser(monkeypatch):
    import yaml

    from copylint import programs
    from copylint.readers import Reading, frontmatter

    page = ('---\ntitle: "Gentle care \u2014 for every skin"\nseo:\n  description: >\n    Calm, clear skin\n    '
            'in a few visits.\ntags: [a, b]\n---\nBody\n')
    loaders = []
    compose = yaml.compose
    monkeypatch.setattr(yaml, "compose", lambda src, Loader: loaders.append(Loader) or compose(src, Loader=Loader))
    fast, slow = Reading(), Reading()
    end = frontmatter.read_front_matter(page, ("title", "description"), fast)
    monkeypatch.setattr(frontmatter, "_NOT_PLAIN", programs.compile(r"[\s\S]"))  # every text: PyYAML's parser
    assert frontmatter.read_front_matter(page, ("title", "description"), slow) == end
    assert loaders == [getattr(yaml, "CSafeLoader", yaml.SafeLoader), yaml.SafeLoader]
    assert [b.text for b in fast.blocks] == ["Gentle care \u2014 for every skin", "Calm, clear skin in a few visits."]
    assert [(b.text, b.scope, b.map.start(0), b.map.end(len(b.text))) for b in fast.blocks] == \
           [(b.text, b.scope, b.map.start(0), b.map.end(len(b.text))) for b in slow.blocks]


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["a", "bc", " ", "\n", "\r", "\r\n", "\u00e9", "\U0001F600"]), max_size=40).map("".join),
       st.integers(0, 60), st.integers(0, 60))
def test_a_span_is_placed_as_both_its_ends_are(text, a, b):
    from copylint.positions import LineIndex

    start, end = sorted((min(a, len(text)), min(b, len(text))))
    for index in (LineIndex, type("SmallBlocks", (LineIndex,), {"BLOCK": 4})):  # ends in other blocks too
        lines = index(text)
        assert lines.span(start, end) == (*lines.line_col(start), *lines.line_col(end))


def _pages():
    from copylint.api import get_linter

    linter = get_linter()
    linter.warm()
    pages = [
        "# Exosome hair care\n\nOur exosome treatment regrows hair in weeks.\n\nBook a consultation today.\n",
        "# Exosome hair care\n\nOur exosome treatment regrows hair.\n\nIndividual results vary.\n\n"
        "Exosome products are not approved by the FDA to treat any condition.\n",
        "Stem cell therapy for knee pain. Results may vary. This page is not medical advice.\n",
    ]
    return linter, pages


def test_undisclosed_inlines_the_prefilter_gate_exactly():
    """Linter._undisclosed (the literal-set gate inlined) keeps the disclosures the plain
    may_match gate keeps, block by block."""
    from copylint.anchors import fast
    from copylint.positions import LineIndex
    from copylint.rulepack import timed_search

    linter, pages = _pages()
    seen = 0
    for page in pages:
        pending = linter._pending_disclosures("page.md")
        for unit in linter._units(page, "markdown", None, None):
            linter._block_findings(unit, page, "page.md", LineIndex(page), linter._doc(page, None, "marketing"))
            plain = [e for e in pending
                     if not any(timed_search(fast(p), unit.text, where=e[2]) for p in e[1]
                                if linter.prefilter.may_match(p, unit))]
            inlined = linter._undisclosed(pending, unit)
            assert inlined == plain
            seen += len(pending) - len(inlined)
            pending = inlined
    assert seen >= 3  # some blocks did make disclosures: the gate let their patterns run


def test_a_page_that_makes_the_disclosures_is_not_asked_for_them():
    from copylint.api import lint_text

    linter, pages = _pages()
    bare = {f.rule for f in lint_text(pages[0], filename="a.md")}
    told = {f.rule for f in lint_text(pages[1], filename="b.md")}
    assert {"disclosure.regulatory-status", "disclosure.results-vary"} <= bare - told


def _parsers():
    from markdown_it import MarkdownIt

    from copylint.readers import spans

    def build(fast: bool):
        md = MarkdownIt("commonmark").enable("table").enable("strikethrough").disable("inline")
        spans.install(md, fast=fast)
        return md

    return build(True), build(False)


_GUARDED, _PLAIN = _parsers()
LINE_STARTS = st.sampled_from(["", "   ", "    ", "\t", "> ", ">", "- ", "-", "* ", "+ ", "1. ", "2) ", "10. ", "# ",
                               "## ", "#", "```", "~~~", "---", "***", "___", "| ", "|-|", "--|--", ":-", "[a]: /u",
                               "<div>", "<!-- ", "-->", "<p>", "=== ", "a", "Safe ", "x|y", "  - ", "=", "  ===", "-- ",
                               "> ---", "- ===", "     ", "-|", "- |", "|", ":"])
LINE_BODIES = st.sampled_from(["", "safe care", "a | b", "| c |", "[a]", "<b>", "`x`", " - y", "# z", "1. w", "===", "---"])


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.tuples(LINE_STARTS, LINE_BODIES), max_size=14))
@example([("x|y", ""), ("--|--", ""), ("a", " | b")])
@example([("| ", "a | b |"), (":-", "-|-:"), ("Safe ", "| c |")])
@example([("- ", "one"), ("1. ", "two"), ("> ", "# z"), ("```", ""), ("a", ""), ("```", "")])
@example([("Safe ", "care"), ("a", ""), ("=== ", ""), ("- ", "one"), ("  ===", ""), ("> ", "x"), ("> ---", "")])
@example([("a", ""), ("    ", "x"), ("-- ", ""), ("a", "| b"), ("-|", ""), ("", ""), ("- |", "")])
def test_the_first_character_guards_give_markdown_its_own_tokens(lines):
    """The block rules' first-character guards and dispatch, and the one scan for a setext heading
    or paragraph (readers/spans.py, blockrules.py), leave markdown-it's token stream as it is:
    types, tags, nesting, line maps, content, markup and the recorded source spans."""
    src = "\n".join(a + b for a, b in lines) + "\n"

    def tokens(md):
        return [(t.type, t.tag, t.nesting, t.level, t.map, t.content, t.markup, t.hidden, t.meta.get("spans"),
                 t.meta.get("span")) for t in md.parse(src)]

    assert tokens(_GUARDED) == tokens(_PLAIN)


def test_the_guards_are_installed_on_the_rules_copy_is_read_with():
    from copylint.readers.chunking import md_parser

    rules = {r.name: r.fn for r in md_parser().block.ruler.__rules__}
    assert all(rules[name].__name__ in ("guarded", "rule") for name in ("fence", "blockquote", "hr", "list", "heading"))
    assert [t.type for t in md_parser().parse("- a\n- b\n\n> quote\n\n# Title\n")].count("inline") == 4


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.tuples(LINE_STARTS, LINE_BODIES), max_size=10), st.sampled_from(["", "\0", "\r\n", "\r"]))
def test_the_block_parser_alone_gives_what_the_whole_chain_gives(lines, odd):
    """Handing the source straight to the block parser (chunking._parse) skips only core rules
    that had nothing to do: the tokens are md.parse's, children included."""
    from copylint.readers.chunking import _parse, md_parser

    src = odd.join(a + b for a, b in lines) + "\n"

    def tokens(toks):
        return [(t.type, t.tag, t.nesting, t.level, t.map, t.content, t.markup, t.children, t.meta) for t in toks]

    assert tokens(_parse(md_parser(), src)) == tokens(md_parser().parse(src))


INLINE_PIECES = st.sampled_from(["safe", " ", "`", "``", "*", "_", "~~", "[", "]", "](/u)", '](/u "Tip")', "![", "<b>",
                                 "</b>", "<span hidden>", "</span>", "<!-- copylint: disable -->", "<!--", "-->",
                                 "&amp;", "&#169;", "\\*", "https://x.org/a.", "{/* c */}", "<img alt=\"Alt copy\">",
                                 "\n", "\n", "\r\n", "\r", "a_b", "F`D`A"])


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(INLINE_PIECES, min_size=1, max_size=16).map("".join))
@example("[one\ntwo](/u) and `code\nspan` and ~~gone\nstill~~ kept")
@example("<span hidden>a\nb</span> c <!-- x\ny -->")
def test_lines_read_in_place_give_what_the_joined_content_gives(src):
    """_inline's shortcut for lines joined by bare line breaks (the source is its own joined
    content) gives the text, offset map, titles and comments the general path gives."""
    from copylint.readers import Reading
    from copylint.readers.markdown import _inline

    segments, pos = [], 0
    for line in src.split("\n"):
        segments.append((pos, pos + len(line)))
        pos += len(line) + 1

    def read(shift):
        b, reading = TextBuilder(src), Reading()
        titles = _inline(b, segments, reading, shift=shift)
        marks = [(b.map.start(i), b.map.end(i)) for i in range(len(b.text()) + 1)]
        return b.text(), b.map.shape(), marks, [(t.text, t.map.shape()) for t in titles], reading.comments

    assert read(True) == read(False)


def _cells_one_by_one(src, lo, hi):
    """row_cells as a walk over every character (the escape state carried along): the reference."""
    from copylint.readers.spans import _trim

    lo, hi = _trim(src, lo, hi)
    cells, start, escaped = [], lo, False
    for pos in range(lo, hi):
        if src[pos] == "|" and not escaped:
            cells.append((start, pos))
            start = pos + 1
        escaped = src[pos] == "\\"
    cells.append((start, hi))
    if cells and cells[0][0] == cells[0][1]:
        cells.pop(0)
    if cells and cells[-1][0] == cells[-1][1]:
        cells.pop()
    return [_trim(src, s, e) for s, e in cells]


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["|", "\\", "\\|", "\\\\|", " ", "a", "safe", "\t", "||"]), max_size=12).map("".join),
       st.integers(0, 3), st.integers(0, 3))
def test_table_cells_split_by_pipe_search_as_by_a_walk(row, cut_lo, cut_hi):
    from copylint.readers.spans import row_cells

    lo, hi = min(cut_lo, len(row)), max(min(cut_lo, len(row)), len(row) - cut_hi)
    assert row_cells(row, lo, hi) == _cells_one_by_one(row, lo, hi)
