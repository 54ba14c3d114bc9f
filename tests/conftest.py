"""Shared fixtures: the default rule set, a lint helper returning comparable tuples."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

# the caches of a test run (literals, regex programs, rule sets) live in a folder of their own, never
# in the user's cache; set before copylint is imported, as its modules compile patterns at import
os.environ.setdefault("COPYLINT_CACHE_DIR", str(Path(__import__("tempfile").mkdtemp(prefix="copylint-cache-"))))

from copylint.api import lint_text  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("COPYLINT_SHARED", ROOT.parent / "shared"))


def counted(findings):
    """Categories of error/warning findings, as a reviewer (and score.py) counts them."""
    return {f.category for f in findings if f.severity in ("error", "warning")}


@pytest.fixture
def lint():
    """lint(text, ext='txt') -> findings."""

    def _lint(text: str, ext: str = "txt", **kw):
        return lint_text(text, filename=f"draft.{ext}", **kw)

    return _lint


def pytest_terminal_summary(terminalreporter):
    """Say where the browser test put its screenshots, so a person can open them."""
    from report_helpers import SCREENSHOTS

    if SCREENSHOTS:
        terminalreporter.write_sep("-", "report screenshots")
        for path in SCREENSHOTS:
            terminalreporter.write_line(path)
