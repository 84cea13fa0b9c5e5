"""Signals, as a user or a service manager sends them, through the installed command.

- Ctrl-C while the command is still starting (Python importing the CLI and its libraries) ends it
  with exit 130 and one line, never a traceback of an import.
- SIGTERM or Ctrl-C while `-o` is being written leaves no temporary file behind, and no half
  written target: the file is there whole, or not at all.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="reads /proc (Linux)")

INSTALLED = str(Path(sys.executable).with_name("briefing"))
RECORD = 'title = "Fictional meeting {i}"\ndate = 2020-01-01\nsummary = "{pad}"\n[[sources]]\ntitle = "A fictional source"\n'


def started(proc: subprocess.Popen[bytes], library: str, timeout: float = 30) -> bool:
    """Wait until the process has loaded this shared library (it is importing the CLI)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if library in Path(f"/proc/{proc.pid}/maps").read_text():
                return True
        except OSError:
            pass
        time.sleep(0.001)
    return False


def test_ctrl_c_while_starting_is_exit_130_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "2020-01-01-x.toml").write_text(RECORD.format(i=0, pad="x"), encoding="utf-8")
    env = {**os.environ, "BRIEFING_NO_CACHE": "1"}
    rng = random.Random(12)
    for _ in range(6):
        proc = subprocess.Popen([INSTALLED, "check", "--records", str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        # `typing`'s C part is loaded only once the command imports its CLI (not by Python's start).
        assert started(proc, "_typing."), proc.communicate()
        time.sleep(rng.uniform(0, 0.05))
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 130, err
        assert b"Traceback" not in err and b"KeyboardInterrupt" not in err, err
        assert err in (b"", b"briefing: interrupted\n"), err


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_during_output_leaves_no_temporary_file(signum: int, tmp_path: Path) -> None:
    records = tmp_path / "records"
    records.mkdir()
    for i in range(300):
        (records / f"2020-01-01-m{i:03d}.toml").write_text(RECORD.format(i=i, pad="y" * 40_000), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "BRIEFING_NO_CACHE": "1"}
    caught = 0
    for _ in range(3):
        target = out / "timeline.json"
        proc = subprocess.Popen([INSTALLED, "timeline", "--records", str(records), "-f", "json", "-o", str(target)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        while proc.poll() is None and not any(p.name.endswith(".tmp") for p in out.iterdir()):
            time.sleep(0.0005)
        if proc.poll() is None:
            proc.send_signal(signum)
            caught += 1
        _, err = proc.communicate(timeout=120)
        assert b"Traceback" not in err, err
        assert [p.name for p in out.iterdir() if p.name != "timeline.json"] == []  # no temporary file left
        if target.exists():  # finished before the signal came: whole
            assert target.read_bytes().rstrip().endswith(b"}")
            target.unlink()
        else:
            assert proc.returncode == 128 + signum
    assert caught  # at least one run was interrupted mid-write


def test_an_error_raised_by_an_interrupt_is_still_an_interrupt(monkeypatch, capsys, tmp_path: Path) -> None:
    """Ctrl-C arriving inside code that turns it into another error (a library's cleanup that
    fails on the way out) is exit 130, not "internal error ... This is a bug" (exit 70)."""
    import briefing.reports.timeline as timeline_report
    from briefing import cli

    def interrupted_then_failed(*args, **kwargs):  # noqa: ANN001, ANN202
        try:
            raise KeyboardInterrupt
        finally:
            raise RuntimeError("cleanup failed on the way out")

    (tmp_path / "2020-01-01-x.toml").write_text(RECORD.format(i=0, pad="x"), encoding="utf-8")
    monkeypatch.setattr(timeline_report, "timeline", interrupted_then_failed)
    monkeypatch.setattr(sys, "argv", ["briefing", "timeline", "--records", str(tmp_path)])
    with pytest.raises(SystemExit) as info:
        cli.main()
    assert info.value.code == 130
    err = capsys.readouterr().err
    assert "This is a bug" not in err and "interrupted" in err
