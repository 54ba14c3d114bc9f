"""Inline suppressions: directive comments in a draft, applied to its findings; unused ones are reported.

Markdown and HTML drafts use comments (`<!-- copylint: disable-next-line safety -- reason -->`, or in
MDX `{/* copylint: ... */}`); plain text uses a line of its own (`# copylint: ...` or `// copylint: ...`).
The readers report the comments they actually parsed (see `readers.Comment`), so a directive shown
inside code is not one; this module parses each comment's body and applies the directives.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from .config import Config, rule_matches, severity_for
from .findings import Finding
from .lazyregex import lazy
from .positions import LineIndex

UNUSED = "copylint.unused-suppression"
NO_REASON = "copylint.suppression-reason"
INVALID = "copylint.invalid-suppression"
ACTIONS = ("disable-next-line", "disable-line", "disable", "enable", "disable-file")

# One directive: the body of a comment (what is between its markers). Rule ids are separated by
# commas or spaces; ` -- ` starts the reason, which is free text. The reason is greedy up to its
# last non-space character: a lazy one retried the trailing `\s*\Z` at every character, which
# cost quadratic time on a long run of spaces.
DIRECTIVE = lazy(
    r"""
    [ \t]* copylint: [ \t]* (?P<action> [A-Za-z-]+ )
    (?P<rules> (?: (?: [ \t]* , [ \t]* | [ \t]+ ) [A-Za-z0-9_*][\w.*-]* )* )
    (?: [ \t]+ -- (?! > ) (?P<reason> (?: .* \S )? ) )?
    \s* \Z
    """,
    regex.VERBOSE | regex.DOTALL,
)
# A comment that is addressed to copylint; one whose body DIRECTIVE does not match is invalid.
LOOSE = lazy(r"\s*copylint\s*:", regex.IGNORECASE)
_NEWLINE = re.compile(r"\r\n|\r|\n")
_NON_SPACE = re.compile(r"\S")  # re's \s is str.isspace(), what a blank line is made of


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


def parse(text: str, kind: str = "markdown") -> tuple[list[Directive], list[tuple[int, int]]]:
    """Directives in a draft, and the spans of comments that look like directives but do not parse."""
    from .readers import read

    return directives(text, read(text, kind).comments, LineIndex(text))


def directives(text: str, comments, lines: LineIndex) -> tuple[list[Directive], list[tuple[int, int]]]:
    """The directives of the comments a reader parsed, and the spans of those that do not parse."""
    found: list[Directive] = []
    invalid: list[tuple[int, int]] = []
    targets: dict[int, int] = {}  # line -> the next line with copy (many comments can share a line)
    for c in comments:
        if not LOOSE.match(c.body):
            continue  # a comment that only mentions copylint
        m = DIRECTIVE.match(c.body)
        if m is None or m.group("action").lower() not in ACTIONS:
            invalid.append((c.start, c.end))
            continue
        selectors = tuple(s for s in regex.split(r"[\s,]+", m.group("rules") or "") if s)
        first, last = lines.line_col(c.start)[0], lines.line_col(max(c.end - 1, c.start))[0]
        reason = " ".join((m.group("reason") or "").split())
        if last not in targets:
            targets[last] = _next_content_line(text, lines, c.end, last)
        found.append(Directive(m.group("action").lower(), selectors, reason, c.start, c.end,
                               (first, last), target_line=targets[last]))
    _close_blocks(found, len(text))
    return found, sorted(invalid)


def _next_content_line(text: str, lines: LineIndex, end: int, last: int) -> int:
    """The first line after line `last` (where a comment ends, at `end`) that holds copy."""
    brk = _NEWLINE.search(text, end)
    content = _NON_SPACE.search(text, brk.end()) if brk else None
    return lines.line_col(content.start())[0] if content else last + 1


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
    """The findings no directive silences; each directive records what it silenced.

    Line directives are indexed by the line they cover and `disable` blocks by selector (their
    regions merged, findings' offsets bisected), so a page with many directives and many
    findings costs about their sum, not their product."""
    by_line: dict[int, list[Directive]] = {}
    whole: list[Directive] = []
    blocks: list[Directive] = []
    for d in directives:
        if d.action == "disable-file":
            whole.append(d)
        elif d.action == "disable-next-line":
            by_line.setdefault(d.target_line, []).append(d)
        elif d.action == "disable-line":
            for line in range(d.lines[0], d.lines[1] + 1):
                by_line.setdefault(line, []).append(d)
        elif d.action == "disable":
            blocks.append(d)
    regions = _Regions(blocks, findings)
    kept = []
    for f in findings:
        silenced = regions.silences(f)
        for d in (*whole, *by_line.get(f.line, ())):
            sel = d.silences(f.rule)
            if sel is not None:
                d.used.add(sel)
                silenced = True
        if not silenced:
            kept.append(f)
    return kept


class _Regions:
    """The regions of `disable` blocks, per selector: which findings they silence, which selectors were used."""

    def __init__(self, blocks: list[Directive], findings: list[Finding]):
        from bisect import bisect_left

        self.selectors: dict[str, tuple[list[int], list[int]]] = {}  # selector -> merged regions (starts, ends)
        by_selector: dict[str, list[Directive]] = {}
        for d in blocks:
            for sel in d.selectors or ("",):
                by_selector.setdefault(sel, []).append(d)
        by_rule: dict[str, list[int]] = {}
        for f in findings:
            by_rule.setdefault(f.rule, []).append(f.start)
        for sel, directives in by_selector.items():
            starts: list[int] = []
            ends: list[int] = []
            for lo, hi in sorted(d.region for d in directives):
                if starts and lo <= ends[-1]:
                    ends[-1] = max(ends[-1], hi)
                elif lo < hi:
                    starts.append(lo)
                    ends.append(hi)
            self.selectors[sel] = (starts, ends)
            # which blocks silenced something: is a finding of a matching rule inside the region?
            offsets = sorted(o for rule, found in by_rule.items() if sel == "" or rule_matches(rule, (sel,))
                             for o in found)
            for d in directives:
                i = bisect_left(offsets, d.region[0])
                if i < len(offsets) and offsets[i] < d.region[1]:
                    d.used.add(sel)

    def silences(self, f: Finding) -> bool:
        from bisect import bisect_right

        for sel, (starts, ends) in self.selectors.items():
            if sel and not rule_matches(f.rule, (sel,)):
                continue
            i = bisect_right(starts, f.start) - 1
            if i >= 0 and f.start < ends[i]:
                return True
        return False


@dataclass
class Suppressed:
    """What the suppress stage made of one draft's findings."""

    kept: list[Finding]  # findings no directive silenced, and findings about the directives
    unused: list[Directive]  # directives (or their rule ids) that silenced nothing


def suppress(findings: list[Finding], text: str, comments, lines: LineIndex, path: str, config: Config,
             known_rules: Iterable[str], enabled: Iterable[str], require_reason: bool = False) -> Suppressed:
    """Apply a draft's directive comments to its findings and add findings about the directives.

    `known_rules` are every rule id of the run, `enabled` those selected for this file."""
    found, invalid = directives(text, comments, lines)
    if not found and not invalid:
        return Suppressed(findings, [])
    kept = apply(findings, found)
    known = tuple(known_rules)
    enabled = frozenset(enabled)
    meta = _Meta(text, path, config, lines, enabled)
    unused = []
    for d in found:
        problems = _problems(d, known, tuple(enabled), require_reason)
        if any(rule == UNUSED for rule, _ in problems):
            unused.append(d)
        meta.about(d, problems)
    for start, end in invalid:
        meta.add(INVALID, start, end, "invalid copylint directive: expected 'copylint: "
                 "disable-next-line|disable-line|disable|enable|disable-file [rule-ids] [-- reason]'")
    return Suppressed(kept + meta.findings, unused)


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

    def __init__(self, text: str, path: str, config: Config, lines: LineIndex, enabled: frozenset[str]):
        self.text, self.path, self.config = text, path, config
        self.lines = lines
        self.enabled = enabled
        self.findings: list[Finding] = []

    def about(self, d: Directive, problems) -> None:
        for rule, message in problems:
            self.add(rule, d.start, d.end, message)

    def add(self, rule: str, start: int, end: int, message: str) -> None:
        if rule not in self.enabled:
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
