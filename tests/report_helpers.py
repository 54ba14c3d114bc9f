"""Helpers for the report format tests: hand-made findings at known places, and a small HTML element tree."""

from __future__ import annotations

import io
from html.parser import HTMLParser

from copylint.findings import Finding
from copylint.formats import Report
from copylint.positions import LineIndex
from copylint.rulepack import Rule

SCREENSHOTS: list[str] = []  # screenshots the browser test saved; conftest prints them after the run
VOID = {"meta", "link", "br", "hr", "img", "input", "rect", "source", "wbr", "col", "area", "base", "embed"}


def finding_at(
    path: str,
    text: str,
    needle: str,
    *,
    nth: int = 0,
    rule: str = "demo.fda-approved",
    severity: str = "error",
    category: str = "regulatory-status",
    **extra,
) -> Finding:
    """A Finding on the nth occurrence of `needle` in `text`, positioned exactly as the engine would."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    end = start + len(needle)
    lines = LineIndex(text)
    line, col = lines.line_col(start)
    end_line, end_col = lines.line_col(end)
    fields = {"message": f"Message of {rule}.", "suggestion": None, "disclaimer": None, "references": ()}
    fields.update(extra)
    return Finding(
        path=path,
        line=line,
        column=col,
        end_line=end_line,
        end_column=end_col,
        rule=rule,
        category=category,
        severity=severity,
        match=text[start:end],
        start=start,
        end=end,
        **fields,
    )


def rule(rule_id: str, **extra) -> Rule:
    """A Rule record with only the metadata reports use."""
    fields = {
        "kind": "pattern",
        "category": "regulatory-status",
        "severity": "error",
        "message": f"Message of {rule_id}.",
        "patterns": (),
        "source": "test",
    }
    fields.update(extra)
    return Rule(id=rule_id, **fields)


def make_report(texts: dict[str, str], findings: list[Finding], rules: dict | None = None, **extra) -> Report:
    """A Report as `copylint check` builds it: findings sorted, every text kept."""
    return Report(
        findings=sorted(findings, key=Finding.sort_key),
        files=list(texts),
        texts=dict(texts),
        rules=rules or {},
        tool_version="0.0-test",
        **extra,
    )


def render_to_string(render, report: Report) -> str:
    buf = io.StringIO()
    render(report, buf)
    return buf.getvalue()


class Element:
    """One parsed element: tag, attributes, children and the text inside it."""

    def __init__(self, tag: str, attrs: dict, parent: Element | None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Element] = []
        self.content: list[str | Element] = []  # text and child elements, in document order

    @property
    def text(self) -> str:
        return self.text_without()

    def text_without(self, cls: str | None = None) -> str:
        """The text inside, leaving out elements with class `cls` (e.g. the finding-number markers)."""
        return "".join(
            c if isinstance(c, str) else ("" if cls and cls in c.classes else c.text_without(cls))
            for c in self.content
        )

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def iter(self):
        yield self
        for child in self.children:
            yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs) -> list[Element]:
        return [
            e
            for e in self.iter()
            if (tag is None or e.tag == tag)
            and (cls is None or cls in e.classes)
            and all(e.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def find(self, *args, **kw) -> Element:
        found = self.find_all(*args, **kw)
        assert found, f"no element {args} {kw}"
        return found[0]

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        el = Element(tag, dict(attrs), self.stack[-1])
        self.stack[-1].children.append(el)
        self.stack[-1].content.append(el)
        if tag not in VOID:
            self.stack.append(el)

    def handle_startendtag(self, tag, attrs):
        el = Element(tag, dict(attrs), self.stack[-1])
        self.stack[-1].children.append(el)
        self.stack[-1].content.append(el)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].content.append(data)


def parse(html: str) -> Element:
    """Parse a whole document into an Element tree (the stdlib parser: it tolerates anything)."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root
