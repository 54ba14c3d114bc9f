"""Acceptance figures from ../shared/corpus/score.py (the targets of issue 3), run as tests."""
from __future__ import annotations

import re
import shlex
import subprocess
import sys

import pytest
from conftest import SHARED

SCORE = SHARED / "corpus" / "score.py"
CMD = f"{shlex.quote(sys.executable)} -m copylint check --format json"

pytestmark = pytest.mark.skipif(not SCORE.exists(), reason="../shared/corpus/score.py not found")


def score(*args: str) -> str:
    proc = subprocess.run([sys.executable, str(SCORE), *args, "--cmd", CMD, "--show-fail"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_all_shared_cases_pass():
    out = score("cases", str(SHARED / "corpus" / "cases.yaml"))
    passed, total = map(int, re.search(r"cases passed (\d+)/(\d+)", out).groups())
    assert passed == total, out


def test_seed_corpus_recall_and_precision():
    out = score("corpus", str(SHARED / "corpus" / "seeds"))
    recall, precision = map(float, re.search(r"recall ([\d.]+) precision ([\d.]+)", out).groups())
    assert recall >= 0.90 and precision >= 0.90, out
