"""Required literals of a rule pattern: strings at least one of which every match contains.

The engine runs a pattern on a block only when the block (case-folded) contains one of the
pattern's required literals, found by the same trie search as the rules' triggers. This is
a necessary condition derived from the pattern itself, so skipping a block never loses a
match. A pattern the analysis cannot read (fuzzy matching, regex-module-only syntax) gets
no literals and always runs.
"""
from __future__ import annotations

import math
import re

try:  # the parser behind `re.compile`; private, so any surprise means "no literals"
    from re import _constants as _sre, _parser as _sre_parse
except ImportError:  # pragma: no cover - older or newer Pythons
    _sre = _sre_parse = None

_FUZZY = re.compile(r"\{(?=[^{}]*[eisd]\s*<)[^{}]*\}")  # {e<=1}, {i<=1,d<=1}, {e<=2:[a-z]}
_REGEX_ONLY_FLAGS = re.compile(r"\(\?(?:[bepr]|V[01])\)")  # best match, enhance, posix, reverse, version
MAX_LITERALS = 200  # a wider alternation filters too little to be worth checking


def to_re_syntax(pattern: str, lists: dict[str, list[str]]) -> str:
    """Rewrite a regex-module pattern for `re` / PCRE2: named lists spelled out, \\m \\M as \\b, no fuzziness."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        nxt = pattern[i + 1]
        if nxt in "mM":
            out.append(r"\b")
            i += 2
        elif nxt == "L" and pattern.startswith("<", i + 2) and ">" in pattern[i + 3:]:
            end = pattern.index(">", i + 3)
            words = sorted(lists.get(pattern[i + 3:end], []), key=lambda w: (-len(w), w))
            out.append("(?:" + "|".join(re.escape(w) for w in words) + ")" if words else "(?!)")
            i = end + 1
        else:
            out.append(pattern[i:i + 2])
            i += 2
    return _REGEX_ONLY_FLAGS.sub("", _FUZZY.sub("", "".join(out)))


def required_literals(pattern: str, lists: dict[str, list[str]]) -> frozenset[str] | None:
    """Case-folded strings one of which every match of `pattern` contains, or None if unknown."""
    if _sre_parse is None or _FUZZY.search(pattern) or _REGEX_ONLY_FLAGS.search(pattern):
        return None
    try:
        tree = _sre_parse.parse(to_re_syntax(pattern, lists), re.IGNORECASE)
        found = _sequence(tree)
    except Exception:  # noqa: BLE001 - syntax only the regex module knows, deep nesting, ...
        return None
    if not found or "" in found or len(found) > MAX_LITERALS:
        return None
    return frozenset(found)


def _score(lits: set[str]) -> float:
    """Higher is more selective: long strings, few alternatives."""
    return min(len(s) for s in lits) - math.log2(len(lits))


def _sequence(items) -> set[str] | None:
    """Best necessary literal set of a sequence of parsed items (None: no constraint found)."""
    best: set[str] | None = None
    run: list[str] = []

    def offer(cands: set[str] | None) -> None:
        nonlocal best
        if cands and (best is None or _score(cands) > _score(best)):
            best = cands

    def end_run() -> None:
        if run:
            offer({"".join(run)})
            run.clear()

    for op, av in items:
        if op is _sre.LITERAL:
            run.append(chr(av).casefold())
        elif op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue  # zero width: the characters on either side are still adjacent
        else:
            end_run()
            offer(_item(op, av))
    end_run()
    return best


def _item(op, av) -> set[str] | None:
    if op is _sre.SUBPATTERN:
        return _sequence(av[-1])
    if op is getattr(_sre, "ATOMIC_GROUP", None):
        return _sequence(av)
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)):
        low, _high, body = av
        return _sequence(body) if low >= 1 else None
    if op is _sre.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            lits = _sequence(branch)
            if not lits:
                return None  # a branch without a required literal: the alternation requires none
            out |= lits
        return out
    return None  # character classes, any, categories, back references: no literal
