"""The click application: the `copylint` group, its error handling and lazily imported commands."""
from __future__ import annotations

import click

from . import __version__
from .cli import _COMMANDS, failure


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
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except BaseException as exc:
            code = failure(exc)
            if code is None:
                raise
            ctx.exit(code)


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
