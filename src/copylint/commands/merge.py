"""`copylint merge`: join the reports of `check --shard K/N` jobs into one, with check's exit status."""
from __future__ import annotations

import sys

import click

from ..cli import FAIL_ON, cli
from ..errors import CopylintError

# What a JSON report can be merged into: the formats made from findings alone. SARIF needs each
# finding's sentence (its fingerprint) and rule metadata, junit the clean files, full and html the
# drafts' text; none of them is in the JSON contract, so SARIF reports merge into SARIF.
FROM_JSON = ("json", "jsonl", "text", "github")
FORMATS = (*FROM_JSON, "sarif")


@cli.command()
@click.argument("reports", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format (default: the reports' own). JSON reports merge into json, jsonl, text or github; SARIF into sarif.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write the merged report to FILE (atomically) instead of stdout.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="Lowest severity that makes the exit status 1 (default: each file's config `fail-on`, else error).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("-q", "--quiet", is_flag=True, help="Print the report only: no summary.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Use this config file's `fail-on` for every path, instead of each path's nearest config.")
@click.option("--isolated", is_flag=True, help="Ignore all config files.")
@click.option("--color", "color_mode", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True, help="Colour the text format. auto: on a terminal only.")
def merge(reports, fmt, output, fail_on, exit_zero, quiet, config_file, isolated, color_mode):
    """Join the JSON or SARIF reports of `check --shard K/N` runs into one report.

    The findings come out in the order one unsharded `check` prints them (byte for byte the same
    report, for json and sarif). Exit status as check's: 0 none at or above --fail-on, 1 findings,
    2 a report that cannot be read or merged.
    """
    from ..config import Resolver
    from ..formats import Report, renderer
    from ..formats.style import use_color
    from ..merging import check_inputs, merged_findings, merged_sarif, read_report
    from .check import _emit, _Tally, _version

    if config_file and isolated:
        raise CopylintError("--config and --isolated cannot be used together")
    inputs = [read_report(p) for p in reports]
    kind = check_inputs(inputs)
    fmt = fmt or kind
    if (kind == "sarif") != (fmt == "sarif"):
        want = "json" if kind == "sarif" else "sarif"
        raise CopylintError(f"{inputs[0].path}: {kind.upper()} reports cannot be merged into {fmt}; "
                            f"run the shards with --format {want}")
    _refuse_to_overwrite_report(output, reports)
    resolver = Resolver(config_file=config_file, isolated=isolated, fail_on=fail_on)
    findings = merged_findings(inputs)
    tally = _Tally()
    for path in dict.fromkeys(f.path for f in findings):
        tally.threshold(path, resolver)
    list(tally.count(findings))
    if kind == "sarif":
        _emit(_sarif_renderer(merged_sarif(inputs)), None, output)
    else:
        tty = not output and sys.stdout.isatty()
        report = Report(findings=findings, tool_version=_version(),
                        color=use_color(color_mode, tty) and fmt == "text")
        _emit(renderer(fmt), report, output)
    if not quiet:
        click.echo(_merge_summary(tally, len(inputs)), err=True)
    sys.exit(0 if exit_zero or not tally.failing else 1)


def _refuse_to_overwrite_report(output: str | None, reports) -> None:
    """The merged report must not replace one of the reports it is made from."""
    import os

    if output and os.path.exists(output):
        real = os.path.realpath(output)
        if any(os.path.realpath(r) == real for r in reports):
            raise CopylintError(f"{output}: is one of the reports being merged; choose another output file")


def _merge_summary(tally, reports: int) -> str:
    """The summary line: check's, with where the findings came from instead of how many files were checked."""
    source = f"merged from {reports} report{'s' if reports != 1 else ''}"
    n = tally.total
    if not n:
        return f"No findings ({source})."
    parts = ", ".join(f"{c} {s}{'s' if c != 1 else ''}" for s in ("error", "warning", "info")
                      if (c := tally.severities.get(s, 0)))
    files = len(tally.paths)
    return f"{n} finding{'s' if n != 1 else ''} ({parts}) in {files} file{'s' if files != 1 else ''} ({source})"


def _sarif_renderer(log: dict):
    def render(_report, stream) -> None:
        import json

        from ..escape import json_text

        stream.write(json_text(json.dumps(log, ensure_ascii=False, indent=2)))
        stream.write("\n")

    return render
