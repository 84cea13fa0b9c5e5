"""One load of a folder: which files the cache answers, parsing the others, saving the cache."""

from __future__ import annotations

import os
from pathlib import Path

from briefing.cache import RACY_NS, CacheDamaged, CacheFile, Entry, RecordCache, Stored, Where
from briefing.dates import FuzzyDate, _parse_text
from briefing.listing import encode
from briefing.loader.parallel import PARALLEL_MIN_FILES, Answer, parse_in_workers
from briefing.loader.parse import NO_PROBLEMS, FileResult, digest_of, load_found, read_file, result_of
from briefing.loader.readback import payload_of, problems_from, records_from, with_place
from briefing.loader.scan import Found
from briefing.model import Meeting, Problem, Series
from briefing.text import clean

BATCH = 2000  # records validated per call when read back as JSON


class FolderLoad:
    """`run` answers every file: series and problems in full, meetings by their listing (the record
    itself when it was parsed, or read from a cache entry without a listing). `meetings` then
    reads back from the cache the records asked for; `save` rewrites the cache if it changed.

    `workers`: processes to parse in (None: one per core, when enough files need parsing).
    """

    def __init__(self, root: Path, files: list[Found], cache: RecordCache | None, workers: int | None, scanned_ns: int) -> None:
        self.root, self.files, self.cache, self.scanned_ns = root, files, cache, scanned_ns
        self.workers = workers
        self.results: list[FileResult | None] = [None] * len(files)
        self.entries: dict[str, Entry] = {}  # new entries for the cache (files parsed this time)
        self.kept: dict[int, Where] = {}  # entries of the cache still good, by file
        self.source: CacheFile | None = None  # the cache file read, open until the end
        self.failed: list[int] = []  # files whose cache entry did not validate, and now fail to load
        self.dirty = False  # the cache on disk differs from what it should hold
        self.key = ""
        self.parsed = 0  # files read and parsed (not answered by the cache)

    def run(self) -> list[FileResult]:
        use_cache = self.cache is not None and self.cache.usable_for(self.root)
        if use_cache:
            from briefing.cache import tool_key

            self.key = tool_key()
            self._from_cache()
        else:
            self.cache = None
        todo = [i for i, r in enumerate(self.results) if r is None]
        self.dirty = self.dirty or bool(todo)
        self._parse(todo, want_payload=use_cache)
        return self.results  # type: ignore[return-value]

    def meetings(self, positions: list[int]) -> list[Meeting]:
        """The records of these files (meetings), reading from the cache those not read yet."""
        unread = [i for i in positions if self.results[i].record is None]  # type: ignore[union-attr]
        for start in range(0, len(unread), BATCH):
            self._read_back(unread[start : start + BATCH])
        return [r.record for r in (self.results[i] for i in positions) if isinstance(r.record, Meeting)]  # type: ignore[union-attr]

    def save(self) -> None:
        if self.cache is None or not self.dirty:
            return
        kept: dict[str, Stored] = {}
        if self.source is not None and self.kept:
            wanted = {self.files[i].rel: where for i, where in self.kept.items()}
            try:
                for s in self.source.stored():  # read again: entries are not held meanwhile
                    where = wanted.pop(s.rel, None)
                    if where is not None and where == s.where:
                        kept[s.rel] = s
            except (CacheDamaged, OSError):
                kept = {}  # changed under us: those files are parsed again next time
        # In the order of the scan, which the next run reads them in (see _take_index).
        ordered: list[tuple[str, Entry | Stored]] = []
        for f in self.files:
            entry: Entry | Stored | None = self.entries.get(f.rel) or kept.get(f.rel)
            if entry is not None:
                ordered.append((f.rel, entry))
        self.cache.write(self.root, self.key, self.scanned_ns, ordered, self.source)

    def close(self) -> None:
        if self.source is not None:
            self.source.close()

    # -- from the cache --------------------------------------------------------------------------

    def _from_cache(self) -> None:
        """Answer from the cache's index every file it has unchanged: meetings by their listing,
        series and meetings without a listing validated now, problems as stored."""
        cache = self.cache.open(self.root, self.key)  # type: ignore[union-attr]
        if cache is None:
            return
        self.source = cache
        try:
            now = self._take_index(cache)
        except (CacheDamaged, OSError) as exc:  # only an index that is well-formed JSON but not ours
            self.cache.damaged(cache.path, exc)  # type: ignore[union-attr]
            self.results = [None] * len(self.files)
            self.kept.clear()
            self.dirty = True
            self.source = None
            cache.close()
            return
        for start in range(0, len(now), BATCH):
            self._read_back(now[start : start + BATCH])

    def _take_index(self, cache: CacheFile) -> list[int]:
        """Take every usable entry of the index; return the files whose records are read now."""
        files = self.files
        index: dict[str, int] | None = None  # made only if the cache is not in the scan's order
        j = 0  # where the next entry is expected in the scan
        now: list[int] = []  # records to validate at once
        series: dict[str, str] = {}  # one string for each series id, shared by its meetings
        dates: dict[str, FuzzyDate] = {}  # each date parsed once
        racy_before = cache.scanned_ns - RACY_NS
        for s in cache.stored():
            if j < len(files) and files[j].rel == s.rel:
                i = j
            else:
                if index is None:
                    index = {f.rel: k for k, f in enumerate(files)}
                k = index.get(s.rel)
                if k is None:
                    self.dirty = True  # a file removed since
                    continue
                i = k
            j = i + 1
            if i in self.kept:
                self.dirty = True  # twice in the index: the first is taken
                continue
            found, where = files[i], s.where
            if not where.digest or s.size != found.size or s.mtime_ns != found.mtime_ns or s.ctime_ns != found.ctime_ns:
                continue
            if s.mtime_ns >= racy_before:
                # Changed close to when the cache was made: trust the content, not the clock.
                raw, _ = read_file(found.path, found.shown)
                if raw is None or digest_of(raw) != where.digest:
                    continue
                self.dirty = self.dirty or s.mtime_ns < self.scanned_ns - RACY_NS
            self.kept[i] = where
            listing = s.listing
            if listing is None or where.kind != "m":
                now.append(i)
                continue
            try:
                date = dates.get(listing.when)
                listing.date = date if date is not None else dates.setdefault(listing.when, _parse_text(listing.when))
            except ValueError:  # a date that does not parse: not what was written
                self._reparse(i)
                continue
            stem, shown = found.stem, found.shown
            if not (stem.isprintable() and shown.isprintable()):  # (as clean does, at C speed)
                stem, shown = clean(stem), clean(shown)
            listing.id, listing.path = stem, shown
            if listing.series is not None:
                listing.series = series.setdefault(listing.series, listing.series)
            self.results[i] = FileResult(None, NO_PROBLEMS, where.digest, listing)
        return now

    def _read_back(self, batch: list[int]) -> None:
        """Validate these files' stored records back through the models (problems: read as
        stored). An entry that is damaged or does not validate is dropped, and the file parsed."""
        assert self.source is not None
        todo: dict[str, list[tuple[int, bytes]]] = {"m": [], "s": []}
        for i in batch:
            s = self.kept[i]
            try:
                payload = self.source.payload(s)
            except (CacheDamaged, OSError) as exc:
                self.cache.damaged(self.source.path, exc)  # type: ignore[union-attr]
                self._reparse(i, warn=False)
                continue
            if s.kind == "p":
                try:
                    self.results[i] = FileResult(None, problems_from(payload, self.files[i]), s.digest)
                except ValueError:
                    self._reparse(i)
            else:
                todo[s.kind].append((i, payload))
        for kind, model in (("m", Meeting), ("s", Series)):
            for (i, _), record in zip(todo[kind], self._records(todo[kind], model)):
                had = self.results[i]
                if record is None:
                    self._reparse(i)  # does not validate
                elif had is not None and had.listing is not None:
                    # Its listing (read with it, checked by the index's crc32) stays the one the
                    # checks and the choice of meetings used.
                    self.results[i] = FileResult(record, [], had.digest, had.listing)
                else:
                    self.results[i] = result_of(record, [], self.kept[i].digest)

    def _records(self, batch: list[tuple[int, bytes]], model: type[Meeting] | type[Series]) -> list[Meeting | Series | None]:
        return records_from([with_place(payload, self.files[i]) for i, payload in batch], model)

    def _reparse(self, i: int, *, warn: bool = True) -> None:
        """A cache entry that cannot be used: read the file instead (and rewrite the cache)."""
        found = self.files[i]
        self.kept.pop(i, None)
        self.dirty = True
        if warn and self.cache is not None:
            self.cache.warn(f"the cache entry for {found.shown} does not validate; read the file instead")
        had = self.results[i]
        self._parse_here(i, want_payload=True)
        if had is not None and had.listing is not None and self.results[i].listing != had.listing:  # type: ignore[union-attr]
            # Its listing was used already (checks, choice): the file now says otherwise.
            self.failed.append(i)
            self.results[i] = FileResult(None, [_changed(found)], self.results[i].digest)  # type: ignore[union-attr]

    # -- parsing ---------------------------------------------------------------------------------

    def _parse(self, todo: list[int], *, want_payload: bool) -> None:
        workers = self.workers if self.workers is not None else _cores()
        if workers > 1 and (len(todo) >= PARALLEL_MIN_FILES or self.workers is not None):
            from concurrent.futures.process import BrokenProcessPool

            try:
                parse_in_workers(
                    self.files, todo, workers,
                    lambda i: self._parse_here(i, want_payload=want_payload),
                    lambda chunk, answers: self._take(chunk, answers, want_payload),
                )
                return
            except (OSError, BrokenProcessPool, RuntimeError):
                todo = [i for i in todo if self.results[i] is None]  # finish what the pool did not
        for i in todo:
            self._parse_here(i, want_payload=want_payload)

    def _remember(self, found: Found, result: FileResult, kind: str, payload: bytes) -> None:
        listing = encode(result.listing) if result.listing is not None else None
        self.entries[found.rel] = Entry(found.size, found.mtime_ns, found.ctime_ns, result.digest, kind, payload, listing)

    def _parse_here(self, i: int, *, want_payload: bool) -> None:
        found = self.files[i]
        result = load_found(found)
        self.parsed += 1
        self.results[i] = result
        if want_payload and result.digest:
            kind, payload = payload_of(result)
            self._remember(found, result, kind, payload)

    def _take(self, chunk: list[int], answers: list[Answer], want_payload: bool) -> None:
        """A worker's answers for a chunk: validate its records here (through the models)."""
        records: dict[str, list[tuple[int, bytes]]] = {"m": [], "s": []}
        self.parsed += len(answers)
        for i, (digest, kind, payload) in zip(chunk, answers):
            if kind == "p":
                result = FileResult(None, problems_from(payload, self.files[i]), digest)
                self.results[i] = result
                if want_payload and digest:  # an unreadable file is tried again next time
                    self._remember(self.files[i], result, kind, payload)
            else:
                records[kind].append((i, payload))
        digests = {i: answer[0] for i, answer in zip(chunk, answers)}
        for kind, model in (("m", Meeting), ("s", Series)):
            for (i, payload), record in zip(records[kind], self._records(records[kind], model)):
                digest = digests[i]
                if record is None:  # cannot be: it was just validated
                    self._parse_here(i, want_payload=want_payload)
                    continue
                result = result_of(record, [], digest)
                self.results[i] = result
                if want_payload:
                    self._remember(self.files[i], result, kind, payload)


def _changed(found: Found) -> Problem:
    return Problem(path=found.shown, message="changed while it was being read; run the command again")


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
