"""Hover text for a finding: what is wrong, why (the rule's description), the rewrite, references."""
from __future__ import annotations

from ..findings import Finding


def hover_markdown(findings: list[Finding], rules: dict) -> str:
    """Markdown for the findings under the cursor, one section each."""
    return "\n\n---\n\n".join(_one(f, rules.get(f.rule)) for f in findings)


def _one(finding: Finding, rule) -> str:
    parts = [f"**copylint** `{finding.rule}` ({finding.severity}, {finding.category})", _escape(finding.message)]
    description = " ".join((getattr(rule, "description", "") or "").split())
    if description:
        parts.append(_escape(description))
    if finding.suggestion:
        parts.append(f"**Suggested rewrite:** {_escape(' '.join(finding.suggestion.split()))}")
    if finding.notes:
        parts.append(f"*Severity lowered by context:* {_escape('; '.join(finding.notes))}")
    if finding.references:
        parts.append("**References:**\n" + "\n".join(f"- <{url}>" for url in finding.references))
    return "\n\n".join(parts)


def _escape(text: str) -> str:
    """Copy and messages shown as text, not Markdown (a `*` or `<` in a draft stays what it is)."""
    out = []
    for ch in text:
        out.append("\\" + ch if ch in "\\`*_{}[]<>#|" else ch)
    return "".join(out)
