"""Rule packs: load YAML, validate strictly (naming file, rule and key), compile patterns once."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import regex

from . import programs
from .errors import RuleError
from .findings import CATEGORIES, DISCLAIMER_KINDS, SEVERITIES
from .framematch import FramePattern
from .frames import DEFAULT_GAP, MAX_GAP
from .literals import literals_of
from .vocabulary import expand

KINDS = ("pattern", "frame", "disclosure")
CONTEXT_KEYS = {
    "negation": ("drop", "ignore"),
    "hedge": ("drop", "downgrade", "ignore"),
    "attribution": ("drop", "downgrade", "ignore"),
    "question": ("drop", "ignore"),
    "subject": ("any", "therapy", "device", "not-other", "regulated", "cosmetic"),
    "predicate": ("any", "main"),
    "indication": ("ignore", "drop"),
    "offered": ("ignore", "count"),
}
CONTEXT_DEFAULTS = {"negation": "drop", "hedge": "downgrade", "attribution": "drop", "question": "drop", "subject": "any",
                    "predicate": "any", "indication": "ignore", "offered": "ignore"}
RULE_KEYS = {
    "id", "kind", "category", "severity", "message", "suggestion", "references", "triggers", "patterns",
    "unless", "context", "examples", "description", "disclaimer", "scopes", "frames", "gap", "answers",
}
ANSWER_KEYS = {"question", "reply"}
REQUIRED = {"pattern": ("id", "kind", "category", "severity", "message", "patterns"),
            "frame": ("id", "kind", "category", "severity", "message", "frames"),
            "disclosure": ("id", "kind", "severity", "message", "disclaimer", "patterns")}
SCOPES = ("body", "heading", "list", "quote", "alt", "meta", "table")
VOCAB_FILE = "vocabulary.yaml"
VOCAB_KEYS = {"lists", "nouns", "lemmas", "cues"}
CUE_KEYS = (
    "negation", "pseudo_negation", "hedge", "hedge_after", "uncertainty", "attribution", "generic_subject", "not_offered", "promotion",
    "embedded_question", "deontic", "hypothesis", "reported_speech", "reported_genre", "promotion_strong", "epistemic", "quoted_speech",
    "indication", "cleared_use", "rival_marker", "contrast_harm", "answer_caveat", "compounded", "overpromise", "own_offer",
    "testimonial",
)
FLAGS = regex.IGNORECASE | regex.UNICODE
PATTERN_TIMEOUT = 2.0  # seconds per pattern search; a runaway pattern stops the run, naming its rule


def _timeout_error(pattern, where: str | None) -> RuleError:
    where = where or getattr(pattern, "where", None) or "a pattern"
    shown = getattr(pattern, "pattern", "")
    shown = shown if len(shown) <= 200 else shown[:200] + "..."
    return RuleError(f"{where}: pattern {shown!r} took longer than {PATTERN_TIMEOUT:g}s "
                     "(catastrophic backtracking?)")


def timed_search(pattern, text: str, pos: int = 0, endpos: int | None = None, where: str | None = None):
    """pattern.search bounded by PATTERN_TIMEOUT: a runaway pattern from a pack or vocabulary stops the
    run with a RuleError naming where it comes from (`where`, else the LazyPattern's own place)."""
    try:
        return pattern.search(text, pos, len(text) if endpos is None else endpos, timeout=PATTERN_TIMEOUT)
    except TimeoutError:
        raise _timeout_error(pattern, where) from None


def timed_finditer(pattern, text: str, pos: int = 0, endpos: int | None = None, where: str | None = None) -> list:
    """All matches of pattern.finditer, bounded by PATTERN_TIMEOUT like timed_search."""
    try:
        return list(pattern.finditer(text, pos, len(text) if endpos is None else endpos, timeout=PATTERN_TIMEOUT))
    except TimeoutError:
        raise _timeout_error(pattern, where) from None


@dataclass(frozen=True)
class Rule:
    """A compiled rule. `id` is pack-qualified: 'safety.no-side-effects'."""

    id: str
    kind: str
    category: str
    severity: str
    message: str
    patterns: tuple
    source: str
    triggers: tuple[str, ...] = ()
    unless: tuple = ()
    suggestion: str | None = None
    references: tuple[str, ...] = ()
    context: dict = field(default_factory=dict)
    examples: dict = field(default_factory=dict)
    description: str = ""
    disclaimer: str | None = None
    scopes: tuple[str, ...] = SCOPES
    frames: tuple[str, ...] = ()  # a frame rule's frames, as written (its patterns are compiled from them)
    answers: tuple = ()  # (question, reply) patterns: an FAQ reply that makes the claim (see answers.py)

    @property
    def pack(self) -> str:
        return self.id.split(".", 1)[0]


SUBJECT_CLASSES = ("therapy", "approved", "device")


def _longer_terms(lists: dict, present: list[str]) -> list[tuple[str, str]]:
    """[(class, list name)]: for each subject class, its terms that begin with a whole term of an
    earlier class, stored in `lists` as a list of their own ("PRP kit" begins with "PRP")."""
    out, earlier = [], set()
    for c in present:
        own = [w for w in lists[c] if any(" ".join(w.casefold().split()[:k]) in earlier
                                          for k in range(1, len(w.split())))]
        if own:
            name = f"longer_{c}"
            lists[name] = own
            out.append((c, name))
        earlier.update(w.casefold() for w in lists[c])
    return out


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """Named lists (for \\L<name> in patterns and for the subject filter) and context cue patterns."""

    lists: dict
    cues: dict
    subjects: LazyPattern  # finds therapy / approved / device terms; the group name says which
    lemmas: dict = field(default_factory=dict)  # lemma list name -> its lemmas as written


def default_rules_dir() -> Path:
    """The rule packs shipped with copylint (inside the package, or the repo's rules/ in a checkout)."""
    here = Path(__file__).resolve().parent
    packaged = here / "rules"
    if packaged.is_dir() and any(packaged.glob("*.yaml")):
        return packaged
    return here.parent.parent / "rules"


def read_yaml(path: str | os.PathLike) -> object:
    """Load one YAML file safely (bounded aliases and nesting, no duplicate keys); errors name the file and line."""
    import yaml

    from . import yamlsafe

    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        return yamlsafe.load(text)
    except OSError as exc:
        raise RuleError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise RuleError(f"{path}: not valid UTF-8") from None
    except yamlsafe.SafeYAMLError as exc:
        raise RuleError(f"{path}:{exc.line}: {exc.problem}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RuleError(f"{path}{where}: invalid YAML: {problem}") from None


def _str_list(value, where: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RuleError(f"{where}: '{key}' must be a list of non-empty strings")
    return tuple(value)


def load_vocabulary(paths: list[Path], extra: dict | None = None, eager: bool = True) -> Vocabulary:
    """Merge vocabulary files (later ones extend earlier ones) and config additions.

    `eager`: compile the cue patterns now (a user's vocabulary file may hold a bad one)."""
    lists: dict[str, list[str]] = {}
    cues: dict[str, list[str]] = {k: [] for k in CUE_KEYS}
    sources: dict[str, list[str]] = {}
    inflected: dict[str, str] = {}  # list name -> 'nouns' or 'lemmas' (how its entries inflect)
    lemma_words: dict[str, list[str]] = {}
    for path in paths:
        data = read_yaml(path) or {}
        if not isinstance(data, dict) or set(data) - VOCAB_KEYS:
            bad = sorted(set(data) - VOCAB_KEYS) if isinstance(data, dict) else ["(not a mapping)"]
            raise RuleError(f"{path}: unknown key '{bad[0]}' (expected 'lists', 'nouns', 'lemmas' and 'cues')")
        if not isinstance(data.get("cues") or {}, dict):
            raise RuleError(f"{path}: 'cues' must be a mapping of names to lists")
        for key in ("lists", "nouns", "lemmas"):
            section = data.get(key) or {}
            if not isinstance(section, dict):
                raise RuleError(f"{path}: '{key}' must be a mapping of names to word lists")
            for name, words in section.items():
                words = _str_list(words, f"{path}: {key} '{name}'", name)
                if key != "lists":
                    inflected[name] = key
                    lemma_words.setdefault(name, []).extend(words)
                lists.setdefault(name, []).extend(_forms(words, inflected.get(name)))
        for name, pats in (data.get("cues") or {}).items():
            if name not in cues:
                raise RuleError(f"{path}: unknown cue list '{name}' (expected one of {', '.join(CUE_KEYS)})")
            cues[name].extend(_str_list(pats, f"{path}: cues '{name}'", name))
            sources.setdefault(name, []).append(str(path))
    for name, words in (extra or {}).items():
        lists.setdefault(name, []).extend(_forms(words, inflected.get(name)))
    from .cues import cue_lists

    compiled_cues = cue_lists(cues, {name: f"{', '.join(sources.get(name, ['vocabulary']))}: cues '{name}'"
                                     for name in cues}, lambda pattern, where: LazyPattern(pattern, where, {}, False))
    if eager:  # a user's cue list may hold a bad pattern: report it now, naming its file
        for cue in compiled_cues.values():
            cue.full.compile()
    lists = {k: sorted(set(v), key=str.lower) for k, v in lists.items()}
    present = [c for c in SUBJECT_CLASSES if lists.get(c)]
    # (?!\w), not \M, after a term: an entry may end in a sign ("NAD+"), where no word ends.
    # An alternation takes the first class that matches, so an earlier class does not match where a
    # longer term of a later class begins ("PRP kit", a device, not "PRP", a therapy): the subject is
    # the longest term, whatever its class (one group per class, so the anchored search still applies).
    longer = dict(_longer_terms(lists, present))

    def alternative(i: int, c: str) -> str:
        later = "".join(f"(?!\\L<{longer[d]}>(?!\\w))" for d in present[i + 1:] if d in longer)
        return f"(?P<{c}>{later}\\m\\L<{c}>(?!\\w))"
    subjects = LazyPattern("|".join(alternative(i, c) for i, c in enumerate(present)) or r"(?!)", "vocabulary", lists, eager)
    return Vocabulary(lists, compiled_cues, subjects, lemma_words)


def _forms(words, how: str | None) -> list[str]:
    """A list's entries as matched: as written, with plurals (nouns), or every form (lemmas)."""
    return list(words) if how is None else expand(list(words), nouns=how == "nouns")


_NAMED_LIST = programs.compile(r"\\L<(\w+)>")
_PATTERN_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner")


class LazyPattern:
    """A rule pattern compiled on its first use.

    Compiling the bundled packs' ~200 patterns costs more than linting a small draft, and most
    drafts need only a few of them (the prefilter skips the rest). Bundled patterns are known to
    compile (the test suite compiles every one); patterns from a user's own packs are compiled at
    load time instead (`eager`), so that a bad one is reported there, naming its file and rule.
    Once compiled, the pattern's methods are the compiled pattern's own: no cost per call.
    """

    frame = None  # not a frame (FramePattern has one): asked on every search, answered without __getattr__
    literal_sets = None  # derived from the pattern text (see literals), not known up front

    def __init__(self, pattern: str, where: str, lists: dict, eager: bool = False):
        self.pattern = pattern
        self._where = where
        self._lists = lists
        self._compiled: regex.Pattern | None = None
        if eager:
            self.compile()

    def compile(self) -> regex.Pattern:
        """The compiled pattern (compiled once)."""
        if self._compiled is None:
            compiled = self._compiled = _compile(self.pattern, self._where, self._lists)
            for name in _PATTERN_METHODS:
                setattr(self, name, getattr(compiled, name))
            self.flags = compiled.flags
        return self._compiled

    def record(self) -> bool:
        """See that the program cache holds this pattern's program, compiled now only if it does not
        (and not kept compiled here); False when there is no program cache."""
        if self._compiled is not None:
            return True
        used = _named_lists(self.pattern, self._where, self._lists)
        known = programs.cached(self.pattern, FLAGS, **used)
        if known is None:
            return False
        if not known:
            _compile(self.pattern, self._where, self._lists)  # recorded by programs.compile; let go
        return True

    @property
    def where(self) -> str:
        """The pack, rule or vocabulary cue list the pattern comes from (for error messages)."""
        return self._where

    def __getattr__(self, name: str):  # only called for what is not set yet: a pattern method before compiling
        if name not in _PATTERN_METHODS and name != "flags":
            raise AttributeError(name)
        self.compile()
        return getattr(self, name)

    def __reduce__(self):
        return LazyPattern, (self.pattern, self._where, self._lists)

    def __setstate__(self, state: dict) -> None:
        # pack_cache's unpickling: without this, pickle looks for __setstate__ through __getattr__
        # and its AttributeError, once for each of the ~350 patterns of a cached rule set (~0.5 ms).
        self.__dict__.update(state)

    def __eq__(self, other) -> bool:
        return isinstance(other, LazyPattern) and other.pattern == self.pattern

    def __hash__(self) -> int:
        return hash(self.pattern)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"


def _named_lists(pattern: str, where: str, lists: dict) -> dict:
    """The named lists a pattern uses (only those are passed to regex.compile); unknown ones are an error."""
    used = {}
    for name in _NAMED_LIST.findall(pattern):
        if name not in lists:
            raise RuleError(f"{where}: unknown named list '\\L<{name}>' (define it in {VOCAB_FILE} under 'lists')")
        used[name] = lists[name]
    return used


def _compile(pattern: str, where: str, lists: dict) -> regex.Pattern:
    used = _named_lists(pattern, where, lists)
    try:
        return programs.compile(pattern, FLAGS, **used)
    except (regex.error, KeyError, IndexError, ValueError, TypeError) as exc:
        raise RuleError(f"{where}: pattern does not compile: {exc}: {pattern!r}") from None


def _pattern(pattern: str, where: str, lists: dict, eager: bool) -> LazyPattern:
    _named_lists(pattern, where, lists)  # checked now even when compiled later: a list may be missing
    return LazyPattern(pattern, where, lists, eager)


def _context(ctx: object, here: str, defaults: dict) -> dict:
    """A rule's (or pack's) context settings over the defaults, each key and value checked."""
    context = dict(defaults)
    if ctx is None:
        return context
    if not isinstance(ctx, dict):
        raise RuleError(f"{here}: 'context' must be a mapping")
    for key, value in ctx.items():
        if key not in CONTEXT_KEYS:
            raise RuleError(f"{here}: unknown key 'context.{key}'")
        if value not in CONTEXT_KEYS[key]:
            raise RuleError(f"{here}: 'context.{key}' must be one of {', '.join(CONTEXT_KEYS[key])}")
        context[key] = value
    return context


def _frames(raw: dict, here: str, vocab: Vocabulary) -> tuple[tuple[str, ...], tuple]:
    """A frame rule's frames and their patterns."""
    if raw.get("kind") != "frame":
        if "frames" in raw or "gap" in raw:
            raise RuleError(f"{here}: 'frames' and 'gap' belong to rules of kind 'frame'")
        return (), ()
    gap = raw.get("gap", DEFAULT_GAP)
    if isinstance(gap, bool) or not isinstance(gap, int) or not 0 <= gap <= MAX_GAP:
        raise RuleError(f"{here}: 'gap' must be a whole number from 0 to {MAX_GAP}")
    frames = _str_list(raw["frames"], here, "frames")
    where = f"{here}: frames"
    return frames, tuple(FramePattern(f, where, vocab.lists, gap) for f in frames)


def derived_triggers(patterns: tuple, lists: dict, cache=None) -> tuple[str, ...]:
    """Words one of which every match of one of the patterns holds; () when a pattern has none."""
    words: set[str] = set()
    for pattern in patterns:
        sets = cache.lookup(pattern) if cache is not None else literals_of(pattern, lists)
        if not sets:
            return ()
        words |= sets[0]
    return tuple(sorted(words))


def _validate_rule(raw: object, where: str, pack: str, vocab: Vocabulary, eager: bool = True,
                   defaults: dict | None = None, cache=None) -> Rule:
    if not isinstance(raw, dict):
        raise RuleError(f"{where}: a rule must be a mapping")
    rid = raw.get("id")
    if not isinstance(rid, str) or not regex.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", rid or ""):
        raise RuleError(f"{where}: rule id {rid!r} must be kebab-case (a-z, 0-9, '-')")
    here = f"{where.rsplit(':', 1)[0]}: rule '{rid}'"
    unknown = sorted(set(raw) - RULE_KEYS)
    if unknown:
        raise RuleError(f"{here}: unknown key '{unknown[0]}'")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise RuleError(f"{here}: 'kind' must be one of {', '.join(KINDS)} (got {kind!r})")
    for key in REQUIRED[kind]:
        if raw.get(key) in (None, "", []):
            raise RuleError(f"{here}: missing required key '{key}'")
    category = raw.get("category", "missing-disclaimer" if kind == "disclosure" else None)
    if category not in CATEGORIES:
        raise RuleError(f"{here}: unknown category {category!r} (expected one of {', '.join(CATEGORIES)})")
    if raw["severity"] not in SEVERITIES:
        raise RuleError(f"{here}: unknown severity {raw['severity']!r} (expected error, warning or info)")
    if kind == "disclosure" and raw.get("disclaimer") not in DISCLAIMER_KINDS:
        raise RuleError(f"{here}: 'disclaimer' must be one of {', '.join(DISCLAIMER_KINDS)}")
    context = _context(raw.get("context"), here, defaults or CONTEXT_DEFAULTS)
    examples = raw.get("examples") or {}
    if not isinstance(examples, dict) or set(examples) - {"fail", "pass"}:
        raise RuleError(f"{here}: 'examples' must be a mapping with 'fail' and 'pass' lists")
    scopes = _str_list(raw.get("scopes", list(SCOPES)), here, "scopes")
    if set(scopes) - set(SCOPES):
        raise RuleError(f"{here}: unknown scope '{sorted(set(scopes) - set(SCOPES))[0]}'")
    frames, frame_patterns = _frames(raw, here, vocab)
    patterns = frame_patterns + tuple(_pattern(p, f"{here}: patterns", vocab.lists, eager)
                                      for p in _str_list(raw.get("patterns") or [], here, "patterns"))
    unless = tuple(_pattern(p, f"{here}: unless", vocab.lists, eager) for p in _str_list(raw.get("unless", []), here, "unless"))
    if raw.get("triggers"):  # a pack's own narrowing (the rule runs only where one occurs)
        triggers = tuple(t.lower() for t in _str_list(raw["triggers"], here, "triggers"))
    else:  # a frame's words come from its own slots (FramePattern.literal_sets), a pattern's from its literals
        triggers = derived_triggers(patterns, vocab.lists, cache) if kind != "disclosure" else ()
    refs = _str_list(raw.get("references", []), here, "references") if raw.get("references") else ()
    answers = _answers(raw.get("answers"), here, vocab.lists, eager)
    return Rule(
        id=f"{pack}.{rid}", kind=kind, category=category, severity=raw["severity"], message=str(raw["message"]).strip(),
        patterns=patterns, source=where.rsplit(":", 1)[0], triggers=triggers, unless=unless,
        suggestion=(str(raw["suggestion"]).strip() if raw.get("suggestion") else None), references=refs,
        context=context, examples={k: list(_str_list(v, here, f"examples.{k}")) for k, v in examples.items() if v},
        description=str(raw.get("description") or "").strip(), disclaimer=raw.get("disclaimer"), scopes=scopes,
        frames=frames, answers=answers,
    )


def _answers(raw: object, here: str, lists: dict, eager: bool) -> tuple:
    """A rule's `answers:` ({question, reply} patterns), or () when it has none."""
    if raw is None:
        return ()
    if not isinstance(raw, dict) or set(raw) != ANSWER_KEYS:
        raise RuleError(f"{here}: 'answers' must be a mapping with 'question' and 'reply' patterns")
    for key in ("question", "reply"):
        if not isinstance(raw[key], str) or not raw[key].strip():
            raise RuleError(f"{here}: answers.{key} must be a pattern (a string)")
    return (_pattern(raw["question"], f"{here}: answers.question", lists, eager),
            _pattern(rf"\W*(?:{raw['reply']})(?=\s*(?:[.!,;:\u2013\u2014#\p{{So}}-]|$))", f"{here}: answers.reply", lists, eager))


def load_pack(path: Path, vocab: Vocabulary, eager: bool = True, cache=None) -> list[Rule]:
    """Load and validate one rule pack file (`eager`: compile its patterns now, see LazyPattern)."""
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise RuleError(f"{path}: a rule pack must be a mapping with 'pack' and 'rules'")
    unknown = sorted(set(data) - {"pack", "description", "rules", "context"})
    if unknown:
        raise RuleError(f"{path}: unknown key '{unknown[0]}'")
    pack = data.get("pack") or path.stem
    if not isinstance(pack, str) or not regex.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", pack):
        raise RuleError(f"{path}: pack name {pack!r} must be kebab-case")
    rules = data.get("rules")
    if not isinstance(rules, list):
        raise RuleError(f"{path}: 'rules' must be a list")
    defaults = _context(data.get("context"), str(path), CONTEXT_DEFAULTS)  # the pack's defaults for its rules
    return [_validate_rule(r, f"{path}:{i}", pack, vocab, eager, defaults, cache) for i, r in enumerate(rules)]


def pack_files(dirs: list[Path]) -> tuple[list[Path], list[Path]]:
    """(vocabulary files, rule pack files) found in the given folders, in a stable order."""
    vocab, packs = [], []
    for d in dirs:
        if not d.is_dir():
            raise RuleError(f"{d}: rule folder not found")
        for p in sorted(d.glob("*.y*ml")):
            (vocab if p.name in (VOCAB_FILE, "vocabulary.yml") else packs).append(p)
    return vocab, packs


@dataclass(frozen=True)
class RuleSet:
    """All loaded rules with the shared vocabulary (the engine builds its own prefilter from them)."""

    rules: tuple[Rule, ...]
    vocab: Vocabulary
    literals: object = None  # the LiteralCache the packs were loaded with (the engine's prefilter uses it)
    # the engine's prefilter plan for these very rules (engine.prefilter_plan), kept with them in the
    # rule set cache; the engine ignores a plan made for other rules or lists (see engine.plan_fits)
    plan: tuple | None = field(default=None, compare=False, repr=False)

    def compile_all(self) -> None:
        """Compile every pattern not compiled yet (a large run in one process will need them all)."""
        for pattern in (*(p for r in self.rules for p in (*r.patterns, *r.unless)), *self.vocab.cues.values(),
                        self.vocab.subjects):
            pattern.compile()

    def record_all(self) -> bool:
        """See that the program cache holds every pattern's program (compiling only those it lacks,
        none kept compiled): what a process that forks workers does instead of compile_all. False
        (nothing done) when there is no program cache."""
        cues = self.vocab.cues.values()
        patterns = [*(p for r in self.rules for p in (*r.patterns, *r.unless)),
                    *(e for c in cues for e in (getattr(c, "full", c), *getattr(c, "entries", ()))), self.vocab.subjects]
        lazy = [p for p in patterns if isinstance(p, LazyPattern)]
        return bool(lazy) and all(p.record() for p in lazy)

    def by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}


def load_rules(extra_dirs: tuple[str, ...] = (), extra_vocab: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> RuleSet:
    """Load the default packs plus any extra folders; ids must be unique across all packs."""
    return _load_rules_cached(tuple(str(d) for d in extra_dirs), extra_vocab)


@lru_cache(maxsize=8)
def _load_rules_cached(extra_dirs: tuple[str, ...], extra_vocab) -> RuleSet:
    from . import pack_cache
    from .literal_cache import cache_dir

    bundled = default_rules_dir()
    dirs = [bundled] + [Path(d) for d in extra_dirs]
    vocab_files, pack_paths = pack_files(dirs)
    folder = cache_dir()
    digest = pack_cache.key(vocab_files + pack_paths, extra_vocab) if folder is not None else None
    if digest is not None:
        cached = pack_cache.read(folder, digest)
        if cached is not None:  # its patterns carry their literal sets: the literal cache is read only for others
            from .literal_cache import LiteralCache

            return replace(cached, literals=LiteralCache(cached.vocab.lists))
    ruleset = _load_fresh(bundled, vocab_files, pack_paths, extra_vocab)
    from .engine import prefilter_plan

    ruleset = replace(ruleset, plan=prefilter_plan(ruleset.rules, ruleset.vocab.lists, ruleset.literals))
    # stored only if no file changed while it was read (its key would then name other contents)
    if digest is not None and pack_cache.key(vocab_files + pack_paths, extra_vocab) == digest:
        pack_cache.write(folder, digest, replace(ruleset, literals=None))
    return ruleset


def _load_fresh(bundled: Path, vocab_files: list[Path], pack_paths: list[Path], extra_vocab) -> RuleSet:
    """Read, validate and derive: what the rule set cache saves a run from doing."""
    vocab = load_vocabulary(vocab_files, {k: list(v) for k, v in extra_vocab},
                            eager=any(p.parent != bundled for p in vocab_files))
    from .literal_cache import LiteralCache

    cache = LiteralCache(vocab.lists)
    for cue in vocab.cues.values():
        cue.use_literals(cache)
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path in pack_paths:
        for rule in load_pack(path, vocab, eager=path.parent != bundled, cache=cache):
            if rule.id in seen:
                raise RuleError(f"{path}: rule '{rule.id}' is already defined in {seen[rule.id]}")
            seen[rule.id] = str(path)
            rules.append(rule)
    # Each pattern and cue entry carries its literal sets, as a frame does: neither the prefilter
    # nor the cue lists need the literal cache afterwards (nor does a rule set read from pack_cache).
    for pattern in (*(p for r in rules for p in r.patterns), *(e for cue in vocab.cues.values() for e in cue.entries)):
        if isinstance(pattern, LazyPattern):
            pattern.literal_sets = cache.lookup(pattern) or ()
    for cue in vocab.cues.values():
        cue.use_literals(None)
    cache.save()
    return RuleSet(tuple(rules), vocab, cache)
