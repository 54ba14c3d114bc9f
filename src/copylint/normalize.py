"""Unicode folding for matching: one canonical spelling per character, with an offset map back.

Copy hides claims from naive matchers with look-alike letters, odd dashes, invisible
characters and dotted abbreviations; rules are written against the folded text only.
"""
from __future__ import annotations

import re
import unicodedata

from . import lookalikes
from .lazyregex import lazy
from .positions import Chain, IdentityMap, OffsetMap, TextBuilder

# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt): renders as nothing, so a
# claim with one inside ("F\u200eDA-approved") reads the same to a patient. Python's unicodedata
# does not expose the property; the ranges are the property's own.
_IGNORABLE_RANGES = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)
_DELETE = frozenset(chr(c) for lo, hi in _IGNORABLE_RANGES for c in range(lo, hi + 1))
_SPACES = set("\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000")
_DASHES = set("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2043")
_QUOTES = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
}
# Letters of other scripts (Cyrillic, Greek, Cherokee, Lisu ...) that render like Latin ones, from
# Unicode's confusables (lookalikes.py). They are folded inside words that also contain ASCII letters
# or consist of look-alikes only, so genuine Cyrillic or Greek words are left alone; Latin-script
# look-alikes (small capitals, Latin alpha, dotless i) are folded everywhere.
_CONFUSABLE = dict(zip(lookalikes.KEYS, lookalikes.VALUES, strict=True))
_LATIN_LOOKALIKE = frozenset(lookalikes.LATIN)
_MIXED_WORD = lazy(r"[^\W\d_]+")
# F.D.A. / U.S. -> FDA / US: dotted capitals are folded to the plain abbreviation.
_DOTTED = lazy(r"(?<![\w.])(?:[A-Za-z]\.){2,}(?:[A-Za-z](?![\w.]))?")

_DOT_LETTER_DOT = re.compile(r"\.(?=[A-Za-z]\.)")  # a literal first: scanned at C speed, unlike [A-Za-z]
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_MAY_FOLD = re.compile(r"[^\x00-\x08\x0a-\x5f\x61-\x7f]")  # non-ASCII, tab or backtick


def _confusable_positions(text: str) -> set[int]:
    out: set[int] = set()
    for m in _MIXED_WORD.finditer(text):
        word = m.group()
        if word.isascii():
            continue
        if any(c.isascii() for c in word) or all(c in _CONFUSABLE or not c.isalpha() for c in word):
            out.update(m.start() + i for i, c in enumerate(word) if c in _CONFUSABLE)
        else:
            out.update(m.start() + i for i, c in enumerate(word) if c in _LATIN_LOOKALIKE)
    return out


def _on_latin(text: str, i: int) -> bool:
    """Is the combining mark at `i` on a Latin letter (looking back over other marks and ignorables)?"""
    j = i - 1
    while j >= 0 and (text[j] in _DELETE or unicodedata.category(text[j]) in ("Mn", "Me")):
        j -= 1
    if j < 0 or not text[j].isalpha():
        return False
    return text[j].isascii() or unicodedata.name(text[j], "").startswith("LATIN")


def _may_be_dotted(text: str) -> bool:
    """Does `text` hold a letter, a dot, a letter and a dot in a row (_DOTTED cannot match without)?"""
    for m in _DOT_LETTER_DOT.finditer(text):
        i = m.start()
        if i and text[i - 1] in _ASCII_LETTERS:
            return True
    return False


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


def _fold_chars(text: str) -> tuple[str, OffsetMap]:
    """Character by character: ignorables, spaces, dashes, quotes, look-alikes, NFKC, F.D.A."""
    ascii = text.isascii()
    odd = "`" in text or "\t" in text
    if ascii and not odd and "." not in text:
        return text, IdentityMap(len(text))
    deletions = _dotted_deletions(text) if _may_be_dotted(text) else set()
    # Visit only the characters that may fold (non-ASCII, tab, backtick, dotted-abbreviation
    # dots); everything between them is copied in one piece. In ASCII, only a tab or a backtick.
    todo = [m.start() for m in _MAY_FOLD.finditer(text)] if odd or not ascii else []
    # A look-alike letter is one of the non-ASCII characters visited: without one, no word has any.
    confusable = _confusable_positions(text) if not ascii and any(text[i] in _CONFUSABLE for i in todo) else set()
    if deletions:
        todo = sorted(deletions.union(todo))
    if not todo:  # nothing folds: the text itself, not a copy
        return text, IdentityMap(len(text))
    b = TextBuilder(text)
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
        elif unicodedata.category(c) in ("Mn", "Me") and _on_latin(text, i):
            b.synth("", i, i + 1)  # "F\u0301DA": a mark on a Latin letter hides nothing from a reader
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


# Whitespace runs of any kind (a CRLF soft wrap, an indented continuation line, two spaces) match a
# pattern's single space; a run with a line break stays a line break (a hard break ends a sentence).
# Single capitals spaced or hyphenated out ("F D A", "F-D-A", "F. D. A.") are the abbreviation.
_SPACING = lazy(
    r"(?P<ws>\s{2,}|[^\S \n])"
    r"|(?<![\w.-])(?P<spaced>[A-Z](?:(?:\.?[^\S\n]|-)[A-Z]){2,}(?:\.(?=\s+[a-z]))?)(?!\w)"
)
_SPACING_HINT = re.compile(r"\s\s|[^\S \n]|[A-Z](?:\.? |-)[A-Z]")
_CAPITALS_HINT = re.compile(r"[A-Z](?:\.? |-)[A-Z]")
_ODD_ASCII_SPACE = "\t\r\x0b\x0c\x1c\x1d\x1e\x1f"  # ASCII whitespace other than ' ' and '\n'


def _may_respace(text: str) -> bool:
    """_SPACING_HINT.search(text), with substring tests for plain ASCII (scanned in C, several
    times quicker than the alternation): two spaces or line breaks in a row, an odd space."""
    if not text.isascii():
        return _SPACING_HINT.search(text) is not None
    if text.isprintable():  # no line break and no odd space (each is a control character)
        return "  " in text or _CAPITALS_HINT.search(text) is not None
    return ("  " in text or ("\n" in text and (" \n" in text or "\n " in text or "\n\n" in text))
            or any(c in text for c in _ODD_ASCII_SPACE) or _CAPITALS_HINT.search(text) is not None)


def _fold_spacing(text: str) -> tuple[str, OffsetMap] | None:
    """Collapse whitespace runs and join spaced-out capitals; None when nothing changes."""
    if not _may_respace(text):
        return None
    b = TextBuilder(text)
    run = 0
    changed = False
    for m in _SPACING.finditer(text):
        s, e = m.span()
        if m.group("ws") is not None:
            sep = "\n" if "\n" in m.group() else " "
            if m.group() == sep:
                continue
            b.copy(run, s)
            b.synth(sep, s, e)
        else:
            b.copy(run, s)
            for i in range(s, e):
                if text[i].isalpha():
                    b.copy(i, i + 1)
                else:
                    b.synth("", i, i + 1)
        run, changed = e, True
    if not changed:
        return None
    b.copy(run, len(text))
    return b.text(), b.map


def fold(text: str) -> tuple[str, OffsetMap | Chain]:
    """Fold `text` for matching; returns the folded string and its map back to `text`."""
    folded, fmap = _fold_chars(text)
    spaced = _fold_spacing(folded)
    if spaced is None:
        return folded, fmap
    return spaced[0], Chain(spaced[1], fmap)
