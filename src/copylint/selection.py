"""Which rules run on one file: computed once per file from its config (select, ignore, per-file-ignores)."""
from __future__ import annotations

from collections.abc import Iterable

from .config import Config, rule_enabled


def enabled_rules(config: Config, path: str | None, rule_ids: Iterable[str]) -> frozenset[str]:
    """The ids among `rule_ids` that the config enables for the file at `path`."""
    return frozenset(rid for rid in rule_ids if rule_enabled(rid, config, path))
