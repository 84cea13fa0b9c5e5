"""`briefing check -f json`: what `check` found, as a report (meta, counts, every problem)."""

from __future__ import annotations

from collections.abc import Collection

from briefing.loader import LoadResult
from briefing.model import Problem
from briefing.reports.common import ReportMeta
from briefing.reports.items import Frozen


class CheckReport(Frozen):
    meta: ReportMeta
    files: int  # record files found (meetings and series)
    meetings: int  # meeting records loaded
    series: int  # series loaded
    errors: int
    warnings: int
    problems: tuple[Problem, ...]  # errors and warnings, file by file, top to bottom
    untracked: tuple[str, ...] = ()  # files with problems that git does not track (no commit includes them)


def check_report(result: LoadResult, meta: ReportMeta, untracked: Collection[str] = ()) -> CheckReport:
    return CheckReport(
        meta=meta,
        files=result.files,
        meetings=len(result.meetings),
        series=len(result.series),
        errors=len(result.errors),
        warnings=len(result.warnings),
        problems=tuple(result.problems),
        untracked=tuple(path for path in dict.fromkeys(p.path for p in result.problems) if path in untracked),
    )
