"""Properties over random drafts: copylint never raises, and every position points at what it reports.

Drafts are built from fragments that matter to the pipeline: claims the default pack reports,
Markdown and HTML syntax (fences, comments, links, entities, front matter), every kind of line
ending, and Unicode that folding changes (curly quotes, dashes, no-break and zero-width spaces,
homoglyphs, combining marks, astral characters). A position is checked on the original text:
lines split at CRLF, lone CR and LF, columns in code points from 1.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copylint.api import get_linter, lint_text
from copylint.config import DEFAULT_CONFIG
from copylint.engine import Linter
from copylint.literals import literals_of, required_literals
from copylint.normalize import fold

_LINE_END = re.compile(r"\r\n|\r|\n")

CLAIMS = [
    "Our exosome therapy is FDA-approved.",
    "No side effects!",
    "Exosome therapy is 100% safe.",
    "Guaranteed results or your money back!",
    "Exosome therapy cures alopecia.",
    "Our stem cell treatment reverses male pattern baldness.",
    "Better than minoxidil, without the side effects.",
    "There are no FDA-approved exosome products.",
    "Results vary.",
    "This is not medical advice; consult a physician.",
    "Our exosomes are F.D.A. approved.",
    "Our exosomes are FDA\u2011approved.",
    "Our exosomes are FD\u0410-approved.",
    "Our exosomes are FDA\u200b-approved.",
    "Is PRP FDA approved?",
]
MARKUP = [
    "\n", "\n\n", "\r\n", "\r", "\r\n\r\n", "  ", "\t", "# ", "## ", "- ", "* ", "1. ", "> ", "```\n", "```python\n",
    "~~~\n", "    ", "`", "``", "*", "**", "_", "~~", "[", "]", "](", "](https://example.com/x)", ")", "![alt ", "<!--",
    "-->", "<div>", "</div>", "<p>", "</p>", "<br/>", "<script>", "</script>", '<img alt="', '">', "&amp;", "&nbsp;",
    "&#x41;", "&#8212;", "&bogus;", "---\n", "title: ", "description: ", "|", "| --- |", "\\", "https://fda.gov/a.b",
    "<https://x.y>", "# copylint: disable-next-line", "<!-- copylint: disable-line -->",
]
UNICODE = [
    "\u201c", "\u201d", "\u2019", "\u2014", "\u2013", "\u00a0", "\u200b", "\u00ad", "\ufeff", "\u0430", "\u0435",
    "\u00e9", "e\u0301", "\u00df", "\u0130", "\u01c5", "\ufb01", "\U0001f600", "\u2028", "\u0085", "\x0c", "\x0b",
    "\x1c", "\u3000", "\uff21",
]
FRAGMENT = st.one_of(
    st.sampled_from(CLAIMS), st.sampled_from(MARKUP), st.sampled_from(UNICODE),
    st.text(max_size=12), st.text(alphabet="abc .!?,;:-\n\r", max_size=12),
)
DRAFTS = st.lists(FRAGMENT, max_size=40).map("".join)
KINDS = st.sampled_from(["markdown", "html", "text"])
# COPYLINT_EXAMPLES=5000 for a longer hunt; the default keeps this file to a few seconds.
SETTINGS = settings(max_examples=int(os.environ.get("COPYLINT_EXAMPLES", "250")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def line_starts(text: str) -> list[int]:
    """Offsets where lines start; lines end at CRLF, lone CR or LF (an oracle apart from copylint's LineIndex)."""
    return [0] + [m.end() for m in _LINE_END.finditer(text)]


def offset_of(text: str, line: int, column: int, starts: list[int] | None = None) -> int:
    """Offset of a 1-based (line, column) in `text`; pass `starts` (line_starts(text)) to look up many."""
    if starts is None:
        starts = line_starts(text)
    assert 1 <= line <= len(starts), (line, len(starts))
    start = starts[line - 1]
    stop = starts[line] if line < len(starts) else len(text)
    assert 1 <= column <= stop - start + 1, (line, column)
    return start + column - 1


def assert_positions(text: str, findings) -> None:
    """Every finding lies inside the file, and `match` is exactly the file's characters at its span."""
    starts = line_starts(text) if findings else []  # one table per text: a table per finding was quadratic
    for f in findings:
        start = offset_of(text, f.line, f.column, starts)
        end = offset_of(text, f.end_line, f.end_column, starts)
        assert 0 <= start < end <= len(text), f
        assert text[start:end] == f.match, (f, text[start:end])
        assert (start, end) == (f.start, f.end), f


@SETTINGS
@given(DRAFTS, KINDS)
def test_never_raises_and_positions_hold(draft, kind):
    assert_positions(draft, lint_text(draft, filename=f"draft.{kind}", kind=kind))


@SETTINGS
@given(st.lists(st.sampled_from(CLAIMS + MARKUP[:6] + UNICODE[:8]), max_size=30).map("".join), KINDS)
def test_line_endings_do_not_move_findings(draft, kind):
    """CRLF and lone-CR copies of a draft get the same findings at the same line and column."""
    draft = draft.replace("\r\n", "\n").replace("\r", "\n")
    expected = [(f.line, f.column, f.end_line, f.end_column, f.rule) for f in lint_text(draft, kind=kind)]
    for newline in ("\r\n", "\r"):
        other = draft.replace("\n", newline)
        found = lint_text(other, kind=kind)
        assert_positions(other, found)
        assert [(f.line, f.column, f.end_line, f.end_column, f.rule) for f in found] == expected


@SETTINGS
@given(DRAFTS, KINDS)
def test_the_literal_prefilter_changes_no_finding(draft, kind):
    """A linter that gates each pattern by its literals finds exactly what one gated by rule
    triggers and per-pattern substring tests finds."""
    cold, warm = _cold_and_warm()
    assert not cold.prefilter.literals and warm.prefilter.literals
    explained_cold, explained_warm = [], []
    assert warm.findings(draft, "d", kind, explained_warm) == cold.findings(draft, "d", kind, explained_cold)
    assert explained_warm == explained_cold


@lru_cache(maxsize=1)
def _cold_and_warm() -> tuple[Linter, Linter]:
    """Two linters over the default packs, built once (building one per example took most of the suite's time)."""
    from copylint.engine import _Prefilter

    cold = Linter(get_linter().ruleset, DEFAULT_CONFIG)
    cold.prefilter = _Prefilter(cold.ruleset.rules, cold.vocab.lists, literals=False, cache=cold.ruleset.literals)
    warm = Linter(get_linter().ruleset, DEFAULT_CONFIG)
    warm.warm()
    return cold, warm


@lru_cache(maxsize=1)
def _scanners():
    """The prefilter with its Aho-Corasick automaton and with the `re` trie fallback, built once."""
    from copylint.engine import _Prefilter

    ruleset = get_linter().ruleset
    return _Prefilter(ruleset.rules, ruleset.vocab.lists), _Prefilter(ruleset.rules, ruleset.vocab.lists, automaton=False)


def _literals_hold(linter, text: str) -> None:
    low = text.casefold()
    for rule in linter.ruleset.rules:
        for pattern in rule.patterns:
            if pattern.search(text, timeout=5) is not None:
                for lits in literals_of(pattern, linter.vocab.lists) or ():
                    assert any(lit in low for lit in lits), (rule.id, pattern.pattern, lits, text)


@SETTINGS
@given(DRAFTS)
def test_prefilter_never_hides_a_match(draft):
    """Where a pattern matches, the text holds a string of every literal set the prefilter requires."""
    linter = get_linter()
    _literals_hold(linter, draft)
    _literals_hold(linter, fold(draft)[0])


def test_required_literals_examples():
    lists = {"reg": ["FDA", "EMA"]}
    assert required_literals(r"\m\L<reg>[\s-]*approved\M", lists) == (frozenset({"approved"}), frozenset({"fda", "ema"}))
    assert required_literals(r"(?:ab|cd)+$", {}) == (frozenset({"ab", "cd"}),)  # short, but all there is
    assert required_literals(r"(?:side\s+)?effects?", {}) == (frozenset({"effect"}),)
    assert required_literals(r"(?:safe|)\s+effect", {}) == (frozenset({"effect"}),)  # an empty branch requires nothing
    # a fuzzy item may match anything: only what the rest of the pattern requires counts
    assert required_literals(r"appr(?:oved){e<=1}", {}) == (frozenset({"appr"}),)
    assert required_literals(r"\mFDA[\s-]*(?:approved){e<=1}", {}) == (frozenset({"fda"}),)
    assert required_literals(r"(?:approved){e<=1}", {}) is None
    assert required_literals(r"\p{Lu}\w+ approved", {}) is None  # regex-module-only syntax
    # two lists in one alternation: the parser must not fold them into a shared prefix
    two = {"verb": ["regrow", "restore"], "noun": ["hair", "scalp"]}
    assert required_literals(r"\mnow\s+(?:\L<verb>|\L<noun>)\M", two) == (
        frozenset({"regrow", "restore", "hair", "scalp"}), frozenset({"now"}))


def test_rule_examples_keep_their_verdicts_through_the_prefilter():
    """The literal sets hold wherever a default pattern matches one of the pack's own examples."""
    linter = get_linter()
    for rule in linter.ruleset.rules:
        for example in rule.examples.get("fail", []) + rule.examples.get("pass", []):
            _literals_hold(linter, example)
            _literals_hold(linter, fold(example)[0])


@SETTINGS
@given(DRAFTS)
def test_automaton_and_trie_scanners_agree(draft):
    """The prefilter's Aho-Corasick scanner and its `re` trie fallback find the same rules and literal sets."""
    auto, trie = _scanners()
    assert auto.automaton is not None and trie.automaton is None
    for text in (draft, fold(draft)[0]):
        assert auto.scan(text)[:2] == trie.scan(text)[:2]


BLOCKS = [  # Markdown blocks that run over blank lines, nest, or may be interrupted
    "- a item\n- b item", "1. one\n2. two", "> quote\n> more", "# Head", "Para line\nmore para",
    "| a | b |\n|---|---|\n| c | d |", "| a | b |\n|---|---|\n| c | 100% safe |\n- bullet after table",
    "```\ncode\n\nnot cut\n```", "~~~~\ncode\n~~~\n\nstill code\n~~~~", "<div>\nhtml\n\n</div>",
    "<!--\ncomment\n\nOur exosome therapy is FDA-approved.\n-->", "<script>\nx\n\ny\n</script>",
    "<pre>\npre\n\nz\n</pre>", "Setext\n---", "Setext\n===", "- item\n\n  continued", "- item\nlazy",
    "* * *", "- - -", "    indented code\n\n    more", "[ref]: http://example.com\n  'title'", "Term\n- x",
    "<?php\n\n?>", "<![CDATA[\n\n]]>", "``` `x`\nnot fence", "- ```\n  code\n\n  No side effects!\n  ```",
    "> ```\n> code\n>\n> ```", "1) paren\n\n2) paren", "-\n  empty item", "<span>inline</span> text",
    "<strong>Note</strong> for editors\n<!--\nnotes\n\nNo side effects!\n-->", "````\n```\n\nx\n````",
    "<details>\n<summary>x</summary>\n\ntext\n\n</details>", "- item\n<!-- c -->\n\n- after",
    "Our exosome therapy is FDA-approved.", "No side effects!",
]
MARKDOWN_DOCS = st.lists(
    st.tuples(st.sampled_from(BLOCKS), st.sampled_from(["\n", "\n\n", "\n\n\n"])), min_size=2, max_size=14,
).map(lambda parts: "".join(b + sep for b, sep in parts))


@SETTINGS
@given(MARKDOWN_DOCS, st.sampled_from(["\n", "\r\n"]))
def test_markdown_chunks_give_the_same_blocks(doc, newline):
    """Cutting a document at every place the chunker allows gives exactly the blocks of one whole parse."""
    import copylint.readers.chunking as markup
    from copylint.readers import extract

    doc = doc.replace("\n", newline)

    def blocks():
        return [(b.text, b.scope, b.map._dst, b.map._src, b.map._srclen) for b in extract(doc, "markdown")]

    whole = blocks()
    saved = markup.MD_CHUNK
    markup.MD_CHUNK = 0
    try:
        assert blocks() == whole
    finally:
        markup.MD_CHUNK = saved


@SETTINGS
@given(DRAFTS)
def test_markdown_parsed_in_chunks_gives_the_same_findings(draft):
    """Large Markdown is parsed a chunk at a time (memory); cutting at every allowed place changes nothing."""
    import copylint.readers.chunking as markup

    whole = lint_text(draft, kind="markdown")
    saved = markup.MD_CHUNK
    markup.MD_CHUNK = 0
    try:
        cut = lint_text(draft, kind="markdown")
    finally:
        markup.MD_CHUNK = saved
    assert [(f.line, f.column, f.end_line, f.end_column, f.rule) for f in cut] == \
        [(f.line, f.column, f.end_line, f.end_column, f.rule) for f in whole]
