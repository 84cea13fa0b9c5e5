"""Benchmark: hostile records cost time in proportion to their size, never more.

    python bench/hostile.py            # each case at two sizes (about a minute)
    python bench/hostile.py --full     # and at the size an attacker would use (a few minutes)

Each case is one fictional record file that is bad in one way, many times over, kept under the
4 MiB limit of a record file:

- `dangling`: N commitments whose `fulfilled_by` names a record that does not exist
  (cross-file problems, each of which once re-read the file and re-scanned its lines: N = 2,000
  took 55 s);
- `countries`: N participants from distinct unknown countries ("did you mean" was a difflib over
  every country name for each: 76,000 took 199 s);
- `unknown-keys`: N unknown keys at the top of the file (358,000 took 24 s and 755 MB);
- `unknown-nested`: N participants, each with an unknown key.

Every case runs `briefing check` and `briefing timeline` as separate processes, without the
cache (a hostile file is parsed every time). Targets: going from N to 4N costs at most 6x the
time (linear is 4x, quadratic 16x), and at the largest size each command ends within 10 s and
500 MB. Exit status 0 when every target holds.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HEAD = 'title = "A fictional hostile record"\ndate = 2020-01-01\n\n[[sources]]\ntitle = "Invented for a benchmark"\n'


def dangling(n: int) -> str:
    return HEAD + "".join(f'\n[[commitments]]\ntext = "Fictional promise {i}"\nfulfilled_by = "2099-01-01-nowhere-{i}"\n' for i in range(n))


def countries(n: int) -> str:
    return HEAD + "".join(f'\n[[participants]]\nname = "P{i}"\ncountry = "Qz{i}"\n' for i in range(n))


def unknown_keys(n: int) -> str:
    return "".join(f"k{i}=1\n" for i in range(n)) + HEAD


def unknown_nested(n: int) -> str:
    return HEAD + "".join(f'[[participants]]\nname = "P{i}"\nx{i} = 1\n' for i in range(n))


CASES: dict[str, Callable[[int], str]] = {
    "dangling": dangling,
    "countries": countries,
    "unknown-keys": unknown_keys,
    "unknown-nested": unknown_nested,
}
# The sizes an attacker would use (each file just under 4 MiB), and the two sizes compared.
FULL = {"dangling": 40_000, "countries": 76_000, "unknown-keys": 358_000, "unknown-nested": 95_000}
SMALL = {"dangling": 2_000, "countries": 4_000, "unknown-keys": 20_000, "unknown-nested": 6_000}


def write_case(name: str, n: int, folder: Path) -> Path:
    """A records folder holding the hostile file (and one good record beside it)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2020-01-01-hostile.toml").write_text(CASES[name](n), encoding="utf-8")
    (folder / "2020-01-02-good.toml").write_text(HEAD.replace("hostile", "good"), encoding="utf-8")
    return folder


def briefing_cmd() -> list[str]:
    script = Path(sys.executable).with_name("briefing")
    return [str(script)] if script.exists() else [sys.executable, "-m", "briefing"]


def run_measured(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one run."""
    env = {**os.environ, "BRIEFING_NO_CACHE": "1", "NO_COLOR": "1"}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"command failed ({code}): {' '.join(cmd)}")
    return wall, usage.ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="also run each case at the largest size under 4 MiB")
    parser.add_argument("--case", choices=sorted(CASES), action="append", help="only this case (repeat for more)")
    args = parser.parse_args(argv)
    ok = True
    with tempfile.TemporaryDirectory(prefix="briefing-hostile-") as tmp:
        for name in args.case or CASES:
            sizes = [SMALL[name], 4 * SMALL[name]] + ([FULL[name]] if args.full else [])
            for command in ("check", "timeline"):
                times = []
                for n in sizes:
                    folder = write_case(name, n, Path(tmp) / f"{name}-{n}")
                    size = (folder / "2020-01-01-hostile.toml").stat().st_size
                    wall, peak = min(run_measured([*briefing_cmd(), command, "--records", str(folder)]) for _ in range(2))
                    times.append(wall)
                    bounded = wall <= 10.0 and peak <= 500.0
                    ok = ok and bounded
                    print(f"  {name:<15} {command:<9} N={n:>7,} ({size / 1048576:4.2f} MiB) {wall:7.2f} s {peak:7.1f} MB"
                          f"{'' if bounded else '  MISS (over 10 s or 500 MB)'}", flush=True)
                ratio = times[1] / times[0]
                linear = ratio <= 6.0
                ok = ok and linear
                print(f"  {'ok  ' if linear else 'MISS'} {name} {command}: 4x the size took {ratio:.1f}x the time (target <= 6x)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
