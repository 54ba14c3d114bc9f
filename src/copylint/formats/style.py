"""Terminal colour for the text and full formats: whether to use it (--color, NO_COLOR, FORCE_COLOR), and how."""

from __future__ import annotations

import os

SEVERITY_COLORS = {"error": "red", "warning": "yellow", "info": "cyan"}
COLOR_MODES = ("auto", "always", "never")


def use_color(mode: str, tty: bool, env=os.environ) -> bool:
    """--color: never and always decide; auto follows NO_COLOR, then FORCE_COLOR, then whether stdout is a terminal.

    As https://no-color.org and https://force-color.org ask: a set, non-empty NO_COLOR turns colour off and
    wins over FORCE_COLOR; FORCE_COLOR turns it on even when piped (FORCE_COLOR=0 does not).
    """
    if mode == "never":
        return False
    if mode == "always":
        return True
    if env.get("NO_COLOR"):
        return False
    force = env.get("FORCE_COLOR")
    if force and force.lower() not in ("0", "false"):
        return True
    return tty


class Style:
    """click.style when colour is on, the text unchanged when it is off."""

    def __init__(self, on: bool):
        self.on = on

    def __call__(self, text: str, **styles) -> str:
        if not (self.on and text):
            return text
        import click  # only when colouring: a plain run does not import click

        return click.style(text, **styles)

    def severity(self, text: str, severity: str) -> str:
        """Text in its severity's colour, bold."""
        return self(text, fg=SEVERITY_COLORS.get(severity), bold=True)
