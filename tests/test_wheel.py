"""The rule packs ship inside the installed package: build a wheel, install it into a fresh venv
outside the repository, and lint from there."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                           "-w", str(out), str(ROOT)], capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {proc.stderr.strip()[-300:]}")
    return next(out.glob("copylint-*.whl"))


def test_wheel_contains_rule_packs(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    packs = {Path(n).name for n in names if n.startswith("copylint/rules/")}
    assert {"vocabulary.yaml", "regulatory.yaml", "safety.yaml", "disclosures.yaml"} <= packs
    assert "copylint/config.schema.json" in names  # the config schema ships with the package


def test_installed_wheel_lints_outside_the_repo(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    py = venv / "bin" / "python"
    proc = subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheel)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    work = tmp_path / "content"
    work.mkdir()
    (work / "page.md").write_text("# Offer\n\nOur exosome facial is FDA-approved.\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run([str(venv / "bin" / "copylint"), "check", "--format", "json", "page.md"], cwd=work,
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 1, proc.stderr
    found = json.loads(proc.stdout)
    assert ("regulatory.fda-approved", 3, 23) in {(f["rule"], f["line"], f["column"]) for f in found}
    where = subprocess.run([str(py), "-c", "import copylint.rulepack as r; print(r.default_rules_dir())"],
                           cwd=work, capture_output=True, text=True, env=env).stdout.strip()
    assert str(venv) in where and str(ROOT) not in where


def test_wheel_ships_the_language_server_and_its_extra(wheel):
    """`pip install 'copylint[server]'` must bring the server's modules and pygls."""
    zf = zipfile.ZipFile(wheel)
    assert {"copylint/server/lsp.py", "copylint/commands/server.py"} <= set(zf.namelist())
    meta = zf.read(next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))).decode()
    assert "Provides-Extra: server" in meta
    assert any(line.startswith("Requires-Dist: pygls") and "extra == \"server\"" in line for line in meta.splitlines())
