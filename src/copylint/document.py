"""Reading drafts: bytes to text (BOMs, UTF-16, invalid UTF-8, binary files) and the source kind."""
from __future__ import annotations

import codecs
import errno
import os
import stat
from dataclasses import dataclass

from .errors import SourceError

MARKDOWN_EXTS = (".md", ".markdown", ".mdx")
HTML_EXTS = (".html", ".htm")
TEXT_EXTS = (".txt",)
DEFAULT_EXTS = MARKDOWN_EXTS + HTML_EXTS + TEXT_EXTS


@dataclass(frozen=True)
class Document:
    """One draft: its path as given, its decoded text and how to read its markup."""

    path: str
    text: str
    kind: str  # "markdown" | "html" | "text"


def kind_for(path: str) -> str:
    """Source kind from the file name; anything unknown is plain text."""
    low = path.lower()
    if low.endswith(MARKDOWN_EXTS):
        return "markdown"
    if low.endswith(HTML_EXTS):
        return "html"
    return "text"


def decode(data: bytes, path: str) -> str:
    """Decode a draft's bytes. BOMs select UTF-8/UTF-16/UTF-32; otherwise strict UTF-8."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                # The BOM is dropped: editors do not show it, so column 1 is the first visible character.
                return data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise SourceError(path, f"not valid {codec.upper()} (byte {exc.start + len(bom)})") from None
    if b"\x00" in data[:SNIFF]:
        return _decode_with_nuls(data, path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(path, f"line {line}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None


def special_file(path: str) -> str | None:
    """What `path` is when it is neither a regular file nor a folder (a FIFO, a device, a socket),
    without opening it (opening a FIFO waits for a writer); None otherwise or if it cannot be stat'ed."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a socket" if stat.S_ISSOCK(mode) else "not a regular file"


SNIFF = 8192  # bytes looked at to tell UTF-16/32 without a BOM and binary files from text


def _decode_with_nuls(data: bytes, path: str) -> str:
    """NUL bytes near the start: UTF-16/32 without a BOM, text with a stray NUL, or a binary file."""
    codec = _wide_codec(data[:SNIFF])
    if codec:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SourceError(path, "binary file (NUL bytes and not UTF-8), skipped", skipped=True) from None
    sample = text[:SNIFF]
    controls = sum(1 for c in sample if c < " " and c not in "\t\n\r\f\v")
    if controls * 10 > len(sample):  # a text file may hold a stray NUL; a tenth control characters is data
        raise SourceError(path, "binary file (mostly control characters), skipped", skipped=True)
    return text


def _wide_codec(sample: bytes) -> str | None:
    """The UTF-16/32 codec whose zero high bytes explain where the NULs are, if one does."""
    n = len(sample) - len(sample) % 4
    if n < 4:
        return None
    nul = [sample[i:n:4].count(0) / (n // 4) for i in range(4)]
    if nul[3] == 1 and nul[2] > 0.9 and nul[0] < 0.1:
        return "utf-32-le"
    if nul[0] == 1 and nul[1] > 0.9 and nul[3] < 0.1:
        return "utf-32-be"
    even, odd = (nul[0] + nul[2]) / 2, (nul[1] + nul[3]) / 2
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def read_document(path: str, *, kind: str | None = None) -> Document:
    """Read one draft from disk (never writes to it); only regular files are read."""
    special = special_file(path)
    if special is not None:
        raise SourceError(path, f"{special}, not a regular file: skipped", skipped=True)
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        if os.path.islink(path):
            raise SourceError(path, "broken symbolic link, skipped", skipped=True) from None
        raise SourceError(path, "no such file (it may have been removed during the run)") from None
    except IsADirectoryError:
        try:
            os.listdir(path)
        except OSError as exc:  # a folder the walk could not enter
            raise SourceError(path, f"cannot read folder: {exc.strerror or exc}") from None
        raise SourceError(path, "is a directory") from None
    except PermissionError:
        raise SourceError(path, "permission denied") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SourceError(path, "symbolic link loop, skipped", skipped=True) from None
        raise SourceError(path, f"cannot read: {exc.strerror or exc}") from None
    return Document(path, decode(data, path), kind or kind_for(path))


def walk(paths: list[str], *, exts: tuple[str, ...] = DEFAULT_EXTS, excluded=None,
         gitignore=None, follow_links=None) -> list[str]:
    """Expand folders into lintable files (sorted, no hidden folders, no symlink loops).

    Only regular files are listed, and symbolic links are followed only to files and folders
    inside the folder being walked (a link to / or /dev/zero is not). A folder that cannot be
    read is listed itself, so that linting it reports why. `excluded(path)` says whether a file
    or folder is skipped (config globs); `gitignore(path)`, when given, whether ignore files are
    read for the walk of the folder `path`, and `follow_links(path)` whether links out of it are followed."""
    from .ignorefiles import IgnoreFiles

    out: list[str] = []
    for path in paths:
        if path == "-" or not os.path.isdir(path):
            if excluded is None or not excluded(path):
                out.append(path)
            continue
        ignores = IgnoreFiles(path) if gitignore is not None and gitignore(path) else None
        if ignores is not None and ignores.ignored(path, True):
            ignores = None  # a folder named on the command line is linted even if it is ignored

        def skip(full: str, is_dir: bool, ignores=ignores) -> bool:
            if excluded is not None and excluded(full):
                return True
            return ignores is not None and ignores.ignored(full, is_dir)

        top = os.path.realpath(path)
        unreadable: list[str] = []
        anywhere = follow_links is not None and follow_links(path)

        def inside(full: str, top=top, anywhere=anywhere) -> bool:
            if anywhere or not os.path.islink(full):
                return True
            real = os.path.realpath(full)
            return real == top or real.startswith(top.rstrip(os.sep) + os.sep)

        seen: set[tuple[int, int]] = set()
        for root, dirs, files in os.walk(path, followlinks=True,
                                         onerror=lambda exc, bad=unreadable: bad.append(exc.filename)):
            try:
                st = os.stat(root)
            except OSError:
                dirs[:] = []
                continue
            if (st.st_dev, st.st_ino) in seen:
                dirs[:] = []
                continue
            seen.add((st.st_dev, st.st_ino))
            dirs[:] = sorted(
                d for d in dirs
                if not d.startswith(".") and d not in ("node_modules", "__pycache__")
                and inside(os.path.join(root, d)) and not skip(os.path.join(root, d), True)
            )
            for name in sorted(files):
                full = os.path.join(root, name)
                if name.lower().endswith(exts) and _lintable(full) and inside(full) and not skip(full, False):
                    out.append(full)
        out.extend(p for p in unreadable if p and os.path.isdir(p) and not skip(p, True))
    return out


def _lintable(path: str) -> bool:
    """A regular file, or a link that leads nowhere (reported as broken); not a FIFO or device."""
    if os.path.islink(path) and not os.path.exists(path):
        return True
    return special_file(path) is None
