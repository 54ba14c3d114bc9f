"""Claim frames and lemma lists: inflection, frame compilation, validation, derived triggers.

Sentences here are our own, written for these tests.
"""
from __future__ import annotations

import pytest
import regex
from click.testing import CliRunner

from copylint.api import lint_text
from copylint.cli import cli as main
from copylint.errors import RuleError
from copylint.frames import compile_frame, parse, trigger_words
from copylint.rulepack import load_rules
from copylint.vocabulary import expand, inflect


class TestInflection:
    @pytest.mark.parametrize(("lemma", "forms"), [
        ("regrow", {"regrow", "regrows", "regrowing", "regrew", "regrown"}),
        ("restore", {"restores", "restored", "restoring"}),
        ("follicle", {"follicle", "follicles"}),
        ("stop", {"stops", "stopped", "stopping"}),
        ("remedy", {"remedies", "remedied"}),
        ("bring back", {"brings back", "brought back", "bringing back"}),
        ("hair follicle", {"hair follicles"}),
        ("go away", {"goes away", "went away", "going away", "gone away"}),
    ])
    def test_forms(self, lemma, forms):
        assert forms <= inflect(lemma)

    def test_short_words_and_codes_stay_as_written(self):
        assert inflect("TB-500") == {"TB-500"}

    def test_a_hyphenated_noun_takes_its_plural_on_the_last_part(self):
        assert set(expand(["flare-up", "side-effect"], nouns=True)) == {"flare-up", "flare-ups", "side-effect", "side-effects"}
        # an adjective or a code after the hyphen has no plural
        assert set(expand(["cord-derived", "TB-500", "anti-inflammatories"], nouns=True)) == {
            "cord-derived", "TB-500", "anti-inflammatories"}

    def test_a_noun_already_plural_gets_no_second_plural(self):
        assert set(expand(["hyperbaric chambers", "psoriasis", "stress", "virus"], nouns=True)) == {
            "hyperbaric chambers", "psoriasis", "stress", "stresses", "virus", "viruses"}

    def test_expand_has_no_duplicates(self):
        out = expand(["heal", "heal", "heals"])
        assert len(out) == len(set(out))


LISTS = {"sure": ["will", "can"], "verb": ["regrow", "regrows", "restore"], "thing": ["hair", "follicles"]}


def _compiled(frame: str, gap: int = 2):
    pattern = compile_frame(frame, "t", LISTS, gap)
    return regex.compile(pattern, regex.I, **{k: v for k, v in LISTS.items() if f"<{k}>" in pattern})


class TestFrames:
    def test_optional_leading_slot_and_gap(self):
        p = _compiled("{sure}? {verb} {thing}")
        assert p.search("It will regrow your hair").group() == "will regrow your hair"
        assert p.search("regrows thin follicles").group() == "regrows thin follicles"

    def test_gap_is_bounded_and_stops_at_punctuation(self):
        p = _compiled("{verb} {thing}", gap=1)
        assert p.search("restore the hair")
        assert not p.search("restore all of the hair")
        assert not p.search("restore, hair")

    def test_glued_items_take_no_words_between(self):
        p = _compiled("{verb} +{thing}")
        assert p.search("regrow hair")
        assert not p.search("regrow your hair")

    def test_words_must_appear_as_written(self):
        p = _compiled("{verb} of {thing}")
        assert p.search("regrow of hair") and not p.search("regrow hair")

    def test_slot_groups_name_the_list(self):
        m = _compiled("{sure}? {verb} {thing}").search("can restore follicles")
        assert {k for k, v in m.groupdict().items() if v} == {"s0_sure", "s1_verb", "s2_thing"}

    def test_built_in_number(self):
        p = _compiled("{verb} {number} +{thing}")
        for text in ("restore 2-4 hair", "restore two to three follicles", "restore a few hair"):
            assert p.search(text), text

    def test_trigger_words_come_from_the_smallest_required_slot(self):
        assert trigger_words("{sure}? {verb} {thing}", "t", LISTS) == ("follicles", "hair")

    @pytest.mark.parametrize(("frame", "error"), [
        ("{sure}?", "at least one slot"),
        ("{nolist} {thing}", "unknown list 'nolist'"),
        ("{verb {thing}", "cannot read frame"),
    ])
    def test_bad_frames_are_named(self, frame, error):
        with pytest.raises(RuleError, match=error):
            compile_frame(frame, "pack.yaml: rule 'x': frames", LISTS)

    def test_parse_marks_optional_and_glued(self):
        assert [(k, opt, glue) for k, _, opt, glue in parse("{a}? +{b} of", "t")] == [
            ("slot", True, False), ("slot", False, True), ("word", False, False)]


HOUSE_VOCAB = "lemmas:\n  glowing: [glimmer]\n"
HOUSE_PACK = """pack: house
context: {hedge: drop}
rules:
  - id: glimmer-skin
    kind: frame
    category: efficacy-claim
    severity: error
    message: Promises a glimmer.
    frames: ["{glowing} {body}"]
    examples:
      fail: ["This serum glimmers your skin."]
      pass: ["This serum may glimmer your skin."]
"""


class TestPacks:
    def test_a_house_pack_extends_lemmas_and_sets_pack_context(self, tmp_path):
        (tmp_path / "vocabulary.yaml").write_text(HOUSE_VOCAB)
        (tmp_path / "house.yaml").write_text(HOUSE_PACK)
        rules = load_rules((str(tmp_path),)).by_id()
        rule = rules["house.glimmer-skin"]
        assert rule.context["hedge"] == "drop"
        assert rule.frames == ("{glowing} {body}",)
        assert "glimmered" in load_rules((str(tmp_path),)).vocab.lists["glowing"]
        runner = CliRunner()
        draft = tmp_path / "d.txt"
        draft.write_text("Our serum glimmered my skin overnight.\nIt may glimmer your skin.\n")
        result = runner.invoke(main, ["check", "--isolated", "--rules", str(tmp_path), "--select", "house",
                                      "--format", "json", str(draft)])
        assert result.exit_code == 1, result.output
        assert '"line": 1' in result.output and '"line": 2' not in result.output

    @pytest.mark.parametrize(("rule", "message"), [
        ("{id: x, kind: frame, category: hype, severity: error, message: m, frames: ['{nope} {body}']}",
         "unknown list 'nope'"),
        ("{id: x, kind: frame, category: hype, severity: error, message: m, frames: ['{body}'], gap: 40}",
         "'gap' must be a whole number"),
        ("{id: x, kind: pattern, category: hype, severity: error, message: m, patterns: [a], frames: ['{body}']}",
         "belong to rules of kind 'frame'"),
        ("{id: x, kind: frame, category: hype, severity: error, message: m}", "missing required key 'frames'"),
    ])
    def test_bad_frame_rules_stop_the_run(self, tmp_path, rule, message):
        (tmp_path / "bad.yaml").write_text(f"pack: bad\nrules:\n  - {rule}\n")
        draft = tmp_path / "d.txt"
        draft.write_text("hello\n")
        result = CliRunner().invoke(main, ["check", "--isolated", "--rules", str(tmp_path), str(draft)])
        assert result.exit_code == 2
        assert message in result.output and "bad.yaml" in result.output

    def test_pattern_rule_without_triggers_gets_them_from_its_pattern(self, tmp_path):
        (tmp_path / "p.yaml").write_text(
            "pack: p\nrules:\n  - {id: x, kind: pattern, category: hype, severity: error, message: m,"
            " patterns: ['\\mzorblax\\s+cream\\M'], examples: {fail: [a], pass: [b]}}\n")
        rule = load_rules((str(tmp_path),)).by_id()["p.x"]
        assert rule.triggers and all(t in "zorblax cream" for t in rule.triggers)
        draft = tmp_path / "d.txt"
        draft.write_text("Try our Zorblax cream.\n")
        result = CliRunner().invoke(main, ["check", "--isolated", "--rules", str(tmp_path), "--select", "p",
                                           str(draft)])
        assert "p.x" in result.output


def test_bundled_frames_report_their_family():
    found = {f.rule for f in lint_text("The serum reawakens sleeping follicles.", filename="a.txt")
             if f.severity != "info"}
    assert "efficacy.outcome-claim" in found
