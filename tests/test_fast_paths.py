"""Quick paths of folding answer exactly as the general code they skip (derandomized properties)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from copylint.normalize import _SPACING_HINT, _may_respace, fold
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
