"""A draft's text as HTML lines with every flagged span highlighted in place (overlaps split into segments)."""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape

from ..findings import SEVERITY_RANK

_NEWLINE = re.compile(r"\r\n|\r|\n")  # the same line ends as positions.LineIndex, so line numbers agree
CONTEXT = 4  # unflagged lines shown around flagged ones in long drafts
FOLD_MIN = 12  # a run of unflagged lines shorter than this is always shown


@dataclass(frozen=True)
class Span:
    """One finding's place in the text: its report number, character offsets and how to colour it."""

    number: int
    start: int
    end: int
    severity: str
    doc: bool  # a document-level finding (missing disclosure) pointing at what triggered it
    title: str


def line_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line's content, newline excluded; an empty text has one empty line."""
    bounds, pos = [], 0
    for m in _NEWLINE.finditer(text):
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, len(text)))
    return bounds


def offsets(
    bounds: list[tuple[int, int]], line: int, column: int, end_line: int, end_column: int
) -> tuple[int, int]:
    """Character offsets of a 1-based, end-exclusive line/column range, clamped to the text."""

    def at(ln: int, col: int) -> int:
        ln = min(max(ln, 1), len(bounds))
        start, end = bounds[ln - 1]
        return min(start + max(col, 1) - 1, end if ln == len(bounds) else bounds[ln][0])

    start = at(line, column)
    return start, max(start, at(end_line, end_column))


def marker_line(bounds: list[tuple[int, int]], span: Span) -> int:
    """0-based index of the line where a span's marker (and its card) goes: the line holding its last character."""
    pos = max(span.start, span.end - 1) if span.end > span.start else span.start
    lo, hi = 0, len(bounds) - 1
    while lo < hi:  # last line whose start <= pos
        mid = (lo + hi + 1) // 2
        if bounds[mid][0] <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo


def render_line(
    text: str, bounds: tuple[int, int], spans: list[Span], markers: list[Span], first: set[int], anchor: str = "h"
) -> str:
    """One line's text, escaped, cut into segments at every span edge; each covered segment is a <mark>.

    The first segment of each finding carries its anchor (`{anchor}-N`), so a link to any finding lands on it.
    """
    ls, le = bounds
    cuts = {ls, le}
    for s in spans:
        cuts.update(p for p in (s.start, s.end) if ls < p < le)
    marker_at: dict[int, list[Span]] = {}
    for s in markers:
        pos = min(max(s.end, ls), le)
        marker_at.setdefault(pos, []).append(s)
        cuts.add(pos)
    points = sorted(cuts)
    # A sweep: spans enter at their start and leave (a heap by end) at their end, so a line with thousands
    # of findings costs about as much as their number, not its square. Covering keeps the spans' given order.
    order = sorted(range(len(spans)), key=lambda k: spans[k].start)
    active: dict[int, Span] = {}
    ends: list[tuple[int, int]] = []
    nxt = 0
    out = []
    for a, b in zip(points, points[1:] + [None], strict=True):
        out.extend(_ref(s) for s in marker_at.get(a, ()))
        if b is None:
            break
        while nxt < len(order) and spans[order[nxt]].start <= a:
            k = order[nxt]
            active[k] = spans[k]
            heapq.heappush(ends, (spans[k].end, k))
            nxt += 1
        while ends and ends[0][0] <= a:
            active.pop(heapq.heappop(ends)[1], None)
        covering = [active[k] for k in sorted(active)]
        out.append(_segment(text[a:b], covering, first, anchor) if covering else escape(text[a:b]))
    return "".join(out)


def _segment(chunk: str, covering: list[Span], first: set[int], anchor: str) -> str:
    best = max(covering, key=lambda s: SEVERITY_RANK.get(s.severity, 0)).severity
    classes = ["hl", f"sev-{best}"]
    if len(covering) > 1:
        classes.append("multi")
    if all(s.doc for s in covering):
        classes.append("doc")
    starting = [s.number for s in covering if s.number not in first]
    first.update(starting)
    # One id per element: the mark takes the first finding that starts here, an empty anchor each other one.
    extra = "".join(f'<span class="anchor" id="{anchor}-{n}"></span>' for n in starting[1:])
    ident = f' id="{anchor}-{starting[0]}"' if starting else ""
    numbers = " ".join(str(s.number) for s in covering)
    title = escape("; ".join(s.title for s in covering), quote=True)
    return (
        f'{extra}<mark class="{" ".join(classes)}"{ident} data-f="{numbers}" title="{title}">{escape(chunk)}</mark>'
    )


def _ref(span: Span) -> str:
    n = span.number
    return f'<sup class="ref" data-f="{n}"><a href="#f-{n}" aria-label="finding {n}">{n}</a></sup>'


def visible_lines(count: int, flagged: set[int]) -> list[tuple[int, int, bool]]:
    """Runs (first, last, shown) over line indexes: long unflagged stretches far from findings are folded."""
    if count <= FOLD_MIN * 2 or not flagged:
        return [(0, count - 1, True)]
    keep = [False] * count
    for i in flagged:
        for j in range(max(0, i - CONTEXT), min(count, i + CONTEXT + 1)):
            keep[j] = True
    runs, start = [], 0
    for i in range(1, count + 1):
        if i == count or keep[i] != keep[start]:
            runs.append((start, i - 1, keep[start]))
            start = i
    merged: list[tuple[int, int, bool]] = []
    for first, last, shown in runs:  # a short hidden run is not worth a fold
        shown = shown or last - first + 1 < FOLD_MIN
        if merged and merged[-1][2] == shown:
            merged[-1] = (merged[-1][0], last, shown)
        else:
            merged.append((first, last, shown))
    return merged


def render_source(
    text: str, spans: list[Span], cards: dict[int, str], file_id: str, anchor: str = "h"
) -> Iterator[str]:
    """The numbered lines of a draft with highlights, each line followed by the cards of the findings ending on it.

    `cards` maps a finding number to its card's HTML; findings without one (disclosures) get no card here.
    """
    bounds = line_bounds(text)
    if len(bounds) > 1 and bounds[-1][0] == len(text):
        bounds.pop()  # the empty "line" after a final newline is not shown, as in editors
    by_line: dict[int, list[Span]] = {}
    marks: dict[int, list[Span]] = {}
    for s in spans:
        first_line = marker_line(bounds, Span(s.number, s.start, s.start + 1, s.severity, s.doc, s.title))
        last_line = marker_line(bounds, s)
        for i in range(first_line, last_line + 1):
            by_line.setdefault(i, []).append(s)
        marks.setdefault(last_line, []).append(s)
    first: set[int] = set()
    yield '<div class="src">'
    for lo, hi, shown in visible_lines(len(bounds), set(by_line)):
        if not shown:
            n = hi - lo + 1
            yield f'<details class="gap"><summary>{n} lines without findings ({lo + 1}\u2013{hi + 1})</summary>'
        for i in range(lo, hi + 1):
            here = by_line.get(i, [])
            ls, le = bounds[i]
            body = (
                render_line(text, bounds[i], here, marks.get(i, []), first, anchor) if here else escape(text[ls:le])
            )
            flag = " flagged" if here else ""
            yield (
                f'<div class="line{flag}" id="{file_id}-L{i + 1}"><span class="no" data-n="{i + 1}" '
                f'aria-hidden="true"></span><span class="tx">{body}</span></div>'
            )
            yield from (cards[s.number] for s in marks.get(i, ()) if s.number in cards)
        if not shown:
            yield "</details>"
    yield "</div>"
