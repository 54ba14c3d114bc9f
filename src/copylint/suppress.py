"""Inline suppressions: directive comments in a draft, applied to its findings; unused ones are reported.

Markdown and HTML drafts use comments (`<!-- copylint: disable-next-line safety -- reason -->`); plain
text uses a line of its own (`# copylint: disable-next-line safety -- reason`). Directives are found
in the ORIGINAL text, since the extractors drop comments before any rule sees the copy.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from .config import Config, rule_enabled, rule_matches, severity_for
from .findings import Finding

UNUSED = "copylint.unused-suppression"
NO_REASON = "copylint.suppression-reason"
INVALID = "copylint.invalid-suppression"
ACTIONS = ("disable-next-line", "disable-line", "disable", "enable", "disable-file")

# One directive. `html` decides the terminator: `-->` for a comment, the end of the line for the text form.
# Rule ids are separated by commas or spaces; ` -- ` starts the reason, which is free text.
DIRECTIVE = regex.compile(
    r"""
    (?: (?P<html> <!-- ) | ^ [ \t]* \#+ )
    [ \t]* copylint: [ \t]* (?P<action> [A-Za-z-]+ )
    (?P<rules> (?: (?: [ \t]* , [ \t]* | [ \t]+ ) [A-Za-z0-9_*][\w.*-]* )* )
    (?: [ \t]+ -- (?! > ) (?P<reason> (?(html) (?: (?! --> ). )*? | [^\r\n]*? ) ) )?
    [ \t]* (?(html) --> | $ )
    """,
    regex.VERBOSE | regex.MULTILINE | regex.DOTALL,
)
# Anything that looks like a directive; one DIRECTIVE does not match is reported as invalid.
LOOSE = regex.compile(r"<!--[ \t]*copylint:|^[ \t]*\#+[ \t]*copylint:", regex.MULTILINE)
_NEWLINE = regex.compile(r"\r\n|\r|\n")


@dataclass
class Directive:
    """One parsed suppression comment and what it covers; records which of its rules it silenced."""

    action: str
    selectors: tuple[str, ...]  # empty: every rule
    reason: str
    start: int
    end: int
    lines: tuple[int, int]  # first and last line of the comment itself
    region: tuple[int, int] = (0, 0)  # offsets a disable/enable block covers
    target_line: int = 0  # the line disable-next-line covers
    used: set[str] = field(default_factory=set)  # selectors that silenced something ("" for all rules)
    closed: bool = False  # for `enable`: it ended a block
    inside_bare: bool = False  # for `enable rule`: a bare `disable` (all rules) was open, which it cannot end

    def covers(self, finding: Finding) -> bool:
        """Is the finding in this directive's reach (ignoring which rule it is)?"""
        if self.action == "disable-file":
            return True
        if self.action == "disable-next-line":
            return finding.line == self.target_line
        if self.action == "disable-line":
            return self.lines[0] <= finding.line <= self.lines[1]
        if self.action == "disable":
            return self.region[0] <= finding.start < self.region[1]
        return False

    def silences(self, rule: str) -> str | None:
        """The selector that names this rule ('' when the directive names none), or None."""
        if not self.selectors:
            return ""
        return next((s for s in self.selectors if rule_matches(rule, (s,))), None)


class _Lines:
    """Line numbers of offsets and the next non-blank line, for one text."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def next_content_line(self, line: int) -> int:
        for number in range(line + 1, len(self.starts) + 1):
            begin = self.starts[number - 1]
            end = self.starts[number] if number < len(self.starts) else len(self.text)
            if self.text[begin:end].strip():
                return number
        return line + 1


def parse(text: str, kind: str = "markdown") -> tuple[list[Directive], list[tuple[int, int]]]:
    """Directives in a draft, and the spans of comments that look like directives but do not parse."""
    if "copylint:" not in text:
        return [], []
    lines = _Lines(text)
    found: list[Directive] = []
    for m in DIRECTIVE.finditer(text):
        if not m.group("html") and kind != "text":
            continue  # a '# ' line is a heading in Markdown, not a directive
        selectors = tuple(s for s in regex.split(r"[\s,]+", m.group("rules") or "") if s)
        first, last = lines.line_col(m.start())[0], lines.line_col(m.end() - 1)[0]
        reason = " ".join((m.group("reason") or "").split())
        found.append(Directive(m.group("action").lower(), selectors, reason, m.start(), m.end(),
                               (first, last), target_line=lines.next_content_line(last)))
    starts = {d.start for d in found}
    invalid = [(m.start(), _line_end(text, m.end())) for m in LOOSE.finditer(text)
               if m.start() not in starts and (m.group().startswith("<!--") or kind == "text")]
    invalid += [(d.start, d.end) for d in found if d.action not in ACTIONS]
    valid = [d for d in found if d.action in ACTIONS]
    _close_blocks(valid, len(text))
    return valid, sorted(invalid)


def _line_end(text: str, pos: int) -> int:
    end = _NEWLINE.search(text, pos)
    return end.start() if end else len(text)


def _close_blocks(directives: list[Directive], text_end: int) -> None:
    """Give each `disable` block its region: up to the `enable` that names one of its rules, or the end."""
    open_blocks: list[Directive] = []
    for d in directives:
        if d.action == "disable":
            d.region = (d.end, text_end)
            open_blocks.append(d)
        elif d.action == "enable":
            d.inside_bare = any(not block.selectors for block in open_blocks)
            for block in list(open_blocks):
                if not d.selectors or set(block.selectors) & set(d.selectors):
                    block.region = (block.end, d.start)
                    open_blocks.remove(block)
                    d.closed = True


def apply(findings: list[Finding], directives: list[Directive]) -> list[Finding]:
    """The findings no directive silences; each directive records what it silenced."""
    kept = []
    for f in findings:
        silenced = False
        for d in directives:
            if d.action != "enable" and d.covers(f):
                sel = d.silences(f.rule)
                if sel is not None:
                    d.used.add(sel)
                    silenced = True
        if not silenced:
            kept.append(f)
    return kept


def suppress(findings: list[Finding], text: str, path: str, kind: str, config: Config,
             known_rules: Iterable[str], require_reason: bool = False) -> list[Finding]:
    """Apply a draft's directives to its findings and add findings about the directives themselves."""
    directives, invalid = parse(text, kind)
    if not directives and not invalid:
        return findings
    spans = [(d.start, d.end) for d in directives] + invalid
    # In plain text the directive line is read as copy; whatever a rule found inside it is not a claim.
    findings = [f for f in findings if not any(s <= f.start < e for s, e in spans)]
    kept = apply(findings, directives)
    known = tuple(known_rules)
    enabled = tuple(r for r in known if rule_enabled(r, config, path))
    meta = _Meta(text, path, config)
    for d in directives:
        meta.about(d, _problems(d, known, enabled, require_reason))
    for start, end in invalid:
        meta.add(INVALID, start, end, "invalid copylint directive: expected 'copylint: "
                 "disable-next-line|disable-line|disable|enable|disable-file [rule-ids] [-- reason]'")
    return kept + meta.findings


def _problems(d: Directive, known: tuple[str, ...], enabled: tuple[str, ...], require_reason: bool):
    """(rule, message) pairs to report for one directive."""
    out = []
    if d.action == "enable":
        if not d.closed and d.inside_bare:
            out.append((UNUSED, "'enable' with rule ids cannot end a 'disable' of all rules; "
                                "use a bare 'enable'"))
        elif not d.closed:
            out.append((UNUSED, "'enable' without a matching 'disable' above it"))
        return out
    if require_reason and not d.reason:
        out.append((NO_REASON, "suppression without a reason: add ' -- why this copy is acceptable'"))
    if not d.selectors:
        if "" not in d.used:
            out.append((UNUSED, f"unused suppression: no finding to silence ({d.action})"))
        return out
    for sel in d.selectors:
        if sel in d.used:
            continue
        if not any(rule_matches(r, (sel,)) for r in known):
            out.append((UNUSED, f"unused suppression: unknown rule '{sel}' (see 'copylint rules')"))
        elif any(rule_matches(r, (sel,)) for r in enabled):
            out.append((UNUSED, f"unused suppression: no '{sel}' finding to silence ({d.action})"))
    return out


class _Meta:
    """Builds findings about directives, positioned on the directive comment."""

    def __init__(self, text: str, path: str, config: Config):
        self.text, self.path, self.config = text, path, config
        self.lines = _Lines(text)
        self.findings: list[Finding] = []

    def about(self, d: Directive, problems) -> None:
        for rule, message in problems:
            self.add(rule, d.start, d.end, message)

    def add(self, rule: str, start: int, end: int, message: str) -> None:
        if not rule_enabled(rule, self.config, self.path):
            return
        meta = meta_rules()[rule]
        line, col = self.lines.line_col(start)
        end_line, end_col = self.lines.line_col(end)
        snippet = self.text[start:end]
        self.findings.append(Finding(
            path=self.path, line=line, column=col, end_line=end_line, end_column=end_col, rule=rule,
            category="suppression", severity=severity_for(rule, meta.severity, self.config), message=message,
            match=snippet, suggestion=meta.suggestion, start=start, end=end,
            sentence=" ".join(snippet.split()),
        ))


@lru_cache(maxsize=1)
def meta_rules() -> dict:
    """Metadata (rule id -> Rule) for the findings copylint reports about suppressions themselves."""
    from .rulepack import Rule

    def rule(rid: str, severity: str, message: str, suggestion: str, description: str) -> Rule:
        return Rule(id=rid, kind="pattern", category="suppression", severity=severity, message=message,
                    patterns=(), source="copylint (built in)", suggestion=suggestion, description=description)

    return {r.id: r for r in (
        rule(UNUSED, "warning", "A suppression comment that silences nothing.",
             "Remove the directive, or the rule id that no longer applies.",
             "Stale suppressions hide future problems in copy that was rewritten (like ruff's RUF100)."),
        rule(NO_REASON, "error", "A suppression comment without a reason.",
             "Add ' -- reason' to the directive, e.g. the legal review that approved the wording.",
             "Reported with --require-reason: every exception to a compliance rule should say why."),
        rule(INVALID, "error", "A copylint directive that cannot be parsed.",
             "Write 'copylint: disable-next-line rule-id -- reason' "
             "(or disable-line, disable, enable, disable-file).",
             "A misspelled directive silences nothing, so the copy it was meant for is still reported."),
    )}
