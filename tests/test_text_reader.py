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
