"""Atomic writes: a temporary file in the same folder, then a rename. What was there stays intact.

Every file the tool writes (`new`, `--output`, the cache) goes through `write_atomic`: the data is
written to a hidden temporary file beside the target, flushed to disk, then renamed over the
target (or hard-linked, when an existing file must not be replaced). If anything fails — a full
disk, a read-only folder, an interrupt — the temporary file is removed and the target is exactly
as it was. Only regular files are ever replaced: never a folder, a device, a pipe or a socket.
"""

from __future__ import annotations

import os
import signal
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path


class WriteError(Exception):
    """A write that could not be made; the message is for the user, the target is untouched."""


def write_atomic(path: Path, data: bytes | Iterable[bytes], *, overwrite: bool) -> None:
    """Write data (bytes, or chunks of bytes as they come) to path all at once or not at all.

    With overwrite=False an existing file is never replaced, even one created while we wrote.
    With overwrite=True a symbolic link is followed: the file it points to is replaced.
    """
    target = _target(path, overwrite)
    folder = target.parent
    # Ctrl-C or SIGTERM just as the temporary file is made would leave it behind under a name
    # nobody knows: those signals wait until its name is held (then they end the write below,
    # and the file is removed).
    held = _hold_signals()
    try:
        # The target's name may be near the limit of 255 bytes: keep the temporary name shorter.
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:80]}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        _release_signals(held)
        raise WriteError(f"cannot write {path}: {_reason(exc)}; nothing was changed") from None
    try:
        _release_signals(held)
        _set_mode(fd, target)
        with os.fdopen(fd, "wb") as f:
            if isinstance(data, bytes):
                f.write(data)
            else:
                f.writelines(data)
            f.flush()
            os.fsync(f.fileno())
        if overwrite:
            os.replace(tmp, target)
        else:
            # link() fails if the target exists: no window in which another file is replaced.
            _link_new(tmp, target)
    except FileExistsError:
        _remove(tmp)
        raise WriteError(f"{path} already exists; nothing was written") from None
    except OSError as exc:
        _remove(tmp)
        raise WriteError(f"cannot write {path}: {_reason(exc)}; nothing was changed") from None
    except BaseException:
        _remove(tmp)
        raise
    _sync_folder(folder)


# The signals that end a command (by an exception that removes what it was writing).
_ENDING = {getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)}


def _hold_signals() -> set[int] | None:
    """Hold back the signals that end a command (in this thread); None where that cannot be done."""
    try:
        return signal.pthread_sigmask(signal.SIG_BLOCK, _ENDING)
    except (AttributeError, OSError, ValueError):  # not POSIX
        return None


def _release_signals(held: set[int] | None) -> None:
    """Let them through again: one that came meanwhile is taken now (its handler runs here)."""
    if held is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _target(path: Path, overwrite: bool) -> Path:
    """The file to write: refuse folders, devices, pipes, and existing files unless overwriting."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:  # a name too long, a parent that is a file, a folder we may not enter
        raise WriteError(f"cannot write {path}: {_reason(exc)}") from None
    if st is not None and stat.S_ISLNK(st.st_mode):
        if not overwrite:
            raise WriteError(f"{path} already exists; nothing was written (use --force to replace it)")
        resolved = Path(os.path.realpath(path))
        try:
            st = os.stat(resolved)
        except FileNotFoundError:
            st = None
        except OSError as exc:
            raise WriteError(f"cannot write {path}: {_reason(exc)}") from None
        path_shown, path = path, resolved
    else:
        path_shown = path
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise WriteError(f"{path_shown} is a folder; nothing was written")
        if not stat.S_ISREG(st.st_mode):
            raise WriteError(
                f"{path_shown} is not a regular file (a device, pipe or socket); nothing was written "
                "(leave out --output to print to standard output)"
            )
        if not overwrite:
            raise WriteError(f"{path_shown} already exists; nothing was written (use --force to replace it)")
    folder = path.parent
    if not folder.is_dir():
        raise WriteError(f"cannot write {path_shown}: folder {folder} does not exist")
    return path


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def _link_new(tmp: str, path: Path) -> None:
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:
        # A filesystem without hard links: check, then rename (a narrow race, but no clobbering
        # of a file that existed when we started).
        if os.path.lexists(path):
            raise FileExistsError(path) from None
        os.replace(tmp, path)
        return
    _remove(tmp)  # the data is in place; a temporary name left behind is not a failure


def _set_mode(fd: int, path: Path) -> None:
    """mkstemp makes 0600 files; give the file the mode an ordinary write would (or keep the old one)."""
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        os.fchmod(fd, mode)
    except (OSError, AttributeError):  # no fchmod (Windows): keep what mkstemp gave
        pass


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every system can fsync a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass
