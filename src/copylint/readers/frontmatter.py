"""Front matter at the top of a Markdown draft: YAML (`---`) or TOML (`+++`, Hugo).

The values of the configured keys are copy. A key is a name, matched at any depth (`description`
also reads `seo: description:`), or a dotted path from the top (`seo.description`). YAML is read
with PyYAML's composer, whose nodes carry their positions; TOML with tomllib, whose values are
located line by line and kept only when they decode to exactly what tomllib read.
"""
from __future__ import annotations

import regex

from ..lazyregex import lazy
from ..positions import TextBuilder
from . import Reading, finish

# CRLF, lone CR and LF all end a line here too (old Mac files use lone CR).
_FENCES = {
    "---": lazy(r"---[ \t]*(?:\r\n?|\n)(.*?)(?:\r\n?|\n|(?<=[\r\n]))(?:---|\.\.\.)[ \t]*(?:\r\n?|\n|$)",
                         regex.DOTALL),
    "+++": lazy(r"\+\+\+[ \t]*(?:\r\n?|\n)(.*?)(?:\r\n?|\n|(?<=[\r\n]))\+\+\+[ \t]*(?:\r\n?|\n|$)",
                         regex.DOTALL),
}
_LINE = lazy(r"[^\r\n]*")
_BREAK = lazy(r"\r\n?|\n")
_TOP_KEY = lazy(r"(?:^|(?<=[\r\n]))([A-Za-z_][\w-]*)[ \t]*:[ \t]*([^\r\n]*?)[ \t]*(?=[\r\n]|$)")


def read_front_matter(text: str, keys: tuple[str, ...], reading: Reading) -> int:
    """Add the front matter's copy to `reading`; returns where the body starts (0: no front matter)."""
    for fence, pattern in _FENCES.items():
        m = pattern.match(text) if text.startswith(fence) else None
        if m:
            spans = (_yaml if fence == "---" else _toml)(text, m.start(1), m.end(1), keys)
            for start, end, folded in spans:
                block = _scalar_block(text, start, end, folded)
                if block:
                    reading.blocks.append(block)
            return m.end()
    return 0


def _wanted(path: tuple[str, ...], keys: tuple[str, ...]) -> bool:
    name = path[-1].lower()
    dotted = ".".join(path).lower()
    return any(k == dotted if "." in k else k == name for k in keys)


# ---------------------------------------------------------------- YAML

def _yaml(text: str, lo: int, hi: int, keys) -> list[tuple[int, int, str]]:
    """(start, end, style) of each wanted scalar; falls back to top-level `key: value` lines if the YAML is broken."""
    simple = _simple_yaml(text, lo, hi, keys)
    return simple if simple is not None else _parsed_yaml(text, lo, hi, keys)


def _parsed_yaml(text: str, lo: int, hi: int, keys) -> list[tuple[int, int, str]]:
    """`_yaml` by PyYAML's composer (any front matter)."""
    import yaml

    try:
        root = compose(text[lo:hi])
    except yaml.YAMLError:
        return _top_level_lines(text, lo, hi, keys)
    out: list[tuple[int, int, str]] = []
    _walk(root, (), keys, lo, out, depth=0)
    return out


# Front matter made of `key: value` lines only, the usual case, is read without PyYAML (importing it
# costs ~7 ms of a run over one draft): each line a plain key, a colon and a one-line value that
# YAML reads one way only, a quoted string without escapes or inner quotes, or a plain scalar of
# printable ASCII without ':' or '#' that starts with a letter (a number, date or word list is
# accepted only under a key that is not read as copy: its type does not matter there). Anything
# else (nesting, block lists, comments, block scalars, escapes, tabs, CR, yes/no/null words under a
# wanted key) is PyYAML's to read; tests/test_lean_runs.py holds the two readings to each other.
_QUOTED_CHARS = r"\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff"
_PLAIN_CHAR = r"[!\"$-9;-~]"
_FLOW_ITEM = r"[A-Za-z0-9][A-Za-z0-9_.-]*(?: [A-Za-z0-9_.-]+)*"
_SIMPLE_LINE = lazy(
    r"([A-Za-z_][A-Za-z0-9_-]{0,99}):(?: +(?:"
    rf"(?P<dq>\"[ !#-\[\]-~{_QUOTED_CHARS}]*\")|(?P<sq>'[ -&(-~{_QUOTED_CHARS}]*')"
    rf"|(?P<plain>[A-Za-z](?: *{_PLAIN_CHAR})*)|(?P<other>[0-9](?: *{_PLAIN_CHAR})*)"
    rf"|(?P<flow>\[ *(?:{_FLOW_ITEM}(?: *, *{_FLOW_ITEM})*)? *\])))? *")
_NOT_STR = frozenset({"yes", "no", "true", "false", "on", "off", "null"})  # plain words YAML 1.1 reads otherwise


def _simple_yaml(text: str, lo: int, hi: int, keys) -> list[tuple[int, int, str]] | None:
    """What `_yaml` finds in front matter of simple `key: value` lines, without PyYAML; None: not that simple."""
    if "\r" in text[lo:hi]:
        return None
    out: list[tuple[int, int, str]] = []
    pos = lo
    for line in text[lo:hi].split("\n"):
        if line:
            m = _SIMPLE_LINE.fullmatch(line)
            if m is None:
                return None
            kind = m.lastgroup
            if kind is not None and _wanted((m.group(1),), keys):
                if kind in ("other", "flow") or (kind == "plain" and m.group(kind).lower() in _NOT_STR):
                    return None
                value = m.group(kind) if kind == "plain" else m.group(kind)[1:-1]
                if value and value.strip():
                    out.append((pos + m.start(kind), pos + m.end(kind), {"dq": '"', "sq": "'"}.get(kind, "")))
        pos += len(line) + 1
    return out


# Where the two parsers count or read differently (a BOM, CR line ends, tabs, NEL and the Unicode
# line separators, control characters, a block scalar header glued to a comment), PyYAML's own parser reads the text.
_NOT_PLAIN = lazy(r"[^\n\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]|[|>][-+0-9]*#")


def compose(src: str, fast: bool = True):
    """PyYAML's node tree of `src` (positions included), read by libyaml's parser (C, ~15x quicker)
    when PyYAML has it; where libyaml finds an error, PyYAML's own parser has the last word. Both
    give the same nodes, positions and errors (tests/test_fast_paths.py)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", None) if fast else None
    if loader is not None and not _NOT_PLAIN.search(src):
        try:
            return yaml.compose(src, Loader=loader)
        except yaml.YAMLError:
            pass
    return yaml.compose(src, Loader=yaml.SafeLoader)


def _walk(node, path, keys, base: int, out: list, depth: int) -> None:
    import yaml

    if depth > 50:
        return
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                _walk(value, path + (str(key.value),), keys, base, out, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _walk(item, path, keys, base, out, depth + 1)
    elif isinstance(node, yaml.ScalarNode) and path and node.tag == "tag:yaml.org,2002:str" and node.value.strip():
        if _wanted(path, keys):
            out.append((base + node.start_mark.index, base + node.end_mark.index, node.style or ""))


def _top_level_lines(text: str, lo: int, hi: int, keys) -> list[tuple[int, int, str]]:
    out = []
    for line in _TOP_KEY.finditer(text, lo, hi):
        if _wanted((line.group(1),), keys) and line.group(2):
            s, e = line.span(2)
            style = text[s] if e - s >= 2 and text[s] in "\"'" and text[e - 1] == text[s] else ""
            out.append((s, e, style))
    return out


# ---------------------------------------------------------------- TOML

_TABLE = lazy(r"[ \t]*\[\[?[ \t]*([^\]]+?)[ \t]*\]\]?[ \t]*(?:#.*)?$")
_ASSIGN = lazy(r"[ \t]*((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')(?:[ \t]*\.[ \t]*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)"
                        r"[ \t]*=[ \t]*")
_STRING = lazy(r'"""(?:[^\\]|\\.)*?"""(?!")|\'\'\'.*?\'\'\'(?!\')|"(?:[^"\\\r\n]|\\.)*"|\'[^\'\r\n]*\'',
                        regex.DOTALL)


def _toml(text: str, lo: int, hi: int, keys) -> list[tuple[int, int, str]]:
    import tomllib

    try:
        data = tomllib.loads(text[lo:hi].replace("\r\n", "\n").replace("\r", "\n"))
    except tomllib.TOMLDecodeError:
        return []
    out = []
    table: tuple[str, ...] = ()
    pos = lo
    while pos < hi:
        line = _LINE.match(text, pos, hi)
        header = _TABLE.match(line.group())
        assign = None if header else _ASSIGN.match(text, pos, line.end())
        if header:
            table = _key_path(header.group(1))
        elif assign:
            path = table + _key_path(assign.group(1))
            value = _STRING.match(text, assign.end(), hi)
            if value and _wanted(path, keys) and _decodes_to(value.group(), _lookup(data, path)):
                out.append((value.start(), value.end(), "toml"))
                pos = value.end()
                continue
        pos = line.end() + 1
    return out


def _key_path(raw: str) -> tuple[str, ...]:
    parts = regex.findall(r"\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_-]+)", raw)
    return tuple(next(p for p in part if p) if any(part) else "" for part in parts)


def _lookup(data, path):
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _decodes_to(literal: str, value) -> bool:
    import tomllib

    if not isinstance(value, str):
        return False
    try:
        return tomllib.loads("v = " + literal.replace("\r\n", "\n").replace("\r", "\n"))["v"] == value
    except tomllib.TOMLDecodeError:
        return False


# ---------------------------------------------------------------- a scalar's source as copy

_ESCAPES = {"n": "\n", "t": " ", '"': '"', "\\": "\\", "/": "/", "'": "'", "0": " ", "r": " "}


def _scalar_block(text: str, start: int, end: int, style: str):
    """The copy of a scalar's source range: quotes, block indicators and indentation left out,
    line breaks folded to spaces (kept in literal blocks), escapes decoded; offsets exact."""
    if style in ("'", '"'):
        start, end = start + 1, end - 1
    elif style == "toml":
        quote = 3 if text.startswith(('"""', "'''"), start) else 1
        style = '"' if text[start] == '"' else "'"
        start, end = start + quote, end - quote
        style += "toml"
    elif style in (">", "|"):
        brk = _BREAK.search(text, start, end)
        if brk is None:
            return None
        start = brk.end()
    b = TextBuilder(text)
    lines, pos = [], start
    for brk in _BREAK.finditer(text, start, end):
        lines.append((pos, brk.start()))
        pos = brk.end()
    lines.append((pos, end))
    pending = None  # where the previous line's content ended, and whether a blank line followed it
    blank = False
    for s, e in lines:
        raw = text[s:e]
        content_s = s + len(raw) - len(raw.lstrip())
        content_e = s + len(raw.rstrip())
        if content_s >= content_e:
            blank = pending is not None
            continue
        if pending is not None:
            b.synth("\n" if blank or style == "|" else " ", pending, content_s)
        _copy_escaped(b, content_s, content_e, style)
        pending, blank = content_e, False
    return finish(b, "meta", soft=False)


def _copy_escaped(b: TextBuilder, start: int, end: int, style: str) -> None:
    src = b.source
    if style.startswith('"') and "\\" in src[start:end]:
        pos = start
        for m in regex.finditer(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|x[0-9A-Fa-f]{2}|.)", src[start:end]):
            s, e = start + m.start(), start + m.end()
            b.copy(pos, s)
            code = m.group(1)
            b.synth(chr(int(code[1:], 16)) if len(code) > 1 else _ESCAPES.get(code, code), s, e)
            pos = e
        b.copy(pos, end)
    elif style == "'" and "''" in src[start:end]:
        pos = start
        while (at := src.find("''", pos, end)) >= 0:
            b.copy(pos, at + 1)
            pos = at + 2
        b.copy(pos, end)
    else:
        b.copy(start, end)
