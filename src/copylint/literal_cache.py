"""A cache of the literal sets derived from rule patterns, kept between runs in the user cache folder.

Deriving a pattern's literals (see `literals`) parses it; for the bundled packs that costs tens of
milliseconds at every start, more than linting a small draft. The sets depend only on the
pattern's text and the words of the named lists it uses, so each entry is keyed by both (with a
checksum of each list) and by copylint's version and the deriving code: an entry whose pattern or lists changed is
simply not found, and is derived again. The file is replaced atomically (a temporary file in the
same folder, then a rename), so concurrent runs never read a half-written cache; a cache that
cannot be read or written is ignored. `COPYLINT_CACHE_DIR` moves it; `COPYLINT_NO_CACHE=1` turns
it off.
"""
from __future__ import annotations

import os
import zlib
from pathlib import Path

from . import __version__

_NAMED = "\\L<"
MAX_ENTRIES = 5000


def cache_dir() -> Path | None:
    """Where the cache lives: $COPYLINT_CACHE_DIR, else the platform's user cache folder."""
    if os.environ.get("COPYLINT_NO_CACHE"):
        return None
    if os.environ.get("COPYLINT_CACHE_DIR"):
        return Path(os.environ["COPYLINT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
    return Path(base) / "copylint"


def _derivation_stamp() -> str:
    """A checksum of the code that derives literals: a cache written by other code is never read."""
    from . import literals

    try:
        with open(literals.__file__, "rb") as fh:
            return f"{zlib.crc32(fh.read()):08x}"
    except OSError:
        return "0"


class LiteralCache:
    """Literal sets by pattern; load() once, lookup() per pattern, save() if anything was added."""

    def __init__(self, lists: dict[str, list[str]]):
        self.lists = lists
        self._sums: dict[str, str] = {}
        self._loaded: dict[str, list[list[str]] | None] | None = None  # read on the first lookup it must answer
        self._dirty = False
        self._used: set[str] = set()
        folder = cache_dir()
        self.path = folder / f"literals-{__version__}-{_derivation_stamp()}.json" if folder else None

    @property
    def _entries(self) -> dict[str, list[list[str]] | None]:
        """The stored entries (the file is read once, and only if a pattern's sets are not known already)."""
        if self._loaded is None:
            self._loaded = {}
            if self.path is not None:
                import json

                try:
                    data = json.loads(self.path.read_text(encoding="utf-8"))
                    if isinstance(data, dict):
                        self._loaded = data
                except (OSError, ValueError):
                    pass
        return self._loaded

    @_entries.setter
    def _entries(self, value) -> None:
        self._loaded = value

    def _key(self, pattern: str) -> str:
        sums = []
        start = pattern.find(_NAMED)
        while start >= 0:
            end = pattern.find(">", start)
            name = pattern[start + 3:end]
            if name not in self._sums:
                self._sums[name] = f"{zlib.crc32(chr(10).join(self.lists.get(name, ())).encode()):08x}"
            sums.append(f"{name}={self._sums[name]}")
            start = pattern.find(_NAMED, end)
        return pattern + "\x00" + ",".join(sums)

    def lookup(self, pattern) -> tuple[frozenset[str], ...] | None:
        """The pattern's literal sets (None: none known), from the cache or derived now."""
        if getattr(pattern, "literal_sets", None) is not None:
            return pattern.literal_sets or None
        key = self._key(pattern.pattern)
        self._used.add(key)
        if key in self._entries:
            sets = self._entries[key]
            return None if sets is None else tuple(frozenset(s) for s in sets)
        from .literals import literals_of

        found = literals_of(pattern, self.lists)
        self._entries[key] = None if found is None else [sorted(s) for s in found]
        self._dirty = True
        return found

    def save(self) -> None:
        """Write the cache back if entries were added (atomically; failures are ignored)."""
        if not self._dirty or self.path is None:
            return
        import json

        from .cachefile import write_atomic

        self._dirty = False
        if len(self._entries) > MAX_ENTRIES:  # entries of packs no longer in use: keep this run's only
            self._entries = {k: v for k, v in self._entries.items() if k in self._used}
        write_atomic(self.path, json.dumps(self._entries, separators=(",", ":")).encode(), ".literals-")
