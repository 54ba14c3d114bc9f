"""Unicode folding for matching: one canonical spelling per character, with an offset map back.

Copy hides claims from naive matchers with look-alike letters, odd dashes, invisible
characters and dotted abbreviations; rules are written against the folded text only.
"""
from __future__ import annotations

import re
import unicodedata

import regex

from .positions import OffsetMap, TextBuilder

_DELETE = set("\u00ad\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff")
_SPACES = set("\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000")
_DASHES = set("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2043")
_QUOTES = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
}
# Cyrillic and Greek letters that render like Latin ones; folded only inside words that also
# contain ASCII letters, so genuine Cyrillic or Greek text is left alone.
_CONFUSABLE = dict(
    zip(
        "АВЕКМНОРСТХУІЈЅаеорсхуіјѕԁԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧονϲ",
        "ABEKMHOPCTXYIJSaeopcxyijsdqwABEZHIKMNOPTYXovc",
        strict=True,
    )
)
_MIXED_WORD = regex.compile(r"[^\W\d_]+")
# F.D.A. / U.S. -> FDA / US: dotted capitals are folded to the plain abbreviation.
_DOTTED = regex.compile(r"(?<![\w.])(?:[A-Za-z]\.){2,}(?:[A-Za-z](?![\w.]))?")

_DOTTED_HINT = re.compile(r"[A-Za-z]\.[A-Za-z]\.")  # cheap: _DOTTED cannot match without it
_MAY_FOLD = re.compile(r"[^\x00-\x08\x0a-\x5f\x61-\x7f]")  # non-ASCII, tab or backtick


def _confusable_positions(text: str) -> set[int]:
    out: set[int] = set()
    for m in _MIXED_WORD.finditer(text):
        word = m.group()
        if word.isascii() or not any(c.isascii() for c in word):
            continue
        out.update(m.start() + i for i, c in enumerate(word) if c in _CONFUSABLE)
    return out


def _dotted_deletions(text: str) -> set[int]:
    out: set[int] = set()
    for m in _DOTTED.finditer(text):
        s, e = m.span()
        dots = [i for i in range(s, e) if text[i] == "."]
        last = dots[-1]
        rest = text[e:e + 3]
        letters = sum(1 for c in m.group() if c != ".")
        # Keep a final dot that plausibly ends the sentence ("... by the F.D.A. Our clinic").
        if last == e - 1 and letters >= 3 and (rest[:1] == "" or (rest[:1].isspace() and rest[1:2].isupper())):
            dots = dots[:-1]
        out.update(dots)
    return out


def fold(text: str) -> tuple[str, OffsetMap]:
    """Fold `text` for matching; returns the folded string and its map back to `text`."""
    if text.isascii() and "." not in text and "`" not in text and "\t" not in text:
        b = TextBuilder(text)
        b.copy(0, len(text))
        return text, b.map
    confusable = _confusable_positions(text) if not text.isascii() else set()
    deletions = _dotted_deletions(text) if _DOTTED_HINT.search(text) else set()
    # Visit only the characters that may fold (non-ASCII, tab, backtick, dotted-abbreviation
    # dots); everything between them is copied in one piece.
    todo = [m.start() for m in _MAY_FOLD.finditer(text)]
    if deletions:
        todo = sorted(deletions.union(todo))
    b = TextBuilder(text)
    if not todo:  # nothing folds: the text itself, not a copy
        b.map.add(len(text), 0, len(text), True)
        return text, b.map
    run = 0
    for i in todo:
        c = text[i]
        b.copy(run, i)
        run = i + 1
        if i in deletions or c in _DELETE:
            b.synth("", i, i + 1)
        elif c in _SPACES:
            b.synth(" ", i, i + 1)
        elif c in _DASHES:
            b.synth("-", i, i + 1)
        elif c in _QUOTES:
            b.synth(_QUOTES[c], i, i + 1)
        elif i in confusable:
            b.synth(_CONFUSABLE[c], i, i + 1)
        elif c.isascii():
            b.copy(i, i + 1)
        else:
            folded = unicodedata.normalize("NFKC", c)
            if folded == c:
                b.copy(i, i + 1)
            else:
                b.synth(folded, i, i + 1)
    b.copy(run, len(text))
    return b.text(), b.map
