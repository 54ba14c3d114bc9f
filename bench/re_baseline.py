"""Baseline (a): every pattern applied separately with Python's `re` (case-insensitive) over each file.

    python bench/re_baseline.py PATTERNS.txt FILE_LIST.txt

PATTERNS.txt has one pattern a line; FILE_LIST.txt one path a line (the files copylint lints).
Prints the number of matches. One process, like a straightforward script would be.
"""
from __future__ import annotations

import re
import sys


def main(patterns_file: str, list_file: str) -> int:
    with open(patterns_file, encoding="utf-8") as fh:
        patterns = [re.compile(line.rstrip("\n"), re.IGNORECASE) for line in fh if line.strip()]
    with open(list_file, encoding="utf-8") as fh:
        files = [line.rstrip("\n") for line in fh if line.strip()]
    matches = 0
    for path in files:
        with open(path, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        for pattern in patterns:
            for _ in pattern.finditer(text):
                matches += 1
    print(matches)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
