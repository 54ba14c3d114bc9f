"""`copylint check` for click: its options and help; the command itself is `check.run`."""
from __future__ import annotations

import click

from ..cli import FAIL_ON, _format_names, cli


def _not_empty(ctx, param, value):
    """An empty file name is a mistake (an unset shell variable), not 'no file': a usage error."""
    if value is not None and not value.strip():
        raise click.BadParameter("must not be empty")
    return value


def _shard(ctx, param, value):
    """--shard K/N as (K, N); a malformed one is a usage error (exit 2)."""
    if value is None:
        return None
    from ..shard import parse_shard

    try:
        return parse_shard(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(_format_names()), default=None,
              help="Output format (default: full on a terminal, text when piped or with --output).")
@click.option("--select", multiple=True, metavar="IDS", help="Only these rules: ids or pack prefixes, comma-separated.")
@click.option("--ignore", multiple=True, metavar="IDS", help="Skip these rules: ids or pack prefixes, comma-separated.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="Lowest severity that makes the exit status 1 (default: error).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only: no summary or notices.")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False), metavar="DIR",
              help="Extra folder of YAML rule packs (repeatable).")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Skip files and folders matching GLOB, relative to the current folder (repeatable).")
@click.option("--stdin-filename", metavar="NAME", callback=_not_empty, help="Name (and file type) to use for text read from '-'.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, metavar="N",
              help="Worker processes (default 0: all cores). Output is identical for any N.")
@click.option("--explain", "explain", is_flag=True,
              help="Also show, on stderr, candidates the context filters dropped or downgraded, and why.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE",
              callback=_not_empty,
              help="Write the report to FILE (atomically) instead of stdout.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), metavar="FILE",
              callback=_not_empty,
              help="Use this config file (.copylint.yaml or pyproject.toml) for every draft, instead of each one's nearest.")
@click.option("--isolated", is_flag=True, help="Ignore all config files.")
@click.option("--statistics", is_flag=True, help="Also print how many findings each rule produced.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False), metavar="FILE",
              callback=_not_empty,
              help="Report only findings that are not recorded in this baseline file.")
@click.option("--write-baseline", "write_baseline_file", type=click.Path(dir_okay=False), metavar="FILE",
              callback=_not_empty,
              help="Record the current findings in FILE (a baseline for --baseline) and exit 0.")
@click.option("--require-reason", is_flag=True,
              help="Report suppression comments without a ' -- reason' as errors.")
@click.option("--respect-gitignore/--no-respect-gitignore", default=None,
              help="Skip files that .gitignore and .ignore files ignore when walking folders (default: on).")
@click.option("--follow-links", is_flag=True,
              help="Follow symbolic links that lead out of the folders being walked (default: only links inside them).")
@click.option("--strict-inputs", is_flag=True,
              help="Exit 2 when an input is skipped (binary file, broken link), not only when one is unreadable.")
@click.option("--color", "color_mode", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True,
              help="Colour the text and full formats. auto: on a terminal only; NO_COLOR turns it off, FORCE_COLOR on.")
@click.option("--show-settings", is_flag=True,
              help="Print the resolved settings for the first path (its config, every key, the rules enabled) and exit.")
@click.option("--no-cache", is_flag=True,
              help="Lint every file again: neither read nor write the results cache (COPYLINT_NO_CACHE=1 turns off every cache).")
@click.option("--cache-dir", type=click.Path(file_okay=False), metavar="DIR", callback=_not_empty,
              help="Keep the caches in DIR (default: $COPYLINT_CACHE_DIR, else $XDG_CACHE_HOME/copylint or ~/.cache/copylint).")
@click.option("--shard", metavar="K/N", callback=_shard,
              help="Lint only the K-th of N stable parts of the files (a CI matrix); join reports with 'copylint merge'.")
def check(**options):
    """Lint drafts (files, folders, or '-' for stdin). Default path: the current folder.

    Exit status: 0 no findings at or above --fail-on, 1 findings, 2 usage, input or rule errors.
    """
    from .check import run

    run(**options)
