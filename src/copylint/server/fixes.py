"""Quick fixes for a finding, as edits in code-point offsets of the buffer (lsp.py converts them).

- Rewrite: where the rule offers a literal rewrite. A rule pack field `replacement:` (proposed,
  not in the packs yet) replaces exactly the flagged span. Otherwise a suggestion counts as
  literal when it is one quoted sentence with nothing to fill in (`"Results vary; ..."`, no
  `[treatment]`, `{therapy}` or `...`): it rewrites the whole flagged sentence, so the quick fix
  replaces that sentence, found through copylint's own reader, folding and sentence splitter.
  Advice ("Remove it.", "Cite the study ...") is never applied.
- Suppress: a `disable-next-line RULE -- reason` directive above the line, in the document's own
  comment syntax. In Markdown a comment line inside a paragraph or list would split it, so there
  the fix appends `disable-line` to the line itself unless the line starts a block.
- Disclose: a missing disclosure's suggested wording added at the end of the document (in HTML,
  as a paragraph before `</body>`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..findings import Finding

REASON = "TODO: why this copy is acceptable"
_QUOTED = re.compile(r'\s*["\u201c](?P<body>[^"\u201c\u201d]+)["\u201d]\s*')
_TO_FILL = re.compile(r"\[[^\]]*\]|\{[^}]*\}|\.\.\.|\u2026")


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] (code points) with `text`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Fix:
    """One code action: a title, its edits and whether it is the preferred fix."""

    title: str
    kind: str  # "quickfix"
    edits: tuple[Edit, ...]
    finding: Finding
    preferred: bool = False


def literal_suggestion(suggestion: str | None) -> str | None:
    """The text of a suggestion that is one quoted rewrite with no placeholder, else None."""
    m = _QUOTED.fullmatch(suggestion or "")
    if not m or _TO_FILL.search(m.group("body")):
        return None
    return " ".join(m.group("body").split())


def fixes_for(finding: Finding, rule, text: str, kind: str, mdx: bool, sentences, directives: bool = True) -> list[Fix]:
    """Every quick fix for one finding. `sentences(offset)` gives the original span of its sentence;
    `directives` is False where copylint would not read the directive the fix inserts."""
    out = []
    rewrite = _rewrite(finding, rule, sentences)
    if rewrite:
        out.append(rewrite)
    if finding.category == "missing-disclaimer":
        disclose = disclosure_fix([finding], text, kind)
        if disclose:
            out.append(disclose)
    directive = directive_fix(finding, text, kind, mdx) if directives else None
    if directive:
        out.append(directive)
    return out


def _rewrite(finding: Finding, rule, sentences) -> Fix | None:
    if finding.category in ("missing-disclaimer", "suppression"):
        return None
    replacement = getattr(rule, "replacement", None)
    if isinstance(replacement, str) and replacement:
        return Fix(f"Replace with \u201c{replacement}\u201d", "quickfix",
                   (Edit(finding.start, finding.end, replacement),), finding, preferred=True)
    literal = literal_suggestion(finding.suggestion)
    if literal is None:
        return None
    span = sentences(finding.start)
    if span is None or not span[0] <= finding.start < span[1]:
        return None
    return Fix(f"Rewrite the sentence: \u201c{_short(literal)}\u201d", "quickfix",
               (Edit(span[0], span[1], literal),), finding, preferred=True)


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[:width - 1].rstrip() + "\u2026"


def _comment(body: str, kind: str, mdx: bool) -> str:
    if mdx:
        return "{/* " + body + " */}"
    if kind == "text":
        return "# " + body
    return "<!-- " + body + " -->"


def _line_bounds(text: str, offset: int) -> tuple[int, int]:
    """Start of the line holding `offset`, and the end of its text (before the line break)."""
    start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    m = re.compile(r"\r\n|\r|\n").search(text, offset)
    return start, m.start() if m else len(text)


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\r" if "\r" in text and "\n" not in text else "\n"


def directive_fix(finding: Finding, text: str, kind: str, mdx: bool) -> Fix | None:
    """A suppression comment for this finding's rule that covers its line."""
    if finding.category == "suppression" or _in_front_matter(text, finding.start, kind):
        return None
    start, end = _line_bounds(text, finding.start)
    line = text[start:end]
    indent = line[:len(line) - len(line.lstrip(" \t"))]
    rule = finding.rule
    if kind == "markdown" and mdx and _in_html_block(text, start):
        return None  # copylint reads {/* */} only in Markdown copy, not inside a JSX (HTML) block
    if kind == "markdown" and not _starts_block(text, start):
        comment = _comment(f"copylint: disable-line {rule} -- {REASON}", kind, mdx)
        # In a table row, after the last pipe would be a cell past the header's, which is dropped:
        # the comment goes inside the row's last cell instead.
        at = end - (len(line) - len(line.rstrip())) - 1 if _TABLE_ROW_END.search(line) else end
        lead, pad = ("" if text[at - 1] in " \t" else " ", " ") if at < end else (" ", "")
        return Fix(f"Suppress {rule} on this line", "quickfix", (Edit(at, at, lead + comment + pad),), finding)
    comment = _comment(f"copylint: disable-next-line {rule} -- {REASON}", kind, mdx)
    return Fix(f"Suppress {rule} on the next line", "quickfix",
               (Edit(start, start, indent + comment + _newline(text)),), finding)


def _starts_block(text: str, line_start: int) -> bool:
    """Does a Markdown line start a block (the first line, a line after a blank one, or a heading)?"""
    if line_start == 0 or _HEADING.match(text, line_start):
        return True
    brk = 2 if text.startswith("\r\n", line_start - 2) else 1
    prev_start, prev_end = _line_bounds(text, line_start - brk)
    return not text[prev_start:prev_end].strip()


_HEADING = re.compile(r"[ \t]{0,3}#")
_TABLE_ROW_END = re.compile(r"(?<!\\)\|\s*$")  # a line that ends in an unescaped pipe
# CommonMark HTML blocks that end at a blank line: one of its block tags (kind 6), or a line
# holding only a complete tag, as a JSX component's `<Card>` (kind 7).
_BLOCK_TAGS = ("address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|"
               "dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|"
               "hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|"
               "search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul")
_HTML_BLOCK_START = re.compile(rf" {{0,3}}(?:</?(?:{_BLOCK_TAGS})(?:[\s/>]|$)"
                               r"|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>[ \t]*(?:\r?\n|\r|$))", re.I)


def _in_html_block(text: str, line_start: int) -> bool:
    """Is a Markdown line part of a block that starts with a tag (an HTML block, JSX in MDX)? Such a
    block runs to the next blank line, so its first line is the first after a blank one."""
    at = line_start
    while at > 0:
        brk = 2 if text.startswith("\r\n", at - 2) else 1
        prev_start, prev_end = _line_bounds(text, at - brk)
        if not text[prev_start:prev_end].strip():
            break
        at = prev_start
    return bool(_HTML_BLOCK_START.match(text, at))


def _in_front_matter(text: str, offset: int, kind: str) -> bool:
    """Is the offset inside a leading YAML front matter block (where a comment would change a value)?"""
    if kind != "markdown" or not text.startswith("---"):
        return False
    m = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M).search(text, 3)
    return m is not None and offset < m.end()


def disclosure_fix(findings: list[Finding], text: str, kind: str) -> Fix | None:
    """Add the suggested wording of missing disclosures at the end of the document."""
    wordings = [w for w in (literal_suggestion(f.suggestion) for f in findings) if w]
    if not wordings:
        return None
    nl = _newline(text)
    if kind == "html":
        import html

        body = "".join(f"<p>{html.escape(w, quote=False)}</p>{nl}" for w in wordings)
        close = [m.start() for m in re.finditer(r"</body\s*>", text, re.I)]
        if close:
            at = _line_bounds(text, close[-1])[0]
            if text[at:close[-1]].strip():  # </body> shares its line: put the text right before it
                at = close[-1]
            return _disclose(findings, Edit(at, at, body))
        return _disclose(findings, Edit(len(text), len(text), _separator(text, nl, 1) + body))
    body = (nl + nl).join(wordings) + nl
    return _disclose(findings, Edit(len(text), len(text), _separator(text, nl, 2) + body))


def _separator(text: str, nl: str, blank: int) -> str:
    """Line breaks so that what is appended starts after `blank` - 1 blank lines (none for an empty text)."""
    if not text.strip():
        return ""
    have = len(text) - len(text.rstrip("\r\n"))
    have = text[len(text) - have:].count("\n") or text[len(text) - have:].count("\r")
    return nl * max(0, blank - have)


def _disclose(findings: list[Finding], edit: Edit) -> Fix:
    kinds = ", ".join(f.disclaimer or f.rule for f in findings)
    title = f"Add the missing disclosure{'s' if len(findings) > 1 else ''} at the end ({kinds})"
    return Fix(title, "quickfix", (edit,), findings[0], preferred=len(findings) == 1)
