"""The language server's plain-Python parts: position conversion, quick-fix edits, error locations, imports."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copylint.findings import Finding
from copylint.server.fixes import directive_fix, disclosure_fix, literal_suggestion
from copylint.server.linting import where
from copylint.server.positions import LspText


def _reference(text: str, offset: int, encoding: str) -> tuple[int, int]:
    """LSP position by brute force: lines end at CRLF, CR or LF; characters counted in `encoding` units."""
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    line = max(i for i, s in enumerate(starts) if s <= offset)
    prefix = text[starts[line]:offset]
    if encoding == "utf-32":
        return line, len(prefix)
    return line, len(prefix.encode("utf-16-le" if encoding == "utf-16" else "utf-8")) // (2 if encoding == "utf-16" else 1)


TEXTS = st.text(alphabet=st.sampled_from(["a", " ", "\u00e9", "\u4e2d", "\U0001F600", "\r", "\n", "\u2028", "\x0c"]),
                max_size=40)


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.sampled_from(["utf-16", "utf-8", "utf-32"]))
def test_positions_match_a_brute_force_count_and_round_trip(text, encoding):
    lsp = LspText(text, encoding)
    for offset in range(len(text) + 1):
        if text[offset - 1:offset + 1] == "\r\n":
            continue  # between CR and LF is no position an editor has
        assert lsp.position(offset) == _reference(text, offset, encoding)
        assert lsp.offset(*lsp.position(offset)) == offset


def test_position_conversion_with_astral_characters_and_unicode_line_separators():
    text = "\U0001F600 FDA\u2028approved\r\nnext \U0001F600 line"
    lsp = LspText(text)
    assert lsp.from_line_column(1, 3) == (0, 3)  # 'FDA' after one emoji (two UTF-16 units) and a space
    assert lsp.from_line_column(1, 7) == (0, 7)  # U+2028 does not end an LSP line
    assert lsp.from_line_column(2, 8) == (1, 8)  # after the emoji on the second line
    assert lsp.offset(1, 100) == len(text)  # clamped to the line
    assert lsp.offset(0, 1) == 0  # inside a surrogate pair: the character it splits
    assert LspText(text, "utf-8").from_line_column(1, 3) == (0, 5)


def _finding(text: str, needle: str, rule: str = "regulatory.fda-approved", **kw) -> Finding:
    start = text.index(needle)
    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    return Finding(path="p", line=line, column=col, end_line=line, end_column=col + len(needle), rule=rule,
                   category=kw.pop("category", "regulatory-status"), severity="error", message="m", match=needle,
                   start=start, end=start + len(needle), **kw)


def _apply(text: str, fix) -> str:
    for e in sorted(fix.edits, key=lambda e: e.start, reverse=True):
        text = text[:e.start] + e.text + text[e.end:]
    return text


def test_literal_suggestions_are_one_quoted_rewrite_without_placeholders():
    assert literal_suggestion('"Results vary; some patients see no change."') == "Results vary; some patients see no change."
    assert literal_suggestion("\u201cA newer, investigational treatment.\u201d") == "A newer, investigational treatment."
    assert literal_suggestion("Remove it.") is None
    assert literal_suggestion('Give the basis ("Rated 4.8/5 on [platform]") or remove it.') is None
    assert literal_suggestion('"We offer consultations; [treatment] is not approved."') is None
    assert literal_suggestion('"Possible risks include ..."') is None
    assert literal_suggestion(None) is None


def test_directive_in_each_comment_syntax():
    md = "Intro.\n\nOur exosomes are FDA-approved.\n"
    assert _apply(md, directive_fix(_finding(md, "FDA-approved"), md, "markdown", False)).startswith(
        "Intro.\n\n<!-- copylint: disable-next-line regulatory.fda-approved -- ")
    mdx = "Our exosomes are FDA-approved.\n"
    assert _apply(mdx, directive_fix(_finding(mdx, "FDA-approved"), mdx, "markdown", True)).startswith(
        "{/* copylint: disable-next-line regulatory.fda-approved -- ")
    txt = "Spring page\r\n  Our exosomes are FDA-approved.\r\n"
    fixed = _apply(txt, directive_fix(_finding(txt, "FDA-approved"), txt, "text", False))
    assert fixed.startswith("Spring page\r\n  # copylint: disable-next-line regulatory.fda-approved -- ")
    assert fixed.endswith("\r\n  Our exosomes are FDA-approved.\r\n")


def test_markdown_lines_inside_a_paragraph_or_list_get_disable_line():
    """A comment line would split the paragraph or list, so the directive goes on the line itself."""
    md = "- Book now.\n- Our exosomes are FDA-approved.\n- Call us.\n"
    fixed = _apply(md, directive_fix(_finding(md, "FDA-approved"), md, "markdown", False))
    assert fixed.split("\n")[1] == ("- Our exosomes are FDA-approved. <!-- copylint: disable-line "
                                    "regulatory.fda-approved -- TODO: why this copy is acceptable -->")
    front = "---\ntitle: FDA-approved exosomes\n---\nBody.\n"
    assert directive_fix(_finding(front, "FDA-approved"), front, "markdown", False) is None


def test_disclosure_goes_before_the_closing_body_tag_and_is_escaped():
    page = "<html><body>\n  <p>Book exosomes.</p>\n</body>\n</html>\n"
    f = _finding(page, "exosomes", rule="disclosure.results-vary", category="missing-disclaimer",
                 suggestion='"Results vary & some see no change."', disclaimer="results-vary")
    fixed = _apply(page, disclosure_fix([f], page, "html"))
    assert fixed == "<html><body>\n  <p>Book exosomes.</p>\n<p>Results vary &amp; some see no change.</p>\n</body>\n</html>\n"
    md = "Book exosomes."
    assert _apply(md, disclosure_fix([f], md, "markdown")) == "Book exosomes.\n\nResults vary & some see no change.\n"


def test_error_locations():
    assert where(".copylint.yaml:3: key 'selct': unknown key") == (".copylint.yaml", 3)
    assert where("pyproject.toml: invalid TOML: Expected '=' (at line 4, column 2)") == ("pyproject.toml", 4)
    assert where("house/rules.yaml:7: invalid YAML: mapping values") == ("house/rules.yaml", 7)
    assert where("--select: 'x' matches no rule") == (None, 1)


def test_check_does_not_import_the_server_and_server_without_pygls_is_one_line(tmp_path):
    draft = tmp_path / "a.md"
    draft.write_text("Plain words.\n")
    code = ("import sys\nfrom copylint.cli import cli\n"
            "try:\n    cli(['check', '-q', sys.argv[1]], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol', 'cattrs')))")
    out = subprocess.run([sys.executable, "-c", code, str(draft)], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]", out.stderr
    code = "import sys\nsys.modules['pygls'] = None\nfrom copylint.cli import main\nsys.argv = ['copylint', 'server']\nmain()"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert out.stderr.strip() == ("copylint: the language server needs pygls (pygls is missing): "
                                  "pip install 'copylint[server]'")


def test_a_bug_in_the_pipeline_is_one_error_not_a_dead_lint(monkeypatch):
    """Whatever goes wrong inside a lint comes back as one message naming the draft."""
    import copylint.engine
    from copylint.server.linting import DraftLinter

    def broken(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(copylint.engine.Linter, "lint", broken)
    outcome = DraftLinter().lint(None, "Our exosomes are FDA-approved.\n", "markdown", "page.md", ".")
    assert outcome.findings == [] and outcome.error == "page.md: internal error: ValueError: boom (please report it)"


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.data(), st.sampled_from(["utf-16", "utf-8", "utf-32"]), st.sampled_from(["", "x", "\n", "\U0001F600"]))
def test_a_ranged_edit_replaces_exactly_that_range(text, data, encoding, new):
    """An editor's incremental change, given in LSP positions, splices the buffer where the editor did."""
    from lsprotocol import types

    from copylint.server.sync import apply_change

    stops = [i for i in range(len(text) + 1) if text[i - 1:i + 1] != "\r\n"]
    a, b = sorted(data.draw(st.lists(st.sampled_from(stops), min_size=2, max_size=2)))
    rng = types.Range(types.Position(*_reference(text, a, encoding)), types.Position(*_reference(text, b, encoding)))
    change = types.TextDocumentContentChangePartial(range=rng, text=new)
    assert apply_change(text, change, encoding) == text[:a] + new + text[b:]
    assert apply_change(text, types.TextDocumentContentChangeWholeDocument(text=new), encoding) == new


CLAIM = "Our exosomes are FDA-approved."
SUPPRESS_CASES = [  # (file name, kind, draft): the claim stands in each place a writer may put it
    ("a.md", "markdown", f"Intro.\n\n{CLAIM}\n"),
    ("a.md", "markdown", f"> Intro line.\n> {CLAIM}\n"),
    ("a.md", "markdown", f"# {CLAIM}\n"),
    ("a.md", "markdown", f"1. one\n2. {CLAIM}\n"),
    ("a.md", "markdown", f"Intro.\r\n{CLAIM}\r\n"),
    ("a.md", "markdown", f"Text [{CLAIM}](http://x).\n"),
    ("a.md", "markdown", f"<div>\n{CLAIM}\n</div>\n"),
    ("a.md", "markdown", f"| Offer | Note |\n|---|---|\n| PRP | {CLAIM} |\n"),
    ("a.md", "markdown", f"| {CLAIM} | Note |\n|---|---|\n| PRP | fine |\n"),
    ("a.md", "markdown", f"Offer | Note\n---|---\nPRP | {CLAIM}\n"),
    ("a.mdx", "markdown", f"Intro\n{CLAIM}\n"),
    ("a.mdx", "markdown", f"| Offer | Note |\n|---|---|\n| PRP | {CLAIM} |\n"),
    ("a.mdx", "markdown", f"import X from './x'\n\n<Card>\n{CLAIM}\n</Card>\n"),
    ("a.mdx", "markdown", f"<Card>\n\n{CLAIM}\n\n</Card>\n"),
    ("a.mdx", "markdown", "Intro\n<b>Our exosomes</b> are FDA-approved.\n"),
    ("a.html", "html", f"<p>Intro\n{CLAIM}</p>\n"),
    ("a.html", "html", f"<img alt=\"{CLAIM}\" src=x>\n"),
    ("a.html", "html", "<p>Intro <b>Our exosomes</b> are FDA-approved.</p>\n"),
    ("a.txt", "text", f"Intro\n  {CLAIM}\n"),
]


@pytest.mark.parametrize("name, kind, text", SUPPRESS_CASES)
def test_every_suppression_offered_silences_its_finding(tmp_path, name, kind, text):
    """Applied to the buffer, an offered suppression leaves no finding for that claim and no unused directive."""
    from copylint.server.fixes import fixes_for
    from copylint.server.linting import DraftLinter, Sentences

    drafts, path = DraftLinter(), str(tmp_path / name)
    outcome = drafts.lint(path, text, kind, name)
    finding, = [f for f in outcome.findings if f.rule == "regulatory.fda-approved"]
    fixes = fixes_for(finding, outcome.rules[finding.rule], text, kind, name.endswith(".mdx"),
                      Sentences(text, kind, outcome.config, outcome.blocks))
    suppress = [f for f in fixes if f.title.startswith("Suppress")]
    if f"<Card>\n{CLAIM}" in text:  # copylint reads no {/* */} inside a JSX block: no fix rather than one it ignores
        assert suppress == []
        return
    edit, = suppress[0].edits
    fixed = text[:edit.start] + edit.text + text[edit.end:]
    after = drafts.lint(path, fixed, kind, name)
    assert [f.rule for f in after.findings if f.rule == finding.rule or f.rule.startswith("copylint.")] == []
