"""The one safe YAML loader for rule packs, vocabularies and config: bounded aliases, no duplicate keys.

PyYAML shares the object an alias points to, so a 400-byte "billion laughs" file loads quickly
and explodes only when something walks it (a message turned into a string). The composed node
graph is checked before anything is built: its size with every alias expanded is bounded, keys
must be scalars and may not repeat (YAML itself forbids it; PyYAML keeps the last one silently).
"""
from __future__ import annotations

import yaml

MAX_EXPANDED_NODES = 100_000  # nodes once aliases are expanded; the bundled packs have a few thousand
MAX_DEPTH = 200  # nesting of sequences and mappings


class SafeYAMLError(ValueError):
    """A YAML document that is well-formed but refused (aliases, duplicate or non-scalar keys, depth)."""

    def __init__(self, line: int, problem: str):
        super().__init__(problem)
        self.line = line  # 1-based
        self.problem = problem


def check_depth(loader) -> None:
    """Read a fresh loader's events and refuse nesting deeper than MAX_DEPTH (SafeYAMLError).

    Run before composing: libyaml's composer recurses in C and crashes the process on very
    deep nesting, and PyYAML's recurses in Python."""
    depth = 0
    while loader.check_event():
        event = loader.get_event()
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise SafeYAMLError(event.start_mark.line + 1, f"nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loading only: no Python object tags (the C loader when PyYAML has it: same rules, faster)."""


def load(text: str, loader_cls=_Loader):
    """Parse one YAML document safely and within bounds; raises yaml.YAMLError or SafeYAMLError."""
    probe = loader_cls(text)
    try:
        check_depth(probe)
    finally:
        probe.dispose()
    loader = loader_cls(text)
    try:
        root = loader.get_single_node()
        check_node(root)
        return None if root is None else loader.construct_document(root)
    finally:
        loader.dispose()


def _children(node) -> list:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _check_keys(node) -> None:
    seen: set = set()
    for key, _value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            raise SafeYAMLError(key.start_mark.line + 1, "a key must be a plain value, not a list or mapping")
        if key.tag == "tag:yaml.org,2002:merge":
            continue
        if key.value in seen:
            raise SafeYAMLError(key.start_mark.line + 1, f"key '{_short(key.value)}': duplicate key")
        seen.add(key.value)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def check_node(root) -> None:
    """Refuse a composed document whose expanded size, depth or keys are out of bounds (SafeYAMLError)."""
    if root is None:
        return
    size: dict[int, int] = {}
    # Iterative post-order walk with memoised sizes: an alias is the same node object again, so
    # a shared subtree is counted as often as it is referenced without being walked again.
    stack: list[tuple[object, int, bool]] = [(root, 1, False)]
    active: set[int] = set()
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:
            active.discard(key)
            total = 1 + sum(size[id(c)] for c in _children(node))
            if total > MAX_EXPANDED_NODES:
                raise SafeYAMLError(node.start_mark.line + 1, "aliases expand to more than "
                                    f"{MAX_EXPANDED_NODES:,} values (an alias bomb?)")
            size[key] = total
            continue
        if key in size:
            continue
        if key in active:
            raise SafeYAMLError(node.start_mark.line + 1, "an alias refers to a value that contains it")
        if depth > MAX_DEPTH:
            raise SafeYAMLError(node.start_mark.line + 1, f"nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, yaml.MappingNode):
            _check_keys(node)
        active.add(key)
        stack.append((node, depth, True))
        for child in _children(node):
            if id(child) in active:
                raise SafeYAMLError(child.start_mark.line + 1, "an alias refers to a value that contains it")
            if id(child) not in size:
                stack.append((child, depth + 1, False))
