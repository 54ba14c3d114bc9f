"""Every rule's own examples: each fail example produces the rule, each pass example does not.

Also tests the rule data as data: unique ids, known categories, examples present, vocabulary
lists without duplicates, and every rule reachable through its prefilter triggers.
"""
from __future__ import annotations

import pytest

from copylint.api import lint_text
from copylint.config import DEFAULT_CONFIG, Config
from copylint.findings import CATEGORIES
from copylint.rulepack import default_rules_dir, load_rules, read_yaml

RULES = load_rules().rules
BY_ID = {r.id: r for r in RULES}
CASES = [(r.id, kind, text) for r in RULES for kind in ("fail", "pass") for text in r.examples.get(kind, [])]


@pytest.mark.parametrize(("rule_id", "kind", "text"), CASES, ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(CASES)])
def test_rule_example(rule_id, kind, text):
    # a fail example is linted with its rule alone: where rules of one category flag the same
    # words, a run reports only one of them (the most severe)
    config = Config(select=(rule_id,)) if kind == "fail" else DEFAULT_CONFIG
    findings = lint_text(text, filename="example.txt", config=config)
    # a rule whose own severity is info is heard at info; the others must count (error/warning)
    fired = {f.rule for f in findings if f.severity != "info" or BY_ID[f.rule].severity == "info"}
    if kind == "fail":
        assert rule_id in fired, f"{rule_id} should report: {text!r}; got {sorted(fired)}"
    else:
        assert rule_id not in fired, f"{rule_id} should not report: {text!r}"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_has_examples_and_docs(rule):
    assert rule.examples.get("fail"), f"{rule.id} has no fail examples"
    assert rule.examples.get("pass"), f"{rule.id} has no pass examples"
    assert rule.suggestion and rule.description and rule.references
    assert rule.category in CATEGORIES
    assert all(u.startswith("https://") for u in rule.references)


def test_every_bundled_pattern_compiles():
    """Bundled patterns are compiled on first use (see LazyPattern): here, every one of them is."""
    ruleset = load_rules()
    ruleset.compile_all()  # raises RuleError naming the rule if one does not compile
    patterns = [p for r in ruleset.rules for p in (*r.patterns, *r.unless)]
    assert patterns and all(p.search("") is None or p.pattern for p in patterns)


def test_rule_ids_unique_and_kebab():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert all(i == i.lower() and " " not in i for i in ids)


def test_every_category_and_disclosure_kind_is_covered():
    cats = {r.category for r in RULES}
    assert {"regulatory-status", "safety-claim", "efficacy-claim", "disease-claim", "comparative-claim"} <= cats
    assert {r.disclaimer for r in RULES if r.kind == "disclosure"} == {"regulatory-status", "results-vary", "medical-advice"}


def test_vocabulary_lists_have_no_duplicates():
    data = read_yaml(default_rules_dir() / "vocabulary.yaml")
    for name, words in data["lists"].items():
        lowered = [w.lower() for w in words]
        dupes = {w for w in lowered if lowered.count(w) > 1}
        assert not dupes, f"list {name!r} repeats {sorted(dupes)}"


def test_pattern_rules_have_triggers_found_in_their_fail_examples():
    # A rule whose triggers never occur in its own examples could never run (prefilter).
    for r in RULES:
        if r.kind != "pattern":
            continue
        assert r.triggers, r.id
        for text in r.examples["fail"]:
            low = text.lower()
            assert any(t in low for t in r.triggers), f"{r.id}: no trigger in {text!r}"


def test_no_pattern_ends_a_word_after_a_character_that_is_not_a_word_character():
    """`\\M` (end of a word) after '%' or after a list word such as 'NAD+' can never match: the
    pattern silently misses '200%' or 'NAD+'. Such an ending must be written `(?!\\w)`."""
    import re

    lists = load_rules().vocab.lists
    odd = {name for name, words in lists.items() if any(w and not (w[-1].isalnum() or w[-1] == "_") for w in words)}
    bad = []
    for rule in RULES:
        for pattern in rule.patterns:
            src = getattr(pattern, "pattern", "")
            if re.search(r"%(?:\|[^()]*)?\)*\\M", src) or any(
                    m.group(1) in odd for m in re.finditer(r"\\L<(\w+)>\)*\\M", src)):
                bad.append(rule.id)
    assert not bad, f"patterns ending a word after '%' or a list word like 'NAD+': {sorted(set(bad))}"
