"""Start-up benchmark: `copylint check` on one ~5 KB draft (pre-commit's case), interpreter start included.

    .venv/bin/python bench/draft.py              # 21 rounds (about 10 s)
    .venv/bin/python bench/draft.py --runs 51 --draft my-page.md
    .venv/bin/python bench/draft.py --breakdown  # also: import time by package, from python -X importtime

Each round runs, in turn, `python -c pass` (the interpreter's own start: the floor), copylint with
its start-up caches warm (the usual case: every run after the first), and copylint with
COPYLINT_NO_CACHE=1 (no caches at all), so that load from elsewhere falls on all three alike; it
prints the median and the lowest wall time of each and their CPU time (user + system, from wait4).
It also times the very first run against an empty cache folder (cold: the caches are filled).
The caches live in a temporary folder (COPYLINT_CACHE_DIR), never the user's. The draft is edited
before every run (a numbered last line), as in pre-commit's case, so no results cache answers.

Python is run with bytecode caching on (PYTHONDONTWRITEBYTECODE is removed from the environment,
as an installed copylint has its .pyc files): with it set and no __pycache__ yet, every run would
also recompile copylint's own source (~30 ms). bench/run.py calls `time_draft` for its part [2].
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TARGET_MS = 100.0


def _copylint() -> list[str]:
    exe = REPO / ".venv" / "bin" / "copylint"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "copylint"]


def _python() -> str:
    exe = REPO / ".venv" / "bin" / "python"
    return str(exe) if exe.exists() else sys.executable


def _once(cmd: list[str], env: dict) -> tuple[float, float, int]:
    """(wall s, CPU s, exit status) of one run, output discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=REPO)
    _, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status)


def _summary(samples: list[tuple[float, float, int]]) -> dict:
    walls = [s[0] * 1000 for s in samples]
    cpus = [s[1] * 1000 for s in samples]
    return {"median_ms": statistics.median(walls), "min_ms": min(walls), "max_ms": max(walls),
            "cpu_median_ms": statistics.median(cpus), "walls_ms": [round(w, 1) for w in walls]}


def time_draft(draft: Path, runs: int = 21) -> dict:
    """Time `copylint check DRAFT` warm, without caches, cold, and `python -c pass`; medians in ms.

    The draft is copied and its copy changed before every run (a last line with a revision number),
    as pre-commit lints a draft that was just edited: a results cache never answers for it."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "COPYLINT_NO_CACHE")}
    text = draft.read_text(encoding="utf-8").rstrip("\n")
    with tempfile.TemporaryDirectory(prefix="copylint-bench-") as tmp:
        env["COPYLINT_CACHE_DIR"] = str(Path(tmp) / "cache")
        no_cache = {**env, "COPYLINT_NO_CACHE": "1"}
        page = Path(tmp) / draft.name
        check = [*_copylint(), "check", str(page)]
        revision = iter(range(1, 1_000_000))

        def edited() -> list[str]:
            page.write_text(f"{text}\n\nPage revision {next(revision)}.\n", encoding="utf-8")
            return check

        _once(edited(), no_cache)  # writes copylint's .pyc files, if missing; fills no cache
        cold = _once(edited(), env)
        if cold[2] not in (0, 1):
            raise SystemExit(f"bench: copylint failed (exit {cold[2]}): {' '.join(check)}")
        rows: dict[str, list] = {"python -c pass": [], "copylint, warm caches": [], "copylint, no caches": []}
        for _ in range(runs):
            rows["python -c pass"].append(_once([_python(), "-c", "pass"], env))
            rows["copylint, warm caches"].append(_once(edited(), env))
            rows["copylint, no caches"].append(_once(edited(), no_cache))
    out = {name: _summary(samples) for name, samples in rows.items()}
    out["copylint, cold caches (first run)"] = _summary([cold])
    return out


def import_breakdown(draft: Path) -> dict[str, float]:
    """Import time (ms, each module's own, from `python -X importtime`) by top-level package, in one
    warm run on an edited copy of the draft; "(wall)" is that run's wall time (importtime adds its own cost)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "COPYLINT_NO_CACHE")}
    text = draft.read_text(encoding="utf-8").rstrip("\n")
    with tempfile.TemporaryDirectory(prefix="copylint-bench-") as tmp:
        env["COPYLINT_CACHE_DIR"] = str(Path(tmp) / "cache")
        page = Path(tmp) / draft.name
        cmd = [_python(), "-X", "importtime", *_copylint()[-1:], "check", str(page)]
        if cmd[3] == "-m":  # no console script: python -X importtime -m copylint
            cmd[3:4] = ["-m", "copylint"]
        for revision in range(3):  # two to fill the caches, the third is measured
            page.write_text(f"{text}\n\nPage revision {revision}.\n", encoding="utf-8")
            start = time.perf_counter()
            done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=REPO)
            wall = (time.perf_counter() - start) * 1000
    totals: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        own, _, name = line.split("|", 2)
        try:
            us = int(own.split(":")[-1])
        except ValueError:
            continue  # the header line
        root = name.strip().split(".")[0]
        group = root if root in ("copylint", "markdown_it", "mdurl", "yaml", "regex", "click") else (
            "stdlib" if root.lstrip("_") in sys.stdlib_module_names or root in sys.stdlib_module_names else "other")
        totals[group] = totals.get(group, 0.0) + us / 1000
    totals["(wall)"] = wall
    return totals


def report_breakdown(totals: dict[str, float]) -> None:
    """Print the import time by package."""
    wall = totals.pop("(wall)")
    parts = ", ".join(f"{name} {ms:.1f}" for name, ms in sorted(totals.items(), key=lambda item: -item[1]))
    print(f"  import time by package (own time of each module, ms): {parts}; "
          f"all imports {sum(totals.values()):.1f} of that run's {wall:.1f} ms wall")


def report(draft: Path, results: dict) -> float:
    """Print the table; returns the warm median (ms)."""
    floor = results["python -c pass"]["median_ms"]
    runs = len(results["python -c pass"]["walls_ms"])
    print(f"copylint check {draft.name} ({draft.stat().st_size / 1000:.1f} KB), {runs} rounds, "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"  {'':<36} {'median':>8} {'min':>7} {'CPU':>7}  {'over python':>11}   (ms)")
    for name, r in results.items():
        over = r["median_ms"] - floor if name != "python -c pass" else 0.0
        print(f"  {name:<36} {r['median_ms']:8.1f} {r['min_ms']:7.1f} {r['cpu_median_ms']:7.1f}  {over:11.1f}")
    warm = results["copylint, warm caches"]["median_ms"]
    verdict = "PASS" if warm <= TARGET_MS else "MISS"
    print(f"  {verdict}  5 KB draft <= {TARGET_MS:g} ms (warm caches, median): {warm:.0f} ms")
    return warm


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=21, help="rounds (default 21)")
    ap.add_argument("--draft", type=Path, help="the draft to time (default: bench/corpus/draft-5kb.md, generated)")
    ap.add_argument("--breakdown", action="store_true",
                    help="also print import time by package (one more warm run, under python -X importtime)")
    args = ap.parse_args(argv)
    draft = args.draft
    if draft is None:
        sys.path.insert(0, str(HERE))
        import gen_corpus

        draft = gen_corpus.ensure({})["draft"]
    report(draft, time_draft(draft, args.runs))
    if args.breakdown:
        report_breakdown(import_breakdown(draft))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
