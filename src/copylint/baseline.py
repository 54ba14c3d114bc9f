"""Baselines for legacy content: record today's findings, then report only new ones.

An entry is (path, rule, fingerprint of the normalized sentence, occurrence): it does not change when
lines move, and the occurrence counter tells apart the same sentence flagged twice in one file.
Paths are stored relative to the baseline file, so a run from another folder still matches.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import ConfigError
from .findings import Finding

VERSION = 1


@dataclass(frozen=True)
class Entry:
    """One baselined finding."""

    path: str
    rule: str
    fingerprint: str
    occurrence: int
    line: int = 0  # where it was when recorded (for people reading the file; not used to match)
    match: str = ""

    @property
    def key(self) -> tuple[str, str, str, int]:
        return (self.path, self.rule, self.fingerprint, self.occurrence)


def fingerprint(finding: Finding) -> str:
    """A short hash of the rule and the finding's sentence, case- and whitespace-insensitive."""
    text = " ".join((finding.sentence or finding.match).split()).casefold()
    return hashlib.sha256(f"{finding.rule}\0{text}".encode()).hexdigest()[:16]


def _rel(path: str, base: str) -> str:
    if path == "-" or path.startswith("<"):
        return path
    return os.path.relpath(os.path.abspath(path), base).replace(os.sep, "/")


def entries_for(findings: Iterable[Finding], base: str) -> list[tuple[Entry, Finding]]:
    """Each finding with its baseline entry; occurrences count up in position order per (path, rule, text)."""
    seen: Counter = Counter()
    out = []
    for f in sorted(findings, key=Finding.sort_key):
        path = _rel(f.path, base)
        fp = fingerprint(f)
        seen[(path, f.rule, fp)] += 1
        out.append((Entry(path, f.rule, fp, seen[(path, f.rule, fp)], f.line, f.match), f))
    return out


def write_baseline(path: str, findings: Iterable[Finding], linted: Iterable[str] | None = None) -> int:
    """Record the findings in a baseline file (atomically); returns how many were written.

    With `linted` (the files this run read), entries already in the file for other files are kept:
    `--write-baseline base.json subdir/` must not forget the rest of the site."""
    from .output import atomic_write

    base = os.path.dirname(os.path.abspath(path))
    new = [e for e, _ in entries_for(findings, base)]
    kept: list[Entry] = []
    if linted is not None and os.path.isfile(path):
        checked = {_rel(p, base) for p in linted}
        try:
            kept = [e for e in read_baseline(path) if e.path not in checked]
        except ConfigError:
            kept = []  # not a baseline (yet): it is replaced, as before
    entries = sorted(kept + new, key=lambda e: (e.path, e.line, e.rule, e.fingerprint, e.occurrence))
    rows = [{"path": e.path, "rule": e.rule, "fingerprint": e.fingerprint, "occurrence": e.occurrence,
             "line": e.line, "match": e.match} for e in entries]
    doc = {"copylint-baseline": VERSION, "findings": rows}
    try:
        atomic_write(path, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write baseline: {exc.strerror or exc}") from None
    return len(rows)


def read_baseline(path: str) -> list[Entry]:
    """Load a baseline file; a missing or malformed one stops the run (exit 2)."""
    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh, parse_constant=_no_constant, parse_float=_finite)
    except RecursionError:
        raise ConfigError(f"{path}: not a copylint baseline (nested too deeply)") from None
    except _NotFinite as exc:
        raise ConfigError(f"{path}: not a copylint baseline (number {exc} is out of range)") from None
    except FileNotFoundError:
        raise ConfigError(f"{path}: baseline not found (create it with --write-baseline {path})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", 1)
        raise ConfigError(f"{path}:{line}: not a copylint baseline (invalid JSON)") from None
    rows = doc.get("findings") if isinstance(doc, dict) else None
    if not isinstance(rows, list) or doc.get("copylint-baseline") != VERSION:
        raise ConfigError(f"{path}: not a copylint baseline (version {VERSION}); "
                          "rewrite it with --write-baseline")
    entries = []
    for i, r in enumerate(rows, 1):
        if not (isinstance(r, dict) and all(isinstance(r.get(k), str) for k in ("path", "rule", "fingerprint"))
                and _is_int(r.get("occurrence")) and _is_int(r.get("line", 0))
                and isinstance(r.get("match", ""), str)):
            raise ConfigError(f"{path}: baseline entry {i} needs a path, rule and fingerprint (strings) "
                              "and an occurrence (a whole number)")
        entries.append(Entry(r["path"], r["rule"], r["fingerprint"], r["occurrence"], r.get("line", 0),
                             r.get("match", "")))
    return entries


class _NotFinite(ValueError):
    """A JSON number a baseline cannot hold (NaN, Infinity, 1e400)."""


def _no_constant(name: str):
    raise _NotFinite(name)


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _NotFinite(text[:40])
    return value


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63


@dataclass
class Comparison:
    """A run held against a baseline: findings that are new, entries that no longer occur."""

    new: list[Finding]
    gone: list[Entry]


def compare(findings: Iterable[Finding], entries: list[Entry], baseline_path: str,
            linted: Iterable[str]) -> Comparison:
    """Split findings into new and baselined; baseline entries of linted files that were not seen are gone."""
    base = os.path.dirname(os.path.abspath(baseline_path))
    known = {e.key for e in entries}
    new, seen = [], set()
    for entry, finding in entries_for(findings, base):
        if entry.key in known:
            seen.add(entry.key)
        else:
            new.append(finding)
    checked = {_rel(p, base) for p in linted}
    gone = [e for e in entries if e.key not in seen and e.path in checked]
    return Comparison(sorted(new, key=Finding.sort_key), gone)


def describe_gone(gone: list[Entry], baseline_path: str) -> list[str]:
    """Lines telling the user which baseline entries can be dropped."""
    if not gone:
        return []
    entries = "1 baseline entry" if len(gone) == 1 else f"{len(gone)} baseline entries"
    head = (f"copylint: {entries} in {baseline_path} no longer occur; "
            f"shrink the baseline with --write-baseline {baseline_path}:")
    return [head] + [f"  {e.path}: [{e.rule}] {e.match!r} (was line {e.line})" for e in gone]
