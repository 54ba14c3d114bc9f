"""Public library API: lint_text -> lint_file -> lint_paths (the CLI is a thin layer over these)."""
from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field

from .config import DEFAULT_CONFIG, Config, path_excluded
from .document import DEFAULT_EXTS, Document, decode, kind_for, read_document, walk
from .engine import Linter
from .errors import CopylintError, SourceError
from .findings import Dropped, Finding
from .rulepack import RuleSet, load_rules

_LINTERS: dict[int, Linter] = {}


def get_linter(config: Config = DEFAULT_CONFIG, ruleset: RuleSet | None = None) -> Linter:
    """A Linter for this config, built once per process."""
    key = hash((config, id(ruleset)))
    if key not in _LINTERS:
        rs = ruleset or load_rules(config.rules_dirs, config.vocabulary)
        _LINTERS[key] = Linter(rs, config)
    return _LINTERS[key]


def lint_text(text: str, *, filename: str = "<text>", kind: str | None = None, config: Config = DEFAULT_CONFIG,
              ruleset: RuleSet | None = None, explain: list[Dropped] | None = None) -> list[Finding]:
    """Lint a draft given as a string. `kind` is markdown, html or text (default: from filename)."""
    linter = get_linter(config, ruleset)
    return linter.lint(text, filename, kind or kind_for(filename), explain)


def lint_document(doc: Document, *, config: Config = DEFAULT_CONFIG, explain: list[Dropped] | None = None) -> list[Finding]:
    """Lint an already-read Document."""
    return lint_text(doc.text, filename=doc.path, kind=doc.kind, config=config, explain=explain)


def lint_file(path: str, *, config: Config = DEFAULT_CONFIG, explain: list[Dropped] | None = None) -> list[Finding]:
    """Lint one file on disk. Raises SourceError if it cannot be read or decoded."""
    return lint_document(read_document(path), config=config, explain=explain)


@dataclass
class FileResult:
    """What linting one path produced: findings, or the reason it could not be linted."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    error: SourceError | None = None
    dropped: list[Dropped] = field(default_factory=list)
    text: str | None = None

    def __reduce__(self):
        # Results cross from worker processes; SourceError's two-argument __init__ does not survive
        # pickling on its own (unpickling it broke the whole pool on the first unreadable file).
        err = self.error
        state = None if err is None else (err.path, err.message, err.skipped)
        return _file_result, (self.path, self.findings, state, self.dropped, self.text)


def _file_result(path, findings, error, dropped, text) -> FileResult:
    err = None if error is None else SourceError(error[0], error[1], skipped=error[2])
    return FileResult(path, findings, err, dropped, text)


def lint_one(path: str, config: Config, explain: bool = False, keep_text: bool = False,
             stdin_text: str | bytes | None = None, stdin_name: str | None = None) -> FileResult:
    """Lint one path (or stdin when path is '-') into a FileResult; never raises for bad input."""
    dropped: list[Dropped] | None = [] if explain else None
    try:
        if path == "-":
            name = stdin_name or "-"
            raw = stdin_text or ""  # bytes from the CLI are decoded like a file's (BOMs, UTF-16, bad UTF-8)
            doc = Document(name, raw if isinstance(raw, str) else decode(raw, name), kind_for(name))
        else:
            doc = read_document(path)
        findings = lint_document(doc, config=config, explain=dropped)
        return FileResult(doc.path, findings, None, dropped or [], doc.text if keep_text else None)
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


def expand_paths(paths: list[str], config: Config = DEFAULT_CONFIG, exts: tuple[str, ...] = DEFAULT_EXTS) -> list[str]:
    """Files to lint for the given paths: folders walked, exclude globs applied, '-' kept."""
    def excluded(p: str) -> bool:
        return path_excluded(p, config.exclude)

    files = walk(paths, exts=exts, excluded=excluded)
    if config.include:
        files = [f for f in files if f == "-" or path_excluded(f, config.include) or f in paths]
    return files


def lint_paths(paths: list[str], *, config: Config = DEFAULT_CONFIG, jobs: int = 1, explain: bool = False,
               keep_text: bool = False, stdin_text: str | bytes | None = None, stdin_name: str | None = None) -> Iterator[FileResult]:
    """Lint files and folders; yields one FileResult per file, in path order, whatever `jobs` is.

    With jobs > 1 the files go to a pool of worker processes in chunks of about CHUNK_BYTES, and
    only a few chunks are in flight at a time: memory stays bounded by the largest file, not the corpus.
    """
    files = expand_paths(list(paths), config)
    if jobs <= 1 or len(files) < 4:
        for f in files:
            yield lint_one(f, config, explain, keep_text, stdin_text, stdin_name)
        return
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    get_linter(config).warm()  # fail fast, here, on bad packs; forked workers inherit the compiled linter
    real = [f for f in files if f != "-"]
    chunks = _chunks(real, jobs)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_fork_context(), initializer=_worker_start) as pool:
        done = _in_order(pool, chunks, (config, explain, keep_text), window=2 * jobs)
        it = (result for chunk in done for result in chunk)
        try:
            for f in files:
                yield lint_one(f, config, explain, keep_text, stdin_text, stdin_name) if f == "-" else next(it)
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


def _fork_context():
    """Forked workers start at once with the parent's compiled rules (Linux); elsewhere the default."""
    import multiprocessing
    import sys

    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None


def _worker_start() -> None:
    """Workers make many short-lived objects and few cycles: collect less often (~8% of lint time),
    and never scan what they inherited from the parent (the compiled rules)."""
    import gc

    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def _worker(paths: list[str], config: Config, explain: bool, keep_text: bool) -> list[FileResult]:
    return [lint_one(p, config, explain, keep_text) for p in paths]


def default_jobs() -> int:
    """All cores (the process pool is skipped for small runs)."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


__all__ = ["lint_text", "lint_file", "lint_paths", "lint_document", "FileResult", "decode", "expand_paths"]
