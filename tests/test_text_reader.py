"""Plain text: a line break after a short line or end punctuation ends a line of copy (a list, a
poem, a label); a break inside wrapped prose is a soft wrap, read as a space (issue 12, point 5)."""
from __future__ import annotations

from copylint.api import lint_text


def rows(text: str):
    return [(f.line, f.column, f.end_line, f.rule) for f in lint_text(text, filename="page.txt")
            if not f.rule.startswith("disclosure.")]


def test_short_lines_are_lines_of_their_own():
    # soft-wrapped, the question on the next line would make the claim a question, and drop it
    assert rows("Our exosome serum is FDA approved\nIs it right for you?\n") == [(1, 22, 1, "regulatory.fda-approved")]
    assert rows("Our exosome serum is FDA approved Is it right for you?\n") == []
    assert rows("Exosome serum\nFDA approved\nBook today\n") == [(2, 1, 2, "regulatory.fda-approved")]


def test_wrapped_prose_is_one_line_of_copy():
    text = ("Welcome to the clinic, where each visit starts with a long talk and our serum is FDA\n"
            "approved for every guest who asks.\n")
    assert rows(text) == [(1, 82, 2, "regulatory.fda-approved")]
    crlf = text.replace("\n", "\r\n")
    assert rows(crlf) == [(1, 82, 2, "regulatory.fda-approved")]



def test_a_long_title_case_line_is_a_line_of_its_own():
    # 60 characters without end punctuation, but in title case before a capital: a heading
    title = "Our Exosome Serum Is FDA Approved for Thinning Hair Patients"
    assert rows(title + "\nIs it right for you?\n") == [(1, 22, 1, "regulatory.fda-approved")]


def test_a_long_prose_line_before_a_capital_is_still_a_soft_wrap():
    prose = "Our exosome serum is FDA approved for thinning hair patients"
    assert rows(prose + "\nIs it right for you?\n") == []


def test_a_title_with_lower_case_is_and_than_is_still_a_title():
    title = "Why Exosome Serum is Better than Minoxidil Foam for Thin Crowns"
    found = rows(title + "\nWould you like to know more?\n")
    assert [r[3] for r in found] == ["comparative.better-than"]
