"""The HTML report's copy view, cards and styles: what a copywriter reads, in light and dark, on screen and paper."""

from __future__ import annotations

import re

from report_helpers import finding_at, make_report, parse, render_to_string, rule

from copylint.formats.html import render
from copylint.formats.html_assets import CSS


def page_of(texts, findings, rules=None):
    return parse(render_to_string(render, make_report(texts, findings, rules)))


def ids_of(page) -> set[str]:
    return {el.attrs["id"] for el in page.iter() if "id" in el.attrs}


def links_of(page) -> list[str]:
    return [a.attrs["href"][1:] for a in page.find_all("a") if a.attrs.get("href", "").startswith("#")]


def copy_marks(page, number: int):
    return [m for m in page.find("div", cls="copy").find_all("mark") if str(number) in m.attrs["data-f"].split()]


def test_findings_sharing_a_highlight_each_have_their_anchor():
    text = "Our FDA-approved serum.\n"
    a = finding_at("s.md", text, "FDA-approved", rule="demo.a")
    b = finding_at("s.md", text, "FDA-approved", rule="demo.b", severity="warning")
    c = finding_at("s.md", text, "FDA", rule="demo.c", severity="info")
    page = page_of({"s.md": text}, [a, b, c])
    ids = ids_of(page)
    assert {"h-1", "h-2", "h-3", "s-1", "s-2", "s-3"} <= ids
    assert set(links_of(page)) <= ids
    for n in (1, 2, 3):  # each card links to its own highlight, in the copy and in the source
        header = page.find("article", id=f"f-{n}").find("header")
        assert [x.attrs["href"] for x in header.find_all("a")] == [f"#h-{n}", f"#s-{n}"]


def test_copy_view_shows_the_copy_without_markup_and_highlights_through_the_offset_maps():
    text = (
        "# Our serum\n\nIt is <b>FDA</b>&#8209;approved and [safe](https://x.example/page).\n"
        "\n- No side effects\n"
    )
    claim = finding_at("c.md", text, "<b>FDA</b>&#8209;approved")
    safe = finding_at("c.md", text, "No side effects", rule="demo.safe", severity="warning")
    page = page_of({"c.md": text}, [claim, safe])
    paras = page.find("div", cls="copy").find_all("div", cls="para")
    shown = [p.find("p", cls="tx").text_without("ref") for p in paras]
    assert shown == ["Our serum", "It is FDA\u2011approved and safe.", "No side effects"]
    assert [sorted(p.classes - {"para", "flagged"}) for p in paras] == [
        ["scope-heading"], ["scope-body"], ["scope-list"]
    ]
    assert [p.find("span", cls="no").attrs["data-n"] for p in paras] == ["1", "3", "5"]  # where each starts
    assert "".join(m.text for m in copy_marks(page, 1)) == "FDA\u2011approved"
    assert "".join(m.text for m in copy_marks(page, 2)) == "No side effects"
    # the source view, one click away, still has the draft as written
    source = page.find("details", cls="source-view")
    assert "open" not in source.attrs and "<b>FDA</b>&#8209;approved" in source.text


def test_a_finding_outside_the_copy_links_to_the_source_view():
    text = "<!-- copylint: disable-next-line nothing -->\nPlain words here.\n"
    f = finding_at("o.md", text, "copylint: disable-next-line nothing", rule="copylint.unused-suppression",
                   severity="warning", category="suppression")
    page = page_of({"o.md": text}, [f])
    outside = page.find("div", cls="outside")
    card = outside.find("article", id="f-1")
    assert [a.attrs["href"] for a in card.find("header").find_all("a")] == ["#s-1"]
    assert not copy_marks(page, 1) and "h-1" not in ids_of(page)
    assert set(links_of(page)) <= ids_of(page)


def test_card_says_why_and_offers_the_rewrite():
    text = "Totally risk-free.\n"
    f = finding_at("w.md", text, "risk-free", rule="demo.risk", category="safety-claim")
    rules = {"demo.risk": rule("demo.risk", description="Every treatment carries some risk; the FTC asks for "
                               "evidence.", suggestion="Side effects are rare and usually mild.")}
    card = page_of({"w.md": text}, [f], rules).find("article", id="f-1")
    assert " ".join(card.find("p", cls="why").text.split()) == (
        "Why it matters: Every treatment carries some risk; the FTC asks for evidence."
    )
    assert card.find("span", cls="rewrite").text == "Side effects are rare and usually mild."


def test_copy_view_folds_long_runs_of_paragraphs_without_findings():
    paras = [f"Paragraph number {i} says nothing." for i in range(1, 61)]
    paras[29] = "Paragraph thirty is FDA-approved."
    text = "\n\n".join(paras) + "\n"
    page = page_of({"l.md": text}, [finding_at("l.md", text, "FDA-approved")])
    copy = page.find("div", cls="copy")
    assert len(copy.find_all("details", cls="gap")) == 2
    assert len(copy.find_all("div", cls="para")) == 60  # folded, not dropped
    flagged = copy.find("div", cls="flagged")
    assert not any(a.tag == "details" for a in flagged.ancestors())


def test_filters_have_a_reset():
    text = "FDA-approved.\n"
    form = page_of({"r.md": text}, [finding_at("r.md", text, "FDA-approved")]).find("form", id="filters")
    assert form.find("button").attrs["type"] == "reset"


def test_print_shows_each_reference_url_once():
    text = "FDA-approved.\n"
    f = finding_at("p.md", text, "FDA-approved", references=("https://www.fda.gov/some-page",))
    refs = page_of({"p.md": text}, [f]).find("ul", cls="refs").find_all("a")
    assert [(a.text, a.attrs["href"]) for a in refs] == [("https://www.fda.gov/some-page",) * 2]
    assert "attr(href)" not in CSS  # the link text is the URL: printing the href again would double it


def _palette(block: str) -> dict[str, str]:
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})\b", block))


def _contrast(a: str, b: str) -> float:
    def lum(h: str) -> float:
        h = h.lstrip("#")
        h = "".join(c * 2 for c in h) if len(h) == 3 else h
        rgb = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_both_colour_schemes_keep_wcag_aa_contrast_for_text():
    light = _palette(CSS.split("@media (prefers-color-scheme: dark)")[0])
    dark = {**light, **_palette(CSS.split("@media (prefers-color-scheme: dark)")[1].split("}")[0])}
    assert dark["bg"] != light["bg"]
    pairs = [("fg", "bg"), ("fg", "bg-soft"), ("muted", "bg"), ("muted", "bg-soft"), ("focus", "bg"),
             ("focus", "bg-soft"), ("fg", "error-bg"), ("fg", "warning-bg"), ("fg", "info-bg"),
             ("on-badge", "error"), ("on-badge", "warning"), ("on-badge", "info"), ("on-badge", "cat"),
             ("error", "bg")]
    for name, palette in (("light", light), ("dark", dark)):
        low = [(a, b, round(_contrast(palette[a], palette[b]), 2)) for a, b in pairs
               if _contrast(palette[a], palette[b]) < 4.5]
        assert low == [], name


def test_many_findings_on_one_line_render_in_linear_time():
    """Hang guard: a line of 20,000 claims (no full stop) once cost the square of its findings in both views."""
    import time

    from copylint.findings import Finding

    n = 20_000
    text = "FDA-approved " * n
    findings = [Finding("h.txt", 1, 13 * i + 1, 1, 13 * i + 13, "demo.x", "regulatory-status", "error", "m",
                        "FDA-approved", start=13 * i, end=13 * i + 12) for i in range(n)]
    began = time.monotonic()
    html = render_to_string(render, make_report({"h.txt": text}, findings))
    assert time.monotonic() - began < 30  # about a second now; minutes when it was quadratic
    assert html.count('<mark class="hl sev-error" id="h-') == html.count('<mark class="hl sev-error" id="s-') == n
