"""Word lists that inflect: a reviewer writes a lemma ("regrow", "follicle"), rules match its forms.

A lemma list in `vocabulary.yaml` (`lemmas:`) becomes a named list holding every form of every
lemma, so `\\L<outcome>` in a pattern and `{outcome}` in a frame match "regrows", "regrowing",
"regrew" and "regrown" as well as "regrow". Forms are generated generously (a noun also gets
verb endings and the other way round): a form that English does not have never occurs in copy,
so over-generating costs nothing, while a missing form is a missed claim.
"""
from __future__ import annotations

# Verbs whose past forms do not add -ed (only those that come up in clinic copy, and their compounds).
_IRREGULAR = {
    "grow": ("grew", "grown"), "regrow": ("regrew", "regrown"), "see": ("saw", "seen"),
    "give": ("gave", "given"), "take": ("took", "taken"), "make": ("made",), "do": ("did", "done", "does", "doing"),
    "become": ("became",), "begin": ("began", "begun"), "show": ("shown",), "prove": ("proven",),
    "bring": ("brought",), "keep": ("kept",), "get": ("got", "gotten"), "feel": ("felt",),
    "leave": ("left",), "rebuild": ("rebuilt",), "build": ("built",), "undo": ("undid", "undone"),
    "heal": (), "win": ("won",), "beat": ("beaten",), "fight": ("fought",), "shrink": ("shrank", "shrunk"),
    "thicken": (), "outperform": (), "lead": ("led",), "spend": ("spent",), "go": ("went", "gone", "goes", "going"),
    "rise": ("rose", "risen"), "drive": ("drove", "driven"), "wake": ("woke", "woken"),
    "awake": ("awoke", "awoken"), "reawaken": (), "sell": ("sold",), "tell": ("told",), "say": ("said",),
    "find": ("found",), "think": ("thought",), "hold": ("held",), "stand": ("stood",),
}
_VOWELS = set("aeiou")
# Words that never inflect: modal and function words, and adverbs (-ly).
_FIXED = frozenset("always will can could may must never ever also very much more most less than well so "
                   "not all any some only just".split())


def inflect(lemma: str) -> set[str]:
    """Every form of a lemma: the lemma, plural/3rd person, -ing, past and participle.

    A phrase inflects its first word (a verb phrase: "bring back" -> "brings back") and its
    last word (a noun phrase: "hair follicle" -> "hair follicles")."""
    words = lemma.split()
    if not words:
        return set()
    forms = {lemma}
    for i in {0, len(words) - 1}:
        for form in _word_forms(words[i]):
            forms.add(" ".join(words[:i] + [form] + words[i + 1:]))
    return forms


def _word_forms(word: str) -> set[str]:
    low = word.lower()
    if len(low) < 3 and low in _IRREGULAR:  # "go away" -> "went away", "goes away"
        return {word, *_IRREGULAR[low]}
    if not low.isalpha() or len(low) < 3 or low in _FIXED or low.endswith("ly"):
        return {word}  # acronyms with digits, hyphenated compounds, short words: as written
    forms = {word, *_IRREGULAR.get(low, ())}
    forms.add(_plural(word))
    stem = word[:-1] if low.endswith("e") and not low.endswith(("ee", "ye", "oe")) else word
    if low.endswith("y") and low[-2:-1] not in _VOWELS:
        forms.update({word[:-1] + "ied", word + "ing"})
    elif low.endswith("e"):
        forms.update({stem + "ed", stem + "ing"} if stem != word else {word + "d", word + "ing"})
    else:
        forms.update({word + "ed", word + "ing"})
        if _doubles(low):
            forms.update({word + word[-1] + "ed", word + word[-1] + "ing"})
    return forms


def _plural(word: str) -> str:
    low = word.lower()
    if low.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if low.endswith("y") and low[-2:-1] not in _VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def _doubles(low: str) -> bool:
    """stop -> stopped, but not heal -> healled: one short vowel before a final consonant, one syllable."""
    return (len(low) <= 4 and low[-1] not in _VOWELS | set("wxy") and low[-2] in _VOWELS
            and low[-3] not in _VOWELS)


def plurals(noun: str) -> set[str]:
    """A noun (phrase) and its plural: the last word takes the plural ("hair follicle" -> "hair follicles")."""
    words = noun.split()
    if not words:
        return set()
    last = words[-1]
    low = last.lower()
    head, _, tail = last.rpartition("-")
    if head and tail.isalpha() and tail.islower() and len(tail) >= 2 and not tail.endswith(("ed", "s")):
        return {noun, " ".join(words[:-1] + [f"{head}-{_plural(tail)}"])}  # "flare-up" -> "flare-ups"
    if not low.isalpha() or len(low) < 3 or low in _FIXED or low.endswith("ly"):
        return {noun}
    if low.endswith("s") and not low.endswith(("ss", "us")):
        return {noun}  # already a plural ("chambers", not "chamberses") or a "-sis" noun ("psoriasis")
    return {noun, " ".join(words[:-1] + [_plural(last)])}


def expand(lemmas: list[str], nouns: bool = False) -> list[str]:
    """The named list for a lemma (or, with `nouns`, a noun) list: every form, no duplicates."""
    out: set[str] = set()
    for lemma in lemmas:
        out |= plurals(lemma) if nouns else inflect(lemma)
    return sorted(out, key=str.lower)
