"""copylint: a compliance linter for clinic marketing copy."""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["lint_text", "lint_file", "lint_paths", "Finding", "Config", "__version__"]


def __getattr__(name: str):
    # Lazy: `copylint --help` and small runs should not pay for imports they do not use.
    if name in ("lint_text", "lint_file", "lint_paths"):
        from . import api

        return getattr(api, name)
    if name == "Finding":
        from .findings import Finding

        return Finding
    if name == "Config":
        from .config import Config

        return Config
    raise AttributeError(name)
