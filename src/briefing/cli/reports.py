"""The report commands: country, timeline, next, compare, series.

Each command: reject an unsupported format, parse its options (exit 2 on a bad one), load the
records, build the report (a pure function), render it in the chosen format, write it out.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from typer.core import TyperCommand

from briefing.cli import common, complete
from briefing.cli.filters import CountryOpt, KindOpt, SeriesOpt, StatusOpt, TopicOpt, country_code, filter_args, meeting_filter, series_id, short
from briefing.cli.memo import FromOpt, MarkingOpt, SubjectOpt, ToOpt, memo_header, report_arguments
from briefing.cli.output import destination, format_option
from briefing.cli.screen import PagerOpt, WidthOpt, text_output
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
    emit,
    fail,
    home_side,
    load_records,
    records_folder,
    since_until,
    unloaded,
)

if TYPE_CHECKING:
    import datetime as dt

    from briefing.loader import LoadResult
    from briefing.render.memo import MemoHeader
    from briefing.reports.common import ReportMeta
    from briefing.reports.home import Home
    from briefing.reports.next import NextReport

REPORT_FORMATS = (Format.text, Format.markdown, Format.json)
NEXT_FORMATS = (*REPORT_FORMATS, Format.ics)
ReportFormatOpt = format_option(*REPORT_FORMATS)
NextFormatOpt = format_option(*NEXT_FORMATS)


class ReportCommand(TyperCommand):
    """A command that remembers its arguments as typed, for the report's provenance line."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        ctx.meta["briefing.argv"] = [ctx.info_name or "", *args]
        return super().parse_args(ctx, args)


def command_line(ctx: typer.Context) -> str:
    """The command as typed, with the report's own arguments only (see cli.memo)."""
    argv = ctx.meta.get("briefing.argv") or [ctx.info_name or ""]
    from briefing.text import clean  # an argument may hold ESC: the memo quotes this line

    return clean("briefing " + shlex.join([argv[0], *report_arguments(ctx.command, argv[1:])]))


def report_meta(ctx: typer.Context, result: LoadResult, today: dt.date, home: Home | None = None) -> ReportMeta:
    from briefing.reports.common import ReportMeta

    return ReportMeta(
        as_of=today,
        command=command_line(ctx),
        records=result.count,
        later=len(result.later),
        digest=result.digest,
        skipped=result.skipped,
        home=home,
    )



def write_report(
    fmt: Format,
    report: Any,
    renderers: dict[Format, Callable[..., Any]],
    output: Path | None,
    force: bool,
    header: MemoHeader | None = None,
) -> None:
    """Text goes through rich (a console); every other format is a plain string. A Markdown
    memo gets its header block, if it has one."""
    render = renderers[fmt]
    if fmt is Format.markdown:
        from briefing.render.memo import with_header

        emit(with_header(render(report), header, report.meta.as_of), output, force)
    elif fmt is not Format.text:
        emit(render(report), output, force, json=fmt is Format.json)
    else:
        text_output(lambda console: render(report, console), output, force)


# -- commands ------------------------------------------------------------------------------------


def country(
    ctx: typer.Context,
    name: str = typer.Argument(..., metavar="NAME", help="A country: ISO code, common, official or former name, any case.", autocompletion=complete.countries),
    records: RecordsOpt = None,
    format_: ReportFormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    since: SinceOpt = None,
    until: UntilOpt = None,
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
    """A briefing note on one country, from the home side's point of view: overview, engagement, meetings, people, commitments, sources."""
    fmt, output = destination(format_, output, REPORT_FORMATS, "country")
    header = memo_header(ctx.params, fmt)
    today = common.today_or(as_of)  # looked up on the module: tests may fix 'today'
    start, end = since_until(since, until)
    code = country_code(name, "NAME")
    from briefing.reports.common import MeetingFilter

    flt = MeetingFilter(since=start, until=end)
    result = load_records(records, today, strict=strict)
    side = home_side(home, result, counterpart=code)

    from briefing.render.country import country_json, country_markdown, country_text
    from briefing.reports.country import country_report

    report = country_report(result.meetings, result.series, code, flt, report_meta(ctx, result, today, side), result.registry)
    write_report(fmt, report, {Format.text: country_text, Format.markdown: country_markdown, Format.json: country_json}, output, force, header)


def timeline(
    ctx: typer.Context,
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
    """Every meeting in order of date, as written (never more precise), filtered as you ask; undated ones apart."""
    fmt, output = destination(format_, output, REPORT_FORMATS, "timeline")
    header = memo_header(ctx.params, fmt)
    today = common.today_or(as_of)  # looked up on the module: tests may fix 'today'
    args = filter_args(since, until, country, kind, status, topic)
    result = load_records(records, today, strict=strict)
    flt = meeting_filter(args, series, result.series)

    from briefing.render.timeline import timeline_json, timeline_markdown, timeline_text
    from briefing.reports.timeline import timeline as build

    report = build(result.meetings, flt, report_meta(ctx, result, today, home_side(home, result)), total=result.count)
    write_report(fmt, report, {Format.text: timeline_text, Format.markdown: timeline_markdown, Format.json: timeline_json}, output, force, header)


WithinOpt = Annotated[
    Optional[int],
    typer.Option("--within", min=0, metavar="DAYS", help="Only what opens within this many days (overdue items are always shown).", show_default=False),
]


def next_(
    ctx: typer.Context,
    records: RecordsOpt = None,
    format_: NextFormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    country: CountryOpt = None,
    within: WithinOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    as_of: AsOfOpt = None,
    strict: StrictOpt = False,
    home: HomeOpt = None,
    width: WidthOpt = None,
    pager: PagerOpt = True,
    to: ToOpt = None,
    from_: FromOpt = None,
    subject: SubjectOpt = None,
    marking: MarkingOpt = None,
    todos_as_events: Annotated[
        bool, typer.Option("--todos-as-events", help="With -f ics: commitments as events, not to-dos (for calendars that ignore to-dos: Google, Apple, Outlook).")
    ] = False,
) -> None:
    """What comes next: planned meetings, open and overdue commitments, series rhythm (-f ics: a calendar)."""
    fmt, output = destination(format_, output, NEXT_FORMATS, "next")
    header = memo_header(ctx.params, fmt)
    if todos_as_events and fmt is not Format.ics:
        fail("--todos-as-events is for a calendar: add -f ics (or -o FILE.ics)")
    today = common.today_or(as_of)  # looked up on the module: tests may fix 'today'
    start, end = since_until(since, until)
    codes = tuple(dict.fromkeys(country_code(c, "--country") for c in country or ()))
    result = load_records(records, today, strict=strict)

    from briefing.render.next import next_json, next_markdown, next_text
    from briefing.reports.common import MeetingFilter
    from briefing.reports.next import next_report

    report = next_report(
        result.meetings,
        result.series,
        report_meta(ctx, result, today, home_side(home, result)),
        countries=codes,
        within=within,
        flt=MeetingFilter(since=start, until=end),
        closed=fmt is Format.ics,  # what was done or called off, for a calendar to close its entries
    )
    if fmt is Format.ics:
        from briefing.render.ics import is_empty

        if is_empty(report):
            common.warn("briefing: nothing to put in the calendar (no planned meeting with a date, no commitment); it holds no event or to-do, and is still a valid calendar")
    def calendar(report: NextReport) -> str:  # icalendar is imported only for a calendar
        from briefing.render.ics import next_ics

        return next_ics(report, todos_as_events=todos_as_events)

    renderers = {Format.text: next_text, Format.markdown: next_markdown, Format.json: next_json, Format.ics: calendar}
    write_report(fmt, report, renderers, output, force, header)


def compare(
    ctx: typer.Context,
    names: list[str] = typer.Argument(
        ..., metavar="SERIES ROUND_A ROUND_B | ID_A ID_B", help="Two rounds of a series (id, name or alias), or two record ids.", show_default=False,
        autocompletion=complete.compare_args,
    ),
    records: RecordsOpt = None,
    format_: ReportFormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
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
    """Two meetings side by side: facts, delegations, topics, outcomes, commitments, time between."""
    fmt, output = destination(format_, output, REPORT_FORMATS, "compare")
    header = memo_header(ctx.params, fmt)
    if len(names) not in (2, 3):
        fail("compare takes SERIES ROUND_A ROUND_B (e.g. ca-japan-fm 6 9) or ID_A ID_B")
    rounds: tuple[int, int] | None = None
    if len(names) == 3:
        try:
            rounds = (int(names[1]), int(names[2]))
        except ValueError:
            fail(f"rounds are numbers: '{short(names[1])}', '{short(names[2])}'")
    today = common.today_or(as_of)  # looked up on the module: tests may fix 'today'
    result = load_records(records, today, strict=strict)
    series_name = None
    if rounds is not None:
        sid = series_id(names[0], result.series, "SERIES")
        series_name = next(s.name for s in result.series if s.id == sid)
        first, second = (_round(result, sid, n) for n in rounds)
    else:
        first, second = (_record(result, name, records) for name in names)
    if first.id == second.id:
        fail("compare two different meetings")

    from briefing.render.compare import compare_json, compare_markdown, compare_text
    from briefing.reports.compare import compare as build

    meta = report_meta(ctx, result, today, home_side(home, result))
    report = build(result.meetings, first, second, meta, series_name=series_name, people=result.registry)
    write_report(fmt, report, {Format.text: compare_text, Format.markdown: compare_markdown, Format.json: compare_json}, output, force, header)


def _round(result: LoadResult, sid: str, number: int):  # type: ignore[no-untyped-def]
    found = [m for m in result.meetings if m.series == sid and m.round == number]
    if not found:
        later = [m for m in result.later if m.series == sid and m.round == number]
        if later:
            _not_yet(later[0])
        known = sorted({m.round for m in result.meetings if m.series == sid and m.round is not None})
        listed = ", ".join(str(n) for n in known) if known else "none"
        # A file that did not load may hold it: say so, rather than that the round is not there.
        unread = f"; {len(result.skipped)} file(s) did not load and may hold it (briefing check)" if result.skipped else ""
        fail(f"series '{sid}' has no round {number} on record; rounds on record: {listed}{unread}")
    return sorted(found, key=lambda m: (m.status.value != "held", m.id))[0]


def _not_yet(m):  # type: ignore[no-untyped-def]
    """Exit 2: the record asked for was not yet on record on the --as-of day."""
    what = f"held {m.date.display()}" if m.status.value == "held" else "known only from sources published later"
    fail(f"'{short(m.id)}' was not yet on record on the --as-of day ({what}); give a later --as-of")


def _record(result: LoadResult, record_id: str, records: Path | None):  # type: ignore[no-untyped-def]
    import difflib

    by_id = {m.id: m for m in result.meetings}
    if record_id in by_id:
        return by_id[record_id]
    for m in result.later:
        if m.id == record_id:
            _not_yet(m)
    unloaded(records_folder(records), result, record_id)
    close = difflib.get_close_matches(record_id, list(by_id), n=3, cutoff=0.5)
    hint = f"; did you mean: {', '.join(close)}" if close else "; 'briefing timeline -f json' lists the ids"
    fail(f"no record '{short(record_id)}'{hint}")


def series(
    ctx: typer.Context,
    name: Optional[str] = typer.Argument(None, metavar="[NAME]", help="One series in full: its id, name or an alias.", show_default=False, autocompletion=complete.series_ids),
    records: RecordsOpt = None,
    format_: ReportFormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    since: SinceOpt = None,
    until: UntilOpt = None,
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
    """The series with their dialogue, rounds on record and rhythm; with NAME, one series in full."""
    fmt, output = destination(format_, output, REPORT_FORMATS, "series")
    header = memo_header(ctx.params, fmt)
    today = common.today_or(as_of)  # looked up on the module: tests may fix 'today'
    start, end = since_until(since, until)
    result = load_records(records, today, strict=strict)
    only = series_id(name, result.series, "NAME") if name is not None else None

    from briefing.render.series import series_json, series_markdown, series_text
    from briefing.reports.common import MeetingFilter
    from briefing.reports.series import series_report

    meta = report_meta(ctx, result, today, home_side(home, result))
    report = series_report(result.meetings, result.series, only, MeetingFilter(since=start, until=end), meta)
    write_report(fmt, report, {Format.text: series_text, Format.markdown: series_markdown, Format.json: series_json}, output, force, header)


def register(app: typer.Typer) -> None:
    for name, command in (("country", country), ("timeline", timeline), ("next", next_), ("compare", compare), ("series", series)):
        app.command(name, cls=ReportCommand)(command)
