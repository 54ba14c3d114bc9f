"""The HTML report's finding cards: what is wrong, why (the rule's description), the rewrite, references."""

from __future__ import annotations

from html import escape, unescape

from ..document import kind_for
from ..findings import SEVERITIES, Finding

# Wording that satisfies each disclosure kind, for rules that carry no suggestion of their own.
DEFAULT_DISCLOSURES = {
    "regulatory-status": "This treatment is not approved by the U.S. Food and Drug Administration (FDA).",
    "results-vary": "Individual results vary; no outcome is guaranteed.",
    "medical-advice": "This page is not medical advice. Consult a licensed physician before any treatment.",
}


def sev(f: Finding) -> str:
    """The severity as a CSS class suffix (unknown severities look like info)."""
    return f.severity if f.severity in SEVERITIES else "info"


def message(f: Finding) -> str:
    """The message, with the disclosure kind for a missing-disclaimer finding."""
    return f"{f.message} ({f.disclaimer})" if f.disclaimer else f.message


def data(f: Finding, file_id: str = "") -> str:
    """The data-* attributes the filter script reads (severity, category, rule, file)."""
    attrs = f'data-sev="{sev(f)}" data-cat="{escape(f.category, quote=True)}"'
    if file_id:
        attrs += f' data-rule="{escape(f.rule, quote=True)}" data-file="{file_id}"'
    return attrs


def shown_match(f: Finding) -> str:
    """The flagged characters as a reader sees them: entities in Markdown and HTML decoded (`&#8209;` is a hyphen)."""
    return unescape(f.match) if kind_for(f.path) in ("markdown", "html") else f.match


def flagged_words(f: Finding, limit: int = 80) -> str:
    """The flagged span on one line, shortened for a table cell."""
    words = " ".join(shown_match(f).split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "\u2026"


def _where(k: int, f: Finding, targets: dict[str, bool]) -> str:
    """'line X, column Y', linked to the highlight in the copy view, else in the source view, else plain."""
    label = f"line {f.line}, column {f.column}"
    links = []
    if targets.get("copy"):
        links.append(f'<a href="#h-{k}">{label}</a>')
    if targets.get("source"):
        links.append(f'<a class="to-source" href="#s-{k}">{"in the source" if links else label + " (source)"}</a>')
    return " ".join(links) or f"<span>{label}</span>"


def _header(k: int, f: Finding, targets: dict[str, bool]) -> str:
    return (
        f'<header id="f-{k}-h"><span class="num">#{k}</span><span class="badge sev-{sev(f)}">'
        f'{escape(f.severity)}</span><code>{escape(f.rule)}</code><span class="muted">{escape(f.category)}</span>'
        f"{_where(k, f, targets)}</header>"
    )


def card(rule, k: int, f: Finding, file_id: str, targets: dict[str, bool]) -> str:
    """A claim's card: message, flagged words, why it matters, the suggested rewrite, context notes, references."""
    parts = [
        f'<article class="card sev-{sev(f)}" id="f-{k}" {data(f, file_id)} aria-labelledby="f-{k}-h">',
        _header(k, f, targets),
        f'<p class="msg">{escape(f.message)}</p>',
    ]
    if f.match:
        parts.append(f'<p class="match">Flagged: <q>{escape(shown_match(f))}</q></p>')
    why = getattr(rule, "description", None)
    if why:
        parts.append(f'<p class="why"><strong>Why it matters:</strong> {escape(why)}</p>')
    suggestion = f.suggestion or getattr(rule, "suggestion", None)
    if suggestion:
        parts.append(f'<p class="fix"><strong>Suggested rewrite:</strong> <span class="rewrite">{escape(suggestion)}</span></p>')
    if f.notes:
        parts.append(f'<p class="notes muted">Context: {escape("; ".join(f.notes))}</p>')
    parts.append(references(f.references or getattr(rule, "references", ())))
    parts.append("</article>\n")
    return "".join(parts)


def disclosure_card(rule, k: int, f: Finding, file_id: str, targets: dict[str, bool]) -> str:
    """A missing disclosure: the wording that would satisfy it and the mention that made it required."""
    wording = f.suggestion or getattr(rule, "suggestion", None) or DEFAULT_DISCLOSURES.get(f.disclaimer or "", "")
    parts = [
        f'<article class="card sev-{sev(f)}" id="f-{k}" {data(f, file_id)} data-doc="1" aria-labelledby="f-{k}-h">',
        _header(k, f, targets),
        f'<p class="msg">{escape(message(f))}</p>',
    ]
    why = getattr(rule, "description", None)
    if why:
        parts.append(f'<p class="why"><strong>Why it matters:</strong> {escape(why)}</p>')
    if wording:
        parts.append(f'<p>Add wording such as:</p><blockquote class="rewrite">{escape(wording)}</blockquote>')
    examples = (getattr(rule, "examples", None) or {}).get("pass") or []
    if examples:
        items = "".join(f"<li>{escape(e)}</li>" for e in examples[:3])
        parts.append(f"<details><summary>Drafts that satisfy this rule</summary><ul>{items}</ul></details>")
    if f.match:
        parts.append(f'<p class="match muted">Required because the draft mentions <q>{escape(shown_match(f))}</q>.</p>')
    parts.append(references(f.references or getattr(rule, "references", ())))
    parts.append("</article>\n")
    return "".join(parts)


def references(refs) -> str:
    """Reference list; only http(s) URLs become links, so a pack cannot smuggle in a javascript: URL."""
    if not refs:
        return ""
    items = []
    for ref in refs:
        text = escape(ref)
        if ref.lower().startswith(("https://", "http://")) and not any(c.isspace() for c in ref):
            items.append(f'<li><a href="{escape(ref, quote=True)}" rel="noopener noreferrer">{text}</a></li>')
        else:
            items.append(f"<li>{text}</li>")
    return f'<ul class="refs" aria-label="References">{"".join(items)}</ul>'
