"""A command that changes a record, killed (SIGKILL: no clean-up at all) in the middle of its
write, leaves the record as it was: the new text was going to a hidden temporary file beside it,
which `check` and every report pass over, and the next command works as if nothing happened.

The installed command runs in a process of its own; a sitecustomize on PYTHONPATH makes its
fsync of the temporary file wait, so that the kill lands mid-write. The commands after it run in
this process, on the folder as the kill left it. Fictional records only.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import write

INSTALLED = Path(sys.executable).with_name("briefing")
PLANNED = 'title = "Fictional Fjord Talks, round 2"  # as announced\ndate = "2030-03"\nstatus = "planned"\n\n[[sources]]\ntitle = "Invented"\n'
SLOW_FSYNC = """\
import os, pathlib, time
_real = os.fsync
def fsync(fd):
    marker = os.environ.get("SLOW_FSYNC_MARKER")
    if marker:
        pathlib.Path(marker).write_text("writing")
        time.sleep(60)
    return _real(fd)
os.fsync = fsync
"""

pytestmark = pytest.mark.skipif(not INSTALLED.exists() or os.name != "posix", reason="the installed command, on POSIX")


@pytest.mark.parametrize("command", [["held", "fjord-2", "--date", "2030-03-14"], ["edit", "fjord-2"]], ids=["held", "edit"])
def test_killed_mid_write_leaves_the_record_intact(tmp_path: Path, command: list[str], invoke) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "records"
    record = write(folder, "fjord-2.toml", PLANNED)
    hook = tmp_path / "hook"
    write(hook, "sitecustomize.py", SLOW_FSYNC)
    marker = tmp_path / "marker"
    editing = {
        "BRIEFING_NO_CACHE": "1", "EDITOR": f"{shlex.quote(sys.executable)} {shlex.quote(str(Path(__file__).parent / 'fake_editor.py'))}",
        "FAKE_EDIT_OLD": '"2030-03"', "FAKE_EDIT_NEW": '"2030-04"',
    }
    env = {**os.environ, "PYTHONPATH": str(hook), "SLOW_FSYNC_MARKER": str(marker), **editing}
    env.pop("VISUAL", None)
    proc = subprocess.Popen([str(INSTALLED), *command, "--records", str(folder), "--as-of", "2031-01-01"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert marker.exists(), proc.communicate()
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    assert record.read_text(encoding="utf-8") == PLANNED  # whole, as it was
    left = [p.name for p in folder.iterdir() if p.name != "fjord-2.toml"]
    assert all(name.startswith(".fjord-2.toml.") and name.endswith(".tmp") for name in left), left  # at most the hidden half
    checked = invoke("check", "--records", folder, env=editing)
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    again = invoke(*command, "--records", folder, "--as-of", "2031-01-01", env=editing)
    assert again.exit_code == 0, again.stderr
    assert record.read_text(encoding="utf-8") != PLANNED
    assert "# as announced" in record.read_text(encoding="utf-8")
