"""The progress bar: only for long runs on a terminal, and it cleans up after itself."""

from __future__ import annotations

import io

from copylint.progress import Progress


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(total: int, stream, **kw) -> str:
    with Progress(total, stream, **kw) as progress:
        for _ in range(total):
            progress.advance()
    return stream.getvalue()


def test_silent_when_not_a_terminal():
    assert run(1000, io.StringIO()) == ""


def test_silent_for_short_runs_even_on_a_terminal():
    assert run(300, FakeTTY()) == ""


def test_silent_when_disabled_for_machine_formats():
    assert run(1000, FakeTTY(), enabled=False) == ""


def test_draws_on_a_terminal_and_erases_itself():
    out = run(301, FakeTTY())
    assert "301/301 files" in out and "100%" in out
    assert out.endswith("\r\x1b[2K")
    assert "\n" not in out


def test_closed_stream_does_not_break_the_run():
    stream = io.StringIO()
    stream.close()
    with Progress(1000, stream) as progress:
        progress.advance()


def test_clear_makes_room_for_a_message_and_the_bar_comes_back():
    stream = FakeTTY()
    with Progress(400, stream) as progress:
        progress.advance()
        progress.clear()
        stream.write("copylint: a.md: cannot read\n")
        progress.advance()
    out = stream.getvalue()
    assert "\r\x1b[2Kcopylint: a.md: cannot read\n\r[" in out
