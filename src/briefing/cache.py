"""The record cache: each file's parsed and validated record, so that a second run need not parse.

One cache file per records folder, in $BRIEFING_CACHE_DIR or the user's cache folder (never inside
the records folder). It is JSON lines, not pickle: nothing in it runs on load, and every record
read back from it is validated again through the models (`loader` does that).

    line 1   {"briefing-cache": 1, "key": <tool version + schema hash>, "root": <folder>, "scanned_ns": …}
    then     [path, size, mtime_ns, ctime_ns, content digest, kind, payload]   one per file
    last     {"entries": n, "crc32": <of every line before this one>}

`kind` is "m" (a meeting: payload is the record as JSON, without id and path), "s" (a series) or
"p" (a file with problems: payload is the list of problems, without path). Ids and paths are not
stored: they come from the file's name and from where the command runs.

An entry is used only when the file's size, mtime and ctime are those stored. A file changed less
than two seconds before the cache was written could change again without its mtime moving on a
coarse clock; such entries are checked against the file's content digest before use.

Anything wrong with the cache (unreadable, corrupt, from another version, unwritable) makes it
ignored: the loader parses the files, and the caller prints the warnings collected here.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT = 1
RACY_NS = 2_000_000_000  # mtime granularity of the coarsest filesystems (FAT: 2 s)
_SCHEMA_MODULES = ("model", "dates", "text", "countries", "loader", "keylines", "toml_errors", "cache")


@dataclass(frozen=True, slots=True)
class Entry:
    size: int
    mtime_ns: int
    ctime_ns: int
    digest: str
    kind: str  # "m" meeting, "s" series, "p" problems
    payload: bytes  # JSON

    def line(self, rel: str) -> bytes:
        import msgspec

        head = msgspec.json.encode([rel, self.size, self.mtime_ns, self.ctime_ns, self.digest, self.kind])
        return head[:-1] + b"," + self.payload + b"]\n"


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
        """The folder's cache, ready to be read entry by entry; None when there is none usable."""
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
        """Every entry at once (for tests and tools): (entries by path, scan time) or ({}, 0)."""
        cache = self.open(root, key)
        if cache is None:
            return {}, 0
        try:
            with cache:
                return dict(cache), cache.scanned_ns
        except (_Corrupt, OSError) as exc:
            self.damaged(cache.path, exc)
            return {}, 0

    # -- writing ---------------------------------------------------------------------------------

    def write(
        self,
        root: Path,
        key: str,
        scanned_ns: int,
        entries: Iterable[tuple[str, Entry]],
        keep: dict[str, tuple[int, int, int, str]] | None = None,
    ) -> None:
        """Replace the folder's cache atomically; a failure is a warning.

        `keep` names entries of the present cache file to copy as they are (path → size, mtime,
        ctime, digest): unchanged files, whose records need not be held in memory to be rewritten.
        """
        import msgspec

        from briefing.atomic import WriteError, write_atomic

        path = self.path_for(root)
        header = {"briefing-cache": FORMAT, "key": key, "root": os.path.realpath(root), "scanned_ns": scanned_ns}
        try:
            chunks = [msgspec.json.encode(header) + b"\n"]
        except UnicodeEncodeError:
            return  # a folder name that is not UTF-8 (on Linux, any bytes are allowed): not cached
        crc = zlib.crc32(chunks[0])
        count = 0
        lines = []
        for rel, entry in entries:
            try:
                lines.append(entry.line(rel))
            except UnicodeEncodeError:
                continue  # a file name that is not UTF-8: that file is read every time
        if keep:
            lines += self._kept_lines(root, key, keep)
        for line in lines:
            crc = zlib.crc32(line, crc)
            chunks.append(line)
            count += 1
        chunks.append(msgspec.json.encode({"entries": count, "crc32": crc}) + b"\n")
        try:
            # Records may be confidential: a cache folder made here is the user's alone.
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_atomic(path, b"".join(chunks), overwrite=True)
        except (OSError, WriteError) as exc:
            self.warn(f"cannot write the cache in {self.folder} ({_reason(exc)}); the next run will read every file again")

    def _kept_lines(self, root: Path, key: str, keep: dict[str, tuple[int, int, int, str]]) -> list[bytes]:
        """Lines of the present cache for the entries to keep (any that changed meanwhile are left out)."""
        cache = self.open(root, key)
        if cache is None:
            return []
        kept = []
        try:
            with cache:
                for rel, line, entry in cache.lines():
                    if keep.get(rel) == (entry.size, entry.mtime_ns, entry.ctime_ns, entry.digest):
                        kept.append(line)
        except (_Corrupt, OSError):
            return []  # rewritten by another run meanwhile: those files are parsed again next time
        return kept


class CacheFile:
    """An open cache file: its header read, its entries read one by one as they are asked for.

    Reading to the end checks the last line (count and checksum); a damaged file raises
    `CacheDamaged` then, so a reader must be ready to throw away what it took from it.
    """

    def __init__(self, f: Any, path: Path, root: Path, key: str) -> None:
        import msgspec

        self.f, self.path = f, path
        head = f.readline()
        try:
            header = msgspec.json.decode(head)
        except ValueError:  # msgspec.DecodeError, and UnicodeDecodeError for bytes that are not UTF-8
            raise _Corrupt("unreadable first line") from None
        if not isinstance(header, dict) or header.get("briefing-cache") != FORMAT:
            raise _Corrupt("not a briefing cache")
        if header.get("key") != key or header.get("root") != os.path.realpath(root):
            raise _OtherVersion  # another version of the tool, or another folder: quietly rebuilt
        scanned = header.get("scanned_ns")
        if not isinstance(scanned, int):
            raise _Corrupt("no scan time")
        self.scanned_ns: int = scanned
        self._crc = zlib.crc32(head)

    def __enter__(self) -> CacheFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.f.close()

    def __iter__(self) -> Iterator[tuple[str, Entry]]:
        for rel, _, entry in self.lines():
            yield rel, entry

    def lines(self) -> Iterator[tuple[str, bytes, Entry]]:
        import msgspec

        decoder = msgspec.json.Decoder(tuple[str, int, int, int, str, str, msgspec.Raw])
        crc, count = self._crc, 0
        for line in self.f:
            if line.startswith(b"{"):
                self._end(line, count, crc)
                return
            crc = zlib.crc32(line, crc)
            count += 1
            try:
                rel, size, mtime, ctime, digest, kind, payload = decoder.decode(line)
            except ValueError:  # msgspec's errors, and UnicodeDecodeError for bytes that are not UTF-8
                raise _Corrupt(f"line {count + 1} cannot be read") from None
            if kind not in ("m", "s", "p"):
                raise _Corrupt(f"line {count + 1}: unknown kind")
            yield rel, line, Entry(size, mtime, ctime, digest, kind, bytes(payload))
        raise _Corrupt("incomplete")

    def _end(self, line: bytes, count: int, crc: int) -> None:
        import msgspec

        if self.f.read(1):
            raise _Corrupt("data after the last line")
        try:
            end = msgspec.json.decode(line)
        except ValueError:
            raise _Corrupt("unreadable last line") from None
        if not isinstance(end, dict) or end.get("entries") != count or end.get("crc32") != crc:
            raise _Corrupt("checksum does not match")


class _Corrupt(Exception):
    pass


CacheDamaged = _Corrupt  # raised while reading a CacheFile


class _OtherVersion(Exception):
    pass


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)

