"""The HTML report in a real headless Chromium, opened from disk: script runs, highlights show, nothing hostile runs.

Needs a `chromium` binary (.ci/install-browser installs Debian's package); skipped when there is none.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from report_helpers import parse

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
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


def test_screenshot(report, tmp_path):
    shot = tmp_path / "report.png"
    done = browse(report, f"--screenshot={shot}", "--window-size=1280,2000")
    assert done.returncode == 0 and shot.exists(), done.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 30_000, "the screenshot is (nearly) blank"
    assert console_problems(done.stderr) == []
    keep = os.environ.get("COPYLINT_KEEP_SCREENSHOT")
    if keep:  # to look at it: COPYLINT_KEEP_SCREENSHOT=/tmp/report.png pytest tests/test_browser.py
        shutil.copyfile(shot, keep)
