"""The fast matchers answer exactly as the regexes they stand for.

A frame is matched word by word (framematch), skipping starts that cannot reach a required
item; a cue list is searched entry by entry, only for the entries whose literals a text holds
(cues). Both must find what the plain regex finds, span for span, on text built from the very
words they look for. Sentences and words here are generated or our own.
"""
from __future__ import annotations

from functools import cache, lru_cache

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copylint.cues import cue_lists
from copylint.framematch import FramePattern
from copylint.rulepack import FLAGS, LazyPattern, load_rules

FILLER = ["the", "our", "your", "it", "is", "are", "be", "can", "will", "not", "in", "within", "after", "just",
          "weeks", "two", "3", "4-6", "a", "few", "month's", "patients", "see", "with", "for", ",", ".", "?", "!", "100",
          '"', ";", "-", "\n", "don't", "very", "really", "and", "or"]


@lru_cache(maxsize=1)
def _rules():
    return load_rules()


@lru_cache(maxsize=1)
def _frames() -> list[FramePattern]:
    return [p for r in _rules().rules for p in r.patterns if isinstance(p, FramePattern)]


@cache
def _regex(frame: FramePattern):
    lists = {k: v for k, v in _rules().vocab.lists.items() if f"<{k}>" in frame.pattern}
    return regex.compile(frame.pattern, FLAGS, **lists)


@cache
def _words_of(frame: FramePattern) -> tuple[str, ...]:
    """A sample of each slot's entries. Left out, the two known differences: a hyphenated entry (the
    word matcher reads it as two words) and one that begins or ends in a symbol ("'re", '100%',
    which the regex's word boundaries cannot open or close, so only the word matcher finds
    '100% safe')."""
    out = []
    for kind, names, _, _ in frame.items:
        for name in names if kind == "slot" else ():
            entries = [e for e in _rules().vocab.lists.get(name, ()) if "-" not in e and e[:1].isalnum() and e[-1:].isalnum()]
            out += entries[:: max(1, len(entries) // 12)][:12]
        if kind == "word":
            out.append(names[0])
    return tuple(out)


def _text(draw, words: tuple[str, ...]) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(words), st.sampled_from(FILLER)), min_size=1, max_size=24))
    return " ".join(parts)


@st.composite
def _frame_case(draw):
    frame = draw(st.sampled_from(_frames()))
    return frame, _text(draw, _words_of(frame))


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(_frame_case())
def test_a_frame_matches_where_its_regex_matches(case):
    frame, text = case
    assert [m.span() for m in frame.finditer(text)] == [m.span() for m in _regex(frame).finditer(text)], frame.frame


def _cue_words() -> tuple[str, ...]:
    """Words the cue lists look for: the literals of their entries."""
    vocab = _rules().vocab
    out = set()
    for cue in vocab.cues.values():
        for entry in cue.entries:
            for lits in vocab_literals(entry) or ():
                out.update(sorted(lits)[:6])
    return tuple(sorted(out))


def vocab_literals(entry):
    return _rules().literals.lookup(entry)


@st.composite
def _cue_case(draw):
    vocab = _rules().vocab
    name = draw(st.sampled_from(sorted(vocab.cues)))
    text = _text(draw, _cue_words())
    lo = draw(st.integers(0, len(text)))
    hi = draw(st.integers(lo, len(text)))
    return name, text, lo, hi


@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(_cue_case())
def test_a_cue_list_finds_what_its_alternation_finds(case):
    name, text, lo, hi = case
    cue = _rules().vocab.cues[name]
    whole = cue.full.compile()
    got, want = cue.search(text, lo, hi), whole.search(text, lo, hi)
    assert (got and got.span()) == (want and want.span()), name
    assert [m.span() for m in cue.finditer(text, lo, hi)] == [m.span() for m in whole.finditer(text, lo, hi)], name


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_cue_lists_asked_about_many_blocks_in_turn_answer_as_their_alternations(data):
    """The page survey asks about every block of a page, then the filters ask again, block by block:
    the masks and entry choices remembered between those passes (by text, by literal sets present)
    never answer for another text. Each text is asked about as a fresh copy too (the same words)."""
    texts = [_text(data.draw, _cue_words()) for _ in range(data.draw(st.integers(1, 6)))]
    cues = _rules().vocab.cues
    for _ in range(2):
        for text in texts + ["".join(list(t)) for t in texts]:
            for name, cue in cues.items():
                want = cue.full.compile().search(text)
                got = cue.search(text)
                assert (got and got.span()) == (want and want.span()), (name, text)


def test_a_cue_list_searches_only_entries_whose_words_are_present():
    """The point of the gate: on copy without an entry's words, that entry is never searched."""
    searched = []

    class Spy:
        def __init__(self, pattern: str, where: str):
            self.pattern, self.where, self._compiled = pattern, where, regex.compile(pattern, FLAGS)

        def compile(self):
            return self._compiled

        def search(self, *args, **kwargs):
            searched.append(self.pattern)
            return self._compiled.search(*args, **kwargs)

        def finditer(self, *args, **kwargs):
            searched.append(self.pattern)
            return self._compiled.finditer(*args, **kwargs)

    entries = [r"\baccording to\b", r"\bpress release\b", r"\bspokes(?:man|woman)\b"]
    said = cue_lists({"said": entries}, {"said": "test"}, Spy)["said"]
    assert said.search("Book a consultation with our team.") is None
    assert searched == []  # no entry's words: nothing searched at all
    assert said.search("Results, according to our own survey.").group() == "according to"
    assert searched == [entries[0]]
    searched.clear()
    m = said.search("A spokesman read the press release.")
    assert m.group() == "spokesman" and sorted(searched) == sorted(entries[1:])  # the leftmost of the two


def test_at_one_start_the_earlier_entry_wins_as_in_an_alternation():
    make = lambda pattern, where: LazyPattern(pattern, where, {})  # noqa: E731
    cue = cue_lists({"c": [r"\bclinical\b", r"\bclinical trial\b", r"\bpeer[- ]reviewed\b", r"\bin vitro\b",
                           r"\bmeta-analysis\b", r"\bcohort\b", r"\bplacebo\b", r"\brandomi[sz]ed\b"]},
                    {"c": "test"}, make)["c"]
    text = "A clinical trial, not a cohort."
    assert cue.search(text).group() == regex.compile(cue.pattern, FLAGS).search(text).group() == "clinical"


def _clause_by_scan(text: str, s0: int, s1: int, pos: int, end: int) -> tuple[int, int]:
    """The clause bounds read by one scan of the sentence's boundaries (what the marks replace)."""
    from copylint.sentences import _CLAUSE

    cstart, cend = s0, s1
    for m in _CLAUSE.finditer(text, s0, s1):
        if m.end() <= pos:
            cstart = m.start() if m.group()[0].isalpha() else m.end()
        elif m.start() >= end:
            cend = m.start()
            break
    return cstart, cend


@st.composite
def _clause_case(draw):
    words = ["exosomes", "are", "safe", ",", ";", "but", "and it", "and", "(", ")", "while", "our", "PRP", " - ", ":"]
    text = " ".join(draw(st.lists(st.sampled_from(words), min_size=1, max_size=20)))
    pos = draw(st.integers(0, len(text)))
    return text, pos, draw(st.integers(pos, len(text)))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(_clause_case())
def test_clause_bounds_from_marks_match_a_scan(case):
    from copylint.sentences import clause_bounds

    text, pos, end = case
    assert clause_bounds(text, 0, len(text), pos, end) == _clause_by_scan(text, 0, len(text), pos, end)


@st.composite
def _subject_case(draw):
    vocab = _rules().vocab
    pool = [w for name in ("therapy", "approved", "device") for w in vocab.lists[name][::25]]
    pool += ["stem", "cells", "cell", "therapy", "PRP", "is", "our", "the", ",", "(", ")", "exosomes", "s"]
    text = " ".join(draw(st.lists(st.sampled_from(pool), min_size=1, max_size=16)))
    lo = draw(st.integers(0, len(text)))
    return text, lo, draw(st.integers(lo, len(text)))


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(_subject_case())
def test_a_sentence_term_index_answers_as_a_search(case):
    from copylint.filters import _TermIndex  # noqa: PLC2701 - the index is the unit under test

    text, lo, hi = case
    terms = _rules().vocab.subjects
    got, want = _TermIndex(terms, text, (0, len(text))).search(lo, hi), terms.search(text, lo, hi)
    assert (got and got.span()) == (want and want.span())
