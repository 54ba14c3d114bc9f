"""Writing report files atomically: a reader never sees a half-written file.

A regular file (or a new one) is replaced in one rename, with the mode a plain write would give it
(the umask for a new file, the old mode for an existing one). The data goes to an unnamed file in
the target's folder (O_TMPFILE) that gets a name only for the instant before the rename, so a killed
run leaves no temporary file behind. A symbolic link is followed and its target replaced (the link
stays a link); a device, FIFO or socket (`--output /dev/stdout`, `/dev/null`) is written directly,
never renamed over.
"""
from __future__ import annotations

import io
import os
import stat
import tempfile
from contextlib import contextmanager

ENCODING_ERRORS = "backslashreplace"  # a stray lone surrogate is shown, not a crash (formats escape their own)


def _special(path: str) -> bool:
    """Is `path` something other than a regular file that a rename would destroy (device, FIFO, socket)?"""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


@contextmanager
def atomic_writer(path: str):
    """Yield a text stream; on success its content replaces `path` in one rename (see the module doc)."""
    buf = io.StringIO()
    yield buf
    data = buf.getvalue().encode("utf-8", ENCODING_ERRORS)
    if _special(path):
        with open(path, "wb") as fh:
            fh.write(data)
        return
    target = os.path.realpath(path)  # a symlink's target is replaced, the link stays
    _replace(target, data)


def _replace(target: str, data: bytes) -> None:
    directory = os.path.dirname(target) or "."
    try:
        old_mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        old_mode = None
    try:
        fd = os.open(directory, os.O_TMPFILE | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), 0o666)
    except (AttributeError, OSError):
        fd = None  # no O_TMPFILE (not Linux, or the file system lacks it): a named temporary file
    if fd is None:
        _replace_named(target, directory, data, old_mode)
        return
    tmp = os.path.join(directory, f".copylint-{os.getpid()}-{os.urandom(4).hex()}.tmp")
    try:
        _write_all(fd, data, old_mode)
        try:
            _link_fd(fd, directory, tmp)
        except OSError:  # no /proc, or linking refused: a named temporary file after all
            tmp = None
    finally:
        os.close(fd)
    if tmp is None:
        _replace_named(target, directory, data, old_mode)
        return
    _rename(tmp, target)


def _link_fd(fd: int, directory: str, name: str) -> None:
    """Give the unnamed file `fd` a name. A src_dir_fd makes os.link call linkat with
    AT_SYMLINK_FOLLOW (plain link() would link the /proc symlink itself and fail)."""
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.link(f"/proc/self/fd/{fd}", name, src_dir_fd=dir_fd, follow_symlinks=True)
    finally:
        os.close(dir_fd)


def _replace_named(target: str, directory: str, data: bytes, old_mode: int | None) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".copylint-", suffix=".tmp", dir=directory)
    try:
        try:
            _write_all(fd, data, old_mode if old_mode is not None else 0o666 & ~_umask())
        finally:
            os.close(fd)
    except BaseException:
        _unlink(tmp)
        raise
    _rename(tmp, target)


def _write_all(fd: int, data: bytes, mode: int | None) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    os.fsync(fd)
    if mode is not None:
        os.fchmod(fd, mode)


def _rename(tmp: str, target: str) -> None:
    try:
        os.replace(tmp, target)
    except BaseException:
        _unlink(tmp)
        raise


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: str, text: str) -> None:
    """Write `text` to `path` atomically (UTF-8)."""
    with atomic_writer(path) as fh:
        fh.write(text)
