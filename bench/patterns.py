"""The default pack's patterns, rewritten for Python's `re` and PCRE2 (the benchmark's baselines).

copylint's patterns use the `regex` module: named lists (\\L<name>), \\m / \\M word
boundaries and fuzzy matching. The baselines get the same patterns with the named lists
spelled out as alternations (escaped, longest first), \\m / \\M as \\b and the fuzziness
dropped (copylint.literals.to_re_syntax); a pattern that still does not compile for an
engine is skipped and counted.
"""
from __future__ import annotations

import re
import subprocess


def default_patterns() -> tuple[list[str], int]:
    """(every pattern of every rule in the default packs, rewritten; how many rules there are)."""
    from copylint.literals import to_re_syntax  # the benchmark runs inside copylint's venv
    from copylint.rulepack import load_rules

    ruleset = load_rules()
    pats = [to_re_syntax(p.pattern, ruleset.vocab.lists) for rule in ruleset.rules for p in rule.patterns]
    return pats, len(ruleset.rules)


def compiles_with_re(pattern: str) -> bool:
    try:
        re.compile(pattern, re.IGNORECASE)
        return True
    except (re.error, RecursionError, OverflowError):
        return False


def compiles_with_pcre2(pattern: str, rg: str) -> bool:
    """Does ripgrep's PCRE2 engine accept the pattern? (exit 2 means a pattern error)"""
    proc = subprocess.run([rg, "--pcre2", "-i", "-e", pattern, "--", "-"], input=b"", capture_output=True, check=False)
    return proc.returncode in (0, 1)
