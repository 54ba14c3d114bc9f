"""The GitHub Action (action.yml + action/run.sh), run locally with the environment GitHub gives a composite step."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "action" / "run.sh"
DRAFT = "# Offer\n\nOur exosome facial is FDA-approved and has no side effects.\n"


def run_action(workspace: Path, runner_temp: Path, **inputs: str) -> subprocess.CompletedProcess:
    """Run the action's step as the runner would: GITHUB_* variables, inputs as INPUT_* (see action.yml)."""
    output = runner_temp / "github_output"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INPUT_", "GITHUB_", "PYTHON"))}
    env.update(
        GITHUB_ACTION_PATH=str(ROOT),
        GITHUB_WORKSPACE=str(workspace),
        GITHUB_OUTPUT=str(output),
        RUNNER_TEMP=str(runner_temp),
        INPUT_PYTHON=sys.executable,
    )
    env.update({f"INPUT_{k.upper()}": v for k, v in inputs.items()})
    return subprocess.run(["bash", str(SCRIPT)], cwd=runner_temp, env=env, capture_output=True, text=True,
                          timeout=240, check=False)


@pytest.fixture(scope="module")
def action_run(tmp_path_factory):
    """One run over a workspace with a flagged page in a folder and a second path, with SARIF."""
    workspace = tmp_path_factory.mktemp("workspace")
    (workspace / "content").mkdir()
    (workspace / "content" / "page.md").write_text(DRAFT, encoding="utf-8")
    (workspace / "about.md").write_text("Our team of nurses welcomes you.\n", encoding="utf-8")
    temp = tmp_path_factory.mktemp("runner")
    done = run_action(workspace, temp, paths="content/\nabout.md", sarif="copylint.sarif", args="--fail-on warning")
    return workspace, temp, done


def test_action_annotates_findings_and_fails_the_step(action_run):
    workspace, _, done = action_run
    assert done.returncode == 1, done.stderr[-3000:]
    annotations = [line for line in done.stdout.splitlines() if line.startswith("::")]
    assert annotations and all(re.match(r"::(error|warning|notice) file=content/page\.md,line=3,", a)
                               for a in annotations)
    assert any("regulatory.fda-approved" in a for a in annotations)


def test_action_writes_sarif_and_sets_its_output(action_run):
    workspace, temp, done = action_run
    sarif = json.loads((workspace / "copylint.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    annotations = [line for line in done.stdout.splitlines() if line.startswith("::")]
    assert len(results) == len(annotations)
    assert (temp / "github_output").read_text(encoding="utf-8").splitlines() == ["sarif=copylint.sarif"]


def test_action_passes_on_clean_copy(tmp_path):
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "page.md").write_text("Book a consultation with our nurse.\n", encoding="utf-8")
    done = run_action(tmp_path / "ws", tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "::" not in done.stdout and not (tmp_path / "github_output").exists()


def test_action_outside_a_runner_is_a_clear_error(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    done = subprocess.run(["bash", str(SCRIPT)], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=30, check=False)
    assert done.returncode == 2
    assert done.stdout.strip() == "::error title=copylint action::GITHUB_ACTION_PATH is not set (run this through action.yml)"


def test_action_yml_runs_the_script_with_every_input():
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    (step,) = action["runs"]["steps"]
    assert step["run"] == 'bash "$GITHUB_ACTION_PATH/action/run.sh"' and step["shell"] == "bash"
    # composite steps get no INPUT_* of their own: each input must be passed explicitly
    assert step["env"] == {f"INPUT_{name.upper()}": f"${{{{ inputs.{name} }}}}" for name in action["inputs"]}
    script = SCRIPT.read_text(encoding="utf-8")
    assert all(f"INPUT_{name.upper()}" in script for name in action["inputs"])
    assert 'pip install --quiet --disable-pip-version-check "$GITHUB_ACTION_PATH"' in script


def test_readme_workflow_uses_the_action():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    workflow = yaml.safe_load(readme.split("```yaml\nname: copy compliance\n", 1)[1].split("```", 1)[0])
    steps = workflow["jobs"]["copylint"]["steps"]
    uses = [s for s in steps if "copylint" in s.get("uses", "")]
    assert uses and set(uses[0]["with"]) <= set(yaml.safe_load((ROOT / "action.yml").read_text())["inputs"])
    assert not any("pip install copylint" in s.get("run", "") for s in steps)
