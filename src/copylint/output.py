"""Writing report files atomically: a reader never sees a half-written file."""
from __future__ import annotations

import io
import os
import tempfile
from contextlib import contextmanager


@contextmanager
def atomic_writer(path: str):
    """Yield a text stream; on success its content replaces `path` in one rename."""
    directory = os.path.dirname(os.path.abspath(path)) or "."
    buf = io.StringIO()
    yield buf
    fd, tmp = tempfile.mkstemp(prefix=".copylint-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(buf.getvalue())
            fh.flush()
            os.fsync(fh.fileno())
        if os.path.exists(path):
            try:
                os.chmod(tmp, os.stat(path).st_mode & 0o777)
            except OSError:
                pass
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def atomic_write(path: str, text: str) -> None:
    """Write `text` to `path` atomically (UTF-8)."""
    with atomic_writer(path) as fh:
        fh.write(text)
