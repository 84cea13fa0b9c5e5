"""`briefing export`: every meeting (or commitment, or participant) as a row, for bigger tools."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from briefing.cli import common
from briefing.cli.common import AsOfOpt, ForceOpt, Format, OutputOpt, RecordsOpt, SinceOpt, StrictOpt, UntilOpt, emit, fail, load_records
from briefing.cli.output import destination, format_option
from briefing.cli.filters import CountryOpt, KindOpt, SeriesOpt, StatusOpt, TopicOpt, filter_args, meeting_filter

EXPORT_FORMATS = (Format.jsonl, Format.csv)
TABLES = ("meetings", "commitments", "people")  # reports.export.TABLES; --help need not import it


ExportFormatOpt = format_option(*EXPORT_FORMATS, default=Format.jsonl)


def _complete_what(incomplete: str) -> list[str]:
    return [t for t in TABLES if t.startswith(incomplete)]


WhatOpt = Annotated[
    str,
    typer.Option("--what", metavar="|".join(TABLES), autocompletion=_complete_what,
                 help="What a row is: a meeting, a commitment (with its state as of --as-of) or a participant of a meeting."),
]


def export(
    what: WhatOpt = "meetings",
    records: RecordsOpt = None,
    format_: ExportFormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    since: SinceOpt = None,
    until: UntilOpt = None,
    country: CountryOpt = None,
    series: SeriesOpt = None,
    kind: KindOpt = None,
    topic: TopicOpt = None,
    status: StatusOpt = None,
    as_of: AsOfOpt = None,
    strict: StrictOpt = False,
) -> None:
    """Every meeting as one row (--what commitments or people: those), as JSON Lines or CSV with
    stable columns, for DuckDB, pandas or Spark. The filters of `timeline` choose the meetings."""
    fmt, target = destination(format_, output, EXPORT_FORMATS, "export", default=Format.jsonl)
    table = what.strip().lower()
    if table not in TABLES:
        from briefing.wording import did_you_mean

        shown = what if len(what) <= 40 else what[:37] + "..."
        fail(f"--what: '{shown}' is not one of: {', '.join(TABLES)}{did_you_mean(table, TABLES)}")
    today = common.today_or(as_of)
    args = filter_args(since, until, country, kind, status, topic)
    result = load_records(records, today, strict=strict)
    flt = meeting_filter(args, series, result.series)

    from briefing.render.export import csv_chunks, jsonl_chunks
    from briefing.reports.export import TABLES as COLUMNS
    from briefing.reports.export import export_rows

    rows = export_rows(table, result.meetings, flt, today, result.registry)
    chunks = jsonl_chunks(rows) if fmt is Format.jsonl else csv_chunks((name for name, _ in COLUMNS[table]), rows)
    emit(chunks, target, force)


def register(app: typer.Typer) -> None:
    app.command()(export)
