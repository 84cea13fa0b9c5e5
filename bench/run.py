"""Benchmark: how `briefing` keeps up with a big archive, as ratios to baselines of the same run.

    python bench/run.py                 # 10,000 records (a few minutes)
    python bench/run.py --big           # and 100,000 records (about ten more)
    python bench/run.py --runs 7        # more runs per measurement (median)
    python bench/run.py --only next,search --runs 7   # some measurements (and their targets) alone

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


def run_measured(cmd: list[str], env: dict[str, str], ok: tuple[int, ...] = (0,), limit: float | None = None) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one run, the peak read with wait4 for this child only.
    `ok`: the exit codes that count as success; `limit`: seconds after which the run is killed
    (its time is then reported as infinite)."""
    import signal
    import threading

    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
    killed = threading.Event()
    timer = None
    if limit is not None:
        def kill() -> None:
            killed.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
        timer = threading.Timer(limit, kill)
        timer.start()
    # Drain stdout while it runs (a pipe, as when piped to another program), then reap with wait4.
    assert proc.stdout is not None and proc.stderr is not None
    errors: list[bytes] = []
    drain = threading.Thread(target=lambda: errors.append(proc.stderr.read()))  # type: ignore[union-attr]
    drain.start()  # both pipes drained at once: a command with much to say on stderr never waits
    while proc.stdout.read(1 << 16):
        pass
    drain.join()
    err = errors[0] if errors else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if timer is not None:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if killed.is_set():
        return float("inf"), usage.ru_maxrss / 1024
    if proc.returncode not in ok:
        sys.stderr.write(err.decode("utf-8", "replace")[-2000:])
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}")
    peak_kb = usage.ru_maxrss  # KiB on Linux
    return wall, peak_kb / 1024


def measure(label: str, cmd: list[str], env: dict[str, str], runs: int, before=None, ok=(0,), limit=None) -> Measure:  # type: ignore[no-untyped-def]
    walls, peaks = [], []
    for _ in range(runs):
        if before is not None:
            before()
        wall, peak = run_measured(cmd, env, ok, limit)
        walls.append(wall)
        peaks.append(peak)
        if wall == float("inf"):
            break  # killed at the limit: once is enough to know
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


def bench_size(count: int, runs: int, workdir: Path, seed: int, targets: list[Target], big: bool, only: frozenset[str] = frozenset()) -> None:
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

    def wanted(name: str) -> bool:
        return not only or name in only

    def ratio(label: str, m: Measure | None, limit: float) -> None:
        if m is not None:
            targets.append(Target(f"{n} {label} / tomllib loop", m.seconds / base.seconds, limit, "x"))

    n = f"{count // 1000}k"
    base = measure("baseline: tomllib loop over every file", [sys.executable, "-c", BASELINE_LOOP, str(records)], env, runs)
    cold = measure("timeline --since 2017 -f json, cold", timeline_json, env, runs, before=clear_cache) if wanted("cold") else None
    run_measured(timeline_json, env)  # fill the cache
    warm_json = measure("timeline --since 2017 -f json, warm", timeline_json, env, runs) if wanted("json") or (not big and wanted("duckdb")) else None
    warm_text = measure("timeline --since 2017 (text, piped), warm", timeline_text, env, runs) if wanted("text") else None
    warm_country = measure("country KZ (text, piped), warm", country, env, runs) if wanted("country") else None
    check_cmd = [*bri, "check", "--records", str(records)]
    warm_check = measure("check, warm", check_cmd, env, runs) if wanted("check") else None
    if not big:
        after_edit = measure("check, the run after one file is edited", check_cmd, env, runs, before=edit_one(records)) if wanted("edit") else None
        record_id, series_id, rounds = pick_ids(records)
        others = {
            "next": [*bri, "next", "--records", str(records)],
            "series": [*bri, "series", "--records", str(records)],
            "show": [*bri, "show", record_id, "--records", str(records)],
            "compare": [*bri, "compare", series_id, str(rounds[0]), str(rounds[1]), "--records", str(records)],
        }
        warm_other = {name: measure(f"{name} (text, piped), warm", cmd, env, runs) for name, cmd in others.items() if wanted(name)}
        search = measure('search "saule demir" (text, piped), warm', [*bri, "search", "saule demir", "--records", str(records)], env, runs) if wanted("search") else None
        if wanted("search-many"):
            measure('search energy (text, piped; 4,400 found), warm', [*bri, "search", "energy", "--records", str(records)], env, runs)
        completion = measure("completing a record id: show <Tab>", bri, {**env, **complete_env(records)}, max(runs, 5)) if wanted("completion") else None
        duck = duckdb_comparison(records, workdir, env, runs) if wanted("duckdb") else {}
        ratio("cold timeline JSON", cold, 1.0)
        ratio("warm timeline JSON", warm_json, 0.25)
        ratio("warm timeline text", warm_text, 0.5)
        ratio("warm country text", warm_country, 0.5)
        ratio("warm check", warm_check, 0.2)
        ratio("check after one edit", after_edit, 0.25)
        for name, m in warm_other.items():
            ratio(f"warm {name}", m, 0.25)
        ratio("warm search", search, 0.35)
        if completion is not None:
            targets.append(Target(f"{n} record id completion, wall time", completion.seconds, 0.5, "s"))
        if duck and warm_json is not None:
            print("  DuckDB, as a ratio to briefing's warm timeline --since 2017 -f json:")
            for label, m in duck.items():
                print(f"    {label:<44} {m.seconds / warm_json.seconds:5.2f}x")
    else:
        if warm_json is not None:
            targets.append(Target(f"{n} warm timeline JSON, wall time", warm_json.seconds, 3.0, "s"))
            targets.append(Target(f"{n} warm timeline JSON, peak memory", warm_json.peak_mb, 500.0, "MB"))
        if warm_text is not None:
            targets.append(Target(f"{n} warm timeline text, peak memory", warm_text.peak_mb, 500.0, "MB"))
        if warm_check is not None:
            targets.append(Target(f"{n} warm check, wall time", warm_check.seconds, 3.0, "s"))
            targets.append(Target(f"{n} warm check, peak memory", warm_check.peak_mb, 500.0, "MB"))
        ratios = [f"{label} {m.seconds / base.seconds:.2f}x" for label, m in (("cold", cold), ("warm JSON", warm_json), ("warm text", warm_text)) if m]
        if ratios:
            print(f"  (ratios at {n}: {', '.join(ratios)} of the tomllib loop)")
    clear_cache()
    shutil.rmtree(records, ignore_errors=True)


def edit_one(records: Path):  # type: ignore[no-untyped-def]
    """Before each run: one record file changed (its title), as a user's edit would."""
    target = sorted(records.glob("20*/*.toml"))[0]
    text = target.read_text(encoding="utf-8")
    count = [0]

    def edit() -> None:
        count[0] += 1
        target.write_text(text.replace("title = \"", f"title = \"Edit {count[0]}: ", 1), encoding="utf-8")

    return edit


def pick_ids(records: Path) -> tuple[str, str, tuple[int, int]]:
    """A record id to show, and a series with two rounds on record to compare."""
    import re
    import tomllib

    files = sorted(records.glob("20*/*.toml"))
    rounds: dict[str, list[int]] = {}
    for path in files:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if data.get("series") and data.get("round") and data.get("status", "held") == "held":
            rounds.setdefault(data["series"], []).append(data["round"])
            if len(rounds[data["series"]]) == 2:
                a, b = sorted(rounds[data["series"]])
                return files[0].stem, data["series"], (a, b)
    raise SystemExit("no series with two rounds")  # pragma: no cover


def complete_env(records: Path) -> dict[str, str]:
    """What bash sets when Tab is pressed after `briefing show `."""
    return {
        "_BRIEFING_COMPLETE": "complete_bash",
        "COMP_WORDS": "briefing show ",
        "COMP_CWORD": "2",
        "BRIEFING_RECORDS": str(records),
    }


DUCKDB_RAW = """
import sys, duckdb
con = duckdb.connect()
rows = con.execute(
    "SELECT * FROM read_json_auto(?, format='newline_delimited') WHERE latest >= DATE '2017-01-01' ORDER BY earliest, latest, id",
    [sys.argv[1]],
)
cols = [d[0] for d in rows.description]
import json
out = sys.stdout
for row in rows.fetchall():
    out.write(json.dumps(dict(zip(cols, row)), default=str, ensure_ascii=False) + "\\n")
"""

DUCKDB_TABLE = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
rows = con.execute("SELECT * FROM meetings WHERE latest >= DATE '2017-01-01' ORDER BY earliest, latest, id")
cols = [d[0] for d in rows.description]
import json
out = sys.stdout
for row in rows.fetchall():
    out.write(json.dumps(dict(zip(cols, row)), default=str, ensure_ascii=False) + "\\n")
"""


DUCKDB_BUILD = """
import json, sys, tomllib
from pathlib import Path
import duckdb
from briefing.dates import parse_date
records, work = Path(sys.argv[1]), Path(sys.argv[2])
lines = work / "meetings.jsonl"
with lines.open("w", encoding="utf-8") as out:
    for path in sorted(records.glob("[0-9]*/*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        date = parse_date(data["date"])
        data.update(id=path.stem, earliest=date.earliest.isoformat(), latest=date.latest.isoformat())
        out.write(json.dumps(data, default=str, ensure_ascii=False) + "\\n")
con = duckdb.connect(str(work / "meetings.duckdb"))
con.execute("CREATE OR REPLACE TABLE meetings AS SELECT * FROM read_json_auto(?, format='newline_delimited')", [str(lines)])
con.close()
"""


def duckdb_comparison(records: Path, workdir: Path, env: dict[str, str], runs: int) -> dict[str, Measure]:
    """What a user might pick instead: the same meetings as JSON lines, in DuckDB, answering
    `timeline --since 2017` from the raw file and from a table built once (skipped without duckdb)."""
    import importlib.util

    if importlib.util.find_spec("duckdb") is None:
        print("  (duckdb is not installed: pip install -e '.[bench]' for the comparison)")
        return {}
    # Built in a child process: this one stays small, as every measured child starts as a copy of it.
    subprocess.run([sys.executable, "-c", DUCKDB_BUILD, str(records), str(workdir)], check=True)
    lines, database = workdir / "meetings.jsonl", workdir / "meetings.duckdb"
    return {
        "DuckDB from the JSON lines file": measure("DuckDB: the same query from the JSON lines", [sys.executable, "-c", DUCKDB_RAW, str(lines)], env, runs),
        "DuckDB from a table built once": measure("DuckDB: the same query from a table", [sys.executable, "-c", DUCKDB_TABLE, str(database)], env, runs),
    }


def bench_hostile(runs: int, workdir: Path, env: dict[str, str], targets: list[Target]) -> None:
    """Hostile sizes: each bounded in time and memory, and growing linearly (a ratio of two sizes)."""
    bri = briefing_cmd()
    print("\nhostile sizes")
    cases = []
    # Folders nested deep: twice the depth must cost about twice the time, not four times.
    for depth in (750, 1500):
        root = workdir / f"deep-{depth}"
        root.mkdir()
        fd = os.open(root, os.O_RDONLY)
        for _ in range(depth):  # one level at a time (pathlib's mkdir recurses)
            os.mkdir("d", dir_fd=fd)
            inner = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        out = os.open("m.toml", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, b'title = "Deep"\ndate = "2020"\n[[sources]]\ntitle = "A fictional source"\n')
        os.close(out)
        os.close(fd)
        cases.append((f"check, one record {depth} folders deep", [*bri, "check", "--records", str(root)], depth))
    # A link to the root of the file system (and to /proc/self) inside the records folder.
    links = workdir / "links"
    links.mkdir()
    (links / "m.toml").write_text('title = "Linked"\ndate = "2020"\n[[sources]]\ntitle = "A fictional source"\n', encoding="utf-8")
    os.symlink("/", links / "root")
    os.symlink("/proc/self", links / "self")
    cases.append(("check, records holding links to / and /proc/self", [*bri, "check", "--records", str(links)], 0))
    # One record with N commitments whose fulfilled_by points nowhere.
    for n in (1000, 2000):
        root = workdir / f"dangling-{n}"
        root.mkdir()
        body = "".join(f'[[commitments]]\ntext = "Promise {i}"\nfulfilled_by = "nowhere-{i}"\n' for i in range(n))
        (root / "m.toml").write_text('title = "Many"\ndate = "2020"\n' + body + '[[sources]]\ntitle = "A fictional source"\n', encoding="utf-8")
        cases.append((f"timeline, one record, {n} dangling commitments", [*bri, "timeline", "--records", str(root)], n))
    results = {}
    for label, cmd, size in cases:
        m = measure(label, cmd, {**env, "BRIEFING_NO_CACHE": "1"}, min(runs, 3), ok=(0, 1), limit=30)
        results[label] = m
        targets.append(Target(f"{label}, wall time", m.seconds, 5.0, "s"))
        targets.append(Target(f"{label}, peak memory", m.peak_mb, 200.0, "MB"))
    deep = [results[k] for k in results if "folders deep" in k]
    dangling = [results[k] for k in results if "dangling" in k]
    for depth in (750, 1500):
        subprocess.run(["rm", "-rf", str(workdir / f"deep-{depth}")], check=False)  # (shutil.rmtree recurses)
    base = measure("start-up: python -c \"import briefing.cli\"", [sys.executable, "-c", "import briefing.cli"], env, runs)
    for label, (small, large) in (("deep folders", deep), ("dangling commitments", dangling)):
        ratio = (large.seconds - base.seconds) / max(small.seconds - base.seconds, 1e-3)
        targets.append(Target(f"{label}: cost at twice the size (ratio, beyond start-up)", ratio, 3.0, "x"))


# What --only can name: the start-up, each measurement of a folder, the hostile sizes.
ONLY = ("help", "cold", "json", "text", "country", "check", "edit", "next", "series", "show", "compare", "search",
        "search-many", "completion", "duckdb", "hostile")


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
    parser.add_argument("--no-hostile", action="store_true", help="leave out the hostile sizes")
    parser.add_argument(
        "--only", metavar="NAMES", default="",
        help=f"only these measurements, comma-separated (with the baseline they are a ratio to): {', '.join(ONLY)}",
    )
    args = parser.parse_args(argv)
    only = frozenset(n.strip() for n in args.only.split(",") if n.strip())
    if only - set(ONLY):
        parser.error(f"--only: unknown {', '.join(sorted(only - set(ONLY)))}; known: {', '.join(ONLY)}")

    print(f"machine: {machine()}")
    print(f"briefing: {' '.join(briefing_cmd())}")
    print(f"bytecode: {compile_package()}")
    targets: list[Target] = []
    env = {**os.environ}
    if not only or "help" in only:
        print("\nstart-up")
        typer_import = measure('python -c "import typer"', [sys.executable, "-c", "import typer"], env, max(args.runs, 7))
        help_ = measure("briefing --help", [*briefing_cmd(), "--help"], env, max(args.runs, 7))
        targets.append(Target("--help / import typer", help_.seconds / typer_import.seconds, 2.5, "x"))

    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp:
        work = Path(tmp)
        if not only or only - {"help", "hostile"}:
            bench_size(args.count, args.runs, work, args.seed, targets, big=False, only=only)
        if not args.no_hostile and (not only or "hostile" in only):
            bench_hostile(args.runs, work, {**os.environ}, targets)
        if args.big:
            bench_size(args.big_count, min(args.runs, 3), work, args.seed, targets, big=True, only=only)

    print("\ntargets")
    for t in targets:
        value = f"{t.value:.2f}{'x' if t.unit == 'x' else ' ' + t.unit}"
        limit = f"{t.limit:g}{'x' if t.unit == 'x' else ' ' + t.unit}"
        print(f"  {'ok  ' if t.ok else 'MISS'} {t.label:<62} {value:>10}  (target <= {limit})")
    return 0 if all(t.ok for t in targets) else 1


if __name__ == "__main__":
    raise SystemExit(main())
