"""Sentence and clause boundaries in folded block text."""
from __future__ import annotations

from bisect import bisect_left, bisect_right

import regex

from .lazyregex import lazy

_ABBREV = frozenset(
    "dr mr mrs ms prof st vs etc inc ltd co corp jr sr no nos approx dept fig al ca cf eg ie e.g i.e mt ft".split()
)
# A sentence ends at . ! ? (plus closing quotes/brackets) before whitespace, or at a hard line break.
_END = lazy(r"""[.!?]+["')\]]*(?=\s|$)|\n""")
_LAST_WORD = lazy(r"(\S+)$")
# Clause boundaries: punctuation, and contrast/concession words that end a negation's reach.
_CLAUSE = lazy(
    r"""[,;:()\[\]]|\s[-]{1,2}\s|\s-(?=\s)|
    \b(?:but|however|although|though|whereas|while|whilst|except|unlike|despite|instead)\b|
    \b(?:and|or)\s+(?=(?:is|are|was|were|it|it's|they|they're|we|we're|you|has|have|will|can|also|our|your|their|its)\b)""",
    regex.VERBOSE | regex.IGNORECASE,
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of sentences in `text`, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        if m.group()[0] == ".":  # '!', '?' and line breaks always end a sentence
            word = _LAST_WORD.search(text, max(start, m.start() - 12), m.start())
            token = word.group(1).lower().rstrip(".") if word else ""
            if token in _ABBREV or (len(token) == 1 and token.isalpha()):
                continue
            nxt = text[m.end():m.end() + 3].lstrip()
            if nxt[:1].islower():
                continue
        _add(text, start, m.end() if m.group() != "\n" else m.start(), spans)
        start = m.end()
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def clause_bounds(text: str, sent_start: int, sent_end: int, pos: int, end: int) -> tuple[int, int]:
    """The clause of the sentence containing text[pos:end] (boundaries inside the span are ignored)."""
    return bounds_from_marks(clause_marks(text, sent_start, sent_end), sent_start, sent_end, pos, end)


def clause_marks(text: str, sent_start: int, sent_end: int) -> tuple[list[int], list[int], list[int]]:
    """A sentence's clause boundaries, for bounds_from_marks: their ends, starts, and where a clause
    after each one begins (a word such as 'but' belongs to the clause it opens, punctuation does not)."""
    ends, starts, opens = [], [], []
    for m in _CLAUSE.finditer(text, sent_start, sent_end):
        ends.append(m.end())
        starts.append(m.start())
        opens.append(m.start() if m.group()[0].isalpha() else m.end())
    return ends, starts, opens


def bounds_from_marks(marks, sent_start: int, sent_end: int, pos: int, end: int) -> tuple[int, int]:
    """clause_bounds from a sentence's clause_marks: one sentence's marks serve all its claims."""
    ends, starts, opens = marks
    i = bisect_right(ends, pos)  # boundaries ending at or before the span: the last one opens its clause
    cstart = opens[i - 1] if i else sent_start
    j = bisect_left(starts, end, i)  # the first boundary after the span closes it
    return cstart, starts[j] if j < len(starts) else sent_end


_AUX_QUESTION = lazy(
    r"""["'(\[]*(?:is|are|was|were|can|could|does|do|did|will|would|should|has|have|may|might)\s""", regex.IGNORECASE
)


def is_question(text: str, start: int, end: int) -> bool:
    """A sentence that asks is not a claim: it ends with '?', or it is an unpunctuated heading or
    title that opens with an auxiliary verb ("Can exosome therapy be FDA approved for hair loss")."""
    body = text[start:end].rstrip("\"') ]")
    if body.endswith("?"):
        return True
    return bool(body) and body[-1] not in ".!:;," and bool(_AUX_QUESTION.match(body))
