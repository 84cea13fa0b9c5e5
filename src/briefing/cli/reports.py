"""The report commands: country, timeline, next, compare, series.

Each command: reject an unsupported format, parse its options (exit 2 on a bad one), load the
records, build the report (a pure function), render it in the chosen format, write it out.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from typer.core import TyperCommand

from briefing.cli import common, complete
from briefing.cli.common import (
    AsOfOpt,
    ForceOpt,
    Format,
    FormatOpt,
    OutputOpt,
    RecordsOpt,
    SinceOpt,
    StrictOpt,
    UntilOpt,
    emit,
    fail,
    load_records,
    require_format,
    since_until,
    text_output,
)

if TYPE_CHECKING:
    import datetime as dt

    from briefing.loader import LoadResult
    from briefing.model import Series
    from briefing.reports.common import ReportMeta

REPORT_FORMATS = (Format.text, Format.markdown, Format.json)

# The values of model.Kind and model.Status, spelled out here so that `--help` need not import
# pydantic; tests check they match the model.
KINDS = (
    "summit", "foreign-ministers", "senior-officials", "ambassadors", "intellectual-dialogue", "expert",
    "business", "parliamentary", "forum", "visit", "call", "other",
)
STATUSES = ("held", "planned", "postponed", "cancelled")


class ReportCommand(TyperCommand):
    """A command that remembers its arguments as typed, for the report's provenance line."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        ctx.meta["briefing.argv"] = [ctx.info_name or "", *args]
        return super().parse_args(ctx, args)


def command_line(ctx: typer.Context) -> str:
    argv = ctx.meta.get("briefing.argv") or [ctx.info_name or ""]
    from briefing.text import clean  # an argument may hold ESC: the memo quotes this line

    return clean("briefing " + shlex.join(argv))


# -- options of the report commands ---------------------------------------------------------------

CountryOpt = Annotated[
    Optional[list[str]],
    typer.Option("--country", "-c", help="Only meetings involving this country: a code or a name, any case (repeatable).", show_default=False, autocompletion=complete.countries),
]
SeriesOpt = Annotated[Optional[str], typer.Option("--series", help="Only rounds of this series: its id, name or an alias.", show_default=False, autocompletion=complete.series_ids)]
KindOpt = Annotated[
    Optional[list[str]],
    typer.Option("--kind", help=f"Only meetings of this kind (repeatable): {', '.join(KINDS)}.", show_default=False, autocompletion=complete.kinds),
]
TopicOpt = Annotated[Optional[str], typer.Option("--topic", help="Only meetings with a topic containing these words (any case, accents ignored).", show_default=False)]
StatusOpt = Annotated[
    Optional[list[str]],
    typer.Option("--status", help=f"Only meetings with this status (repeatable): {', '.join(STATUSES)}.", show_default=False, autocompletion=complete.statuses),
]


# -- helpers -------------------------------------------------------------------------------------


def country_code(name: str, option: str = "country") -> str:
    """A country name or code → alpha-2, or exit 2 with "did you mean"."""
    from briefing.countries import resolve, suggest

    country = resolve(name)
    if country is None:
        close = suggest(name)
        hint = f"; did you mean {' or '.join(close)}?" if close else "; use an ISO code such as UZ, or a name"
        fail(f"{option}: unknown country '{_short(name)}'{hint}")
    return country.code


def series_id(name: str, series: tuple[Series, ...], option: str = "series") -> str:
    """A series id, name or alias (any case, accents ignored) → its id, or exit 2 listing them."""
    from briefing.reports.series import find_series

    found = find_series(name, series)
    if found is None:
        known = ", ".join(sorted(s.id for s in series)) or "none"
        fail(f"{option}: no series '{_short(name)}'; known series: {known}")
    return found.id


def choices(values: list[str] | None, allowed: tuple[str, ...], option: str) -> tuple[str, ...]:
    out = []
    for v in values or ():
        if v.lower() not in allowed:
            fail(f"{option}: '{_short(v)}' is not one of: {', '.join(allowed)}")
        out.append(v.lower())
    return tuple(out)


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def report_meta(ctx: typer.Context, result: LoadResult, today: dt.date) -> ReportMeta:
    from briefing.reports.common import ReportMeta

    return ReportMeta(
        as_of=today,
        command=command_line(ctx),
        records=len(result.meetings),
        digest=result.digest,
        skipped=result.skipped,
    )


def write_report(
    fmt: Format,
    report: Any,
    renderers: dict[Format, Callable[..., Any]],
    output: Path | None,
    force: bool,
) -> None:
    """Text goes through rich (a console); every other format is a plain string."""
    render = renderers[fmt]
    if fmt is not Format.text:
        emit(render(report), output, force)
    elif output is None and sys.stdout.isatty():
        text_output(lambda console: render(report, console), output, force)  # a live terminal
    else:
        emit(plain_text(lambda console: render(report, console)), output, force)


def plain_text(render: Callable[[Any], None]) -> str:
    """Text for a pipe or a file: 80 columns, no colour or escape codes, no trailing spaces."""
    import io

    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer, width=80, color_system=None, force_terminal=False, highlight=False, emoji=False, markup=False
    )
    render(console)
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


# -- commands ------------------------------------------------------------------------------------


def country(
    ctx: typer.Context,
    name: str = typer.Argument(..., metavar="NAME", help="A country: ISO code, common, official or former name, any case.", autocompletion=complete.countries),
    records: RecordsOpt = None,
    fmt: FormatOpt = Format.text,
    output: OutputOpt = None,
    force: ForceOpt = False,
    since: SinceOpt = None,
    until: UntilOpt = None,
    as_of: AsOfOpt = None,
    strict: StrictOpt = False,
) -> None:
    """A briefing note on one country: overview, engagement, meetings, people, commitments, sources."""
    require_format(fmt, REPORT_FORMATS, "country")
    today = common.today_or(as_of)  # looked up on the module: tests may fix 'today'
    start, end = since_until(since, until)
    code = country_code(name, "NAME")
    result = load_records(records, today, strict=strict)

    from briefing.render.country import country_json, country_markdown, country_text
    from briefing.reports.common import MeetingFilter
    from briefing.reports.country import country_report

    report = country_report(
        result.meetings, result.series, code, MeetingFilter(since=start, until=end), report_meta(ctx, result, today)
    )
    write_report(fmt, report, {Format.text: country_text, Format.markdown: country_markdown, Format.json: country_json}, output, force)


def timeline(
    ctx: typer.Context,
    records: RecordsOpt = None,
    fmt: FormatOpt = Format.text,
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
    """Every meeting in order of date, as written (never more precise), filtered as you ask."""
    require_format(fmt, REPORT_FORMATS, "timeline")
    today = common.today_or(as_of)  # looked up on the module: tests may fix 'today'
    start, end = since_until(since, until)
    codes = tuple(dict.fromkeys(country_code(c, "--country") for c in country or ()))
    kinds = choices(kind, KINDS, "--kind")
    statuses = choices(status, STATUSES, "--status")
    result = load_records(records, today, strict=strict)
    sid = series_id(series, result.series, "--series") if series is not None else None

    from briefing.model import Kind, Status
    from briefing.render.timeline import timeline_json, timeline_markdown, timeline_text
    from briefing.reports.common import MeetingFilter
    from briefing.reports.timeline import timeline as build

    flt = MeetingFilter(
        since=start,
        until=end,
        countries=codes,
        series=sid,
        kinds=tuple(Kind(k) for k in kinds),
        topic=topic,
        statuses=tuple(Status(s) for s in statuses),
    )
    report = build(result.meetings, flt, report_meta(ctx, result, today))
    write_report(fmt, report, {Format.text: timeline_text, Format.markdown: timeline_markdown, Format.json: timeline_json}, output, force)


WithinOpt = Annotated[
    Optional[int],
    typer.Option("--within", min=0, metavar="DAYS", help="Only what opens within this many days (overdue items are always shown).", show_default=False),
]


def next_(
    ctx: typer.Context,
    records: RecordsOpt = None,
    fmt: FormatOpt = Format.text,
    output: OutputOpt = None,
    force: ForceOpt = False,
    country: CountryOpt = None,
    within: WithinOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    as_of: AsOfOpt = None,
    strict: StrictOpt = False,
) -> None:
    """What comes next: planned meetings, open and overdue commitments, series rhythm (-f ics: a calendar)."""
    require_format(fmt, (*REPORT_FORMATS, Format.ics), "next")
    today = common.today_or(as_of)  # looked up on the module: tests may fix 'today'
    start, end = since_until(since, until)
    codes = tuple(dict.fromkeys(country_code(c, "--country") for c in country or ()))
    result = load_records(records, today, strict=strict)

    from briefing.render.ics import next_ics
    from briefing.render.next import next_json, next_markdown, next_text
    from briefing.reports.common import MeetingFilter
    from briefing.reports.next import next_report

    report = next_report(
        result.meetings,
        result.series,
        report_meta(ctx, result, today),
        countries=codes,
        within=within,
        flt=MeetingFilter(since=start, until=end),
    )
    renderers = {Format.text: next_text, Format.markdown: next_markdown, Format.json: next_json, Format.ics: next_ics}
    write_report(fmt, report, renderers, output, force)


def register(app: typer.Typer) -> None:
    app.command("next", cls=ReportCommand)(next_)
    for command in (country, timeline):
        app.command(cls=ReportCommand)(command)
