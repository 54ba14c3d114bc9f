"""Shared context filters: negation, hedges, attribution, questions and the subject of a claim.

Each filter explains itself: `judge` returns the action and the reasons, so a dropped or
downgraded candidate can be shown with --explain.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from .rulepack import Rule, Vocabulary
from .sentences import clause_bounds, is_question

NEGATION_WINDOW = 10  # words before a claim that a negation cue may stand in
_WORD = regex.compile(r"\S+")


@dataclass(frozen=True)
class Verdict:
    """keep, drop or downgrade, with the reasons that led there."""

    action: str
    reasons: tuple[str, ...] = ()


def subject_terms(vocab: Vocabulary) -> regex.Pattern:
    """One pattern that finds therapy / approved / device terms (named groups say which)."""
    return vocab.subjects


def _window_start(text: str, cstart: int, mstart: int, words: int) -> int:
    starts = [m.start() for m in _WORD.finditer(text, cstart, mstart)]
    return starts[-words] if len(starts) >= words else cstart


# A claim that is itself a negative phrase ("no side effects", "without risk"): an earlier "no X"
# or "without X" only negates its own noun phrase ("no pain and no downtime"), not this one.
_NEGATIVE_CLAIM = regex.compile(r"(?:no|zero|without|none|free\s+(?:of|from))\b", regex.IGNORECASE)
_DETERMINER_NEGATION = frozenset({"no", "without", "none", "nothing", "zero"})


_VERB = regex.compile(r"\b(?:is|are|was|were|has|have|had|can|could|will|would|should|does|do|did|comes?)\b", regex.I)
# A list item: a few words, no subject pronoun or finite verb of its own ("reverse or").
_SHORT_ITEM = regex.compile(
    r"\s*(?:(?!(?:and|but|so|yet|then|it|they|we|you|he|she|this|these|there|is|are|was|were|has|have|can|will)\b)"
    r"[\w'-]+\s+){0,3}",
    regex.I,
)


def _list_start(text: str, sent_start: int, clause_start: int, mstart: int) -> int:
    """Where negation may reach from: back over short comma-separated list items.

    In "does not prevent, reverse or treat hair loss" the claim's clause is a list item
    (a few words before the claim), so the negation before the comma governs it.
    """
    lo, end = clause_start, mstart
    while lo > sent_start and text[lo - 1:lo] == "," and _SHORT_ITEM.fullmatch(text, lo, end):
        end = lo - 1
        prev = text.rfind(",", sent_start, end)
        lo = prev + 1 if prev >= 0 else sent_start
    return lo


def negation_cue(text: str, start: int, end: int, vocab: Vocabulary, verbal_only: bool = False) -> str | None:
    """The negation cue in text[start:end] that is not a pseudo-negation ('not only').

    With verbal_only (the claim is itself a negative phrase), a determiner 'no X' counts only
    when a verb follows it ("no injection is without risk"), not in a list ("no pain, no risk").
    """
    pseudo = {m.start() for m in vocab.cues["pseudo_negation"].finditer(text, start, end)}
    for m in reversed(list(vocab.cues["negation"].finditer(text, start, end))):
        if m.start() in pseudo:
            continue
        if verbal_only and m.group().lower() in _DETERMINER_NEGATION and not _VERB.search(text, m.end(), end):
            continue
        return m.group()
    return None


def resolve_subject(text: str, sent: tuple[int, int], clause: tuple[int, int], span: tuple[int, int],
                    vocab: Vocabulary, doc_has_therapy: bool) -> tuple[str, str]:
    """What a claim is about: (class, term). Class is therapy, approved, device or unknown.

    A noun right after the claim ("FDA-approved exosomes", "FDA-approved alternatives like
    minoxidil") names it first; otherwise the first term before it in its clause, then in its
    sentence (the subject comes first; later terms sit in modifiers). Generic references ("our treatment", "it") stand for the page's therapy.
    """
    terms = subject_terms(vocab)
    mstart, mend = span
    after_end = min(clause[1], _after_words(text, mend, clause[1], 4))
    stop = _CONTRAST.search(text, mend, after_end)
    m = terms.search(text, mend, stop.start() if stop else after_end)
    if m:
        return m.lastgroup, m.group()
    comp = [m.end() for m in _COMPLEMENTIZER.finditer(text, clause[0], mstart)]
    for lo in ([comp[-1]] if comp else []) + [clause[0], sent[0]]:
        # The first term of a clause is its subject; later ones sit in modifiers
        # ("the devices used to prepare PRP are FDA-cleared"). A 'that'-clause has its own
        # subject ("studies in mice prove that our exosomes regrow hair").
        first = terms.search(text, lo, mstart)
        if first:
            return first.lastgroup, first.group()
    head = _HEAD_NOUN.match(text, mend, after_end)
    if head and doc_has_therapy:  # "our FDA-approved hair restoration package"
        return "therapy", head.group().strip()
    inside = terms.search(text, mstart, mend)
    if inside:
        return inside.lastgroup, inside.group()
    later = terms.search(text, mend, sent[1])  # "Get thicker hair with minoxidil"
    if later:
        return later.lastgroup, later.group()
    if doc_has_therapy and (vocab.cues["generic_subject"].search(text, sent[0], sent[1])
                            or len(_WORD.findall(text, sent[0], mstart)) <= 1):
        # "our treatment", "it", or a slogan with no subject at all: the page's own therapy
        return "therapy", "(the page's therapy)"
    return "unknown", ""


# Words after which a clause with its own subject starts: complementizers, and reporting verbs
# that take a bare content clause ("studies in mice prove exosomes regrow hair").
_COMPLEMENTIZER = regex.compile(
    r"\b(?:that|which|who|(?:show|prove|demonstrate|confirm|suggest|reveal)(?:s|ed|n)?|found|finds)\b", regex.I
)
# A generic head noun right after an adjectival claim: what the claim describes.
_HEAD_NOUN = regex.compile(
    r"\s*(?:[\w-]+\s+){0,3}?(?:treatments?|therap(?:y|ies)|procedures?|programs?|programmes?|packages?|protocols?"
    r"|courses?|regimens?|plans?|injections?|sessions?|serums?|products?|formulas?|facials?|infusions?)\b",
    regex.I,
)
# Words after a claim that introduce something it is contrasted with, or combined with ("an
# FDA-approved regimen pairing minoxidil and PRP": the regimen is the subject), not what it describes.
_CONTRAST = regex.compile(
    r"\b(?:without|unlike|than|instead|compared|versus|vs|over|from|rather|except|not|pair(?:s|ing|ed)"
    r"|combin(?:es|ing|ed)|plus|alongside)\b",
    regex.I,
)


def _after_words(text: str, pos: int, limit: int, words: int) -> int:
    end = pos
    for i, m in enumerate(_WORD.finditer(text, pos, limit)):
        if i >= words:
            break
        end = m.end()
    return end


def judge(rule: Rule, text: str, sent: tuple[int, int], span: tuple[int, int], vocab: Vocabulary,
          doc_has_therapy: bool) -> Verdict:
    """Apply the rule's context settings to one candidate match."""
    ctx = rule.context
    mstart, mend = span
    reasons: list[str] = []
    for pattern in rule.unless:
        hit = pattern.search(text, sent[0], sent[1])
        if hit:
            return Verdict("drop", (f"exception: {hit.group()!r}",))
    if ctx["question"] == "drop" and is_question(text, *sent):
        return Verdict("drop", ("the sentence is a question",))
    clause = clause_bounds(text, sent[0], sent[1], mstart, mend)
    if ctx["negation"] == "drop":
        lo = _list_start(text, sent[0], clause[0], mstart)
        cue = negation_cue(text, _window_start(text, lo, mstart, NEGATION_WINDOW), mstart, vocab,
                           verbal_only=bool(_NEGATIVE_CLAIM.match(text, mstart)))
        if cue:
            return Verdict("drop", (f"negated by {cue!r}",))
    if ctx["attribution"] != "ignore":
        hit = vocab.cues["attribution"].search(text, sent[0], mstart)
        if hit:
            if ctx["attribution"] == "drop":
                return Verdict("drop", (f"attributed to others ({hit.group()!r})",))
            reasons.append(f"attributed ({hit.group()!r})")
    if ctx["subject"] != "any":
        cls, term = resolve_subject(text, sent, clause, span, vocab, doc_has_therapy)
        wanted = {"therapy": ("therapy",), "device": ("device",)}
        if ctx["subject"] in ("not-other", "regulated"):
            # not-other: anything but an approved product; regulated: devices (with their own
            # cleared indications) are not the claim either
            if cls == "approved" or (cls == "device" and ctx["subject"] == "regulated"):
                return Verdict("drop", (f"about another product ({term!r}, {cls})",))
        elif cls not in wanted[ctx["subject"]]:
            if cls == "unknown" and ctx["subject"] == "therapy":
                reasons.append("no regulated therapy named as its subject")
            else:
                return Verdict("drop", (f"about {term!r} ({cls}), not a {ctx['subject']}",))
    if ctx["hedge"] != "ignore":
        doubt = vocab.cues["uncertainty"].search(text, sent[0], sent[1])
        if doubt:  # the writer says it is not established: not a claim
            return Verdict("drop", (f"stated as uncertain ({doubt.group()!r})",))
        hedge = _hedge(text, clause, span, vocab)
        if hedge:
            if ctx["hedge"] == "drop":
                return Verdict("drop", (f"hedged ({hedge!r})",))
            reasons.append(f"hedged ({hedge!r})")
    return Verdict("downgrade" if reasons else "keep", tuple(reasons))


def _hedge(text: str, clause: tuple[int, int], span: tuple[int, int], vocab: Vocabulary) -> str | None:
    m = vocab.cues["hedge"].search(text, clause[0], span[0]) or vocab.cues["hedge_after"].search(text, span[1], clause[1])
    return m.group() if m else None
