"""What start-up and parallel runs keep or skip must never change an answer (issue 13's regressions).

The prefilter plan travels with the rule set cache; a plan made for other rules is ignored. Simple
front matter is read without PyYAML, as PyYAML reads it.
"""
from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# Front matter of simple `key: value` lines is read without PyYAML; whatever it answers must be
# what PyYAML's composer makes of the same lines (and it must decline everything else).
FM_KEYS = st.sampled_from(["title", "description", "slug", "date", "tags", "Title", "seo", "x-y", "_a", "on", "9"])
FM_VALUES = st.sampled_from([
    '"Gentle care for every skin"', '"Care | Clinic"', '"a: b # c"', '""', '" "', '"\u00a0"', "'It''s'", "'Dr. Lee'",
    '"caf\u00e9 \u2014 \U0001F600"', '"say \\"hi\\""', '"tab\\there"', "'\"'", '"\'"', "Book a visit", "Dr. Lee's clinic",
    "yes", "No", "NULL", "yEs", "on", "2019-07-05", "1.5", "5 stars", "[hair, skin, news]", "[]", "[a b, c.d]",
    "[a, [b]]", "{a: b}", "a: b", "a #b", "a#b", "-x", "- x", "&a x", "*a", "!x y", "|", ">-", "%x", "@x", "`x`",
    "x]", "x, y", "x  y", "x\ty", "caf\u00e9", "x\u2028y", "x\x85y", "\ufeffx", "~", "'a", '"a', "x \\ y", "",
])
FM_SEPS = st.sampled_from([": ", ":", ":  ", " : ", ":\t", ": "])
FM_ENDS = st.sampled_from(["\n", "\n", "\n\n", "  \n", "\r\n", "\n  ", "\n- x\n", "\n# note\n", "\n---\n"])


FM_GOOD = st.sampled_from(['"Gentle care | Clinic"', "'Dr. Lee'", '"caf\u00e9 \u2014 ok"', "Book a visit", "x, y]",
                           "Calm skin. Clear skin!", "It's {here}", '""', "2019-07-05", "[a, b]", ""])
FM_USUAL = st.tuples(FM_KEYS, st.just(": "), st.one_of(FM_GOOD, FM_GOOD, FM_VALUES),
                     st.sampled_from(["\n", "\n\n", "  \n"]))


FM_ANY = st.tuples(FM_KEYS, FM_SEPS, FM_VALUES, FM_ENDS)


def _front_matter(line):
    return st.lists(line, max_size=5).map(lambda lines: "".join(k + s + v + e for k, s, v, e in lines).rstrip("\n"))


KEY_SETS = st.sampled_from([("title", "description"), ("title", "slug", "tags"), ("seo.title",)])


def _same_reading(src: str, keys) -> bool | None:
    """Does the simple reader read `src` as PyYAML does (None: it declined)?"""
    from copylint.readers.frontmatter import _parsed_yaml, _simple_yaml

    text = f"---\n{src}\n---\nBody\n"
    simple = _simple_yaml(text, 4, 4 + len(src), keys)
    return None if simple is None else simple == _parsed_yaml(text, 4, 4 + len(src), keys)


@settings(max_examples=800, deadline=None, derandomize=True)
@given(_front_matter(FM_USUAL), KEY_SETS)
def test_simple_front_matter_is_read_as_pyyaml_reads_it(src, keys):
    assert _same_reading(src, keys) in (True, None), src


@settings(max_examples=800, deadline=None, derandomize=True)
@given(_front_matter(st.one_of(FM_USUAL, FM_ANY)), KEY_SETS)
def test_front_matter_of_any_lines_is_read_as_pyyaml_reads_it_or_left_to_it(src, keys):
    assert _same_reading(src, keys) in (True, None), src


def test_usual_front_matter_takes_the_simple_way_and_gives_the_same_blocks():
    from copylint.readers import Reading, frontmatter

    page = ('---\ntitle: "Gentle care \u2014 for every skin | Our Clinic"\ndescription: Calm, clear skin in a few '
            "visits.\ndate: 2021-03-04\ntags: [skin, care]\nslug: gentle-care\n---\n\n# Gentle care\n")
    lo, hi = 4, page.index("\n---\n", 4)
    keys = ("title", "description", "summary")
    assert frontmatter._simple_yaml(page, lo, hi, keys) == frontmatter._parsed_yaml(page, lo, hi, keys)
    assert len(frontmatter._simple_yaml(page, lo, hi, keys)) == 2
    reading = Reading()
    assert frontmatter.read_front_matter(page, keys, reading) == page.index("\n\n# Gentle") + 1
    assert [b.text for b in reading.blocks] == ["Gentle care \u2014 for every skin | Our Clinic",
                                                "Calm, clear skin in a few visits."]


@pytest.mark.parametrize("src", ["title: yes", "title: 2020", "title: [a, b]", "seo:\n  title: x", "title: |\n  x",
                                 "title: x # note", "title: 'it''s'", 'title: "a\\tb"', "title: x\r\nslug: y",
                                 "- title", "title:\tx", "  title: x"])
def test_front_matter_beyond_simple_lines_is_left_to_pyyaml(src):
    from copylint.readers.frontmatter import _simple_yaml

    text = f"---\n{src}\n---\n"
    assert _simple_yaml(text, 4, 4 + len(src), ("title",)) is None


def test_program_file_entries_are_read_one_by_one_and_a_damaged_one_is_compiled_again(tmp_path, monkeypatch):
    from copylint import programs
    from copylint.rulepack import FLAGS

    monkeypatch.setenv("COPYLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("COPYLINT_NO_CACHE", raising=False)
    words = {"thing": ["scalp", "hair follicles"]}
    cases = [(r"\mserum\M", {}), (r"\mregrows?\s+\L<thing>\M", words), (r"\mcream\M", {})]
    programs.reset()
    for pattern, lists in cases:
        programs.compile(pattern, FLAGS, **lists)
    programs.save()
    programs.reset()
    path = next(tmp_path.glob("regex-programs-*.bin"))
    store = programs._store()
    assert len(store.entries.index) == 3 and not store.entries.known  # the index only: no program read yet
    (key, (offset, size, _)), = [(k, v) for k, v in store.entries.index.items() if "regrows" in k]
    data = bytearray(path.read_bytes())
    data[store.entries._start + offset + size // 2] ^= 0xFF  # one program damaged, the index sound
    path.write_bytes(bytes(data))
    programs.reset()
    built = [programs.compile(pattern, FLAGS, **lists) for pattern, lists in cases]
    assert list(programs._store().added) == [key]  # only the damaged one was compiled again
    assert built[1].search("It regrows hair follicles.") and not built[1].search("It regrows teeth.")
    assert built[0].search("a Serum") and built[2].search("the cream")
    programs.reset()


def test_frames_read_back_from_the_rule_set_cache_are_built_and_match_as_new_ones(cache_dir):
    from copylint.framematch import FramePattern

    rulepack.load_rules()
    rulepack._load_rules_cached.cache_clear()
    again = rulepack.load_rules()
    frames = [p for r in again.rules for p in r.patterns if isinstance(p, FramePattern)]
    assert frames and all(f._index is not None for f in frames)  # word dictionaries came with them
    texts = [t.lower() for t in TEXTS] + ["Our treatment reverses hair loss for good and regrows hair in weeks."]
    matched = 0
    for f in frames:
        new = FramePattern(f.frame, "test", again.vocab.lists, f.gap)
        for text in texts:
            spans = [m.span() for m in f.finditer(text)]
            assert spans == [m.span() for m in new.finditer(text)], f.frame
            matched += bool(spans)
    assert matched >= 3


def test_the_cue_scanner_remembers_the_blocks_of_the_current_page_only(cache_dir):
    from copylint.cues import REMEMBER_CHARS, REMEMBER_TEXTS
    from copylint.document import Document

    linter = Linter(rulepack.load_rules(), DEFAULT_CONFIG)
    (scanner,) = linter.cue_scanners
    first = Document("a.md", "# Marigold clinic\n\nOur serum is FDA approved and has no side effects.\n", "markdown")
    second = Document("b.md", "Patients report our cream is clinically proven, according to our doctors.\n\n"
                      + "\n\n".join(f"Visit {n}: it may help, some say." for n in range(REMEMBER_TEXTS)), "markdown")
    linter.lint(second)  # every cue list registered (registering one forgets what was remembered)
    alone = [f.rule for f in linter.lint(first).findings]
    assert alone and any("Marigold" in t for t in scanner._seen)
    linter.lint(second)
    assert scanner._seen and not any("Marigold" in t for t in scanner._seen)
    assert len(scanner._seen) <= REMEMBER_TEXTS and all(len(t) <= REMEMBER_CHARS for t in scanner._seen)
    assert [f.rule for f in linter.lint(first).findings] == alone  # and nothing it forgot changes an answer


def _lazy_patterns(ruleset) -> list:
    cues = ruleset.vocab.cues.values()
    out = [*(p for r in ruleset.rules for p in (*r.patterns, *r.unless)),
           *(e for c in cues for e in (c.full, *c.entries)), ruleset.vocab.subjects]
    return [p for p in out if isinstance(p, rulepack.LazyPattern)]


def test_a_forking_parent_leaves_its_patterns_uncompiled_but_their_programs_cached(cache_dir):
    from copylint import programs

    programs.reset()
    ruleset = rulepack.load_rules()
    Linter(ruleset, DEFAULT_CONFIG).warm(0, forking=True)
    patterns = _lazy_patterns(ruleset)
    assert len(patterns) > 300 and all(p._compiled is None for p in patterns)
    programs.save()
    programs.reset()  # as a worker of the next run finds the file
    assert all(programs.cached(p.pattern, rulepack.FLAGS, **rulepack._named_lists(p.pattern, "", p._lists))
               for p in patterns)
    patterns[0].compile()
    assert not programs._store().added  # built from the file, not compiled again
    programs.reset()


def test_without_a_program_cache_a_forking_parent_compiles_for_its_workers(cache_dir, monkeypatch):
    from copylint import programs

    monkeypatch.setenv("COPYLINT_NO_CACHE", "1")
    programs.reset()
    rulepack._load_rules_cached.cache_clear()
    ruleset = rulepack.load_rules()
    Linter(ruleset, DEFAULT_CONFIG).warm(0, forking=True)
    assert all(p._compiled is not None for p in _lazy_patterns(ruleset))
    programs.reset()
