"""The results cache: a second `copylint check` of the 25 MB bench repo with one page changed.

Copies the corpus (bench/gen_corpus.py, generated on first use) to a temporary folder, fills a
fresh cache with one full run, then N times: appends a sentence to a different page and times
`copylint check --format json -q DIR` (whole process, interpreter start included; all cores).
Prints the median wall and CPU seconds and the target (<= 1 s). With --verify, the last cached
report is compared byte for byte with a --no-cache run of the same folder (one more full lint).

    .venv/bin/python bench/cached_run.py [--corpus 25mb] [--runs 5] [--verify]
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import gen_corpus  # noqa: E402
from run import copylint_cmd, corpus_files  # noqa: E402

TARGET_S = 1.0
CHANGE = "\nOur exosome therapy is FDA-approved, and results are guaranteed in {n} weeks.\n"


def timed(cmd: list[str], out: Path, env: dict) -> tuple[float, float, int]:
    """(wall s, CPU s of the process and its children, exit code) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open(out, "wb") as fh:
        rc = subprocess.run(cmd, stdout=fh, stderr=subprocess.DEVNULL, env=env).returncode
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, rc


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="25mb", choices=sorted(gen_corpus.STANDARD | gen_corpus.QUICK))
    ap.add_argument("--runs", type=int, default=5, help="cached runs, one changed page each (default 5)")
    ap.add_argument("--verify", action="store_true", help="compare the last report with a --no-cache run")
    args = ap.parse_args(argv)
    sizes = gen_corpus.STANDARD | gen_corpus.QUICK
    source = gen_corpus.ensure({args.corpus: sizes[args.corpus]})[args.corpus]
    copylint = copylint_cmd()
    with tempfile.TemporaryDirectory(prefix="copylint-cached-") as tmp:
        site, cache = Path(tmp) / "site", Path(tmp) / "cache"
        shutil.copytree(source, site)
        files, size = corpus_files(site)
        env = {**os.environ, "COPYLINT_CACHE_DIR": str(cache)}
        env.pop("COPYLINT_NO_CACHE", None)
        cmd = [*copylint, "check", "--format", "json", "-q", str(site)]
        print(f"cached second run: {args.corpus}, {len(files)} files, {size / 1e6:.1f} MB; "
              f"{' '.join(cmd[len(copylint):])}", flush=True)
        wall, cpu, rc = timed(cmd, Path(tmp) / "first.json", env)
        print(f"  first run (fills the cache): {wall:.1f} s wall, {cpu:.1f} s CPU, exit {rc}")
        walls, cpus = [], []
        for n in range(args.runs):
            page = Path(files[(n * 97) % len(files)])
            with open(page, "a", encoding="utf-8") as fh:
                fh.write(CHANGE.format(n=n + 2))
            wall, cpu, rc = timed(cmd, Path(tmp) / "cached.json", env)
            walls.append(wall)
            cpus.append(cpu)
            print(f"  run {n + 1}: {wall:.2f} s wall, {cpu:.2f} s CPU (changed {page.relative_to(site)}), exit {rc}")
        ok = statistics.median(walls) <= TARGET_S
        print(f"  {'PASS' if ok else 'MISS'}  median {statistics.median(walls):.2f} s wall, "
              f"{statistics.median(cpus):.2f} s CPU (target <= {TARGET_S:g} s)")
        if args.verify:
            timed([*copylint, "check", "--no-cache", "--format", "json", "-q", str(site)],
                  Path(tmp) / "fresh.json", env)
            same = (Path(tmp) / "fresh.json").read_bytes() == (Path(tmp) / "cached.json").read_bytes()
            print(f"  {'PASS' if same else 'FAIL'}  the cached report is byte-identical to a --no-cache run")
            ok = ok and same
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
