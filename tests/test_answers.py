"""FAQ replies that make a claim: a safety question answered with a bare "None at all." (our own copy)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from copylint.api import lint_text
from copylint.cli import cli


def rules_at(text: str, ext: str = "md") -> list[tuple[int, str]]:
    return sorted((f.line, f.rule) for f in lint_text(text, filename=f"faq.{ext}") if f.category == "safety-claim")


def test_bold_question_and_bare_reply_in_markdown():
    text = ("## Questions\n\n**Are there any side effects?**\n\nNone at all.\n\n"
            "**Is the peel safe?**\n\nCompletely. We use a medical-grade acid.\n\n"
            "**Does microneedling hurt?**\n\nNot at all.\n")
    assert rules_at(text) == [(5, "safety.no-side-effects"), (9, "safety.absolute-safety"), (13, "safety.painless")]


def test_question_and_reply_in_one_block_of_plain_text():
    assert rules_at("Any risks with ozone drips? No. Book online today.\n", "txt") == [(1, "safety.no-side-effects")]


def test_a_reply_that_has_never_seen_one_is_a_claim():
    assert rules_at("**Side effects?**\n\nWe've never seen one in ten years.\n") == [(3, "safety.no-side-effects")]


def test_a_reply_that_calls_them_practically_nonexistent_is_a_claim():
    assert rules_at("Downtime? A day. Side effects? Virtually non-existent.\n", "txt") == [(1, "safety.no-side-effects")]


def test_reply_position_is_the_reply_itself():
    found = [f for f in lint_text("**Any side effects?**\n\nNope!\n", filename="faq.md") if f.rule == "safety.no-side-effects"]
    assert [(f.line, f.column, f.match) for f in found] == [(3, 1, "Nope")]


@pytest.mark.parametrize("text", [
    "**Are there side effects?**\n\nNo, but some bruising is common.\n",        # the reply qualifies itself
    "**Is PRP painful?**\n\nNo treatment is painless; we use numbing cream.\n",  # a sentence, not a bare reply
    "**Is it safe for everyone?**\n\nNo. Ask your doctor first.\n",            # an honest no to a 'safe' question
    "**What does the first visit cost?**\n\nNothing.\n",                       # not a safety question
    "We answer every question. None at all go unanswered.\n",                  # no question before it
])
def test_honest_or_unrelated_replies_pass(text):
    assert rules_at(text) == []


def test_a_pack_can_add_its_own_faq_reply(tmp_path):
    (tmp_path / "faq.yaml").write_text(
        "pack: house\nrules:\n"
        "  - id: no-downtime-reply\n    kind: pattern\n    category: safety-claim\n    severity: warning\n"
        "    message: Says there is no downtime.\n    patterns: ['\\bzero\\s+downtime\\b']\n"
        "    answers: {question: '\\bdowntime\\b', reply: 'none|zero'}\n", encoding="utf-8")
    (tmp_path / "page.md").write_text("**Is there downtime?**\n\nZero.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--rules", str(tmp_path), "--select", "house", str(tmp_path / "page.md")])
    assert "page.md:3:1: warning [house.no-downtime-reply]" in result.output


def test_a_bad_answers_key_is_a_clear_error(tmp_path):
    (tmp_path / "faq.yaml").write_text(
        "pack: house\nrules:\n"
        "  - id: bad\n    kind: pattern\n    category: safety-claim\n    severity: warning\n"
        "    message: m\n    patterns: ['x']\n    answers: {question: 'x'}\n", encoding="utf-8")
    (tmp_path / "page.md").write_text("text\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--rules", str(tmp_path), str(tmp_path / "page.md")])
    assert result.exit_code == 2
    assert "faq.yaml" in result.stderr and "'answers' must be a mapping with 'question' and 'reply'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_question_put_in_other_words_is_answered_too():
    # "people ask us about ..." puts the question; the next sentence's bare reply makes the claim
    assert rules_at("People ask us about the side effects of peptide shots.\n\nThere aren't any.\n") == [
        (3, "safety.no-side-effects")]
    assert rules_at("People ask us about the side effects of peptide shots.\n\nThere are a few, mostly bruising.\n") == []
    # a statement that only mentions asking, answered by something else, is no FAQ
    assert rules_at("Ask us about prices. None of our packages expire.\n", "txt") == []


def test_a_question_put_in_capitals_is_answered_too():
    assert rules_at("CLIENTS ASK US ABOUT SIDE EFFECTS.\n\nThere aren't any.\n") == [(3, "safety.no-side-effects")]


def test_a_labelled_q_and_a_pair_is_a_question_and_its_reply():
    text = "Q: Are there any side effects of PRF scalp sessions? A: None. Your own blood is used.\n"
    assert rules_at(text, "txt") == [(1, "safety.no-side-effects")]
    assert rules_at("Q: Are there any side effects? A: Some redness for a day.\n", "txt") == []


def test_a_reply_that_ends_on_an_emoji_or_a_hashtag_stands_alone():
    assert rules_at("Worried about side effects? None at all 🙌 #glowup\n", "txt") == [(1, "safety.no-side-effects")]
