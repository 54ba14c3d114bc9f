"""Command line entry point: plain `copylint check` lines run without click; the rest goes to click (see app).

Importing click costs about 10 ms, a tenth of the budget of a pre-commit run on one draft, so
`main` first offers the arguments to `fastcli`, which reads the usual `check` lines exactly as click
would and declines anything else (help, a typo, a bad value): click then reads the line and
reports the error. Both ways end in `commands.check.run` and in `failure` for errors.
"""
from __future__ import annotations

import os
import sys

from .errors import CopylintError

FAIL_ON = ("error", "warning", "info")


def _csv(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for item in values for v in item.split(",") if v.strip())


def _format_names() -> list[str]:
    from .formats import FORMATS

    return list(FORMATS)


_COMMANDS = {"check": "check_cli", "rules": "info", "explain": "info", "init": "init", "server": "server", "merge": "merge"}  # command -> module


def echo(message: str, err: bool = False, nl: bool = True) -> None:
    """A line on stdout or stderr, flushed (click.echo's behaviour for the plain text copylint prints)."""
    stream = sys.stderr if err else sys.stdout
    if stream is None:
        return
    stream.write(message + "\n" if nl else message)
    stream.flush()


def failure(exc: BaseException) -> int | None:
    """Tell the user about an exception that ends a command in one line; its exit status (None: re-raise it).

    CopylintError: its message, exit 2. Ctrl-C: 130. A closed pipe: 1, silently. Anything else is a
    bug: one line with a way to see the traceback, exit 2."""
    from .escape import one_line

    if isinstance(exc, CopylintError):
        echo(f"copylint: {one_line(str(exc))}", err=True)
        return exc.exit_code
    if isinstance(exc, KeyboardInterrupt):
        echo("copylint: interrupted", err=True)
        return 130
    if isinstance(exc, BrokenPipeError):
        sys.stderr.close()
        return 1
    if isinstance(exc, Exception) and not os.environ.get("COPYLINT_DEBUG"):
        echo(f"copylint: internal error: {type(exc).__name__}: {one_line(str(exc))} "
             "(set COPYLINT_DEBUG=1 for details)", err=True)
        return 2
    return None


def __getattr__(name: str):
    # `from copylint.cli import cli` (the commands, the tests) builds the click application on demand.
    if name in ("cli", "_Group"):
        from . import app

        return getattr(app, name)
    raise AttributeError(name)


def _cache_dir_arg(args: list[str]) -> str | None:
    """The value of the line's --cache-dir, if it has one (looked at before click reads the line)."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg.startswith("--cache-dir="):
            return arg.partition("=")[2] or None
        if arg == "--cache-dir" and i + 1 < len(args):
            return args[i + 1] or None
    return None


def main() -> None:
    """Console-script entry point."""
    args = sys.argv[1:]
    from .stdlib_cache import install

    cache_dir = _cache_dir_arg(args)
    if cache_dir:  # from the start, so that no cache (regex programs compiled on import) is kept in the old folder
        os.environ["COPYLINT_CACHE_DIR"] = cache_dir
    install(cache_dir)  # before the imports that compile patterns and dataclasses (markdown-it, PyYAML)
    if args[:1] == ["check"] and "_COPYLINT_COMPLETE" not in os.environ:
        import gc

        gc.set_threshold(50_000, 20, 100)  # as check.run sets it, from the start: the imports make few cycles
        from .fastcli import read_check

        options = read_check(args[1:])
        if options is not None:
            from .commands.check import run

            try:
                run(**options)
            except SystemExit:
                raise
            except BaseException as exc:
                code = failure(exc)
                if code is None:
                    raise
                sys.exit(code)
            sys.exit(0)
    from .app import cli

    cli(prog_name="copylint")


def entry() -> None:
    """Console-script entry point: `main`, and for `check` an exit that skips the interpreter's teardown.

    Tearing the interpreter down (every module, the rule set's ~40,000 objects) took ~10 ms of a
    run over one draft, a tenth of pre-commit's budget, to free memory the OS frees anyway. A
    `check` that ends with an exit status does what that teardown would have done and matters
    (flush stdout and stderr, run the atexit callbacks, which write the caches) and then leaves
    with `os._exit`. Where anything else might still need the teardown (another thread alive, a
    stream that cannot be flushed, a non-integer status) it exits the ordinary way. `main` itself
    always raises SystemExit, for `python -m copylint` and callers in the same process."""
    try:
        main()
    except SystemExit as exc:
        if sys.argv[1:2] == ["check"] and (exc.code is None or type(exc.code) is int):
            _quick_exit(exc.code or 0)
        raise


def _quick_exit(code: int) -> None:
    """Flush, run the atexit callbacks and leave with `code`; returns (nothing done) if that is not safe."""
    import atexit

    threading = sys.modules.get("threading")
    run_exitfuncs = getattr(atexit, "_run_exitfuncs", None)
    if run_exitfuncs is None or (threading is not None and threading.active_count() > 1):
        return
    try:
        _flush()
    except (OSError, ValueError):
        return  # the ordinary exit reports it
    run_exitfuncs()  # then forgotten by atexit: they never run twice
    try:
        _flush()
    except (OSError, ValueError):
        code = 120  # what the interpreter's own exit gives when its last flush fails
    os._exit(code)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
