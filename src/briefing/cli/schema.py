"""`briefing schema`: the JSON Schema of a record file, a series file, briefing.toml, a person file or a report's JSON output."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from briefing.cli.common import EXIT_PROBLEMS, ForceOpt, OutputOpt, emit, fail

REPORT_NAMES = ("country", "timeline", "next", "compare", "series", "search", "people", "check")  # reports.schemas.REPORTS


def _complete_report(incomplete: str) -> list[str]:
    return [n for n in REPORT_NAMES if n.startswith(incomplete)]


def schema(
    series: Annotated[bool, typer.Option("--series", help="The schema of a series file (records/series/<id>.toml) instead.")] = False,
    settings: Annotated[bool, typer.Option("--settings", help="The schema of a records folder's settings file (briefing.toml) instead.")] = False,
    report: Annotated[
        Optional[str],
        typer.Option("--report", metavar="NAME", show_default=False, autocompletion=_complete_report,
                     help=f"The schema of a report's JSON output (-f json) instead: {', '.join(REPORT_NAMES)}."),
    ] = None,
    people: Annotated[bool, typer.Option("--people", help="The schema of a person file (records/people/<id>.toml) instead.")] = False,
    output: OutputOpt = None,
    force: ForceOpt = False,
) -> None:
    """Print the JSON Schema of a meeting record file, for editors (Taplo / Even Better TOML);
    --series: of a series file; --settings: of briefing.toml; --report NAME: of a report's JSON output."""
    from briefing.authoring.schema import schema_text
    from briefing.cli.common import Format
    from briefing.cli.output import destination

    if series + settings + people + (report is not None) > 1:
        fail("give one of --series, --settings, --people and --report")
    if report is not None:
        name = report.strip().lower()
        if name not in REPORT_NAMES:
            from briefing.wording import did_you_mean

            shown = report if len(report) <= 40 else report[:37] + "..."
            fail(f"--report: '{shown}' is not one of: {', '.join(REPORT_NAMES)}{did_you_mean(name, REPORT_NAMES)}")
    _, output = destination(None, output, (Format.json,), "schema", default=Format.json)
    if report is not None:
        from briefing.reports.schemas import report_schema_text

        emit(report_schema_text(report.strip().lower()), output, force)
        return
    if output is not None and not output.parent.exists():
        try:
            output.parent.mkdir(parents=True)  # e.g. records/.schema/ the first time
        except OSError as exc:
            fail(f"cannot write {output}: {exc.strerror or exc}", EXIT_PROBLEMS)
    emit(schema_text(series=series, settings=settings, people=people), output, force, json=True)


def register(app: typer.Typer) -> None:
    app.command()(schema)
