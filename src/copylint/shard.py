"""`--shard K/N`: a stable partition of a run's files, so a CI matrix of N jobs lints a site once between them.

A file's shard comes from a real hash (not Python's salted hash()) of its path relative to the
project root (the folder of the config file that applies to the current folder, else the current
folder), written with '/', so the same file lands in the same shard on every machine and OS.
"""
from __future__ import annotations

import hashlib
import os
import re

_SPEC = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")


def parse_shard(text: str) -> tuple[int, int]:
    """(K, N) from 'K/N'; ValueError with the reason when it is not 1 <= K <= N."""
    m = _SPEC.fullmatch(text)
    if not m:
        raise ValueError(f"expected K/N, such as 2/4 (the second of 4 shards), not {text!r}")
    k, n = int(m.group(1)), int(m.group(2))
    if n < 1 or not 1 <= k <= n:
        raise ValueError(f"{text!r}: K must be between 1 and N (N at least 1)")
    return k, n


def shard_of(path: str, n: int, root: str = ".") -> int:
    """The 1-based shard (of n) a file belongs to."""
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root)).replace(os.sep, "/")
    digest = hashlib.blake2b(rel.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % n + 1


def in_shard(files: list[str], k: int, n: int, root: str = ".") -> list[str]:
    """The files of shard k of n, in their order."""
    return [f for f in files if shard_of(f, n, root) == k]
