"""markdown-it's block loop with each line's rules chosen by its first character.

markdown-it tries every block rule at the start of every block, and every interrupting rule
again at each line of a paragraph, twice (a setext heading is looked for first, over the same
lines); most rules give up at once on a line of copy, which starts with a letter. Here the
rules that can take a line are looked up by its first character (the first test each rule
makes, see `spans._FIRST_CHARS`), and the setext heading and the paragraph are one scan of
their lines: the same tokens, in the same order, from fewer calls.
"""
from __future__ import annotations

from markdown_it.common.utils import mdTrim


def by_first_char(rules, first_chars: dict) -> tuple[dict, list]:
    """(first character -> the rules, in order, that may take a line starting with it; the rules
    for any other first character). `rules` is [(name, fn)]; a rule not in `first_chars` may take any."""
    chars = {c for name, _ in rules for c in first_chars.get(name, ())}
    table = {c: [fn for name, fn in rules if name not in first_chars or c in first_chars[name]] for c in chars}
    return table, [fn for name, fn in rules if name not in first_chars]


def tokenizer(rules, first_chars: dict):
    """ParserBlock.tokenize over `rules` ([(name, fn)], the enabled chain in order), dispatched."""
    table, other = by_first_char(rules, first_chars)
    every = [fn for _, fn in rules]
    get = table.get

    def tokenize(state, start_line: int, end_line: int) -> None:
        line = start_line
        empty_before = False
        src, n = state.src, len(state.src)
        max_nesting = state.md.options.maxNesting
        while line < end_line:
            state.line = line = state.skipEmptyLines(line)
            if line >= end_line or state.sCount[line] < state.blkIndent:
                break  # the end, or the end of the container this call reads
            if state.level >= max_nesting:
                state.line = end_line
                break
            pos = state.bMarks[line] + state.tShift[line]
            for rule in (get(src[pos], other) if pos < n else every):
                if rule(state, line, end_line, False):
                    if state.line <= line:
                        raise RuntimeError("block rule didn't increment state.line")
                    break
            else:
                raise RuntimeError("none of the block rules matched")
            state.tight = not empty_before
            line = state.line
            if line - 1 < end_line and state.isEmpty(line - 1):
                empty_before = True  # a paragraph may take the blank line after it in a list
            if line < end_line and state.isEmpty(line):
                empty_before = True
                line += 1
                state.line = line

    return tokenize


def paragraph_or_setext(lheading, terminators, first_chars: dict, spans):
    """markdown-it's lheading rule, then (when no underline ends the lines) its paragraph rule,
    in one scan: both walk the same lines and stop where the same interrupting rules
    (`terminators`, [(name, fn)] in order) take one. `lheading` is the rule itself, used where the
    two would not walk alike (a nested range, a code line); `spans(state, first, stop)` is what
    the inline token's meta records."""
    table, other = by_first_char(terminators, first_chars)
    get = table.get

    def rule(state, start_line: int, end_line: int, silent: bool) -> bool:
        if silent or end_line != state.lineMax or state.is_code_block(start_line):
            return lheading(state, start_line, end_line, silent)
        src, b_marks, t_shift, e_marks, s_count = state.src, state.bMarks, state.tShift, state.eMarks, state.sCount
        indent = state.blkIndent
        old_parent = state.parentType
        state.parentType = "paragraph"
        level = 0
        marker = ""
        line = start_line + 1
        while line < end_line:
            pos, end = b_marks[line] + t_shift[line], e_marks[line]
            if pos >= end:
                break  # a blank line
            count = s_count[line]
            if count - indent > 3:
                line += 1  # a lazy continuation, whatever it holds
                continue
            c = src[pos]
            if count >= indent and (c == "-" or c == "="):
                if state.skipSpaces(state.skipCharsStr(pos, c)) >= end:
                    level, marker = (1 if c == "=" else 2), c  # a setext underline
                    break
            if count < 0:
                line += 1
                continue
            for term in get(c, other):
                if term(state, line, end_line, True):
                    break  # a block that interrupts the paragraph starts here
            else:
                line += 1
                continue
            break
        content = mdTrim(state.getLines(start_line, line, indent, False))
        if level:
            state.line = line + 1
            _push(state, "heading_open", "h" + str(level), 1, [start_line, state.line]).markup = marker
            _inline(state, content, start_line, line, spans)
            _push(state, "heading_close", "h" + str(level), -1, None).markup = marker
            state.parentType = old_parent
        else:  # as paragraph: after the lheading that found no underline, the parent type stays 'paragraph'
            state.line = line
            _push(state, "paragraph_open", "p", 1, [start_line, line])
            _inline(state, content, start_line, line, spans)
            _push(state, "paragraph_close", "p", -1, None)
        return True

    return rule


def _push(state, kind: str, tag: str, nesting: int, line_map):
    token = state.push(kind, tag, nesting)
    if line_map is not None:
        token.map = line_map
    return token


def _inline(state, content: str, first: int, stop: int, spans) -> None:
    token = _push(state, "inline", "", 0, [first, stop])
    token.content = content
    token.children = []
    token.meta["spans"] = spans(state, first, stop)
