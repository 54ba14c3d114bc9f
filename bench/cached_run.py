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


def measure_cached(source: Path, runs: int = 5, verify: bool = False, copylint: list[str] | None = None) -> dict:
    """Fill a fresh cache from a copy of `source`, then time `runs` runs with one page changed each; prints as it goes."""
    copylint = copylint or copylint_cmd()
    with tempfile.TemporaryDirectory(prefix="copylint-cached-") as tmp:
        site, cache = Path(tmp) / "site", Path(tmp) / "cache"
        shutil.copytree(source, site)
        files, size = corpus_files(site)
        env = {**os.environ, "COPYLINT_CACHE_DIR": str(cache)}
        env.pop("COPYLINT_NO_CACHE", None)
        cmd = [*copylint, "check", "--format", "json", "-q", str(site)]
        print(f"cached second run: {source.name}, {len(files)} files, {size / 1e6:.1f} MB; "
              f"{' '.join(cmd[len(copylint):-1])} DIR", flush=True)
        wall, cpu, rc = timed(cmd, Path(tmp) / "first.json", env)
        print(f"  first run (fills the cache): {wall:.1f} s wall, {cpu:.1f} s CPU, exit {rc}", flush=True)
        walls, cpus = [], []
        for n in range(runs):
            page = Path(files[(n * 97) % len(files)])
            with open(page, "a", encoding="utf-8") as fh:
                fh.write(CHANGE.format(n=n + 2))
            wall, cpu, rc = timed(cmd, Path(tmp) / "cached.json", env)
            walls.append(wall)
            cpus.append(cpu)
            print(f"  run {n + 1}: {wall:.2f} s wall, {cpu:.2f} s CPU (changed {page.relative_to(site)}), exit {rc}",
                  flush=True)
        out = {"files": len(files), "mb": size / 1e6, "walls": walls, "cpus": cpus,
               "wall": statistics.median(walls), "cpu": statistics.median(cpus)}
        print(f"  {'PASS' if out['wall'] <= TARGET_S else 'MISS'}  median {out['wall']:.2f} s wall, "
              f"{out['cpu']:.2f} s CPU (target <= {TARGET_S:g} s)")
        if verify:
            timed([*copylint, "check", "--no-cache", "--format", "json", "-q", str(site)], Path(tmp) / "fresh.json", env)
            out["identical"] = (Path(tmp) / "fresh.json").read_bytes() == (Path(tmp) / "cached.json").read_bytes()
            print(f"  {'PASS' if out['identical'] else 'FAIL'}  the cached report is byte-identical to a --no-cache run")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="25mb", choices=sorted(gen_corpus.STANDARD | gen_corpus.QUICK))
    ap.add_argument("--runs", type=int, default=5, help="cached runs, one changed page each (default 5)")
    ap.add_argument("--verify", action="store_true", help="compare the last report with a --no-cache run")
    args = ap.parse_args(argv)
    sizes = gen_corpus.STANDARD | gen_corpus.QUICK
    source = gen_corpus.ensure({args.corpus: sizes[args.corpus]})[args.corpus]
    out = measure_cached(source, args.runs, args.verify)
    return 0 if out["wall"] <= TARGET_S and out.get("identical", True) else 1


if __name__ == "__main__":
    sys.exit(main())
