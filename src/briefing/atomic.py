"""Atomic writes: a temporary file in the same folder, then a rename. What was there stays intact."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class WriteError(Exception):
    """A write that could not be made; the message is for the user, the target is untouched."""


def write_atomic(path: Path, data: bytes, *, overwrite: bool) -> None:
    """Write data to path all at once or not at all.

    With overwrite=False an existing file is never replaced, even one created while we wrote.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise WriteError(f"{path} is a folder")
    if not overwrite and path.exists():
        raise WriteError(f"{path} already exists; nothing was written (use --force to replace it)")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except FileNotFoundError:
        raise WriteError(f"cannot write {path}: folder {folder} does not exist") from None
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            # link() fails if the target exists: no window in which another file is replaced.
            _link_new(tmp, path)
    except FileExistsError:
        _remove(tmp)
        raise WriteError(f"{path} already exists; nothing was written") from None
    except OSError as exc:
        _remove(tmp)
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}; nothing was changed") from None
    except BaseException:
        _remove(tmp)
        raise


def _link_new(tmp: str, path: Path) -> None:
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:
        # A filesystem without hard links: check, then rename (a narrow race, but no clobbering
        # of a file that existed when we started).
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(tmp, path)
        return
    os.unlink(tmp)


def _remove(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass
