"""Claim frames: a rule names the parts of a claim, vocabularies fill them, copylint builds the regex.

A frame is a line of slots and words, in the order the claim is written:

    "{certainty}? {outcome} {hair_object}"      # "will regrow hair", "restores thinning hair"
    "{hair_object} {be} {certainty}? {outcome}"    # passive: "hair is fully restored"
    "{outcome_noun} of {hair_object}"               # nominal: "regrowth of lost hair"

`{name}` is filled by the named list `name` (a lemma list inflects: "regrow" also matches
"regrows", "regrew", "regrown"); `{a|b}` takes either list; a trailing `?` makes an item
optional; a bare word must appear as written (`than`, `of`). Between two items up to `gap`
other words may stand (a rule's `gap:`, default 2; a `+` before an item glues it to the one
before, with no words between: `{number} +{time_unit}`), but never punctuation, so a frame stays
inside one clause. `{number}` is built in: a figure, a range or a number word ("3",
"2-4", "two to three", "a few"). The compiled pattern names each slot's group, so `--explain` and `copylint
explain` can say which list words made the claim; the prefilter words come from the frame's
own slots, never from a hand-kept list.
"""
from __future__ import annotations

import regex

from .errors import RuleError
from .lazyregex import lazy

DEFAULT_GAP = 2
MAX_GAP = 8
_ITEM = lazy(r"(?P<glue>\+)?(?:\{(?P<lists>[A-Za-z_][\w|]*)\}(?P<opt>\?)?|(?P<word>[^\s{}?+]+)(?P<wopt>\?)?)")
_SEP = r"[\s-]+"
# Built-in slots that no word list can spell: amounts and ranges ("3", "2-4", "two to three", "a few").
_NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|a couple of|a couple|"
                 "several|a|an|few|the first|the second|the third|the sixth")
BUILTIN = {
    "number": rf"(?:\d+(?:[.,]\d+)?|{_NUMBER_WORDS})(?:\s*(?:-|–|to|or)\s*(?:\d+(?:[.,]\d+)?|{_NUMBER_WORDS}))?",
}


def parse(frame: str, where: str) -> list[tuple[str, tuple[str, ...], bool, bool]]:
    """[(kind, names or word, optional, glued)]: kind is 'slot' (names = list names) or 'word';
    glued items follow the one before with no words between."""
    items = []
    pos = 0
    text = frame.strip()
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        m = _ITEM.match(text, pos)
        if not m:
            raise RuleError(f"{where}: cannot read frame {frame!r} at {text[pos:pos + 12]!r}")
        if m.group("lists"):
            items.append(("slot", tuple(m.group("lists").split("|")), bool(m.group("opt")), bool(m.group("glue"))))
        else:
            items.append(("word", (m.group("word"),), bool(m.group("wopt")), bool(m.group("glue"))))
        pos = m.end()
    if not any(kind == "slot" and not opt for kind, _, opt, _ in items):
        raise RuleError(f"{where}: frame {frame!r} needs at least one slot that is not optional")
    return items


def slot_group(index: int, names: tuple[str, ...]) -> str:
    """The regex group name of a slot: its position and its lists ('s1_outcome')."""
    return f"s{index}_{'__'.join(names)}"


def slot_of_group(group: str) -> str:
    """The frame slot a group name stands for ('s1_outcome' -> '{outcome}')."""
    return "{" + group.split("_", 1)[1].replace("__", "|") + "}"


def compile_frame(frame: str, where: str, lists: dict, gap: int = DEFAULT_GAP) -> str:
    """The regex (regex-module syntax, named lists) for one frame."""
    items = parse(frame, where)
    for kind, names, _, _ in items:
        for name in names if kind == "slot" else ():
            if name not in lists and name not in BUILTIN:
                raise RuleError(f"{where}: frame {frame!r}: unknown list '{name}' (define it in vocabulary.yaml)")
    between = _SEP if gap == 0 else rf"(?:{_SEP}[\w'%]+){{0,{gap}}}?{_SEP}"
    first = next(i for i, (_, _, optional, _) in enumerate(items) if not optional)
    parts: list[str] = []
    for i, (kind, names, optional, glued) in enumerate(items):
        gap_before = _SEP if glued else between
        gap_after = _SEP if i + 1 < len(items) and items[i + 1][3] else between
        if kind == "slot":
            body = _slot_body(names, lists)
            atom = rf"(?P<{slot_group(i, names)}>\m(?:{body})(?!\w))"  # (?!\w): "NAD+", "100%" end in no word
        else:
            atom = rf"\m{regex.escape(names[0])}\M"
        if i < first:  # a leading optional item brings the gap after it
            parts.append(f"(?:{atom}{gap_after})?")
        elif i == first:
            parts.append(atom)
        else:  # the gap before an item belongs to it, so an optional item takes its gap along
            parts.append(f"(?:{gap_before}{atom})?" if optional else f"{gap_before}{atom}")
    return "".join(parts)


def _slot_body(names: tuple[str, ...], lists: dict) -> str:
    """A slot's alternatives. One list is a named list; several are merged, longest entry first, so
    that the regex, like the word matcher, takes the longest entry of any of them ("knee
    replacement surgery" over "knee replacement")."""
    if len(names) == 1 or any(n not in lists for n in names):
        return "|".join(BUILTIN[n] if n in BUILTIN and n not in lists else rf"\L<{n}>" for n in names)
    entries = {e for n in names for e in lists[n]}
    return "|".join(regex.escape(e) for e in sorted(entries, key=lambda e: (-len(e), e)))


def required_word_sets(items, lists: dict) -> tuple[frozenset[str], ...]:
    """For parsed frame items: the words of each required slot or word (figures have none), the
    smallest first. Every match of the frame holds a word of each set."""
    sets = []
    for kind, names, optional, _ in items:
        if optional or (kind == "slot" and any(n in BUILTIN and n not in lists for n in names)):
            continue
        words = names if kind == "word" else [w for n in names for w in lists.get(n, ())]
        sets.append(frozenset(w.casefold() for w in words))
    return tuple(sorted(sets, key=len))


def trigger_words(frame: str, where: str, lists: dict) -> tuple[str, ...]:
    """Words one of which every match of the frame contains: the smallest required slot or word."""
    sets = required_word_sets(parse(frame, where), lists)
    return tuple(sorted(sets[0])) if sets else ()
