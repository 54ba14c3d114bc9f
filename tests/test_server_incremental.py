"""The server's incremental re-lint: after any edit, exactly what a fresh full lint of the same text gives."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copylint.api import get_linter, get_ruleset
from copylint.config import DEFAULT_CONFIG
from copylint.document import Document

pytest.importorskip("lsprotocol")  # the server package imports its LSP types at import time
from copylint.server.incremental import BlockMemo, IncrementalLinter  # noqa: E402
from copylint.server.linting import DraftLinter  # noqa: E402

# Our own copy, written for these tests: claims, context that changes how claims are judged
# (a page-level therapy, a news genre, a denial, a disclaimer), markup and directives.
PIECES = {
    "markdown": [
        "# Knee care that heals in one visit\n\n",
        "Our stem cell therapy cures arthritis in one visit.\n",
        "Exosome treatments are FDA approved and completely safe.\n\n",
        "- Book your PRP session today!\n- Guaranteed results, no side effects.\n\n",
        "> A patient said the injections reversed her hair loss.\n\n",
        "<!-- copylint: disable-next-line safety -- quoted on purpose -->\nThis treatment is 100% safe.\n\n",
        "We do not offer exosome treatments.\n\n",
        "Reuters reported that the agency warned the clinic, according to the ruling.\n\n",
        "```\nFDA approved code sample\n```\n\n",
        "| Offer | Claim |\n|---|---|\n| PRP | cures pain \U0001F600 |\n\n",
        "Results may vary. Not evaluated by the Food and Drug Administration.\n\n",
        "It is proven to regrow hair,\nand it is risk-free.\r\n\r\n",
        "It is FDA approved.\n\n",  # judged by the page's therapy: an error with one, else a warning
        "It beats surgery, and it is FDA cleared.\n\n",  # the suggestion names the page's therapy
    ],
    "html": [
        "<h1>Knee care that heals</h1>\n",
        "<p>Our stem cell therapy cures arthritis in one visit.</p>\n",
        "<p>Exosome treatments are FDA approved &amp; completely safe.</p>\n",
        "<ul><li>Book your PRP session today!</li><li>No side effects.</li></ul>\n",
        "<!-- copylint: disable-next-line regulatory -- quoted -->\n<p>It is FDA-approved.</p>\n",
        "<script>var x = 'FDA approved';</script>\n",
        "<p>Reuters reported the agency warned the clinic.</p>\n",
        "<p>It is FDA approved. It beats surgery.</p>\n",
        "<img alt=\"guaranteed results \U0001F600\" src=x.png>\n",
    ],
    "text": [
        "Our stem cell therapy cures arthritis in one visit.\n",
        "Exosome treatments are FDA approved and completely safe.\n\n",
        "copylint: disable-next-line safety -- quoted\nThis treatment is 100% safe.\n",
        "We do not offer exosome treatments.\n",
        "Guaranteed results with no side effects \U0001F600.\n\n",
        "It is FDA approved, and it beats surgery.\n",
    ],
}
INSERTS = ["\n", "\n\n", "- ", "> ", "# ", " stem cell therapy", "not ", " FDA approved", " cures cancer", "```\n",
           "<!-- copylint: disable-line -->", "\U0001F600", "Reuters reported ", "Try exosome therapy.\n\n", "<p>", "</p>", "---\n", " x", "**", "_", "&amp;", ""]


def _doc(kind: str):
    piece = st.sampled_from(PIECES[kind])
    return st.lists(piece, min_size=1, max_size=12).map("".join)


EDIT = st.tuples(st.floats(0, 1), st.integers(0, 30), st.sampled_from(INSERTS))


def _apply(text: str, edit) -> str:
    where, cut, insert = edit
    at = int(where * len(text))
    return text[:at] + insert + text[at + cut:]


def _all_fields(report) -> list:
    """Every field of every finding (offsets and sentence too) and the unused directives."""
    found = [(f.to_dict(), f.start, f.end, f.sentence, f.notes, f.words) for f in report.findings]
    return [found, [(d.action, d.selectors, d.start, d.end) for d in report.unused]]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_an_edited_draft_relints_to_exactly_a_fresh_full_lint(data):
    kind = data.draw(st.sampled_from(sorted(PIECES)))
    text = data.draw(_doc(kind))
    edits = data.draw(st.lists(EDIT, min_size=1, max_size=6))
    incremental = IncrementalLinter(get_ruleset(), DEFAULT_CONFIG)
    memo = BlockMemo()
    name = {"markdown": "page.md", "html": "page.html", "text": "page.txt"}[kind]
    incremental.lint_with(Document(name, text, kind), memo)
    for edit in edits:
        text = _apply(text, edit)
        got = incremental.lint_with(Document(name, text, kind), memo)
        assert _all_fields(got) == _all_fields(get_linter().lint(Document(name, text, kind)))


def _big_page(blocks: int) -> str:
    return "".join(f"## Offer {i}\n\nRoom {i}. {PIECES['markdown'][1 + i % 2]}\n" for i in range(blocks))


def test_only_the_edited_block_is_matched_again():
    """One word changed in a long draft: every other block's findings come from the memo."""
    drafts = DraftLinter()
    text = _big_page(300)
    first = drafts.lint(None, text, "markdown", "page.md", ".")
    memo = drafts.memo("page.md")
    assert memo.hits == 0 and memo.misses == 600 and first.findings
    at = text.index("cures arthritis", len(text) // 2)
    edited = text[:at] + "\n\nwe " + text[at:]  # a new paragraph: everything after it moves
    again = drafts.lint(None, edited, "markdown", "page.md", ".")
    assert memo.misses <= 2 and memo.hits > 500
    fresh = get_linter().lint(Document("page.md", edited, "markdown")).findings
    assert [(f.line, f.column, f.rule) for f in again.findings] == [(f.line, f.column, f.rule) for f in fresh]


def test_a_new_page_level_therapy_rejudges_every_block():
    """The first regulated therapy names every claim's subject: when it changes, nothing is reused."""
    drafts = DraftLinter()
    text = _big_page(40)
    drafts.lint(None, text, "markdown", "page.md", ".")
    edited = "Our PRP injections heal.\n\n" + text  # a new first therapy, ahead of the others
    drafts.lint(None, edited, "markdown", "page.md", ".")
    memo = drafts.memo("page.md")
    assert memo.hits == 0


def test_a_new_linter_starts_an_empty_memo():
    """A reloaded config or rule pack builds a new linter: the old one's findings are never reused."""
    memo = BlockMemo()
    doc = Document("page.md", _big_page(5), "markdown")
    IncrementalLinter(get_ruleset(), DEFAULT_CONFIG).lint_with(doc, memo)
    IncrementalLinter(get_ruleset(), DEFAULT_CONFIG).lint_with(doc, memo)
    assert memo.hits == 0 and memo.misses > 0


@pytest.mark.parametrize("kind, before, after", [
    ("markdown", "Our exosome therapy is FDA approved.\n", "Our exosome therapy is FDA **approved**.\n"),
    ("markdown", "Our exosome therapy is FDA approved.\n", "Our exosome therapy is FDA\napproved.\n"),
    ("markdown", "Our exosome therapy is FDA approved.\n", "> Our exosome therapy is FDA\n> approved.\n"),
    ("html", "<p>Exosomes are safe & FDA approved.</p>", "<p>Exosomes are safe &amp; FDA approved.</p>"),
])
def test_the_same_copy_from_other_source_text_is_placed_anew(kind, before, after):
    """Markup that leaves a block's copy unchanged still moves its findings' ends."""
    linter, memo = IncrementalLinter(get_ruleset(), DEFAULT_CONFIG), BlockMemo()
    name = "page.md" if kind == "markdown" else "page.html"
    linter.lint_with(Document(name, before, kind), memo)
    got = linter.lint_with(Document(name, after, kind), memo)
    assert _all_fields(got) == _all_fields(get_linter().lint(Document(name, after, kind)))
    assert got.findings and memo.hits == 0


PACK = ("pack: house\nrules:\n  - id: glow\n    kind: pattern\n    category: hype\n    severity: warning\n"
        "    message: Glow claim.\n    triggers: [glow]\n    patterns: ['\\mglow\\s+guaranteed\\M']\n"
        "    examples: {fail: ['Glow guaranteed.'], pass: ['A soft glow.']}\n")


@pytest.mark.parametrize("notified", [True, False])
def test_an_edited_pack_or_config_is_never_answered_from_the_memo(tmp_path, monkeypatch, notified):
    """The same unchanged draft, linted again after its pack and then its config changed on disk."""
    import os

    from copylint.server.linting import forget_loaded_rules

    monkeypatch.chdir(tmp_path)
    forget_loaded_rules()  # the process keeps packs by their relative folder: another test's 'house'
    (tmp_path / "house").mkdir()
    pack, config = tmp_path / "house" / "house.yaml", tmp_path / ".copylint.yaml"
    pack.write_text(PACK)
    config.write_text("rules: [house]\n")
    drafts, draft = DraftLinter(), str(tmp_path / "page.md")
    text = "# Offer\n\nGlow guaranteed after one visit.\n\nOur exosomes are FDA-approved.\n"

    def lint():
        return {(f.rule, f.severity) for f in drafts.lint(draft, text, "markdown", "page.md").findings}

    assert ("house.glow", "warning") in lint()
    pack.write_text(PACK.replace("severity: warning", "severity: info"))
    os.utime(pack, ns=(1, 1))  # a new stamp even within the file system's time resolution
    if notified:
        drafts.forget()  # what a watched-file notification does
    assert ("house.glow", "info") in lint()
    config.write_text("rules: [house]\nignore: [regulatory]\n")
    os.utime(config, ns=(2, 2))
    if notified:
        drafts.forget()
    found = lint()
    assert ("house.glow", "info") in found and not any(rule.startswith("regulatory.") for rule, _ in found)


def test_the_same_text_again_is_not_read_again():
    """A save or an unrelated settings event re-lints an unchanged buffer: the last report, no block touched."""
    memo, linter = BlockMemo(), IncrementalLinter(get_ruleset(), DEFAULT_CONFIG)
    text = _big_page(20)
    first = linter.lint_with(Document("page.md", text, "markdown"), memo)
    again = linter.lint_with(Document("page.md", text, "markdown"), memo)
    assert again is first and memo.hits == memo.misses == 0
    edited = linter.lint_with(Document("page.md", text + "\nIt is FDA approved.\n", "markdown"), memo)
    assert edited is not first and memo.misses == 1
    assert _all_fields(edited) == _all_fields(get_linter().lint(Document("page.md", text + "\nIt is FDA approved.\n",
                                                                          "markdown")))
