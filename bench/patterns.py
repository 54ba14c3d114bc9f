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


def pcre2_groups(patterns: list[str], rg: str) -> list[list[str]]:
    """The patterns in as few consecutive groups as ripgrep's PCRE2 accepts in one `-f` file.

    rg joins a pattern file into one alternation, and PCRE2 limits the size of one compiled
    program: the default pack no longer fits in one. Each group is a separate rg pass over the
    files (its wall times add up), as a user of rg would have to run it.
    """
    import os
    import tempfile

    def fits(group: list[str]) -> bool:
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
            fh.write("\n".join(group) + "\n")
        try:
            proc = subprocess.run([rg, "--pcre2", "-i", "-f", fh.name, "--", "-"], input=b"",
                                  capture_output=True, check=False)
            return proc.returncode in (0, 1)
        finally:
            os.unlink(fh.name)

    groups: list[list[str]] = []
    todo = list(patterns)
    while todo:
        lo, hi = 1, len(todo)  # the longest prefix of todo that fits (a single pattern always does)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if fits(todo[:mid]):
                lo = mid
            else:
                hi = mid - 1
        groups.append(todo[:lo])
        todo = todo[lo:]
    return groups
