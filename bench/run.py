"""Benchmark: how `briefing` keeps up with a big archive, as ratios to baselines of the same run.

    python bench/run.py                 # 10,000 records (a few minutes)
    python bench/run.py --big           # and 100,000 records (about ten more)
    python bench/run.py --runs 7        # more runs per measurement (median)

It generates fictional records (bench/generate.py) into a temporary folder, with a temporary cache
folder, and runs each command as a separate process, as a user would. Each figure is the median
wall time of several runs and the largest peak memory (max RSS) of those runs. The baseline for
loading is a bare loop that parses every file with the standard library's `tomllib`; the baseline
for `--help` is `python -c "import typer"`. Exit status 0 when every target holds, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

BASELINE_LOOP = """
import os, sys, tomllib
n = 0
for folder, dirs, files in os.walk(sys.argv[1]):
    for name in files:
        if name.endswith(".toml"):
            with open(os.path.join(folder, name), "rb") as f:
                tomllib.load(f)
            n += 1
print(n)
"""


@dataclass
class Measure:
    label: str
    seconds: float
    peak_mb: float
    runs: int


@dataclass
class Target:
    label: str
    value: float
    limit: float
    unit: str  # "x" (a ratio), "s" or "MB"

    @property
    def ok(self) -> bool:
        return self.value <= self.limit


def briefing_cmd() -> list[str]:
    script = Path(sys.executable).with_name("briefing")
    return [str(script)] if script.exists() else [sys.executable, "-m", "briefing"]


def run_measured(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one run, the peak read with wait4 for this child only."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    # Drain stdout while it runs (a pipe, as when piped to another program), then reap with wait4.
    assert proc.stdout is not None and proc.stderr is not None
    while proc.stdout.read(1 << 16):
        pass
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.stderr.write(err.decode("utf-8", "replace")[-2000:])
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}")
    peak_kb = usage.ru_maxrss  # KiB on Linux
    return wall, peak_kb / 1024


def measure(label: str, cmd: list[str], env: dict[str, str], runs: int, before=None) -> Measure:  # type: ignore[no-untyped-def]
    walls, peaks = [], []
    for _ in range(runs):
        if before is not None:
            before()
        wall, peak = run_measured(cmd, env)
        walls.append(wall)
        peaks.append(peak)
    m = Measure(label, statistics.median(walls), max(peaks), runs)
    print(f"  {label:<48} {m.seconds:7.3f} s  {m.peak_mb:7.1f} MB", flush=True)
    return m


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 0
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f", {int(line.split()[1]) / 1048576:.0f} GB RAM"
    except OSError:
        pass
    return f"{cpu}, {cores} cores{mem}; {platform.system()} {platform.release()}; Python {platform.python_version()}"


def bench_size(count: int, runs: int, workdir: Path, seed: int, targets: list[Target], big: bool) -> None:
    records = workdir / f"records-{count}"
    cache = workdir / f"cache-{count}"
    print(f"\n{count:,} records", flush=True)
    t = time.perf_counter()
    files = generate(count, records, seed)
    print(f"  generated {files:,} files in {time.perf_counter() - t:.1f} s", flush=True)
    env = {**os.environ, "BRIEFING_CACHE_DIR": str(cache), "NO_COLOR": "1", "COLUMNS": "80"}
    env.pop("BRIEFING_NO_CACHE", None)
    env.pop("BRIEFING_RECORDS", None)
    bri = briefing_cmd()
    check = subprocess.run([*bri, "check", "--records", str(records)], env=env, capture_output=True, text=True)
    print(f"  briefing check: {check.stdout.strip().splitlines()[-1] if check.stdout.strip() else check.stderr.strip()}")
    if check.returncode != 0:
        raise SystemExit("the generated records do not pass `briefing check`")

    def clear_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    timeline_json = [*bri, "timeline", "--records", str(records), "--since", "2017", "-f", "json"]
    timeline_text = [*bri, "timeline", "--records", str(records), "--since", "2017"]
    country = [*bri, "country", "KZ", "--records", str(records)]

    base = measure("baseline: tomllib loop over every file", [sys.executable, "-c", BASELINE_LOOP, str(records)], env, runs)
    cold = measure("timeline --since 2017 -f json, cold", timeline_json, env, runs, before=clear_cache)
    run_measured(timeline_json, env)  # fill the cache
    warm_json = measure("timeline --since 2017 -f json, warm", timeline_json, env, runs)
    warm_text = measure("timeline --since 2017 (text, piped), warm", timeline_text, env, runs)
    warm_country = measure("country KZ (text, piped), warm", country, env, runs)
    measure("check, warm", [*bri, "check", "--records", str(records)], env, runs)
    n = f"{count // 1000}k"
    if not big:
        targets += [
            Target(f"{n} cold timeline JSON / tomllib loop", cold.seconds / base.seconds, 1.0, "x"),
            Target(f"{n} warm timeline JSON / tomllib loop", warm_json.seconds / base.seconds, 0.25, "x"),
            Target(f"{n} warm timeline text / tomllib loop", warm_text.seconds / base.seconds, 0.5, "x"),
            Target(f"{n} warm country text / tomllib loop", warm_country.seconds / base.seconds, 0.5, "x"),
        ]
    else:
        targets += [
            Target(f"{n} warm timeline JSON, wall time", warm_json.seconds, 3.0, "s"),
            Target(f"{n} warm timeline JSON, peak memory", warm_json.peak_mb, 500.0, "MB"),
            Target(f"{n} warm timeline text, peak memory", warm_text.peak_mb, 500.0, "MB"),
        ]
        print(f"  (ratios at {n}: cold {cold.seconds / base.seconds:.2f}x, warm JSON {warm_json.seconds / base.seconds:.2f}x, "
              f"warm text {warm_text.seconds / base.seconds:.2f}x of the tomllib loop)")
    clear_cache()
    shutil.rmtree(records, ignore_errors=True)


def compile_package() -> str:
    """Compile the package's bytecode first, as installing a wheel does: an editable install
    under PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module from source on every
    run (20 ms), which no installed copy does."""
    import compileall

    import briefing

    folder = Path(briefing.__file__).resolve().parent
    ok = compileall.compile_dir(str(folder), quiet=1)
    return f"compiled {folder}" if ok else f"could not compile {folder}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="records for the ratio targets (default 10,000)")
    parser.add_argument("--big", action="store_true", help="also measure 100,000 records (time and memory targets)")
    parser.add_argument("--big-count", type=int, default=100_000, help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (default 5; 3 for the big folder)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    print(f"machine: {machine()}")
    print(f"briefing: {' '.join(briefing_cmd())}")
    print(f"bytecode: {compile_package()}")
    targets: list[Target] = []
    env = {**os.environ}
    print("\nstart-up")
    typer_import = measure('python -c "import typer"', [sys.executable, "-c", "import typer"], env, max(args.runs, 7))
    help_ = measure("briefing --help", [*briefing_cmd(), "--help"], env, max(args.runs, 7))
    targets.append(Target("--help / import typer", help_.seconds / typer_import.seconds, 2.5, "x"))

    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp:
        work = Path(tmp)
        bench_size(args.count, args.runs, work, args.seed, targets, big=False)
        if args.big:
            bench_size(args.big_count, min(args.runs, 3), work, args.seed, targets, big=True)

    print("\ntargets")
    for t in targets:
        value = f"{t.value:.2f}{'x' if t.unit == 'x' else ' ' + t.unit}"
        limit = f"{t.limit:g}{'x' if t.unit == 'x' else ' ' + t.unit}"
        print(f"  {'ok  ' if t.ok else 'MISS'} {t.label:<46} {value:>10}  (target <= {limit})")
    return 0 if all(t.ok for t in targets) else 1


if __name__ == "__main__":
    raise SystemExit(main())
