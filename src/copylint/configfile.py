"""Reading and validating one config file strictly: every error names the file, line and key."""
from __future__ import annotations

import os

from .config import LEVELS, Config, did_you_mean, rule_matches
from .errors import ConfigError

# ---------------------------------------------------------------- reading and validating a config file

class _Context:
    """Where a config file's values come from, for error messages that name file, line and key."""

    def __init__(self, path: str, lines: dict[str, int], default_line: int = 1, nested: dict | None = None):
        self.path = path
        self.base = os.path.dirname(path)
        self.lines = lines
        self.default_line = default_line
        self.nested = nested or {}  # id(mapping) -> {key: line}, for errors inside a mapping value

    def error(self, key: str, problem: str, within: dict | None = None, sub: object = None) -> ConfigError:
        line = self.lines.get(key, self.default_line)
        if within is not None:
            line = self.nested.get(id(within), {}).get(sub, line)
        return ConfigError(f"{self.path}:{line}: key '{key}': {problem}")


def load_config(path: str) -> Config:
    """Read and validate one config file (.copylint.yaml/.yml or pyproject.toml)."""
    if not os.path.isfile(path):
        raise ConfigError(f"{path}: config file not found")
    if os.path.basename(path).endswith(".toml"):
        data, ctx = _read_toml(path)
    else:
        data, ctx = _read_yaml(path)
    return _build(data, ctx)


def _read_text(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: config is not valid UTF-8") from None


def _read_yaml(path: str) -> tuple[dict, _Context]:
    import yaml

    from . import yamlsafe

    class LineLoader(yaml.SafeLoader):
        """Safe loading that remembers the line of each top-level key and rejects duplicate keys."""

    def mapping(loader, node):
        data: dict = {}
        yield data
        lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if isinstance(key, str) and key in lines:
                raise ConfigError(f"{path}:{key_node.start_mark.line + 1}: key '{key}': duplicate key")
            if isinstance(key, str):
                lines[key] = key_node.start_mark.line + 1
            data[key] = loader.construct_object(value_node, deep=True)
        loader.key_lines[id(data)] = lines
        if node is loader.root:
            loader.top_lines = lines

    LineLoader.add_constructor("tag:yaml.org,2002:map", mapping)
    text = _read_text(path)
    try:
        loader = LineLoader(text)
    except yaml.YAMLError as exc:  # e.g. control characters, found while reading the stream
        raise ConfigError(f"{path}: invalid YAML: {getattr(exc, 'problem', None) or exc}") from None
    loader.key_lines, loader.top_lines = {}, {}
    try:
        yamlsafe.check_depth(LineLoader(text))  # the shared bounds: nesting, aliases, keys
        loader.root = loader.get_single_node()
        yamlsafe.check_node(loader.root)
        data = loader.construct_document(loader.root) if loader.root is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{where}: invalid YAML: {getattr(exc, 'problem', None) or exc}") from None
    except yamlsafe.SafeYAMLError as exc:
        raise ConfigError(f"{path}:{exc.line}: {exc.problem}") from None
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: the config must be a mapping of keys to values")
    return data, _Context(path, loader.top_lines, nested=loader.key_lines)


def _read_toml(path: str) -> tuple[dict, _Context]:
    import tomllib

    text = _read_text(path)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    table = doc.get("tool", {}).get("copylint") if isinstance(doc.get("tool"), dict) else None
    if table is None:
        raise ConfigError(f"{path}: no [tool.copylint] table")
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.copylint] must be a table")
    lines, header = _toml_key_lines(text)
    return table, _Context(path, lines, header)


def _toml_key_lines(text: str) -> tuple[dict[str, int], int]:
    """Best-effort line of each key in [tool.copylint] (tomllib keeps no positions)."""
    import re

    lines: dict[str, int] = {}
    header, inside = 1, False
    for number, line in enumerate(text.splitlines(), 1):
        table = re.match(r"\s*\[\s*tool\.copylint(?:\.\"?([\w-]+)\"?)?\s*\]", line)
        if table:
            inside = True
            if table.group(1):
                lines.setdefault(table.group(1), number)
            else:
                header = number
            continue
        if re.match(r"\s*\[", line):
            inside = False
            continue
        key = re.match(r"\s*\"?([\w-]+)\"?\s*=", line)
        if inside and key:
            lines.setdefault(key.group(1), number)
    return lines, header


def _build(data: dict, ctx: _Context) -> Config:
    changes: dict = {"source": ctx.path, "root": os.path.dirname(os.path.abspath(ctx.path))}
    for raw_key, value in data.items():
        key = str(raw_key).replace("_", "-")
        if raw_key != key and str(raw_key) in ctx.lines:
            ctx.lines.setdefault(key, ctx.lines[str(raw_key)])
        if key not in _KEYS:
            raise ctx.error(str(raw_key),
                            f"unknown key{did_you_mean(key, _KEYS)} (expected one of: {', '.join(_KEYS)})")
        field, convert = _KEYS[key]
        changes[field] = convert(value, key, ctx)
    if "vocabulary" in changes:
        _check_list_names(changes["vocabulary"], changes.get("rules_dirs", ()), ctx)
    return Config(**changes)


def _type_name(value) -> str:
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list",
            dict: "a mapping", type(None): "nothing"}.get(type(value), type(value).__name__)


def _strings(value, key: str, ctx: _Context, within: dict | None = None, sub=None) -> tuple[str, ...]:
    if value is None:  # `key:` with nothing after it: an empty list
        return ()
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(v.strip() for v in value)
    got = value
    if isinstance(value, list):
        got = next(v for v in value if not isinstance(v, str) or not v.strip())
    what = f"'{sub}' " if within is not None else ""
    problem = f"{what}must be a list of non-empty strings (got {_type_name(got)}{_shown(got)})"
    raise ctx.error(key, problem, within, sub)


def _shown(value) -> str:
    return f" {value!r}" if isinstance(value, (str, int, float, bool)) else ""


def _mapping(value, key: str, ctx: _Context) -> dict:
    if value is None:  # `key:` with nothing after it: an empty mapping
        return {}
    if not isinstance(value, dict):
        raise ctx.error(key, f"must be a mapping (got {_type_name(value)})")
    return value


def _selectors(value, key: str, ctx: _Context, within: dict | None = None, sub=None) -> tuple[str, ...]:
    import re

    items = _strings(value, key, ctx, within, sub)
    for item in items:
        if not re.fullmatch(r"[A-Za-z0-9_.-]+", item):
            raise ctx.error(key, f"'{item}' is not a rule id, rule name or pack prefix", within, sub)
    return items


def _level(value, key: str, ctx: _Context) -> str:
    if value not in LEVELS:
        raise ctx.error(key, f"must be one of {', '.join(LEVELS)} (got {_type_name(value)}{_shown(value)})")
    return value


def _severity(value, key: str, ctx: _Context) -> tuple[tuple[str, str], ...]:
    out = []
    for sel, level in _mapping(value, key, ctx).items():
        if level not in LEVELS:
            problem = f"'{sel}' must be one of {', '.join(LEVELS)} (got {_type_name(level)}{_shown(level)})"
            raise ctx.error(key, problem, value, sel)
        out.append((_selectors([sel], key, ctx)[0], level))
    return tuple(out)


def _per_file(value, key: str, ctx: _Context) -> tuple[tuple[str, tuple[str, ...]], ...]:
    out = []
    for glob, rules in _mapping(value, key, ctx).items():
        out.append((str(glob), _selectors(rules, key, ctx, value, glob)))
    return tuple(out)


def _rules_dirs(value, key: str, ctx: _Context) -> tuple[str, ...]:
    out = []
    for folder in _strings(value, key, ctx):
        full = os.path.normpath(os.path.join(ctx.base, os.path.expanduser(folder)))
        if not os.path.isdir(full):
            raise ctx.error(key, f"rule folder '{folder}' not found (paths are relative to {ctx.path})")
        out.append(full)
    return tuple(out)


def _boolean(value, key: str, ctx: _Context) -> bool:
    if not isinstance(value, bool):
        raise ctx.error(key, f"must be true or false (got {_type_name(value)}{_shown(value)})")
    return value


def _fail_on(value, key: str, ctx: _Context) -> str:
    return _level(value, key, ctx)


def _named_lists(value, key: str, ctx: _Context,
                 allowed: tuple[str, ...] = ()) -> tuple[tuple[str, tuple[str, ...]], ...]:
    out = []
    for name, entries in _mapping(value, key, ctx).items():
        if allowed and name not in allowed:
            raise ctx.error(key, f"unknown kind '{name}'{did_you_mean(str(name), allowed)} "
                                 f"(expected one of: {', '.join(allowed)})", value, name)
        out.append((str(name), _strings(entries, key, ctx, value, name)))
    return tuple(out)


def _disclaimers(value, key: str, ctx: _Context) -> tuple[tuple[str, tuple[str, ...]], ...]:
    from .findings import DISCLAIMER_KINDS

    return _named_lists(value, key, ctx, DISCLAIMER_KINDS)


def _check_list_names(vocabulary, rules_dirs, ctx: _Context) -> None:
    """A vocabulary key must name a list the rule packs use: a typo would otherwise change nothing."""
    from pathlib import Path

    from .api import _check_rule_files
    from .rulepack import default_rules_dir, pack_files, read_yaml

    _check_rule_files(tuple(rules_dirs))
    known: set[str] = set()
    vocab_files, _ = pack_files([default_rules_dir()] + [Path(d) for d in rules_dirs])
    for vf in vocab_files:
        data = read_yaml(vf)
        for key in ("lists", "nouns", "lemmas"):  # nouns and lemmas inflect, but are named lists all the same
            if isinstance(data, dict) and isinstance(data.get(key), dict):
                known.update(data[key])
    for name, _ in vocabulary:
        if known and name not in known:
            raise ctx.error("vocabulary", f"unknown list '{name}'{did_you_mean(name, known)} "
                                          f"(known lists: {', '.join(sorted(known))})")


_KEYS = {
    "rules": ("rules_dirs", _rules_dirs),
    "select": ("select", _selectors),
    "ignore": ("ignore", _selectors),
    "extend-select": ("extend_select", _selectors),
    "extend-ignore": ("extend_ignore", _selectors),
    "severity": ("severity", _severity),
    "per-file-ignores": ("per_file_ignores", _per_file),
    "include": ("include", _strings),
    "exclude": ("exclude", _strings),
    "front-matter-keys": ("front_matter_keys", _strings),
    "fail-on": ("fail_on", _fail_on),
    "respect-gitignore": ("respect_gitignore", _boolean),
    "vocabulary": ("vocabulary", _named_lists),
    "disclaimers": ("disclaimers", _disclaimers),
}


# ---------------------------------------------------------------- selectors must name rules

def check_selectors(config: Config, known_rules, cli: dict[str, tuple[str, ...]] | None = None) -> None:
    """A selector that names no rule is an error: `select: [safty]` would otherwise silently run nothing."""
    known = tuple(known_rules)
    names = {part for rid in known for part in (rid, *rid.split(".", 1))}
    file_keys = {
        "select": config.select, "ignore": config.ignore,
        "extend-select": config.extend_select, "extend-ignore": config.extend_ignore,
        "severity": tuple(sel for sel, _ in config.severity),
        "per-file-ignores": tuple(r for _, rules in config.per_file_ignores for r in rules),
    }
    for key, selectors in file_keys.items():
        for sel in selectors:
            if not any(rule_matches(rid, (sel,)) for rid in known):
                line = _line_of(config.source, key, sel) if config.source else 0
                raise ConfigError(f"{config.source}:{line}: key '{key}': {_no_rule(sel, names)}")
    for option, selectors in (cli or {}).items():
        for sel in selectors:
            if not any(rule_matches(rid, (sel,)) for rid in known):
                raise ConfigError(f"{option}: {_no_rule(sel, names)}")


def _no_rule(selector: str, names) -> str:
    return f"'{selector}' matches no rule{did_you_mean(selector, names)} (see 'copylint rules')"


def _line_of(path: str, key: str, word: str) -> int:
    """Best-effort line of `word` at or after the line that holds `key` (for messages only)."""
    import re

    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    start = next((i for i, line in enumerate(lines) if key in line or key.replace("-", "_") in line), 0)
    token = re.compile(rf"(?<![\w.-]){re.escape(word)}(?![\w.-])")
    return next((i + 1 for i in range(start, len(lines)) if token.search(lines[i])), start + 1)
