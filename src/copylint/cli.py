"""Command line: options, formatter choice, exit code. Everything else lives in the library."""
from __future__ import annotations

import os
import sys

import click

from . import __version__
from .errors import CopylintError

FAIL_ON = ("error", "warning", "info")


def _csv(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for item in values for v in item.split(",") if v.strip())


def _format_names() -> list[str]:
    from .formats import FORMATS

    return list(FORMATS)


_COMMANDS = {"check": "check", "rules": "info", "explain": "info", "init": "init", "server": "server", "merge": "merge"}  # command -> module


class _Group(click.Group):
    """Turns CopylintError into one line on stderr and exit 2, never a traceback.

    A command's module is imported when that command is used (or listed by --help): a run of
    `check` does not pay for the others at start-up."""

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(_COMMANDS))

    def get_command(self, ctx, name):
        if name not in self.commands and name in _COMMANDS:
            import importlib

            importlib.import_module(f"{__package__}.commands.{_COMMANDS[name]}")  # registers it on `cli`
        return super().get_command(ctx, name)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except CopylintError as exc:
            from .escape import one_line

            click.echo(f"copylint: {one_line(str(exc))}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("copylint: interrupted", err=True)
            ctx.exit(130)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(1)
        except Exception as exc:  # a bug: one line, with a way to see the traceback
            if os.environ.get("COPYLINT_DEBUG"):
                raise
            from .escape import one_line

            click.echo(f"copylint: internal error: {type(exc).__name__}: {one_line(str(exc))} "
                       "(set COPYLINT_DEBUG=1 for details)", err=True)
            ctx.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="copylint")
def cli() -> None:
    """copylint: a compliance linter for clinic marketing copy.

    It reports regulatory misstatements ("FDA-approved exosomes"), unsupported safety
    absolutes ("no side effects"), unsupported efficacy, disease and comparative claims,
    and missing disclaimers in Markdown, HTML and plain-text drafts.

    \b
    Examples:
      copylint check drafts/
      copylint check --format json page.md
      cat draft.txt | copylint check - --stdin-filename draft.txt
      copylint rules
      copylint explain safety.no-side-effects
    """


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="copylint")

