"""`briefing check -f json`: what `check` found, as a report (meta, counts, every problem)."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from briefing.model import Problem, Severity
from briefing.reports.common import ReportMeta
from briefing.reports.items import Frozen


class CheckReport(Frozen):
    meta: ReportMeta
    files: int  # record files found (meetings, series and person files)
    meetings: int  # meeting records loaded
    series: int  # series loaded
    people: int = 0  # person files loaded (records/people/)
    people_files: int = 0  # person files found
    errors: int
    warnings: int
    problems: tuple[Problem, ...]  # errors and warnings, file by file, top to bottom
    untracked: tuple[str, ...] = ()  # files with problems that git does not track (no commit includes them)


def check_report(
    meta: ReportMeta, files: int, meetings: int, series: int, problems: Sequence[Problem], untracked: Collection[str] = (),
    *, people: int = 0, people_files: int = 0,
) -> CheckReport:
    """What `check` found: `files` found, `meetings` and `series` loaded, every problem, and
    which of the files with problems are `untracked` (by git)."""
    return CheckReport(
        meta=meta,
        files=files + people_files,
        meetings=meetings,
        series=series,
        people=people,
        people_files=people_files,
        errors=sum(p.severity is Severity.error for p in problems),
        warnings=sum(p.severity is Severity.warning for p in problems),
        problems=tuple(problems),
        untracked=tuple(path for path in dict.fromkeys(p.path for p in problems) if path in untracked),
    )
