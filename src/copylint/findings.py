"""The Finding record every stage produces and every formatter consumes (the JSON contract)."""
from __future__ import annotations

from dataclasses import dataclass, field

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}
CATEGORIES = (
    "regulatory-status",
    "safety-claim",
    "efficacy-claim",
    "disease-claim",
    "comparative-claim",
    "missing-disclaimer",
    "hype",
    "suppression",  # findings about suppression comments themselves (unused, no reason, invalid)
)
DISCLAIMER_KINDS = ("regulatory-status", "results-vary", "medical-advice")


def downgrade(severity: str, steps: int = 1) -> str:
    """Lower a severity by `steps` levels, never below info."""
    rank = max(1, SEVERITY_RANK[severity] - steps)
    return {3: "error", 2: "warning", 1: "info"}[rank]


@dataclass(frozen=True, order=False)
class Finding:
    """One reported problem, positioned in the original file (1-based, end exclusive)."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    category: str
    severity: str
    message: str
    match: str
    suggestion: str | None = None
    disclaimer: str | None = None
    references: tuple[str, ...] = ()
    # Not part of the JSON contract: character offsets and the sentence, for baselines and reports.
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)
    sentence: str = field(default="", compare=False)
    notes: tuple[str, ...] = field(default=(), compare=False)
    words: str = field(default="", compare=False)  # a frame match's slot words, for --explain

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.rule)

    def to_dict(self) -> dict:
        """The JSON contract record (see README, 'JSON contract')."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "match": self.match,
            "suggestion": self.suggestion,
            "disclaimer": self.disclaimer,
            "references": list(self.references),
        }


@dataclass(frozen=True)
class Dropped:
    """A candidate a context filter removed, kept for --explain."""

    path: str
    line: int
    column: int
    rule: str
    match: str
    reason: str
    words: str = ""


@dataclass
class FileReport:
    """Everything the per-file pipeline found in one draft (see engine.Linter.lint)."""

    path: str
    findings: list[Finding]  # sorted; suppressed findings removed, findings about directives added
    dropped: list[Dropped] = field(default_factory=list)  # candidates the context filters removed
    unused: list = field(default_factory=list)  # suppress.Directive objects that silenced nothing
