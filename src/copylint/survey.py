"""What the rules need to know about a whole page before its claims are judged, gathered block by block.

The first pass over a page's blocks finds its first mention of a regulated therapy (which names the
claims' subject and anchors required disclosures), its genre (from its first characters) and, on a
page that names no regulated therapy, whether it presents an approved product or a device (what its
subjectless claims are about), so that the second pass can match each block and let it go.
"""
from __future__ import annotations

import regex

from .anchors import fast
from .cues import cannot_match
from .filters import FREE_OF
from .lazyregex import lazy
from .rulepack import timed_search

GENRE_READ = 2_500  # characters of a page read to tell its genre


class PageSurvey:
    """Fed every block of copy in reading order; then `first_therapy` and `genre()` are the page's."""

    def __init__(self, vocab, therapy, status=None):
        self.therapy = therapy
        self.status = status  # (gate, checks) for a statement of regulatory status (Linter._status_check)
        self.disclosed = False
        self.subjects = vocab.subjects
        self.generic = {w.lower() for w in vocab.lists.get("generic_product", ())}
        self.product = ""  # "approved" or "device": the class of the page's first named product
        self.not_offered = vocab.cues["not_offered"]
        self.reported = vocab.cues["reported_genre"]
        self.promotion = vocab.cues["promotion_strong"]
        self._mentions: dict[str, tuple[int, int]] = {}  # therapy word -> its first offered mention's span
        self._refused: set[str] = set()  # therapy words the page says it does not offer
        self._last = ""  # the therapy word named last (what "We do not offer them" refers to)
        self._first: tuple[int, int] | None | bool = False  # first_therapy, False while not worked out
        self.read = self.hits = self.sells = 0

    def see(self, unit) -> None:
        """Take one block of copy (a folded unit with sentences and a chain to the original)."""
        self._therapy(unit)
        if self.status is not None and not self.disclosed:
            self.disclosed = _states_status(self.status, unit.text)
        if not self.product and self.first_therapy is None:
            self._product(unit)
        if self.read <= GENRE_READ:  # a page says what it is early: masthead, byline, notice, ruling
            self.read += len(unit.text)
            self.hits += count(self.reported, unit.text, 4)
            self.sells += count(self.promotion, unit.text, 4)

    @property
    def first_therapy(self) -> tuple[int, int] | None:
        """The original span of the first mention of a regulated therapy the page offers: a therapy it
        says it does not offer ("We do not offer exosome treatments", "... We do not offer them")
        anchors no disclosure, wherever else it is named. Asked twice for every block it sees, it is
        worked out again only after a mention or a refusal was noted."""
        if self._first is False:
            spans = [span for word, span in self._mentions.items() if word not in self._refused]
            self._first = min(spans) if spans else None
        return self._first

    def facts(self) -> tuple[tuple[int, int] | None, str, str, bool]:
        """What the matching depends on: (first therapy, genre, product class, does it state a regulatory status)."""
        return (self.first_therapy, self.genre(), "" if self.first_therapy is not None else self.product,
                self.disclosed)

    def genre(self) -> str:
        """'reported' for news, regulator notices, rulings and research summaries, told from their
        own words (reporting verbs, rulings' and regulators' phrases) outweighing sales language;
        else 'marketing'. A clinic page that quotes a study still sells: it stays marketing."""
        return "reported" if self.hits >= 2 and self.hits > 2 * self.sells else "marketing"

    def _product(self, unit) -> None:
        """Note the class of the first approved product or device the page names by name ("Botox",
        "CoolSculpting", "a CO2 laser"); generic words ("studies", "surgery", "system") name none."""
        for m in fast(self.subjects).finditer(unit.text):
            if (m.lastgroup in ("approved", "device") and m.group().lower() not in self.generic
                    and not FREE_OF.match(unit.text, m.end())):  # "Botox-free" presents no Botox
                self.product = m.lastgroup
                return

    def _therapy(self, unit) -> None:
        """Note each therapy word's first mention the page does not disclaim offering, and the
        therapies it says it does not offer (in the sentence of a mention, or "them" after one)."""
        best = self.first_therapy
        refusals = not cannot_match(self.not_offered, unit.text)
        if best is not None and unit.chain.start(0) > best[0] and not refusals:
            return  # a block maps to the original in order: nothing in it comes first, and it refuses nothing
        cues: dict = {}  # sentence -> its first "not offered" cue
        for m in fast(self.therapy).finditer(unit.text):
            sent = unit.sentence_at(m.start())
            if sent not in cues:  # once per sentence, not once per mention: linear time
                cues[sent] = timed_search(self.not_offered, unit.text, sent[0], sent[1])
            cue, word = cues[sent], _word(m.group())
            if cue is not None and cue.start() < m.start() and (
                    cue.end() <= m.start() or timed_search(self.not_offered, unit.text, sent[0], m.start())):
                if not _RESTRICTION.match(unit.text, m.end()):  # "not ... PRP to pregnant women" only restricts
                    self._refuse(word)
                self._last = word
                continue
            span = (unit.chain.start(m.start()), unit.chain.end(m.end()))
            if word not in self._mentions or span < self._mentions[word]:
                self._mentions[word] = span
                self._first = False
            self._last = word
        if refusals and self._last:
            for cue in self.not_offered.finditer(unit.text):  # "We do not offer them": the therapy named before
                pronoun = _PRONOUN.match(unit.text, cue.end())
                if pronoun and unit.sentence_at(cue.start()) not in cues and not _RESTRICTION.match(
                        unit.text, pronoun.end()):
                    self._refuse(self._last)

    def _refuse(self, word: str) -> None:
        """Note that the page does not offer the therapy `word` (first_therapy is then worked out again)."""
        self._refused.add(word)
        self._first = False


# What a refusal with no therapy of its own refers back to: "We do not offer them", "... these treatments"
_PRONOUN = lazy(r"\s+(?:them|it|these(?:\s+\w+)?|those(?:\s+\w+)?|this\s+treatment)\b", regex.I)
# A refusal that goes on to name whom or when is a restriction, not a refusal: "... PRP to pregnant women"
_RESTRICTION = lazy(r"\s+(?:to|for|during|without|unless|if|under|before|until|on|in)\b", regex.I)


def _states_status(status: tuple, text: str) -> bool:
    """Does a block state a regulatory status ("PRP is not FDA-approved for knee pain")?"""
    gate, checks = status
    # Literal sets are case-folded words that every match holds, as the prefilter tests them (see
    # literals): a block without a word of the gate holds no match; past the gate (most blocks with
    # "not" in them), a pattern is searched only where each of its sets has a word in the block.
    folded = text.casefold()
    if gate is not None and not any(w in folded for w in gate):
        return False
    return any(timed_search(fast(p), text, where=place) for p, sets, place in checks
               if sets is None or all(any(w in folded for w in words) for words in sets))


def _word(term: str) -> str:
    """The word a therapy mention is known by ("exosome treatments" -> "exosome", "Stem cells" -> "stem")."""
    first = term.split()[0].casefold() if term.split() else term.casefold()
    return first[:-1] if first.endswith("s") and len(first) > 3 else first


def count(pattern, text: str, limit: int) -> int:
    """Matches of a cue pattern in text, up to `limit`, each search bounded by the pattern timeout."""
    if cannot_match(pattern, text):
        return 0
    n, pos = 0, 0
    while n < limit and pos <= len(text):
        m = timed_search(pattern, text, pos)
        if m is None:
            break
        n, pos = n + 1, max(m.end(), m.start() + 1)
    return n
