"""A click-free reader for the usual `copylint check` command lines (pre-commit's case), or None.

It reads what click reads for `check` (see commands/check_cli.py): `--opt VALUE`, `--opt=VALUE`,
flags, `-q`, `-j N`, `-o FILE`, paths anywhere, and checks each value as click would (a choice, a
whole number, an empty name, a path that is a folder where a file is wanted or cannot be read).
Anything else (--help, an unknown or misspelt option, a bad value, `--`, clustered short options,
a value that starts with '-') gets None: click then reads the line and reports any error in its
own words. tests/test_fastcli.py holds every line it accepts to click's reading of it.
"""
from __future__ import annotations

import os
import stat

FLAG, VALUE, MULTI, JOBS = "flag", "value", "multiple", "jobs"

# option -> (parameter, kind, choices or path rule); path rules: 'dir' (no file), 'file' (no folder)
OPTIONS: dict[str, tuple[str, str, object]] = {
    "--format": ("fmt", VALUE, "formats"),
    "--select": ("select", MULTI, None),
    "--ignore": ("ignore", MULTI, None),
    "--fail-on": ("fail_on", VALUE, ("error", "warning", "info")),
    "--exit-zero": ("exit_zero", FLAG, True),
    "-q": ("quiet", FLAG, True),
    "--quiet": ("quiet", FLAG, True),
    "--rules": ("rules_dirs", MULTI, "dir"),
    "--exclude": ("exclude", MULTI, None),
    "--stdin-filename": ("stdin_filename", VALUE, "name"),
    "-j": ("jobs", JOBS, None),
    "--jobs": ("jobs", JOBS, None),
    "--explain": ("explain", FLAG, True),
    "-o": ("output", VALUE, "file"),
    "--output": ("output", VALUE, "file"),
    "--config": ("config_file", VALUE, "file"),
    "--isolated": ("isolated", FLAG, True),
    "--statistics": ("statistics", FLAG, True),
    "--baseline": ("baseline_file", VALUE, "file"),
    "--write-baseline": ("write_baseline_file", VALUE, "file"),
    "--require-reason": ("require_reason", FLAG, True),
    "--respect-gitignore": ("respect_gitignore", FLAG, True),
    "--no-respect-gitignore": ("respect_gitignore", FLAG, False),
    "--follow-links": ("follow_links", FLAG, True),
    "--strict-inputs": ("strict_inputs", FLAG, True),
    "--color": ("color_mode", VALUE, ("auto", "always", "never")),
    "--show-settings": ("show_settings", FLAG, True),
    "--no-cache": ("no_cache", FLAG, True),
}


def read_check(args: list[str]) -> dict | None:
    """The keyword arguments of `commands.check.run` for these arguments, or None: let click read them."""
    options: dict = {}
    paths: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "-" or not arg.startswith("-"):
            if not _path_ok(arg, file_ok=True, dir_ok=True):
                return None
            paths.append(arg)
            continue
        name, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        spec = OPTIONS.get(name)
        if spec is None:
            return None
        param, kind, rule = spec
        if kind == FLAG:
            if eq:
                return None
            options[param] = rule
            continue
        if not eq:
            if i >= len(args):
                return None
            value = args[i]
            i += 1
        if value.startswith("-"):
            return None
        checked = _value(value, kind, rule)
        if checked is None:
            return None
        if kind == MULTI:
            options[param] = (*options.get(param, ()), checked)
        else:
            options[param] = checked
    options["paths"] = tuple(paths)
    return options


def _value(value: str, kind: str, rule):
    """The value as click converts it, or None where click would refuse it (or might)."""
    if kind == JOBS:
        return int(value) if value.isascii() and value.isdigit() else None
    if rule == "formats":
        from .formats import FORMATS

        return value if value in FORMATS else None
    if isinstance(rule, tuple):
        return value if value in rule else None
    if rule in ("name", "file") and not value.strip():
        return None  # an empty name is a usage error (an unset shell variable)
    if rule == "file":
        return value if _path_ok(value, file_ok=True, dir_ok=False) else None
    if rule == "dir":
        return value if _path_ok(value, file_ok=False, dir_ok=True) else None
    return value


def _path_ok(path: str, file_ok: bool, dir_ok: bool) -> bool:
    """click.Path's checks: a path that does not exist is fine; one that does must be of a kind wanted, and readable."""
    if path == "-" and file_ok:
        return True
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return True
    if (not file_ok and stat.S_ISREG(st.st_mode)) or (not dir_ok and stat.S_ISDIR(st.st_mode)):
        return False
    return os.access(path, os.R_OK)
