"""Real pre-commit runs this hook on a staged draft: it fails on a violating one and passes on a clean one.

`pre-commit try-repo` installs the hook from this repository (its committed HEAD plus tracked changes) into
a fresh environment, so the hook definition, the package metadata and the console script are all exercised.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HOUSE = Path(__file__).parent / "data" / "house-rules"


def _pre_commit() -> str | None:
    beside_python = Path(sys.executable).parent / "pre-commit"
    return str(beside_python) if beside_python.is_file() else shutil.which("pre-commit")


PRE_COMMIT = _pre_commit()


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(PRE_COMMIT_HOME=str(home), GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org", PRE_COMMIT_COLOR="never")
    return env


def _git(repo: Path, *args: str, env: dict[str, str]) -> None:
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


@pytest.mark.skipif(PRE_COMMIT is None,
                    reason="the pre-commit executable is not installed (pip install -e '.[test]')")
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="try-repo needs this project as a git repository")
def test_hook_fails_on_a_violating_draft_and_passes_on_a_clean_one(tmp_path):
    env = _env(tmp_path / "pre-commit-home")
    repo = tmp_path / "content"
    repo.mkdir()
    _git(repo, "init", "-q", env=env)
    # The content repo's own config: only the house pack, so the shipped packs cannot change the outcome.
    shutil.copytree(HOUSE, repo / "house-rules")
    (repo / ".copylint.yaml").write_text("rules: [house-rules]\nselect: [house]\n", encoding="utf-8")
    (repo / "bad.md").write_text("# Offer\n\nGuaranteed zorblax results for every client.\n")
    (repo / "good.md").write_text("# Offer\n\nZorblax results vary from client to client.\n")
    _git(repo, "add", ".", env=env)

    def try_repo(draft: str) -> subprocess.CompletedProcess:
        return subprocess.run([PRE_COMMIT, "try-repo", str(ROOT), "copylint", "--files", draft], cwd=repo,
                              env=env, capture_output=True, text=True, timeout=600, check=False)

    bad = try_repo("bad.md")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "bad.md:3:1: error [house.zorblax-guarantee]" in bad.stdout
    good = try_repo("good.md")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
