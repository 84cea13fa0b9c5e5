"""`briefing search TEXT`: full text over every field of every meeting, newest first."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from briefing.cli import common
from briefing.cli.common import (
    AsOfOpt,
    ForceOpt,
    Format,
    HomeOpt,
    OutputOpt,
    RecordsOpt,
    SinceOpt,
    StrictOpt,
    UntilOpt,
    fail,
    home_side,
    load_records,
)
from briefing.cli.output import destination
from briefing.cli.screen import PagerOpt, WidthOpt
from briefing.cli.filters import CountryOpt, KindOpt, SeriesOpt, StatusOpt, TopicOpt, filter_args, meeting_filter
from briefing.cli.memo import FromOpt, MarkingOpt, SubjectOpt, ToOpt, memo_header
from briefing.cli.reports import REPORT_FORMATS, ReportCommand, ReportFormatOpt, report_meta, write_report


def search(
    ctx: typer.Context,
    text: str = typer.Argument(..., metavar="TEXT", help='Words to find (all of them), or a "quoted phrase"; case and accents ignored.'),
    records: RecordsOpt = None,
    format_: ReportFormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    since: SinceOpt = None,
    until: UntilOpt = None,
    country: CountryOpt = None,
    series: SeriesOpt = None,
    kind: KindOpt = None,
    topic: TopicOpt = None,
    status: StatusOpt = None,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="Show at most this many meetings (the newest).", show_default=False)] = None,
    as_of: AsOfOpt = None,
    strict: StrictOpt = False,
    home: HomeOpt = None,
    width: WidthOpt = None,
    pager: PagerOpt = True,
    to: ToOpt = None,
    from_: FromOpt = None,
    subject: SubjectOpt = None,
    marking: MarkingOpt = None,
) -> None:
    """Find meetings by any word in any field (titles, summaries, topics, outcomes, people, sources), newest first."""
    fmt, output = destination(format_, output, REPORT_FORMATS, "search")
    header = memo_header(ctx.params, fmt)
    today = common.today_or(as_of)
    args = filter_args(since, until, country, kind, status, topic)

    from briefing.reports.search import QueryError, query_terms

    try:
        query_terms(text)
    except QueryError as exc:
        fail(f"TEXT: {exc}")
    result = load_records(records, today, strict=strict)
    flt = meeting_filter(args, series, result.series)

    from briefing.render.search import search_json, search_markdown, search_text
    from briefing.reports.search import search as build

    report = build(result.meetings, text, flt, report_meta(ctx, result, today, home_side(home, result)), limit, total=result.count, people=result.registry)
    write_report(fmt, report, {Format.text: search_text, Format.markdown: search_markdown, Format.json: search_json}, output, force, header)


def register(app: typer.Typer) -> None:
    app.command(cls=ReportCommand)(search)
