"""`copylint server`: the language server for editors (pygls, imported only here)."""
from __future__ import annotations

import click

from ..cli import cli
from ..errors import CopylintError


@cli.command()
@click.option("--stdio", is_flag=True, help="Talk LSP over stdin/stdout (the default and only transport).")
@click.option("--debounce", type=click.FloatRange(min=0), default=250, show_default=True, metavar="MS",
              help="Milliseconds to wait after the last change before re-linting.")
def server(stdio, debounce):
    """Run the language server (LSP over stdio) for diagnostics, hovers and quick fixes in editors.

    Needs the server extra: pip install 'copylint[server]'. See the README for VS Code,
    Neovim, Helix and Zed settings.
    """
    try:
        from ..server.lsp import serve
    except ImportError as exc:
        missing = (exc.name or "").split(".")[0]
        if missing not in ("pygls", "lsprotocol", "cattrs", "attrs"):
            raise
        raise CopylintError(f"the language server needs pygls ({missing} is missing): "
                            "pip install 'copylint[server]'") from None
    serve(debounce / 1000)
