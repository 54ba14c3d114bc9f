"""`copylint init`: write a commented starter .copylint.yaml."""
from __future__ import annotations

import os

import click

from ..cli import cli
from ..errors import CopylintError

STARTER = """\
# copylint configuration. Each draft uses the nearest config file above it (as ruff does);
# `--config FILE` picks another one for every draft, `--isolated` ignores them all.
# Every key is optional: delete what you do not need. Unknown keys are errors, so typos show.
# Lines that start with '#   ' are examples: remove the '#' to use one.

# Extra folders of YAML rule packs, relative to this file.
rules: []

# Rules to run and rules to skip: full ids (safety.no-side-effects), bare rule names
# (no-side-effects) or pack prefixes (safety). `copylint rules` lists them all.
select: []          # empty: every rule
ignore: []

# Severity per rule or pack: error, warning or info. The most specific entry wins.
severity:
#   hype: info
#   safety.no-side-effects: error

# Globs are relative to this file's folder, as in .gitignore: one with a '/' is anchored here,
# one without matches a file or folder name at any depth, and a folder means everything in it.

# Rules to skip in some files.
per-file-ignores:
#   "legal/*.md": [disclosure]

# Which files to lint when a folder is given, and which to skip. Files and folders that
# .gitignore or .ignore files ignore are skipped too (respect-gitignore: false to lint them).
include: []         # empty: every .md, .markdown, .mdx, .html, .htm and .txt file
exclude:
#   - drafts/archive
respect-gitignore: true

# Front matter keys whose values are copy (YAML or TOML front matter of Markdown drafts).
# A name matches at any depth; a dotted path (seo.description) only there.
front-matter-keys: [FRONT_MATTER_KEYS]

# Lowest severity that makes `copylint check` exit 1: error, warning or info.
fail-on: error

# The clinic's own words, added to copylint's vocabulary lists.
vocabulary:
  therapy: []       # your product names for regulated therapies, e.g. "GlowCell Serum"
  approved: []      # products that really are FDA-approved/cleared

# Your legal team's wording that counts as each required disclosure
# (kinds: regulatory-status, results-vary, medical-advice).
disclaimers:
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
    from ..readers import FRONT_MATTER_KEYS

    try:
        atomic_write(path, STARTER.replace("FRONT_MATTER_KEYS", ", ".join(FRONT_MATTER_KEYS)))
    except OSError as exc:
        raise CopylintError(f"{path}: cannot write: {exc.strerror or exc}") from None
    click.echo(f"Wrote {path}. Edit it, then run: copylint check")
