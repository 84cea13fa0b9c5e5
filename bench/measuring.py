"""Measuring a command as a user runs it: wall time and peak memory of a process of its own
(bench/run.py's figures), and what the machine is."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Measure:
    label: str
    seconds: float  # the median
    peak_mb: float
    runs: int
    walls: tuple[float, ...] = ()  # every run's


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
    m = Measure(label, statistics.median(walls), max(peaks), runs, tuple(walls))
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


def compile_package() -> str:
    """Compile the package's bytecode first, as installing a wheel does: an editable install
    under PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module from source on every
    run (20 ms), which no installed copy does."""
    import compileall

    import briefing

    folder = Path(briefing.__file__).resolve().parent
    ok = compileall.compile_dir(str(folder), quiet=1)
    return f"compiled {folder}" if ok else f"could not compile {folder}"
