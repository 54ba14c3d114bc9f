"""The literal cache: a second start reads it, a changed pattern or list is derived again, a bad file is ignored."""
from __future__ import annotations

import json

from copylint.literal_cache import LiteralCache
from copylint.rulepack import LazyPattern


def _pattern(text: str) -> LazyPattern:
    return LazyPattern(text, "t", {})


def test_entries_survive_a_restart_and_are_keyed_by_list_words(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYLINT_CACHE_DIR", str(tmp_path))
    lists = {"thing": ["serum", "cream"]}
    first = LiteralCache(lists)
    assert first.lookup(_pattern(r"\mzorb\s+\L<thing>\M")) == (frozenset({"cream", "serum"}), frozenset({"zorb"}))
    first.save()
    stored = json.loads(next(tmp_path.glob("literals-*.json")).read_text())
    assert len(stored) == 1
    again = LiteralCache(lists)
    assert again.lookup(_pattern(r"\mzorb\s+\L<thing>\M")) == first.lookup(_pattern(r"\mzorb\s+\L<thing>\M"))
    assert not again._dirty  # read from the file, nothing derived
    # a list that changed is a different key: derived again, never the stale sets
    changed = LiteralCache({"thing": ["lotion"]})
    assert changed.lookup(_pattern(r"\mzorb\s+\L<thing>\M"))[0] == frozenset({"lotion"})


def test_a_corrupt_cache_is_ignored_and_replaced(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYLINT_CACHE_DIR", str(tmp_path))
    cache = LiteralCache({})
    cache.path.write_text("{not json")
    cache = LiteralCache({})
    assert cache.lookup(_pattern(r"\mglowup\M")) == (frozenset({"glowup"}),)
    cache.save()
    assert json.loads(cache.path.read_text())


def test_no_cache_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("COPYLINT_NO_CACHE", "1")
    cache = LiteralCache({})
    cache.lookup(_pattern(r"\mglowup\M"))
    cache.save()
    assert not list(tmp_path.iterdir())
