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
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

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
    for module in ("tomli", "pycountry"):
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

    def read(self, root: Path, key: str) -> tuple[dict[str, Entry], int]:
        """(entries by path, when the files were scanned) or ({}, 0) if there is no usable cache."""
        path = self.path_for(root)
        try:
            f = open(path, "rb")
        except (FileNotFoundError, NotADirectoryError):
            return {}, 0  # no cache yet (an unusable folder is reported when writing)
        except OSError as exc:
            self.warn(f"cannot read the cache {path} ({exc.strerror or exc}); reading every file")
            return {}, 0
        try:
            with f:
                return self._parse(f, root, key, path)
        except OSError as exc:
            self.warn(f"cannot read the cache {path} ({exc.strerror or exc}); reading every file")
        except _Corrupt as exc:
            self.warn(f"the cache {path} is damaged ({exc}); ignored, it will be rebuilt")
        except ValueError:  # msgspec raises UnicodeDecodeError, not DecodeError, on bytes that are not UTF-8
            self.warn(f"the cache {path} is damaged (not UTF-8 text); ignored, it will be rebuilt")
        return {}, 0

    def _parse(self, lines: Iterable[bytes], root: Path, key: str, path: Path) -> tuple[dict[str, Entry], int]:
        import msgspec

        it = iter(lines)
        head = next(it, b"")
        try:
            header = msgspec.json.decode(head)
        except msgspec.DecodeError:
            raise _Corrupt("unreadable first line") from None
        if not isinstance(header, dict) or header.get("briefing-cache") != FORMAT:
            raise _Corrupt("not a briefing cache")
        if header.get("key") != key or header.get("root") != os.path.realpath(root):
            return {}, 0  # another version of the tool, or another folder: quietly rebuilt
        scanned = header.get("scanned_ns")
        if not isinstance(scanned, int):
            raise _Corrupt("no scan time")
        entries: dict[str, Entry] = {}
        crc = zlib.crc32(head)
        decoder = msgspec.json.Decoder(tuple[str, int, int, int, str, str, msgspec.Raw])
        trailer = None
        for line in it:
            if line.startswith(b"{"):
                trailer = line
                break
            crc = zlib.crc32(line, crc)
            try:
                rel, size, mtime, ctime, digest, kind, payload = decoder.decode(line)
            except (msgspec.DecodeError, msgspec.ValidationError):
                raise _Corrupt(f"line {len(entries) + 2} cannot be read") from None
            if kind not in ("m", "s", "p"):
                raise _Corrupt(f"line {len(entries) + 2}: unknown kind")
            entries[rel] = Entry(size, mtime, ctime, digest, kind, bytes(payload))
        if trailer is None or next(it, None) is not None:
            raise _Corrupt("incomplete")
        try:
            end = msgspec.json.decode(trailer)
        except msgspec.DecodeError:
            raise _Corrupt("unreadable last line") from None
        if not isinstance(end, dict) or end.get("entries") != len(entries) or end.get("crc32") != crc:
            raise _Corrupt("checksum does not match")
        return entries, scanned

    # -- writing ---------------------------------------------------------------------------------

    def write(self, root: Path, key: str, scanned_ns: int, entries: Iterable[tuple[str, Entry]]) -> None:
        """Replace the folder's cache atomically; a failure is a warning."""
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
        for rel, entry in entries:
            try:
                line = entry.line(rel)
            except UnicodeEncodeError:
                continue  # a file name that is not UTF-8: that file is read every time
            crc = zlib.crc32(line, crc)
            chunks.append(line)
            count += 1
        chunks.append(msgspec.json.encode({"entries": count, "crc32": crc}) + b"\n")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(path, b"".join(chunks), overwrite=True)
        except (OSError, WriteError) as exc:
            self.warn(f"cannot write the cache in {self.folder} ({_reason(exc)}); the next run will read every file again")


class _Corrupt(Exception):
    pass


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)

