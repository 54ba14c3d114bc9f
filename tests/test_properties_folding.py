"""Properties of folding: invisible characters, look-alike letters and whitespace variants hide no claim.

A claim is disguised at random places the way a copywriter's tool (or a hostile one) would: a
default-ignorable code point inside a word, a combining mark on a letter, a look-alike letter, a
whitespace run of any kind (CRLF wrap, indentation, no-break space, two spaces) for a space. The
claim must still be reported, and its position must still point at the disguised characters.
"""
from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import assert_positions

from copylint.api import lint_text
from copylint.normalize import _DELETE

# (claim, category, start of the claim's phrase): long enough lines that a wrap is a soft one.
CLAIMS = [
    ("At our clinic in the city centre we can tell you that our exosome therapy is FDA approved", "regulatory-status"),
    ("At our clinic in the city centre we can tell you that this treatment has no side effects", "safety-claim"),
]
INVISIBLE = sorted(_DELETE - {"\u00ad"}) + ["\u0301", "\u0308", "\u20dd"]  # soft hyphen: a word break
WHITESPACE = [" ", "  ", "\t", "\u00a0", "\u2009", "\r\n", "\n   ", "\r\n\t", " \r\n  ", "\u3000"]
LOOKALIKE = {"a": ["\u0251", "\u0430"], "e": ["\u0435"], "i": ["\u0131", "\u0456"], "o": ["\u1d0f", "\u043e"],
             "p": ["\u0440"], "D": ["\ua4d3", "\u13a0"], "A": ["\ua4ee", "\u13aa"], "F": ["\ua4dd", "\ua730"]}
SETTINGS = settings(max_examples=int(os.environ.get("COPYLINT_EXAMPLES", "200")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@st.composite
def disguised(draw, kind: str):
    claim, category = draw(st.sampled_from(CLAIMS))
    # In plain text a line break after a short line is a hard break (a label or heading line), so
    # only Markdown and HTML get line breaks inside the claim.
    spaces = WHITESPACE if kind != "text" else [w for w in WHITESPACE if "\n" not in w]
    out = []
    for i, c in enumerate(claim):
        if c == " ":
            out.append(draw(st.sampled_from(spaces)))
            continue
        if c in LOOKALIKE and draw(st.integers(0, 4)) == 0:
            c = draw(st.sampled_from(LOOKALIKE[c]))
        out.append(c)
        if i + 1 < len(claim) and claim[i + 1] != " " and c.isalpha() and draw(st.integers(0, 6)) == 0:
            out.append(draw(st.sampled_from(INVISIBLE)))
    return "".join(out) + ".", category


@SETTINGS
@given(st.sampled_from(["markdown", "html", "text"]).flatmap(lambda k: st.tuples(st.just(k), disguised(k))))
def test_disguised_claims_are_still_found_where_they_are(case):
    kind, (draft, category) = case
    found = lint_text(draft, filename=f"draft.{kind}", kind=kind)
    assert_positions(draft, found)
    assert category in {f.category for f in found}, (draft, [(f.rule, f.match) for f in found])
