"""The optional Hyperscan gate (accel): a looser pattern for the compiled pass, the same findings.

Drafts are generated from our own claim sentences and markup; the gate must never change what
is reported, only how many `regex` searches it takes.
"""
from __future__ import annotations

from functools import lru_cache

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copylint import accel
from copylint.config import DEFAULT_CONFIG
from copylint.document import Document
from copylint.engine import Linter
from copylint.rulepack import load_rules


class TestLookarounds:
    @pytest.mark.parametrize(("pattern", "loose"), [
        (r"(?<!\bto\s)\mregrows?\M", r"\mregrows?\M"),
        (r"safe(?!\s+for\s+pets)", "safe"),
        (r"(?:(?!(?:patients|people)\b)[\w'-]+\s+){0,3}", r"(?:[\w'-]+\s+){0,3}"),
        (r"a(?=b(?:c|d))e", "ae"),
        (r"[(?!]x\(?!y\)", r"[(?!]x\(?!y\)"),  # a class and escaped parens are not groups
        (r"(?P<n>x)(?:y)", r"(?P<n>x)(?:y)"),
    ])
    def test_lookaround_groups_are_removed_and_nothing_else(self, pattern, loose):
        assert accel.strip_lookarounds(pattern) == loose

    def test_the_loose_pattern_matches_wherever_the_pattern_does(self):
        pattern = r"(?<!\bnot\s)\bsafe\b(?!\s+for\s+(?:kids|pets))"
        loose = regex.compile(accel.strip_lookarounds(pattern))
        for text in ("it is safe", "not safe", "safe for pets", "unsafe"):
            assert bool(regex.search(pattern, text)) <= bool(loose.search(text)), text


hyperscan = pytest.importorskip("hyperscan", reason="the optional 'fast' extra (hyperscan) is not installed")

CLAIMS = [
    "Our exosome therapy is FDA-approved.", "No side effects!", "Exosome therapy is 100% safe.",
    "Guaranteed results or your money back!", "PRP injections cure alopecia.", "It is safer than minoxidil.",
    "There are no FDA-approved exosome products.", "Results vary.", "Is PRP FDA approved?",
    "Our stem cells are the best choice in town.", "95% of patients saw thicker hair.",
    "We never say it is risk-free.", "It may help some patients.", "The FDA warns that exosomes are not approved.",
]
FILLER = ["\n\n", " ", ", ", "# ", "- ", "Book now. ", "caf\u00e9 ", "\u2019", "\x1c", "non-", "if ", "unless "]
DRAFTS = st.lists(st.sampled_from(CLAIMS + FILLER), max_size=25).map("".join)


@lru_cache(maxsize=1)
def _linters():
    rules = load_rules()
    gated = Linter(rules, DEFAULT_CONFIG)
    gated.warm()
    assert gated.gate is not None
    plain = Linter(rules, DEFAULT_CONFIG)
    plain._compiled = True  # noqa: SLF001 - compiled by the first; never builds a gate
    return gated, plain, rules


def _findings(linter, text: str, with_cue_gate):
    for cue in linter.vocab.cues.values():
        cue._scanner.gate = with_cue_gate  # noqa: SLF001 - the cue lists share the gate of the run
    return [f.to_dict() for f in linter.lint(Document("d.md", text, "markdown")).findings]


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(DRAFTS)
def test_the_gate_changes_no_finding(draft):
    gated, plain, _ = _linters()
    assert _findings(gated, draft, gated.gate) == _findings(plain, draft, None)


def test_a_damaged_cached_database_is_compiled_again(tmp_path):
    patterns = [regex.compile(r"\bsafe\b"), regex.compile(r"\brisk[- ]free\b")]
    first = accel.Gate(patterns, {}, tmp_path)
    (cached,) = tmp_path.glob("hyperscan-*.db")
    cached.write_bytes(b"[0, 1]\nnot a database")
    again = accel.Gate(patterns, {}, tmp_path)
    for gate in (first, again):
        hits = gate.hits("Completely risk-free!")
        assert gate.may_match(patterns[1], hits) and not gate.may_match(patterns[0], hits)



def test_old_databases_are_pruned(tmp_path):
    for n in range(accel.KEEP + 2):
        accel.Gate([regex.compile(rf"\bword{n}\b")], {}, tmp_path)
    assert len(list(tmp_path.glob("hyperscan-*.db"))) == accel.KEEP


def test_a_small_run_uses_a_cached_database_but_never_compiles_one(tmp_path):
    patterns = [regex.compile(r"\bsafe\b")]
    assert accel.Gate(patterns, {}, tmp_path, build=False).db is None  # nothing cached: no seconds spent
    assert not list(tmp_path.glob("hyperscan-*.db"))
    accel.Gate(patterns, {}, tmp_path)  # a large run (or an explicit warm()) compiles and caches it
    small = accel.Gate(patterns, {}, tmp_path, build=False)
    assert small.db is not None and small.may_match(patterns[0], small.hits("Safe for all."))
