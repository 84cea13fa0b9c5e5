"""Drafts of refused edits: what `briefing edit` could not write, kept beside the record cache.

An edit that would not pass `check` is never written into the records folder, half or whole; the
text the user saved is kept as a draft instead, one per record file:

    <cache folder>/drafts/<record id>-<hash of the record's real path>.toml

where the cache folder is the record cache's ($BRIEFING_CACHE_DIR, else the user's cache folder,
e.g. ~/.cache/briefing; BRIEFING_NO_CACHE does not turn drafts off), or, with no home folder, a
`briefing-drafts` folder in the system's temporary folder; beside it, `<name>.base`, a digest of
the record as the edit found it. The next `briefing edit ID` of that record opens the draft
instead of the file (`--fresh`: the file, and the draft is dropped), unless the record has changed
since (another command, another edit): then saving the draft would undo that change, so the record
is opened as it is now and the draft is kept for the user to copy from. A draft is removed once an
edit that started from it (or from --fresh) is written, or ends in no change.
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


def keep(record: Path, text: bytes, base: bytes) -> Path:
    """Keep `text` as the draft of this record (replacing an older one); its path. `base`: the
    record's bytes the edit started from (a digest of it is kept beside the draft, `.base`).

    Raises WriteError (briefing.atomic) if it cannot be written."""
    from briefing.atomic import WriteError, write_atomic

    path = draft_path(record)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise WriteError(f"cannot make {path.parent}: {exc.strerror or exc}") from None
    write_atomic(_base_path(path), _digest(base).encode("ascii"), overwrite=True)
    write_atomic(path, text, overwrite=True)
    return path


def is_stale(draft: Path, current: bytes) -> bool:
    """Has the record changed since the edit its draft keeps began? (Then the draft lacks what
    changed meanwhile, and saving it would undo that.) A draft without its `.base` is stale."""
    try:
        return _base_path(draft).read_text(encoding="ascii").strip() != _digest(current)
    except (OSError, ValueError):
        return True


def discard(record: Path) -> None:
    """Remove the draft of this record, if any."""
    path = draft_path(record)
    for each in (path, _base_path(path)):
        try:
            each.unlink()
        except OSError:
            pass  # gone already, or cannot be removed: offered again next time, no harm done


def _base_path(draft: Path) -> Path:
    return draft.with_name(draft.name + ".base")


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()
