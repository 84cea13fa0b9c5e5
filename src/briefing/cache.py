"""The record cache: one SQLite database per records folder, a row per file.

It lives in $BRIEFING_CACHE_DIR or the user's cache folder (never inside the records folder), as
`records-<hash of the folder's real path>.sqlite3`. A row holds what one file gave: its record
(or its problems) as JSON, without the id and path, which come from the file's name and from
where the command runs. Nothing in it runs on load; what is read back is decoded into typed
structs (`briefing.structs`), checked against the row's CRC-32, and a record whose text holds
anything `clean` would change is validated through the models again.

    meta(key, value)    "key": SCHEMA, the models' fields and the libraries' versions;
                        "root": the records folder's real path
    files(path, dev, ino, size, mtime_ns, ctime_ns, checked_ns, digest, kind, payload, crc)

A row is used only while its file's device, inode, size, mtime and ctime are those stored, and
its times are more than RACY_NS older than `checked_ns`, when the file was looked at: a file
changed within that window may change again without its times moving (git's "racy" rule), so
its content is compared with the stored digest instead. A run changes only the rows of files that
changed, were added or removed, in one transaction; concurrent runs share the database (WAL,
a busy timeout).

The database and its -wal and -shm files are never opened through a link: each is checked with
lstat before it is opened and again after, and the cache folder must be the user's and not
writable by others (else the run goes uncached, with one warning). A database that is damaged,
locked or from another version is set aside with a warning (another version: quietly) and the
files are read; the caller prints the warnings collected here.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCHEMA = 4  # bump when a record is read, cleaned or written differently for the same fields, or the tables change
RACY_NS = 2_000_000_000  # timestamp granularity of the coarsest file systems (FAT: 2 s)
BUSY_MS = 5000  # how long a run waits for another run's write
_LIBRARIES = ("pydantic", "pydantic_core", "msgspec", "tomli", "rtoml", "pycountry")
_SIDES = ("", "-wal", "-shm", "-journal")

# 16 KiB pages, for a database made now (an existing one keeps its own): a row of ~1.5 KB of
# JSON fits in its page, and 10,000 rows are written in about half the time of 4 KiB pages.
PAGE_SIZE = 16384
_META = "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID"
# A rowid table with path as its unique key, not WITHOUT ROWID: a WITHOUT ROWID row longer than
# about a quarter of a page (most records' JSON) spills to an overflow page of its own, which
# made the database 2.5 times the size of its JSON and a cold run's write twice as slow.
_FILES = """
CREATE TABLE IF NOT EXISTS files (
    path BLOB PRIMARY KEY,          -- below the records folder, '/'-separated, as bytes
    dev INTEGER NOT NULL, ino INTEGER NOT NULL, size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL, ctime_ns INTEGER NOT NULL,
    checked_ns INTEGER NOT NULL,    -- when the file was looked at for this row
    digest TEXT NOT NULL,           -- BLAKE2b of the file's bytes
    kind TEXT NOT NULL,             -- 'm' meeting, 's' series, 'p' problems
    payload BLOB NOT NULL,          -- JSON
    crc INTEGER NOT NULL            -- CRC-32 of payload
)
"""


@dataclass(frozen=True, slots=True)
class Row:
    """A file's row: its stat when looked at, its digest, and what it gave."""

    path: bytes
    dev: int
    ino: int
    size: int
    mtime_ns: int
    ctime_ns: int
    checked_ns: int
    digest: str
    kind: str
    payload: bytes
    crc: int


def default_dir(env: dict[str, str] | None = None) -> Path | None:
    """$BRIEFING_CACHE_DIR, else the user's cache folder; None when BRIEFING_NO_CACHE is set."""
    env = os.environ if env is None else env
    if env.get("BRIEFING_NO_CACHE", "") not in ("", "0"):
        return None
    if env.get("BRIEFING_CACHE_DIR"):
        return Path(env["BRIEFING_CACHE_DIR"])
    from platformdirs import user_cache_dir

    folder = Path(user_cache_dir("briefing", appauthor=False))
    home = env.get("HOME")
    if home and not os.path.isdir(home) and folder.is_relative_to(home):
        return None  # a home folder that does not exist is never made: no cache (docs/guarantees.md)
    return folder


def cache_key() -> str:
    """What shapes a record besides its file: SCHEMA, the models' fields (a field added to a
    model changes it by itself) and the versions of the libraries that parse and validate."""
    import msgspec

    from briefing import structs

    shape = [
        (cls.__name__, [(f.name, repr(f.type), repr(f.default)) for f in msgspec.structs.fields(cls)])
        for cls in (structs.Meeting, structs.Series, structs.Place, structs.Participant, structs.Commitment, structs.Source, structs.Count)
    ]
    fields = hashlib.blake2b(repr(shape).encode(), digest_size=8).hexdigest()
    versions = ",".join(f"{name} {version}" for name, version in _versions(_LIBRARIES).items())
    return f"schema {SCHEMA}; fields {fields}; {versions}"


def _versions(names: Iterable[str]) -> dict[str, str]:
    """Installed versions, read from the dist-info folders' names (importing nothing, and much
    faster than importlib.metadata, which reads every distribution's metadata)."""
    import importlib.util

    out: dict[str, str] = {}
    listed: dict[str, list[str]] = {}
    for name in names:
        out[name] = "missing"
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        if spec is None or not spec.origin:
            continue
        site = os.path.dirname(os.path.dirname(spec.origin))
        if site not in listed:
            try:
                listed[site] = os.listdir(site)
            except OSError:
                listed[site] = []
        out[name] = "unknown"
        for entry in listed[site]:
            if entry.endswith(".dist-info"):
                project, _, version = entry[: -len(".dist-info")].partition("-")
                if project.lower().replace("-", "_").replace(".", "_") == name:
                    out[name] = version
                    break
    return out


@dataclass
class RecordCache:
    """The cache folder, for one run. Collects warnings instead of raising; counts what it did."""

    folder: Path
    busy_ms: int = BUSY_MS  # how long to wait for another run's write
    warnings: list[str] = field(default_factory=list)
    written: int = 0  # rows written by the last save (changed and added files)
    removed: int = 0  # rows of files that are gone, deleted by the last save

    def path_for(self, root: Path) -> Path:
        real = os.path.realpath(root)
        name = hashlib.blake2b(real.encode("utf-8", "surrogateescape"), digest_size=10).hexdigest()
        return self.folder / f"records-{name}.sqlite3"

    def warn(self, message: str) -> None:
        line = f"briefing: warning: {message}"
        if line not in self.warnings:
            self.warnings.append(line)

    def open(self, root: Path) -> Database | None:
        """The folder's database, ready to read; None (with a warning) when it cannot be used."""
        real_root, real_cache = os.path.realpath(root), os.path.realpath(self.folder)
        if real_cache == real_root or real_cache.startswith(real_root.rstrip(os.sep) + os.sep):
            self.warn(f"cache folder {self.folder} is inside the records folder; not caching")
            return None
        try:
            # Records may be confidential: a cache folder made here is the user's alone.
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            self.warn(f"cannot write the cache in {self.folder} ({exc.strerror or exc}); the next run will read every file again")
            return None
        reason = _unsafe_folder(self.folder)
        if reason is not None:
            self.warn(f"the cache folder {self.folder} {reason}; not caching, every file is read")
            return None
        path = self.path_for(root)
        for attempt in (1, 2):
            planted = _planted(path)
            if planted is not None:
                self.warn(f"the cache {planted} is not a plain file (a link?); removed, the cache is rebuilt")
                _remove(path)
                continue
            import sqlite3

            try:
                db = Database(path, real_root, self)
                return db
            except sqlite3.OperationalError as exc:
                if "locked" in str(exc) or "busy" in str(exc):
                    self.warn(f"the cache {path} is locked by another run ({exc}); reading every file")
                    return None
                self.warn(f"cannot use the cache {path} ({exc}); reading every file")
                return None
            except sqlite3.DatabaseError as exc:
                if attempt == 2:
                    self.warn(f"cannot use the cache {path} ({exc}); reading every file")
                    return None
                self.damaged(path, exc)
                _remove(path)
            except _Swapped:
                self.warn(f"the cache {path} changed while it was opened; reading every file")
                return None
        return None

    def damaged(self, path: Path, exc: BaseException) -> None:
        self.warn(f"the cache {path} is damaged ({exc}); ignored, it will be rebuilt")


class Database:
    """An open cache database of one records folder (see the module's description)."""

    def __init__(self, path: Path, root: str, owner: RecordCache) -> None:
        import sqlite3

        self.path, self.owner = path, owner
        before = _identity(path)
        self.con = sqlite3.connect(path, timeout=owner.busy_ms / 1000, isolation_level=None, check_same_thread=False)
        try:
            after = _identity(path)
            if before is not None and after != before or after is None:
                raise _Swapped
            self.con.execute(f"PRAGMA busy_timeout = {int(owner.busy_ms)}")
            self.con.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # before anything is written; else no effect
            if self.con.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                self.con.execute("PRAGMA journal_mode = WAL")
            self.con.execute("PRAGMA synchronous = NORMAL")
            self.con.execute(_META)
            self.con.execute(_FILES)
            key = cache_key()
            meta = dict(self.con.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("key") != key or meta.get("root") != root:
                # Another version of the tool, or another folder under the same name: rebuilt quietly.
                with self.transaction():
                    # Made anew, not emptied: a table of an older layout takes this one's.
                    self.con.execute("DROP TABLE IF EXISTS files")
                    self.con.execute(_FILES)
                    self.con.execute("INSERT OR REPLACE INTO meta VALUES ('key', ?), ('root', ?)", (key, root))
            if _planted(path) is not None:
                raise _Swapped
        except BaseException:
            self.con.close()
            raise

    def rows(self, batch: int = 2000) -> Iterator[tuple[Any, ...]]:
        """Every row as a tuple in Row's order, a few thousand at a time (a hundred thousand
        payloads are never all held)."""
        cursor = self.con.execute(
            "SELECT path, dev, ino, size, mtime_ns, ctime_ns, checked_ns, digest, kind, payload, crc FROM files"
        )
        while True:
            chunk = cursor.fetchmany(batch)
            if not chunk:
                return
            yield from chunk

    def save(self, rows: Iterable[Row], gone: Iterable[bytes], checked: Iterable[tuple[int, bytes]]) -> None:
        """In one transaction: these rows written, the rows of files that are gone deleted, and
        rows whose content was compared again marked as checked then. A failure is a warning."""
        import sqlite3

        rows, gone, checked = list(rows), list(gone), list(checked)
        if not (rows or gone or checked):
            return
        try:
            if _planted(self.path) is not None:
                raise _Swapped
            with self.transaction():
                self.con.executemany(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    ((r.path, r.dev, r.ino, r.size, r.mtime_ns, r.ctime_ns, r.checked_ns, r.digest, r.kind, r.payload, r.crc) for r in rows),
                )
                self.con.executemany("DELETE FROM files WHERE path = ?", ((p,) for p in gone))
                self.con.executemany("UPDATE files SET checked_ns = ? WHERE path = ?", checked)
            self.owner.written, self.owner.removed = len(rows), len(gone)
        except sqlite3.Error as exc:
            self.owner.warn(f"cannot write the cache in {self.owner.folder} ({exc}); the next run will read those files again")
        except _Swapped:
            self.owner.warn(f"the cache {self.path} changed while in use; not written")

    def transaction(self) -> Any:
        return _Transaction(self.con)

    def close(self) -> None:
        self.con.close()


class _Transaction:
    def __init__(self, con: Any) -> None:
        self.con = con

    def __enter__(self) -> None:
        self.con.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *rest: object) -> None:
        self.con.execute("COMMIT" if kind is None else "ROLLBACK")


class _Swapped(Exception):
    """The database file was replaced (by a link, another file) while it was being opened."""


def _unsafe_folder(folder: Path) -> str | None:
    """Why the cache folder cannot be trusted, or None: only its owner may write in it."""
    try:
        st = os.stat(folder)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if not stat.S_ISDIR(st.st_mode):
        return "is not a folder"
    if hasattr(os, "geteuid"):
        if st.st_uid != os.geteuid():
            return "belongs to another user"
        if st.st_mode & 0o022:
            return "is writable by others"
    return None


def _planted(path: Path) -> Path | None:
    """The first of the database's files that is there but not a plain file of its own (a
    symbolic link, a hard link, anything else), or None."""
    for side in _SIDES:
        p = Path(f"{path}{side}")
        try:
            st = os.lstat(p)
        except FileNotFoundError:
            continue
        except OSError:
            return p
        if not stat.S_ISREG(st.st_mode) or st.st_nlink != 1:
            return p
    return None


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISREG(st.st_mode) and st.st_nlink == 1 else (-1, -1)


def _remove(path: Path) -> None:
    """Remove the database's files (a link is removed, never what it points to)."""
    for side in _SIDES:
        try:
            os.unlink(f"{path}{side}")
        except FileNotFoundError:
            pass
        except OSError:
            pass
