"""Errors that stop a run with exit status 2 (usage, config, rule pack problems)."""
from __future__ import annotations


class CopylintError(Exception):
    """A problem the user must fix before copylint can run; shown as one line, exit 2."""

    exit_code = 2


class ConfigError(CopylintError):
    """Invalid configuration file or option."""


class RuleError(CopylintError):
    """Invalid rule pack or vocabulary."""


class SourceError(Exception):
    """A single input file cannot be linted (unreadable, binary, bad encoding); the run goes on."""

    def __init__(self, path: str, message: str, *, skipped: bool = False):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message
        self.skipped = skipped  # a notice (binary file) rather than an error
