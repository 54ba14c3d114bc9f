"""The judging stage's quick paths answer exactly as the general code they skip (derandomized properties).

Each rule runs only the filters that may speak about its claims; a rule's unless patterns are
searched as one alternation first; cue lists answer repeated questions about one block from what
they remember, and a single possible entry is searched on its own. Sentences are our own.
"""
from __future__ import annotations

from functools import lru_cache

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from copylint import filters
from copylint.cues import cannot_match, cue_lists
from copylint.filters import FILTERS, Claim, DocContext, Verdict, claim_clause, judge
from copylint.rulepack import LazyPattern, load_rules, timed_search

WORDS = [
    "Our", "exosome", "therapy", "is", "not", "FDA-approved", "safe", "to", "use", "and", "it", "may", "help",
    "regrow", "hair", "better", "value", "than", "minoxidil", "Botox", "clinics", "claim", "whether", "PRP",
    "cures", "arthritis", "no", "side", "effects", "off-label", "approved", "only", "for", "the", "cost-effective",
    "as", "safe", "as", "surgery", "unlike", "most", "others", "guaranteed", "results", "studies", "show", "that",
    "avoid", "washing", "your", "hair", "after", "treatment", "cleared", "treat", "wounds", "stay", "safe", "isn't",
    "lacks", "evidence", "we", "hope", "to", "reverse", "aging", "device", "laser", "booking", "data",
]
ENDS = [".", "?", "!", ",", ";", ":", ""]


@lru_cache(maxsize=1)
def _rules():
    return load_rules()


@st.composite
def _sentences(draw):
    """A few sentences of our own words, with a span (a run of words) inside one of them."""
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=14))
        parts.append(" ".join(words) + draw(st.sampled_from(ENDS)))
    text = " ".join(parts)
    starts = [m.start() for m in regex.finditer(r"\S+", text)]
    i = draw(st.integers(0, len(starts) - 1))
    j = draw(st.integers(i, min(i + 3, len(starts) - 1)))
    end = regex.compile(r"\S+").match(text, starts[j]).end()
    return text, (starts[i], end)


def _sentence(text: str, span: tuple[int, int]) -> tuple[int, int]:
    from copylint.sentences import split_sentences

    for sent in split_sentences(text):
        if sent[0] <= span[0] < sent[1]:
            return sent
    return 0, len(text)


def _every_filter(rule, text, sent, span, vocab, doc) -> Verdict:
    """judge as it was: every registered filter in turn, each claim with a memo of its own."""
    claim = Claim(rule, text, sent, span, claim_clause(text, sent, span, vocab), vocab, doc, (), {})
    reasons = []
    for _name, fn in FILTERS:
        said = fn(claim)
        if said is None:
            continue
        if said[0] == "drop":
            return Verdict("drop", (said[1],))
        reasons.append(said[1])
    return Verdict("downgrade" if reasons else "keep", tuple(reasons))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(_sentences(), st.sampled_from([DocContext(), DocContext(has_therapy=True), DocContext(genre="reported"),
                                      DocContext(product="device")]))
def test_each_rule_is_judged_as_by_every_filter(case, doc):
    text, span = case
    rules = _rules()
    sent = _sentence(text, span)
    for rule in rules.rules:
        if rule.kind == "disclosure":
            continue
        assert judge(rule, text, sent, span, rules.vocab, doc) == _every_filter(rule, text, sent, span, rules.vocab,
                                                                               doc), rule.id


def test_a_rule_skips_the_filters_its_settings_rule_out():
    rules = {r.id: r for r in _rules().rules}
    chain = filters._chain(rules["regulatory.device-approved"])  # noqa: SLF001
    assert filters._exception not in chain  # noqa: SLF001 - it has no unless patterns
    assert filters._negation in chain and filters._subject in chain  # noqa: SLF001


def _first_unless(rule, text, sent):
    for pattern in rule.unless:
        hit = timed_search(pattern, text, sent[0], sent[1])
        if hit:
            return "drop", f"exception: {hit.group()!r}"
    return None


UNLESS_SENTENCES = [
    "Better value than any clinic in town.", "Faster online booking than the rest.", "It is safe to say results vary.",
    "The safest way to know is to consult a doctor.", "Minoxidil is approved only for hair loss, not this.",
    "Hyaluronic filler is used off-label here.", "It is cost-effective and safe.", "Stay safe, book a consult.",
    "Avoid washing your hair for a day.", "Our serum is better known than others.", "As safe as aspirin, they say.",
    "Patients with alopecia may be cured.", "The only exosome product that is approved does not exist.",
]


@pytest.mark.parametrize("joined", [False, True])
def test_unless_patterns_joined_or_one_by_one_name_the_same_exception(monkeypatch, joined):
    monkeypatch.setattr(filters, "UNLESS_JOIN_AFTER", 1 if joined else 10**9)
    monkeypatch.setattr(filters, "_JOINED", {})
    rules = _rules()
    vocab = rules.vocab
    said = set()
    for rule in (r for r in rules.rules if r.unless):
        for text in UNLESS_SENTENCES:
            sent = (0, len(text))
            claim = Claim(rule, text, sent, (0, 1), claim_clause(text, sent, (0, 1), vocab), vocab, DocContext(), (), {})
            got = filters._exception(claim)  # noqa: SLF001
            assert got == _first_unless(rule, text, sent), (rule.id, text)
            said.add(got is not None)
    assert said == {True, False}  # the sentences reach both answers


def test_a_join_keeps_apart_what_an_alternation_cannot_hold():
    lists: dict = {}
    unless = tuple(LazyPattern(p, "test", lists) for p in (r"\bsafe\b", r"\G\W*stay\s+safe\b", r"(ab)\1", r"\bvalue\b"))
    joined, alone = filters._join(unless, lists)  # noqa: SLF001
    assert [p.pattern for p in alone] == [r"\G\W*stay\s+safe\b", r"(ab)\1"]
    assert joined.search("good value") and not joined.search("stay here")


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.text(alphabet="ab -\t\n\u00a0\u2003,.", max_size=40), st.data())
def test_the_negation_window_starts_where_the_forward_word_list_says(text, data):
    cstart = data.draw(st.integers(0, len(text)))
    mstart = data.draw(st.integers(cstart, len(text)))
    words = data.draw(st.integers(1, 6))
    starts = [m.start() for m in regex.finditer(r"\S+", text[:mstart], pos=cstart)]
    expected = starts[-words] if len(starts) >= words else cstart
    assert filters._window_start(text, cstart, mstart, words) == expected  # noqa: SLF001


CUE_TEXTS = [
    "It does not regrow hair, and it is not only for men.", "There is no doubt: nothing works faster.",
    "Clinics claim, according to their ads, that it is safe.", "Results may vary; it might help some patients.",
    "Patients asked whether PRP is approved.", "We lack data. It isn't cleared.", "Plain copy with no cue at all",
]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.sampled_from(CUE_TEXTS), st.sampled_from(["negation", "pseudo_negation", "hedge", "attribution",
                                                    "embedded_question", "uncertainty"]), st.data())
def test_a_cue_list_answers_as_its_alternation(text, name, data):
    cue = _rules().vocab.cues[name]
    full = cue.full.compile()
    starts = [m.start() for m in regex.finditer(r"\b\w", text)]
    lo = data.draw(st.one_of(st.sampled_from(starts), st.integers(0, len(text))))
    hi = data.draw(st.integers(lo, len(text)))
    for _ in range(2):  # the second time from what it remembers about the text
        assert [m.span() for m in cue.finditer(text, lo, hi)] == [m.span() for m in full.finditer(text, lo, hi)]
        got, want = cue.search(text, lo, hi), full.search(text, lo, hi)
        assert (got and got.span()) == (want and want.span())
        if cannot_match(cue, text):
            assert full.search(text) is None


def test_a_cue_list_asks_the_gate_only_about_a_block_it_has_scanned(tmp_path):
    pytest.importorskip("hyperscan", reason="the optional 'fast' extra (hyperscan) is not installed")
    from copylint import accel

    cues = cue_lists({"hedge": [r"\bmay\b", r"\bmight\b"]}, {"hedge": "test"},
                     lambda pattern, where: LazyPattern(pattern, where, {}, False))
    cue = cues["hedge"]
    gate = accel.Gate(cue.entries, {}, tmp_path)
    cue._scanner.gate = gate  # noqa: SLF001 - as engine._gate sets it for a run's cue lists
    scans = []
    real_hits = gate.hits
    gate.hits = lambda text: scans.append(text) or real_hits(text)
    first = "Results may vary."
    assert cue.search(first).group() == "may" and scans == []  # not scanned yet: searched without it
    second = "It might help."
    real_hits(second)  # the rules' pass scans the block first
    assert cue.search(second).group() == "might" and scans == [second]  # then its answer is used


FAQ_QUESTIONS = ["Are there any side effects?", "Is the peel safe?", "Does it hurt?", "Can PRP help hair loss?",
                 "Struggling with acne?", "What does it cost?", "Side effects", "Clients often ask us about the risks."]
FAQ_REPLIES = ["None at all.", "Completely.", "Not at all.", "Yes, it can.", "Our serum clears acne for good.",
               "No, but bruising is common.", "About $300.", "Book online.", "Nope!"]


@settings(max_examples=80, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.sampled_from(FAQ_QUESTIONS), st.sampled_from(FAQ_REPLIES)), min_size=1, max_size=4))
def test_a_reply_is_matched_before_its_question_is_searched_with_the_same_findings(pairs):
    from copylint.answers import _ASKED, answer_findings
    from copylint.engine import _Unit
    from copylint.positions import IdentityMap
    from copylint.readers import Block

    rules = [r for r in _rules().rules if r.answers]
    text = " ".join(f"{q} {a}" for q, a in pairs)
    unit = _Unit(Block(text, IdentityMap(len(text)), "body"), text, None)
    got = answer_findings(rules, None, unit, _rules().vocab, lambda rule, u, span, sent, note: (rule.id, span))
    want = []
    for q, a in zip(unit.sentences(), unit.sentences()[1:], strict=False):  # the question searched first
        question = text[q[0]:q[1]].rstrip()
        if not question.endswith("?") and not _ASKED.search(question):
            continue
        for rule in rules:
            asked, reply = rule.answers
            if not timed_search(asked, text, q[0], q[1]):
                continue
            m = reply.match(text, a[0], a[1])
            if m is None:
                continue
            stop = regex.compile(r"[.!?]").search(text, m.end(), a[1])
            if timed_search(_rules().vocab.cues["answer_caveat"], text, m.end(), stop.start() if stop else a[1]):
                continue
            want.append((rule.id, (m.end() - len(m.group().lstrip()), m.end())))
    assert got == want
