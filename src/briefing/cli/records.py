"""Commands about the records themselves: `check` and `show`."""

from __future__ import annotations

import typer

from briefing.cli import complete
from briefing.cli.output import destination, format_option, parse_format
from briefing.cli.screen import PagerOpt, WidthOpt, text_output
from briefing.cli.common import (
    EXIT_PROBLEMS,
    AsOfOpt,
    ForceOpt,
    Format,
    OutputOpt,
    RecordsOpt,
    emit,
    fail,
    load_records,
    records_folder,
    today_or,
    unloaded,
)

CHECK_FORMATS = (Format.text, Format.json)
SHOW_FORMATS = (Format.text, Format.markdown, Format.json)
CheckFormatOpt = format_option(*CHECK_FORMATS)
ShowFormatOpt = format_option(*SHOW_FORMATS)


def check(
    ctx: typer.Context,
    records: RecordsOpt = None,
    format_: CheckFormatOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Check every record and report every problem (exit 1 if any error; warnings alone exit 0)."""
    fmt = parse_format(format_, CHECK_FORMATS, "check") or Format.text
    from briefing.cli.common import load_folder
    from briefing.cli.reports import report_meta
    from briefing.render.problems import check_text

    folder = records_folder(records)
    if not folder.is_dir():
        fail(f"records folder '{folder}' does not exist" if not folder.exists() else f"'{folder}' is not a folder")
    today = today_or(as_of)
    result = load_folder(folder, today)
    from briefing.cli.which import say_which

    say_which(records, folder, len(result.meetings))
    untracked: set[str] = set()
    if result.problems:  # name the files git does not track: a draft fails a hook of a commit without it
        from briefing.vcs import untracked as not_in_git

        untracked = not_in_git(folder, (p.path for p in result.problems))
    from briefing.reports.check import check_report

    report = check_report(
        report_meta(ctx, result, today), result.files, len(result.meetings), len(result.series), result.problems, untracked,
        people=len(result.people), people_files=result.people_files,
    )
    if fmt is Format.json:
        from briefing.render.jsonout import dump_json

        emit(dump_json(report), None, False, json=True)
    else:
        emit(check_text(report), None, False)
    if result.errors:
        raise typer.Exit(EXIT_PROBLEMS)


def show(
    record_id: str = typer.Argument(..., metavar="ID", help="The record's id (its file name without .toml).", autocompletion=complete.record_ids),
    records: RecordsOpt = None,
    format_: ShowFormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    width: WidthOpt = None,
    pager: PagerOpt = True,
) -> None:
    """Show one record in full."""
    fmt, output = destination(format_, output, SHOW_FORMATS, "show")
    import datetime as dt
    import difflib

    from briefing.render.record import record_json, record_markdown, record_text

    result = load_records(records, dt.date.today(), as_it_was=False)
    by_id = {m.id: m for m in result.meetings}
    meeting = by_id.get(record_id)
    if meeting is None:
        unloaded(records_folder(records), result, record_id)
        close = difflib.get_close_matches(record_id, list(by_id), n=3, cutoff=0.4)
        if not close:
            close = [i for i in by_id if record_id.lower() in i.lower()][:3]
        hint = f"; did you mean: {', '.join(close)}" if close else "; 'briefing timeline' lists the records"
        fail(f"no record '{record_id}'{hint}")
    realised_by = tuple(m.id for m in result.meetings if m.realises == meeting.id)
    if fmt is Format.json:
        emit(record_json(meeting, realised_by), output, force, json=True)
    elif fmt is Format.markdown:
        emit(record_markdown(meeting, realised_by), output, force)
    else:
        text_output(lambda console: record_text(meeting, console, realised_by), output, force)


def register(app: typer.Typer) -> None:
    from briefing.cli.reports import ReportCommand

    app.command(cls=ReportCommand)(check)
    app.command(cls=ReportCommand)(show)
