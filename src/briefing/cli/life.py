"""Keeping records current: `held`, `cancel`, `postpone`, `done`, `drop` (changes made in place).

Every command finds the record by its id in the folder it writes to (--records, else
$BRIEFING_RECORDS, else ./records; never the bundled records), makes its change to the file's
TOML with comments and layout kept, checks the whole record and the folder as `briefing check`
would, and writes the file atomically, holding the folder's lock from the check to the write.
`-n/--dry-run` prints the change as a diff and writes nothing. Exit 2 for a value that cannot be
taken, 1 when the change would break the records or the file cannot be written; nothing changes.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from briefing.cli import complete
from briefing.cli.common import EXIT_PROBLEMS, EXIT_USAGE, AsOfOpt, fail, fail_unloaded, today_or, warn

if TYPE_CHECKING:
    import datetime as dt

    from briefing.authoring.life import Plan
    from briefing.loader import LoadResult
    from briefing.model import Meeting

WriteRecordsOpt = Annotated[
    Optional[Path],
    typer.Option(
        "--records", metavar="DIR", file_okay=False, show_default=False,
        help="Folder of the record [default: $BRIEFING_RECORDS, else ./records; never the bundled records].",
    ),
]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", "-n", help="Print the change as a diff; write nothing.")]
IdArg = Annotated[str, typer.Argument(metavar="ID", help="The record's id (its file name without .toml).", autocompletion=complete.record_ids)]
NumberArg = Annotated[int, typer.Argument(metavar="N", help="Which commitment: 1 for the first, as 'briefing show ID' numbers them.")]
SourceOpt = Annotated[Optional[str], typer.Option("--source", metavar="URL|CITATION", help="Where this is reported: added to the record's [[sources]] and named in its history.")]
SourceTitleOpt = Annotated[Optional[str], typer.Option("--source-title", metavar="TEXT", help="The title of the --source (default: the URL itself).")]
ReasonOpt = Annotated[Optional[str], typer.Option("--reason", metavar="TEXT", help="Why, as the source says.")]
NoteOpt = Annotated[Optional[str], typer.Option("--note", metavar="TEXT", help="What the source says about it.")]


@contextlib.contextmanager
def writing(folder: Path) -> Iterator[None]:
    """Hold the records folder for one writer, from the check to the write (briefing.authoring.lock):
    another command that writes a record waits; one that has waited too long is refused (exit 1)."""
    from briefing.authoring.lock import LockBusy, records_lock

    with contextlib.ExitStack() as held:
        try:
            held.enter_context(records_lock(folder))
        except LockBusy as exc:
            fail(str(exc), EXIT_PROBLEMS)
        yield


def writing_folder(option: Path | None) -> Path:
    """The folder a command changes records in: it must exist, and is never the bundled one."""
    import os

    from briefing.cli.authoring import _target_folder

    if option is None and not os.environ.get("BRIEFING_RECORDS") and not (Path.cwd() / "records").is_dir():
        fail("which records folder? give --records DIR (or set $BRIEFING_RECORDS, or run it beside a records/ folder); "
             "the records bundled with briefing are never changed")
    folder = _target_folder(option)
    if not folder.is_dir():
        fail(f"records folder '{folder}' does not exist")
    return folder


def find_record(folder: Path, result: LoadResult, record_id: str) -> tuple[Path, Meeting]:
    """The file and loaded record of an id; exit 2 (did you mean) or 1 (it does not load)."""
    from briefing.loader import discover, is_series_file, shown_path
    from briefing.wording import closest

    record_id = record_id.removesuffix(".toml")
    paths = [p for p in discover(folder) if p.stem == record_id and not is_series_file(p, folder)]
    if not paths:
        ids = [m.id for m in result.meetings]
        close = closest(record_id, ids)
        hint = f" (did you mean '{close}'?)" if close else "; 'briefing timeline' lists the records"
        fail(f"no record '{record_id}' in {folder}{hint}")
    if len(paths) > 1:
        fail(f"{len(paths)} records have the id '{record_id}': {', '.join(shown_path(p, folder) for p in paths)}; rename one first", EXIT_PROBLEMS)
    path = paths[0]
    shown = shown_path(path, folder)
    for m in result.meetings:
        if m.path == shown:
            return path, m
    for problem in result.problems:
        if problem.path == shown:
            warn(str(problem))
    fail_unloaded(shown, record_id)


def change_record(
    records: Path | None,
    record_id: str,
    make: Callable[[Meeting, dict[str, Meeting], dt.date, list[str]], Plan],
    done: str,
    dry_run: bool,
    as_of: str | None,
) -> None:
    """Find the record, plan the change, check it, and write it (or show it with --dry-run).

    `make` gets the record, the other loaded meetings by id (`also` names those it needs), today
    and every record's id; `done` says on stderr what was done."""
    from briefing.atomic import WriteError, write_atomic
    from briefing.authoring.edit import EditRefused, change_text, checked
    from briefing.authoring.record import DraftError
    from briefing.cli.common import load_folder

    today = today_or(as_of)
    folder = writing_folder(records)
    with writing(folder):
        result = load_folder(folder, today)
        path, meeting = find_record(folder, result, record_id)
        try:
            plan = make(meeting, {m.id: m for m in result.meetings}, today, [m.id for m in result.meetings])
        except DraftError as exc:
            fail(str(exc), EXIT_USAGE)
        try:
            raw = path.read_bytes()
            after = change_text(raw, meeting.path, plan.change)
            change = checked(folder, path, meeting.path, raw, after, result.meetings, result.series, today)
        except EditRefused as exc:
            for problem in exc.problems:
                warn(str(problem))
            fail(str(exc), EXIT_PROBLEMS)
        except OSError as exc:
            fail(f"cannot read {meeting.path}: {exc.strerror or exc}", EXIT_PROBLEMS)
        if dry_run:
            from briefing.text import clean

            sys.stdout.write(clean(change.diff()))
            warn("dry run: nothing was written")
            return
        try:
            if path.read_bytes() != raw:
                fail(f"{meeting.path} changed while briefing was changing it; nothing was written (run the command again)", EXIT_PROBLEMS)
            write_atomic(path, after, overwrite=True)
        except WriteError as exc:
            fail(str(exc), EXIT_PROBLEMS)
        except OSError as exc:
            fail(f"cannot read {meeting.path}: {exc.strerror or exc}; nothing was written", EXIT_PROBLEMS)
    for note in plan.notes:
        warn(note)
    warn(done)
    sys.stdout.write(f"{meeting.path}\n")


# -- commands ----------------------------------------------------------------------------------------


def held(
    record_id: IdArg,
    date: Annotated[Optional[str], typer.Option("--date", metavar="DATE", help="When it was held, as the source says (may be more precise than the plan) [default: the planned date].", show_default=False)] = None,
    source: SourceOpt = None,
    source_title: SourceTitleOpt = None,
    note: NoteOpt = None,
    records: WriteRecordsOpt = None,
    dry_run: DryRunOpt = False,
    as_of: AsOfOpt = None,
) -> None:
    """A planned meeting was held: its status becomes held, dated history kept."""
    from briefing.authoring import life

    def make(m, meetings, today, known):  # type: ignore[no-untyped-def]
        return life.held(m, date, life.SourceArg(source, source_title), note, today)

    change_record(records, record_id, make, f"marked {record_id} held", dry_run, as_of)


def cancel(
    record_id: IdArg,
    on: Annotated[str, typer.Option("--on", metavar="DATE", help="When it was called off, as the source says.")],
    reason: ReasonOpt = None,
    source: SourceOpt = None,
    source_title: SourceTitleOpt = None,
    records: WriteRecordsOpt = None,
    dry_run: DryRunOpt = False,
    as_of: AsOfOpt = None,
) -> None:
    """A planned meeting was cancelled: it releases its round of the series."""
    from briefing.authoring import life

    def make(m, meetings, today, known):  # type: ignore[no-untyped-def]
        return life.cancel(m, on, reason, life.SourceArg(source, source_title), today)

    change_record(records, record_id, make, f"marked {record_id} cancelled", dry_run, as_of)


def postpone(
    record_id: IdArg,
    on: Annotated[str, typer.Option("--on", metavar="DATE", help="When it was put off, as the source says.")],
    to: Annotated[Optional[str], typer.Option("--to", metavar="DATE", help="Its new date, if one is given.")] = None,
    reason: ReasonOpt = None,
    source: SourceOpt = None,
    source_title: SourceTitleOpt = None,
    records: WriteRecordsOpt = None,
    dry_run: DryRunOpt = False,
    as_of: AsOfOpt = None,
) -> None:
    """A planned meeting was postponed (to a new date, with --to)."""
    from briefing.authoring import life

    def make(m, meetings, today, known):  # type: ignore[no-untyped-def]
        return life.postpone(m, on, to, reason, life.SourceArg(source, source_title), today)

    change_record(records, record_id, make, f"marked {record_id} postponed", dry_run, as_of)


def done(
    record_id: IdArg,
    number: NumberArg,
    by: Annotated[Optional[str], typer.Option("--by", metavar="ID", help="The held meeting that kept it (its record id).", autocompletion=complete.record_ids)] = None,
    on: Annotated[Optional[str], typer.Option("--on", metavar="DATE", help="When it was done [default: the --by meeting's date, else today].", show_default=False)] = None,
    source: SourceOpt = None,
    source_title: SourceTitleOpt = None,
    note: NoteOpt = None,
    records: WriteRecordsOpt = None,
    dry_run: DryRunOpt = False,
    as_of: AsOfOpt = None,
) -> None:
    """The Nth commitment of a record was kept (done), dated; open before that day."""
    from briefing.authoring import life

    def make(m, meetings, today, known):  # type: ignore[no-untyped-def]
        return life.done(m, number, by, on, life.SourceArg(source, source_title), note, meetings, today, known)

    change_record(records, record_id, make, f"marked commitment {number} of {record_id} done", dry_run, as_of)


def drop(
    record_id: IdArg,
    number: NumberArg,
    on: Annotated[Optional[str], typer.Option("--on", metavar="DATE", help="When it was given up [default: today].", show_default=False)] = None,
    reason: ReasonOpt = None,
    source: SourceOpt = None,
    source_title: SourceTitleOpt = None,
    records: WriteRecordsOpt = None,
    dry_run: DryRunOpt = False,
    as_of: AsOfOpt = None,
) -> None:
    """The Nth commitment of a record was given up (dropped), dated."""
    from briefing.authoring import life

    def make(m, meetings, today, known):  # type: ignore[no-untyped-def]
        return life.drop(m, number, on, reason, life.SourceArg(source, source_title), today)

    change_record(records, record_id, make, f"marked commitment {number} of {record_id} dropped", dry_run, as_of)


def register(app: typer.Typer) -> None:
    for command in (held, cancel, postpone, done, drop):
        app.command()(command)
