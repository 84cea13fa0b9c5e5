"""Folder → (records, problems). Never raises on user data.

Every file is read on its own: a bad file becomes one or more `Problem`s with its path and line,
and the other files keep working. Cross-file checks (duplicate ids, clashing series rounds,
references that point nowhere, held meetings dated in the future) run on what loaded.

The parts, one job each: `scan` (which files are records, and of what kind), `parse` (one file's
bytes to a record or its problems; the words of a problem come from `briefing.wording`),
`readback` (what the cache keeps of a file, and reading it back as structs), `parallel` (parsing
in worker processes), `folder` (one load of a folder with its cache, `briefing.cache`). This
module puts them together: `load`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from typing import TYPE_CHECKING, Any

from briefing.loader.scan import SERIES_DIR, SETTINGS_FILE, discover, is_series_file, scan_folder, shown_path

if TYPE_CHECKING:
    from briefing.cache import RecordCache
    from briefing.loader.parse import FileResult, load_file, parse_record
    from briefing.model import FolderSettings, Meeting, Problem, Series
    from briefing.person import Person, Registry
    from briefing.wording import validation_problems

# Imported when first asked for: the scan (shell completion) needs none of pydantic.
_LAZY = {
    "MAX_FILE_BYTES": "briefing.loader.parse", "FileResult": "briefing.loader.parse", "load_file": "briefing.loader.parse",
    "parse_record": "briefing.loader.parse", "validation_problems": "briefing.wording",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'briefing.loader' has no attribute {name!r}")


__all__ = [
    "MAX_FILE_BYTES", "SERIES_DIR", "FileResult", "LoadResult", "bundled_records", "discover",
    "is_series_file", "load", "load_file", "parse_record", "records_dir", "shown_path", "validation_problems",
]


@dataclass(frozen=True)
class LoadResult:
    """What a folder gave. Its meetings and series are structs (`briefing.structs`): they read
    as the models do, attribute for attribute and method for method."""

    meetings: tuple[Meeting, ...]  # every meeting that loaded
    series: tuple[Series, ...]
    problems: tuple[Problem, ...]
    files: int = 0
    skipped: tuple[str, ...] = field(default=())  # files that failed to load
    digest: str = ""  # short hash of every file's path and content: which data a report came from
    parsed: int = field(default=0, compare=False)  # files read and parsed, not taken from the cache
    settings: FolderSettings | None = None  # briefing.toml at the top of the folder, if it loaded
    people: tuple[Person, ...] = ()  # the person files in people/ that loaded
    people_files: int = 0  # person files found (beside `files`, the meeting and series files)
    later: tuple[Meeting, ...] = ()  # left out of a report as of a day: not yet on record then (reports.as_of)

    @cached_property
    def registry(self) -> Registry:
        """The people on record, to look participants up in."""
        from briefing.person import Registry

        return Registry(self.people)

    @property
    def count(self) -> int:
        """Meetings on record."""
        return len(self.meetings)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity.value == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity.value == "warning")


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


def load(root: Path, today: dt.date, cache: RecordCache | None = None, *, workers: int | None = None) -> LoadResult:
    """Load the records under root and run the cross-file checks.

    With a cache, files unchanged since the last run are taken from it instead of being parsed;
    the result is the same either way. Files to parse are parsed by `workers` processes
    (default: one per core, when there are enough of them to pay off; a number given is used
    whatever the number of files).
    """
    from briefing.checks import run_checks
    from briefing.loader.folder import FolderLoad
    from briefing.loader.parse import MODELS
    from briefing.model import Problem, Severity

    if not root.exists():
        return LoadResult((), (), (Problem(path=str(root), message="records folder does not exist"),))
    if not root.is_dir():
        return LoadResult((), (), (Problem(path=str(root), message="not a folder"),))
    scanned_ns = time.time_ns()
    scan = scan_folder(root)
    files = [f for f in scan.files if f.kind in MODELS]
    folder = FolderLoad(root, files, cache, workers, scanned_ns)
    results = folder.run()
    meetings: list[Meeting] = []
    series: list[Series] = []
    problems = [
        Problem(path=link, severity=Severity.warning, message=f"a link to a folder outside the records folder ({target}); not followed")
        for link, target in scan.skipped
    ]
    skipped: list[str] = []
    # Every file's path and digest, hashed as they come (a hundred thousand lines never held at once).
    hashed = hashlib.blake2b(digest_size=6)
    for found, result in zip(files, results):
        if result.problems:
            problems.extend(result.problems)
        hashed.update(f"{found.rel}\0{result.digest}\n".encode("utf-8", "surrogateescape"))
        if result.record is None:
            skipped.append(found.shown)
        elif found.kind == "series":
            series.append(result.record)
        else:
            meetings.append(result.record)
    problems.extend(_with_lines(run_checks(meetings, series, today)))
    from briefing.loader.settings import load_settings

    settings = load_settings(root)  # one small file, read every time
    problems.extend(settings.problems)
    if settings.path is not None:
        hashed.update(f"{SETTINGS_FILE}\0{settings.digest}\n".encode("utf-8", "surrogateescape"))
    from briefing.checks import check_people
    from briefing.loader.people import load_people
    from briefing.person import Registry

    people = load_people(root)  # a few small files, read every time
    problems.extend(people.problems)
    skipped.extend(people.skipped)  # a person file that fails to load leaves its person out of every report
    for rel, digest in people.digests:
        hashed.update(f"{rel}\0{digest}\n".encode("utf-8", "surrogateescape"))
    broken = {Path(shown).stem for shown in people.skipped}  # their own problems say what is wrong
    problems.extend(_with_lines(check_people(meetings, Registry(people.people), broken)))
    digest = hashed.hexdigest()
    return LoadResult(
        tuple(meetings), tuple(series), tuple(problems), len(files), tuple(skipped), digest, folder.parsed, settings.settings,
        people.people, people.files,
    )


def _with_lines(problems: list[Problem]) -> list[Problem]:
    """Give cross-file problems the line and column of their field; at most MAX_PROBLEMS_PER_FILE
    of them for a file, and one that counts the rest. Each file with such problems is read and
    scanned once, however many it has (a file with thousands of dangling references once cost a
    read and a scan of the file for each)."""
    from briefing.keylines import Where, key_positions, position_of
    from briefing.model import Problem
    from briefing.wording import MAX_PROBLEMS_PER_FILE, field_loc

    positions: dict[str, dict[tuple[str | int, ...], Where] | None] = {}  # path → its keys' places
    shown: dict[str, int] = {}
    left_out: dict[str, int] = {}
    out = []
    for p in problems:
        if shown.get(p.path, 0) >= MAX_PROBLEMS_PER_FILE:
            left_out[p.path] = left_out.get(p.path, 0) + 1
            continue
        shown[p.path] = shown.get(p.path, 0) + 1
        if p.line is None:
            if p.path not in positions:
                try:
                    positions[p.path] = key_positions(Path(p.path).read_text(encoding="utf-8-sig"))
                except (OSError, UnicodeDecodeError, ValueError):
                    positions[p.path] = None
            found = positions[p.path]
            if found is not None:
                where = position_of(found, field_loc(p.field))
                p = p.model_copy(update={"line": where.line if where else 1, "column": where.column if where else None})
        out.append(p)
    for path, rest in left_out.items():
        out.append(Problem(path=path, message=f"and {rest:,} more problem(s) with other records in this file (not shown)"))
    return out
