"""A home folder that is missing or cannot be written: briefing never makes one, and says so
where it needs one (`completion --install`); reports run without a cache."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

INSTALLED = str(Path(sys.executable).with_name("briefing"))


def run(home: Path | str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("BRIEFING_CACHE_DIR", "BRIEFING_NO_CACHE", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME")}
    return subprocess.run([INSTALLED, *args], capture_output=True, text=True, timeout=60, env={**env, "HOME": str(home)})


def test_a_missing_home_is_never_made(tmp_path: Path) -> None:
    home = tmp_path / "no-such-home"
    report = run(home, "timeline")
    assert report.returncode == 0 and "Japan" in report.stdout, report.stderr
    for shell in ("bash", "zsh", "fish"):
        proc = run(home, "completion", shell, "--install")
        assert proc.returncode == 1 and f"the home folder {home} does not exist" in proc.stderr, proc.stderr
    assert not home.exists()


def test_a_home_that_cannot_be_written_is_a_clean_refusal(tmp_path: Path) -> None:
    for home, says in (("/dev/null", "the home folder /dev/null is not a folder"), ("/proc/self/fdinfo", "cannot write /proc/self/fdinfo/")):
        proc = run(home, "completion", "bash", "--install")  # (/proc/self/fdinfo: not even root writes there)
        assert proc.returncode == 1, proc.stderr
        assert proc.stderr.startswith(f"briefing: {says}") and "nothing was written" in proc.stderr, proc.stderr
        assert "This is a bug" not in proc.stderr and "Traceback" not in proc.stderr
