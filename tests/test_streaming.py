"""A big page is matched as it is read, block by block: the same report as a page held whole,
and memory bounded by the largest block, not the file (issue 12, point 12).

Pages are generated from sentences written for these tests: claims, mentions of a regulated
therapy (early, late or never), disclosures, promotion, and suppression comments whose
disable/enable pairs span blocks. Each is linted held whole (UNIT_BUFFER large) and streamed
(UNIT_BUFFER tiny, HTML fed to the parser a few characters at a time), and the reports compared.
"""
from __future__ import annotations

import random
import tracemalloc
import weakref

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copylint import engine
from copylint.api import get_linter
from copylint.cli import cli
from copylint.document import Document
from copylint.formats import FORMATS
from copylint.readers import extract, html

NEUTRAL = [
    "Our front desk opens at eight and closes at six.",
    "Parking is free behind the building on Elm Street.",
    "Please bring a photo ID to your first visit.",
    "The waiting room has water, tea and magazines.",
    "We send a reminder text the day before each visit.",
]
THERAPY = [
    "Ask us about our exosome scalp serum.",
    "Many guests ask how stem cell treatment works.",
    "We also offer PRP injections for thinning hair.",
]
CLAIMS = [
    "Our exosome scalp serum is FDA approved.",
    "Stem cell treatment cures hair loss for good.",
    "PRP injections are completely safe with zero side effects.",
    "Guaranteed results in four weeks or your money back.",
    "This serum is a miracle breakthrough.",
]
DISCLOSURES = [
    "Exosome products are not approved by the FDA to treat any condition.",
    "Individual results vary.",
    "This page is not medical advice; ask your own doctor.",
]
PROMOTION = ["Book your consultation online today.", "Call now to reserve a session."]
REPORTED = ["The agency said in a statement on Monday that it reviewed the ruling, the court reported."]


def _sentences(rng: random.Random, n: int, therapy_at: int | None) -> list[str]:
    pool = NEUTRAL * 4 + CLAIMS + DISCLOSURES + PROMOTION + REPORTED
    out = [rng.choice(pool) for _ in range(n)]
    if therapy_at is not None:
        out.insert(min(therapy_at, len(out)), rng.choice(THERAPY))
    return out


def markdown_page(rng: random.Random, n: int, therapy_at: int | None) -> str:
    """Paragraphs, headings, list items, link titles, HTML blocks and suppression comments."""
    parts, open_disable = [], False
    for i, sentence in enumerate(_sentences(rng, n, therapy_at)):
        x = rng.random()
        if x < 0.08:
            parts.append("<!-- copylint: enable -->" if open_disable else "<!-- copylint: disable -->")
            open_disable = not open_disable
        elif x < 0.12:
            parts.append("<!-- copylint: disable-next-line -->")
        if x < 0.3:
            parts.append(f"## {sentence}")
        elif x < 0.45:
            parts.append(f"- {sentence}\n- {rng.choice(NEUTRAL)}")
        elif x < 0.55:
            parts.append(f'See [our notes](/n{i} "{sentence}") for more.')
        elif x < 0.62:
            parts.append(f'<div><p>{sentence}</p><img alt="{rng.choice(CLAIMS)}"></div>')
        else:
            parts.append(sentence if rng.random() < 0.5 else sentence.replace(" ", "\n", 1))
    return "---\ntitle: Clinic notes\n---\n\n" + "\n\n".join(parts) + "\n"


def html_page(rng: random.Random, n: int, therapy_at: int | None) -> str:
    parts = ["<html><head><title>Clinic notes</title></head><body>"]
    for sentence in _sentences(rng, n, therapy_at):
        x = rng.random()
        if x < 0.08:
            parts.append(f"<!-- copylint: disable-next-line -->\n<p>{sentence}</p>")
        elif x < 0.2:
            parts.append(f'<p>Read on <img alt="{sentence}"> here &amp; now.</p>')
        elif x < 0.3:
            parts.append(f"<ul><li>{sentence}</li><li>{rng.choice(NEUTRAL)}</li></ul>")
        elif x < 0.35:
            parts.append(f"<pre>{sentence}</pre>")
        else:
            parts.append(f"<p>{sentence}</p>")
    return "\n".join(parts) + "</body></html>\n"


def text_page(rng: random.Random, n: int, therapy_at: int | None) -> str:
    parts = []
    for sentence in _sentences(rng, n, therapy_at):
        if rng.random() < 0.1:
            parts.append("# copylint: disable-next-line")
        parts.append(sentence)
    return "\n\n".join(parts) + "\n"


PAGES = {"markdown": markdown_page, "html": html_page, "text": text_page}


def report(text: str, kind: str, explain: bool = True):
    """Everything a user sees of one document's lint: findings, unused directives, dropped candidates."""
    r = get_linter().lint(Document(f"page.{kind}", text, kind), explain)
    return [f.to_dict() for f in r.findings], [repr(u) for u in r.unused], [repr(d) for d in r.dropped]


@pytest.fixture
def streamed(monkeypatch):
    """Lint as a big page is linted: after the first block, every block matched as it is read."""
    def run(text: str, kind: str, buffer: int = 0, chunk: int = 5):
        with monkeypatch.context() as m:
            m.setattr(engine, "UNIT_BUFFER", buffer)
            m.setattr(html, "HTML_CHUNK", chunk)
            return report(text, kind)
    return run


@pytest.mark.parametrize("kind", sorted(PAGES))
@pytest.mark.parametrize("seed", range(6))
def test_streamed_report_is_the_whole_page_report(kind, seed, streamed):
    rng = random.Random(f"{kind}:{seed}")
    therapy_at = [None, 0, 3, 40][seed % 4]  # never, first, early, only near the end
    text = PAGES[kind](rng, 50, therapy_at)
    whole = report(text, kind)
    assert whole[0], "the page should hold findings"
    assert streamed(text, kind) == whole
    # the survey of the first ~2 KB of copy is assumed, then undone when the therapy comes later
    assert streamed(text, kind, buffer=2_000, chunk=64) == whole


def test_a_therapy_named_only_late_still_anchors_the_disclosures(streamed):
    text = "\n\n".join(NEUTRAL * 30 + ["Book your consultation online today.", THERAPY[0]]) + "\n"
    whole = report(text, "markdown")
    rules = {f["rule"] for f in whole[0]}
    assert "disclosure.regulatory-status" in rules
    assert streamed(text, "markdown", buffer=500) == whole


def test_a_status_stated_only_late_still_clears_the_offer_before_it(streamed):
    offer = "We offer stem cell injections for knee arthritis."
    status = "Stem cell injections are not FDA-approved for arthritis."
    text = "\n\n".join([offer] + NEUTRAL * 30 + [status]) + "\n"
    whole = report(text, "markdown")
    assert "disease.treats-condition" not in {f["rule"] for f in whole[0]}
    assert streamed(text, "markdown", buffer=500) == whole


FRAGMENTS = st.sampled_from(
    NEUTRAL + THERAPY + CLAIMS + DISCLOSURES + PROMOTION
    + ["\n", "\n\n", "<p>", "</p>", "<br>", "&amp;", "&#", "&#x41;", "<!-- copylint: disable -->",
       "<!-- copylint: enable -->", "<pre>", "</pre>", "<svg>", "</svg>", '<img alt="', '">', "<!--", "-->",
       "- ", "# ", "[x](/y \"", "\")", "`", "<", "&", "&am", "<script>", "</script>", "<style>", "</style>", "</",
       "<text>", "</text>", "<![CDATA[", "]]>", "<div hidden>", "</div>", "\r\n"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(FRAGMENTS, max_size=40), kind=st.sampled_from(sorted(PAGES)), chunk=st.integers(1, 40))
def test_streamed_equals_whole_on_any_page(parts, kind, chunk, streamed):
    text = "".join(parts)
    assert streamed(text, kind, chunk=chunk) == report(text, kind)


def test_html_fed_in_chunks_reads_the_same_blocks(monkeypatch):
    rng = random.Random("chunks")
    text = html_page(rng, 80, 5) + "<p>x &#38 y &#x26; z &amp q <b>bold</b></p><!-- open"
    whole = [(b.text, b.scope) for b in extract(text, "html")]
    for chunk in (1, 2, 3, 7, 64):
        monkeypatch.setattr(html, "HTML_CHUNK", chunk)
        assert [(b.text, b.scope) for b in extract(text, "html")] == whole


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_prints_the_same_for_a_streamed_page(fmt, tmp_path, monkeypatch):
    page = tmp_path / "page.md"
    page.write_text(markdown_page(random.Random("formats"), 40, 2), encoding="utf-8")
    args = ["check", "--format", fmt, "--jobs", "1", str(page)]
    whole = CliRunner().invoke(cli, args)
    monkeypatch.setattr(engine, "UNIT_BUFFER", 0)
    streamed = CliRunner().invoke(cli, args)
    assert whole.exit_code == 1
    assert (streamed.exit_code, streamed.output) == (whole.exit_code, whole.output)


def test_a_big_page_holds_one_block_at_a_time(monkeypatch):
    """Blocks already matched are let go: at most a couple are alive at once, whatever the page's size."""
    monkeypatch.setattr(engine, "UNIT_BUFFER", 0)
    alive: list[weakref.ref] = []
    most = 0
    block_findings = engine.Linter._block_findings

    def watched(self, unit, *args):
        nonlocal most
        alive[:] = [r for r in alive if r() is not None]
        alive.append(weakref.ref(unit))
        most = max(most, len(alive))
        return block_findings(self, unit, *args)

    monkeypatch.setattr(engine.Linter, "_block_findings", watched)
    text = markdown_page(random.Random("alive"), 300, 1)
    report(text, "markdown", explain=False)
    assert most <= 3


def test_peak_memory_is_bounded_by_the_block_not_the_file(monkeypatch):
    """Python's heap at its peak over the size of the page's text: 30x when every block was held,
    under 7x now (the rest is one chunk of markdown-it's tokens, a fixed cost)."""
    monkeypatch.setattr(engine, "UNIT_BUFFER", 20_000)
    rng = random.Random("memory")
    text = "\n\n".join(rng.choice(NEUTRAL * 10 + CLAIMS[:2]) for _ in range(8_000)) + "\n"  # ~400 KB
    linter = get_linter()
    linter.warm()  # compiled patterns are not the page's
    linter.lint(Document("warm.md", text[:5_000], "markdown"))
    tracemalloc.start()
    try:
        linter.lint(Document("page.md", text, "markdown"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 12 * len(text)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_markdown_parsed_in_chunks_without_a_copy_reads_the_same_blocks(newline, monkeypatch):
    """Front matter is blanked and line ends normalised a slice at a time, also where a chunk or a
    slab of lines is cut between the two characters of a CRLF."""
    from copylint.readers import chunking

    page = markdown_page(random.Random(f"chunks{newline!r}"), 120, 3)
    page = page.replace("title: Clinic notes\n", "title: Clinic notes\ndescription: |\n  ```\n")
    text = page.replace("\n", newline)

    def blocks():
        return [(b.text, b.scope, b.map.start(0), b.map.end(len(b.text))) for b in extract(text, "markdown")]

    monkeypatch.setattr(chunking, "MD_CHUNK", 10**9)
    whole = blocks()
    assert any("description" not in t and "Clinic notes" in t for t, *_ in whole)  # the front matter's copy
    for chunk, slab in ((300, 64), (1_000, 7), (5_000, 1)):
        monkeypatch.setattr(chunking, "MD_CHUNK", chunk)
        monkeypatch.setattr(chunking, "_SLAB", slab)
        assert blocks() == whole
