"""`copylint check --show-settings`: the configuration one file is linted with, as copylint resolved it (as ruff's).

The output is YAML in the config file's own keys, so it can be read, diffed, validated against the schema or
copied into a `.copylint.yaml`; the file it came from and the rules enabled for the file are comments.
"""

from __future__ import annotations

import yaml

from . import config as config_module
from . import configfile

MAPPINGS = ("severity", "per-file-ignores", "vocabulary", "disclaimers")  # kept as (name, value) pairs


def settings_data(config) -> dict:
    """Every config key (in the file's spelling) with the value the run uses."""
    out = {}
    for key, (field, _) in configfile._KEYS.items():
        value = _plain(getattr(config, field))
        out[key] = (value or {}) if key in MAPPINGS else value
    return out


def _plain(value):
    """Config's tuples as YAML lists, and its (name, value) pairs as mappings."""
    if isinstance(value, tuple):
        if value and all(isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], str) for v in value):
            return {name: _plain(v) for name, v in value}
        return [_plain(v) for v in value]
    return value


def show_settings(path: str, config, rule_ids) -> str:
    """The settings text for `path`: where they come from, every key, then the rules enabled for this file."""
    enabled = sorted(rid for rid in rule_ids if config_module.rule_enabled(rid, config, path))
    body = yaml.safe_dump(settings_data(config), sort_keys=False, allow_unicode=True, width=100,
                          default_flow_style=None)
    lines = [
        f"# Settings for {path}",
        f"# Config file: {config.source or '(none: the built-in defaults)'}",
        body.rstrip("\n"),
        f"# Rules enabled for this file ({len(enabled)}):",
        *(f"#   {rid}" for rid in enabled),
    ]
    return "\n".join(lines) + "\n"
