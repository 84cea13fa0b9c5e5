"""One writer at a time in a records folder: the lock every command that writes a record takes.

A command that writes a record checks the folder first (the id is free, the round is not
claimed) and then writes. Two such commands at once could both pass the check and both write:
ten `briefing new --series s --round 7` started together wrote ten records claiming round 7. So
every command that writes or edits a record holds the folder's lock from before it reads what it
checks until its write is in place:

    from briefing.authoring.lock import LockBusy, records_lock

    with records_lock(folder):        # waits up to `wait` seconds for another writer
        loaded = load(folder, today)  # read (again) under the lock: what another writer left
        ...check...
        write_atomic(path, data, overwrite=...)

Edits in place (marking a meeting held, cancelled, postponed, a commitment done or dropped,
`edit`) do the same: read the file under the lock, change it, validate, write atomically, leave.
Readers (reports, `check`) take no lock: every write is atomic, so they see a file whole, before
or after.

The lock is an advisory `flock` on the folder itself (nothing is left in the folder), or where a
system cannot lock a folder, on `.briefing.lock` inside it. It is released when the block ends
or the process dies, however it dies, so a crash never leaves the folder locked. It is not
re-entrant: take it once per command.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = ".briefing.lock"
WAIT_SECONDS = 30.0


class LockBusy(Exception):
    """Another writer held the folder for longer than we would wait; the message is for the user."""


@contextmanager
def records_lock(folder: Path, *, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the write lock of this records folder (which must exist) for the block."""
    fd = _open_lock(folder)
    try:
        _acquire(fd, folder, wait)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _open_lock(folder: Path) -> int:
    try:
        return os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        pass  # a system that cannot open a folder (Windows): a lock file beside the records
    try:
        return os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise LockBusy(f"cannot lock {folder} for writing: {exc.strerror or exc}") from None


def _acquire(fd: int, folder: Path, wait: float) -> None:
    try:
        import fcntl
    except ImportError:  # Windows: msvcrt locks a byte of the lock file
        _acquire_windows(fd, folder, wait)
        return
    deadline = time.monotonic() + wait
    delay = 0.005
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        except OSError as exc:
            raise LockBusy(f"cannot lock {folder} for writing: {exc.strerror or exc}") from None
        if time.monotonic() >= deadline:
            raise LockBusy(f"another briefing command has been writing to {folder} for {wait:.0f} s; nothing was written (try again)")
        time.sleep(delay)
        delay = min(delay * 2, 0.1)


def _acquire_windows(fd: int, folder: Path, wait: float) -> None:  # pragma: no cover - not on Linux
    import msvcrt

    deadline = time.monotonic() + wait
    while True:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            return
        except OSError:
            if time.monotonic() >= deadline:
                raise LockBusy(f"another briefing command has been writing to {folder} for {wait:.0f} s; nothing was written (try again)") from None
            time.sleep(0.05)
