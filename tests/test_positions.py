"""Positions point at the original characters through markup, entities, folding and line endings."""
from __future__ import annotations

import re

import pytest
import yaml
from conftest import SHARED
from test_properties import assert_positions

from copylint.api import lint_text
from copylint.normalize import fold


def offset(text: str, line: int, col: int) -> int:
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    return starts[line - 1] + col - 1


def spans(text: str, ext: str, category: str | None = None):
    out = []
    for f in lint_text(text, filename=f"draft.{ext}"):
        if category and f.category != category:
            continue
        start, end = offset(text, f.line, f.column), offset(text, f.end_line, f.end_column)
        assert text[start:end] == f.match, (f, text[start:end])
        out.append((f.line, f.column, f.match))
    return out


@pytest.mark.parametrize("text,ext,expected", [
    # wrapped Markdown paragraph: the finding starts where the phrase starts
    ("Our exosome therapy is FDA\napproved today.\n", "md", (1, 24, "FDA\napproved")),
    ("Our exosome therapy is FDA\r\napproved today.\r\n", "md", (1, 24, "FDA\r\napproved")),
    ("Intro\r\rOur exosomes are FDA-approved.\r", "txt", (3, 18, "FDA-approved")),
    ("\tOur exosomes are\tFDA-approved.", "txt", (1, 19, "FDA-approved")),
    ("\U0001F9EC\U0001F9EC Our exosomes are FDA-approved.", "txt", (1, 21, "FDA-approved")),
    ("<p>&#x1F9EC; Our exosomes are <em>FDA</em>&#8209;approved.</p>", "html", (1, 35, "FDA</em>&#8209;approved")),
    ("Our exosomes are F.D.A. approved.", "txt", (1, 18, "F.D.A. approved")),
    ("Our exosomes are FDA\u200b-\u200bapproved.", "txt", (1, 18, "FDA\u200b-\u200bapproved")),
    ("Our exosomes are \u0424DA approved and F\u0414A.", "txt", None),  # real Cyrillic words are not folded
    ("Our exosomes are FD\u0410 approved.", "txt", (1, 18, "FD\u0410 approved")),
    ("- item\n- Our stem cells are **FDA cleared**\n", "md", (2, 24, "FDA cleared")),
    ("> Quote: our exosomes are `x` FDA-approved\n", "md", (1, 31, "FDA-approved")),
    ("| a | Our exosomes are FDA-approved |\n|---|---|\n", "md", None),  # header cells are copy too
])
def test_regulatory_claim_position(text, ext, expected):
    found = spans(text, ext, "regulatory-status")
    if expected is None:
        return
    assert expected in found, found


def test_table_cell_claim_is_found():
    text = "| Treatment | Status |\n|---|---|\n| Exosomes | FDA-approved |\n"
    assert [(ln, col) for ln, col, _ in spans(text, "md", "regulatory-status")] == [(3, 14)]


def test_equal_table_cells_get_their_own_positions():
    text = "| Before | After |\n|---|---|\n| 100% safe | 100% safe |\n"
    assert spans(text, "md", "safety-claim") == [(3, 3, "100% safe"), (3, 15, "100% safe")]


def test_an_empty_table_cell_does_not_hide_the_cells_after_it():
    text = "| Item | Claim |\n|---|---|\n| | Our exosome therapy has no side effects. |\n| x | 100% safe |\n"
    assert spans(text, "md", "safety-claim") == [(3, 29, "no side effects"), (4, 7, "100% safe")]


@pytest.mark.parametrize("nl", ["\n", "\r\n", "\r"])
def test_paragraph_opening_with_a_line_of_no_break_spaces(nl):
    """markdown-it strips such a line from the paragraph's content; the rest still maps to its own line."""
    text = nl.join(["\u00a0", "Our exosome therapy is FDA-approved.", "\u00a0\u00a0", ""])
    assert spans(text, "md", "regulatory-status") == [(2, 24, "FDA-approved")]


def test_entities_and_inline_tags_split_across_lines():
    text = "<p>Stem cells:\n   <b>100%</b>&nbsp;safe</p>"
    assert spans(text, "html", "safety-claim") == [(2, 7, "100%</b>&nbsp;safe")]


def test_utf8_bom_is_not_counted_as_a_column(tmp_path):
    from copylint.api import lint_file

    path = tmp_path / "bom.txt"
    path.write_bytes("Our exosomes are FDA-approved.\n".encode("utf-8-sig"))
    found = [(f.line, f.column, f.match) for f in lint_file(str(path)) if f.category == "regulatory-status"]
    assert found == [(1, 18, "FDA-approved")]


def test_utf16_file_positions(tmp_path):
    from copylint.api import lint_file

    path = tmp_path / "u16.txt"
    text = "Hello.\r\nOur stem cells are 100% safe.\r\n"
    path.write_bytes(text.encode("utf-16"))
    findings = lint_file(str(path))
    # Every span, whichever rules report it (frame rules may also report "are 100% safe"), is
    # exactly the decoded text's characters at that line and column.
    assert_positions(text, findings)
    found = [(f.line, f.column, f.match) for f in findings if f.category == "safety-claim"]
    assert (2, 20, "100% safe") in found


@pytest.mark.parametrize("text,ext", [
    ("```\nOur exosomes are FDA-approved.\n```\n", "md"),
    ("    Our exosomes are FDA-approved.\n", "md"),
    ("See `FDA-approved exosomes` in the style guide.\n", "md"),
    ("[guide](https://x.example/fda-approved-exosomes-100-percent-safe)\n", "md"),
    ("<https://x.example/fda-approved-stem-cells>\n", "md"),
    ("Intro\n\n<!-- our exosomes are FDA-approved -->\n", "md"),
    ("<style>.x:after{content:'FDA-approved exosomes'}</style><p>Hi</p>", "html"),
    ("<p data-note='FDA-approved exosomes'>Hi</p>", "html"),
])
def test_non_copy_is_not_linted(text, ext):
    assert [f for f in lint_text(text, filename=f"d.{ext}") if f.category != "missing-disclaimer"] == []


def test_front_matter_values_are_linted_and_positioned():
    text = "---\r\ntitle: 'Stem cell therapy, 100% safe'\r\nslug: fda-approved\r\n---\r\nHello.\r\n"
    found = spans(text, "md", "safety-claim")
    assert found == [(2, 28, "100% safe")]


def test_html_alt_title_and_meta_are_linted():
    text = ('<meta property="og:description" content="FDA-approved exosomes">\n'
            '<img alt="Exosomes: 100% safe" src="fda-approved.png">\n')
    cats = {(f.line, f.category) for f in lint_text(text, filename="p.html")}
    assert (1, "regulatory-status") in cats and (2, "safety-claim") in cats


def test_fold_maps_every_character_back():
    text = "Ｆ\u200bD\u2011A “appro\u00adved” ﬁne F.D.A."
    folded, fmap = fold(text)
    assert folded == 'FD-A "approved" fine FDA.'  # a final dot that may end the sentence is kept
    for i in range(len(folded)):
        assert 0 <= fmap.start(i) < len(text)
    assert text[fmap.start(0):fmap.end(len(folded))] == text


def _shared_markup_cases():
    path = SHARED / "corpus" / "cases.yaml"
    if not path.exists():
        return []
    return [c for c in yaml.safe_load(path.read_text(encoding="utf-8")) if c["id"].startswith(("md-", "html-"))]


@pytest.mark.skipif(not _shared_markup_cases(), reason="../shared/corpus/cases.yaml not found")
@pytest.mark.parametrize("case", _shared_markup_cases(), ids=lambda c: c["id"])
def test_shared_markup_cases(case):
    findings = [f for f in lint_text(case["text"], filename=f"case.{case.get('ext', 'txt')}")
                if f.severity in ("error", "warning") and f.category != "missing-disclaimer"]
    assert {f.category for f in findings} == set(case["expect"])
    at = case.get("at")
    if at:
        assert any(f.category == at["category"] and f.line == at["line"] and f.column <= at["column"] < f.end_column
                   for f in findings if f.line == f.end_line), findings
