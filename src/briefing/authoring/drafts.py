"""Drafts of refused edits: what `briefing edit` could not write, kept beside the record cache.

An edit that would not pass `check` is never written into the records folder, half or whole; the
text the user saved is kept as a draft instead, one per record file:

    <cache folder>/drafts/<record id>-<hash of the record's real path>.toml

where the cache folder is the record cache's ($BRIEFING_CACHE_DIR, else the user's cache folder,
e.g. ~/.cache/briefing; BRIEFING_NO_CACHE does not turn drafts off), or, with no home folder, a
`briefing-drafts` folder in the system's temporary folder. The next `briefing edit ID` of that
record opens the draft instead of the file (`--fresh`: the file, and the draft is dropped); a
draft is removed once an edit of its record is written, or ends in no change.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

DRAFTS = "drafts"


def drafts_folder(env: dict[str, str] | None = None) -> Path:
    """Where drafts are kept (not made here)."""
    from briefing.cache import default_dir

    env = dict(os.environ if env is None else env)
    env.pop("BRIEFING_NO_CACHE", None)  # no record cache does not mean no drafts
    base = default_dir(env)
    if base is None:  # no home folder: never made (docs/guarantees.md)
        return Path(tempfile.gettempdir()) / "briefing-drafts"
    return base / DRAFTS


def draft_path(record: Path, env: dict[str, str] | None = None) -> Path:
    """The draft of this record file: by its id and its real path (two folders' records differ)."""
    try:
        real = str(record.resolve())
    except OSError:
        real = str(record.absolute())
    digest = hashlib.blake2b(real.encode("utf-8", "surrogateescape"), digest_size=6).hexdigest()
    return drafts_folder(env) / f"{record.stem[:100]}-{digest}.toml"


def existing(record: Path) -> Path | None:
    """The draft kept of this record, if there is one."""
    path = draft_path(record)
    return path if path.is_file() else None


def keep(record: Path, text: bytes) -> Path:
    """Keep `text` as the draft of this record (replacing an older one); its path.

    Raises WriteError (briefing.atomic) if it cannot be written."""
    from briefing.atomic import WriteError, write_atomic

    path = draft_path(record)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise WriteError(f"cannot make {path.parent}: {exc.strerror or exc}") from None
    write_atomic(path, text, overwrite=True)
    return path


def discard(record: Path) -> None:
    """Remove the draft of this record, if any."""
    try:
        draft_path(record).unlink()
    except FileNotFoundError:
        pass
    except OSError:
        pass  # a draft that cannot be removed is offered again next time: no harm done
