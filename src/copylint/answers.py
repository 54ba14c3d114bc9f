"""FAQ replies that make a claim: "Are there any side effects?" answered "None at all."

A rule's `answers:` names the question it is about (`question`, searched in a sentence that ends
with "?") and the bare reply that makes the claim (`reply`, at the start of the next sentence,
standing alone up to punctuation, an emoji or a hashtag). The next sentence may be in the same block or open the next
one (a question heading or a bold question, then its answer). A reply that goes on to qualify
itself ("No, but bruising is common") is not the claim: the `answer_caveat` cues say so.
"""
from __future__ import annotations

from collections.abc import Callable

import regex

from .lazyregex import lazy
from .rulepack import Rule, Vocabulary, timed_search

_STOP = lazy(r"[.!?]")
_ANSWER_LABEL = lazy(r"\s*(?:A|Ans|Answer)\s*[:.)\u2013\u2014-]\s*")  # the "A:" of a Q/A pair
# A question put in other words: "Clients often ask us about the risks." is answered like "Any risks?"
_ASKED = lazy(
    r"\b(?:ask(?:s|ed)?|wonder(?:s|ed)?|want(?:s)?\s+to\s+know)\s+(?:us\s+|me\s+)?(?:about|whether|if|how|what|why)\b",
    regex.I)


def _asks(unit, prev) -> bool:
    """Does the block, or the one before it, put a question in other words ("ask us about")?"""
    return any(asks(u) for u in (prev, unit) if u is not None)


def asks(unit) -> bool:
    """Does this block put a question in other words? Asked of each block twice (as itself, then as
    the block before the next), so the answer is kept on the unit (`_asked`, None until known)."""
    known = getattr(unit, "_asked", None)
    if known is None:
        text = unit.text
        known = any(w in text for w in _ASK_HINTS) and _ASKED.search(text) is not None
        unit._asked = known  # noqa: SLF001
    return known


_ASK_HINTS = ("ask", "Ask", "ASK", "onder", "ONDER", "know", "Know", "KNOW")  # ask, wonder, know in any usual casing


def has_question(unit, prev) -> bool:
    """May the block hold a reply (a question mark in it or before it, or a question in other words)?"""
    return "?" in unit.text or (prev is not None and "?" in prev.text) or _asks(unit, prev)


def answer_findings(rules: list[Rule], prev, unit, vocab: Vocabulary, emit: Callable) -> list:
    """The findings of replies in `unit` (its first sentence answering `prev`'s last one, or one of
    its sentences answering the one before it). `emit(rule, unit, span, sent, note)` builds each."""
    if not rules or not has_question(unit, prev):
        return []  # no question, no reply: most blocks are not split into sentences for this
    sents = unit.sentences()
    pairs = []
    if prev is not None and prev.sentences() and sents:
        pairs.append((prev, prev.sentences()[-1], sents[0]))
    pairs.extend((unit, q, a) for q, a in zip(sents, sents[1:], strict=False))
    out = []
    for owner, q, a in pairs:
        question = owner.text[q[0]:q[1]].rstrip()
        if not question.endswith("?") and not _ASKED.search(question):
            continue
        for rule in rules:
            asked, reply = rule.answers
            label = _ANSWER_LABEL.match(unit.text, a[0], a[1])  # "Q: ...? A: None."
            m = reply.match(unit.text, label.end() if label else a[0], a[1])  # first: a bare reply is rare
            if m is None or not timed_search(asked, owner.text, q[0], q[1], f"{rule.source}: rule '{rule.id}': answers"):
                continue
            stop = _STOP.search(unit.text, m.end(), a[1])  # the reply's own sentence ("No. Most ...")
            if timed_search(vocab.cues["answer_caveat"], unit.text, m.end(), stop.start() if stop else a[1]):
                continue  # "No, but bruising is common": the reply qualifies itself
            out.append(emit(rule, unit, (m.end() - len(m.group().lstrip()), m.end()), a,
                            f"replies to the question {question[-60:]!r}"))
    return out
