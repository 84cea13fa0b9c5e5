"""`briefing check`: the check report as text lines (JSON is the report dumped)."""

from __future__ import annotations

from briefing.reports.check import CheckReport


def summary_line(report: CheckReport) -> str:
    status = "ok" if report.errors == 0 else "problems found"
    n = report.people
    people = f", {n} {'person' if n == 1 else 'people'}" if report.people_files else ""
    return (
        f"{status}: {report.files} file(s), {report.meetings + report.series + n} record(s) loaded "
        f"({report.meetings} meeting(s), {report.series} series{people}); "
        f"{report.errors} error(s), {report.warnings} warning(s)"
    )


def untracked_line(path: str) -> str:
    return (
        f"{path}: not tracked by git, so no commit includes it; it is checked because it is in the records "
        "folder (finish it, or move it out of the folder until it is ready)"
    )


def check_text(report: CheckReport) -> str:
    """Every problem, then a note for each file with problems that git does not track, then the
    summary line."""
    lines = [str(p) for p in report.problems]
    lines += [untracked_line(path) for path in report.untracked]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
