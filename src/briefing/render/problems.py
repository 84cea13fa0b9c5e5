"""`briefing check`: problems as text lines (JSON is the check report dumped: reports.check)."""

from __future__ import annotations

from collections.abc import Collection

from briefing.loader import LoadResult


def summary_line(result: LoadResult) -> str:
    errors, warnings = len(result.errors), len(result.warnings)
    records = len(result.meetings) + len(result.series)
    status = "ok" if errors == 0 else "problems found"
    return (
        f"{status}: {result.files} file(s), {records} record(s) loaded "
        f"({len(result.meetings)} meeting(s), {len(result.series)} series); "
        f"{errors} error(s), {warnings} warning(s)"
    )


def untracked_line(path: str) -> str:
    return (
        f"{path}: not tracked by git, so no commit includes it; it is checked because it is in the records "
        "folder (finish it, or move it out of the folder until it is ready)"
    )


def check_text(result: LoadResult, untracked: Collection[str] = ()) -> str:
    """Every problem, then a note for each file with problems that git does not track, then the
    summary line."""
    lines = [str(p) for p in result.problems]
    lines += [untracked_line(path) for path in dict.fromkeys(p.path for p in result.problems) if path in untracked]
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"
