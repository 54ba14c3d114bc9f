"""The server's thin adapter over copylint's library: config per file, lint a buffer, reload packs.

Everything the server knows about linting goes through `DraftLinter.lint`, so when the library's
per-file pipeline changes only this module follows. The text comes from the editor's buffer;
drafts are never read from disk (config files and rule packs are, as `copylint check` reads them).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..config import CONFIG_FILES, DEFAULT_CONFIG, Config, check_selectors
from ..document import DEFAULT_EXTS, kind_for
from ..errors import CopylintError
from ..findings import Finding
from .incremental import BlockMemo, IncrementalLinter

LANGUAGE_KINDS = {"markdown": "markdown", "mdx": "markdown", "html": "html", "plaintext": "text", "text": "text"}


@dataclass
class Outcome:
    """What linting one buffer gave: sorted findings and the rules behind them, or one error."""

    findings: list[Finding] = field(default_factory=list)
    rules: dict = field(default_factory=dict)
    config: Config = DEFAULT_CONFIG
    error: str | None = None  # a bad config or rule pack: "path:line: problem"
    excluded: bool = False  # the config excludes this file
    blocks: list | None = None  # the blocks of copy the lint read (for the quick fixes' sentences)


def kind_of(path: str | None, language_id: str | None) -> str:
    """markdown, html or text: from the file name as `check` decides, else from the editor's language."""
    if path and path.lower().endswith(DEFAULT_EXTS):
        return kind_for(path)
    return LANGUAGE_KINDS.get((language_id or "").lower(), kind_for(path or ""))


def lintable(path: str | None, language_id: str | None) -> bool:
    """A draft `check` would lint (its extension), or a buffer the editor calls Markdown, MDX, HTML or text.

    A rule pack or config opened in the editor is not a draft (its examples are claims on purpose)."""
    if path and path.lower().endswith(DEFAULT_EXTS):
        return True
    return (language_id or "").lower() in LANGUAGE_KINDS


def is_mdx(path: str | None, language_id: str | None) -> bool:
    """MDX takes `{/* */}` comments (an HTML comment breaks an MDX 2/3 build)."""
    return bool(path and path.lower().endswith(".mdx")) or (language_id or "").lower() == "mdx"


class DraftLinter:
    """Lints editor buffers with the config `copylint check FILE` would use for each file."""

    def __init__(self) -> None:
        self._stamps: dict[str | None, tuple] = {}  # config source -> what its files looked like
        self.rule_dirs: set[str] = set()  # folders of the rule packs in use, to watch
        self._mdx: bool | None = None
        self._linters: dict[tuple, IncrementalLinter] = {}  # (config, its rule set) -> linter
        self._memos: dict[str, BlockMemo] = {}  # draft -> its blocks' findings from the last lint

    def _linter(self, config: Config) -> IncrementalLinter:
        """The linter for this config and its rule set (as `get_linter` keeps one per process)."""
        from ..api import get_ruleset

        ruleset = get_ruleset(config)
        key = (config, id(ruleset))  # the linter holds the rule set, so its id is not reused meanwhile
        if key not in self._linters:
            self._linters[key] = IncrementalLinter(ruleset, config)
        return self._linters[key]

    def memo(self, draft: str) -> BlockMemo:
        """The memo of one draft's block findings (see incremental.py)."""
        return self._memos.setdefault(draft, BlockMemo())

    def close(self, draft: str | None) -> None:
        """The editor closed the draft: forget its memo."""
        self._memos.pop(draft or "<buffer>", None)

    def lint(self, path: str | None, text: str, kind: str, display: str | None = None,
             folder: str | None = None) -> Outcome:
        """Findings for the buffer `text` of the file `path` (None for an unsaved, untitled buffer,
        whose config is looked up from `folder`, the workspace root).

        `display` is the path the findings and per-file globs see (relative to the workspace, as
        a `copylint check` run from its root would see it)."""
        from ..api import expand_paths, get_ruleset
        from ..config import Resolver
        from ..document import Document
        from ..suppress import meta_rules

        name = display or path or "<buffer>"
        try:
            resolver = Resolver()  # new each time: an edited config is read again, as a new `check` run reads it
            config = resolver.for_path(path) if path else resolver.for_folder(folder or ".")
            self._refresh(config)
            if path and not expand_paths([name], config):
                return Outcome(config=config, excluded=True)
            rules = {**get_ruleset(config).by_id(), **meta_rules()}
            check_selectors(config, rules)
            report = self._linter(config).lint_with(Document(name, text, kind), self.memo(path or name))
            kept = list(report.findings)  # suppressions applied, as lint_report applies them
        except CopylintError as exc:
            return Outcome(error=str(exc))
        except (MemoryError, RecursionError) as exc:  # as `check` reports such a file, and goes on
            return Outcome(error=f"{name}: too large or too deeply nested to lint ({type(exc).__name__})")
        except Exception as exc:  # a bug: said once, and the server keeps serving the other drafts
            return Outcome(error=f"{name}: internal error: {type(exc).__name__}: {exc} (please report it)")
        kept.sort(key=Finding.sort_key)
        return Outcome(kept, rules, config, blocks=self.memo(path or name).blocks)

    def _refresh(self, config: Config) -> None:
        """Forget loaded packs when the config or a pack changed on disk since they were loaded.

        A watched-file notification also calls `forget`, but an editor that sends none still
        gets the new rules on the next change."""
        self.rule_dirs.update(os.path.abspath(d) for d in config.rules_dirs)
        stamp = _stamp([config.source] if config.source else [], config.rules_dirs)
        old = self._stamps.get(config.source)
        if old is not None and old != stamp:
            self._forget_linters()
        self._stamps[config.source] = stamp

    def mdx_directives(self) -> bool:
        """Does the library read `{/* copylint: ... */}` in MDX? Asked once, of the real pipeline: a
        suppression quick fix that copylint then ignores would be worse than none."""
        if self._mdx is None:
            claim = "Our exosomes are FDA-approved.\n"
            directive = "{/* copylint: disable-next-line regulatory -- probe */}\n"
            try:
                before, after = (self._regulatory(text) for text in (claim, directive + claim))
                self._mdx = before > 0 and after == 0
            except Exception:  # a changed library API: offer no MDX directive rather than a wrong one
                self._mdx = False
        return self._mdx

    def _regulatory(self, text: str) -> int:
        from ..api import lint_text

        found = lint_text(text, filename="probe.mdx", kind="markdown")  # inline directives applied
        return sum(f.rule.startswith("regulatory.") for f in found)

    def forget(self) -> None:
        """A config or rule pack changed: load everything again on the next lint."""
        self._stamps.clear()
        self._forget_linters()

    def _forget_linters(self) -> None:
        forget_loaded_rules()
        self._linters.clear()  # their memos' entries are then never reused (see BlockMemo.start)

    def is_settings_file(self, path: str) -> bool:
        """Is this a config file or a rule pack (whose change must re-lint open drafts)?"""
        name = os.path.basename(path)
        if name in CONFIG_FILES:
            return True
        folder = os.path.dirname(os.path.abspath(path))
        return name.endswith((".yaml", ".yml")) and folder in self.rule_dirs


def forget_loaded_rules() -> None:
    """Drop the library's per-process caches of loaded packs and built linters.

    They are private to the library (a CLI run never needs to reload); the server does when a
    pack is edited. Proposed as a public `copylint.api.reset_caches()`."""
    from .. import api, rulepack

    cached = getattr(rulepack, "_load_rules_cached", None)
    if cached is not None and hasattr(cached, "cache_clear"):
        cached.cache_clear()
    for name in ("_LINTERS", "_RULESETS"):
        cache = getattr(api, name, None)
        if isinstance(cache, dict):
            cache.clear()


def _stamp(files: list[str], dirs) -> tuple:
    """(path, mtime, size) of the config file and every pack in its rule folders."""
    out = []
    for d in dirs:
        try:
            names = sorted(n for n in os.listdir(d) if n.endswith((".yaml", ".yml")))
        except OSError:
            names = []
        files = [*files, *(os.path.join(d, n) for n in names)]
    for f in files:
        try:
            st = os.stat(f)
            out.append((f, st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((f, None, None))
    return tuple(out)


def where(error: str) -> tuple[str | None, int]:
    """The file and 1-based line an error message names ("path:line: ..." or "path: rule 'id': ...")."""
    import re

    m = re.match(r"(?P<path>[^:\n]+?(?:\.ya?ml|\.toml))(?::(?P<line>\d+))?:", error)
    if not m:
        return None, 1
    path = m.group("path")
    line = m.group("line") or (re.search(r"at line (\d+)", error) or [None, None])[1]
    if line:
        return path, int(line)
    rule = re.search(r": rule '([a-z0-9-]+)'", error)
    return path, _rule_line(path, rule.group(1)) if rule else 1


def _rule_line(path: str, rule_id: str) -> int:
    """Best-effort line of `id: rule_id` in a pack (rule errors name the rule, not the line)."""
    import re

    token = re.compile(rf"^\s*(?:-\s*)?id:\s*['\"]?{re.escape(rule_id)}['\"]?\s*(?:#.*)?$")
    try:
        with open(path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if token.match(line):
                    return number
    except (OSError, UnicodeDecodeError):
        pass
    return 1


class Sentences:
    """Original spans of the sentences of a buffer, as the rules saw them (read once, on demand).

    Uses copylint's own reader, folding and sentence splitter, and maps the sentence back through
    their offset maps: the same sentence a finding's context filters read. `blocks`: the blocks
    the lint read from this text (then nothing is read again); only the block asked about is folded."""

    def __init__(self, text: str, kind: str, config: Config = DEFAULT_CONFIG, blocks: list | None = None):
        self.text, self.kind, self.config = text, kind, config
        self._blocks = blocks

    def __call__(self, offset: int) -> tuple[int, int] | None:
        """(start, end) in the original text of the sentence holding `offset`, or None."""
        from ..normalize import fold
        from ..positions import Chain
        from ..sentences import split_sentences

        for block in self._read():
            if block.map.start(0) <= offset < block.map.end(len(block.text)):
                folded, fmap = fold(block.text)
                chain = Chain(fmap, block.map)
                for s, e in split_sentences(folded):
                    lo, hi = chain.start(s), chain.end(e)
                    if lo <= offset < hi:
                        return lo, hi
        return None

    def _read(self) -> list:
        if self._blocks is None:
            from ..markup import extract

            self._blocks = extract(self.text, self.kind, self.config.front_matter_keys)
        return self._blocks
