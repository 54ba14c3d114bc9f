"""`copylint check`: lint drafts and set the exit code (click-free: see check_cli for its options)."""
from __future__ import annotations

import os
import sys

from ..cli import _csv, echo
from ..errors import CopylintError
from ..escape import one_line
from ..findings import SEVERITY_RANK


def run(paths=(), fmt=None, select=(), ignore=(), fail_on=None, exit_zero=False, quiet=False, rules_dirs=(),
        exclude=(), stdin_filename=None, jobs=0, explain=False, output=None, config_file=None, isolated=False,
        statistics=False, baseline_file=None, write_baseline_file=None, require_reason=False, respect_gitignore=None,
        follow_links=False, strict_inputs=False, color_mode="auto", show_settings=False, no_cache=False,
        cache_dir=None, shard=None):
    """`copylint check` with its options' values (their defaults are click's): lint, report, exit.

    Exit status: 0 no findings at or above --fail-on, 1 findings, 2 usage, input or rule errors.
    """
    from ..api import default_jobs, expand_paths, lint_paths
    from ..config import Resolver
    from ..formats import FORMATS, Report, renderer
    from ..progress import Progress

    paths = list(paths) or ["."]
    if shard and "-" in paths:
        raise CopylintError("--shard splits files and folders; it cannot be used with '-' (stdin)")
    _cache_dir_env(cache_dir)
    for p in paths:
        if p != "-" and not os.path.exists(p):
            raise CopylintError(f"{p}: no such file or folder")
    if config_file and isolated:
        raise CopylintError("--config and --isolated cannot be used together")
    cli_selectors = {"--select": _csv(select), "--ignore": _csv(ignore)}
    resolver = Resolver(config_file=config_file, isolated=isolated, select=_csv(select), ignore=_csv(ignore),
                        rules_dirs=tuple(rules_dirs), exclude=tuple(exclude), fail_on=fail_on,
                        respect_gitignore=respect_gitignore, require_reason=require_reason,
                        follow_links=follow_links)
    tty = not output and sys.stdout.isatty()
    fmt = fmt or ("full" if tty else "text")
    spec = FORMATS[fmt]
    # Every config the run uses is checked before any file is linted: a bad pack or selector exits 2.
    for p in paths:
        resolver.for_path(stdin_filename or "-" if p == "-" else p)
    files = _report_order(expand_paths(paths, resolver), stdin_filename)
    for f in files:
        resolver.for_path(stdin_filename or "-" if f == "-" else f)
    rules = _check_configs(resolver, cli_selectors)
    if shard:  # after every file's config is checked: each shard stops on the same bad config
        from ..shard import in_shard

        files = in_shard(files, *shard, root=resolver.for_folder(".").root or ".")
    if show_settings:
        _show_settings(paths[0] if paths[0] != "-" else (stdin_filename or "-"), resolver)
        return
    baseline = None
    if baseline_file:
        from ..baseline import read_baseline
        from ..document import special_file

        special = special_file(baseline_file)
        if special is not None:  # reading a FIFO would wait for a writer forever
            raise CopylintError(f"{baseline_file}: cannot read baseline: {special}, not a regular file")
        baseline = read_baseline(baseline_file)
    stdin_text = _read_stdin() if "-" in paths else None
    jobs = jobs or default_jobs()

    from ..formats.style import use_color

    color = not spec.machine and use_color(color_mode, tty)
    report = Report(findings=[], rules=rules, tool_version=_version(), color=color)
    in_use = _files_in_use(resolver, baseline_file)
    _refuse_to_overwrite_input(output, files, in_use + [write_baseline_file or ""])
    # --write-baseline may rewrite the --baseline it reads: that is how a baseline shrinks
    _refuse_to_overwrite_input(write_baseline_file, files, [p for p in in_use if p != baseline_file])
    # Files are linted in report order and each file's findings come sorted, so a format that
    # writes finding by finding gets them as they are found: memory stays bounded by the largest
    # file, not the corpus. A baseline needs every finding first.
    streaming = spec.streams and baseline is None and not write_baseline_file
    _tune_gc()
    tally = _Tally()
    results_cache = _results_cache(explain, no_cache)
    progress = Progress(len(files), sys.stderr, enabled=not spec.machine and not quiet and not (streaming and tty))

    def findings():
        with progress:
            for result in lint_paths(files, config=resolver, jobs=jobs, explain=explain, keep_text=spec.needs_text,
                                     stdin_text=stdin_text, stdin_name=stdin_filename, cache=results_cache):
                progress.advance()
                if result.error is not None:
                    if not result.error.skipped or strict_inputs:
                        tally.failed_input = True
                        report.errors.append(str(result.error))
                    progress.clear()  # a skipped input is always told, also with -q: it was not checked
                    echo(f"copylint: {one_line(str(result.error))}", err=True)
                    continue
                report.files.append(result.path)
                kept = result.findings
                tally.threshold(result.path, resolver)
                if spec.needs_text and result.text is not None:
                    report.texts[result.path] = result.text
                    report.front_matter_keys[result.path] = tuple(resolver.for_path(result.path).front_matter_keys)
                if explain:
                    progress.clear()
                    _explain(result.dropped, kept)
                yield from tally.count(kept)

    if streaming:
        report.findings = findings()
    else:
        report.findings = list(findings())
    if write_baseline_file:
        from ..baseline import write_baseline

        count = write_baseline(write_baseline_file, report.findings, report.files)
        plural = "s" if count != 1 else ""
        echo(f"copylint: wrote {count} finding{plural} to {one_line(write_baseline_file)}", err=True)
        sys.exit(2 if tally.failed_input else 0)
    if baseline is not None:
        from ..baseline import compare, describe_gone

        held = compare(report.findings, baseline, baseline_file, report.files)
        for line in describe_gone(held.gone, baseline_file):
            echo(one_line(line), err=True)
        tally = _Tally(tally.failed_input, tally.thresholds)  # count only what the baseline lets through
        report.findings = list(tally.count(held.new))
    _emit(renderer(fmt), report, output)
    if statistics:
        for line in _statistics(tally, report.rules):
            echo(line, err=fmt != "text")
    if not quiet:
        echo(_summary(tally, len(report.files)), err=True)
    failing = tally.failing
    if tally.failed_input:
        sys.exit(2)
    sys.exit(0 if exit_zero or not failing else 1)


def _cache_dir_env(cache_dir: str | None) -> None:
    """--cache-dir moves every cache of the run (and of its workers: the start-up caches too) until the command ends."""
    if cache_dir is None:
        return
    before = os.environ.get("COPYLINT_CACHE_DIR")
    os.environ["COPYLINT_CACHE_DIR"] = cache_dir

    def restore() -> None:
        if before is None:
            os.environ.pop("COPYLINT_CACHE_DIR", None)
        else:
            os.environ["COPYLINT_CACHE_DIR"] = before

    import click  # only given on click's path (fastcli leaves --cache-dir to click): its context ends the run

    click.get_current_context().call_on_close(restore)


def _results_cache(explain: bool, no_cache: bool):
    """The results cache for this run, or None when it is off (--no-cache, COPYLINT_NO_CACHE)."""
    from ..literal_cache import cache_dir

    folder = None if no_cache else cache_dir()
    if folder is None:
        return None
    from ..results_cache import ResultsCache

    return ResultsCache(folder, explain)


def _read_stdin() -> bytes | str:
    """stdin's bytes, decoded later like a file's; text when the stream has no byte layer."""
    buffer = getattr(sys.stdin, "buffer", None)
    return buffer.read() if buffer is not None else sys.stdin.read()


class _Tally:
    """Counts of the findings reported, kept as they pass (streamed findings are not kept), and
    whether one is at or above its file's --fail-on / `fail-on`."""

    def __init__(self, failed_input: bool = False, thresholds: dict[str, int] | None = None):
        self.failed_input = failed_input
        self.severities: dict[str, int] = {}
        self.rules: dict[str, int] = {}
        self.paths: set[str] = set()
        self.thresholds: dict[str, int] = thresholds if thresholds is not None else {}
        self.failing = False

    def threshold(self, path: str, resolver) -> None:
        self.thresholds[path] = SEVERITY_RANK[resolver.for_path(path).fail_on]

    def count(self, findings):
        for f in findings:
            self.severities[f.severity] = self.severities.get(f.severity, 0) + 1
            self.rules[f.rule] = self.rules.get(f.rule, 0) + 1
            self.paths.add(f.path)
            if SEVERITY_RANK[f.severity] >= self.thresholds.get(f.path, SEVERITY_RANK["error"]):
                self.failing = True
            yield f

    @property
    def total(self) -> int:
        return sum(self.severities.values())


def _check_configs(resolver, cli_selectors: dict) -> dict:
    """Load the rule packs of every config the run uses and check their selectors; all rules by id."""
    from ..api import get_ruleset
    from ..config import check_selectors
    from ..suppress import meta_rules

    rules: dict = {}
    for base, merged in resolver.pairs():
        known = {**get_ruleset(merged).by_id(), **meta_rules()}
        check_selectors(base, known, cli_selectors)
        rules.update(known)
    return rules or {**get_ruleset(resolver.for_path(".")).by_id(), **meta_rules()}


def _show_settings(path: str, resolver) -> None:
    """--show-settings: the settings a file is linted with (a folder: the settings of the files directly in it)."""
    from ..api import get_ruleset
    from ..settings import show_settings
    from ..suppress import meta_rules

    config = resolver.for_folder(path) if os.path.isdir(path) else resolver.for_path(path)
    rule_ids = [*get_ruleset(config).by_id(), *meta_rules()]
    echo(show_settings(path, config, rule_ids), nl=False)


def _tune_gc() -> None:
    """Linting makes many short-lived objects and few cycles: collect less often, and never scan
    the loaded rules again (as the worker processes do). Full collections over a large file's
    objects otherwise made its cost grow faster than its size."""
    import gc

    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def _report_order(files: list[str], stdin_name: str | None) -> list[str]:
    """Files in the order of the report (by path, as findings are sorted), each once; '-' sorts by its name."""
    return sorted(dict.fromkeys(files), key=lambda f: (stdin_name or "-") if f == "-" else f)


def _files_in_use(resolver, baseline_file: str | None) -> list[str]:
    """What this run reads besides the drafts: the baseline, the config files and their extra rule packs."""
    from pathlib import Path

    from ..rulepack import pack_files

    out = [baseline_file] if baseline_file else []
    for file_config, config in resolver.pairs():
        vocab, packs = pack_files([Path(d) for d in config.rules_dirs])
        out += [p for p in (file_config.source, *map(str, vocab + packs)) if p]
    return out


def _refuse_to_overwrite_input(target: str | None, files: list[str], in_use: list[str]) -> None:
    """A report or baseline must never replace a draft, baseline, config or rule pack this run reads."""
    if target and os.path.exists(target):
        real = os.path.realpath(target)
        if any(f != "-" and os.path.realpath(f) == real for f in files):
            raise CopylintError(f"{target}: is one of the drafts being linted; choose another output file")
        used = next((f for f in in_use if os.path.realpath(f) == real), None)
        if used:
            raise CopylintError(f"{target}: is read by this run ({used}); choose another output file")


def _explain(dropped, kept) -> None:
    """--explain: why candidates were dropped, and why kept findings were downgraded (stderr), in position order."""
    lines = []
    for d in dropped:
        frame = f" (frame words: {d.words})" if d.words else ""
        lines.append(((d.line, d.column, d.rule, 0),
                      one_line(f"{d.path}:{d.line}:{d.column}: dropped [{d.rule}] {d.match!r}: {d.reason}{frame}")))
    for f in kept:
        if f.notes:
            lines.append(((f.line, f.column, f.rule, 1), one_line(f"{f.path}:{f.line}:{f.column}: {f.severity} after "
                                                                  f"context [{f.rule}] {f.match!r}: {'; '.join(f.notes)}")))
        if f.words:
            lines.append(((f.line, f.column, f.rule, 2), one_line(f"{f.path}:{f.line}:{f.column}: {f.severity} "
                                                                  f"[{f.rule}] {f.match!r}: frame words: {f.words}")))
    for _, line in sorted(lines, key=lambda item: item[0]):
        echo(line, err=True)


def _version() -> str:
    from .. import __version__

    return __version__


def _emit(render, report, output) -> None:
    if output:
        from ..output import atomic_writer

        try:
            with atomic_writer(output) as fh:
                render(report, fh)
        except OSError as exc:
            raise CopylintError(f"{output}: cannot write report: {exc.strerror or exc}") from None
    else:
        try:
            render(report, sys.stdout)
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:  # a full disk (/dev/full), a closed terminal
            _drop_stdout()
            raise CopylintError(f"cannot write the report to stdout: {exc.strerror or exc}") from None


def _drop_stdout() -> None:
    """Point stdout at /dev/null, so the exit does not fail again flushing what could not be written."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (a test runner's stream)


def _statistics(tally: _Tally, rules: dict) -> list[str]:
    width = max((len(r) for r in tally.rules), default=0)
    rows = sorted(tally.rules.items(), key=lambda item: (-item[1], item[0]))
    return [f"{n:>5}  {rule:<{width}}  {getattr(rules.get(rule), 'category', '')}" for rule, n in rows]


def _summary(tally: _Tally, checked: int) -> str:
    n = tally.total
    if not n:
        return f"No findings in {checked} file{'s' if checked != 1 else ''} checked."
    counts = {s: tally.severities.get(s, 0) for s in ("error", "warning", "info")}
    parts = ", ".join(f"{c} {s}{'s' if c != 1 else ''}" for s, c in counts.items() if c)
    with_findings = len(tally.paths)
    return (f"{n} finding{'s' if n != 1 else ''} ({parts}) in {with_findings} "
            f"file{'s' if with_findings != 1 else ''} ({checked} checked)")
