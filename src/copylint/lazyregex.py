"""Module-level patterns compiled on their first use: importing a module compiles none of them.

A run over one draft imports every module of the pipeline but uses only some of their ~70
module-level patterns (TOML front matter, inline directives, look-alike letters and dotted
abbreviations are rare), and building each from the program cache still costs ~30 µs. `lazy(...)`
takes `programs.compile`'s arguments; on its first use it compiles the pattern and takes the
compiled pattern's methods and attributes as its own, so that every later call costs what a call
on the compiled pattern does. Only for constant patterns known to compile (the test suite uses
every one): an error would surface at first use, not at import.
"""
from __future__ import annotations

from . import programs

_TAKEN = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner", "flags",
          "groups", "groupindex")


class LazyRegex:
    """A pattern compiled (through the program cache) when one of its methods is first asked for."""

    def __init__(self, pattern: str, flags: int = 0, **lists):
        self.pattern = pattern
        self._flags = flags
        self._lists = lists

    def __getattr__(self, name: str):  # only called for what is not set yet: before the first use
        if name not in _TAKEN:
            raise AttributeError(name)
        compiled = programs.compile(self.pattern, self._flags, **self._lists)
        for taken in _TAKEN:
            setattr(self, taken, getattr(compiled, taken))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r})"


def lazy(pattern: str, flags: int = 0, **lists) -> LazyRegex:
    """`programs.compile(pattern, flags, **lists)`, done when the pattern is first used."""
    return LazyRegex(pattern, flags, **lists)
