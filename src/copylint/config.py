"""Configuration: the frozen Config every run uses (discovery and file parsing live here too)."""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass, replace

from .markup import FRONT_MATTER_KEYS


@dataclass(frozen=True)
class Config:
    """Everything that shapes a run besides the paths. Defaults are the built-in behaviour."""

    rules_dirs: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()  # (rule id or prefix, severity)
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, rule ids or prefixes)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    front_matter_keys: tuple[str, ...] = FRONT_MATTER_KEYS
    fail_on: str = "error"
    vocabulary: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (list name, extra entries)
    disclaimers: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (disclaimer kind, accepted wordings)
    source: str | None = None  # the file this config came from

    def with_(self, **changes) -> Config:
        return replace(self, **changes)


def rule_matches(rule_id: str, selectors: tuple[str, ...]) -> bool:
    """Does a selector (full id, pack prefix, bare rule name or ALL) name this rule?"""
    pack, _, name = rule_id.partition(".")
    for sel in selectors:
        sel = sel.strip()
        if sel in ("ALL", "all", rule_id, pack, name) or rule_id.startswith(sel.rstrip(".") + "."):
            return True
    return False


def rule_enabled(rule_id: str, config: Config, path: str | None = None) -> bool:
    """Selected, not ignored, and not ignored for this file by per-file-ignores."""
    if config.select and not rule_matches(rule_id, config.select):
        return False
    if config.ignore and rule_matches(rule_id, config.ignore):
        return False
    if path:
        for glob, rules in config.per_file_ignores:
            if _glob_match(path, glob) and rule_matches(rule_id, rules):
                return False
    return True


def severity_for(rule_id: str, default: str, config: Config) -> str:
    """Severity after overrides; the most specific (longest) selector wins."""
    best, best_len = default, -1
    for sel, sev in config.severity:
        if rule_matches(rule_id, (sel,)) and len(sel) > best_len:
            best, best_len = sev, len(sel)
    return best


def _glob_match(path: str, glob: str) -> bool:
    norm = path.replace("\\", "/")
    return fnmatch.fnmatch(norm, glob) or fnmatch.fnmatch(norm, "*/" + glob) or fnmatch.fnmatch(norm.rsplit("/", 1)[-1], glob)


def path_excluded(path: str, globs: tuple[str, ...]) -> bool:
    """Is the path matched by any exclude glob?"""
    return any(_glob_match(path, g) for g in globs)


DEFAULT_CONFIG = Config()
