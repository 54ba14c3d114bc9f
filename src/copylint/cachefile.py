"""One way to write a file in a cache folder: whole or not at all, safe when several runs write at once.

The caches (derived literals, compiled patterns, rule sets, results, the Hyperscan database) are
each written to a temporary file of our own in the target's folder, then renamed over the target,
so a reader sees the old file or the new one, never half of one. A cache that cannot be written
is simply not written: the run goes on without it. tempfile is not imported for this (with
shutil and random it cost ~2 ms of every run that stores something).
"""
from __future__ import annotations

import os
import time
from pathlib import Path

_NAMES = iter(range(1 << 62))


def new_temporary(folder: Path | str, prefix: str) -> tuple[int, str]:
    """(fd, path) of a new file of our own in `folder`, as tempfile.mkstemp makes one (exclusive,
    mode 0600, no symlink followed)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = os.path.join(folder, f"{prefix}{os.getpid()}-{time.time_ns() % 10**9}-{next(_NAMES)}.tmp")
        try:
            return os.open(tmp, flags, 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"{folder}: no free temporary name")


def write_atomic(path: Path, data: bytes, prefix: str) -> bool:
    """Replace `path` with `data` atomically, creating its folder; False (and nothing left behind)
    when the folder cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = new_temporary(path.parent, prefix)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return False
    return True
