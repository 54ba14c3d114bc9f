"""Each finding with its numbered source line and a caret underline under the span, like ruff's full format.

    page.md:3:19: error [regulatory.fda-approved] Claims FDA approval the product does not have.
      |
    3 | Our FDA-approved exosomes
      |     ^^^^^^^^^^^^
      |
      = help: Say the product is not FDA-approved.

Carets line up under what a terminal shows: tabs are expanded, wide (East Asian, emoji) characters take two
columns, combining and zero-width characters none. Control and bidi characters from a draft are shown as
visible stand-ins, so a draft cannot move the cursor, recolour the terminal or reorder the line it is shown on.
"""

from __future__ import annotations

import unicodedata
from typing import TextIO

from .html_source import line_bounds, offsets
from .style import Style

TAB = 4
MAX_WIDTH = 100  # display columns of source shown for one line
LEFT_CONTEXT = 30  # columns kept before the span when a long line is trimmed
SLICE = 4 * MAX_WIDTH  # characters laid out on either side of a span (a window shows at most MAX_WIDTH columns)
ELLIPSIS = "\u2026"
_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def render(report, stream: TextIO) -> None:
    """Write every finding with its source context; a blank line between findings."""
    style = Style(bool(report.color))
    bounds_cache: dict[str, list[tuple[int, int]]] = {}
    for i, f in enumerate(report.findings):
        text = report.texts.get(f.path)
        if text is not None and f.path not in bounds_cache:
            bounds_cache[f.path] = line_bounds(text)
        rule = report.rules.get(f.rule)
        stream.write(("\n" if i else "") + _finding(f, text, bounds_cache.get(f.path), rule, style))


def _finding(f, text: str | None, bounds, rule, style: Style) -> str:
    sev = f.severity
    extra = f" ({f.disclaimer})" if f.disclaimer else ""
    header = (
        f"{style(safe(f'{f.path}:{f.line}:{f.column}:'), bold=True)} {style.severity(sev, sev)} "
        f"{style('[' + safe(f.rule) + ']', bold=True)} {safe(f.message)}{extra}\n"
    )
    pad = " " * len(str(f.line))
    bar = style("|", fg="blue", bold=True)
    out = [header]
    if text is not None and bounds:
        source, carets, label = _excerpt(text, bounds, f)
        out.append(f"{pad} {bar}\n")
        out.append(f"{style(str(f.line), fg='blue', bold=True)} {bar}{' ' + source if source else ''}\n")
        indent = len(carets) - len(carets.lstrip(" "))
        underline = style.severity(carets[indent:], sev)
        out.append(f"{pad} {bar} {' ' * indent}{underline}{' ' + label if label else ''}\n")
    help_text = _help(f, rule)
    if help_text:
        out.append(f"{pad} {bar}\n{pad} {style('=', fg='blue', bold=True)} {style('help:', bold=True)} {safe(help_text)}\n")
    return "".join(out)


def _help(f, rule) -> str | None:
    suggestion = f.suggestion or getattr(rule, "suggestion", None)
    if suggestion or not f.disclaimer:
        return suggestion
    from .html_cards import DEFAULT_DISCLOSURES

    wording = DEFAULT_DISCLOSURES.get(f.disclaimer)
    return f"add wording such as: {wording}" if wording else None


def _excerpt(text: str, bounds, f) -> tuple[str, str, str]:
    """(shown source, caret line, label) for the finding's first line."""
    start, end = offsets(bounds, f.line, f.column, f.end_line, f.end_column)
    ls, le = bounds[min(max(f.line, 1), len(bounds)) - 1]
    a = min(max(start - ls, 0), le - ls)
    b = min(max(end - ls, a), le - ls)
    # Lay out only the part of the line a window can show: a minified page is one line of
    # hundreds of kilobytes, and laying all of it out for each of its findings was quadratic.
    lo = max(0, a - SLICE)
    hi = min(le - ls, min(b, a + SLICE) + SLICE)
    line = text[ls + lo:ls + hi]
    a, b = a - lo, min(b, hi) - lo
    cells = layout(line)
    cols = [0]
    for _, w in cells:
        cols.append(cols[-1] + w)
    i0, i1 = window(cols, a, b)
    shown = "".join(s for s, _ in cells[i0:i1])
    lead = ELLIPSIS if i0 > 0 or lo > 0 else ""
    shown = lead + shown + (ELLIPSIS if i1 < len(cells) or ls + hi < le else "")
    caret_from = cols[min(a, i1)] - cols[i0] + len(lead)
    caret_len = max(1, cols[min(b, i1)] - cols[min(a, i1)])
    label = ""
    if f.end_line > f.line and end > le:
        label = f"{ELLIPSIS} continues to line {f.end_line}"
    elif f.disclaimer:
        label = f"this mention needs a {safe(f.disclaimer)} disclosure"
    return shown.rstrip(), " " * caret_from + "^" * caret_len, label


def layout(line: str) -> list[tuple[str, int]]:
    """What a terminal shows for each character of a line, and how many columns it takes."""
    cells: list[tuple[str, int]] = []
    col = 0
    for ch in line:
        if ch == "\t":
            width = TAB - col % TAB
            cell = (" " * width, width)
        else:
            cell = _cell(ch)
        cells.append(cell)
        col += cell[1]
    return cells


def _cell(ch: str) -> tuple[str, int]:
    o = ord(ch)
    if o < 0x20:
        return chr(0x2400 + o), 1  # control pictures: U+241B for ESC
    if o == 0x7F:
        return "\u2421", 1
    if 0x80 <= o < 0xA0 or ch in _BIDI:
        return "\ufffd", 1
    cat = unicodedata.category(ch)
    if cat in ("Mn", "Me", "Cf"):
        return ch, 0
    if cat in ("Zl", "Zp", "Cs", "Co", "Cn"):
        return "\ufffd", 1
    return ch, 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def window(cols: list[int], a: int, b: int) -> tuple[int, int]:
    """Character range [i0, i1) of a line to show: all of it if it fits, else a window from a little before the span."""
    n = len(cols) - 1
    if cols[n] <= MAX_WIDTH:
        return 0, n
    i0 = a
    while i0 > 0 and cols[a] - cols[i0 - 1] <= LEFT_CONTEXT:
        i0 -= 1
    i1 = i0
    while i1 < n and cols[i1 + 1] - cols[i0] <= MAX_WIDTH:
        i1 += 1
    while (
        i1 == n and i0 > 0 and cols[n] - cols[i0 - 1] <= MAX_WIDTH
    ):  # near the end: more context on the left
        i0 -= 1
    return i0, i1


def safe(text: str) -> str:
    """Text from a draft, path or rule pack with control and bidi characters made visible and harmless."""
    return "".join(" " if ch == "\t" else _cell(ch)[0] for ch in text)
