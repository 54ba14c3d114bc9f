"""What start-up and parallel runs keep or skip must never change an answer (issue 13's regressions).

The prefilter plan travels with the rule set cache; a plan made for other rules is ignored.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from copylint import rulepack
from copylint.config import DEFAULT_CONFIG
from copylint.engine import Linter, _Prefilter, plan_fits, prefilter_plan

TEXTS = [
    "Our FDA-approved stem cell therapy has no side effects and cures arthritis.",
    "Exosome treatments are not FDA approved; results vary from person to person.",
    "Book a visit today. Parking is free on weekdays.",
    "",
]


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("COPYLINT_NO_CACHE", raising=False)
    rulepack._load_rules_cached.cache_clear()
    yield tmp_path
    rulepack._load_rules_cached.cache_clear()


def _shape(pf: _Prefilter, rules) -> tuple:
    """What a prefilter answers, independent of object identities (and of the order of its words,
    which follows the iteration order of frozensets of strings: another in every process)."""
    needs = tuple(tuple(pf.needs[id(p)] for p in r.patterns) for r in rules)
    runs = [[(rule.id, [p.pattern for p in pats]) for rule, pats in pf.candidates(pf.scan(t))] for t in TEXTS]
    return pf.always, dict(zip(pf.words, pf.masks, strict=True)), needs, runs


def test_a_cached_rule_set_carries_the_plan_of_its_own_rules(cache_dir):
    fresh = rulepack.load_rules()
    assert plan_fits(fresh.plan, fresh.rules, fresh.vocab.lists)
    rulepack._load_rules_cached.cache_clear()
    again = rulepack.load_rules()  # read back from the rule set cache: new objects, the plan among them
    assert list(cache_dir.glob("rules-*.bin")) and again.rules is not fresh.rules
    assert plan_fits(again.plan, again.rules, again.vocab.lists)
    planned = _Prefilter(again.rules, again.vocab.lists, cache=again.literals, plan=again.plan)
    derived = _Prefilter(again.rules, again.vocab.lists, cache=again.literals)
    assert _shape(planned, again.rules) == _shape(derived, again.rules)
    assert any(run for run in _shape(planned, again.rules)[3])  # the texts do trigger rules


def test_a_plan_made_for_other_rules_or_lists_is_not_used(cache_dir):
    ruleset = rulepack.load_rules()
    fewer = replace(ruleset, rules=ruleset.rules[1:])  # the plan still names the full rule tuple
    assert not plan_fits(fewer.plan, fewer.rules, fewer.vocab.lists)
    linter = Linter(fewer, DEFAULT_CONFIG)
    assert _shape(linter.prefilter, fewer.rules) == _shape(_Prefilter(fewer.rules, fewer.vocab.lists), fewer.rules)
    other_lists = {k: list(v) for k, v in ruleset.vocab.lists.items()}
    assert not plan_fits(ruleset.plan, ruleset.rules, other_lists)
    assert not plan_fits(("prefilter-0", *ruleset.plan[1:]), ruleset.rules, ruleset.vocab.lists)
    assert not plan_fits(None, ruleset.rules, ruleset.vocab.lists)


def test_a_prefilter_without_literals_ignores_the_plan(cache_dir):
    ruleset = rulepack.load_rules()
    cold = _Prefilter(ruleset.rules, ruleset.vocab.lists, literals=False, plan=ruleset.plan)
    assert not any(cold.needs.values())
    bare = prefilter_plan(ruleset.rules, ruleset.vocab.lists, literals=False)
    assert cold.words == bare[3] and cold.masks == bare[4] and cold.always == bare[6]
