"""The cache on a file system with one-second timestamps (ext4 with 128-byte inodes, as HFS+ and
FAT have too): a file rewritten within the same second, at the same size, is never served stale.

Needs a loop-mounted file system (root, mkfs.ext4, a loop device): skipped cleanly elsewhere."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.cache import RecordCache
from briefing.loader import load
from tests.helpers import write

TODAY = dt.date(2026, 6, 1)
RECORD = 'title = "{title}"\ndate = "2020"\n[[sources]]\ntitle = "A fictional source"\n'


@pytest.fixture
def coarse(tmp_path: Path) -> Iterator[Path]:
    """A folder on a freshly made ext4 file system whose timestamps have one-second steps."""
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("mkfs.ext4") is None:
        pytest.skip("needs root and mkfs.ext4 to mount a file system with one-second timestamps")
    image, mountpoint = tmp_path / "coarse.img", tmp_path / "coarse"
    with image.open("wb") as f:
        f.truncate(16 * 1024 * 1024)
    mountpoint.mkdir()
    made = subprocess.run(["mkfs.ext4", "-q", "-F", "-I", "128", str(image)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"mkfs.ext4 failed: {made.stderr.decode(errors='replace').strip()}")
    mounted = subprocess.run(["mount", "-o", "loop", str(image), str(mountpoint)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot loop-mount here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        probe = mountpoint / "probe"
        probe.write_text("x")
        if probe.stat().st_mtime_ns % 1_000_000_000:
            pytest.skip("this file system keeps sub-second timestamps")
        probe.unlink()
        yield mountpoint
    finally:
        subprocess.run(["umount", str(mountpoint)], capture_output=True)


def test_same_size_rewrite_within_the_second_is_not_served_stale(coarse: Path, tmp_path: Path) -> None:
    root = coarse / "records"
    for attempt in range(10):
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(tmp_path / "cache", ignore_errors=True)
        second = int(time.time())
        write(root, "a.toml", RECORD.format(title="Alpha"))
        load(root, TODAY, RecordCache(tmp_path / "cache"))  # cached, with the file as it was
        before = (root / "a.toml").stat()
        (root / "a.toml").write_text(RECORD.format(title="Omega"), encoding="utf-8")  # same size, same inode
        after = (root / "a.toml").stat()
        if int(time.time()) == second and (after.st_mtime_ns, after.st_ctime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ctime_ns, before.st_ino):
            break
    else:
        pytest.skip("could not rewrite a file within the same second")
    result = load(root, TODAY, RecordCache(tmp_path / "cache"))
    assert [m.title for m in result.meetings] == ["Omega"]
    time.sleep(2.1)  # out of the window: the row is checked by content once more, then trusted by its stat
    again = load(root, TODAY, RecordCache(tmp_path / "cache"))
    assert [m.title for m in again.meetings] == ["Omega"]


def test_a_link_to_a_same_size_file_of_the_same_second_is_not_served_stale(coarse: Path, tmp_path: Path) -> None:
    root = coarse / "records"
    for attempt in range(10):
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(tmp_path / "cache", ignore_errors=True)
        second = int(time.time())
        write(root, "a.toml", RECORD.format(title="Alpha"))
        write(coarse, "other/b.toml", RECORD.format(title="Omega"))
        load(root, TODAY, RecordCache(tmp_path / "cache"))
        (root / "a.toml").unlink()
        (root / "a.toml").symlink_to(coarse / "other" / "b.toml")
        if int(time.time()) == second:
            break
    else:
        pytest.skip("could not replace a file within the same second")
    result = load(root, TODAY, RecordCache(tmp_path / "cache"))
    assert [m.title for m in result.meetings] == ["Omega"]
