"""Nothing lost: every write is all or nothing, and a failed write leaves what was there intact.

The writes are made to fail for real where the system allows it (a file-size limit, a read-only
folder for a non-root user) and by making os.fsync / os.replace / os.link / the write itself raise
where it does not (a full disk cannot be had in a test without root and a mount).
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import atomic
from briefing.atomic import WriteError, write_atomic
from tests.helpers import MINIMAL, write

OLD = b"what was there before\n"
NEW = b"the new content\n" * 100


def leftovers(folder: Path) -> list[str]:
    """Temporary files left in a folder (hidden .NAME.*.tmp)."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


# -- success ---------------------------------------------------------------------------------


def test_new_file_is_written_whole_with_an_ordinary_mode(tmp_path: Path) -> None:
    target = tmp_path / "memo.md"
    old_umask = os.umask(0o022)
    try:
        write_atomic(target, NEW, overwrite=False)
    finally:
        os.umask(old_umask)
    assert target.read_bytes() == NEW
    assert stat.S_IMODE(target.stat().st_mode) == 0o644  # not mkstemp's 0600
    assert leftovers(tmp_path) == []


def test_overwrite_replaces_and_keeps_the_old_mode(tmp_path: Path) -> None:
    target = tmp_path / "memo.md"
    target.write_bytes(OLD)
    target.chmod(0o640)
    write_atomic(target, NEW, overwrite=True)
    assert target.read_bytes() == NEW
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == []


def test_a_symlink_is_followed_when_overwriting(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_bytes(OLD)
    link = tmp_path / "link.md"
    link.symlink_to(real.name)
    write_atomic(link, NEW, overwrite=True)
    assert link.is_symlink()
    assert real.read_bytes() == NEW


def test_a_long_file_name_still_fits_its_temporary_name(tmp_path: Path) -> None:
    target = tmp_path / ("n" * 250)
    write_atomic(target, NEW, overwrite=False)
    assert target.read_bytes() == NEW


# -- refusals: nothing is touched -------------------------------------------------------------


def test_existing_file_is_refused_without_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "memo.md"
    target.write_bytes(OLD)
    with pytest.raises(WriteError, match="already exists"):
        write_atomic(target, NEW, overwrite=False)
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path) == []


def test_existing_symlink_is_refused_without_overwrite(tmp_path: Path) -> None:
    link = tmp_path / "link.md"
    link.symlink_to("nowhere.md")  # dangling: still something that is there
    with pytest.raises(WriteError, match="already exists"):
        write_atomic(link, NEW, overwrite=False)
    assert not (tmp_path / "nowhere.md").exists()


def test_file_created_while_writing_is_not_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The existence check passes, then someone else creates the file before the link."""
    target = tmp_path / "memo.md"
    real_link = os.link

    def racing_link(src, dst, *a, **k):
        Path(dst).write_bytes(OLD)
        return real_link(src, dst, *a, **k)

    monkeypatch.setattr(atomic.os, "link", racing_link)
    with pytest.raises(WriteError, match="already exists"):
        write_atomic(target, NEW, overwrite=False)
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path) == []


def test_filesystem_without_hard_links_falls_back_to_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic.os, "link", lambda *a, **k: (_ for _ in ()).throw(OSError(errno.EPERM, "Operation not permitted")))
    target = tmp_path / "memo.md"
    write_atomic(target, NEW, overwrite=False)
    assert target.read_bytes() == NEW
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("kind", ["folder", "fifo", "device"])
def test_only_regular_files_are_ever_replaced(kind: str, tmp_path: Path) -> None:
    target = tmp_path / "out"
    if kind == "folder":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        if os.geteuid() != 0:
            pytest.skip("making a device node needs root")
        os.mknod(target, 0o644 | stat.S_IFCHR, os.makedev(1, 3))  # a private /dev/null
    before = os.lstat(target)
    with pytest.raises(WriteError, match="folder|not a regular file"):
        write_atomic(target, NEW, overwrite=True)
    after = os.lstat(target)
    assert (before.st_ino, before.st_mode) == (after.st_ino, after.st_mode)
    assert leftovers(tmp_path) == []


def test_a_symlink_to_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "out"
    link.symlink_to(os.devnull)
    with pytest.raises(WriteError, match="not a regular file"):
        write_atomic(link, NEW, overwrite=True)
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


@pytest.mark.parametrize("name", ["missing/memo.md", "n" * 300, "file.md/memo.md"])
def test_impossible_paths_fail_cleanly(name: str, tmp_path: Path) -> None:
    (tmp_path / "file.md").write_bytes(OLD)
    with pytest.raises(WriteError, match="cannot write"):
        write_atomic(tmp_path / name, NEW, overwrite=True)
    assert (tmp_path / "file.md").read_bytes() == OLD


# -- failures in the middle: the target is intact and no temporary file is left ----------------


@pytest.mark.parametrize("overwrite", [True, False])
@pytest.mark.parametrize("where", ["write", "fsync", "replace", "link", "mkstemp"])
def test_failed_write_leaves_the_target_intact(where: str, overwrite: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "memo.md"
    existed = overwrite  # overwrite an existing file; or create a new one
    if existed:
        target.write_bytes(OLD)
    if where == "write":
        real_fdopen = os.fdopen

        class FullDisk:
            def __init__(self, f):
                self.f = f

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.f.close()

            def write(self, data):
                self.f.write(data[: len(data) // 2])  # half of it makes it, then the disk is full
                self.f.flush()
                enospc()

            def __getattr__(self, name):
                return getattr(self.f, name)

        monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode)))
    elif where == "fsync":
        monkeypatch.setattr(atomic.os, "fsync", enospc)
    elif where == "replace":
        monkeypatch.setattr(atomic.os, "replace", enospc)
        monkeypatch.setattr(atomic.os, "link", enospc)  # and the fallback to rename fails too
    elif where == "link":
        if overwrite:
            pytest.skip("link is only used when not overwriting")
        monkeypatch.setattr(atomic.os, "link", lambda *a: (_ for _ in ()).throw(OSError(errno.EROFS, os.strerror(errno.EROFS))))
        monkeypatch.setattr(atomic.os, "replace", lambda *a: (_ for _ in ()).throw(OSError(errno.EROFS, os.strerror(errno.EROFS))))
    else:
        monkeypatch.setattr(atomic.tempfile, "mkstemp", lambda **k: (_ for _ in ()).throw(OSError(errno.EROFS, os.strerror(errno.EROFS))))
    with pytest.raises(WriteError) as info:
        write_atomic(target, NEW, overwrite=overwrite)
    message = str(info.value)
    assert message.startswith(f"cannot write {target}")
    assert "nothing was changed" in message
    assert os.strerror(errno.ENOSPC) in message or os.strerror(errno.EROFS) in message
    if existed:
        assert target.read_bytes() == OLD
    else:
        assert not target.exists()
    assert leftovers(tmp_path) == []


def test_interrupt_while_writing_removes_the_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "memo.md"
    target.write_bytes(OLD)

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, NEW, overwrite=True)
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path) == []


def test_read_only_folder_for_a_user_who_cannot_write(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders; the monkeypatched mkstemp variant covers this")
    target = tmp_path / "memo.md"
    target.write_bytes(OLD)
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(WriteError, match="Permission denied"):
            write_atomic(target, NEW, overwrite=True)
    finally:
        tmp_path.chmod(0o755)
    assert target.read_bytes() == OLD


# -- through the command line -------------------------------------------------------------------


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    write(folder, "2020-01-01-fictional.toml", MINIMAL.format(title="A fictional meeting", date="2020-01-01"))
    return folder


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_show_output_refuses_an_existing_file_without_force(fmt: str, records: Path, tmp_path: Path, invoke) -> None:
    out = tmp_path / "out" / "memo.out"  # an extension that names no format
    out.parent.mkdir()
    out.write_bytes(OLD)
    result = invoke("show", "2020-01-01-fictional", "--records", records, "-f", fmt, "-o", out)
    assert result.exit_code == 1
    assert "already exists" in result.output and "--force" in result.output
    assert out.read_bytes() == OLD
    result = invoke("show", "2020-01-01-fictional", "--records", records, "-f", fmt, "-o", out, "--force")
    assert result.exit_code == 0, result.output
    assert "A fictional meeting" in out.read_text(encoding="utf-8")
    assert leftovers(out.parent) == []


def test_show_output_write_failure_is_a_clean_message(records: Path, tmp_path: Path, invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "memo.md"
    out.write_bytes(OLD)
    monkeypatch.setattr(atomic.os, "fsync", enospc)
    result = invoke("show", "2020-01-01-fictional", "--records", records, "-f", "markdown", "-o", out, "--force")
    assert result.exit_code == 1
    assert "No space left on device" in result.output
    assert "Traceback" not in result.output
    assert out.read_bytes() == OLD
    assert leftovers(tmp_path) == []


def test_output_to_a_device_is_refused_even_with_force(records: Path, tmp_path: Path, invoke) -> None:
    link = tmp_path / "null"
    link.symlink_to(os.devnull)
    result = invoke("show", "2020-01-01-fictional", "--records", records, "-o", link, "--force")
    assert result.exit_code == 1
    assert "not a regular file" in result.output
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def _limit_file_size() -> None:  # runs in the child, before exec
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
    resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs POSIX file-size limits")
def test_a_real_write_failure_in_a_real_process(records: Path, tmp_path: Path) -> None:
    """No monkeypatching: the kernel refuses the write past 200 bytes (RLIMIT_FSIZE)."""
    out = tmp_path / "memo.md"
    out.write_bytes(OLD)
    proc = subprocess.run(
        [sys.executable, "-m", "briefing", "show", "2020-01-01-fictional", "--records", str(records),
         "-f", "markdown", "-o", str(out), "--force"],
        capture_output=True, timeout=60, preexec_fn=_limit_file_size,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert proc.returncode == 1, proc.stderr
    assert b"File too large" in proc.stderr
    assert b"Traceback" not in proc.stderr
    assert out.read_bytes() == OLD
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("command", [["timeline"], ["next"], ["country", "Japan"], ["search", "fictional"], ["series"], ["schema"]])
@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_every_output_option_refuses_an_existing_file(command: list[str], fmt: str, records: Path, tmp_path: Path, invoke) -> None:
    if command == ["schema"] and fmt != "json":
        pytest.skip("schema has one format")
    out = tmp_path / "report.out"
    out.write_bytes(OLD)
    args = [*command, "-o", out] if command == ["schema"] else [*command, "--records", records, "-f", fmt, "-o", out]
    result = invoke(*args)
    if result.exit_code == 2 and "cannot be written as" in result.output:
        pytest.skip(f"{command[0]} has no {fmt} output")
    assert result.exit_code == 1, result.output
    assert "already exists" in result.output
    assert out.read_bytes() == OLD
    result = invoke(*args, "--force")
    assert result.exit_code == 0, result.output
    assert out.read_bytes() != OLD and out.stat().st_size > 0
    assert leftovers(tmp_path) == []
