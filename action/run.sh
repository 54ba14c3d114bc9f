#!/usr/bin/env bash
# The copylint GitHub Action's step (see action.yml): install copylint from the action's own checkout into a
# fresh virtual environment, annotate with `copylint check --format github`, and optionally write SARIF.
# Reads what GitHub sets: GITHUB_ACTION_PATH, GITHUB_WORKSPACE, RUNNER_TEMP, GITHUB_OUTPUT and INPUT_*.
# Exit status is that of the annotating run: 0 clean, 1 findings at or above --fail-on, 2 errors.
set -uo pipefail

fail() { echo "::error title=copylint action::$1"; exit 2; }

[ -n "${GITHUB_ACTION_PATH:-}" ] || fail "GITHUB_ACTION_PATH is not set (run this through action.yml)"
python="${INPUT_PYTHON:-python3}"
command -v "$python" >/dev/null 2>&1 || fail "no Python interpreter '$python' (add actions/setup-python before this step)"
venv="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/copylint-action-venv"

# A venv, not the runner's Python: system Pythons refuse `pip install` (PEP 668) and nothing leaks into later steps.
"$python" -m venv "$venv" || fail "cannot create a virtual environment with $python"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$GITHUB_ACTION_PATH" \
  || fail "pip could not install copylint from $GITHUB_ACTION_PATH"
copylint="$venv/bin/copylint"

cd "${GITHUB_WORKSPACE:-.}" || fail "cannot enter the workspace ${GITHUB_WORKSPACE:-.}"
# Paths and extra options are split on white space, as a shell would without quotes (no globbing).
set -f
read -r -d '' -a paths <<< "${INPUT_PATHS:-.}"
read -r -d '' -a extra <<< "${INPUT_ARGS:-}"
set +f
[ "${#paths[@]}" -gt 0 ] || paths=(.)

"$copylint" check --format github "${extra[@]}" "${paths[@]}"
status=$?

if [ -n "${INPUT_SARIF:-}" ]; then
  # Written whatever the findings, so the upload step that follows (if: always()) has a file.
  "$copylint" check --format sarif --output "$INPUT_SARIF" --exit-zero --quiet "${extra[@]}" "${paths[@]}" \
    || status=2
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    echo "sarif=$INPUT_SARIF" >> "$GITHUB_OUTPUT"
  fi
fi
exit "$status"
