"""Parallel parsing ends with the command: on SIGTERM or SIGINT mid-parse, the workers are stopped
and reaped, and nothing keeps the caller's pipes open (a reader sees the end of the output)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import REPO

sys.path.insert(0, str(REPO / "bench"))
from generate import generate  # noqa: E402

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc to find the workers")
BIN = Path(sys.executable).with_name("briefing")


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("signals") / "records"
    generate(4000, root, seed=3)
    return root


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not BIN.exists(), reason="the installed command is needed (its entry point handles SIGTERM)")
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)], ids=["SIGTERM", "SIGINT"])
def test_a_signal_mid_parse_stops_every_worker(big: Path, signum: int, code: int) -> None:
    env = {**os.environ, "BRIEFING_NO_CACHE": "1"}
    proc = subprocess.Popen([str(BIN), "check", "--records", str(big)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while not workers and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        workers = children(proc.pid)
    if not workers:
        proc.kill()
        proc.communicate()
        pytest.skip("no worker started (one core?)")
    time.sleep(0.5)  # mid-parse
    assert proc.poll() is None, "finished before the signal: give it more files"
    proc.send_signal(signum)
    try:
        out, err = proc.communicate(timeout=30)  # returns only when no process holds the pipes
    except subprocess.TimeoutExpired:
        proc.kill()
        for w in workers:
            os.kill(w, signal.SIGKILL)
        pytest.fail("the output pipe is still held open after the command ended")
    assert proc.returncode == code, err.decode(errors="replace")
    assert b"Traceback" not in err and b"This is a bug" not in err
    time.sleep(0.2)
    assert not [w for w in workers if alive(w)], "a worker outlived the command"
