"""Sequences the stages for one document: extract, fold, split, match, filter, disclose. No I/O."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

import regex

try:
    import ahocorasick  # C Aho-Corasick automaton for the prefilter
except ImportError:  # pragma: no cover - a platform without its wheel: the `re` trie does the same job
    ahocorasick = None

from . import anchors, programs
from .anchors import fast
from .answers import answer_findings, has_question
from .config import Config, rule_enabled, severity_for
from .filters import DocContext, claim_clause, judge, resolve_subject
from .findings import Dropped, FileReport, Finding, downgrade
from .frames import slot_of_group
from .literals import literals_of
from .normalize import fold
from .positions import Chain, LineIndex
from .readers import Block, Reading, iter_blocks
from .rulepack import FLAGS, PATTERN_TIMEOUT, Rule, RuleSet, _timeout_error, timed_search
from .sentences import split_sentences
from .survey import PageSurvey


@dataclass
class _Unit:
    """A block of copy after folding: folded text, map to the original, lazily split sentences."""

    block: Block
    text: str
    chain: Chain
    present: int = 0  # mask of the literal sets the block holds (see _Prefilter.scan)
    _sentences: list[tuple[int, int]] | None = None
    _starts: list[int] | None = None
    _texts: dict | None = None
    _asked: bool | None = None  # does it put a question in other words (see answers.asks)

    def sentences(self) -> list[tuple[int, int]]:
        if self._sentences is None:
            self._sentences = split_sentences(self.text)
            self._starts = [s for s, _ in self._sentences]
        return self._sentences

    def sentence_at(self, pos: int) -> tuple[int, int]:
        sents = self.sentences()
        i = bisect_right(self._starts, pos) - 1
        return sents[max(i, 0)] if sents else (0, len(self.text))

    def sentence_text(self, sent: tuple[int, int]) -> str:
        """The sentence's text, one string shared by all its findings (memory stays bounded by the file)."""
        if self._texts is None:
            self._texts = {}
        if sent not in self._texts:
            self._texts[sent] = self.text[sent[0]:sent[1]]
        return self._texts[sent]


class _Prefilter:
    """Which rules, and which of their patterns, can match a block of copy at all.

    A rule runs only on a block that contains one of its triggers (the pack's choice), and
    each of its patterns only on a block that holds the literals every match of that
    pattern holds (derived from the pattern itself, see `literals`, so skipping never loses
    a match). Both kinds of word are found in one pass over the case-folded block by an
    Aho-Corasick automaton (pyahocorasick, in C), which reports every occurrence of every word,
    overlapping ones included, at a cost that does not grow with the number of words (the
    regex module's named lists slow down by orders of magnitude with thousands). Without that
    library, a trie of the words as one `re` pattern in a lookahead does the same job about
    half as fast: it reports the longest word at each position, so each word there also stands
    for the shorter words that are its prefixes ('treatment' for 'treat'). Case folding makes
    either a superset of a case-insensitive search: a word is never missed.
    """

    def __init__(self, rules: tuple[Rule, ...], lists: dict[str, list[str]], literals: bool = True,
                 automaton: bool = True, cache=None, plan: tuple | None = None):
        # Sets are int bit masks: bit i of a rule mask is rules[i]; bit k of a literal mask is
        # the k-th literal set of some pattern. A block's scan ORs the masks of its words.
        self.rules = rules
        self.cache = cache
        self.lists = lists
        if not (literals and plan_fits(plan, rules, lists)):
            plan = prefilter_plan(rules, lists, cache, literals)
        _, _, _, words, masks, needs_by_rule, self.always = plan
        self.needs: dict[int, int] = {}  # id(pattern) -> mask of the literal sets it needs
        self.patterns: dict[int, list[tuple[regex.Pattern, int]]] = {}
        self.wants: dict[int, int] = {}  # rule index -> mask of every literal set one of its patterns needs
        self._runs: dict[tuple[int, int], list] = {}  # (rule index, its wanted sets present) -> patterns to run
        for i, (rule, needs) in enumerate(zip(rules, needs_by_rule, strict=True)):
            for pattern, n in zip(rule.patterns, needs, strict=True):
                self.needs[id(pattern)] = n
            if rule.kind != "disclosure":
                self.patterns[i] = list(zip(rule.patterns, needs, strict=True))
                wants = 0
                for n in needs:
                    wants |= n
                self.wants[i] = wants
        self.words, self.masks = words, masks  # the automaton's values index both
        self.automaton = _automaton(words) if automaton and words and ahocorasick is not None else None
        if self.automaton is None:
            self.pattern, self.closure = _trie(dict(zip(words, masks, strict=True)))
        else:
            self.pattern, self.closure = None, {}
        self.literals = literals
        self._cold_literals: dict[int, tuple] = {}

    def scan(self, text: str) -> tuple[int, int, str]:
        """(mask of the rules triggered in `text`, mask of the literal sets present in it, folded text)."""
        rules, present = self.always, 0
        folded = text.casefold()
        if self.automaton is not None:
            masks = self.masks
            for k in {k for _, k in self.automaton.iter(folded)}:
                r, p = masks[k]
                rules |= r
                present |= p
        elif self.pattern is not None:
            closure = self.closure
            for word in set(self.pattern.findall(folded)):
                r, p = closure[word]
                rules |= r
                present |= p
        return rules, present, folded

    def candidates(self, scan: tuple[int, int, str]) -> list[tuple[Rule, list[regex.Pattern]]]:
        """The rules a scanned block may match, in pack order, each with the patterns worth running.

        Before the prefilter is warm (a small run), a triggered rule's patterns are checked for
        their literals one by one, with plain substring tests: deriving a pattern's literals
        costs a fraction of compiling it, and a pattern that is never run is never compiled."""
        rules, present, folded = scan
        out = []
        runs, wants = self._runs, self.wants
        while rules:
            low = rules & -rules
            i = low.bit_length() - 1
            rules ^= low
            if self.literals:
                # which patterns run depends only on which of the rule's literal sets are present:
                # blocks of copy hold the same few of them over and over, so the answer is kept
                key = (i, present & wants[i])
                run = runs.get(key)
                if run is None:
                    if len(runs) > MAX_RUNS:
                        runs.clear()
                    run = runs[key] = [pattern for pattern, needs in self.patterns[i] if needs & present == needs]
            else:
                run = [pattern for pattern, _ in self.patterns[i] if self._may_hold(pattern, folded)]
            if run:
                out.append((self.rules[i], run))
        return out

    def _may_hold(self, pattern, folded: str) -> bool:
        sets = self._cold_literals.get(id(pattern))
        if sets is None:
            sets = self._cold_literals[id(pattern)] = tuple(self._literals(pattern) or ())
        return all(any(lit in folded for lit in lits) for lits in sets)

    def _literals(self, pattern):
        return self.cache.lookup(pattern) if self.cache is not None else literals_of(pattern, self.lists)

    def may_match(self, pattern: regex.Pattern, unit: _Unit) -> bool:
        """May `pattern` match in the block? Patterns from outside the packs (config wordings): always."""
        needs = self.needs.get(id(pattern), 0)
        return needs & unit.present == needs


# Remembered choices of patterns (see _Prefilter.candidates). 50,000 held ~10 MB in every worker of
# a 100 MB run; 2,000 cost no more CPU on the 5 MB bench corpus (7.0 s either way, --jobs 1): a
# choice is quick to make again, and the blocks of one page repeat only a few hundred of them.
MAX_RUNS = 4_000


def prefilter_plan(rules: tuple[Rule, ...], lists: dict, cache=None, literals: bool = True) -> tuple:
    """What a _Prefilter is built from, worked out once per rule set (the rule set cache keeps it):
    ("prefilter-1", rules, lists, words, their (rule mask, literal-set mask) pairs, each rule's
    patterns' literal-set masks, the mask of the rules without triggers). Deriving it walks every
    literal of every pattern: ~7 ms of a run over one draft, for the same answer every time."""
    words: dict[str, list[int]] = {}  # word -> [rule mask, literal-set mask]
    needs_by_rule = []
    always = 0
    next_bit = 0
    for i, rule in enumerate(rules):
        needs_of = []
        for pattern in rule.patterns:
            needs = 0
            sets = (cache.lookup(pattern) if cache is not None else literals_of(pattern, lists)) if literals else None
            for lits in sets or ():
                bit = 1 << next_bit
                for lit in lits:
                    words.setdefault(lit, [0, 0])[1] |= bit
                needs |= bit
                next_bit += 1
            needs_of.append(needs)
        needs_by_rule.append(tuple(needs_of))
        if rule.kind != "disclosure":
            for t in rule.triggers:
                words.setdefault(t.casefold(), [0, 0])[0] |= 1 << i
            if not rule.triggers:  # no word every match holds: the rule runs on every block
                always |= 1 << i
    return ("prefilter-1", rules, lists, tuple(words), [tuple(m) for m in words.values()], tuple(needs_by_rule),
            always)


def plan_fits(plan, rules, lists) -> bool:
    """Was this plan worked out for these very rules and lists (not a copy, not a changed rule set)?"""
    return (isinstance(plan, tuple) and len(plan) == 7 and plan[0] == "prefilter-1" and plan[1] is rules
            and plan[2] is lists)


def _automaton(words) -> object:
    """An Aho-Corasick automaton whose value for each word is its index in `words`."""
    auto = ahocorasick.Automaton()
    for k, word in enumerate(words):
        auto.add_word(word, k)
    auto.make_automaton()
    return auto


def _trie(words: dict[str, list[int]]) -> tuple[re.Pattern | None, dict[str, tuple[int, int]]]:
    """The fallback scanner: a trie pattern, and each word's masks joined with its prefixes' masks."""
    trie: dict = {}
    closure: dict[str, tuple[int, int]] = {}
    for word in sorted(words):  # a prefix sorts before the words it begins
        node, rule_mask, lit_mask = trie, 0, 0
        for ch in word:
            node = node.setdefault(ch, {})
            if "" in node:
                rule_mask |= node[""][0]
                lit_mask |= node[""][1]
        node[""] = words[word]
        closure[word] = (rule_mask | words[word][0], lit_mask | words[word][1])
    return (_trie_pattern(trie, words) if trie else None), closure


def _trie_regex(node: dict) -> str:
    """A regex for the words of a trie that matches the longest one (branches differ in their first character)."""
    branches = []
    for ch, child in sorted(node.items()):
        if not ch:
            continue
        run = [ch]
        while len(child) == 1 and "" not in child:  # a chain without a branch or word end: one literal
            (nxt, child), = child.items()
            run.append(nxt)
        branches.append(re.escape("".join(run)) + _trie_regex(child))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{body})?" if "" in node else body


def _trie_pattern(trie: dict, words) -> re.Pattern:
    try:
        return re.compile(f"(?=({_trie_regex(trie)}))")
    except (RecursionError, OverflowError, re.error):
        # Thousands of triggers nested as prefixes of one another: a flat alternation, longest
        # first, finds the same longest trigger at each position (only more slowly).
        return re.compile("(?=({}))".format("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))))


class Linter:
    """Lints documents with one rule set and one config (build once, reuse for many files)."""

    whole_pages = False  # True: hold every page whole, however big (the language server keeps its blocks)

    def __init__(self, ruleset: RuleSet, config: Config):
        self.ruleset = ruleset
        self.config = config
        self.vocab = ruleset.vocab
        # The patterns' literal sets come from the literal cache (derived once, then read back),
        # so even a run over one small draft starts with the full prefilter; patterns are still
        # compiled only when a block holds their literals (or all at once by warm()).
        self.prefilter = _Prefilter(ruleset.rules, self.vocab.lists, cache=ruleset.literals, plan=ruleset.plan)
        self._compiled = False
        self.gate = None  # the optional Hyperscan gate, built by warm() for large runs
        lists = {"therapy": self.vocab.lists.get("therapy") or ["\x00"]}
        self.therapy = programs.compile(r"\m\L<therapy>(?!\w)", FLAGS, **lists)  # "NAD+" ends in no word
        scanners = (getattr(cue, "_scanner", None) for cue in self.vocab.cues.values())
        self.cue_scanners = list({id(s): s for s in scanners if s is not None}.values())
        self.disclosures = [r for r in ruleset.rules if r.kind == "disclosure"]
        self.answer_rules = [r for r in ruleset.rules if r.answers]
        self._replying: tuple[str | None, dict] = (None, {})  # (path, scope -> its reply rules)
        self.order = {r.id: i for i, r in enumerate(ruleset.rules)}
        self.custom_disclaimers = {
            kind: [regex.compile(r"\s+".join(regex.escape(w) for w in text.split()), FLAGS) for text in texts]
            for kind, texts in config.disclaimers
        }
        self.status_check = self._status_check()

    def _status_check(self) -> tuple | None:
        """(gate, [(pattern, its literal sets, its rule's place)]) that tell whether a block states a regulatory status (the
        regulatory-status disclosure's patterns and the config's own wordings for it), for the page
        survey. The gate, the words of one literal set of each pattern, turns most blocks away with a
        few substring tests; past it, a pattern is searched only where all of its literal sets stand."""
        rules = [r for r in self.disclosures if r.disclaimer == "regulatory-status"]
        places = [f"{r.source}: rule '{r.id}'" for r in rules for _ in r.patterns]  # what a runaway is named by
        patterns = [p for r in rules for p in r.patterns]
        patterns += self.custom_disclaimers.get("regulatory-status", [])
        if not patterns:
            return None
        places += [None] * (len(patterns) - len(places))  # the config's wordings: literal text, never a runaway
        literal_sets = tuple(tuple(self.prefilter._literals(p) or ()) or None for p in patterns)
        checks = list(zip(patterns, literal_sets, places, strict=True))
        if any(sets is None for sets in literal_sets):
            return None, checks  # a pattern with no literal: every block is searched
        words: set[str] = set()
        for sets in literal_sets:
            words |= set(min(sets, key=len))
        return tuple(sorted(words)), checks

    def warm(self, input_bytes: int | None = None, forking: bool = False) -> None:
        """Compile every pattern now, and set up the Hyperscan gate: from the cache, or compiled when
        the run's `input_bytes` make it worth it (None: the caller asked for it, so always).

        `forking`: this process forks workers and lints nothing itself, so it only sees that the
        program cache holds every pattern (compiling those it lacks): each worker then builds the
        patterns it uses from there in microseconds. Compiled here, they were inherited by every
        worker but also held by this process for the whole run (~10 MB), for nothing. Without a
        program cache, they are compiled here as before, for the workers to share."""
        if not self._compiled:
            if not (forking and self.ruleset.record_all()):
                self.ruleset.compile_all()
            anchors.enable()
            self._compiled = True
            self.gate = _gate(self.ruleset, input_bytes)

    def lint(self, doc, explain: bool = False) -> FileReport:
        """The per-file pipeline for a Document: read (blocks and directive comments), fold, prefilter,
        match, filter, document rules, then suppress. Pure: no I/O, same answer for every caller."""
        from .selection import enabled_rules
        from .suppress import meta_rules, suppress

        reading = Reading()
        dropped: list[Dropped] | None = [] if explain else None
        found = self.findings(doc.text, doc.path, doc.kind, dropped, reading=reading)
        if reading.comments:
            known = [*self.ruleset.by_id(), *meta_rules()]
            result = suppress(found, doc.text, reading.comments, LineIndex(doc.text), doc.path, self.config,
                              known, enabled_rules(self.config, doc.path, known), self.config.require_reason)
            found, unused = sorted(result.kept, key=Finding.sort_key), result.unused
        else:
            unused = []
        return FileReport(doc.path, found, dropped or [], unused)

    def findings(self, text: str, path: str, kind: str, explain: list[Dropped] | None = None,
                 blocks: list[Block] | None = None, reading: Reading | None = None) -> list[Finding]:
        """All findings for one document before suppression, sorted by position then rule.

        The page is surveyed first (its first therapy, its genre: see `survey`), then matched block
        by block. A page whose copy fits in UNIT_BUFFER is kept whole between the two; a bigger one
        is matched as it is read, on the survey of its first UNIT_BUFFER characters, each block let
        go after use, so memory is bounded by the largest block, not the file. Should the rest of
        the page change the survey (a first therapy mentioned only later), it is matched again.
        `reading` gets the comments the reader parsed."""
        for scanner in self.cue_scanners:  # what they remember belongs to one page
            scanner.forget()
        survey = PageSurvey(self.vocab, self.therapy, self.status_check)
        units = self._units(text, kind, blocks, reading)
        kept: list[_Unit] = []
        size = 0
        for unit in units:
            survey.see(unit)
            kept.append(unit)
            size += len(unit.text) + UNIT_COST
            if size > UNIT_BUFFER and not self.whole_pages:
                break
        else:  # the whole page is at hand
            findings = self._whole(kept, text, path, LineIndex(text), survey, explain)
            findings.sort(key=Finding.sort_key)
            self._save_literals()
            return findings
        lines = LineIndex(text)
        assumed, mark = survey.facts(), len(explain) if explain is not None else 0
        findings = self._streamed(_surveyed(_drain(kept), units, survey), text, path, lines, assumed, explain)
        if survey.facts() != assumed:  # the page's first therapy came late: match it again
            if explain is not None:
                del explain[mark:]
            findings = self._streamed(self._units(text, kind, blocks, None), text, path, lines, survey.facts(),
                                      explain)
        findings.sort(key=Finding.sort_key)
        self._save_literals()
        return findings

    def folded(self, text: str):
        """`fold(text)`: the folded text and its map to `text` (IncrementalLinter reuses them per text)."""
        return fold(text)

    def _doc(self, text, first_therapy, genre, product="", disclosed=False) -> DocContext:
        return DocContext(has_therapy=first_therapy is not None, genre=genre,
                          therapy=text[first_therapy[0]:first_therapy[1]] if first_therapy else "", product=product,
                          disclosed=disclosed)

    def _whole(self, units, text, path, lines, survey, explain) -> list[Finding]:
        """The findings of a page held whole: every block matched, then the page's disclosures."""
        first_therapy = survey.first_therapy
        doc = self._doc(text, *survey.facts())
        findings: list[Finding] = []
        prev = None
        for unit in units:
            findings.extend(self._block_findings(unit, text, path, lines, doc, explain))
            findings.extend(self._replies(prev, unit, text, path, lines))
            prev = unit
        if first_therapy is not None and doc.genre != "reported" and self._promotes(units, findings):
            findings.extend(self._disclosures(units, text, path, lines, first_therapy))
        return findings

    def _units(self, text, kind, blocks, reading):
        """The document's blocks of copy, each folded, one at a time."""
        source = iter_blocks(text, kind, self.config.front_matter_keys, reading) if blocks is None else blocks
        for block in source:
            folded, fmap = self.folded(block.text)
            yield _Unit(block, folded, Chain(fmap, block.map))

    def _block_findings(self, unit: _Unit, text: str, path: str, lines: LineIndex, doc: DocContext,
                        explain: list[Dropped] | None = None) -> list[Finding]:
        """The claims of one block of copy (prefilter, match, filter), one finding per claim. They
        depend only on the block (its text, scope and source) and `doc`: the language server's
        IncrementalLinter overrides this to reuse an unchanged block's findings."""
        scan = self.prefilter.scan(unit.text)
        unit.present = scan[1]
        return _one_per_claim(self._claims(unit, scan, text, path, lines, doc, explain), self.order)

    def _streamed(self, units, text, path, lines, facts, explain) -> list[Finding]:
        """The findings of a page matched as it is read, on the survey's facts given (first therapy,
        genre): each block matched, checked for what the page-level rules need (does it promote,
        which disclosures does it make) and let go. The same answer as `_whole` for the same facts."""
        first_therapy = facts[0]
        doc = self._doc(text, *facts)
        disclose = first_therapy is not None and doc.genre != "reported"
        findings: list[Finding] = []
        pending = self._pending_disclosures(path) if disclose else []
        promoted = False
        prev = None
        for unit in units:
            found = self._block_findings(unit, text, path, lines, doc, explain)
            found.extend(self._replies(prev, unit, text, path, lines))
            prev = unit
            findings.extend(found)
            if disclose:
                promoted = promoted or _serious(found) or self._sells(unit.text)
                if pending:
                    pending = self._undisclosed(pending, unit)
        if disclose and promoted:
            findings.extend(self._disclosure_finding(rule, text, path, lines, first_therapy) for rule, _, _ in pending)
        return findings

    def _replies(self, prev, unit, text, path, lines) -> list[Finding]:
        """FAQ replies that make a claim (rules with `answers:`), across the block boundary too."""
        if not self.answer_rules or not has_question(unit, prev):
            return []  # answer_findings' own first test, before the rules are chosen: most blocks ask nothing
        rules = self._reply_rules(unit.block.scope, path)

        def emit(rule, owner, span, sent, note):
            severity = severity_for(rule.id, rule.severity, self.config)
            return self._finding(owner, text, path, lines, rule, span, severity, sent, (note,))
        return answer_findings(rules, prev, unit, self.vocab, emit)

    def _reply_rules(self, scope: str, path: str) -> list[Rule]:
        """The `answers:` rules enabled for `path` that apply in `scope`, chosen once per page and scope."""
        memo = self._replying
        if memo[0] != path:
            memo = self._replying = (path, {})
        rules = memo[1].get(scope)
        if rules is None:
            rules = memo[1][scope] = [r for r in self.answer_rules
                                      if scope in r.scopes and rule_enabled(r.id, self.config, path)]
        return rules

    def _save_literals(self) -> None:
        if self.ruleset.literals is not None:
            self.ruleset.literals.save()  # a no-op unless this run derived sets the cache lacked

    def _promotes(self, units: list[_Unit], findings: list[Finding]) -> bool:
        """Does the page sell or book the therapy, or make claims? Only then are disclosures required."""
        if _serious(findings):
            return True
        return any(self._sells(u.text) for u in units)

    def _sells(self, text: str) -> bool:
        """Does the block sell or book (a `promotion` cue)? Not where the words are part of a
        refusal: "We do not offer any of these treatments" offers nothing."""
        promotion, refused = self.vocab.cues["promotion"], self.vocab.cues["not_offered"]
        m = timed_search(promotion, text)
        while m is not None:
            no = timed_search(refused, text, max(0, m.start() - REFUSAL_REACH), m.end())
            if no is None or no.end() < m.end():
                return True
            m = timed_search(promotion, text, m.end())
        return False

    def _claims(self, unit, scan, text, path, lines, doc, explain) -> list[Finding]:
        out: list[Finding] = []
        scope, gate = unit.block.scope, self.gate
        for rule, patterns in self.prefilter.candidates(scan):
            if scope not in rule.scopes or not rule_enabled(rule.id, self.config, path):
                continue
            taken = _Spans()
            for pattern in patterns:
                if gate is not None and gate.gates(pattern) and not gate.may_match(pattern, gate.hits(unit.text)):
                    continue  # Hyperscan saw no match of it in this block (scanned once, when first asked)
                for m in _search(pattern, unit.text, rule):
                    span = m.span()
                    if span[0] == span[1] or taken.overlaps(span):
                        continue
                    sent = unit.sentence_at(span[0])
                    slots = _slots(m) if rule.frames else ()
                    verdict = judge(rule, unit.text, _around(unit.text, sent, span), span, self.vocab, doc, slots)
                    words = ", ".join(f"{slot}={w!r}" for slot, w, _ in slots)
                    if verdict.action == "drop":
                        if explain is not None:
                            explain.append(self._dropped(unit, text, path, lines, rule, span, verdict.reasons[0],
                                                         words))
                        continue
                    taken.add(span)
                    severity = severity_for(rule.id, rule.severity, self.config)
                    if verdict.action == "downgrade":
                        severity = downgrade(severity)
                    out.append(self._finding(unit, text, path, lines, rule, span, severity, sent, verdict.reasons,
                                             words, self._subject(rule, unit.text, sent, span, doc), doc.therapy))
        return out

    def _disclosures(self, units, text, path, lines, first_therapy) -> list[Finding]:
        pending = self._pending_disclosures(path)
        for unit in units:
            if not pending:
                break
            pending = self._undisclosed(pending, unit)
        return [self._disclosure_finding(rule, text, path, lines, first_therapy) for rule, _, _ in pending]

    def _pending_disclosures(self, path) -> list[tuple[Rule, list, str]]:
        """The enabled disclosure rules, each with its patterns (the config's own wordings included)."""
        return [(rule, list(rule.patterns) + self.custom_disclaimers.get(rule.disclaimer, []),
                 f"{rule.source}: rule '{rule.id}'")
                for rule in self.disclosures if rule_enabled(rule.id, self.config, path)]

    def _undisclosed(self, pending, unit) -> list:
        """The pending disclosures this block of copy does not make. Each pattern runs only where
        its literal sets are present (`_Prefilter.may_match`, inlined: a page asks this of every
        block for every disclosure pattern)."""
        present, needs = unit.present, self.prefilter.needs
        return [entry for entry in pending
                if not any(timed_search(fast(p), unit.text, where=entry[2]) for p in entry[1]
                           if (n := needs.get(id(p), 0)) & present == n)]

    def _disclosure_finding(self, rule, text, path, lines, first_therapy) -> Finding:
        start, end = first_therapy
        line, col = lines.line_col(start)
        end_line, end_col = lines.line_col(end)
        return Finding(
            path=path, line=line, column=col, end_line=end_line, end_column=end_col, rule=rule.id,
            category=rule.category, severity=severity_for(rule.id, rule.severity, self.config),
            message=rule.message, match=text[start:end], suggestion=_fill(rule.suggestion, therapy=text[start:end]),
            disclaimer=rule.disclaimer, references=rule.references, start=start, end=end,
        )

    def _subject(self, rule, text, sent, span, doc) -> str:
        """The regulated therapy a claim is about, for {subject} in its message or suggestion ('' if none)."""
        if "{subject}" not in (rule.suggestion or "") + rule.message:
            return ""
        cls, term = resolve_subject(text, sent, claim_clause(text, sent, span, self.vocab), span, self.vocab,
                                    doc.page)
        return term if cls == "therapy" and not term.startswith("(") else ""

    def _finding(self, unit, text, path, lines, rule, span, severity, sent, notes, words="", subject="",
                 therapy="") -> Finding:
        start, end = unit.chain.start(span[0]), unit.chain.end(span[1])
        line, col, end_line, end_col = lines.span(start, end)
        return Finding(
            path=path, line=line, column=col, end_line=end_line, end_column=end_col, rule=rule.id,
            category=rule.category, severity=severity, message=_fill(rule.message, subject, therapy),
            match=text[start:end], suggestion=_fill(rule.suggestion, subject, therapy), disclaimer=None, references=rule.references, start=start, end=end,
            sentence=unit.sentence_text(sent), notes=tuple(notes), words=words,
        )

    def _dropped(self, unit, text, path, lines, rule, span, reason, words="") -> Dropped:
        start, end = unit.chain.start(span[0]), unit.chain.end(span[1])
        line, col = lines.line_col(start)
        return Dropped(path, line, col, rule.id, text[start:end], reason, words)


REFUSAL_REACH = 40  # characters before a promotion word that a refusal ("do not currently offer") may start at
CONTEXT_REACH = 300  # characters of its sentence on either side of a match that the context filters read


def _gate(ruleset: RuleSet, input_bytes: int | None = None):
    """The Hyperscan gate over the rule set's pattern-rule patterns, when the extra is installed and
    a database is cached or worth compiling for `input_bytes` of copy."""
    from . import accel

    if not accel.available():
        return None
    from .literal_cache import cache_dir

    patterns = [p for r in ruleset.rules if r.kind != "disclosure" for p in r.patterns
                if getattr(p, "frame", None) is None]
    cues = list(ruleset.vocab.cues.values())
    patterns += [e for cue in cues for e in getattr(cue, "entries", ())]
    try:
        build = input_bytes is None or input_bytes >= accel.BUILD_FROM_BYTES
        gate = accel.Gate(patterns, ruleset.vocab.lists, cache_dir(), build)
    except Exception:  # noqa: BLE001 - a Hyperscan failure must not stop a lint: run without the gate
        return None
    if gate.db is None:
        return None
    for cue in cues:  # the cue lists share one scanner: it consults the gate too
        if hasattr(cue, "_scanner"):
            cue._scanner.gate = gate  # noqa: SLF001
    return gate


def _around(text: str, sent: tuple[int, int], span: tuple[int, int]) -> tuple[int, int]:
    """The part of the sentence the context filters read: all of it, unless it is longer than any
    real sentence (a page of wrapped lines without a full stop), then CONTEXT_REACH characters on
    either side of the match, cut at a space. Each filter reads its sentence, so without a bound a
    block with thousands of matches and no full stop cost quadratic time."""
    lo, hi = sent
    if span[0] - lo > CONTEXT_REACH:
        cut = span[0] - CONTEXT_REACH
        space = text.find(" ", cut, span[0])
        lo = space + 1 if space >= 0 else cut
    if hi - span[1] > CONTEXT_REACH:
        cut = span[1] + CONTEXT_REACH
        space = text.rfind(" ", span[1], cut)
        hi = space if space >= 0 else cut
    return lo, hi


_RANK = {"error": 0, "warning": 1, "info": 2}
UNIT_BUFFER = 1_000_000  # characters of folded copy kept between survey and matching (see findings)
UNIT_COST = 200  # what a block costs beyond its characters, counted as characters (a list of one-word items)


def _drain(units: list[_Unit]):
    """The units of a list, each let go of as it is handed on."""
    units.reverse()
    while units:
        yield units.pop()


def _surveyed(head, rest, survey: PageSurvey):
    """The units of `head`, then those of `rest`, each of the latter shown to the survey first."""
    yield from head
    for unit in rest:
        survey.see(unit)
        yield unit


def _serious(findings: list[Finding]) -> bool:
    """Is one of them a claim (not a mere hype word or a note)? A page making one promotes."""
    return any(f.severity != "info" and f.category != "hype" for f in findings)


def _one_per_claim(found: list[Finding], order: dict[str, int]) -> list[Finding]:
    """One finding per claim and category: where rules of one category flag overlapping words
    ("are 100% safe" and "100% safe"), the most severe is kept (then the pack's first rule), so a
    writer sees each claim once."""
    if len(found) < 2:
        return found
    kept: dict[str, _Spans] = {}
    out = []
    for f in sorted(found, key=lambda f: (_RANK.get(f.severity, 3), order.get(f.rule, 0), f.start)):
        spans = kept.setdefault(f.category, _Spans())
        if spans.overlaps((f.start, f.end)):
            continue
        spans.add((f.start, f.end))
        out.append(f)
    return _subsumed(out) if len(kept) > 1 else out


def _subsumed(found: list[Finding]) -> list[Finding]:
    """Without the efficacy findings on words a disease finding starts at and covers: "repairs the nerve
    damage of neuropathy" is one claim, that the treatment treats a disease (which says the outcome
    too), not also a separate promise of an outcome. One that says more ("... in six weeks") stays."""
    disease = {f.start: f.end for f in found if f.category == "disease-claim" and f.severity != "info"}
    if not disease:
        return found
    return [f for f in found if not (f.category == "efficacy-claim" and f.end <= disease.get(f.start, -1))]


class _Spans:
    """Disjoint spans, kept sorted: does a new span overlap one of them? (log time, so that a block
    with thousands of matches of one rule costs linear time, not quadratic)."""

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, span: tuple[int, int]) -> bool:
        i = bisect_right(self.starts, span[0])
        return (i > 0 and self.ends[i - 1] > span[0]) or (i < len(self.starts) and self.starts[i] < span[1])

    def add(self, span: tuple[int, int]) -> None:
        i = bisect_right(self.starts, span[0])
        self.starts.insert(i, span[0])
        self.ends.insert(i, span[1])


def _slots(m) -> tuple[tuple[str, str, int], ...]:
    """A frame match's filled slots in order: (slot as written, words, start)."""
    return tuple(sorted(((slot_of_group(g), v, m.start(g)) for g, v in m.groupdict().items() if v is not None),
                        key=lambda s: s[2]))


_PLACEHOLDER = programs.compile(r"\{(subject|therapy)(?::([^{}]*))?\}")
NEUTRAL = "this treatment"  # what a placeholder without its own fallback says when nothing was resolved


def fill_placeholders(text: str | None) -> str | None:
    """A rule's message or suggestion as shown without a claim (copylint explain, SARIF rule help)."""
    return _fill(text)


_FILLED: dict[tuple[str, str, str], str] = {}  # (text, subject, therapy) -> filled: findings repeat them
_DOUBLE_SPACE = programs.compile(r"(?<=\S) {2,}")


def _fill(text: str | None, subject: str = "", therapy: str = "") -> str | None:
    """A message or suggestion with {subject} (what the claim is about) and {therapy} (the page's
    regulated therapy) filled in; each falls back to the other, then to the placeholder's own
    wording (`{subject:such}`, `{subject:}`) or a neutral one. Before "product(s)" a plural
    reads as the singular ("exosomes" -> "exosome products"); at the start of a sentence the
    name is capitalised."""
    if not text or "{" not in text:
        return text
    key = (text, subject, therapy)
    filled = _FILLED.get(key)
    if filled is None:
        if len(_FILLED) > 10_000:
            _FILLED.clear()
        filled = _FILLED[key] = _filled(text, subject, therapy)
    return filled


def _filled(text: str, subject: str, therapy: str) -> str:
    """_fill, worked out."""

    def name(m) -> str:
        word = (subject or therapy) if m.group(1) == "subject" else (therapy or subject)
        word = " ".join(w if w.isupper() else w.lower() for w in word.split())  # "Stem cells" -> "stem cells"; PRP stays
        if not word:
            word = NEUTRAL if m.group(2) is None else m.group(2)
        elif text.startswith(" product", m.end()):
            word = _singular(word)
        before = text[:m.start()].rstrip(' "\u201c')
        return word[:1].upper() + word[1:] if not before or before[-1] in ".!?:" else word

    return _DOUBLE_SPACE.sub(" ", _PLACEHOLDER.sub(name, text))


def _singular(name: str) -> str:
    low = name.lower()
    return name[:-1] if low.endswith("s") and not low.endswith(("ss", "us", "is")) else name


def _search(pattern: regex.Pattern, text: str, rule: Rule):
    if getattr(pattern, "frame", None) is not None:  # a frame's iterator costs nothing up front
        return list(pattern.finditer(text))
    runner = fast(pattern)  # tried only where a match can start, when that is quicker (see anchors)
    end = len(text)
    try:  # timed_search and timed_finditer, inlined: most of the 100k searches per 5 MB find nothing
        first = runner.search(text, 0, end, timeout=PATTERN_TIMEOUT)
        return [] if first is None else list(runner.finditer(text, first.start(), end, timeout=PATTERN_TIMEOUT))
    except TimeoutError:
        raise _timeout_error(pattern, f"{rule.source}: rule '{rule.id}'") from None
