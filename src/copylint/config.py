"""Configuration: the frozen Config every run uses, config file discovery, strict validation, CLI merging."""
from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, replace
from functools import lru_cache

from .readers import FRONT_MATTER_KEYS

CONFIG_FILES = (".copylint.yaml", ".copylint.yml", "pyproject.toml")
LEVELS = ("error", "warning", "info")


@dataclass(frozen=True)
class Config:
    """Everything that shapes a run besides the paths. Defaults are the built-in behaviour."""

    rules_dirs: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()  # added to a non-empty select (an empty select already runs every rule)
    extend_ignore: tuple[str, ...] = ()  # added to ignore
    severity: tuple[tuple[str, str], ...] = ()  # (rule id or prefix, severity)
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, rule ids or prefixes)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    front_matter_keys: tuple[str, ...] = FRONT_MATTER_KEYS
    fail_on: str = "error"
    vocabulary: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (list name, extra entries)
    disclaimers: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (disclaimer kind, accepted wordings)
    respect_gitignore: bool = True  # skip what .gitignore and .ignore files ignore when walking folders
    follow_links: bool = False  # follow symbolic links out of the folder being walked
    source: str | None = None  # the file this config came from
    root: str | None = None  # the folder its globs are relative to (None: the current folder)
    cli_exclude: tuple[str, ...] = ()  # --exclude globs, relative to the current folder
    require_reason: bool = False  # report suppressions without ' -- reason'

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
    if config.select and not rule_matches(rule_id, config.select + config.extend_select):
        return False
    if (config.ignore or config.extend_ignore) and rule_matches(rule_id, config.ignore + config.extend_ignore):
        return False
    if path and config.per_file_ignores:
        ignored = _file_ignores(config.per_file_ignores, config.root, path)
        if ignored and rule_matches(rule_id, ignored):
            return False
    return True


@lru_cache(maxsize=1024)
def _file_ignores(per_file_ignores: tuple, root: str | None, path: str) -> tuple[str, ...]:
    """The per-file-ignores selectors that apply to `path` (globs matched once per file)."""
    return tuple(r for glob, rules in per_file_ignores if glob_match(path, glob, root) for r in rules)


def severity_for(rule_id: str, default: str, config: Config) -> str:
    """Severity after overrides; the most specific (longest) selector wins."""
    best, best_len = default, -1
    for sel, sev in config.severity:
        if rule_matches(rule_id, (sel,)) and len(sel) > best_len:
            best, best_len = sev, len(sel)
    return best


def glob_match(path: str, glob: str, root: str | None = None) -> bool:
    """Does a config glob match `path`? Globs are relative to `root` (the config file's folder), as
    in .gitignore: one with a '/' is anchored there, one without matches a name at any depth, and a
    folder matches everything below it. A file outside `root` matches nothing."""
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root or "."))
    rel = rel.replace(os.sep, "/")
    pattern = glob.strip().replace("\\", "/")
    while pattern.startswith("./"):
        pattern = pattern[2:]
    anchored = "/" in pattern.rstrip("/")
    pattern = pattern.strip("/")
    if not pattern or rel == ".":
        return False
    if rel == ".." or rel.startswith("../"):  # outside the folder: only a name can match
        if anchored:
            return False
        rel = path.replace(os.sep, "/").strip("/")
    parts = rel.split("/")
    if anchored:
        return any(fnmatch.fnmatchcase("/".join(parts[:i]), pattern) for i in range(1, len(parts) + 1))
    return any(fnmatch.fnmatchcase(part, pattern) for part in parts)


def path_excluded(path: str, globs: tuple[str, ...], root: str | None = None) -> bool:
    """Is the path matched by any of these globs (relative to `root`)?"""
    return any(glob_match(path, g, root) for g in globs)


def excluded_by(config: Config, path: str) -> bool:
    """Does the config's `exclude` (or --exclude) skip this path?"""
    return path_excluded(path, config.exclude, config.root) or path_excluded(path, config.cli_exclude)


DEFAULT_CONFIG = Config()


# ---------------------------------------------------------------- discovery

def find_config(paths: list[str]) -> str | None:
    """The nearest config file above the first linted path (None if there is none)."""
    real = [p for p in paths if p != "-"] or ["."]
    start = os.path.abspath(real[0])
    return nearest_config(start if os.path.isdir(start) else os.path.dirname(start))


def nearest_config(folder: str) -> str | None:
    """The first config file found in `folder` or a folder above it (as ruff finds pyproject.toml)."""
    folder = os.path.abspath(folder)
    while True:
        for name in CONFIG_FILES:
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate) and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return _display(candidate)
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _has_tool_table(path: str) -> bool:
    try:
        with open(path, encoding="utf-8") as fh:
            return "[tool.copylint" in fh.read()
    except (OSError, UnicodeDecodeError):
        return False


def _display(path: str) -> str:
    """A path relative to the current folder when it is below it, for short messages."""
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def resolve_config(paths: list[str], config_file: str | None = None, isolated: bool = False,
                   stdin_name: str | None = None) -> Config:
    """One Config for the first of the paths: --config FILE, else the nearest file, else the defaults."""
    if isolated:
        return DEFAULT_CONFIG
    # Text from stdin is looked up as if it were the file it names (--stdin-filename).
    path = config_file or find_config([stdin_name if p == "-" and stdin_name else p for p in paths])
    if path is None:
        return DEFAULT_CONFIG
    return load_config(path)


class Resolver:
    """The Config of each file: the one given (--config FILE, or a Config), else the nearest config
    file above the file, else the defaults; the command line's options over it. Config files are
    read once each and looked up once per folder, so a file's verdict never depends on what else
    is in the run."""

    def __init__(self, config: Config | None = None, *, config_file: str | None = None, isolated: bool = False,
                 **cli):
        self.fixed = config if config is not None else (
            DEFAULT_CONFIG if isolated else load_config(config_file) if config_file else None)
        self.cli = cli
        self._pairs: dict[str, tuple[Config, Config]] = {}
        self._by_folder: dict[str, Config] = {}
        self._by_path: dict[str, Config] = {}

    def __getstate__(self) -> dict:
        # sent to worker processes with every chunk of files: the per-path memo stays behind
        return {**self.__dict__, "_by_path": {}}

    def for_path(self, path: str) -> Config:
        """The Config for a file or folder (looked up from the folder that holds it)."""
        found = self._by_path.get(path)
        if found is None:  # asked several times per file in a run: once for the walk, then per stage
            if self.fixed is not None:
                found = self._merged(None, self.fixed)
            else:
                found = self.for_folder(os.path.dirname(os.path.abspath(path)))
            self._by_path[path] = found
        return found

    def for_folder(self, folder: str) -> Config:
        """The Config of the files directly in `folder`."""
        if self.fixed is not None:
            return self._merged(None, self.fixed)
        folder = os.path.abspath(folder)
        if folder not in self._by_folder:
            found = nearest_config(folder)
            self._by_folder[folder] = self._merged(found, load_config(found) if found else DEFAULT_CONFIG)
        return self._by_folder[folder]

    def pairs(self) -> list[tuple[Config, Config]]:
        """(as read from its file, with the command line over it) for every config resolved so far."""
        return list(self._pairs.values())

    def _merged(self, key: str | None, config: Config) -> Config:
        key = key or "\0fixed"
        if key not in self._pairs:
            self._pairs[key] = (config, merge_cli(config, **self.cli) if self.cli else config)
        return self._pairs[key][1]


# ---------------------------------------------------------------- merging CLI options

def merge_cli(config: Config, *, select: tuple[str, ...] = (), ignore: tuple[str, ...] = (),
              rules_dirs: tuple[str, ...] = (), exclude: tuple[str, ...] = (),
              fail_on: str | None = None, respect_gitignore: bool | None = None,
              require_reason: bool = False, follow_links: bool = False) -> Config:
    """Command-line options over the config file: --select and --fail-on replace, the others add."""
    changes: dict = {}
    if select:
        # A rule the command line selects by name is not silenced by the file's ignore list.
        # As in ruff, --select replaces the file's whole selection, extend-select included.
        changes["select"] = tuple(select)
        changes["extend_select"] = ()
        changes["ignore"] = tuple(i for i in config.ignore if i not in select)
        changes["extend_ignore"] = tuple(i for i in config.extend_ignore if i not in select)
    if ignore:
        changes["ignore"] = tuple(changes.get("ignore", config.ignore)) + tuple(ignore)
    if rules_dirs:
        changes["rules_dirs"] = config.rules_dirs + tuple(rules_dirs)
    if exclude:
        changes["cli_exclude"] = config.cli_exclude + tuple(exclude)
    if fail_on:
        changes["fail_on"] = fail_on
    if respect_gitignore is not None:
        changes["respect_gitignore"] = respect_gitignore
    if require_reason:
        changes["require_reason"] = True
    if follow_links:
        changes["follow_links"] = True
    return config.with_(**changes) if changes else config


def did_you_mean(word: str, choices) -> str:
    """' (did you mean 'x'?)' when a choice is close to `word`, else ''."""
    import difflib  # only for an error message

    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


# ---------------------------------------------------------------- reading files (configfile.py)

def load_config(path: str) -> Config:
    """Read and validate one config file (.copylint.yaml/.yml or pyproject.toml)."""
    from .configfile import load_config as load

    return load(path)


def check_selectors(config: Config, known_rules, cli: dict[str, tuple[str, ...]] | None = None) -> None:
    """A selector that names no rule is an error: `select: [safty]` would otherwise silently run nothing."""
    from .configfile import check_selectors as check

    check(config, known_rules, cli)
