"""A progress bar on stderr for long runs; silent unless there are many files and a person is watching."""

from __future__ import annotations

import time
from typing import Self, TextIO

MIN_TOTAL = 300  # shorter runs finish before a bar would help
WIDTH = 30
INTERVAL = 0.1  # seconds between redraws, so drawing never costs more than linting


class Progress:
    """`with Progress(total, sys.stderr) as p: ... p.advance()`; draws only when total > 300 and stream is a TTY."""

    def __init__(self, total: int, stream: TextIO, enabled: bool = True):
        self.total = total
        self.stream = stream
        self.done = 0
        self.active = enabled and total > MIN_TOTAL and _isatty(stream)
        self._last = 0.0
        self._drawn = False

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def advance(self, n: int = 1) -> None:
        """Count `n` more files done; redraw at most every INTERVAL seconds (and at the end)."""
        self.done = min(self.total, self.done + n)
        if not self.active:
            return
        now = time.monotonic()
        if now - self._last >= INTERVAL or self.done == self.total:
            self._last = now
            self._draw()

    def clear(self) -> None:
        """Erase the bar before printing a message on the same stream; the next advance() redraws it."""
        if self.active and self._drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self._drawn = False
            self._last = 0.0

    def close(self) -> None:
        """Erase the bar so the report or summary that follows starts on a clean line."""
        self.clear()
        self.active = False

    def _draw(self) -> None:
        filled = WIDTH * self.done // self.total
        pct = 100 * self.done // self.total
        bar = "#" * filled + "-" * (WIDTH - filled)
        self.stream.write(f"\r[{bar}] {pct:3d}% {self.done}/{self.total} files")
        self.stream.flush()
        self._drawn = True


def _isatty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # closed or not a real file
        return False
