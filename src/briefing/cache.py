"""The record cache: each file's parsed and validated record, so that a second run need not parse.

One cache file per records folder, in $BRIEFING_CACHE_DIR or the user's cache folder (never inside
the records folder). It is JSON lines, not pickle: nothing in it runs on load, and every record
read back from it is validated again through the models (`loader` does that).

    line 1        {"briefing-cache": 2, "key": <tool version + schema hash>, "root": <folder>,
                   "scanned_ns": …, "entries": n, "index_bytes": …, "index_crc32": …, "data_bytes": …}
    then          the index: lines of JSON arrays of up to INDEX_LINE entries (n in all), each
                  [path, size, mtime_ns, ctime_ns, [kind, offset, length, crc32, content digest], listing]
    n lines       the payloads, one per line, in the same order (offset counts from the first)

`kind` is "m" (a meeting: payload is the record as JSON, without id and path), "s" (a series) or
"p" (a file with problems: payload is the list of problems, without path). Ids and paths are not
stored: they come from the file's name and from where the command runs. A meeting's `listing`
(see `briefing.listing`) is what the checks and the choice of meetings read: the index is read
a line at a time, a payload only when its record is needed (and checked against its crc32 then).

An entry is used only when the file's size, mtime and ctime are those stored. A file changed less
than two seconds before the cache was written could change again without its mtime moving on a
coarse clock; such entries are checked against the file's content digest before use.

Anything wrong with the cache (unreadable, corrupt, from another version, unwritable) makes it
ignored, or the damaged entry: the loader parses the files, and the caller prints the warnings
collected here.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import msgspec

from briefing.listing import Listing

FORMAT = 2
RACY_NS = 2_000_000_000  # mtime granularity of the coarsest filesystems (FAT: 2 s)
_SCHEMA_MODULES = (
    "model", "dates", "text", "countries", "wording", "keylines", "toml_errors", "cache", "listing",
    "loader/parse", "loader/readback", "loader/folder",
)


@dataclass(frozen=True, slots=True)
class Entry:
    """A file's entry as written: its stat, digest, kind, payload and (meetings) listing."""

    size: int
    mtime_ns: int
    ctime_ns: int
    digest: str
    kind: str  # "m" meeting, "s" series, "p" problems
    payload: bytes  # JSON
    listing: bytes | None = None  # JSON (briefing.listing.encode); None: read the payload instead


class Where(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """What an entry's payload is and where it lies: what is kept of an entry once read."""

    kind: Literal["m", "s", "p"]
    offset: int
    length: int
    crc32: int
    digest: str


class Stored(msgspec.Struct, array_like=True, gc=False):
    """A file's entry as read from the index: where its payload lies, not the payload."""

    rel: str
    size: int
    mtime_ns: int
    ctime_ns: int
    where: Where
    listing: Listing | None  # a meeting's (id and path empty)


_INDEX = msgspec.json.Decoder(list[Stored])
INDEX_LINE = 2048  # index entries per line


def default_dir(env: dict[str, str] | None = None) -> Path | None:
    """$BRIEFING_CACHE_DIR, else the user's cache folder; None when BRIEFING_NO_CACHE is set."""
    env = os.environ if env is None else env
    if env.get("BRIEFING_NO_CACHE", "") not in ("", "0"):
        return None
    if env.get("BRIEFING_CACHE_DIR"):
        return Path(env["BRIEFING_CACHE_DIR"])
    try:
        from platformdirs import user_cache_dir

        return Path(user_cache_dir("briefing", appauthor=False))
    except ImportError:  # pragma: no cover - platformdirs is a dependency
        base = env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        return Path(base) / "briefing"


def tool_key() -> str:
    """The tool's version and a hash of the code that decides what a file validates to.

    The models' schema alone is not enough: cleaning of text, country names and date parsing
    change results too, so the hash covers those modules' source and the libraries they use.
    """
    import pydantic_core

    from briefing import __version__

    h = hashlib.blake2b(digest_size=12)
    h.update(f"{FORMAT}\0{__version__}\0{pydantic_core.__version__}\0".encode())
    here = Path(__file__).resolve().parent
    for name in _SCHEMA_MODULES:
        try:
            h.update((here / f"{name}.py").read_bytes())
        except OSError:
            h.update(name.encode())
    for module in ("tomli", "rtoml", "pycountry"):
        h.update(_package_stamp(module).encode())
    return f"{__version__}-{h.hexdigest()}"


def _package_stamp(module: str) -> str:
    """A library's install, cheaply: the size and mtime of its folder's files (no import)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return f"{module}:missing"
    if spec is None or not spec.origin:
        return f"{module}:missing"
    folder = os.path.dirname(spec.origin)
    stamp = [module]
    try:
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.is_file():
                st = entry.stat()
                stamp.append(f"{entry.name}:{st.st_size}:{st.st_mtime_ns}")
        databases = os.path.join(folder, "databases")
        if os.path.isdir(databases):
            for entry in sorted(os.scandir(databases), key=lambda e: e.name):
                st = entry.stat()
                stamp.append(f"{entry.name}:{st.st_size}:{st.st_mtime_ns}")
    except OSError:
        pass
    return "|".join(stamp)


@dataclass
class RecordCache:
    """The cache of one records folder. Collects warnings instead of raising."""

    folder: Path
    warnings: list[str] = field(default_factory=list)

    def path_for(self, root: Path) -> Path:
        real = os.path.realpath(root)
        name = hashlib.blake2b(real.encode("utf-8", "surrogateescape"), digest_size=10).hexdigest()
        return self.folder / f"records-{name}.jsonl"

    def usable_for(self, root: Path) -> bool:
        """False (with a warning) when the cache folder is inside the records folder."""
        real_root = os.path.realpath(root)
        real_cache = os.path.realpath(self.folder)
        if real_cache == real_root or real_cache.startswith(real_root.rstrip(os.sep) + os.sep):
            self.warn(f"cache folder {self.folder} is inside the records folder; not caching")
            return False
        return True

    def warn(self, message: str) -> None:
        self.warnings.append(f"briefing: warning: {message}")

    # -- reading ---------------------------------------------------------------------------------

    def open(self, root: Path, key: str) -> CacheFile | None:
        """The folder's cache, its header and index checked; None when there is none usable."""
        path = self.path_for(root)
        try:
            f = open(path, "rb")
        except (FileNotFoundError, NotADirectoryError):
            return None  # no cache yet (an unusable folder is reported when writing)
        except OSError as exc:
            self.warn(f"cannot read the cache {path} ({exc.strerror or exc}); reading every file")
            return None
        try:
            return CacheFile(f, path, root, key)
        except _Corrupt as exc:
            f.close()
            self.damaged(path, exc)
        except _OtherVersion:
            f.close()
        except OSError as exc:
            f.close()
            self.warn(f"cannot read the cache {path} ({exc.strerror or exc}); reading every file")
        return None

    def damaged(self, path: Path, exc: BaseException) -> None:
        self.warn(f"the cache {path} is damaged ({exc}); ignored, it will be rebuilt")

    def read(self, root: Path, key: str) -> tuple[dict[str, Entry], int]:
        """Every entry at once, payloads included (for tests and tools): (entries by path, scan
        time) or ({}, 0)."""
        cache = self.open(root, key)
        if cache is None:
            return {}, 0
        try:
            with cache:
                return {s.rel: cache.entry(s) for s in cache.stored()}, cache.scanned_ns
        except (_Corrupt, OSError) as exc:
            self.damaged(cache.path, exc)
            return {}, 0

    # -- writing ---------------------------------------------------------------------------------

    def write(
        self,
        root: Path,
        key: str,
        scanned_ns: int,
        entries: Iterable[tuple[str, Entry | Stored]],
        old: CacheFile | None = None,
    ) -> None:
        """Replace the folder's cache atomically, with these entries in this order; a failure is
        a warning. A `Stored` entry is one of the present cache file `old` (still open) kept as it
        is: an unchanged file, whose payload is copied from the old file as the new one is written.
        """
        from briefing.atomic import WriteError, write_atomic

        path = self.path_for(root)
        index: list[bytes] = []
        payloads: list[bytes | Where] = []
        offset = 0

        def add(head: list[Any], listing: bytes | None, length: int) -> None:
            nonlocal offset
            index.append(msgspec.json.encode(head)[:-1] + b"," + (listing or b"null") + b"]")
            offset += length + 1

        for rel, e in entries:
            if isinstance(e, Stored):
                if old is None:
                    continue
                listing = msgspec.json.encode(e.listing) if e.listing is not None else None  # (as read: id, path empty)
                w = e.where
                add([e.rel, e.size, e.mtime_ns, e.ctime_ns, [w.kind, offset, w.length, w.crc32, w.digest]], listing, w.length)
                payloads.append(w)
                continue
            try:
                head = [rel, e.size, e.mtime_ns, e.ctime_ns, [e.kind, offset, len(e.payload), zlib.crc32(e.payload), e.digest]]
                add(head, e.listing, len(e.payload))
            except UnicodeEncodeError:
                continue  # a file name that is not UTF-8: that file is read every time
            payloads.append(e.payload)
        # The index in lines of a few thousand entries: read a line at a time.
        blob = b"".join(b"[" + b",".join(index[i : i + INDEX_LINE]) + b"]\n" for i in range(0, len(index), INDEX_LINE))
        header = {
            "briefing-cache": FORMAT,
            "key": key,
            "root": os.path.realpath(root),
            "scanned_ns": scanned_ns,
            "entries": len(index),
            "index_bytes": len(blob),
            "index_crc32": zlib.crc32(blob),
            "data_bytes": offset,
        }
        try:
            head_line = msgspec.json.encode(header) + b"\n"
        except UnicodeEncodeError:
            return  # a folder name that is not UTF-8 (on Linux, any bytes are allowed): not cached

        def chunks() -> Iterator[bytes]:
            yield head_line
            yield blob
            for p in payloads:
                yield (p if isinstance(p, bytes) else old.raw(p)) + b"\n"  # type: ignore[union-attr]

        try:
            # Records may be confidential: a cache folder made here is the user's alone.
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_atomic(path, chunks(), overwrite=True)
        except (OSError, WriteError) as exc:
            self.warn(f"cannot write the cache in {self.folder} ({_reason(exc)}); the next run will read every file again")


class CacheFile:
    """An open cache file: its header and index read and checked; payloads read when asked for
    (`payload` raises `CacheDamaged` for one that does not match its checksum)."""

    def __init__(self, f: Any, path: Path, root: Path, key: str) -> None:
        self.f, self.path = f, path
        head = f.readline()
        try:
            header = msgspec.json.decode(head)
        except ValueError:  # msgspec.DecodeError, and UnicodeDecodeError for bytes that are not UTF-8
            raise _Corrupt("unreadable first line") from None
        if not isinstance(header, dict) or not isinstance(header.get("briefing-cache"), int):
            raise _Corrupt("not a briefing cache")
        if header["briefing-cache"] != FORMAT:
            raise _OtherVersion  # made by another version of the tool: quietly rebuilt
        if header.get("key") != key or header.get("root") != os.path.realpath(root):
            raise _OtherVersion  # another version of the tool, or another folder: quietly rebuilt
        numbers = [header.get(k) for k in ("scanned_ns", "entries", "index_bytes", "index_crc32", "data_bytes")]
        if not all(type(n) is int and n >= 0 for n in numbers):
            raise _Corrupt("unreadable first line")
        self.scanned_ns, entries, index_bytes, crc, data_bytes = numbers
        self.data_start = len(head) + index_bytes
        if os.fstat(f.fileno()).st_size != self.data_start + data_bytes:
            raise _Corrupt("incomplete, or data after the end")
        self.entries, self.data_bytes, self._index_at = entries, data_bytes, (len(head), index_bytes, crc)
        # Checked now, so that a damaged cache is known before anything is taken from it, and
        # kept for the first reading of the entries (a cache being rewritten reads them again).
        self._checked: bytes | None = self._index()

    def _index(self) -> bytes:
        start, size, crc = self._index_at
        blob = os.pread(self.f.fileno(), size, start)
        if len(blob) != size or zlib.crc32(blob) != crc:
            raise _Corrupt("checksum does not match")
        return blob

    def stored(self) -> Iterator[Stored]:
        """The entries, read a line of the index at a time (a hundred thousand are never all in
        memory at once). Raises CacheDamaged for an index that does not read, even midway."""
        blob, self._checked = self._checked or self._index(), None
        view = memoryview(blob)  # lines are decoded where they lie, not copied
        start, count = 0, 0
        while start < len(blob):
            end = blob.find(b"\n", start)
            if end < 0:
                raise _Corrupt("the index cannot be read")
            try:
                line = _INDEX.decode(view[start:end])
            except ValueError:  # msgspec's errors, bytes that are not UTF-8
                raise _Corrupt("the index cannot be read") from None
            # (kinds are checked as they are decoded; a payload out of place fails its crc32)
            count += len(line)
            yield from line
            start = end + 1
        if count != self.entries:
            raise _Corrupt("wrong number of entries")

    def __enter__(self) -> CacheFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.f.close()

    def raw(self, s: Where) -> bytes:
        """The payload's bytes as stored (not checked)."""
        return os.pread(self.f.fileno(), s.length, self.data_start + s.offset)

    def payload(self, s: Where) -> bytes:
        data = self.raw(s)
        if len(data) != s.length or zlib.crc32(data) != s.crc32:
            raise _Corrupt("an entry does not match its checksum")
        return data

    def entry(self, s: Stored) -> Entry:
        listing = msgspec.json.encode(s.listing) if s.listing is not None else None
        w = s.where
        return Entry(s.size, s.mtime_ns, s.ctime_ns, w.digest, w.kind, self.payload(w), listing)


class _Corrupt(Exception):
    pass


CacheDamaged = _Corrupt  # raised by CacheFile.stored and CacheFile.payload


class _OtherVersion(Exception):
    pass


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)
