"""A pattern searched only at its heads (anchors) answers exactly as the pattern searched everywhere.

Texts are built from the very words the patterns start with, plus filler, so that heads stand
where the pattern does and does not match; sentences here are generated or our own.
"""
from __future__ import annotations

from functools import cache, lru_cache

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copylint import anchors
from copylint.anchors import Anchored, anchored, fast, heads
from copylint.rulepack import FLAGS, load_rules

anchors.enable()  # as a large run does when it warms its linter

FILLER = ["the", "our", "is", "are", "not", "no", "to", "for", "by", "hair", "loss", "safe", "FDA", "approved", ",",
          ".", "-", "(", ")", '"', "'s", "100%", "3", "weeks", "Treats", "TREATMENT", "cure", "\n", "US"]


@lru_cache(maxsize=1)
def _rules():
    return load_rules()


@lru_cache(maxsize=1)
def _patterns() -> list:
    """Every bundled regex that has heads: rule patterns, cue entries and whole lists, the subject terms."""
    rules = _rules()
    out = [p for r in rules.rules for p in (*r.patterns, *r.unless) if getattr(p, "frame", None) is None]
    for cue in rules.vocab.cues.values():
        out += [cue.full, *cue.entries]
    out.append(rules.vocab.subjects)
    return [p for p in out if isinstance(fast(p), Anchored)]


@lru_cache(maxsize=1)
def _examples() -> tuple[str, ...]:
    """The packs' own example sentences (fail and pass): copy the patterns are written to match."""
    return tuple(sorted({e for r in _rules().rules for k in ("fail", "pass") for e in r.examples.get(k, ())}))


@lru_cache(maxsize=1)
def _own_examples() -> dict[int, tuple[str, ...]]:
    """id(pattern) -> the fail examples of its rule (what it must match)."""
    return {id(p): tuple(r.examples["fail"]) for r in _rules().rules if r.examples.get("fail")
            for p in (*r.patterns, *r.unless)}


@st.composite
def _case(draw):
    pattern = draw(st.sampled_from(_patterns()))
    found = sorted(fast(pattern).heads)
    own = _own_examples().get(id(pattern)) or _examples()
    words = st.one_of(st.sampled_from(found), st.sampled_from(FILLER + list(_words_of(pattern))),
                      st.sampled_from(own), st.sampled_from(_examples()))
    parts = draw(st.lists(words, min_size=1, max_size=12))
    if draw(st.booleans()):
        parts = [p.upper() if draw(st.booleans()) else p for p in parts]
    text = " ".join(parts)
    lo = draw(st.integers(0, len(text)))
    return pattern, text, lo, draw(st.one_of(st.just(len(text)), st.integers(lo, len(text))))


@cache
def _words_of(pattern) -> tuple[str, ...]:
    """Words of the pattern's own text and named lists: what its later items want to see."""
    compiled = pattern.compile() if hasattr(pattern, "compile") else pattern
    words = set(regex.findall(r"[A-Za-z]{2,}", compiled.pattern))
    for entries in compiled.named_lists.values():
        words.update(sorted(entries)[::7])
    return tuple(sorted(words))


@settings(max_examples=600, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(_case())
def test_an_anchored_pattern_finds_what_the_pattern_finds(case):
    pattern, text, lo, hi = case
    compiled, quick = pattern.compile(), fast(pattern)
    want = compiled.search(text, lo, hi)
    got = quick.search(text, lo, hi)
    assert (got and (got.span(), got.lastgroup)) == (want and (want.span(), want.lastgroup)), compiled.pattern
    assert [m.span() for m in quick.finditer(text, lo, hi)] == [m.span() for m in compiled.finditer(text, lo, hi)]


def test_long_alternations_are_anchored_and_single_literals_are_not():
    """The point of the module: the subject terms and 'treats|cures|heals ...' are tried at their heads;
    a pattern with one literal start is left to the regex module's own literal scan (quicker)."""
    assert isinstance(fast(_rules().vocab.subjects), Anchored)
    assert isinstance(anchored(regex.compile(r"\m(?:treats?|cures?|heals?|reverses?)\s+\w+", FLAGS), {}), Anchored)
    single = regex.compile(r"\mrisk[\s-]free\M", FLAGS)
    assert anchored(single, {}) is single


def test_heads_follow_groups_optional_items_and_named_lists():
    assert heads(r"\m(?:treats?|cures?)\s+hair", {}) == {"treat", "cure"}
    assert heads(r"(?<!\bto\s)\m(?:our\s+)?safest\M", {}) == {"our", "safest"}
    assert heads(r"\m(?:no|zero)\s+risk", {}) == {"no", "zero"}
    assert heads(r"\m\L<thing>\M", {"thing": ["Exosome therapy", "PRP"]}) == {"exosome ", "prp"}
    assert heads(r"\mfda[\s-]approved", {}) == {"fda"}


def test_no_heads_where_a_match_may_start_with_anything():
    assert heads(r"\m\d+\s*%\s+safe", {}) is None  # a digit class first
    assert heads(r"\m(?:is|are)\s+safe", {}) is None  # 'is' stands in nearly every sentence
    assert heads(r"(?:approved){e<=1}", {}) is None  # fuzzy: the first letter may differ
    assert heads(r"\m(?:safe|\w+ly)\s+done", {}) is None  # one alternative starts with a class


def test_copy_that_is_not_plain_ascii_is_searched_as_it_is():
    pattern = regex.compile(r"\m(?:treats|cures|heals)\s+hair", FLAGS)
    quick = anchored(pattern, {})
    assert isinstance(quick, Anchored)
    text = "It cur\u0130s nothing; PRP \u212aeeps and CURES hair, treats hair."  # Turkish I, Kelvin sign
    assert [m.span() for m in quick.finditer(text)] == [m.span() for m in pattern.finditer(text)]
    assert quick.search(text).span() == pattern.search(text).span()


def test_lookbehind_before_a_head_reads_the_text_before_the_search_window():
    pattern = regex.compile(r"(?<!\bto\s)\m(?:cures?|heals?|treats?)\s+hair", FLAGS)
    quick = anchored(pattern, {})
    assert isinstance(quick, Anchored)
    text = "We aim to cure hair loss; it cures hair loss, to heal hair and heals hair."
    for lo in range(len(text)):
        got, want = quick.search(text, lo), pattern.search(text, lo)
        assert (got and got.span()) == (want and want.span()), lo


def test_every_anchored_pattern_finds_what_it_finds_on_the_packs_examples():
    """Every bundled pattern with heads, over all the packs' example sentences at once (thousands of
    claims and near misses), as written and in capitals."""
    text = "\n".join(_examples())
    for variant in (text, text.upper(), text.replace(" ", "  ")):
        for pattern in _patterns():
            compiled, quick = pattern.compile(), fast(pattern)
            assert [m.span() for m in quick.finditer(variant)] == [m.span() for m in compiled.finditer(variant)], \
                compiled.pattern


def test_anchored_searches_wait_until_a_run_turns_them_on():
    """A small draft searches each pattern as it is: working out heads would cost it more than it saves."""
    pattern = regex.compile(r"\m(?:soothes?|calms?|relaxes?)\s+skin", FLAGS)
    anchors._ON[0] = False  # noqa: SLF001 - the state a fresh process starts in
    try:
        assert fast(pattern) is pattern
    finally:
        anchors.enable()
    assert isinstance(fast(pattern), Anchored)
