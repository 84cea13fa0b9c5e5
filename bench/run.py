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
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from measuring import Measure, Target, briefing_cmd, compile_package, machine, measure, run_measured  # noqa: E402
from duckdb_side import duckdb_comparison  # noqa: E402

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
        base = baseline_again(base, records, env, runs)
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
        base = baseline_again(base, records, env, runs)
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


def baseline_again(first: Measure, records: Path, env: dict[str, str], runs: int) -> Measure:
    """The baseline measured again after the commands, and the ratios taken to the median of
    all its runs: a machine whose speed drifts over the minutes of a run (a shared one does)
    weighs on the baseline as on the commands, not only on what was measured later."""
    again = measure("baseline again, after the commands", [sys.executable, "-c", BASELINE_LOOP, str(records)], env, runs)
    both = Measure("baseline: tomllib loop, both times", statistics.median(first.walls + again.walls), max(first.peak_mb, again.peak_mb),
                   first.runs + again.runs, first.walls + again.walls)
    print(f"  {both.label:<48} {both.seconds:7.3f} s  (the ratios are to this)", flush=True)
    return both


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
