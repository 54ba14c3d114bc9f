"""Peak memory of `copylint check` on one big file, as a multiple of the file's size.

Writes one Markdown, HTML and plain-text page of each size (from gen_corpus's page generator;
HTML and text are the same page rendered as such) into a temporary folder, runs
`copylint check --format json FILE` on each in its own process, and prints the process's peak
resident set size (from wait4) over the file size (results cache off). Target: at most 10x for 50 MB.

    python bench/memory.py                 # 10 and 50 MB, all three kinds
    python bench/memory.py --mb 10 --kinds md
"""
from __future__ import annotations

import argparse
import html
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen_corpus  # noqa: E402

COPYLINT = [sys.executable, "-m", "copylint"]


def markdown_page(megabytes: float, seed: int = gen_corpus.SEED) -> str:
    """One Markdown page of about `megabytes` MB (front matter, headings, lists, tables, code, HTML)."""
    w = gen_corpus.Writer(random.Random(f"{seed}:memory"))
    return gen_corpus.page(w, int(megabytes * 1_000_000))


def html_page(markdown: str) -> str:
    """The Markdown page's parts as HTML elements (p, h2, ul/li, blockquote, pre, table, div)."""
    out = ["<!DOCTYPE html>\n<html><head><title>Clinic page</title></head><body>"]
    for part in markdown.split("\n\n"):
        part = part.strip()
        if not part or part.startswith("---"):
            continue
        if part.startswith(("<!--", "<div")):
            out.append(part)
        elif part.startswith("#"):
            out.append(f"<h2>{html.escape(part.lstrip('# '))}</h2>")
        elif part.startswith(("- ", "* ", "1. ")):
            items = "".join(f"<li>{html.escape(line.split(' ', 1)[-1])}</li>" for line in part.splitlines())
            out.append(f"<ul>{items}</ul>")
        elif part.startswith(">"):
            out.append(f"<blockquote>{html.escape(part.lstrip('> '))}</blockquote>")
        elif part.startswith("```"):
            out.append(f"<pre><code>{html.escape(part.strip('`'))}</code></pre>")
        elif part.startswith("|"):
            rows = [line for line in part.splitlines() if not line.startswith("|---")]
            cells = "".join("<tr>" + "".join(f"<td>{html.escape(c.strip())}</td>" for c in r.strip("|").split("|"))
                            + "</tr>" for r in rows)
            out.append(f"<table>{cells}</table>")
        else:
            out.append(f"<p>{html.escape(part)}</p>")
    return "\n".join(out) + "\n</body></html>\n"


def text_page(markdown: str) -> str:
    """The Markdown page's copy as plain text: paragraphs, headings and list lines, no markup."""
    out = []
    for part in markdown.split("\n\n"):
        part = part.strip()
        if not part or part.startswith(("---", "```", "<", "|")):
            continue
        out.append("\n".join(line.lstrip("#>*-0123456789. ") for line in part.splitlines()))
    return "\n\n".join(out) + "\n"


def peak_rss(path: Path) -> tuple[float, float]:
    """(peak RSS in bytes, wall seconds) of `copylint check --format json path`."""
    start = time.perf_counter()
    proc = subprocess.Popen([*COPYLINT, "check", "--no-cache", "--format", "json", "-q", str(path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"copylint exited {proc.returncode} on {path}")
    return usage.ru_maxrss * 1024, time.perf_counter() - start


def write_pages(folder: Path, megabytes: float, kinds: list[str]) -> list[Path]:
    """Write the page of each kind into `folder`; returns their paths."""
    md = markdown_page(megabytes)
    render = {"md": lambda: md, "html": lambda: html_page(md), "txt": lambda: text_page(md)}
    paths = []
    for kind in kinds:
        path = folder / f"page-{megabytes:g}mb.{kind}"
        path.write_text(render[kind](), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, nargs="+", default=[10, 50], help="file sizes in MB (default: 10 50)")
    ap.add_argument("--kinds", nargs="+", default=["md", "html", "txt"], choices=["md", "html", "txt"])
    ap.add_argument("--write", metavar="DIR", help=argparse.SUPPRESS)  # the child that writes the pages
    args = ap.parse_args(argv)
    if args.write:
        for mb in args.mb:
            write_pages(Path(args.write), mb, args.kinds)
        return 0
    print("| file | size | peak RSS | x file size | wall |\n|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="copylint-memory-") as tmp:
        for mb in args.mb:
            # The pages are written by a child process: a child's peak RSS counts what it shared
            # with this process when forked, so this one must stay small.
            subprocess.run([sys.executable, __file__, "--write", tmp, "--mb", str(mb), "--kinds", *args.kinds],
                           check=True)
            for kind in args.kinds:
                path = Path(tmp) / f"page-{mb:g}mb.{kind}"
                size = path.stat().st_size
                rss, wall = peak_rss(path)
                print(f"| {kind} | {size / 1e6:.1f} MB | {rss / 2**20:.0f} MiB | {rss / size:.1f}x | {wall:.1f} s |",
                      flush=True)
                path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
