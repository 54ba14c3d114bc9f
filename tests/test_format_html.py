"""Structure of the HTML review report: self-contained, escaped, every finding highlighted in place."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from report_helpers import finding_at, make_report, parse, render_to_string, rule

from copylint.cli import cli
from copylint.formats.html import render
from copylint.formats.html_assets import CSS, SCRIPT, csp_hash

DATA = Path(__file__).parent / "data"
PACK = ["--rules", str(DATA / "report-pack"), "--select", "reportdemo"]

LANDING = "# Exosome hair\n\nOur FDA-approved exosomes are 100% safe.\nNo side effects. Guaranteed results.\n"


def landing_report():
    p = "drafts/landing.md"
    findings = [
        finding_at(p, LANDING, "FDA-approved"),
        finding_at(
            p,
            LANDING,
            "100% safe",
            rule="demo.safe",
            severity="warning",
            category="safety-claim",
            suggestion="Name the common side effects.",
        ),
        finding_at(
            p, LANDING, "No side effects", rule="demo.safe", severity="warning", category="safety-claim"
        ),
        finding_at(
            p,
            LANDING,
            "Guaranteed results",
            rule="demo.guaranteed",
            severity="info",
            category="efficacy-claim",
            references=("https://www.ftc.gov/health-claims",),
        ),
    ]
    return make_report({p: LANDING, "drafts/clean.md": "Nothing to see.\n"}, findings)


def marks_for(page, number: int, view: str = "copy"):
    """The highlight segments of finding `number` in the copy view (div.copy) or the source view (div.src)."""
    marks = [m for box in page.find_all("div", cls="copy" if view == "copy" else "src") for m in box.find_all("mark")]
    return [m for m in marks if str(number) in m.attrs.get("data-f", "").split()]


def in_page_links(page) -> list[str]:
    return [a.attrs["href"][1:] for a in page.find_all("a") if a.attrs.get("href", "").startswith("#")]


def test_report_is_one_self_contained_file():
    html = render_to_string(render, landing_report())
    page = parse(html)
    assert not page.find_all("link")
    assert not page.find_all("img") and not page.find_all("iframe") and not page.find_all("object")
    for el in page.iter():
        assert "src" not in el.attrs, el.tag
        href = el.attrs.get("href")
        if href and not href.startswith("#"):
            # only reference links a reviewer may follow; nothing the page loads
            assert el.tag == "a" and href.startswith("https://") and "refs" in el.parent.parent.classes
    style = "".join(s.text for s in page.find_all("style"))
    assert "url(" not in style and "@import" not in style and "@font-face" not in style


def test_content_security_policy_allows_only_the_reports_own_script_and_style():
    page = parse(render_to_string(render, landing_report()))
    csp = page.find("meta", http_equiv="Content-Security-Policy").attrs["content"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == csp_hash(SCRIPT) and "unsafe" not in csp
    assert directives["style-src"] == csp_hash(CSS)
    scripts, styles = page.find_all("script"), page.find_all("style")
    assert [s.text for s in scripts] == [SCRIPT] and [s.text for s in styles] == [CSS]


def test_every_finding_is_highlighted_in_place_with_a_card():
    report = landing_report()
    page = parse(render_to_string(render, report))
    for k, f in enumerate(report.findings, 1):
        for view in ("copy", "source"):
            marks = marks_for(page, k, view)
            assert "".join(m.text for m in marks) == f.match
            assert {f"sev-{f.severity}"} <= marks[0].classes
        card = page.find("article", id=f"f-{k}")
        assert card.attrs["data-sev"] == f.severity and card.attrs["data-cat"] == f.category
        assert f.rule in card.text and f.message in card.text
        line = next(a for a in marks_for(page, k, "source")[0].ancestors() if "line" in a.classes)
        assert line.attrs["id"].endswith(f"-L{f.line}")
        assert page.find("mark", id=f"h-{k}") in marks_for(page, k, "copy")
        assert page.find("mark", id=f"s-{k}") in marks_for(page, k, "source")


def test_card_shows_suggested_rewrite_and_reference_links():
    report = landing_report()
    page = parse(render_to_string(render, report))
    safe = page.find("article", id="f-2")
    assert "Suggested rewrite: Name the common side effects." in " ".join(safe.text.split())
    guaranteed = page.find("article", id="f-4")
    assert [a.attrs["href"] for a in guaranteed.find_all("a", rel="noopener noreferrer")] == [
        "https://www.ftc.gov/health-claims"
    ]


def test_cards_follow_the_paragraph_of_their_finding():
    page = parse(render_to_string(render, landing_report()))
    copy = page.find("div", cls="copy")
    order = [c.attrs.get("id") for c in copy.children if c.tag in ("div", "article")]
    # the heading, then the paragraph (two source lines, one paragraph of copy), then its four cards
    assert order == ["file-1-P1", "file-1-P2", "f-1", "f-2", "f-3", "f-4"]
    assert not page.find("div", cls="src").find_all("article")  # the source view links to the cards


def test_line_numbers_count_every_kind_of_line_end():
    text = "one\r\ntwo FDA-approved\rthree\nfour"
    report = make_report({"a.txt": text}, [finding_at("a.txt", text, "FDA-approved")])
    page = parse(render_to_string(render, report))
    numbers = [s.attrs["data-n"] for s in page.find("div", cls="src").find_all("span", cls="no")]
    assert numbers == ["1", "2", "3", "4"]
    assert marks_for(page, 1, "source")[0].parent.parent.attrs["id"] == "file-1-L2"


def test_overlapping_spans_are_cut_into_segments():
    text = "Our FDA-approved exosomes work."
    a = finding_at("o.md", text, "FDA-approved")
    b = finding_at("o.md", text, "approved exosomes", rule="demo.approved", severity="warning")
    page = parse(render_to_string(render, make_report({"o.md": text}, [a, b])))
    segments = [(m.text, m.attrs["data-f"], m.classes) for m in page.find("div", cls="copy").find_all("mark")]
    assert [(t, f) for t, f, _ in segments] == [("FDA-", "1"), ("approved", "1 2"), (" exosomes", "2")]
    assert {"sev-error", "multi"} <= segments[1][2]
    assert "sev-warning" in segments[2][2]
    line = page.find("div", id="file-1-L1").find("span", cls="tx")
    assert line.text_without("ref") == text
    assert [r.text for r in line.find_all("sup", cls="ref")] == ["1", "2"]  # each marker at its finding's end


def test_nested_and_multiline_spans():
    text = "Our FDA-approved\nexosome therapy is here."
    outer = finding_at("n.md", text, "FDA-approved\nexosome", rule="demo.outer", severity="info")
    inner = finding_at("n.md", text, "approved", rule="demo.inner", severity="error")
    page = parse(render_to_string(render, make_report({"n.md": text}, [outer, inner])))
    assert "".join(m.text for m in marks_for(page, 1, "source")) == "FDA-approvedexosome"  # newline not shown
    assert "".join(m.text for m in marks_for(page, 1)) == "FDA-approved exosome"  # a soft wrap reads as a space
    for view in ("copy", "source"):
        assert [m.text for m in marks_for(page, 2, view)] == ["approved"]
        assert "sev-error" in marks_for(page, 2, view)[0].classes


def test_empty_span_still_gets_a_visible_highlight():
    text = "Exosomes.\n"
    f = finding_at("e.md", text, "Exosomes")
    f = type(f)(**{**f.__dict__, "end_column": f.column, "match": ""})
    page = parse(render_to_string(render, make_report({"e.md": text}, [f])))
    assert marks_for(page, 1)[0].text == marks_for(page, 1, "source")[0].text == "E"


def test_hostile_draft_produces_no_executable_content():
    text = (DATA / "report-drafts" / "hostile.md").read_text(encoding="utf-8")
    path = 'evil"><script>alert(1)</script>.md'
    findings = [
        finding_at(
            path,
            text,
            "FDA-approved",
            message="<b>bold</b> claim",
            suggestion='"><script>x()</script>',
            references=("javascript:alert(4)", "https://ok.example/ref"),
        ),
        finding_at(path, text, "onerror=", rule='demo.x" onmouseover="alert(5)', category="hype"),
        finding_at(path, text, "<script>document", rule="demo.s", severity="warning"),
    ]
    html = render_to_string(render, make_report({path: text}, findings))
    page = parse(html)
    assert [s.text for s in page.find_all("script")] == [SCRIPT]
    for el in page.iter():
        assert el.tag not in ("img", "svg") or el.tag == "svg" and "bar" in el.classes
        for name, value in el.attrs.items():
            assert not name.startswith("on"), (el.tag, name)
            assert not (value or "").strip().lower().startswith("javascript:"), (el.tag, name, value)
    # the draft is shown, as text, exactly as written
    shown = "\n".join(s.find("span", cls="tx").text_without("ref") for s in page.find_all("div", cls="line"))
    assert shown == text.rstrip("\n")
    assert "&lt;b&gt;bold&lt;/b&gt; claim" in html and "&lt;script&gt;x()" in html


def test_summary_counts_and_rules_that_fired_most():
    report = landing_report()
    page = parse(render_to_string(render, report))
    stats = {d.attrs["data-stat"]: int(d.text) for d in page.find_all("dd")}
    assert stats == {
        "files-checked": 2,
        "files-flagged": 1,
        "findings": 4,
        "error": 1,
        "warning": 2,
        "info": 1,
    }
    sev_rows = {
        r.attrs["data-sev-row"]: int(r.find("td", cls="n").text)
        for r in page.find_all("tr")
        if "data-sev-row" in r.attrs
    }
    assert sev_rows == {"error": 1, "warning": 2, "info": 1}
    cat_rows = [
        (r.attrs["data-cat-row"], int(r.find("td", cls="n").text))
        for r in page.find_all("tr")
        if "data-cat-row" in r.attrs
    ]
    assert cat_rows == [("safety-claim", 2), ("regulatory-status", 1), ("efficacy-claim", 1)]
    top = [
        (r.attrs["data-rule"], int(r.find("td", cls="n").text))
        for r in page.find_all("tr")
        if "data-rule" in r.attrs
    ]
    assert top[0] == ("demo.safe", 2)
    assert "drafts/clean.md" in page.find("details", cls="clean").text


def test_summary_links_jump_to_every_finding():
    report = landing_report()
    page = parse(render_to_string(render, report))
    index = page.find("table", cls="index")
    targets = [a.attrs["href"] for a in index.find_all("a") if a.attrs["href"].startswith("#f-")]
    assert targets == [f"#f-{k}" for k in range(1, len(report.findings) + 1)]
    ids = {el.attrs.get("id") for el in page.iter()}
    assert set(in_page_links(page)) <= ids
    words = [r.find("td", cls="words").text for r in index.find_all("tr") if "data-sev" in r.attrs]
    assert words == [f.match for f in report.findings]


def test_missing_disclosure_is_shown_first_with_the_wording_that_satisfies_it():
    text = "Exosome facials for glowing skin.\n"
    with_suggestion = finding_at(
        "d.md",
        text,
        "Exosome",
        rule="demo.results-vary",
        severity="warning",
        category="missing-disclaimer",
        disclaimer="results-vary",
    )
    without = finding_at(
        "d.md",
        text,
        "Exosome",
        rule="demo.not-advice",
        severity="warning",
        category="missing-disclaimer",
        disclaimer="medical-advice",
    )
    rules = {
        "demo.results-vary": rule(
            "demo.results-vary",
            kind="disclosure",
            suggestion="Results vary by person.",
            examples={"pass": ["Exosome facials. Results vary."]},
        )
    }
    page = parse(render_to_string(render, make_report({"d.md": text}, [with_suggestion, without], rules)))
    section = page.find("section", cls="file")
    kinds = [c for c in section.children if c.tag == "div"]
    assert [sorted(c.classes) for c in kinds] == [["disclosures"], ["copy"]]
    cards = {c.find("code").text: c for c in kinds[0].find_all("article")}
    assert "Results vary by person." in cards["demo.results-vary"].find("blockquote").text
    assert "Exosome facials. Results vary." in cards["demo.results-vary"].text
    assert "not medical advice" in cards["demo.not-advice"].find("blockquote").text.lower()
    assert all("doc" in m.classes for m in page.find_all("mark", cls="hl") if "data-f" in m.attrs)
    k = cards["demo.results-vary"].attrs["id"][2:]
    assert [a.attrs["href"] for a in cards["demo.results-vary"].find("header").find_all("a")] == [f"#h-{k}", f"#s-{k}"]


def test_filters_are_hidden_until_the_script_runs():
    page = parse(render_to_string(render, landing_report()))
    form = page.find("form", id="filters")
    assert "hidden" in form.attrs
    boxes = {(i.attrs["name"], i.attrs["value"]) for i in form.find_all("input")}
    assert boxes == {
        ("sev", "error"),
        ("sev", "warning"),
        ("sev", "info"),
        ("cat", "regulatory-status"),
        ("cat", "safety-claim"),
        ("cat", "efficacy-claim"),
    }
    assert all("checked" in i.attrs for i in form.find_all("input"))
    assert not [c for c in page.find_all(cls="is-filtered")]


def test_long_drafts_fold_lines_far_from_findings():
    lines = [f"Plain line {i}." for i in range(1, 201)]
    lines[99] = "Line 100 is FDA-approved."
    text = "\n".join(lines)
    page = parse(
        render_to_string(
            render, make_report({"long.md": text}, [finding_at("long.md", text, "FDA-approved")])
        )
    )
    folds = page.find("div", cls="src").find_all("details", cls="gap")
    assert len(folds) == 2
    flagged = page.find("div", id="file-1-L100")
    assert not any(a.tag == "details" and "gap" in a.classes for a in flagged.ancestors())
    assert len(page.find_all("div", cls="line")) == 200  # folded, not dropped


def test_findings_without_source_text_still_get_cards():
    report = landing_report()
    report.texts.clear()
    page = parse(render_to_string(render, report))
    assert len(page.find_all("article", cls="card")) == len(report.findings)


def test_no_findings_report():
    page = parse(render_to_string(render, make_report({"a.md": "Hello.\n"}, [])))
    assert "No findings" in page.find("div", id="drafts").text
    assert not page.find_all("form")


def test_check_writes_html_report_with_a_highlight_per_finding(tmp_path):
    drafts = [str(DATA / "report-drafts"), str(DATA.parent.parent / "examples")]
    out = tmp_path / "report.html"
    runner = CliRunner()
    result = runner.invoke(cli, ["check", *PACK, "--format", "html", "--output", str(out), *drafts])
    assert result.exit_code == 1, result.output
    as_json = json.loads(runner.invoke(cli, ["check", *PACK, "--format", "json", *drafts]).stdout)
    assert as_json, "the test pack should find something in these drafts"
    page = parse(out.read_text(encoding="utf-8"))
    assert len(page.find_all("article", cls="card")) == len(as_json)
    for k, record in enumerate(as_json, 1):
        assert "".join(m.text for m in marks_for(page, k, "source")) == record["match"].replace("\n", "")
        assert marks_for(page, k), f"finding {k} has no highlight in the copy view"
    assert set(in_page_links(page)) <= {el.attrs.get("id") for el in page.iter()}


def test_finding_numbers_run_down_the_page_whatever_order_files_were_linted_in():
    a, b = "Our FDA-approved serum.\n", "FDA-approved again.\n"
    report = make_report(
        {"z.md": a, "a.md": b}, [finding_at("z.md", a, "FDA-approved"), finding_at("a.md", b, "FDA-approved")]
    )
    page = parse(render_to_string(render, report))
    cards = [c.attrs["id"] for c in page.find_all("article", cls="card")]
    assert cards == ["f-1", "f-2"]
    assert [s.find("h2").text for s in page.find_all("section", cls="file")] == ["a.md", "z.md"]
