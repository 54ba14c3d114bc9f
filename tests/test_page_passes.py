"""The page-level passes' fast paths (FAQ replies, page survey) give the slow paths' answers (our own copy)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from copylint.answers import _ASK_HINTS, _ASKED, answer_findings
from copylint.api import get_linter
from copylint.config import DEFAULT_CONFIG, rule_enabled
from copylint.engine import _Unit
from copylint.normalize import fold
from copylint.positions import Chain, IdentityMap
from copylint.readers import Block

# Our own FAQ lines: questions asked outright or in other words, bare replies, plain copy.
LINES = [
    "Are there any side effects?", "Is the facial peel painful?", "Does it hurt?", "Any downtime?",
    "Patients often ask us about the risks.", "People wonder whether it is safe.", "We know you have questions.",
    "None at all.", "Not at all.", "Nope!", "Completely.", "No, but some redness is common.",
    "Book a visit with our nurse.", "Our clinic opened in 2019.", "A: None whatsoever.", "Ask us anything",
]
SCOPES = ["body", "heading", "list", "quote"]


def _unit(text: str, scope: str) -> _Unit:
    folded, fmap = fold(text)
    return _Unit(Block(text, IdentityMap(len(text)), scope), folded, Chain(fmap, IdentityMap(len(text))))


def _slow_replies(linter, prev, unit, path):
    """Linter._replies as it was: every `answers:` rule checked for every block, the hints on every call."""
    rules = [r for r in linter.answer_rules
             if unit.block.scope in r.scopes and rule_enabled(r.id, linter.config, path)]
    asks = any(_ASKED.search(u.text) for u in (prev, unit)
               if u is not None and any(w in u.text for w in _ASK_HINTS))
    if not rules or ("?" not in unit.text and (prev is None or "?" not in prev.text) and not asks):
        return []
    return answer_findings(rules, prev, unit, linter.vocab, lambda rule, u, span, sent, note: (rule.id, span, note))


def _fast_replies(linter, prev, unit, path):
    found = linter._replies(prev, unit, unit.block.text, path, _Lines())
    return [(f.rule, (f.start, f.end), f.notes[0]) for f in found]


class _Lines:
    """A LineIndex stand-in for one-line blocks: every offset is on line 1."""

    def span(self, start, end):
        return 1, start + 1, 1, end + 1


PAGES = st.lists(st.tuples(st.lists(st.sampled_from(LINES), min_size=1, max_size=3), st.sampled_from(SCOPES)),
                 min_size=1, max_size=5)


@settings(max_examples=120, deadline=None, derandomize=True)
@given(PAGES, st.sampled_from(["faq.md", "legal/faq.md"]))
def test_replies_fast_path_gives_the_slow_paths_findings(page, path):
    config = DEFAULT_CONFIG.with_(per_file_ignores=(("legal/*.md", ("safety.no-side-effects",)),))
    linter = get_linter(config)
    for other in ("elsewhere.md", path):  # the rules chosen for another page must not leak into this one
        prev = None
        units = [_unit(" ".join(lines), scope) for lines, scope in page]
        for unit in units:
            want = _slow_replies(linter, prev, unit, other)
            assert _fast_replies(linter, prev, unit, other) == want
            prev = unit


def test_a_page_whose_faq_rule_is_ignored_for_its_path_gets_no_reply_finding():
    config = DEFAULT_CONFIG.with_(per_file_ignores=(("legal/*.md", ("safety.no-side-effects",)),))
    linter = get_linter(config)
    prev, unit = _unit("Are there any side effects?", "heading"), _unit("None at all.", "body")
    assert [r for r, _, _ in _fast_replies(linter, prev, unit, "faq.md")] == ["safety.no-side-effects"]
    assert _fast_replies(linter, prev, unit, "legal/faq.md") == []
    assert [r for r, _, _ in _fast_replies(linter, prev, unit, "faq.md")] == ["safety.no-side-effects"]


# Our own lines naming therapies, offering them, refusing them, or neither.
SURVEY_LINES = [
    "We offer exosome facials.", "Our stem cell protocol is new.", "We do not offer exosome treatments.",
    "We do not offer them.", "We no longer provide PRP.", "PRP is popular.", "We do not offer PRP to pregnant women.",
    "Book a consultation.", "Stem cells are studied widely.", "We don't sell these treatments.", "Hello there.",
]


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(st.lists(st.sampled_from(SURVEY_LINES), min_size=1, max_size=3), min_size=1, max_size=6))
def test_the_surveys_kept_first_therapy_is_the_one_worked_out_afresh(page):
    from copylint.survey import PageSurvey

    linter = get_linter()
    for scanner in linter.cue_scanners:
        scanner.forget()
    survey = PageSurvey(linter.vocab, linter.therapy)
    at = 0
    for lines in page:
        text = " ".join(lines)
        folded, fmap = fold(text)
        unit = _Unit(Block(text, _Moved(at, len(text)), "body"), folded, Chain(fmap, _Moved(at, len(text))))
        at += len(text) + 2
        survey.see(unit)
        offered = [span for word, span in survey._mentions.items() if word not in survey._refused]
        assert survey.first_therapy == (min(offered) if offered else None)


class _Moved(IdentityMap):
    """A block's map to where it stands on the page (`at` characters in)."""

    __slots__ = ("at",)

    def __init__(self, at: int, length: int) -> None:
        super().__init__(length)
        self.at = at

    def start(self, pos: int) -> int:
        return self.at + super().start(pos)

    def end(self, pos: int) -> int:
        return self.at + super().end(pos)


# Our own words around statements of regulatory status, in several casings.
STATUS_WORDS = ["PRP", "is", "not", "NOT", "Not", "FDA", "fda", "approved", "APPROVED", "cleared", "for", "knee",
                "pain", "off-label", "Off label", "neither", "the", "nor", "EMA", "has", "have", "no", "treatment",
                "investigational", "remains", "an", "lack", "of", "approval", "regulatory", "another", "cannot",
                "We", "offer", "injections", "considers", "it", "experimental", "Health", "Canada", "."]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(STATUS_WORDS), min_size=1, max_size=14).map(" ".join))
def test_a_blocks_statement_of_status_is_found_with_or_without_the_literal_tests(text):
    from copylint.anchors import fast
    from copylint.rulepack import timed_search
    from copylint.survey import _states_status

    linter = get_linter(DEFAULT_CONFIG.with_(disclaimers=(("regulatory-status", ("not cleared by Health Canada",)),)))
    gate, checks = linter.status_check
    folded, _ = fold(text)
    assert _states_status(linter.status_check, folded) == any(timed_search(fast(p), folded) for p, _, _ in checks)


def test_statements_of_status_in_any_casing_are_found():
    from copylint.survey import _states_status

    status = get_linter().status_check
    assert _states_status(status, "PRP IS NOT FDA-APPROVED FOR KNEE PAIN.")
    assert _states_status(status, "This use is off-label.")
    assert not _states_status(status, "We cannot wait to see you for another visit.")
