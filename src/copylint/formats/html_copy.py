"""The copy view: a draft as its reader sees it (the blocks of copy the rules read), highlights mapped onto them.

Blocks come from `markup.extract`, as the engine builds them; each finding's span in the original file is carried
onto a block's text through the block's offset map, so a highlight covers exactly the copy characters that came
from the flagged source characters (an entity, a tag boundary or a wrapped line do not shift it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape

from ..markup import FRONT_MATTER_KEYS, Block, extract
from ..positions import LineIndex
from .html_source import Span, render_line, visible_lines

SCOPE_LABELS = {"alt": "Image or link text", "meta": "Page metadata", "table": "Table cell"}


@dataclass
class Paragraph:
    """One block of copy, the line it starts on, and the block-relative ranges of the findings it holds."""

    block: Block
    line: int
    spans: list[Span] = field(default_factory=list)


def source_ranges(block: Block) -> list[tuple[int, int, int, int]]:
    """(block start, block end, source start, source end) of each piece; a synthetic piece stands for its range."""
    out = []
    for a, b, src, srclen, copy in block.map.pieces(0, len(block.text)):
        out.append((a, b, src, src + (b - a)) if copy else (a, b, src, src + srclen))
    return out


def block_ranges(pieces, start: int, end: int) -> list[tuple[int, int]]:
    """Block-relative ranges whose source characters fall in [start, end) of the original text."""
    out: list[tuple[int, int]] = []
    for a, b, s0, s1 in pieces:
        if s1 - s0 == b - a and s1 > s0:  # one to one: clip the piece
            lo, hi = max(start, s0), min(end, s1)
            if lo >= hi:
                continue
            r = (a + lo - s0, a + hi - s0)
        elif s0 < end and (start < s1 or s0 == s1 == start):
            r = (a, b)
        else:
            continue
        if out and out[-1][1] == r[0]:
            out[-1] = (out[-1][0], r[1])
        else:
            out.append(r)
    return out


def layout(text: str, kind: str, spans: list[Span], keys: tuple[str, ...] = FRONT_MATTER_KEYS) -> list[Paragraph]:
    """The draft's blocks in page order, each with the (block-relative) parts of the spans that reach it.

    One pass over blocks and spans, both by source start: a span joins the active set when a block reaches
    its start and leaves it once blocks start past its end, so the cost stays linear in findings and blocks.
    """
    lines = LineIndex(text)
    blocks = []
    for block in extract(text, kind, keys):
        pieces = source_ranges(block)
        blocks.append((min((p[2] for p in pieces), default=0), max((p[3] for p in pieces), default=0), block, pieces))
    blocks.sort(key=lambda b: b[0])
    ordered = sorted(spans, key=lambda s: s.start)
    active: list[Span] = []
    nxt = 0
    paragraphs = []
    for lo, hi, block, pieces in blocks:
        while nxt < len(ordered) and ordered[nxt].start <= hi:
            active.append(ordered[nxt])
            nxt += 1
        active = [s for s in active if s.end >= lo]
        para = Paragraph(block, lines.line_col(lo)[0])
        for s in active:
            for a, b in block_ranges(pieces, s.start, s.end):
                para.spans.append(Span(s.number, a, b, s.severity, s.doc, s.title))
        paragraphs.append(para)
    return paragraphs


def placed(paragraphs: list[Paragraph]) -> set[int]:
    """Numbers of the findings the copy view shows (a finding on markup alone, e.g. a comment, has no place)."""
    return {s.number for p in paragraphs for s in p.spans}


def render_copy(paragraphs: list[Paragraph], cards: dict[int, str], file_id: str) -> Iterator[str]:
    """The copy, paragraph by paragraph, each followed by the cards of the findings that end in it."""
    last: dict[int, int] = {}
    for i, p in enumerate(paragraphs):
        for s in p.spans:
            last[s.number] = i
    first: set[int] = set()
    flagged = {i for i, p in enumerate(paragraphs) if p.spans}
    yield '<div class="copy">'
    for lo, hi, shown in visible_lines(len(paragraphs), flagged):
        if not shown:
            yield (
                f'<details class="gap"><summary>{hi - lo + 1} paragraphs without findings '
                f"(lines {paragraphs[lo].line}\u2013{paragraphs[hi].line})</summary>"
            )
        for i in range(lo, hi + 1):
            p = paragraphs[i]
            ends = [s for s in p.spans if last[s.number] == i]
            ends = list({s.number: s for s in ends}.values())  # a span cut in pieces: the marker after its last
            yield _paragraph(p, ends, first, f"{file_id}-P{i + 1}")
            yield from (cards[s.number] for s in ends if s.number in cards)
        if not shown:
            yield "</details>"
    yield "</div>"


def _paragraph(p: Paragraph, ends: list[Span], first: set[int], ident: str) -> str:
    text = p.block.text
    body = render_line(text, (0, len(text)), p.spans, ends, first) if p.spans else escape(text)
    label = SCOPE_LABELS.get(p.block.scope)
    tag = f'<span class="scope">{label}</span> ' if label else ""
    flag = " flagged" if p.spans else ""
    return (
        f'<div class="para scope-{escape(p.block.scope, quote=True)}{flag}" id="{ident}">'
        f'<span class="no" data-n="{p.line}" title="line {p.line}" aria-hidden="true"></span>'
        f'<p class="tx">{tag}{body}</p></div>'
    )
