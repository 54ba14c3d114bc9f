"""Sequences the stages for one document: extract, fold, split, match, filter, disclose. No I/O."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import regex

from .config import Config, rule_enabled, severity_for
from .errors import RuleError
from .filters import judge
from .findings import Dropped, Finding, downgrade
from .markup import Block, extract
from .normalize import fold
from .positions import Chain, LineIndex
from .rulepack import FLAGS, PATTERN_TIMEOUT, Rule, RuleSet
from .sentences import split_sentences


@dataclass
class _Unit:
    """A block of copy after folding: folded text, map to the original, lazily split sentences."""

    block: Block
    text: str
    chain: Chain
    _sentences: list[tuple[int, int]] | None = None

    def sentences(self) -> list[tuple[int, int]]:
        if self._sentences is None:
            self._sentences = split_sentences(self.text)
        return self._sentences

    def sentence_at(self, pos: int) -> tuple[int, int]:
        sents = self.sentences()
        i = bisect_right([s for s, _ in sents], pos) - 1
        return sents[max(i, 0)] if sents else (0, len(self.text))


class Linter:
    """Lints documents with one rule set and one config (build once, reuse for many files)."""

    def __init__(self, ruleset: RuleSet, config: Config):
        self.ruleset = ruleset
        self.config = config
        self.vocab = ruleset.vocab
        self.by_trigger: dict[str, list[Rule]] = {}
        for rule in ruleset.rules:
            for t in rule.triggers:
                self.by_trigger.setdefault(t, []).append(rule)
        # The prefilter reports the longest trigger at each position ("treatment"), so a
        # match also stands for every trigger that is a prefix of it ("treat").
        for t in sorted(self.by_trigger, key=len, reverse=True):
            for other in self.by_trigger:
                if other != t and t.startswith(other):
                    self.by_trigger[t] = list({r.id: r for r in self.by_trigger[t] + self.by_trigger[other]}.values())
        lists = {"therapy": self.vocab.lists.get("therapy") or ["\x00"]}
        self.therapy = regex.compile(r"\m\L<therapy>\M", FLAGS, **lists)
        self.disclosures = [r for r in ruleset.rules if r.kind == "disclosure"]
        self.custom_disclaimers = {
            kind: [regex.compile(r"\s+".join(regex.escape(w) for w in text.split()), FLAGS) for text in texts]
            for kind, texts in config.disclaimers
        }

    def lint(self, text: str, path: str, kind: str, explain: list[Dropped] | None = None) -> list[Finding]:
        """All findings for one document, sorted by position then rule."""
        units = []
        for block in extract(text, kind, self.config.front_matter_keys):
            folded, fmap = fold(block.text)
            units.append(_Unit(block, folded, Chain(fmap, block.map)))
        lines = LineIndex(text)
        first_therapy = self._first_therapy(units)
        findings: list[Finding] = []
        for unit in units:
            findings.extend(self._claims(unit, text, path, lines, first_therapy is not None, explain))
        if first_therapy is not None:
            findings.extend(self._disclosures(units, text, path, lines, first_therapy))
        findings.sort(key=Finding.sort_key)
        return findings

    def _first_therapy(self, units: list[_Unit]) -> tuple[int, int] | None:
        """Original span of the first mention of a regulated therapy the page does not disclaim offering."""
        not_offered = self.vocab.cues["not_offered"]
        best = None
        for unit in units:
            for m in self.therapy.finditer(unit.text):
                sent = unit.sentence_at(m.start())
                if not_offered.search(unit.text, sent[0], m.start()):
                    continue  # "We do not offer exosome treatments"
                span = (unit.chain.start(m.start()), unit.chain.end(m.end()))
                if best is None or span < best:
                    best = span
                break
        return best

    def _candidate_rules(self, unit: _Unit) -> list[Rule]:
        if self.ruleset.prefilter is None:
            return []
        seen: dict[str, Rule] = {}
        for m in self.ruleset.prefilter.finditer(unit.text, overlapped=True):
            for rule in self.by_trigger.get(m.group().lower(), ()):
                seen.setdefault(rule.id, rule)
        return [r for r in seen.values() if r.kind == "pattern" and unit.block.scope in r.scopes]

    def _claims(self, unit, text, path, lines, has_therapy, explain) -> list[Finding]:
        out: list[Finding] = []
        for rule in self._candidate_rules(unit):
            if not rule_enabled(rule.id, self.config, path):
                continue
            taken: list[tuple[int, int]] = []
            for pattern in rule.patterns:
                for m in _search(pattern, unit.text, rule):
                    span = m.span()
                    if span[0] == span[1] or any(s < span[1] and span[0] < e for s, e in taken):
                        continue
                    sent = unit.sentence_at(span[0])
                    verdict = judge(rule, unit.text, sent, span, self.vocab, has_therapy)
                    if verdict.action == "drop":
                        if explain is not None:
                            explain.append(self._dropped(unit, text, path, lines, rule, span, verdict.reasons[0]))
                        continue
                    taken.append(span)
                    severity = severity_for(rule.id, rule.severity, self.config)
                    if verdict.action == "downgrade":
                        severity = downgrade(severity)
                    out.append(self._finding(unit, text, path, lines, rule, span, severity, sent, verdict.reasons))
        return out

    def _disclosures(self, units, text, path, lines, first_therapy) -> list[Finding]:
        out = []
        for rule in self.disclosures:
            if not rule_enabled(rule.id, self.config, path):
                continue
            patterns = list(rule.patterns) + self.custom_disclaimers.get(rule.disclaimer, [])
            if any(p.search(u.text) for u in units for p in patterns):
                continue
            start, end = first_therapy
            line, col = lines.line_col(start)
            end_line, end_col = lines.line_col(end)
            out.append(Finding(
                path=path, line=line, column=col, end_line=end_line, end_column=end_col, rule=rule.id,
                category=rule.category, severity=severity_for(rule.id, rule.severity, self.config),
                message=rule.message, match=text[start:end], suggestion=rule.suggestion,
                disclaimer=rule.disclaimer, references=rule.references, start=start, end=end,
            ))
        return out

    def _finding(self, unit, text, path, lines, rule, span, severity, sent, notes) -> Finding:
        start, end = unit.chain.start(span[0]), unit.chain.end(span[1])
        line, col = lines.line_col(start)
        end_line, end_col = lines.line_col(end)
        return Finding(
            path=path, line=line, column=col, end_line=end_line, end_column=end_col, rule=rule.id,
            category=rule.category, severity=severity, message=rule.message, match=text[start:end],
            suggestion=rule.suggestion, disclaimer=None, references=rule.references, start=start, end=end,
            sentence=unit.text[sent[0]:sent[1]], notes=tuple(notes),
        )

    def _dropped(self, unit, text, path, lines, rule, span, reason) -> Dropped:
        start, end = unit.chain.start(span[0]), unit.chain.end(span[1])
        line, col = lines.line_col(start)
        return Dropped(path, line, col, rule.id, text[start:end], reason)


def _search(pattern: regex.Pattern, text: str, rule: Rule):
    try:
        return list(pattern.finditer(text, timeout=PATTERN_TIMEOUT))
    except TimeoutError:
        raise RuleError(
            f"{rule.source}: rule '{rule.id}': pattern {pattern.pattern!r} took longer than "
            f"{PATTERN_TIMEOUT:g}s (catastrophic backtracking?)"
        ) from None
