"""`briefing people [NAME]`: the people on record, their offices over time, when they were met."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from briefing.cli import common, complete
from briefing.cli.common import AsOfOpt, ForceOpt, Format, HomeOpt, OutputOpt, RecordsOpt, StrictOpt, fail, home_side, load_records
from briefing.cli.output import destination
from briefing.cli.screen import PagerOpt, WidthOpt
from briefing.cli.filters import country_code
from briefing.cli.memo import FromOpt, MarkingOpt, SubjectOpt, ToOpt, memo_header
from briefing.cli.reports import REPORT_FORMATS, ReportCommand, ReportFormatOpt, report_meta, write_report


def people(
    ctx: typer.Context,
    name: str = typer.Argument(
        None, metavar="[NAME]", show_default=False, autocompletion=complete.people,
        help="One person: their id, any spelling of their name (any case, accents, word order), or the start of its words.",
    ),
    records: RecordsOpt = None,
    format_: ReportFormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    country: Annotated[
        Optional[str],
        typer.Option("--country", "-c", metavar="COUNTRY", show_default=False, autocompletion=complete.countries,
                     help="Only people of this country (theirs, or their offices'): a code or a name."),
    ] = None,
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
    """People on record: who held which office on a day (--as-of), as far as the records attest, and when last met; with NAME, one person's offices, sources and meetings."""
    fmt, output = destination(format_, output, REPORT_FORMATS, "people")
    header = memo_header(ctx.params, fmt)
    today = common.today_or(as_of)  # looked up on the module: tests may fix 'today'
    code = country_code(country, "--country") if country is not None else None
    if name is not None and not any(ch.isalnum() for ch in name):
        fail("NAME: give a name, part of one, or a person's id")
    result = load_records(records, today, strict=strict)

    from briefing.render.people import people_json, people_markdown, people_text
    from briefing.reports.people import NoSuchPerson, people_report

    meta = report_meta(ctx, result, today, home_side(home, result))
    try:
        report = people_report(result.meetings, result.registry, meta, query=name, country=code, dated=as_of is not None)
    except NoSuchPerson as exc:
        fail(f"NAME: {exc}")
    write_report(fmt, report, {Format.text: people_text, Format.markdown: people_markdown, Format.json: people_json}, output, force, header)


def register(app: typer.Typer) -> None:
    app.command(cls=ReportCommand)(people)
