"""`copylint init`: write a commented starter .copylint.yaml."""
from __future__ import annotations

import os

import click

from ..cli import cli
from ..errors import CopylintError

STARTER = """\
# copylint configuration. copylint finds this file by walking up from the drafts it lints;
# `--config FILE` picks another one, `--isolated` ignores it.
# Every key is optional: delete what you do not need. Unknown keys are errors, so typos show.

# Extra folders of YAML rule packs, relative to this file.
rules: []

# Rules to run and rules to skip: full ids (safety.no-side-effects), bare rule names
# (no-side-effects) or pack prefixes (safety). `copylint rules` lists them all.
select: []          # empty: every rule
ignore: []

# Severity per rule or pack: error, warning or info. The most specific entry wins.
severity: {}
#   hype: info
#   safety.no-side-effects: error

# Rules to skip in some files (globs match anywhere in the path).
per-file-ignores: {}
#   "legal/*.md": [disclosures]

# Which files to lint when a folder is given, and which to skip.
include: []         # empty: every .md, .markdown, .mdx, .html, .htm and .txt file
exclude: []
#   - drafts/archive/*

# Front matter keys whose values are copy (Markdown front matter).
front-matter-keys: [FRONT_MATTER_KEYS]

# Lowest severity that makes `copylint check` exit 1: error, warning or info.
fail-on: error

# The clinic's own words, added to copylint's vocabulary lists.
vocabulary:
  therapy: []       # your product names for regulated therapies, e.g. "GlowCell Serum"
  approved: []      # products that really are FDA-approved/cleared

# Your legal team's wording that counts as each required disclosure.
disclaimers:
  regulatory-status: []
  results-vary: []
  medical-advice: []
#   results-vary:
#     - "Outcomes differ from patient to patient."
"""


@cli.command()
@click.argument("path", required=False, default=".copylint.yaml", type=click.Path(dir_okay=True))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(path, force):
    """Write a commented starter config (default: ./.copylint.yaml)."""
    from ..output import atomic_write

    if os.path.isdir(path):
        path = os.path.join(path, ".copylint.yaml")
    if os.path.exists(path) and not force:
        raise CopylintError(f"{path}: already exists (use --force to overwrite it)")
    from ..markup import FRONT_MATTER_KEYS

    try:
        atomic_write(path, STARTER.replace("FRONT_MATTER_KEYS", ", ".join(FRONT_MATTER_KEYS)))
    except OSError as exc:
        raise CopylintError(f"{path}: cannot write: {exc.strerror or exc}") from None
    click.echo(f"Wrote {path}. Edit it, then run: copylint check")
