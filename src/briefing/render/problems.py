"""`briefing check`: problems as text lines (JSON is the check report dumped: reports.check)."""

from __future__ import annotations

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


def check_text(result: LoadResult) -> str:
    lines = [str(p) for p in result.problems]
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"
