r"""Required literals of a rule pattern: sets of strings, every match contains one of each set.

`\m(?:FDA|EMA)[\s-]*approved` needs one of {fda, ema} and needs 'approved'. The engine runs a
pattern on a block only when the block (case-folded) holds a string of each of its sets,
found by the same trie search as the rules' triggers. The sets are derived from the pattern
itself, so skipping a block never loses a match. A pattern the analysis cannot read (fuzzy
matching, regex-module-only syntax) gets no sets and always runs.
"""
from __future__ import annotations

import re

try:  # the parser behind `re.compile`; private, so any surprise means "no literals"
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - older or newer Pythons
    _sre = _sre_parse = None

_FUZZY = re.compile(r"\{(?=[^{}]*[eisd]\s*<)[^{}]*\}")  # {e<=1}, {i<=1,d<=1}, {e<=2:[a-z]}
_REGEX_ONLY_FLAGS = re.compile(r"\(\?(?:[bepr]|V[01])\)")  # best match, enhance, posix, reverse, version
MAX_LITERALS = 5000  # a wider set (a long named list) still filters: the scan costs the same for any number of words
MAX_SETS = 4
MIN_LENGTH = 3
_CHANCE = (1.0, 1.0, 0.9, 0.4, 0.15, 0.06, 0.03, 0.015)  # by string length; 7+ characters are rare


def to_re_syntax(pattern: str, lists: dict[str, list[str]], placeholders: bool = False) -> str:
    """Rewrite a regex-module pattern for `re` / PCRE2: named lists spelled out, \\m \\M as \\b, no fuzziness.

    With `placeholders`, a named list becomes one placeholder literal instead (required_literals
    expands it afterwards: spelling out a list of hundreds of words costs more to parse)."""
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
            name = pattern[i + 3:end]
            words = sorted(lists.get(name, []), key=lambda w: (-len(w), w))
            if placeholders and words:
                out.append("(?:" + re.escape(_placeholder(name, lists)) + ")")
            else:
                out.append("(?:" + "|".join(re.escape(w) for w in words) + ")" if words else "(?!)")
            i = end + 1
        else:
            out.append(pattern[i:i + 2])
            i += 2
    return _REGEX_ONLY_FLAGS.sub("", _FUZZY.sub("", "".join(out)))


def literals_of(pattern, lists: dict[str, list[str]]) -> tuple[frozenset[str], ...] | None:
    """A compiled rule pattern's literal sets: its own (a frame knows its words), else derived."""
    own = getattr(pattern, "literal_sets", None)
    if own is not None:
        return own or None
    return required_literals(pattern.pattern, lists)


def required_literals(pattern: str, lists: dict[str, list[str]]) -> tuple[frozenset[str], ...] | None:
    """Sets of case-folded strings; every match of `pattern` contains one string of each set.

    None when nothing is known. At most MAX_SETS sets, the most selective ones.
    """
    if _FUZZY.search(pattern):
        pattern = _without_fuzzy(pattern)
    if _sre_parse is None or pattern is None or _REGEX_ONLY_FLAGS.search(pattern):
        return None
    try:
        tree = _sre_parse.parse(to_re_syntax(pattern, lists, placeholders=True), re.IGNORECASE)
        found = _sequence(tree)
    except Exception:  # noqa: BLE001 - syntax only the regex module knows, deep nesting, ...
        return None
    found = [f for f in (_expand_lists(f, lists) for f in found) if f and "" not in f and len(f) <= MAX_LITERALS]
    if not found:
        return None
    found.sort(key=_cost)
    # Each set narrows the blocks a pattern runs on, but its strings join the one search every
    # block gets: a set with a string shorter than MIN_LENGTH ('in', 'of') occurs everywhere and
    # is kept only if it is all there is.
    useful = [f for f in found if min(len(w) if any(c.isalnum() for c in w) else MIN_LENGTH for w in f) >= MIN_LENGTH]
    return tuple(frozenset(f) for f in (useful or found[:1])[:MAX_SETS])


_MARK = 0xE000  # placeholders are private-use characters, one per list name


def _placeholder(name: str, lists: dict) -> str:
    """Two characters standing for a named list. Each list gets its own first character, so the
    parser finds no common prefix to factor out of an alternation of lists (`\\L<a>|\\L<b>`),
    and a second one, so that it does not make such an alternation a character class."""
    return chr(_MARK + sorted(lists).index(name)) + "\x01"


def _expand_lists(lits: set[str], lists: dict[str, list[str]]) -> set[str] | None:
    """A literal set with each named-list placeholder replaced by the list's words; None when a
    placeholder is joined to other characters (then the set says nothing usable)."""
    names = sorted(lists)
    end = _MARK + len(names)

    def marked(lit: str) -> bool:
        return any(_MARK <= ord(c) < end for c in lit)

    if not any(marked(lit) for lit in lits):
        return lits
    out: set[str] = set()
    for lit in lits:
        if not marked(lit):
            out.add(lit)
        elif len(lit) == 2 and lit[1] == "\x01":
            out |= {w.casefold() for w in lists[names[ord(lit[0]) - _MARK]]}
        else:
            return None
    return out


def _without_fuzzy(pattern: str) -> str | None:
    """The pattern with each fuzzy item (`(?:approved){e<=1}`) replaced by 'anything': the literals
    the rest of the pattern requires are still required by every match."""
    while True:
        m = _FUZZY.search(pattern)
        if not m:
            return pattern
        end, start = m.start(), m.start() - 1
        if start < 0:
            return None
        if pattern[start] == ")":
            depth = 0
            for i in range(start, -1, -1):
                if pattern[i] == ")" and (i == 0 or pattern[i - 1] != "\\"):
                    depth += 1
                elif pattern[i] == "(" and (i == 0 or pattern[i - 1] != "\\"):
                    depth -= 1
                    if depth == 0:
                        start = i
                        break
            else:
                return None
        pattern = pattern[:start] + "(?:[\\s\\S]*?)" + pattern[m.end():]
        if end < start:
            return None


def _cost(lits: set[str]) -> float:
    """Rough chance that a block of copy contains one of the strings (lower is more selective)."""
    return min(1.0, sum(_chance(s) for s in lits))


# Words in nearly every block of copy, whatever their length: they select nothing.
_COMMON = frozenset("for the and with that this are was has have you your our not but can all any more "
                    "men get help just than over from into its they their them will also been were "
                    "what when who how about each most some such very".split())


def _chance(lit: str) -> float:
    if lit.strip() in _COMMON:
        return 1.0
    if not any(c.isalnum() for c in lit):  # '%', '#': rare in copy however short
        return 0.05
    return _CHANCE[min(len(lit), len(_CHANCE) - 1)]



def _sequence(items) -> list[set[str]]:
    """Necessary literal sets of a sequence of parsed items: a match satisfies all of them."""
    sets: list[set[str]] = []
    run: list[str] = []

    def end_run() -> None:
        if run:
            sets.append({"".join(run)})
            run.clear()

    for op, av in items:
        if op is _sre.LITERAL:
            run.append(chr(av).casefold())
        elif op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue  # zero width: the characters on either side are still adjacent
        else:
            if op is _sre.BRANCH and run:
                # the parser factors a shared first letter out of an alternation ("F(?:DA|ood)"):
                # joined back, each alternative's words are far more selective than the letter
                heads = [_head(branch) for branch in av[1]]
                if all(heads):
                    sets.append({"".join(run) + h for h in heads})
            end_run()
            sets.extend(_item(op, av))
    end_run()
    return sets


def _head(branch) -> str:
    """The literal characters an alternative starts with ('' if none)."""
    out = []
    for op, av in branch:
        if op is not _sre.LITERAL:
            break
        out.append(chr(av).casefold())
    return "".join(out)


def _item(op, av) -> list[set[str]]:
    if op is _sre.SUBPATTERN:
        return _sequence(av[-1])
    if op is getattr(_sre, "ATOMIC_GROUP", None):
        return _sequence(av)
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)):
        low, _high, body = av
        return _sequence(body) if low >= 1 else []
    if op is _sre.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            sets = _sequence(branch)
            if not sets:
                return []  # a branch without a required literal: the alternation requires none
            out |= min(sets, key=_cost)
        return [out]
    return []  # character classes, any, categories, back references: no literal
