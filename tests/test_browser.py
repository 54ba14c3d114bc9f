"""The HTML report in a real headless Chromium, opened from disk: script runs, highlights show, nothing hostile runs,
every in-page link lands on its target at desktop and phone widths, in light and dark mode.

Needs a `chromium` binary (.ci/install-browser installs Debian's package); skipped when there is none.
Screenshots go to test-artifacts/browser/ (ignored by git); pytest prints their paths at the end of the run.
"""

from __future__ import annotations

import html as html_lib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from report_helpers import SCREENSHOTS, parse

from copylint.formats.html_assets import SCRIPT, csp_hash

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
ARTIFACTS = ROOT / "test-artifacts" / "browser"
PROBE = (DATA / "browser-probe.js").read_text(encoding="utf-8")
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM = next((shutil.which(b) for b in BROWSERS if shutil.which(b)), None)

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium binary on PATH (run .ci/install-browser)"
)


def copylint_command() -> list[str]:
    """The installed console script next to this interpreter, else `python -m copylint`."""
    script = Path(sys.executable).with_name("copylint")
    return [str(script)] if script.exists() else [sys.executable, "-m", "copylint"]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    """A report on the hostile and overlapping test drafts and the bundled examples, via the console script."""
    out = tmp_path_factory.mktemp("report") / "report.html"
    cmd = copylint_command() + [
        "check",
        "--rules",
        str(DATA / "report-pack"),
        "--select",
        "reportdemo",
        "--format",
        "html",
        "--output",
        str(out),
        str(DATA / "report-drafts"),
        str(ROOT / "examples"),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, cwd=ROOT, check=False)
    assert done.returncode == 1, done.stderr  # findings, so exit 1
    return out


def browse(page: Path, *args: str) -> subprocess.CompletedProcess:
    """Run headless Chromium on a file:// URL, console messages on stderr."""
    profile = page.parent / f"profile-{len(args)}-{os.getpid()}"
    cmd = [
        CHROMIUM,
        "--headless",
        "--disable-gpu",
        "--no-sandbox",
        "--no-first-run",
        "--disable-extensions",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        "--disable-ipc-flooding-protection",  # the probe follows hundreds of links; Chromium throttles at 200
        *args,
        page.resolve().as_uri(),
    ]
    env = {**os.environ, "HOME": str(page.parent)}
    return subprocess.run(cmd, capture_output=True, text=True, timeout=90, env=env, check=False)


def console_problems(stderr: str) -> list[str]:
    """Script errors and Content-Security-Policy violations Chromium logged to the console."""
    return [
        line
        for line in stderr.splitlines()
        if "CONSOLE" in line and ("Uncaught" in line or "Content Security Policy" in line)
    ]


def test_report_loads_from_disk_with_highlights_and_no_script_errors(report):
    done = browse(report, "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    dom = parse(done.stdout)
    html = dom.find("html")
    assert html.attrs.get("data-ready") == "1", "the report's script did not finish"
    assert "data-script-error" not in html.attrs, html.attrs.get("data-script-error")
    assert "data-pwned" not in html.attrs, "a hostile draft ran code: " + html.attrs["data-pwned"]
    assert console_problems(done.stderr) == []
    assert dom.find("form", id="filters").attrs.get("hidden") is None  # the script showed the filters
    cards = dom.find_all("article", cls="card")
    marks = [m for m in dom.find_all("mark", cls="hl") if "data-f" in m.attrs]
    assert cards and marks
    highlighted = {n for m in marks for n in m.attrs["data-f"].split()}
    assert highlighted == {c.attrs["id"][2:] for c in cards}  # every finding highlighted in place
    assert dom.find("output", id="shown").text == f"Showing {len(cards)} of {len(cards)} findings"
    rewrites = dom.find_all(cls="rewrite")
    assert rewrites and len(dom.find_all("button", cls="copy-fix")) == len(rewrites)  # one copy button each


def test_filter_script_hides_what_is_unchecked(report, tmp_path):
    html = report.read_text(encoding="utf-8")
    assert 'value="info" checked' in html
    page = tmp_path / "filtered.html"
    page.write_text(html.replace('value="info" checked', 'value="info"'), encoding="utf-8")
    done = browse(page, "--dump-dom")
    dom = parse(done.stdout)
    assert dom.find("html").attrs.get("data-ready") == "1" and console_problems(done.stderr) == []
    cards = dom.find_all("article", cls="card")
    info = [c for c in cards if c.attrs["data-sev"] == "info"]
    assert info and all("is-filtered" in c.classes for c in info)
    assert not any("is-filtered" in c.classes for c in cards if c.attrs["data-sev"] != "info")
    info_only = {c.attrs["id"][2:] for c in info}
    for mark in dom.find_all("mark", cls="hl"):
        if set(mark.attrs.get("data-f", "-").split()) <= info_only:
            assert "off" in mark.classes
    assert dom.find("output", id="shown").text == f"Showing {len(cards) - len(info)} of {len(cards)} findings"


def probe(report: Path, tmp_path: Path, width: int, height: int, dark: bool = False, mode: str = "") -> dict:
    """Open a copy of the report with the test probe in a width x height frame; the probe's results."""
    page = tmp_path / f"probed-{width}-{int(dark)}-{mode or 'links'}.html"
    text = report.read_text(encoding="utf-8")
    ours = csp_hash(SCRIPT).strip("'")
    assert ours in text
    text = text.replace(ours, ours + "&#x27; &#x27;" + csp_hash(PROBE).strip("'"))  # allow the probe, by hash
    page.write_text(text.replace("</body>", f"<script>{PROBE}</script>\n</body>"), encoding="utf-8")
    # A frame, since headless Chromium will not make a window narrower than 500 px.
    wrapper = tmp_path / f"wrap-{page.name}"
    wrapper.write_text(
        f'<!doctype html><html><body style="margin:0"><iframe src="{page.name}?{mode}" width="{width}" '
        f'height="{height}" style="border:0"></iframe><script>window.addEventListener("message", function (e) '
        '{ document.body.setAttribute("data-result", e.data); });</script></body></html>',
        encoding="utf-8",
    )
    flags = ["--window-size=1400,1000", "--virtual-time-budget=5000", "--dump-dom"]
    done = browse(wrapper, *flags, *(["--force-dark-mode"] if dark else []))
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.search(r'data-result="([^"]*)"', done.stdout)
    assert found, "the probe reported nothing: " + "; ".join(console_problems(done.stderr))
    result = json.loads(html_lib.unescape(found.group(1)))
    assert "error" not in result, result["error"]
    assert result["width"] == width and result["dark"] == dark
    return result


def landing_problems(result: dict) -> list[dict]:
    """Links whose target is missing, hidden, under the sticky toolbar or outside the window after the jump."""
    return [
        link
        for link in result["links"]
        if link.get("missing")
        or not link["visible"]
        or not link["target"]
        or link["top"] < link["below"] - 1
        or link["top"] >= result["height"]
    ]


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_every_in_page_link_lands_on_its_target(report, tmp_path, width, height):
    result = probe(report, tmp_path, width, height)
    ids = {link["id"] for link in result["links"]}
    findings = len(parse(report.read_text(encoding="utf-8")).find_all("article", cls="card"))
    for k in range(1, findings + 1):  # the card, its highlight in the copy view and in the source view
        assert {f"f-{k}", f"h-{k}", f"s-{k}"} <= ids
    assert landing_problems(result) == []
    if width < 500:
        assert result["scrollWidth"] <= width, result["overflowing"]  # nothing pushes the page sideways


def test_copy_view_is_the_default_with_the_source_one_click_away(report, tmp_path):
    result = probe(report, tmp_path, 1280, 900)
    files = len(parse(report.read_text(encoding="utf-8")).find_all("section", cls="file"))
    assert result["copyViews"] == files and result["openSources"] == 0
    sources = [link for link in result["links"] if link["id"].startswith("s-")]
    assert sources and all(link["visible"] for link in sources)  # a jump into the source view opens it


@pytest.mark.parametrize("dark", [False, True])
def test_text_keeps_wcag_aa_contrast_in_light_and_dark_mode(report, tmp_path, dark):
    result = probe(report, tmp_path, 390, 844, dark=dark)
    low = {sel: round(c, 2) for sel, c in result["contrast"].items() if c is not None and c < 4.5}
    assert low == {}
    assert result["contrast"]["p.tx"] and result["contrast"]["mark.hl"]  # the copy and its highlights were seen
    channels = [int(v) for v in re.findall(r"\d+", result["background"])[:3]]
    assert (max(channels) < 60) if dark else (min(channels) > 200), result["background"]


def test_filters_update_the_summary_and_reset_restores_it(report, tmp_path):
    result = probe(report, tmp_path, 1280, 900, mode="filters")
    before, after = result["reset"], result["filtered"]
    assert before["info"] > 0 and after["info"] == 0 and after["row:info"] == 0
    assert after["findings"] == before["findings"] - before["info"] == after["visibleCards"]
    assert after["error"] == before["error"] and after["warning"] == before["warning"]
    assert after["shown"] == f"Showing {after['findings']} of {before['findings']} findings"
    assert before["shown"] == f"Showing {before['findings']} of {before['findings']} findings"


@pytest.mark.parametrize(
    ("name", "width", "dark"), [("desktop", 1280, False), ("desktop-dark", 1280, True), ("phone", 390, False),
                                ("phone-dark", 390, True)]
)
def test_screenshot(report, tmp_path, name, width, dark):
    shot = tmp_path / f"{name}.png"
    flags = [f"--screenshot={shot}", f"--window-size={width},2400"] + (["--force-dark-mode"] if dark else [])
    done = browse(report, *flags)
    assert done.returncode == 0 and shot.exists(), done.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == width  # PNG header: the page was laid out at this width
    assert len(data) > 30_000, "the screenshot is (nearly) blank"
    assert console_problems(done.stderr) == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    kept = ARTIFACTS / shot.name
    shutil.copyfile(shot, kept)
    SCREENSHOTS.append(str(kept))
