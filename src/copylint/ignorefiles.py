"""What .gitignore and .ignore files say to skip when a folder is walked (git's rules, via pathspec).

Inside a git repository every .gitignore and .ignore file from the repository's top folder down to
a path applies to it, the deeper file winning, as git and ripgrep read them. Outside a repository
only .ignore files count, from the folder the walk started in. Files named on the command line are
always linted (as ruff does).
"""
from __future__ import annotations

import os

IGNORE_FILES = (".gitignore", ".ignore")


class IgnoreFiles:
    """Answers 'is this path ignored?' for one walk; each folder's ignore files are read once."""

    def __init__(self, start: str):
        start = os.path.abspath(start)
        self.top = _repository_top(start)
        self.names = IGNORE_FILES if self.top is not None else (".ignore",)
        self.top = self.top or start
        self._specs: dict[str, list] = {}

    def ignored(self, path: str, is_dir: bool) -> bool:
        """Does an ignore file above `path` (up to the repository's top) ignore it?"""
        full = os.path.abspath(path)
        folder = os.path.dirname(full)
        verdict = None
        for base, spec in self._chain(folder):
            rel = os.path.relpath(full, base).replace(os.sep, "/")
            result = spec.check_file(rel + "/" if is_dir else rel)
            if result.include is not None:
                verdict = result.include
        return bool(verdict)

    def _chain(self, folder: str) -> list:
        """(folder, spec) of every ignore file from the top down to `folder`."""
        if folder in self._specs:
            return self._specs[folder]
        if folder == self.top:
            chain = [(folder, spec) for spec in _read(folder, self.names)]
        elif _below(folder, self.top):
            chain = self._chain(os.path.dirname(folder)) + [(folder, spec) for spec in _read(folder, self.names)]
        else:
            chain = []
        self._specs[folder] = chain
        return chain


def _below(folder: str, top: str) -> bool:
    return folder.startswith(top.rstrip(os.sep) + os.sep)


def _read(folder: str, names: tuple[str, ...]) -> list:
    import pathspec

    specs = []
    for name in names:
        try:
            with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as fh:
                lines = fh.read().splitlines()
        except OSError:
            continue
        specs.append(_spec(pathspec, lines))
    return specs


def _spec(pathspec, lines: list[str]):
    """git's rules for these lines, matched by pathspec's plain `re` backend: with the `hyperscan`
    package installed pathspec 1.x picks a Hyperscan database instead, whose scratch space took
    ~7 MB of every process of a run (workers inherit it) for a handful of ignore patterns. The
    backends give the same answers; pathspec before 1.0 has only the plain one (no `backend`)."""
    try:
        return pathspec.GitIgnoreSpec.from_lines(lines, backend="simple")
    except TypeError:
        return pathspec.GitIgnoreSpec.from_lines(lines)


def _repository_top(folder: str) -> str | None:
    """The folder holding `.git` at or above `folder`, if any."""
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
