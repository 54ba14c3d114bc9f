"""What the rules need to know about a whole page before its claims are judged, gathered block by block.

The first pass over a page's blocks finds its first mention of a regulated therapy (which names the
claims' subject and anchors required disclosures), its genre (from its first characters) and, on a
page that names no regulated therapy, whether it presents an approved product or a device (what its
subjectless claims are about), so that the second pass can match each block and let it go.
"""
from __future__ import annotations

from .anchors import fast
from .cues import cannot_match
from .filters import FREE_OF
from .rulepack import timed_search

GENRE_READ = 2_500  # characters of a page read to tell its genre


class PageSurvey:
    """Fed every block of copy in reading order; then `first_therapy` and `genre()` are the page's."""

    def __init__(self, vocab, therapy):
        self.therapy = therapy
        self.subjects = vocab.subjects
        self.generic = {w.lower() for w in vocab.lists.get("generic_product", ())}
        self.product = ""  # "approved" or "device": the class of the page's first named product
        self.not_offered = vocab.cues["not_offered"]
        self.reported = vocab.cues["reported_genre"]
        self.promotion = vocab.cues["promotion_strong"]
        self.first_therapy: tuple[int, int] | None = None
        self.read = self.hits = self.sells = 0

    def see(self, unit) -> None:
        """Take one block of copy (a folded unit with sentences and a chain to the original)."""
        self._therapy(unit)
        if not self.product and self.first_therapy is None:
            self._product(unit)
        if self.read <= GENRE_READ:  # a page says what it is early: masthead, byline, notice, ruling
            self.read += len(unit.text)
            self.hits += count(self.reported, unit.text, 4)
            self.sells += count(self.promotion, unit.text, 4)

    def facts(self) -> tuple[tuple[int, int] | None, str, str]:
        """What the matching depends on: (first therapy, genre, product class)."""
        return self.first_therapy, self.genre(), "" if self.first_therapy is not None else self.product

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
        """Keep the original span of the first mention of a regulated therapy the page does not
        disclaim offering ("We do not offer exosome treatments")."""
        best = self.first_therapy
        if best is not None and unit.chain.start(0) > best[0]:
            return  # a block maps to the original in order: nothing in it comes first
        cues: dict = {}  # sentence -> its first "not offered" cue
        for m in fast(self.therapy).finditer(unit.text):
            sent = unit.sentence_at(m.start())
            if sent not in cues:  # once per sentence, not once per mention: linear time
                cues[sent] = timed_search(self.not_offered, unit.text, sent[0], sent[1])
            cue = cues[sent]
            if cue is not None and cue.start() < m.start() and (
                    cue.end() <= m.start() or timed_search(self.not_offered, unit.text, sent[0], m.start())):
                continue
            span = (unit.chain.start(m.start()), unit.chain.end(m.end()))
            if best is None or span < best:
                self.first_therapy = span
            return


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
