"""Folder → (records, problems). Never raises on user data.

Every file is read on its own: a bad file becomes one or more `Problem`s with its path and line,
and the other files keep working. Cross-file checks (duplicate ids, clashing series rounds,
references that point nowhere, held meetings dated in the future) run on what loaded.

The parts, one job each: `scan` (which files are records), `parse` (one file's bytes to a record
or its problems; the words of a problem come from `briefing.wording`), `readback` (what the cache
keeps of a file), `parallel` (parsing in worker processes), `folder` (one load of a folder with
its cache). This module puts them together: `load`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefing.cache import RecordCache
from briefing.listing import Listing, needed
from briefing.loader.gc import gc_paused
from briefing.loader.parse import MAX_FILE_BYTES, FileResult, load_file, parse_record
from briefing.loader.scan import SERIES_DIR, discover, is_series_file, scan_folder, shown_path
from briefing.model import SETTINGS_FILE, FolderSettings, Meeting, Problem, Series, Severity
from briefing.wording import validation_problems

__all__ = [
    "MAX_FILE_BYTES", "SERIES_DIR", "Choice", "FileResult", "LoadResult", "bundled_records", "discover",
    "is_series_file", "load", "load_file", "parse_record", "records_dir", "shown_path", "validation_problems",
]

# Given the series, which meetings a command needs (None: all of them).
Choice = Callable[[tuple[Series, ...]], Callable[[Listing], bool] | None]


@dataclass(frozen=True)
class LoadResult:
    meetings: tuple[Meeting, ...]  # every meeting, or those asked for (see `load`)
    series: tuple[Series, ...]
    problems: tuple[Problem, ...]
    files: int = 0
    skipped: tuple[str, ...] = field(default=())  # files that failed to load
    digest: str = ""  # short hash of every file's path and content: which data a report came from
    listings: tuple[Listing, ...] = ()  # every meeting that loaded, in brief
    parsed: int = field(default=0, compare=False)  # files read and parsed, not taken from the cache
    settings: FolderSettings | None = None  # briefing.toml at the top of the folder, if it loaded

    @property
    def count(self) -> int:
        """Meetings on record (all that loaded, whichever were asked for)."""
        return len(self.listings)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.warning)


# -- where records come from -------------------------------------------------------------------


def bundled_records() -> Path:
    """The records that ship with the tool: inside the wheel, or the checkout's `records/`."""
    here = Path(__file__).resolve().parent.parent  # the briefing package
    inside = here / "records"
    if inside.is_dir():
        return inside
    return here.parent.parent / "records"


def records_dir(option: Path | None, env: dict[str, str] | None = None, cwd: Path | None = None) -> Path:
    """--records, else $BRIEFING_RECORDS, else ./records if it exists, else the bundled records."""
    if option is not None:
        return option
    env = os.environ if env is None else env
    if env.get("BRIEFING_RECORDS"):
        return Path(env["BRIEFING_RECORDS"])
    local = (cwd or Path.cwd()) / "records"
    if local.is_dir():
        return local
    return bundled_records()


# -- the folder --------------------------------------------------------------------------------


def load(
    root: Path,
    today: dt.date,
    cache: RecordCache | None = None,
    *,
    workers: int | None = None,
    want: Choice | None = None,
    linked: bool = True,
) -> LoadResult:
    """Load the records under root and run the cross-file checks.

    With a cache, files unchanged since the last run are taken from it (validated again through
    the models) instead of being parsed; the result is the same either way. Files to parse are
    parsed by `workers` processes (default: one per core, when there are enough of them to pay
    off; a number given is used whatever the number of files).

    `want`, given the series, may return which meetings the caller needs (a test on a `Listing`):
    then only those, and the meetings a report may look up from them (`listing.needed`; not with
    `linked=False`, for a report that looks nothing up), are in `meetings`, and only those are
    read back from the cache in full. The checks, the count, the digest and the problems always
    cover every file.
    """
    from briefing.loader.folder import FolderLoad

    if not root.exists():
        return LoadResult((), (), (Problem(path=str(root), message="records folder does not exist"),))
    if not root.is_dir():
        return LoadResult((), (), (Problem(path=str(root), message="not a folder"),))
    with gc_paused():
        scanned_ns = time.time_ns()
        files = scan_folder(root)
        folder = FolderLoad(root, files, cache, workers, scanned_ns)
        try:
            results = folder.run()
            listings: list[Listing] = []
            at: list[int] = []  # where each listing's file is
            series: list[Series] = []
            problems: list[Problem] = []
            skipped: list[str] = []
            hashed: list[str] = []
            for i, (found, result) in enumerate(zip(files, results)):
                if result.problems:
                    problems.extend(result.problems)
                hashed.append(f"{found.rel}\0{result.digest}\n")
                if isinstance(result.record, Series):
                    series.append(result.record)
                elif result.listing is not None:
                    listings.append(result.listing)
                    at.append(i)
                else:
                    skipped.append(found.shown)
            from briefing.checks import run_checks

            problems.extend(_with_lines(run_checks(listings, series, today)))
            test = want(tuple(series)) if want is not None else None
            if test is None:
                chosen: Sequence[int] = range(len(listings))
            elif linked:
                chosen = needed(listings, test)
            else:
                chosen = [i for i, m in enumerate(listings) if test(m)]
            meetings = folder.meetings([at[j] for j in chosen])
            folder.save()
        finally:
            folder.close()
    for i in folder.failed:  # read again from its file: it no longer loads (a cache that lied)
        problems.extend(results[i].problems)
        skipped.append(files[i].shown)
    from briefing.loader.settings import load_settings

    settings = load_settings(root)  # one small file, read every time
    problems.extend(settings.problems)
    if settings.path is not None:
        hashed.append(f"{SETTINGS_FILE}\0{settings.digest}\n")
    digest = hashlib.blake2b("".join(hashed).encode("utf-8", "surrogateescape"), digest_size=6).hexdigest()
    return LoadResult(
        tuple(meetings), tuple(series), tuple(problems), len(files), tuple(skipped), digest, tuple(listings), folder.parsed,
        settings.settings,
    )


def _with_lines(problems: list[Problem]) -> list[Problem]:
    """Give cross-file problems the line of their field (read only for files with a problem)."""
    from briefing.keylines import key_lines, line_of

    out = []
    for p in problems:
        if p.line is None:
            try:
                text = Path(p.path).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                out.append(p)
                continue
            loc = tuple(int(x) if x.isdigit() else x for x in re.findall(r"[^.\[\]]+", p.field or ""))
            p = p.model_copy(update={"line": line_of(key_lines(text), loc)})
        out.append(p)
    return out
