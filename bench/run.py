"""copylint's benchmark: copylint and two naive baselines, in the same run, over the same files.

    .venv/bin/python bench/run.py            # 5 / 25 / 100 MB corpora (generated on first use, ~10 min)
    .venv/bin/python bench/run.py --quick    # 1 / 5 / 10 MB, one run each (~1 min)

On the main corpus (25 MB; 5 MB with --quick) it times
  copylint  `copylint check --no-cache --format json -q DIR` with the default pack and the default --jobs
            (all cores); --no-cache: every file is linted in every run (bench/cached_run.py times the
            results cache)
  re (a)    every pattern of the default pack applied separately with Python's `re`, case-insensitive,
            over each file (bench/re_baseline.py)
  rg (b)    `rg --pcre2 -i -f patterns.txt` with the same patterns (Debian: apt-get install ripgrep),
            one rg pass per group of patterns when they do not fit in one PCRE2 program
  rg (c)    `rg --pcre2 -i -n --column -f ../shared/bench/patterns-84.txt`: the project's fixed
            yardstick (84 patterns, one pass), the one issue 13's speed target names
and prints the median wall time of N runs, MB/s, files/s and peak RSS of each, and the ratios. The
baselines get the default pack's patterns with named lists spelled out, \\m/\\M as \\b and fuzziness
dropped (bench/patterns.py); patterns either engine rejects are skipped and counted.

Then: `copylint check draft-5kb.md` (bench/draft.py: median of 21 rounds, interpreter start included,
with warm and without start-up caches, beside `python -c pass`; the draft is edited before each run,
so the results cache never answers), copylint on every corpus size to show that cost grows linearly
and memory does not grow with the corpus, and the results cache's second run of the main corpus with
one page changed (bench/cached_run.py).
Peak RSS is given for the largest single process (from wait4) and for all of a run's processes
together (sampled every 20 ms). Results also go to bench/out/results.json.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import draft as draft_timing  # bench/ is on sys.path: run as `python bench/run.py`
import gen_corpus
import patterns as pattern_tools

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out"
EXTS = (".md", ".markdown", ".mdx", ".html", ".htm", ".txt")  # what copylint lints in a folder
TARGETS = {"vs_re": 10.0, "vs_rg": 1.0, "vs_rg84": 1.0, "draft_ms": 100.0, "rss_mib": 150.0}
YARDSTICK = REPO.parent / "shared" / "bench" / "patterns-84.txt"  # fixed, for comparisons across versions


# ---------------------------------------------------------------- running and measuring

class TreeSampler(threading.Thread):
    """Samples the summed RSS of a process and all its descendants."""

    def __init__(self, pid: int, interval: float = 0.02):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kib = 0
        self.done = threading.Event()
        self.page_kib = os.sysconf("SC_PAGE_SIZE") // 1024

    def _tree(self) -> list[int]:
        pids, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            pids.append(pid)
            try:
                for tid in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{tid}/children") as fh:
                        todo.extend(int(c) for c in fh.read().split())
            except OSError:
                continue
        return pids

    def _rss_kib(self, pid: int) -> int:
        try:
            with open(f"/proc/{pid}/statm") as fh:
                return int(fh.read().split()[1]) * self.page_kib
        except (OSError, IndexError, ValueError):
            return 0

    def run(self) -> None:
        while not self.done.wait(self.interval):
            self.peak_kib = max(self.peak_kib, sum(self._rss_kib(p) for p in self._tree()))


def measure(cmd: list[str], stdout_path: Path) -> dict:
    """Run once: wall seconds, exit code, peak RSS of the largest process and of the whole tree (KiB)."""
    with open(stdout_path, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, cwd=REPO)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        sampler.done.set()
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss of a waited-for child covers the child and its own waited-for children: the largest one.
    largest = usage.ru_maxrss
    return {"wall": wall, "rc": proc.returncode, "rss_largest_kib": largest,
            "rss_total_kib": max(sampler.peak_kib, largest), "stderr": err.decode("utf-8", "replace")[-2000:]}


def repeat(name: str, cmd: list[str], runs: int, ok_codes=(0, 1)) -> dict:
    """Median wall time and peak RSS over `runs` runs (stdout kept from the last run)."""
    return interleaved({name: (cmd, ok_codes)}, runs)[name]


def interleaved(tools: dict[str, tuple[list[str], tuple[int, ...]]], runs: int) -> dict[str, dict]:
    """Run each tool once per round, round after round, so that load from elsewhere on the
    machine falls on all of them alike; then the median wall time and peak RSS of each."""
    results: dict[str, list[dict]] = {name: [] for name in tools}
    for i in range(runs):
        for name, (cmd, ok_codes) in tools.items():
            r = measure(cmd, OUT / f"{name}.out")
            if r["rc"] not in ok_codes:
                raise SystemExit(f"bench: {name} failed (exit {r['rc']}): {' '.join(cmd)}\n{r['stderr']}")
            results[name].append(r)
            print(f"  {name:<22} run {i + 1}/{runs}: {r['wall']:7.2f} s", file=sys.stderr, flush=True)
    return {
        name: {
            "wall": statistics.median(r["wall"] for r in rs),
            "walls": [round(r["wall"], 3) for r in rs],
            "rss_largest_mib": max(r["rss_largest_kib"] for r in rs) / 1024,
            "rss_total_mib": max(r["rss_total_kib"] for r in rs) / 1024,
        }
        for name, rs in results.items()
    }


# ---------------------------------------------------------------- the tools

def copylint_cmd() -> list[str]:
    exe = REPO / ".venv" / "bin" / "copylint"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("copylint")
    return [found] if found else [sys.executable, "-m", "copylint"]


def corpus_files(folder: Path) -> tuple[list[str], int]:
    """The files copylint lints in `folder` (sorted walk) and their total size in bytes."""
    files = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        files.extend(os.path.join(root, n) for n in sorted(names) if n.lower().endswith(EXTS))
    return files, sum(os.path.getsize(f) for f in files)


def prepare_patterns(rg: str | None) -> dict:
    """Write the default pack's patterns for re and for PCRE2; count what each engine rejects."""
    pats, nrules = pattern_tools.default_patterns()
    for_re = [p for p in pats if pattern_tools.compiles_with_re(p)]
    for_rg = [p for p in pats if rg and pattern_tools.compiles_with_pcre2(p, rg)]
    (OUT / "patterns-re.txt").write_text("\n".join(for_re) + "\n", encoding="utf-8")
    for old in OUT.glob("patterns-rg*.txt"):
        old.unlink()
    groups = pattern_tools.pcre2_groups(for_rg, rg) if rg and for_rg else []
    for k, group in enumerate(groups):
        (OUT / f"patterns-rg{k + 1}.txt").write_text("\n".join(group) + "\n", encoding="utf-8")
    return {"rules": nrules, "patterns": len(pats), "re": len(for_re), "re_skipped": len(pats) - len(for_re),
            "rg": len(for_rg), "rg_skipped": (len(pats) - len(for_rg)) if rg else None, "rg_groups": len(groups)}


def rg_cmd(rg: str, folder: Path, groups: int) -> list[str]:
    """One rg pass per pattern group (see patterns.pcre2_groups), one after the other."""
    import shlex

    globs = [arg for ext in EXTS for arg in ("-g", f"*{ext}")]
    # --no-ignore: bench/corpus is in .gitignore; -n: print matching lines, as a user would.
    passes = [[rg, "--pcre2", "-i", "--no-ignore", "--hidden", "-n", *globs, "-f", str(OUT / f"patterns-rg{k + 1}.txt"),
               str(folder)] for k in range(groups)]
    if len(passes) == 1:
        return passes[0]
    # exit 2 if any pass fails, else 0 if any matched, else 1 (as one rg run would report)
    script = "st=1; " + " ".join(f"{shlex.join(p)}; c=$?; [ $c -eq 2 ] && exit 2; [ $c -eq 0 ] && st=0;"
                                 for p in passes) + " exit $st"
    return ["sh", "-c", script]


def tool_version(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=False).stdout.strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "?"


# ---------------------------------------------------------------- report

def rate_row(name: str, r: dict, mb: float, files: int) -> str:
    return (f"  {name:<10} {r['wall']:8.2f} {mb / r['wall']:8.2f} {files / r['wall']:9.0f}"
            f" {r['rss_largest_mib']:12.0f} {r['rss_total_mib']:10.0f}")


HEADER = f"  {'tool':<10} {'wall s':>8} {'MB/s':>8} {'files/s':>9} {'RSS largest':>12} {'RSS all':>10}   (MiB)"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="1 / 5 / 10 MB corpora and one run each")
    ap.add_argument("--runs", type=int, help="runs per measurement; the median is reported (default 3, --quick 1)")
    ap.add_argument("--draft-runs", type=int, default=21, help="rounds of the 5 KB draft (default 21, see bench/draft.py)")
    ap.add_argument("--jobs", type=int, help="pass --jobs N to copylint (default: copylint's default, all cores)")
    ap.add_argument("--no-baselines", action="store_true", help="time copylint only")
    ap.add_argument("--no-cached", action="store_true", help="skip the cached second run (bench/cached_run.py)")
    args = ap.parse_args(argv)
    runs = args.runs or (1 if args.quick else 3)
    sizes = gen_corpus.QUICK if args.quick else gen_corpus.STANDARD
    main_name = "5mb" if args.quick else "25mb"
    OUT.mkdir(parents=True, exist_ok=True)

    corpora = gen_corpus.ensure(sizes)
    rg = shutil.which("rg")
    if rg is None and not args.no_baselines:
        print("bench: ripgrep (rg) is not installed, so baseline (b) is skipped. "
              "Install it with: apt-get install ripgrep", file=sys.stderr)
    copylint = copylint_cmd()
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    results: dict = {"cores": cores, "python": platform.python_version(), "runs": runs,
                     "copylint": tool_version([*copylint, "--version"]),
                     "rg": tool_version([rg, "--version"]) if rg else None, "corpora": {}}
    print(f"copylint benchmark: {cores} cores, {platform.processor() or platform.machine()}, "
          f"Python {results['python']}, {results['copylint']}, {results['rg'] or 'rg not installed'}; "
          f"load average {os.getloadavg()[0]:.2f} at start")

    # 1. the same files, three tools
    files, size = corpus_files(corpora[main_name])
    mb = size / 1e6
    print(f"\n[1] {main_name} corpus: {len(files)} files, {mb:.1f} MB; median of {runs} run(s), "
          "the tools taking turns", flush=True)
    tools = {"copylint": ([*copylint, "check", "--no-cache", "--format", "json", "-q", *jobs, str(corpora[main_name])],
                          (0, 1))}
    if not args.no_baselines:
        pats = prepare_patterns(rg)
        results["patterns"] = pats
        list_file = OUT / f"files-{main_name}.txt"
        list_file.write_text("\n".join(files) + "\n", encoding="utf-8")
        tools["re (a)"] = ([sys.executable, str(HERE / "re_baseline.py"), str(OUT / "patterns-re.txt"),
                            str(list_file)], (0,))
        if rg and pats["rg_groups"]:
            tools["rg (b)"] = (rg_cmd(rg, corpora[main_name], pats["rg_groups"]), (0, 1))
        if rg and YARDSTICK.exists():
            globs = [arg for ext in EXTS for arg in ("-g", f"*{ext}")]
            tools["rg (c)"] = ([rg, "--pcre2", "-i", "-n", "--column", "--no-ignore", "--hidden", *globs,
                                "-f", str(YARDSTICK), str(corpora[main_name])], (0, 1))
    rows = interleaved(tools, runs)
    results["corpora"][main_name] = {"files": len(files), "mb": mb, "tools": rows}
    if "patterns" in results:
        p = results["patterns"]
        skipped = f"{p['re_skipped']} skipped by re" + (f", {p['rg_skipped']} by PCRE2" if rg else "")
        print(f"  default pack: {p['rules']} rules, {p['patterns']} patterns ({skipped})")
        if rg and p["rg_groups"] > 1:
            print(f"  rg (b): the patterns exceed one PCRE2 program, so rg makes {p['rg_groups']} passes "
                  "(one per group of patterns; wall times add up)")
    print(HEADER)
    for name, r in rows.items():
        print(rate_row(name, r, mb, len(files)))
    cl = rows["copylint"]["wall"]
    for key, name in (("vs_re", "re (a)"), ("vs_rg", "rg (b)"), ("vs_rg84", "rg (c)")):
        if name in rows:
            results[key] = rows[name]["wall"] / cl
            ratio = results[key]
            told = f"{ratio:.1f}x faster than" if ratio >= 1 else f"{1 / ratio:.1f}x slower than"
            print(f"  copylint is {told} {name} (target: at least {TARGETS[key]:g}x as fast)")

    # 2. one small draft, interpreter start included (bench/draft.py: warm and no caches vs python -c pass)
    print()
    draft_results = draft_timing.time_draft(corpora["draft"], args.draft_runs)
    results["draft"] = draft_results
    results["draft_ms"] = draft_timing.report(corpora["draft"], draft_results)

    # 3. linearity and memory across corpus sizes
    print(f"\n[3] copylint across sizes; median of {runs} run(s)")
    print(f"  {'corpus':<8} {'files':>6} {'MB':>7} {'wall s':>8} {'MB/s':>7} {'s per MB':>9} "
          f"{'RSS largest':>12} {'RSS all':>8}   (MiB)")
    for name in sizes:
        files_n, size_n = corpus_files(corpora[name])
        if name == main_name:
            r = rows["copylint"]
        else:
            r = repeat(f"copylint-{name}", [*copylint, "check", "--no-cache", "--format", "json", "-q", *jobs,
                                            str(corpora[name])], runs)
            results["corpora"][name] = {"files": len(files_n), "mb": size_n / 1e6, "tools": {"copylint": r}}
        m = size_n / 1e6
        print(f"  {name:<8} {len(files_n):>6} {m:>7.1f} {r['wall']:>8.2f} {m / r['wall']:>7.2f} "
              f"{r['wall'] / m:>9.3f} {r['rss_largest_mib']:>12.0f} {r['rss_total_mib']:>8.0f}")
    biggest = list(sizes)[-1]
    big = results["corpora"][biggest]["tools"]["copylint"]

    if not args.no_cached:  # the results cache: a second run with one page changed
        from cached_run import TARGET_S, measure_cached

        print("\n[3b] ", end="")
        results["cached"] = measure_cached(corpora[main_name], runs=max(runs, 3), copylint=copylint)

    print("\n[4] targets")
    if "vs_re" in results:
        print(f"  {verdict(results['vs_re'] >= TARGETS['vs_re'])}  copylint >= 10x faster than re (a): "
              f"{results['vs_re']:.1f}x")
    if "vs_rg" in results:
        print(f"  {verdict(results['vs_rg'] >= TARGETS['vs_rg'])}  copylint no slower than rg (b): "
              f"{results['vs_rg']:.1f}x (aim: 2x)")
    if "vs_rg84" in results:
        print(f"  {verdict(results['vs_rg84'] >= TARGETS['vs_rg84'])}  copylint no slower than rg (c), "
              f"patterns-84: {results['vs_rg84']:.2f}x")
    print(f"  {verdict(results['draft_ms'] <= TARGETS['draft_ms'])}  5 KB draft <= {TARGETS['draft_ms']:g} ms "
          f"(warm start-up caches, median): {results['draft_ms']:.0f} ms")
    print(f"  {verdict(big['rss_largest_mib'] <= TARGETS['rss_mib'])}  peak RSS on {biggest} <= 150 MiB, "
          f"largest process: {big['rss_largest_mib']:.0f} MiB")
    print(f"  {verdict(big['rss_total_mib'] <= TARGETS['rss_mib'])}  peak RSS on {biggest} <= 150 MiB, "
          f"all processes together: {big['rss_total_mib']:.0f} MiB")
    if "cached" in results:
        print(f"  {verdict(results['cached']['wall'] <= TARGET_S)}  cached second run of {main_name}, one page "
              f"changed, <= {TARGET_S:g} s: {results['cached']['wall']:.2f} s ({results['cached']['cpu']:.2f} s CPU)")
    (OUT / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    print(f"\n(results: {OUT.relative_to(REPO) / 'results.json'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
