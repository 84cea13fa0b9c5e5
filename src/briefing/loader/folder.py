"""One load of a folder: which files the cache answers, parsing the others, saving the changes."""

from __future__ import annotations

import os
import sqlite3
import zlib
from pathlib import Path

from briefing.cache import RACY_NS, Database, RecordCache, Row
from briefing.loader.parallel import PARALLEL_MIN_FILES, Answer, parse_in_workers
from briefing.loader.parse import NO_PROBLEMS, FileResult, digest_of, load_found, read_file
from briefing.loader.readback import KINDS, payload_of, problems_from, records_from
from briefing.loader.scan import Found

BATCH = 2000  # records decoded per call
SHARE_FROM = 20_000  # files in a folder from which repeated values are shared (readback.share)


class FolderLoad:
    """`run` answers every file: from the cache's row where it is still good, else parsed (by
    `workers` processes: None for one per core when enough files need parsing, a number given is
    used whatever their number). Every record comes out as a struct, decoded from the JSON the
    cache keeps, whether it was parsed now or before: the two ways give the same records."""

    def __init__(self, root: Path, files: list[Found], cache: RecordCache | None, workers: int | None, scanned_ns: int) -> None:
        self.root, self.files, self.cache, self.workers, self.scanned_ns = root, files, cache, workers, scanned_ns
        self.results: list[FileResult | None] = [None] * len(files)
        self.db: Database | None = None
        self.rows: list[Row] = []  # to write: files parsed this time
        self.gone: list[bytes] = []  # rows of files no longer there
        self.checked: list[tuple[int, bytes]] = []  # rows whose file was compared by content
        # To decode: (file, payload, digest, whether it came from the cache).
        self.pending: dict[str, list[tuple[int, bytes, str, bool]]] = {"m": [], "s": []}
        self.parsed = 0  # files read and parsed (not answered by the cache)
        # Values met in the records decoded so far (readback.share), in a folder big enough for
        # the memory they take to matter more than the time sharing them costs.
        self.shared: dict[object, object] | None = {} if len(files) >= SHARE_FROM else None

    def run(self) -> list[FileResult]:
        if self.cache is not None:
            self.db = self.cache.open(self.root)
        try:
            if self.db is not None:
                self._from_cache()
            todo = [i for i, r in enumerate(self.results) if r is None]
            self._parse(todo)
            if self.db is not None:
                self.db.save(self.rows, self.gone, self.checked)
        finally:
            if self.db is not None:
                self.db.close()
        return self.results  # type: ignore[return-value]

    # -- from the cache --------------------------------------------------------------------------

    def _from_cache(self) -> None:
        assert self.db is not None and self.cache is not None
        files, results = self.files, self.results
        index = {os.fsencode(f.rel): i for i, f in enumerate(files)}
        try:
            for path, dev, ino, size, mtime_ns, ctime_ns, checked_ns, digest, kind, payload, crc in self.db.rows():
                i = index.get(path)
                if i is None:
                    self.gone.append(path)
                    continue
                f = files[i]
                if (dev, ino, size, mtime_ns, ctime_ns) != (f.dev, f.ino, f.size, f.mtime_ns, f.ctime_ns):
                    continue  # changed: parsed, and its row replaced
                latest = max(f.mtime_ns, f.ctime_ns)
                if latest >= checked_ns - RACY_NS:
                    # Changed close to when it was looked at: trust the content, not the clock.
                    raw, _ = read_file(f.path, f.shown)
                    if raw is None or digest_of(raw) != digest:
                        continue
                    if latest < self.scanned_ns - RACY_NS:
                        self.checked.append((self.scanned_ns, path))
                if zlib.crc32(payload) != crc:
                    self._unusable(i, "does not match its checksum")
                    continue
                if kind == "p":
                    try:
                        results[i] = FileResult(None, problems_from(payload, f), digest)
                    except ValueError:
                        self._unusable(i)
                elif kind == KINDS.get(f.kind):
                    self._decode_later(kind, i, payload, digest)
                else:
                    self._unusable(i)
            self._decode()
        except sqlite3.DatabaseError as exc:
            self.cache.damaged(self.db.path, exc)
            self.results = [None] * len(files)
            self.pending = {"m": [], "s": []}
            self.gone, self.checked = [], []
            self.db.close()
            from briefing.cache import _remove

            _remove(self.db.path)
            self.db = self.cache.open(self.root)  # rebuilt from what is parsed now

    def _unusable(self, i: int, why: str = "does not validate") -> None:
        assert self.cache is not None
        self.cache.warn(f"the cache entry for {self.files[i].shown} {why}; read the file instead")

    def _decode_later(self, kind: str, i: int, payload: bytes, digest: str, cached: bool = True) -> None:
        self.pending[kind].append((i, payload, digest, cached))
        if len(self.pending[kind]) >= BATCH:
            self._decode(kind)

    def _decode(self, *kinds: str) -> None:
        """Decode the records waiting (an entry that does not decode: its file is parsed)."""
        for kind in kinds or ("m", "s"):
            batch, self.pending[kind] = self.pending[kind], []
            records = records_from(kind, [(self.files[i], payload) for i, payload, _, _ in batch], self.shared)
            for (i, _, digest, cached), record in zip(batch, records):
                if record is not None:
                    self.results[i] = FileResult(record, NO_PROBLEMS, digest)
                elif cached:
                    self._unusable(i)

    # -- parsing ---------------------------------------------------------------------------------

    def _parse(self, todo: list[int]) -> None:
        workers = self.workers if self.workers is not None else _cores()
        if workers > 1 and (len(todo) >= PARALLEL_MIN_FILES or self.workers is not None) and len(todo) > 1:
            try:
                parse_in_workers(self.files, todo, workers, self._parse_here, self._take)
            except OSError:
                pass  # cannot start a process: what the workers did not do is done here
        self._decode()
        for i in todo:
            if self.results[i] is None:
                self._parse_here(i)
        self._decode()
        for i in todo:  # a record that does not decode from its own JSON: cannot be, but kept safe
            if self.results[i] is None:
                result = load_found(self.files[i])
                self.results[i] = FileResult(None, result.problems, result.digest)

    def _parse_here(self, i: int) -> None:
        result = load_found(self.files[i])
        kind, payload = payload_of(result)
        self._answer(i, result.digest, kind, payload, result.problems)

    def _take(self, chunk: list[int], answers: list[Answer]) -> None:
        """A worker's answers for a chunk."""
        for i, (digest, kind, payload) in zip(chunk, answers):
            problems = problems_from(payload, self.files[i]) if kind == "p" else NO_PROBLEMS
            self._answer(i, digest, kind, payload, problems)

    def _answer(self, i: int, digest: str, kind: str, payload: bytes, problems: list) -> None:  # type: ignore[type-arg]
        self.parsed += 1
        f = self.files[i]
        if kind == "p":
            self.results[i] = FileResult(None, problems, digest)
        else:
            self._decode_later(kind, i, payload, digest, cached=False)
        if self.db is not None and digest:  # an unreadable file is tried again next time
            row = Row(
                os.fsencode(f.rel), f.dev, f.ino, f.size, f.mtime_ns, f.ctime_ns, self.scanned_ns,
                digest, kind, payload, zlib.crc32(payload),
            )
            self.rows.append(row)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
