"""Public library API: lint_text -> lint_file -> lint_paths (the CLI is a thin layer over these)."""
from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field

from .config import DEFAULT_CONFIG, Config, Resolver, excluded_by, path_excluded
from .document import DEFAULT_EXTS, Document, decode, kind_for, read_document, walk
from .engine import Linter
from .errors import CopylintError, SourceError
from .findings import Dropped, FileReport, Finding
from .rulepack import RuleSet, load_rules

_LINTERS: dict[int, Linter] = {}
_RULESETS: dict[tuple, RuleSet] = {}


def get_ruleset(config: Config = DEFAULT_CONFIG) -> RuleSet:
    """The rule packs a config asks for (built-in, its `rules` folders, its vocabulary), loaded once per process."""
    key = (config.rules_dirs, config.vocabulary)
    if key not in _RULESETS:
        _check_rule_files(config.rules_dirs)
        _RULESETS[key] = load_rules(config.rules_dirs, config.vocabulary)
    return _RULESETS[key]


def _check_rule_files(dirs: tuple[str, ...]) -> None:
    """A rule folder's packs must be regular files: reading a FIFO named like a pack waits forever."""
    import glob

    from .document import special_file
    from .errors import RuleError

    for folder in dirs:
        for path in sorted(glob.glob(os.path.join(glob.escape(folder), "*.y*ml"))):
            special = special_file(path)
            if special is not None:
                raise RuleError(f"{path}: cannot read rule pack: {special}, not a regular file")


def get_linter(config: Config = DEFAULT_CONFIG, ruleset: RuleSet | None = None) -> Linter:
    """A Linter for this config, built once per process."""
    key = hash((config, id(ruleset)))
    if key not in _LINTERS:
        _LINTERS[key] = Linter(ruleset or get_ruleset(config), config)
    return _LINTERS[key]


def lint_report(doc: Document, *, config: Config | None = None, explain: bool = False) -> FileReport:
    """The FileReport for a Document: findings (suppression applied), dropped candidates, unused directives.

    Without `config`, the nearest config file above the document's path applies, as in the CLI."""
    if config is None:
        config = Resolver().for_path(doc.path)
    return get_linter(config).lint(doc, explain)


def lint_text(text: str, *, filename: str = "<text>", kind: str | None = None, config: Config = DEFAULT_CONFIG,
              ruleset: RuleSet | None = None, explain: list[Dropped] | None = None) -> list[Finding]:
    """Lint a draft given as a string (inline directives applied). `kind`: markdown, html or text
    (default: from filename). No file is read: the config is the one given (default: built-in)."""
    report = get_linter(config, ruleset).lint(Document(filename, text, kind or kind_for(filename)), explain is not None)
    if explain is not None:
        explain.extend(report.dropped)
    return report.findings


def lint_document(doc: Document, *, config: Config | None = None, explain: list[Dropped] | None = None) -> list[Finding]:
    """Lint an already-read Document (default config: the nearest config file above its path)."""
    report = lint_report(doc, config=config, explain=explain is not None)
    if explain is not None:
        explain.extend(report.dropped)
    return report.findings


def lint_file(path: str, *, config: Config | None = None, explain: list[Dropped] | None = None) -> list[Finding]:
    """Lint one file on disk (default config: the nearest config file above it). Raises SourceError
    if it cannot be read or decoded."""
    return lint_document(read_document(path), config=config, explain=explain)


@dataclass
class FileResult:
    """What linting one path produced: findings, or the reason it could not be linted."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    error: SourceError | None = None
    dropped: list[Dropped] = field(default_factory=list)
    text: str | None = None
    unused: list = field(default_factory=list)  # directives that silenced nothing

    def __reduce__(self):
        # Results cross from worker processes; SourceError's two-argument __init__ does not survive
        # pickling on its own (unpickling it broke the whole pool on the first unreadable file).
        err = self.error
        state = None if err is None else (err.path, err.message, err.skipped)
        return _file_result, (self.path, self.findings, state, self.dropped, self.text, self.unused)


def _file_result(path, findings, error, dropped, text, unused) -> FileResult:
    err = None if error is None else SourceError(error[0], error[1], skipped=error[2])
    return FileResult(path, findings, err, dropped, text, unused)


def lint_one(path: str, config: Config | Resolver, explain: bool = False, keep_text: bool = False,
             stdin_text: str | bytes | None = None, stdin_name: str | None = None, cache=None) -> FileResult:
    """Lint one path (or stdin when path is '-') into a FileResult; never raises for bad input.

    With a ResultsCache, a file (not stdin) linted here is stored in it."""
    try:
        if path == "-":
            name = stdin_name or "-"
            raw = stdin_text or ""  # bytes from the CLI are decoded like a file's (BOMs, UTF-16, bad UTF-8)
            doc = Document(name, raw if isinstance(raw, str) else decode(raw, name), kind_for(name))
        else:
            doc = read_document(path)
        if isinstance(config, Resolver):
            config = config.for_path(doc.path)
        report = get_linter(config).lint(doc, explain)
        if cache is not None and path != "-":
            cache.store(cache.key(doc, config), report.findings, report.dropped)
        return FileResult(doc.path, report.findings, None, report.dropped, doc.text if keep_text else None,
                          report.unused)
    except SourceError as exc:
        return FileResult(stdin_name if path == "-" and stdin_name else path, [], exc)
    except (CopylintError, KeyboardInterrupt):
        raise  # a rule error (a runaway pattern) stops the run
    except (MemoryError, RecursionError) as exc:
        return FileResult(path, [], SourceError(path, f"too large or too deeply nested to lint ({type(exc).__name__})"))
    except Exception as exc:  # a bug: this file is reported, the run goes on
        if os.environ.get("COPYLINT_DEBUG"):
            raise
        return FileResult(path, [], SourceError(path, f"internal error: {type(exc).__name__}: {exc} "
                                                      "(please report it; COPYLINT_DEBUG=1 shows the traceback)"))


def _resolver(config: Config | Resolver | None) -> Resolver:
    return config if isinstance(config, Resolver) else Resolver(config)


def expand_paths(paths: list[str], config: Config | Resolver | None = None,
                 exts: tuple[str, ...] = DEFAULT_EXTS) -> list[str]:
    """Files to lint for the given paths: folders walked, each path's config `exclude` and ignore
    files applied, '-' kept. Without `config`, each path's nearest config file applies."""
    resolver = _resolver(config)
    files = walk(paths, exts=exts, excluded=lambda p: excluded_by(resolver.for_path(p), p),
                 gitignore=lambda folder: resolver.for_folder(folder).respect_gitignore,
                 follow_links=lambda folder: resolver.for_folder(folder).follow_links)
    named = set(paths)
    out = []
    for f in files:
        cfg = resolver.for_path(f) if f != "-" else None
        if cfg is None or not cfg.include or f in named or path_excluded(f, cfg.include, cfg.root):
            out.append(f)
    return unique_files(out)


def tidy_path(path: str) -> str:
    """A path as users expect to read it: no './' prefix, no '//' or '/./' ('..' is left alone: symlinks)."""
    if path == "-" or ".." in path.replace("\\", "/").split("/"):
        return path
    return os.path.normpath(path)


def unique_files(files: list[str]) -> list[str]:
    """Each file once, however its path was spelt (`a.md`, `./a.md`, `/abs/a.md`): its first name, tidied.

    A symbolic link is a name of its own and is kept, as the walk follows links inside the tree."""
    seen: set[str] = set()
    out = []
    for f in files:
        key = f if f == "-" else os.path.normcase(os.path.abspath(f))
        if key not in seen:
            seen.add(key)
            out.append(tidy_path(f))
    return out


WARM_FILES = 64  # from this many files a serial run warms its linters up front, as a parallel one does


def lint_paths(paths: list[str], *, config: Config | Resolver | None = None, jobs: int = 1, explain: bool = False,
               keep_text: bool = False, stdin_text: str | bytes | None = None, stdin_name: str | None = None,
               cache=None) -> Iterator[FileResult]:
    """Lint files and folders; yields one FileResult per file, in path order, whatever `jobs` is.

    Each file gets its nearest config file (or `config` when given), as `copylint check` does.
    With jobs > 1 the files go to a pool of worker processes in chunks of about CHUNK_BYTES, and
    only a few chunks are in flight at a time: memory stays bounded by the largest file, not the corpus.
    With a ResultsCache (see results_cache), unchanged files come from it and only the others are linted
    (a result from the cache has no `unused` directives; the findings they cause are among its findings).
    """
    resolver = _resolver(config)
    files = expand_paths(list(paths), resolver)
    if cache is not None:
        from .results_cache import lint_cached

        yield from lint_cached(files, resolver, cache, _lint_files, jobs=jobs, explain=explain,
                               keep_text=keep_text, stdin_text=stdin_text, stdin_name=stdin_name)
        return
    yield from _lint_files(files, resolver, jobs, explain, keep_text, stdin_text, stdin_name)


def _lint_files(files: list[str], resolver: Resolver, jobs: int, explain: bool, keep_text: bool,
                stdin_text, stdin_name, cache=None) -> Iterator[FileResult]:
    """lint_paths over an expanded file list."""
    if jobs <= 1 or len(files) < 4:
        if len(files) >= WARM_FILES:  # a large serial run: compile everything once (and build the gate)
            size = _input_bytes(files)
            for cfg in dict.fromkeys(resolver.for_path(f) for f in files if f != "-"):
                get_linter(cfg).warm(size)
        for f in files:
            yield lint_one(f, resolver, explain, keep_text, stdin_text, stdin_name, cache)
        return
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    real = [f for f in files if f != "-"]
    size = _input_bytes(real)
    for cfg in dict.fromkeys(resolver.for_path(f) for f in real):
        get_linter(cfg).warm(size, forking=True)  # the workers build the patterns from the program cache
    chunks = _chunks(real, jobs)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_fork_context(), initializer=_worker_start) as pool:
        done = _in_order(pool, chunks, (resolver, explain, keep_text, cache), window=2 * jobs)
        it = (result for chunk in done for result in chunk)
        try:
            for f in files:
                yield lint_one(f, resolver, explain, keep_text, stdin_text, stdin_name) if f == "-" else next(it)
        except BrokenProcessPool:
            pool.shutdown(wait=False, cancel_futures=True)
            raise CopylintError("a worker process died while linting (out of memory?); "
                                "run with --jobs 1 to see which file") from None
        except BaseException:  # a rule error, Ctrl-C or a consumer that stops early: do not wait for queued chunks
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        # All done: leaving the `with` joins the idle workers (shutting down without waiting here
        # races the pool's exit handler, which then prints a "Bad file descriptor" traceback).


CHUNK_FILES = 64
CHUNK_BYTES = 1_000_000


def _chunks(files: list[str], jobs: int) -> list[list[str]]:
    """Consecutive runs of files of about CHUNK_BYTES each (a big file alone), at least ~8 per worker."""
    per = max(1, min(CHUNK_FILES, len(files) // (jobs * 8) or 1))
    chunks: list[list[str]] = []
    current: list[str] = []
    size = 0
    for f in files:
        try:
            n = os.path.getsize(f)
        except OSError:
            n = 0  # the worker reports why it cannot be read
        if current and (len(current) >= per or size + n > CHUNK_BYTES):
            chunks.append(current)
            current, size = [], 0
        current.append(f)
        size += n
    if current:
        chunks.append(current)
    return chunks


def _in_order(pool, chunks: list[list[str]], args: tuple, window: int) -> Iterator[list[FileResult]]:
    """Results of each chunk, in order, with at most `window` chunks submitted and not yet consumed."""
    from collections import deque

    pending: deque = deque()
    todo = iter(chunks)
    for chunk in todo:
        pending.append(pool.submit(_worker, chunk, *args))
        if len(pending) >= window:
            break
    while pending:
        results = pending.popleft().result()
        nxt = next(todo, None)
        if nxt is not None:
            pending.append(pool.submit(_worker, nxt, *args))
        yield results


def _input_bytes(files: list[str]) -> int:
    """The run's input size (for Linter.warm's choice to compile the Hyperscan gate)."""
    total = 0
    for f in files:
        try:
            total += os.stat(f).st_size if f != "-" else 0
        except OSError:
            pass
    return total


def _fork_context():
    """Forked workers start at once with the parent's compiled rules (Linux); elsewhere the default."""
    import multiprocessing
    import sys

    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None


def _worker_start() -> None:
    """Workers die with the main process, and make many short-lived objects and few cycles:
    collect less often (~8% of lint time), and never scan what they inherited from the parent."""
    import gc

    _die_with_parent()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def _die_with_parent() -> None:
    """A worker whose main process is killed (SIGKILL, OOM killer) must not go on linting:
    Linux sends it SIGTERM then (PR_SET_PDEATHSIG); elsewhere a thread watches the parent's pid."""
    import signal
    import sys
    import threading

    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(1, int(signal.SIGTERM), 0, 0, 0) == 0:  # 1 = PR_SET_PDEATHSIG
                if os.getppid() != parent:  # the parent died before the call took effect
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        import time

        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _worker(paths: list[str], resolver: Resolver, explain: bool, keep_text: bool, cache=None) -> list[FileResult]:
    return [lint_one(p, resolver, explain, keep_text, cache=cache) for p in paths]


def default_jobs() -> int:
    """All cores (the process pool is skipped for small runs)."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


__all__ = ["lint_text", "lint_file", "lint_paths", "lint_document", "lint_report", "FileResult", "FileReport",
           "decode", "expand_paths"]
