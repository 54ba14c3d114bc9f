"""Shared context filters: negation, hedges, attribution, questions and the subject of a claim.

Each filter explains itself: `judge` returns the action and the reasons, so a dropped or
downgraded candidate can be shown with --explain.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice, pairwise

import regex

from . import programs
from .anchors import fast
from .cues import cannot_match
from .rulepack import LazyPattern, Rule, Vocabulary, timed_finditer, timed_search
from .sentences import bounds_from_marks, clause_marks, is_question

NEGATION_WINDOW = 10  # words before a claim that a negation cue may stand in
_WORD = programs.compile(r"\S+")
_PARTICIPLE = programs.compile(r"\s*(?:and\s+)?\w+ing\b", regex.I)
# Where a claim is not asserted as the sentence's own predicate: in a relative clause ("factors
# that stimulate follicles"), a purpose infinitive ("injected to stimulate growth") or a
# participle ("stimulating collagen").
_SUBORDINATE_BEFORE = programs.compile(r"(?:\b(?:that|which|who|whose|to|for|by|of|in|help|helps|helping)\s+)$", regex.I)
# A clause that opens with a to-infinitive is a purpose or an indication ("- To soften wrinkles or
# scars"), also when the claim is the second verb of it ("To decrease or eliminate wrinkles").
_PURPOSE_START = programs.compile(r"\W*to\s+(?:[\w-]+\s*(?:,|or|and|and/or)\s+)*", regex.I)
# Verbs of operating whose to-infinitive is the result claimed: "works to restore", "act to renew".
_ACTS_TO = programs.compile(
    r"\b(?:works?|worked|acts?|acted|functions?|functioned|combines?|combined|team(?:s|ed)?\s+up)\b"
    r"(?:\s+(?:together|directly|naturally|quickly|synergistically|in\s+synergy))?\s+to\s*$",
    regex.I,
)
# A relative clause on a treatment word: "a therapy that regrows hair", "the serum which restores".
_TREATMENT_THAT = programs.compile(
    r"\b(?:therap(?:y|ies)|treatments?|serums?|injections?|infusions?|drips?|shots?|protocols?|procedures?"
    r"|boosters?|facials?|formulas?|products?|exosomes|PRP|PRF|peptides?)\s+(?:that|which|to)\s+$",
    regex.I,
)
# Causative verbs whose object's to-infinitive is the result claimed: "activates your dormant stem
# cells to rebuild", "signals follicles to grow", "uses your own platelets to repair cartilage".
_CAUSES_TO = programs.compile(
    r"\b(?:activat|stimulat|signal|trigger|prompt|encourag|instruct|coax|switch|wak|caus|harness|leverag|us(?=e[sd]?\b|ing\b))\w*"
    r"\s+(?:[\w'-]+\s+){1,4}?to\s*$",
    regex.I,
)
# A treatment called the means to a result: "is a natural way to strengthen", "the best option to
# rebuild". The to-infinitive is what the treatment is said to do.
_MEANS_TO = programs.compile(
    r"\b(?:is|are|'s|'re|offers?|provides?)\s+(?:(?:a|an|the|one|your|our)\s+)(?:[\w-]+\s+){0,3}?"
    r"(?:way|ways|means|method|option|solution|answer|approach|tool|treatment|therapy|choice|remedy)\s+to\s*$",
    regex.I,
)
# How an introductory phrase opens ("In recent years, ...", "Until now, ...", "When used, ...").
_OPENING_PHRASE = programs.compile(
    r"\W*(?:in|up|after|before|with|without|for|during|since|until|till|over|at|by|on|when|whenever|if|as|once"
    r"|while|whilst|although|though|because|unlike|like|from|to|of|thanks|due|following|compared|besides)\b",
    regex.I,
)
# Where the content of an embedded question ("asks whether ...") ends.
_QUESTION_SCOPE_END = programs.compile(r"[;:]|,\s*(?:and|but|or|then|so|yet)\b", regex.I)
# Before an -ing verb, what keeps it a main verb's complement ("start producing hair") or a result
# participle ("..., prompting regrowth") rather than a gerund subject or a title ("Restoring hair").
_RESULT_BEFORE_ING = programs.compile(
    r"\b(?:start(?:s|ed)?|begin(?:s)?|began|keep(?:s)?|kept|continu(?:e|es|ed)|resum(?:e|es|ed)|get(?:s)?|got|set(?:s)?"
    r"|are|is|be|been|was|were)\s+(?:\w+\s+)?$",
    regex.I,
)
_MENTION_AFTER = programs.compile(r"\s*(?:claims?|labels?|labell?ing|language|wording|statements?|badges?|stickers?|terms?|phrases?)\b", regex.I)
_MENTION_BEFORE = programs.compile(
    r"\b(?:the\s+(?:term|phrase|word|words|label|claim)|labell?ed|called|branded|the\s+words?"
    r"|(?:claims?|wording|slogan|statement|phrase|term|label|tagline|headline)\s*[,:]?"
    r"|(?:red\s+flags?|warning\s+signs?)(?:\s+(?:to\s+)?(?:watch|look)\s+(?:out\s+)?for)?\s*[,:]?|(?:phrases|words|claims)\s+(?:like|such\s+as)"
    r"|(?:sellers?|vendors?|ads?|adverts?|offers?|marketing|promises?)\s+(?:of|for)\s*"
    r"|(?:call|calls|called|calling|label|labels|labelled|labeled|labelling|labeling|brand|brands|branded|branding|describ(?:e|es|ed|ing))\s+(?:\S+\s+){0,3}?(?:as\s+)?)\s*$",
    regex.I)
# an -ing form; verbs whose stem ends in "ing" ("bring", "spring") are not gerunds
_ING = programs.compile(r"(?!(?:bring|sing|spring|string|sting|swing|cling|fling|sling|wring|ring)\b)\w+ing\b", regex.I)
_AUX = programs.compile(r"\b(?:is|are|was|were|be|been|can|could|will|would|may|might|must|should|does|do|did|has|have|had|'s|'re)\b", regex.I)
_VERB_LISTS = frozenset({"outcome", "mechanism", "treat", "cure", "certainty", "can", "slim", "perceive", "used_for",
                         "leave", "works_well"})


@dataclass(frozen=True)
class Verdict:
    """keep, drop or downgrade, with the reasons that led there."""

    action: str
    reasons: tuple[str, ...] = ()


def subject_terms(vocab: Vocabulary) -> regex.Pattern:
    """One pattern that finds therapy / approved / device terms (named groups say which)."""
    return vocab.subjects


_WORD_BACK = programs.compile(r"(?r)\S+")  # the words of a stretch, last first (the same runs as _WORD's)


def _window_start(text: str, cstart: int, mstart: int, words: int) -> int:
    """Where the last `words` words before mstart start (cstart if there are fewer): read from the end,
    so a long clause costs no more than a short one."""
    m = next(islice(_WORD_BACK.finditer(text, cstart, mstart), words - 1, None), None)
    return cstart if m is None else m.start()


# A claim that is itself a negative phrase ("no side effects", "without risk"): an earlier "no X"
# or "without X" only negates its own noun phrase ("no pain and no downtime"), not this one.
_NEGATIVE_CLAIM = programs.compile(r"(?:no|zero|without|none|nothing|free\s+(?:of|from))\b", regex.IGNORECASE)
_DETERMINER_NEGATION = frozenset({"no", "without", "none", "nothing", "zero"})


_VERB = programs.compile(r"\b(?:is|are|was|were|has|have|had|can|could|will|would|should|does|do|did|comes?)\b", regex.I)
# A list item: a few words, no subject pronoun or finite verb of its own ("reverse or").
_SHORT_ITEM = programs.compile(
    r"\s*(?:(?!(?:and|but|so|yet|then|it|they|we|you|he|she|this|these|there|is|are|was|were|has|have|can|will)\b)"
    r"[\w'-]+\s*){0,3}",  # the item's last word may end at its comma ("diagnose, treat, cure, or prevent")
    regex.I,
)


class _BlockMemo:
    """Rule-independent answers about the block being judged (clause bounds, cues, subject): several
    rules judge the same sentence, often the same span, and ask the same questions of it. Kept for
    one block of one vocabulary at a time, so it is bounded by the block."""

    __slots__ = ("state",)

    def __init__(self):
        self.state: tuple = (None, None, {})  # (text, vocab, answers): replaced whole, read once per call,
        # so a thread never files an answer under another thread's block

    def values(self, text: str, vocab) -> dict:
        """The answers kept for this block (a new, empty dict when the block changed)."""
        state = self.state
        if state[0] is not text or state[1] is not vocab:
            state = self.state = (text, vocab, {})
        return state[2]

    def get(self, text: str, vocab, key: tuple, compute: Callable):
        return _ask(self.values(text, vocab), key, compute)


_UNSET = object()


def _ask(memo: dict, key, compute: Callable):
    """memo[key], worked out by compute() the first time (None is an answer too)."""
    value = memo.get(key, _UNSET)
    if value is _UNSET:
        value = memo[key] = compute()
    return value


_MEMO = _BlockMemo()


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
    return _negation_in(_MEMO.values(text, vocab), text, start, end, vocab, verbal_only)


def _negation_in(memo: dict, text: str, start: int, end: int, vocab: Vocabulary, verbal_only: bool = False):
    return _ask(memo, ("negation", start, end, verbal_only), lambda: _negation_cue(text, start, end, vocab, verbal_only))


def _negation_cue(text: str, start: int, end: int, vocab: Vocabulary, verbal_only: bool) -> str | None:
    if cannot_match(vocab.cues["negation"], text):
        return None
    pseudo = {m.start() for m in timed_finditer(vocab.cues["pseudo_negation"], text, start, end)}
    for m in reversed(timed_finditer(vocab.cues["negation"], text, start, end)):
        if m.start() in pseudo:
            continue
        if verbal_only and m.group().lower() in _DETERMINER_NEGATION and not _VERB.search(text, m.end(), end):
            continue
        return m.group()
    return None


def resolve_subject(text: str, sent: tuple[int, int], clause: tuple[int, int], span: tuple[int, int],
                    vocab: Vocabulary, page: str) -> tuple[str, str]:
    """What a claim is about: (class, term). Class is therapy, approved, device or unknown.

    A noun right after the claim ("FDA-approved exosomes", "FDA-approved alternatives like
    minoxidil") names it first; otherwise the first term before it in its clause, then in its
    sentence (the subject comes first; later terms sit in modifiers). Generic references ("our treatment",
    "it") and subjectless slogans stand for what the page is about: `page` is "therapy" (it names a
    regulated therapy), "approved" or "device" (it names only an approved product or a device), or "".
    """
    return _subject_in(_MEMO.values(text, vocab), text, sent, clause, span, vocab, page)


def _subject_in(memo: dict, text: str, sent: tuple[int, int], clause: tuple[int, int], span: tuple[int, int],
                vocab: Vocabulary, page: str) -> tuple[str, str]:
    return _ask(memo, ("subject", sent, clause, span, page), lambda: _instance(text, sent, vocab, _compounded(
        text, sent, clause, vocab, _resolve_subject(memo, text, sent, clause, span, vocab, page))))


# A class of therapies narrowed to a named product: "Testosterone pellets (Testopel) are ...",
# "Some peptides, such as tesamorelin, are ...". Not "like": "Our serum, like Botox, is FDA-approved"
# compares the serum with Botox.
_NAMED_AS = programs.compile(r"\s*(?:\(\s*(?:(?:e\.g\.|for\s+example|for\s+instance|such\s+as|like|i\.e\.),?\s+)?|,?\s*(?:such\s+as|including|e\.g\.,?|for\s+example,?|namely)\s+)", regex.I)
_SOME_BEFORE = programs.compile(r"\b(?:some|certain|a\s+few|only\s+a\s+few|several|a\s+handful\s+of|one\s+or\s+two)\s+(?:[\w-]+\s+){0,2}$", regex.I)
_SUCH_AS = programs.compile(r",?\s*\b(?:such\s+as|including|e\.g\.,?|for\s+example,?|namely)\s+", regex.I)


def _instance(text: str, sent: tuple[int, int], vocab: Vocabulary, subject: tuple[str, str]) -> tuple[str, str]:
    """A regulated therapy named only as the class of an approved product the sentence names as its
    instance (in brackets or after "such as" right after it; or after "some" anywhere later in the
    sentence) is that product: "Some peptides are FDA-approved for one use, such as tesamorelin"."""
    kind, term = subject
    if kind != "therapy" or not term:
        return subject
    terms = fast(subject_terms(vocab))
    for m in regex.finditer(regex.escape(term), text[sent[0]:sent[1]], regex.I):
        at, end = sent[0] + m.start(), sent[0] + m.end()
        named = _NAMED_AS.match(text, end, sent[1])
        spots = [named.end()] if named else []
        if _SOME_BEFORE.search(text, max(sent[0], at - 40), at):
            spots += [x.end() for x in _SUCH_AS.finditer(text, end, sent[1])]
        for spot in spots:
            product = terms.search(text, spot, sent[1])
            if product is not None and product.start() == spot and product.lastgroup == "approved":
                return "approved", product.group()
        break  # the therapy's first mention is the subject's
    return subject


def _compounded(text: str, sent: tuple[int, int], clause: tuple[int, int], vocab: Vocabulary,
                subject: tuple[str, str]) -> tuple[str, str]:
    """An approved molecule made by a compounding pharmacy ("semaglutide from our partner pharmacy",
    "our semaglutide ... than the brand-name version") is not the approved drug: a regulated therapy.
    The cue may stand anywhere in the sentence that no contrast divides ("Our semaglutide is FDA
    approved, prepared by our partner pharmacy"; not "Semaglutide is approved as Wegovy, but
    compounded versions are not")."""
    kind, term = subject
    if kind != "approved" or term.casefold() not in _words(vocab, "compoundable"):
        return subject
    if _cue_in(text, clause, vocab, "compounded"):
        return "therapy", term
    hit = _MADE_BY_PHARMACY.search(text, sent[0], sent[1])
    if hit is not None and not _DIVIDED.search(text, min(hit.start(), clause[0]), max(hit.start(), clause[0])):
        return "therapy", term
    return subject


# Elsewhere in the sentence, only the product's own making counts: "prepared fresh by our partner
# pharmacy", "compounded in a 503B facility" (not "compounded versions are sold too").
_MADE_BY_PHARMACY = programs.compile(
    r"\b(?:compounded|prepared|made|mixed|produced|formulated)\s+(?:fresh\s+|locally\s+|weekly\s+)?(?:\w+\s+){0,2}?"
    r"(?:by|at|in|from)\s+(?:(?:a|an|our|the|its|their)\s+)?(?:[\w-]+\s+){0,2}?(?:pharmac(?:y|ies)|503[AB]|outsourcing\s+facilit(?:y|ies))",
    regex.I)
# What sets one part of a sentence against another: "..., but compounded versions are not".
_DIVIDED = programs.compile(r"\b(?:but|while|whereas|however|unlike|although|though|yet|except)\b|;", regex.I)


def _cue_in(text: str, span: tuple[int, int], vocab: Vocabulary, name: str) -> bool:
    cue = vocab.cues.get(name)
    return cue is not None and timed_search(cue, text, span[0], span[1]) is not None


def _resolve_subject(memo: dict, text: str, sent: tuple[int, int], clause: tuple[int, int], span: tuple[int, int],
                     vocab: Vocabulary, page: str) -> tuple[str, str]:
    terms = _ask(memo, ("terms", sent), lambda: _TermIndex(subject_terms(vocab), text, sent))
    mstart, mend = span
    after_end = min(clause[1], _after_words(text, mend, clause[1], 4))
    stop = _CONTRAST.search(text, mend, after_end) or _PURPOSE.search(text, mend, after_end)
    m = terms.search(mend, stop.start() if stop else after_end)
    if m:
        return _predicate_noun_subject(text, clause, mstart, m, terms, vocab) or (m.lastgroup, m.group())
    comp = [m.end() for m in _COMPLEMENTIZER.finditer(text, clause[0], mstart)]
    for lo in ([comp[-1]] if comp else []) + [clause[0], sent[0]]:
        # The first term of a clause is its subject; later ones sit in modifiers
        # ("the devices used to prepare PRP are FDA-cleared"). A 'that'-clause has its own
        # subject ("studies in mice prove that our exosomes regrow hair").
        first = terms.search(lo, mstart)
        while first and FREE_OF.match(text, first.end()):  # "Botox-free": the product it does without
            first = terms.search(first.end(), mstart)
        if first:
            if comp and first.end() <= comp[-1] and _REPORTS.match(text, first.end()):
                break  # "studies show that ...": the studies report the claim, they are not its subject
            return (_with_partner(text, first, terms, mstart) or _compound_head(text, first, terms, mstart, vocab)
                    or (first.lastgroup, first.group()))
    head = _HEAD_NOUN.match(text, mend, after_end)
    if head and page == "therapy":  # "our FDA-approved hair restoration package"
        return "therapy", head.group().strip()
    inside = _named(terms, mstart, mend, vocab)  # "backed by 300 studies": 'studies' names no product
    if inside:
        return inside.lastgroup, inside.group()
    rival = _CONTRAST.search(text, mend, sent[1])  # "regrow your hairline without surgery": not its subject
    later = terms.search(mend, rival.start() if rival else sent[1])  # "Get thicker hair with minoxidil"
    if later:
        return later.lastgroup, later.group()
    if _PRONOUN_START.match(text, sent[0], mstart):
        earlier = _previous_subject(text, sent, vocab)
        if earlier:  # "Liposuction removes fat. Done well, this can bring dramatic results."
            return earlier
    if page and (timed_search(vocab.cues["generic_subject"], text, sent[0], sent[1])
                 or len(_WORD.findall(text, sent[0], mstart)) <= 1):
        # "our treatment", "it", or a slogan with no subject at all: what the page is about (its
        # therapy, or on a page that names none, the approved product or device it presents)
        return page, f"(the page's {'therapy' if page == 'therapy' else 'product'})"
    return "unknown", ""


# "X are FDA-approved devices": the words between a subject and a claim that makes a predicate noun.
_COPULA_BETWEEN = programs.compile(r"(?:\s+[\w-]+){0,2}?\s+(?:is|are|was|were|'s|'re)\s+(?:(?:an?|the|all)\s+)?", regex.I)


def _predicate_noun_subject(text: str, clause: tuple[int, int], mstart: int, after, terms, vocab: Vocabulary):
    """'Hyaluronic fillers are FDA-approved devices', 'HIFU is an FDA-approved facelift': a generic
    noun, a procedure or a product after the claim is the predicate of the clause's subject, which
    is what the claim is about (a regulated therapy there stays the subject: 'Botox is an FDA-approved
    exosome booster' is about the booster)."""
    if after.lastgroup == "therapy" and after.group().casefold() not in _words(vocab, "generic_product"):
        return None
    first = _named(terms, clause[0], mstart, vocab)
    if (first and _COPULA_BETWEEN.fullmatch(text, first.end(), mstart)
            and not _RELATIVE.search(text, clause[0], first.start())):  # "the kit that spins your PRP is ..."
        return first.lastgroup, first.group()
    return None


_WORDS: dict[tuple[int, str], tuple] = {}  # (id(vocab), name) -> (vocab, its list, the list's words case-folded)


def _words(vocab: Vocabulary, name: str) -> frozenset[str]:
    """A named list's entries, case-folded (worked out once per vocabulary and list, not per block)."""
    entries = vocab.lists.get(name, ())
    got = _WORDS.get((id(vocab), name))
    if got is None or got[0] is not vocab or got[1] is not entries:
        if len(_WORDS) > 256:
            _WORDS.clear()
        got = _WORDS[(id(vocab), name)] = (vocab, entries, frozenset(w.casefold() for w in entries))
    return got[2]


def _named(terms, lo: int, hi: int, vocab: Vocabulary):
    """The first term in text[lo:hi] that names a product: generic words ("studies", "system") do not."""
    generic = _words(vocab, "generic_product")
    m = terms.search(lo, hi)
    while m and m.group().casefold() in generic:
        m = terms.search(m.end(), hi)
    return m


# What joins a partner to a subject: "microneedling plus exosomes", "minoxidil and PRP".
_PARTNER = programs.compile(
    r"\s*(?:\+|&|,?\s*(?:plus|with|and|combined\s+with|paired\s+with|together\s+with|followed\s+by))\s+"
    r"(?:(?:the|our|your|a|an)\s+)?", regex.I)


def _with_partner(text: str, first, terms, before: int) -> tuple[str, str] | None:
    """A device or approved product paired with a regulated therapy ("microneedling plus exosomes"):
    the claim is about the pair, so about the therapy."""
    if first.lastgroup == "therapy":
        return None
    join = _PARTNER.match(text, first.end(), before)
    partner = terms.search(join.end(), before) if join else None
    if partner and partner.start() == join.end() and partner.lastgroup == "therapy":
        return "therapy", partner.group()
    return None


# Generic device words that, after a therapy, still name the thing itself ("a PRP centrifuge"); a
# "stem cell kit" or an "exosome system" is the therapy sold as a product.
_DEVICE_HEADS = frozenset({"centrifuge", "centrifuges", "device", "devices", "medical device", "machine", "machines",
                           "equipment"})


def _compound_head(text: str, first, terms, before: int, vocab: Vocabulary) -> tuple[str, str] | None:
    """A therapy word used as a modifier of the device right after it ("the PRP centrifuge", "an
    HBOT-style chamber" is not one): the compound names the device."""
    if first.lastgroup != "therapy":
        return None
    head = terms.search(first.end(), before)
    if head is None or head.lastgroup != "device" or text[first.end():head.start()] not in (" ", "-"):
        return None
    word = head.group().casefold()
    if word in _words(vocab, "generic_product") and word not in _DEVICE_HEADS:
        return None
    return "device", head.group()


# A sentence whose subject is a pronoun, after at most a short opening phrase: "It works ...",
# "Done well, this can ...".
_PRONOUN_START = programs.compile(r"\W*(?:[^,.;:]{1,30},\s*)?(?:it|this|they|these|that)\b", regex.I)
_SENTENCE_END = programs.compile(r"[.!?][\"')\]\u201d\u2019]*\s+$")


def _previous_subject(text: str, sent: tuple[int, int], vocab: Vocabulary) -> tuple[str, str] | None:
    """The product a pronoun points back to: the first term of the sentence before, in the same
    block, if that is an approved product or a device (a therapy is what the page is about anyway)."""
    end = sent[0]
    if not _SENTENCE_END.search(text, max(0, end - 4), end):
        return None
    start = max(text.rfind(mark, 0, end - 2) for mark in ".!?\n") + 1
    m = fast(subject_terms(vocab)).search(text, start, end)
    return (m.lastgroup, m.group()) if m and m.lastgroup in ("approved", "device") else None


class _TermIndex:
    """Every therapy/approved/device term of one sentence, found in one pass; a search for the first
    term in a stretch of it is a bisection. Where a term runs over the stretch's start or end, the
    stretch is searched itself, so every answer is the one `terms.search(text, lo, hi)` gives."""

    def __init__(self, terms, text: str, sent: tuple[int, int]):
        self.terms, self.text = terms, text
        self.matches = list(fast(terms).finditer(text, sent[0], sent[1]))
        self.starts = [m.start() for m in self.matches]

    def search(self, lo: int, hi: int):
        i = bisect_left(self.starts, lo)
        if i and self.matches[i - 1].end() > lo:
            return self.terms.search(self.text, lo, hi)  # a term runs over lo: read on from lo
        if i < len(self.matches) and self.starts[i] < hi:
            m = self.matches[i]
            return m if m.end() <= hi else self.terms.search(self.text, lo, hi)
        return None


# Words after which a clause with its own subject starts: complementizers, and reporting verbs
# that take a bare content clause ("studies in mice prove exosomes regrow hair").
_COMPLEMENTIZER = programs.compile(
    r"\b(?:that|which|who|(?:show|prove|demonstrate|confirm|suggest|reveal)(?:s|ed|n)?|found|finds)\b", regex.I
)
# "-free" after a product: "Botox-free wrinkle relief", "surgery-free" name what the claim does without.
FREE_OF = programs.compile(r"[\s-]free\b", regex.I)
# A reporting verb right after a term: "Studies (that) show", "trials found" (see _COMPLEMENTIZER).
_REPORTS = programs.compile(
    r"\s+(?:that\s+|which\s+|have\s+|has\s+)?(?:show|shows|showed|shown|prove|proves|proved|proven|demonstrat\w*"
    r"|confirm\w*|suggest\w*|reveal\w*|found|finds|indicat\w*)\b",
    regex.I,
)
# A generic head noun right after an adjectival claim: what the claim describes.
_HEAD_NOUN = programs.compile(
    r"\s*(?:[\w-]+\s+){0,3}?(?:treatments?|therap(?:y|ies)|procedures?|programs?|programmes?|packages?|protocols?"
    r"|courses?|regimens?|plans?|injections?|sessions?|serums?|products?|formulas?|facials?|infusions?)\b",
    regex.I,
)
# Words after a claim that introduce something it is contrasted with, or combined with ("an
# FDA-approved regimen pairing minoxidil and PRP": the regimen is the subject), not what it describes.
# "FDA-cleared to prepare PRP", "for preparing PRP": what follows a purpose is what the product is used on, not the product
_PURPOSE = programs.compile(
    r"\b(?:to\s+(?!be\b|treat\b)(?:prepare|process|spin|separate|concentrate|make|produce|draw|collect|harvest|isolate|deliver"
    r"|apply|inject|administer)|for\s+(?:preparing|processing|spinning|separating|concentrating|making|producing|drawing"
    r"|collecting|harvesting|isolating|delivering|applying|injecting|administering|the\s+preparation\s+of))\b", regex.I)
_CONTRAST = programs.compile(
    r"\b(?:without|unlike|like|than|as|instead|compared|versus|vs|over|from|rather|except|not|no|pair(?:s|ing|ed)"
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


INDICATION_REACH = 60  # characters before a claim searched for "approved for" and the like


@dataclass(slots=True)
class Claim:
    """One candidate match and what the filters may read around it (filters read it, never change it)."""

    rule: Rule
    text: str
    sent: tuple[int, int]
    span: tuple[int, int]
    clause: tuple[int, int]
    vocab: Vocabulary
    doc: DocContext
    slots: tuple = ()  # a frame match's filled slots: (slot, words, start), in order
    memo: dict = field(default_factory=dict, repr=False, compare=False)  # the block's answers (see _BlockMemo)


@dataclass(frozen=True)
class DocContext:
    """What the whole page tells about a claim: does it name a regulated therapy, what kind of page it is."""

    has_therapy: bool = False
    genre: str = "marketing"  # marketing | reported (news, regulator notices, rulings, research summaries)
    therapy: str = ""  # the page's first mention of a regulated therapy, as written
    product: str = ""  # on a page naming no regulated therapy: "approved" or "device" if it names one
    disclosed: bool = False  # the page states the regulatory status of what it offers

    @property
    def page(self) -> str:
        """What the page is about, for claims that do not name their subject: therapy, approved, device or ''."""
        return "therapy" if self.has_therapy else self.product


# A filter reads a claim and says nothing (None), or ("drop" | "downgrade", reason).
Filter = Callable[[Claim], "tuple[str, str] | None"]
FILTERS: list[tuple[str, Filter]] = []
_APPLIES: dict[Filter, Callable[[Rule], bool]] = {}
_CHAINS: dict[int, tuple] = {}  # id(rule) -> (rule, len(FILTERS) then, the filters that apply to it)
_KEEP = Verdict("keep")  # shared: a Verdict is frozen


def register(name: str, applies: Callable[[Rule], bool] | None = None):
    """Add a filter to the shared stage; they run in registration order and the first drop wins.

    `applies(rule)`: False when the filter says nothing about any claim of that rule (its context
    settings or category rule it out), so the rule's claims skip it."""
    def add(fn: Filter) -> Filter:
        FILTERS.append((name, fn))
        if applies is not None:
            _APPLIES[fn] = applies
        _CHAINS.clear()
        return fn
    return add


def _chain(rule: Rule) -> tuple[Filter, ...]:
    """The filters that may say something about the rule's claims, in registration order (kept per rule)."""
    got = _CHAINS.get(id(rule))
    if got is None or got[0] is not rule or got[1] != len(FILTERS):
        if len(_CHAINS) > 4096:
            _CHAINS.clear()
        fns = tuple(fn for _, fn in FILTERS if fn not in _APPLIES or _APPLIES[fn](rule))
        got = _CHAINS[id(rule)] = (rule, len(FILTERS), fns)
    return got[2]


def judge(rule: Rule, text: str, sent: tuple[int, int], span: tuple[int, int], vocab: Vocabulary,
          doc: DocContext | bool = False, slots: tuple = ()) -> Verdict:
    """Apply the rule's context settings to one candidate match: the filters in turn."""
    if isinstance(doc, bool):
        doc = DocContext(has_therapy=doc)
    memo = _MEMO.values(text, vocab)  # read once: every answer below is filed under this block
    claim = Claim(rule, text, sent, span, _clause_in(memo, text, sent, span), vocab, doc, slots, memo)
    reasons = None
    for fn in _chain(rule):
        said = fn(claim)
        if said is None:
            continue
        action, reason = said
        if action == "drop":
            return Verdict("drop", (reason,))
        reasons = [reason] if reasons is None else [*reasons, reason]
    return _KEEP if reasons is None else Verdict("downgrade", tuple(reasons))


def claim_clause(text: str, sent: tuple[int, int], span: tuple[int, int], vocab: Vocabulary) -> tuple[int, int]:
    """The bounds of the clause holding `span` in its sentence (see sentences.clause_bounds)."""
    return _clause_in(_MEMO.values(text, vocab), text, sent, span)


def _clause_in(memo: dict, text: str, sent: tuple[int, int], span: tuple[int, int]) -> tuple[int, int]:
    marks = memo.get(("clause marks", sent), _UNSET)
    if marks is _UNSET:
        marks = memo[("clause marks", sent)] = clause_marks(text, *sent)
    return bounds_from_marks(marks, sent[0], sent[1], *span)


def _cue(claim: Claim, name: str, lo: int, hi: int):
    if hi <= lo:
        return None
    cue = claim.vocab.cues[name]
    if cannot_match(cue, claim.text):
        return None
    memo, key = claim.memo, (name, lo, hi)
    hit = memo.get(key, _UNSET)
    if hit is _UNSET:
        hit = memo[key] = timed_search(cue, claim.text, lo, hi)
    return hit


@register("exception", lambda rule: bool(rule.unless))
def _exception(c: Claim):
    memo = c.memo
    for pattern in _unless_to_search(c):  # per sentence: a rule often matches a sentence more than once
        key = ("unless", id(pattern), c.sent)
        hit = memo.get(key, _UNSET)
        if hit is _UNSET:
            hit = memo[key] = timed_search(fast(pattern), c.text, c.sent[0], c.sent[1],
                                           f"{c.rule.source}: rule '{c.rule.id}': unless")
        if hit:
            return "drop", f"exception: {hit.group()!r}"
    return None


UNLESS_JOIN_AFTER = 32  # claims of a rule judged before its unless patterns are joined (a small draft never pays for it)
# Searched alone, never joined into one alternation: global flags, \G, backreferences, fuzziness.
_ALONE = programs.compile(r"\(\?[a-zA-Z^-]+\)|\\G|\\[1-9]|\(\?P=|\\g<|\{[^{}]*[eisd]\s*<")
_JOINED: dict[int, list] = {}  # id(rule.unless) -> [unless, sentences asked about, joined pattern, alone]


def _unless_to_search(c: Claim) -> tuple:
    """The rule's unless patterns worth searching in the claim's sentence, in the rule's order: all of
    them, or once they are joined (one alternation of those that can be), only those searched
    alone when the alternation finds nothing there. An alternation matches where one of its
    branches does, so it finds nothing only where none of them matches."""
    unless = c.rule.unless
    entry = _JOINED.get(id(unless))
    if entry is None or entry[0] is not unless:
        if len(_JOINED) > 1024:
            _JOINED.clear()
        entry = _JOINED[id(unless)] = [unless, 0, None, unless]
    if entry[2] is None:
        entry[1] += 1
        if entry[1] < UNLESS_JOIN_AFTER:
            return unless
        entry[2], entry[3] = _join(unless, c.vocab.lists)
    key = ("unless joined", id(entry[2]), c.sent)
    hit = c.memo.get(key, _UNSET)
    if hit is _UNSET:
        hit = c.memo[key] = timed_search(entry[2], c.text, c.sent[0], c.sent[1],
                                         f"{c.rule.source}: rule '{c.rule.id}': unless")
    return unless if hit else entry[3]


_NEVER = programs.compile(r"(?!)")


def _join(unless: tuple, lists: dict) -> tuple:
    """(the alternation of the patterns that can be joined, the others); (a pattern that never matches, all) if none can."""
    joined = [p for p in unless if not _ALONE.search(p.pattern)]
    alone = tuple(p for p in unless if _ALONE.search(p.pattern))
    if len(joined) < 2:
        return _NEVER, unless
    try:
        pattern = LazyPattern("|".join(f"(?:{p.pattern})" for p in joined), "unless", lists).compile()
    except Exception:  # noqa: BLE001 - a join that does not compile: search them one by one, as before
        return _NEVER, unless
    return pattern, alone


@register("question", lambda rule: rule.context["question"] == "drop")
def _question(c: Claim):
    if c.rule.context["question"] != "drop":
        return None
    if _ask(c.memo, ("question", c.sent), lambda: is_question(c.text, *c.sent)):
        return "drop", "the sentence is a question"
    if cannot_match(c.vocab.cues["embedded_question"], c.text):
        return None  # no "whether", "asks if" ... in the block: where its content ends does not matter
    lo = c.sent[0]
    for m in _QUESTION_SCOPE_END.finditer(c.text, c.sent[0], c.span[0]):
        lo = m.end()  # a question's content runs to a semicolon, a colon or a new coordinated clause
    hit = _cue(c, "embedded_question", lo, c.span[0])
    if hit:  # "asks whether a product is approved": the claim is the question's content
        return "drop", f"an embedded question ({hit.group()!r})"
    return None


def _is_verb_slot(slot: str) -> bool:
    """Is a frame slot ('{mechanism|outcome}') filled from a verb list?"""
    return any(name in _VERB_LISTS for name in slot.strip("{}").split("|"))


_CLAIMS_OF_EFFECT = ("disease-claim", "efficacy-claim")


@register("topic", lambda rule: rule.category in _CLAIMS_OF_EFFECT)
def _topic(c: Claim):
    """A title that only names a topic ("Stem cell therapy for knee pain") asserts nothing; a title
    with a verb ("Baldness banished", "Cure thinning hair") still does."""
    body = c.text[c.sent[0]:c.sent[1]]
    if c.rule.category not in ("disease-claim", "efficacy-claim") or body[-1:] in ".!?:;" or len(body.split()) > 14 or _AUX.search(body):
        return None
    # a verb-list word right before "for" is a noun there: "Natural cure for thinning hair"
    verbs = [w for slot, w, at in c.slots
             if _is_verb_slot(slot) and not c.text[at + len(w):at + len(w) + 5].lower() == " for "]
    if verbs and not all(_ING.fullmatch(v.split()[0]) for v in verbs):
        return None
    after_for = c.text[max(c.sent[0], c.span[0] - 5):c.span[0]].lower() == " for "  # "X for Treating Y"
    if not after_for and " for " not in c.text[c.span[0]:c.sent[1]].lower():  # "X for Y", "Using X for treating Y"
        return None
    return "drop", "a title that names a topic"


# A discourse noun whose object the claim is: "any discussion of stem cell therapy for back pain",
# "our guide to PRP for knee arthritis" name a topic, they do not claim it.
_DISCOURSE = programs.compile(
    r"\b(?:discussion|article|guide|overview|review|introduction|questions?|FAQs?|information|blog|post|webinar"
    r"|seminar|talk|video|podcast|debate|research|literature)\s+(?:of|on|about|into|regarding|to)\s+"
    r"(?:(?!(?:is|are|was|were|shows?|showed|shown|proves?|proved|found|finds|has|have|had|can|will|does|do|did)\b)[\w'+-]+\s+){0,4}$",
    regex.I,
)


@register("discourse", lambda rule: rule.category in _CLAIMS_OF_EFFECT)
def _discourse(c: Claim):
    if c.rule.category not in ("disease-claim", "efficacy-claim"):
        return None
    hit = _DISCOURSE.search(c.text, max(c.clause[0], c.span[0] - 80), c.span[0])
    return ("drop", f"a topic talked about ({hit.group().strip()!r})") if hit else None


@register("mention")
def _mention(c: Claim):
    """A phrase quoted as a phrase ('"FDA-approved" claims', 'the term "clinically proven"') is
    talked about, not claimed."""
    text, (lo, hi) = c.text, c.span
    if not (text[lo - 1:lo] in _QUOTES and text[hi:hi + 1] == text[lo - 1:lo]):
        inside = _inside_quotes(text, lo, hi, c.sent)  # 'calls pellets "natural and risk-free"'
        if inside is None:
            return None
        lo, hi = inside
    if _MENTION_AFTER.match(text, hi + 1):
        return "drop", "a phrase quoted as a phrase, not claimed"
    for _ in range(4):  # 'describing it as "FDA approved" and "safe for everyone"': one mention, several phrases
        if _MENTION_BEFORE.search(text, max(c.sent[0], lo - 30), lo - 1):
            return "drop", "a phrase quoted as a phrase, not claimed"
        previous = _QUOTED_BEFORE.search(text, max(c.sent[0], lo - 90), lo - 1)
        if previous is None:
            break
        lo = previous.start() + 1
    return None


def _inside_quotes(text: str, lo: int, hi: int, sent: tuple[int, int]) -> tuple[int, int] | None:
    """The quoted phrase (of at most 60 characters) a claim stands inside, as (start, end) inside the quotes."""
    for q in _QUOTES:
        start = text.rfind(q, max(sent[0], lo - 60), lo)
        end = text.find(q, hi, min(sent[1], hi + 60))
        if start >= 0 and end >= 0 and q not in text[start + 1:lo] and q not in text[hi:end]:
            return start + 1, end
    return None


# A quoted phrase and the link to the next one: '"FDA approved" and ', '"pain-free", ' (straight quotes
# after folding; single quotes too: 'red flags: 'no side effects', 'cures arthritis'')
_QUOTES = ('"', "'")
_QUOTED_BEFORE = programs.compile(r"""(?:"[^"]{1,60}"|'[^']{1,60}')\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)$""")


@register("negation", lambda rule: rule.context["negation"] == "drop")
def _negation(c: Claim):
    if c.rule.context["negation"] != "drop":
        return None
    text, (mstart, _) = c.text, c.span
    lo = _list_start(text, c.sent[0], c.clause[0], mstart)
    window = _window_start(text, lo, mstart, NEGATION_WINDOW)
    cue = _negation_in(c.memo, text, window, mstart, c.vocab, verbal_only=bool(_NEGATIVE_CLAIM.match(text, mstart)))
    if cue and _parallel_negative(c, window, mstart):
        cue = None  # "cannot be rejected and cannot cause cancer": two denials side by side, not one of the other
    if cue and _in_condition(c, window, mstart):
        cue = None  # "If your hair is not thicker in 90 days, the next course is on us": the condition's negation
    if cue and c.rule.category == "comparative-claim" and _spared_harm(c, lo, mstart):
        cue = None  # "no side effects, unlike pills": what is negated is the harm the rival has
    if not cue and c.rule.frames:
        cue = _negation_between_slots(c)
    if not cue and c.rule.category == "comparative-claim":
        cue = _denied_contrast(c)
    if not cue:
        cue = _negated_predicate(c) or _negated_object(c) or _deficit(c)
    return ("drop", f"negated by {cue!r}") if cue else None


# "The TGA has approved no exosome product", "trials have shown no benefit": the verb's object is
# denied. Not "no-needle" (a compound), nor "no other" (the claim of "matched by no other clinic").
_NO_OBJECT = programs.compile(
    r"\s+(?:(?:yet|so\s+far|to\s+date|ever)\s+)?(?:no|none|nothing)(?![\w-])(?!\s+(?:doubt|longer|other|more|less)\b)",
    regex.I)


def _negated_object(c: Claim) -> str | None:
    """A status, efficacy or disease claim that ends on its verb and is followed by "no"/"none"/"nothing"."""
    if c.rule.category not in ("regulatory-status", "efficacy-claim", "disease-claim"):
        return None  # "we have had no complications" is the safety claim itself
    m = _NO_OBJECT.match(c.text, c.span[1], c.sent[1])
    return m.group().strip() if m else None


# "Wounds heal more slowly in smokers", "patients with diabetes respond poorly": the outcome is said to
# fall short, which is a warning, not a promise.
_DEFICIT = programs.compile(
    r"\s+(?:(?:much|far|a\s+lot)\s+)?(?:more\s+slowly|slower|less\s+(?:well|quickly|easily|readily|reliably)|poorly|badly|worse)\b",
    regex.I)


def _deficit(c: Claim) -> str | None:
    """An efficacy or disease claim whose outcome is followed by an adverb of shortfall."""
    if c.rule.category not in ("efficacy-claim", "disease-claim"):
        return None
    m = _DEFICIT.match(c.text, c.span[1], c.sent[1])
    return m.group().strip() if m else None


_CONDITION_CLAUSE = programs.compile(r"\b(?:if|unless|when|should)\b[^,;:.!?]*,\s*", regex.I)


def _in_condition(c: Claim, window: int, mstart: int) -> bool:
    """Are all negations before the claim inside a conditional clause that ends (at a comma) before it?"""
    cond = None
    for m in _CONDITION_CLAUSE.finditer(c.text, c.sent[0], mstart):
        cond = m
    if cond is None or cond.end() > mstart:
        return False
    hits = _negations(c, window, mstart)
    return bool(hits) and all(cond.start() <= h.start() < cond.end() for h in hits)


def _negations(c: Claim, lo: int, hi: int) -> list:
    """The negation cues in [lo, hi), searched once per claim for the checks that read them."""
    return _ask(c.memo, ("negations", lo, hi), lambda: timed_finditer(c.vocab.cues["negation"], c.text, lo, hi))


_OWN_NEGATION = programs.compile(r"(?:can(?:not|'t)|won't|will\s+not|will\s+never|never|does\s+not|doesn't|do\s+not|don't)\b", regex.I)
_COORDINATED = programs.compile(r"\b(?:and|or|nor)\b|,", regex.I)


def _parallel_negative(c: Claim, window: int, mstart: int) -> bool:
    """Does a claim that is itself a verbal denial ("cannot cause cancer") follow another denial
    joined to it by "and", "or" or a comma? Then the earlier negation is its own claim."""
    if not _OWN_NEGATION.match(c.text, mstart):
        return False
    hits = _negations(c, window, mstart)
    return bool(hits) and _COORDINATED.search(c.text, hits[-1].end(), mstart) is not None


# The predicate after a claim that is its clause's subject: "Stem cell therapy for gout has not been
# shown to work", "FDA-approved exosome serums do not exist", "... , sadly, is not available here".
_NEGATED_PREDICATE = programs.compile(
    r"\s*(?:,[^,.;:]{0,40},\s*)?(?:(?:has|have|is|are|was|were|does|do|did|will|can|could|would)\s+(?:still\s+)?"
    r"(?:not|never|yet\s+to)\b|(?:hasn't|haven't|isn't|aren't|wasn't|weren't|doesn't|don't|didn't|won't|cannot|can't"
    r"|never)\b|(?:lacks?|remains?\s+(?:unproven|experimental|investigational|unapproved))\b)", regex.I)
_SUBJECT_LEAD = programs.compile(r"\s*(?:[\w'-]+\s+){0,3}", regex.I)  # a determiner and modifiers: "Our new stem cell"


def _negated_predicate(c: Claim) -> str | None:
    """A claim that is only its clause's subject noun phrase (no verb of its own, nothing but a
    determiner before it) is denied when the predicate right after it is negated."""
    lo, hi = c.span
    if c.rule.category not in ("disease-claim", "efficacy-claim", "safety-claim"):
        return None  # a status claim's own predicate may be its point: "research-use peptides aren't drugs"
    if any(_is_verb_slot(slot) for slot, _, _ in c.slots) or _VERB.search(c.text, lo, hi):
        return None
    if not _SUBJECT_LEAD.fullmatch(c.text, c.clause[0], lo) or _VERB.search(c.text, c.clause[0], lo):
        return None
    end = c.clause[1] if c.clause[1] > hi else c.sent[1]
    m = _NEGATED_PREDICATE.match(c.text, hi, end)
    if m is None:  # the subject may go on as a list: "... for joint pain, anti-ageing or cosmetic use are not ..."
        more = _SUBJECT_LIST.match(c.text, hi, end)
        if more is not None and not _VERB.search(c.text, hi, more.end()):
            m = _NEGATED_PREDICATE.match(c.text, more.end(), end)
    return m.group().strip(" ,") if m else None


_ITEM_WORD = r"(?!(?:is|are|was|were|has|have|had|do|does|did|can|will|would|should|may|might)\b)[\w'-]+"
_SUBJECT_LIST = programs.compile(
    rf"(?:\s*,\s*{_ITEM_WORD}(?:\s+{_ITEM_WORD}){{0,2}})*\s*,?\s+(?:or|and)\s+{_ITEM_WORD}(?:\s+{_ITEM_WORD}){{0,2}}", regex.I)


def _negation_between_slots(c: Claim) -> str | None:
    """A negation in the words a frame lets stand between its slots: "hair density is not restored".

    A slot's own words are the claim ("complications {don't happen}"), not a negation of it.
    """
    if not c.slots:
        first = _WORD.match(c.text, c.span[0])
        return _negation_in(c.memo, c.text, first.end() if first else c.span[0], c.span[1], c.vocab)
    for (_, words, at), (_, _, nxt) in pairwise(c.slots):
        if nxt > at + len(words):
            cue = _negation_in(c.memo, c.text, at + len(words), nxt, c.vocab)
            if cue:
                return cue
    return None


_HARM_NEGATION = programs.compile(r"\b(?:no|zero|without|none\s+of\s+the|free\s+(?:of|from))\s+(?:[\w-]+\s+){0,2}?$", regex.I)
_UNLIKE = programs.compile(r"unlike\b", regex.I)


def _spared_harm(c: Claim, lo: int, mstart: int) -> bool:
    """Is the negation before a comparison one of a harm ("No needles, unlike fillers", "with no
    downtime compared to surgery")? It denies the harm, not the comparison."""
    harm = _cue(c, "contrast_harm", lo, mstart)
    return bool(harm and _HARM_NEGATION.search(c.text, lo, harm.start())
                and not _VERB.search(c.text, harm.end(), mstart))


def _denied_contrast(c: Claim) -> str | None:
    """"Unlike minoxidil, exosome therapy has no FDA approval": a contrast whose main clause denies
    the treatment something is no claim of superiority, unless what it denies is a harm ("Unlike
    surgery, there is no downtime")."""
    if not _UNLIKE.match(c.text, c.span[0]):
        return None
    end = c.text.find(";", c.span[1], c.sent[1])
    end = c.sent[1] if end < 0 else end
    cue = _negation_in(c.memo, c.text, c.span[1], end, c.vocab)
    return cue if cue and not _cue(c, "contrast_harm", c.span[1], end) else None


@register("deontic", lambda rule: rule.context["negation"] == "drop")
def _deontic(c: Claim):
    """"Products must be approved before sale", "if it is FDA-approved": a rule or a condition, not a claim."""
    if c.rule.context["negation"] != "drop":
        return None
    # a condition may also follow the claim in its clause: "safe when done properly", "safe if ..."
    hit = _cue(c, "deontic", c.clause[0], c.span[0]) or _cue(c, "deontic", c.span[1], c.clause[1])
    if hit is not None and _WISH.match(c.text, hit.start()) and not _cue(c, "negation", c.span[1], c.sent[1]):
        return None  # the reader's wish, which the page then answers: "If you want X, book Y" promises X
    return ("drop", f"a requirement or condition ({hit.group()!r}), not a claim") if hit else None


# "If you want results that last, ..." / "If you're looking for ...": the condition is what the reader
# wishes for, and the sentence goes on to sell the treatment as the way to it (unless it refuses: "...,
# look elsewhere: nobody can promise that" has a negation after the claim).
_WISH = programs.compile(
    r"if\s+(?:you|you're|you’re|you'd|you’d)\s+(?:(?:really|truly|just|ever|ultimately)\s+)?"
    r"(?:want|need|crave|desire|wish|dream|long|like|love|looking|searching|after|ready|hoping|keen"
    r"|are\s+(?:looking|searching|after|ready|hoping|keen)|would\s+(?:like|love|rather))\b", regex.I)


@register("indication", lambda rule: rule.context.get("indication", "ignore") == "drop")
def _indication(c: Claim):
    """"FDA-cleared for treating decompression sickness": the condition is named as what a product
    is approved or cleared for, which the regulatory rules judge; it is not a treatment claim."""
    if c.rule.context.get("indication", "ignore") != "drop":
        return None
    hit = _cue(c, "indication", max(c.clause[0], c.span[0] - INDICATION_REACH), c.span[0]) \
        or _INDICATION_HEAD.match(c.text, c.span[0], c.span[1])  # the claim's own verb: "cleared for hair loss"
    return ("drop", f"names an approved or cleared use ({hit.group().strip()!r})") if hit else None


# A claim whose verb is the approval itself ("cleared for pattern hair loss" read as "clears"):
# the condition is the product's indication, as with a cue before the claim. Not "indicated for":
# a clinic saying its own therapy is "indicated for" a condition claims the indication.
_INDICATION_HEAD = programs.compile(
    r"(?:approved|cleared|licensed|licenced|authori[sz]ed)\s+(?:only\s+|solely\s+)?(?:for|to)\b", regex.I)


_OWN_VOICE = programs.compile(r"\b(?:we|our|us)\b", regex.I)


@register("attribution", lambda rule: rule.context["attribution"] != "ignore")
def _attribution(c: Claim):
    mode = c.rule.context["attribution"]
    if mode == "ignore":
        return None
    hit = _cue(c, "attribution", c.sent[0], c.span[0])
    if hit and hit.start() < c.clause[0] and _OWN_VOICE.search(c.text, c.clause[0], c.span[0]):
        # "while other clinics only mask symptoms, our protocol heals ...": the claim's own clause
        # speaks in the clinic's voice; what others do or say stays in theirs
        hit = _cue(c, "attribution", c.clause[0], c.span[0])
    hit = hit or _cue(c, "epistemic", c.clause[0], c.span[1])
    if not hit and _quoted(c):
        hit = _cue(c, "quoted_speech", c.span[1], c.sent[1])
        if hit and _testimonial(c):
            return None  # '"My lupus is in remission," says Maria, one of our patients': the clinic's testimonial
    if not hit and c.doc.genre == "reported":
        # news, rulings and regulators' pages report what others say and sell: quotes and
        # reporting verbs anywhere in the sentence attribute it
        hit = _cue(c, "reported_speech", c.sent[0], c.sent[1])
    said = hit.group() if hit else (_quoted(c) if c.doc.genre == "reported" else None)
    if not said:
        return None
    if mode == "drop":
        return "drop", f"attributed to others ({said!r})"
    return "downgrade", f"attributed ({said!r})"


def _testimonial(c: Claim) -> bool:
    """Is a quotation given as a patient's or client's of the advertiser (the `testimonial` cue, in the
    sentence or the words just after it)? The FTC holds an advertiser to the claims of the
    testimonials it publishes."""
    return _cue(c, "testimonial", c.sent[0], min(len(c.text), c.sent[1] + 80)) is not None


@register("subject", lambda rule: rule.context["subject"] != "any")
def _subject(c: Claim):
    want = c.rule.context["subject"]
    if want == "any":
        return None
    cls, term = _subject_in(c.memo, c.text, c.sent, c.clause, c.span, c.vocab, c.doc.page)
    if cls == "therapy" and c.rule.category == "regulatory-status" and _device_use(c, term):
        cls = "device"  # "HBOT is FDA-cleared for decompression sickness": the chamber's clearance
    if cls == "approved" and c.rule.context.get("offered") == "count" and _offered_as_own(c, term):
        return None  # "Dr Lee's semaglutide programme is FDA-approved": the clinic's own programme
    if cls == "approved" and c.rule.category == "disease-claim" and _off_label(c, term):
        return None  # "semaglutide treats PCOS": a condition its approval does not cover
    if cls == "approved" and c.rule.category == "efficacy-claim" and _off_label_area(c, term):
        return None  # "Masseter Botox slims your face": a result in an area its approval does not cover
    if cls in ("approved", "device") and c.rule.category == "regulatory-status" and _approved_off_label(c, term):
        return None  # "Botox is FDA-approved for jaw slimming", "our PRP kit is cleared for dark circles"
    if (want == "therapy" and cls in ("approved", "device") and c.rule.category == "regulatory-status"
            and _is_rival(c, term) and not _said_of(c, term)):
        # "the bioidentical version of Ozempic, approved by the FDA": the brand is what is copied
        own = _own_subject(c)
        cls, term = own if own is not None else ("unknown", "")
    if want in ("not-other", "regulated", "cosmetic"):
        # not-other: anything but an approved product; regulated: devices (with their own
        # cleared indications) are not the claim either; cosmetic: a device's claim on how hair,
        # skin or fat look is its cleared use, one on health ("boosts immunity") goes beyond it
        if cls == "approved" or (cls == "device" and (
                want == "regulated" or (want == "cosmetic" and not _beyond_cleared_use(c) and not _overpromised(c)))):
            if _is_rival(c, term):
                # "better than Botox", "patients never need surgery": the product is what the claim is
                # measured against or spares; the claim is about the subject before it, unless that is
                # an approved product too. A comparison or a status claim needs no named subject of its
                # own; an efficacy or disease claim stands only where a regulated therapy makes it.
                own = _own_subject(c)
                if own is None and c.rule.category in ("comparative-claim", "regulatory-status"):
                    return None
                if own is not None and own[0] not in ("approved", "device"):
                    if own[0] == "therapy" or c.rule.category in ("comparative-claim", "regulatory-status"):
                        return None
                if own is not None:
                    cls, term = own
            return "drop", f"about another product ({term!r}, {cls})"
        if cls == "therapy" and c.rule.category == "comparative-claim" and _is_rival(c, term):
            # "minoxidil has far stronger evidence than exosome therapy": the therapy is the rival; the
            # comparison favours what comes before it, and an approved product may be compared fairly
            own = _own_subject(c)
            if own is not None and own[0] == "approved":
                return "drop", f"about another product ({own[1]!r}, approved)"
        return None
    if cls == want:
        return None
    if cls == "unknown" and want == "therapy":
        return "downgrade", "no regulated therapy named as its subject"
    return "drop", f"about {term!r} ({cls}), not a {want}"


def _device_use(c: Claim, term: str) -> bool:
    """Is a status claim about a therapy given with a cleared device (the `device_delivered` list:
    HBOT) about one of the uses devices are cleared for (the `cleared_use` cue, in its clause)? It is
    then the device's status ("HBOT is FDA-cleared for carbon monoxide poisoning"), judged as such."""
    return term.casefold() in _words(c.vocab, "device_delivered") and _cue_in(c.text, c.clause, c.vocab, "cleared_use")


def _is_rival(c: Claim, term: str) -> bool:
    """Does the product a comparison names stand only as its rival ("better than Botox", "Unlike
    surgery, ...", "Forget fillers:")? Then the claim is about the page's treatment, not about it."""
    if not term:
        return False
    spots = [m.start() for m in regex.finditer(regex.escape(term), c.text[c.sent[0]:c.sent[1]], regex.I)]
    return bool(spots) and all(
        _cue(c, "rival_marker", max(c.sent[0], c.sent[0] + at - 80), c.sent[0] + at) for at in spots)


_OF_IT = programs.compile(r"[\s,(]*(?:which|that|who)\b(?:\s+\w+){0,2}?\s*$", regex.I)


def _said_of(c: Claim, term: str) -> bool:
    """Is the claim a relative clause of the product itself ("Unlike minoxidil, which is FDA-approved")?"""
    at = c.text.casefold().rfind(term.casefold(), c.sent[0], c.span[0])
    return at >= 0 and _OF_IT.match(c.text, at + len(term), c.span[0]) is not None


def _own_subject(c: Claim) -> tuple[str, str] | None:
    """The first therapy/approved/device term before a comparison that is not itself its rival."""
    for m in fast(subject_terms(c.vocab)).finditer(c.text, c.sent[0], c.span[0]):
        if not _cue(c, "rival_marker", max(c.sent[0], m.start() - 80), m.start()):
            return m.lastgroup, m.group()
    return None


_ON_LABEL: dict[int, tuple] = {}  # id(vocab) -> (vocab, {product: conditions}) from the `on_label` list


def _on_label(vocab: Vocabulary) -> dict[str, tuple[str, ...]]:
    """The `on_label` list as {product (case-folded): its approved conditions (case-folded)}."""
    memo = _ON_LABEL.get(id(vocab))
    if memo is None or memo[0] is not vocab:
        table: dict[str, tuple[str, ...]] = {}
        for line in vocab.lists.get("on_label", ()):
            products, _, conditions = line.partition(":")
            conds = tuple(x.strip().casefold() for x in conditions.split("|") if x.strip())
            for product in products.split("|"):
                if product.strip():
                    table[product.strip().casefold()] = conds
        if len(_ON_LABEL) > 64:
            _ON_LABEL.clear()
        memo = _ON_LABEL[id(vocab)] = (vocab, table)
    return memo[1]


def _off_label(c: Claim, term: str) -> bool:
    """Does a disease claim about a listed approved product name none of the conditions it is approved for?"""
    conditions = _on_label(c.vocab).get(term.casefold())
    if conditions is None:
        return False
    claim = c.text[c.span[0]:c.span[1]].casefold()
    return not any(cond in claim for cond in conditions)


# What an approval is said to be for, right after the claim: "FDA-approved for ...", "approved to
# dissolve ...", "FDA-approved Botox for ...".
_APPROVED_FOR = programs.compile(r"[^.;:!?]{0,40}?\b(?:for|to)\s+(?!be\b|the\s+public\b)([^.;:!?]{2,})", regex.I)
# A use named only in general, or no use at all: "for specific cosmetic and medical uses", "for
# certain conditions", "for over 20 years", "for adults", "for use in the US", "for sale".
_GENERIC_USE = programs.compile(
    r"(?:(?:a\s+few|specific|certain|some|several|limited|particular|its|their|the|labell?ed|approved|specified"
    r"|medical|cosmetic|therapeutic|and|or|many|various|multiple|\d+|over|more\s+than)[\s,]+)+(?:uses?|indications?|conditions|purposes|areas)\b"
    r"|(?:over|more\s+than|nearly|almost|about|around|well\s+over|decades|years|\d+|a\s+decade|many|two|three|twenty|thirty)\b"
    r"[^.;:!?]{0,20}?\b(?:years?|decades?)\b"
    r"|(?:use|sale|adults?|men|women|children|adolescents|teens|patients|people|humans|everyone|anyone|ages?)\b"
    r"|(?:use\s+)?(?:in|by)\s+(?:the\s+)?(?:US|U\.S\.|USA|United\s+States|UK|Europe|EU|Canada|Australia|adults|humans|people|patients)\b",
    regex.I)


def _off_label_area(c: Claim, term: str) -> bool:
    """Does the sentence of an efficacy claim about a listed approved product name an area it is
    often sold for off label (`off_label_area`: masseter, buttocks ...) that its `on_label` line lacks?"""
    conditions = _on_label(c.vocab).get(term.casefold())
    if conditions is None:
        return False
    said = c.text[c.sent[0]:c.sent[1]].casefold().replace("-", " ")  # "jaw-slimming" is "jaw slimming"
    return any(_has_word(said, area.casefold()) and not any(area.casefold() in cond for cond in conditions)
               for area in c.vocab.lists.get("off_label_area", ()))


def _has_word(text: str, word: str) -> bool:
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            return True
        at = text.find(word, at + 1)
    return False


def _approved_off_label(c: Claim, term: str) -> bool:
    """Does a status claim about a listed approved product say it is approved for a use that is not
    on its `on_label` line ("Kybella is FDA-approved to dissolve fat anywhere on the body")?"""
    conditions = _on_label(c.vocab).get(term.casefold())
    if conditions is None:
        return False
    use = _APPROVED_FOR.match(c.text, c.span[1], c.sent[1])  # "approved for one use, such as HIV fat loss"
    if use is None or _GENERIC_USE.match(use.group(1)):
        return False  # "Botox is FDA-approved.", "... for specific medical uses": true
    said = use.group(1).casefold()
    if any(cond in said for cond in conditions):
        return False
    # only a use in words the vocabulary knows (a condition, a body area, fat, health, a tissue) is
    # judged: the on_label lines are not every indication there is ("approved for sialorrhea")
    return _known_use(c.vocab).search(said) is not None


_USE_LISTS = ("condition", "body", "fat", "health", "tissue", "off_label_area")
_KNOWN: dict[int, tuple] = {}  # id(vocab) -> (vocab, pattern of the words of _USE_LISTS)


def _known_use(vocab: Vocabulary):
    got = _KNOWN.get(id(vocab))
    if got is None or got[0] is not vocab:
        words = sorted({w.casefold() for name in _USE_LISTS for w in vocab.lists.get(name, ())}, key=len, reverse=True)
        if len(_KNOWN) > 64:
            _KNOWN.clear()
        got = _KNOWN[id(vocab)] = (vocab, regex.compile(r"\b(?:" + "|".join(regex.escape(w) for w in words) + r")", regex.I))
    return got[1]


def _offered_as_own(c: Claim, term: str) -> bool:
    """Does the sentence sell the approved product as the clinic's own programme ("our tirzepatide
    programme", "Dr Patel's semaglutide plan")? A promise about it is then the clinic's promise, not a
    statement about another product (rules with `offered: count`: timelines, guarantees, figures)."""
    folded = term.casefold()
    cue = c.vocab.cues["own_offer"]
    return any(folded in m.group().casefold() for m in cue.finditer(c.text, c.sent[0], c.sent[1]))


def _overpromised(c: Claim) -> bool:
    """Does a device's efficacy or disease claim promise more than any clearance covers: an absolute
    outcome ("erases wrinkles"), one visit, overnight, for good, guaranteed (the `overpromise` cue, in its
    clause)? "Gets rid of acne for good" is a cure claim, whatever the device is cleared for."""
    return (c.rule.category in ("efficacy-claim", "disease-claim")
            and _cue(c, "overpromise", c.clause[0], c.clause[1]) is not None)


def _beyond_cleared_use(c: Claim) -> bool:
    """Does a device's claim go beyond what devices are cleared for? An efficacy claim does when it
    names a health outcome (immunity, energy, memory), or a tissue (cartilage, nerves) outside the
    `cleared_use` list; a disease claim when the condition it names is not on that list (hair loss,
    acne, wrinkles, wounds ...): "helps children with autism"."""
    if any("health" in slot.strip("{}").split("|") for slot, _, _ in c.slots):
        return True
    # a claim on joints, cartilage or nerves ("rebuilds cartilage") is medical, unless it names a cleared use (wounds)
    tissue = any("tissue" in slot.strip("{}").split("|") for slot, _, _ in c.slots)
    if not tissue and c.rule.category not in ("disease-claim", "regulatory-status"):  # a clearance named for a condition too
        return False
    return not _ask(c.memo, ("cleared use", c.span), lambda: timed_search(
        c.vocab.cues["cleared_use"], c.text, c.span[0], c.span[1]))


# A verb-list word right after a determiner or an opening bracket is an adjective or a noun:
# "(smooth even skin)", "a firm jawline", "the lift".
_DETERMINER_BEFORE = programs.compile(r"(?:\(|\b(?:a|an|the|this|that|these|those|its|their|your|our|his|her)\s+)$", regex.I)
# A verb-list word followed by "in" or "of" is a noun there: "the increase in sports injuries",
# "significant increases in libido" (the verb takes its object directly: "increases libido").
_NOUN_USE = programs.compile(r"\s+(?:in|of)\b", regex.I)


@register("disclosed offer", lambda rule: rule.category == "disease-claim")
def _disclosed_offer(c: Claim):
    """"PRP injections for knee pain" on a page that says PRP is not approved for it: the offer names
    the use the page has disclosed, it promises nothing (a verb of its own would: "cures knee pain")."""
    if not c.doc.disclosed or c.slots and any(_is_verb_slot(slot) for slot, _, _ in c.slots):
        return None
    claim = c.text[c.span[0]:c.span[1]]
    if _FOR_USE.search(claim) is None or _VERB.search(claim) is not None:
        return None
    return "drop", "an offer for a use the page says is not approved"


_FOR_USE = programs.compile(r"\bfor\b", regex.I)


@register("noun use", lambda rule: rule.category == "efficacy-claim")
def _noun_use(c: Claim):
    if not c.slots or c.rule.category != "efficacy-claim":
        return None
    slot, word, at = c.slots[0]
    if not all(name in _VERB_LISTS for name in slot.strip("{}").split("|")) or _ING.fullmatch(word.split()[-1]):
        return None  # "Thickening of the skin": a gerund names the result itself
    if at == c.span[0] and _DETERMINER_BEFORE.search(c.text, max(c.sent[0], at - 8), at):
        return "drop", f"{word!r} describes a noun here (after a determiner), it is not the claim's verb"
    if at != c.span[0] or not _NOUN_USE.match(c.text, at + len(word)):
        return None
    return "drop", f"{word!r} is a noun here, not the claim's verb"


@register("predicate", lambda rule: rule.context.get("predicate", "any") == "main")
def _predicate(c: Claim):
    """Rules with `predicate: main` count only a claim the sentence asserts as its own predicate."""
    if c.rule.context.get("predicate", "any") != "main":
        return None
    before = c.text[max(c.clause[0], c.span[0] - 12):c.span[0]]
    verb_first = not c.slots or _is_verb_slot(c.slots[0][0])  # a frame may open with its object
    sub = _SUBORDINATE_BEFORE.search(before) or _PURPOSE_START.fullmatch(c.text, c.clause[0], c.span[0])
    if sub and (_ACTS_TO.search(c.text, c.clause[0], c.span[0]) or _MEANS_TO.search(c.text, c.clause[0], c.span[0])
                or _CAUSES_TO.search(c.text, c.clause[0], c.span[0])):
        sub = None  # "the growth factors work together to restore follicles", "is a natural way to
        # strengthen immunity": what they do is claimed
    if sub and _TREATMENT_THAT.search(c.text, max(c.clause[0], c.span[0] - 60), c.span[0]):
        sub = None  # "Stem Cell Therapy That Regrows Hair", "NAD+ drips to reverse ageing": the relative or
        # purpose clause says what the treatment does
    gerund = (verb_first and _ING.match(c.text, c.span[0]) and not _RESULT_BEFORE_ING.search(c.text, c.clause[0], c.span[0])
              and not _result_participle(c))
    if gerund or sub:
        return "drop", "not the sentence's own assertion (a relative, infinitive or participle clause)"
    return None


def _result_participle(c: Claim) -> bool:
    """"..., causing hair to regrow": an -ing clause after a comma that follows a main clause tells
    what that clause's action results in, and is asserted with it."""
    before = c.text[c.sent[0]:c.span[0]].rstrip()
    if not before.endswith(","):
        return False
    last = before[before.rfind(",", 0, len(before) - 1) + 1:-1]  # the part the comma closes
    # a clause, not an opening phrase ("Naturally,", "Up until now,", "In recent years,")
    return len(last.split()) >= 3 and not _OPENING_PHRASE.match(last)


@register("hypothesis", lambda rule: rule.context["hedge"] != "ignore")
def _hypothesis(c: Claim):
    if c.rule.context["hedge"] == "ignore":
        return None
    hit = _cue(c, "hypothesis", c.sent[0], c.sent[1])
    return ("downgrade", f"framed as a hypothesis ({hit.group()!r})") if hit else None


@register("hedge", lambda rule: rule.context["hedge"] != "ignore")
def _hedge_filter(c: Claim):
    mode = c.rule.context["hedge"]
    if mode == "ignore":
        return None
    doubt = _cue(c, "uncertainty", c.sent[0], c.sent[1])
    if doubt:  # the writer says it is not established: not a claim
        return "drop", f"stated as uncertain ({doubt.group()!r})"
    hedge = _ask(c.memo, ("hedge", c.clause, c.span), lambda: _hedge(c.text, c.clause, c.span, c.vocab))
    if not hedge:
        return None
    return ("drop" if mode == "drop" else "downgrade"), f"hedged ({hedge!r})"


def _quoted(c: Claim) -> str | None:
    """'a quotation' when the claim stands inside one (an odd number of quote marks before it)."""
    if c.text.count('"', c.sent[0], c.span[0]) % 2 and '"' in c.text[c.span[1]:c.sent[1]]:
        return "a quotation"
    return None


def _hedge(text: str, clause: tuple[int, int], span: tuple[int, int], vocab: Vocabulary) -> str | None:
    """A hedge before the claim in its clause or inside the claim ("results may be seen within"),
    or after it; a participle clause ("..., promoting growth") is governed by the clause before."""
    if cannot_match(vocab.cues["hedge"], text) and cannot_match(vocab.cues["hedge_after"], text):
        return None  # neither list's words stand in the block: no search below can find one
    lo = clause[0]
    if lo > 0 and _PARTICIPLE.match(text, lo):
        lo = max(text.rfind(".", 0, lo) + 1, 0)
    hedge = vocab.cues["hedge"]
    # a relative clause after the claim hedges its own verb, not the claim: "a safe procedure
    # that could potentially ..."
    rel = _RELATIVE.search(text, span[1], clause[1])
    m = (timed_search(hedge, text, lo, span[0]) or timed_search(hedge, text, span[0], span[1])
         or timed_search(vocab.cues["hedge_after"], text, span[1], rel.start() if rel else clause[1]))
    return m.group() if m else None


_RELATIVE = programs.compile(r"\b(?:that|which|who|whose)\b", regex.I)
