"""`briefing check`: problems as text lines or JSON."""

from __future__ import annotations

import json

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


def check_json(result: LoadResult) -> str:
    doc = {
        "files": result.files,
        "meetings": len(result.meetings),
        "series": len(result.series),
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "problems": [p.model_dump(mode="json") for p in result.problems],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
