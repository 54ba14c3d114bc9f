"""Module-level patterns compiled on first use answer exactly as the compiled pattern does."""
from __future__ import annotations

import regex

from copylint import programs
from copylint.lazyregex import LazyRegex, lazy

TEXT = "F.D.A. cleared it; the U.S. label says so. Results vary -- see notes.\r\nNext line"


def test_a_lazy_pattern_answers_as_the_compiled_one():
    for pattern, flags, lists in [(r"(?<![\w.])(?:[A-Za-z]\.){2,}", 0, {}), (r"(?P<w>\w+)\s+(?P<v>says|vary)", regex.I, {}),
                                  (r"\r\n?|\n", 0, {}), (r"\m\L<words>\M", regex.I, {"words": ["label", "notes"]})]:
        compiled = programs.compile(pattern, flags, **lists)
        late = lazy(pattern, flags, **lists)
        assert [m.span() for m in late.finditer(TEXT)] == [m.span() for m in compiled.finditer(TEXT)]
        for pos, end in ((0, len(TEXT)), (5, 40), (30, 75)):
            found, expected = late.search(TEXT, pos, end), compiled.search(TEXT, pos, end)
            assert (found and found.span()) == (expected and expected.span())
        assert late.sub("_", TEXT) == compiled.sub("_", TEXT) and late.split(TEXT) == compiled.split(TEXT)
        assert (late.flags, late.groups, late.groupindex, late.pattern) == (
            compiled.flags, compiled.groups, compiled.groupindex, compiled.pattern)


def test_it_compiles_on_first_use_only_and_then_calls_the_compiled_methods():
    late = LazyRegex(r"\bclinic\b", regex.I)
    assert "search" not in vars(late)  # nothing compiled yet: importing a module that holds it costs nothing
    assert late.search("Our Clinic").span() == (4, 10)
    assert isinstance(late.search.__self__, regex.Pattern)  # the compiled pattern's own method, no wrapper
    assert getattr(late, "no_such_attribute", None) is None  # AttributeError, as on a compiled pattern
