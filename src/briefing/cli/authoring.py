"""The command that writes a new record: `new` (one meeting record, checked before it is written)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from briefing.cli import complete
from briefing.cli.common import (
    EXIT_PROBLEMS,
    EXIT_USAGE,
    AsOfOpt,
    fail,
    today_or,
    warn,
)

EXIT_INTERNAL = 70


def _interactive() -> bool:
    """Ask for missing values only when a person is at a terminal."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


# -- where the record goes ---------------------------------------------------------------------


def _configured() -> Path | None:
    from briefing.cli.config import configured_records

    return configured_records()


def _target_folder(option: Path | None) -> Path:
    """--records, else $BRIEFING_RECORDS, else the config file's records folder, else ./records;
    never the records bundled with the tool."""
    import os

    if option is not None:
        folder = option
    elif os.environ.get("BRIEFING_RECORDS"):
        folder = Path(os.environ["BRIEFING_RECORDS"])
    elif _configured() is not None:
        folder = _configured()  # type: ignore[assignment]
    elif (Path.cwd() / "records").is_dir():
        folder = Path("records")
    else:
        fail("where should the record go? give --records DIR (or set $BRIEFING_RECORDS, or run it beside a records/ folder)")
    if folder.exists() and not folder.is_dir():
        fail(f"'{folder}' is not a folder")
    if not folder.exists() and not folder.parent.is_dir():
        fail(f"records folder '{folder}' does not exist, nor does '{folder.parent}'")
    return folder


def _schema_ref(folder: Path) -> str:
    """The `#:schema` reference for a record written at the top of `folder`.

    Uses `<records>/.schema/meeting.schema.json` if there, else `../schema/meeting.schema.json`
    beside the records folder (a checkout of briefing itself), else creates the former. A schema
    older than this version is left alone, with a hint on stderr.
    """
    import json

    from briefing.atomic import WriteError, write_atomic
    from briefing.authoring.record import SCHEMA_DIR, SCHEMA_FILE
    from briefing.authoring.schema import schema_text

    current = schema_text()
    local = folder / SCHEMA_DIR / SCHEMA_FILE
    beside = folder.parent / "schema" / SCHEMA_FILE
    candidates = [(local, f"./{SCHEMA_DIR}/{SCHEMA_FILE}"), (beside, f"../schema/{SCHEMA_FILE}")]
    for path, ref in candidates:
        try:
            text = path.read_text(encoding="utf-8")
            ours = json.loads(text).get("title") == json.loads(current)["title"]
        except (OSError, ValueError, AttributeError):
            continue
        if ours:
            if text != current:
                warn(f"note: {path} is out of date; refresh it with: briefing schema -o {path} --force")
            return ref
    try:
        local.parent.mkdir(exist_ok=True)
        write_atomic(local, current.encode("utf-8"), overwrite=False)
        warn(f"wrote {local} (the editor schema the new record points to)")
    except (OSError, WriteError) as exc:
        warn(f"note: could not write the editor schema {local}: {exc}")
    return candidates[0][1]


# -- asking --------------------------------------------------------------------------------------


def _ask_date(text: str) -> str:
    from briefing.dates import DateError, parse_date

    try:
        parse_date(text.strip())
    except DateError as exc:
        raise typer.BadParameter(str(exc)) from None
    return text.strip()


def _ask_kind(text: str) -> str:
    from briefing.authoring.record import DraftError, choice
    from briefing.model import Kind

    try:
        return choice(text, [k.value for k in Kind], "kind") or "other"
    except DraftError as exc:
        raise typer.BadParameter(exc.message) from None


def _ask_countries(text: str) -> list[str]:
    from briefing.countries import resolve, suggest

    names = [n.strip() for n in text.split(",") if n.strip()]
    for name in names:
        if resolve(name) is None:
            hint = suggest(name)
            raise typer.BadParameter(f"unknown country '{name}'" + (f" (did you mean {' or '.join(hint)}?)" if hint else ""))
    return names


def _ask_missing(title: str | None, date: str | None, sources: list[str], kind: str | None, countries: list[str]) -> tuple[str, str, list[str], str | None, list[str]]:
    """Prompt for the required values not given; when any was missing, offer kind and countries too."""
    asked = False
    if not title or not title.strip():
        title = typer.prompt("Title", value_proc=lambda v: v if v.strip() else _empty("a title"), err=True)
        asked = True
    if not date:
        date = typer.prompt("Date (2024-08-09, 2024-08, 2024, 2024-08~ ...)", value_proc=_ask_date, err=True)
        asked = True
    if not sources:
        sources = [typer.prompt("Source (URL or citation)", value_proc=lambda v: v if v.strip() else _empty("a source"), err=True)]
        while True:
            more = typer.prompt("Another source (Enter to finish)", default="", show_default=False, err=True)
            if not more.strip():
                break
            sources.append(more)
        asked = True
    if asked and kind is None:
        from briefing.model import Kind

        kind = typer.prompt(f"Kind ({', '.join(k.value for k in Kind)})", default="other", value_proc=_ask_kind, err=True)
    if asked and not countries:
        countries = typer.prompt("Countries (codes or names, comma-separated; Enter for none)", default="", show_default=False, value_proc=_ask_countries, err=True)
    return title, date, sources, kind, countries  # type: ignore[return-value]


def _empty(what: str) -> str:
    raise typer.BadParameter(f"give {what}")


# -- commands ----------------------------------------------------------------------------------


def _series_id(name: str, series: tuple) -> str:  # type: ignore[type-arg]
    """--series by id, name or alias (any case, accents ignored) → its id, or exit 2 naming the ids."""
    from briefing.reports.series import find_series
    from briefing.wording import closest

    found = find_series(name, series)
    if found is not None:
        return found.id
    names = {n: s.id for s in series for n in (s.id, s.name, *s.aliases)}
    close = closest(name, names)
    hint = f" (did you mean '{names[close]}'?)" if close else ""
    known = ", ".join(sorted(s.id for s in series)) or "none (add series/<id>.toml to the records folder)"
    fail(f"--series: no series '{name}'{hint}; known series: {known}")


def _ask_status(date: str, today: object) -> str:
    from briefing.authoring.record import DraftError, choice
    from briefing.dates import parse_date
    from briefing.model import Status

    default = Status.planned.value if parse_date(date.strip()).earliest > today else Status.held.value  # type: ignore[operator]

    def check(text: str) -> str:
        try:
            return choice(text, [s.value for s in Status], "status") or default
        except DraftError as exc:
            raise typer.BadParameter(exc.message) from None

    return typer.prompt(f"Status ({', '.join(s.value for s in Status)})", default=default, value_proc=check, err=True)


def new(
    records: Annotated[
        Optional[Path],
        typer.Option("--records", metavar="DIR", file_okay=False, show_default=False,
                     help="Folder to write into [default: $BRIEFING_RECORDS, else ./records; never the bundled records]."),
    ] = None,
    title: Annotated[Optional[str], typer.Option("--title", metavar="TEXT", help="The meeting's name as the sources give it.")] = None,
    date: Annotated[Optional[str], typer.Option("--date", metavar="DATE", help="As precise as the source: 2024-08-09, 2024-08, 2024, 2018-21 (spring), 2018-01~, 2018?, 2018-01-21/2018-01-31.")] = None,
    kind: Annotated[Optional[str], typer.Option("--kind", metavar="KIND", help="summit, foreign-ministers, senior-officials, ambassadors, visit, call, ... [default: other]", autocompletion=complete.kinds, show_default=False)] = None,
    country: Annotated[Optional[list[str]], typer.Option("--country", metavar="COUNTRY", help="A country taking part: ISO code or name (repeat for each); written as its code.", autocompletion=complete.countries)] = None,
    series: Annotated[Optional[str], typer.Option("--series", metavar="SERIES", help="The series (dialogue track) it belongs to: its id, name or an alias.", autocompletion=complete.series_ids)] = None,
    round_: Annotated[Optional[int], typer.Option("--round", metavar="N", min=0, help="Its number within the series.")] = None,
    city: Annotated[Optional[str], typer.Option("--city", metavar="TEXT", help="The city it was held in.")] = None,
    status: Annotated[Optional[str], typer.Option("--status", metavar="STATUS", help="held, planned, postponed or cancelled [default: asked at a terminal; else planned if dated after today, else held].", autocompletion=complete.statuses, show_default=False)] = None,
    mode: Annotated[Optional[str], typer.Option("--mode", metavar="MODE", help="in-person, video, phone or hybrid; only when a source says so.")] = None,
    participant: Annotated[Optional[list[str]], typer.Option("--participant", metavar="'NAME, ROLE, COUNTRY'", help="Someone who took part: name, then role and country if known (repeat for each); a name of a person on record (records/people/) gets their person id.", autocompletion=complete.people)] = None,
    topic: Annotated[Optional[list[str]], typer.Option("--topic", metavar="TEXT", help="A topic discussed (repeat for each).")] = None,
    outcome: Annotated[Optional[list[str]], typer.Option("--outcome", metavar="TEXT", help="What was decided, signed or agreed (repeat for each).")] = None,
    commitment: Annotated[Optional[list[str]], typer.Option("--commitment", metavar="TEXT", help="What was promised for later (repeat for each).")] = None,
    due: Annotated[Optional[list[str]], typer.Option("--due", metavar="DATE", help="By when: the first --due goes with the first --commitment, and so on ('-' for none).")] = None,
    realises: Annotated[Optional[str], typer.Option("--realises", metavar="ID", help="The planned (or cancelled, postponed) meeting this one was held in place of; its series and round are taken unless given.", autocompletion=complete.record_ids)] = None,
    source: Annotated[Optional[list[str]], typer.Option("--source", metavar="URL|CITATION", help="A URL or a citation (repeat for each; at least one).")] = None,
    summary: Annotated[Optional[str], typer.Option("--summary", metavar="TEXT", help="What happened, in a few sentences.")] = None,
    record_id: Annotated[Optional[str], typer.Option("--id", metavar="ID", help="The record's id and file name [default: the date and the title, e.g. 2024-08-09-central-asia-japan-summit].", show_default=False)] = None,
    as_of: AsOfOpt = None,
) -> None:
    """Write a new meeting record (never replaces a file); prints the path written.

    Missing values are asked for at a terminal (the status too); otherwise --title, --date and
    --source are required. The record is checked as `briefing check` would before anything is
    written.
    """
    from briefing.authoring.lock import LockBusy, records_lock
    from briefing.authoring.record import Draft, DraftError, build
    from briefing.cli.common import load_folder
    from briefing.loader import shown_path

    today = today_or(as_of)
    countries, topics, sources = list(country or []), list(topic or []), list(source or [])
    interactive = _interactive()
    if interactive:
        title, date, sources, kind, countries = _ask_missing(title, date, sources, kind, countries)
    missing = [opt for opt, value in (("--title", title), ("--date", date), ("--source", sources)) if not value]
    if missing:
        fail(f"missing {', '.join(missing)} (no terminal to ask on); e.g. briefing new --title '...' --date 2024-08-09 --source https://...")
    assert title is not None and date is not None
    if interactive and status is None:
        from briefing.dates import DateError, parse_date

        try:
            parse_date(date.strip())
        except DateError as exc:
            fail(f"--date: {exc}")
        status = _ask_status(date, today)
    folder = _target_folder(records)
    existing = load_folder(folder, today) if folder.is_dir() else None
    notes: list[str] = []
    if series is not None and existing is not None:
        series = _series_id(series, existing.series)
    if realises is not None and existing is not None:
        realises = realises.strip().removesuffix(".toml")
        target = next((m for m in existing.meetings if m.id == realises), None)
        if target is not None and series is None and target.series is not None:
            series = target.series
            if round_ is None and target.round is not None:
                round_ = target.round
            notes.append(f"note: series '{series}'" + (f", round {round_}" if round_ is not None else "") + f" taken from {realises}")
    draft = Draft(
        title=title,
        date=date,
        sources=tuple(sources),
        kind=kind,
        status=status,
        countries=tuple(countries),
        series=series,
        round=round_,
        city=city,
        topics=tuple(topics),
        summary=summary,
        record_id=record_id,
        mode=mode,
        participants=tuple(participant or ()),
        outcomes=tuple(outcome or ()),
        commitments=tuple(commitment or ()),
        dues=tuple(due or ()),
        realises=realises,
    )
    try:
        built = build(draft, today)
    except DraftError as exc:
        fail(str(exc), EXIT_USAGE)
    if existing is not None:
        from briefing.authoring.record import known_people

        built = known_people(built, existing.registry)  # participants that are people on record

    path = folder / f"{built.record_id}.toml"
    if not folder.exists():
        if built.data.get("series"):
            fail(f"--series: no series '{built.data['series']}'; '{folder}' does not exist yet")
        if built.data.get("realises"):
            fail(f"--realises: no record '{built.data['realises']}'; '{folder}' does not exist yet")
        try:
            folder.mkdir(exist_ok=True)
        except OSError as exc:
            fail(f"cannot create folder {folder}: {exc.strerror or exc}", EXIT_PROBLEMS)
        warn(f"created folder {folder}")
    try:
        # From the check to the write, one writer at a time: another `new` cannot claim the same
        # id or round in between.
        with records_lock(folder):
            _check_and_write(built, folder, path, today)
    except LockBusy as exc:
        fail(str(exc), EXIT_PROBLEMS)
    for note in (*notes, *built.notes):
        warn(note)
    from briefing.cli.streams import OutputFailed, drop_stdout, write_stdout
    from briefing.text import one_line

    try:
        write_stdout(f"{one_line(shown_path(path, folder))}\n")
    except BrokenPipeError:
        drop_stdout()
    except OutputFailed as exc:
        drop_stdout()
        fail(f"{shown_path(path, folder)} was written, but {exc}", EXIT_PROBLEMS)


def _check_and_write(built, folder: Path, path: Path, today) -> None:  # type: ignore[no-untyped-def]
    """Check the new record against the folder as it is now, then write it (under the lock)."""
    from briefing.atomic import WriteError, write_atomic
    from briefing.authoring.record import DraftError, RecordExists, check_against, render
    from briefing.cache import RecordCache, default_dir
    from briefing.loader import discover, load, parse_record, shown_path

    # Read again under the lock: what another writer left. (Through the cache, whose warnings,
    # if any, the first reading gave already.)
    where = default_dir()
    existing = load(folder, today, RecordCache(where) if where is not None else None)
    taken = {p.stem: shown_path(p, folder) for p in discover(folder)}
    try:
        check_against(built, existing.meetings, existing.series, taken, today)
    except RecordExists as exc:
        fail(str(exc), EXIT_PROBLEMS)
    except DraftError as exc:
        fail(str(exc), EXIT_USAGE)
    if path.exists():
        fail(f"{shown_path(path, folder)} already exists; nothing was written", EXIT_PROBLEMS)
    raw = render(built.data, _schema_ref(folder))
    record, problems = parse_record(raw, path, folder, shown_path(path, folder))
    if record is None or problems:
        details = "; ".join(str(p) for p in problems)
        fail(f"internal error: the new record would not pass check ({details}); nothing was written", EXIT_INTERNAL)
    try:
        write_atomic(path, raw, overwrite=False)
    except WriteError as exc:
        fail(str(exc), EXIT_PROBLEMS)


def register(app: typer.Typer) -> None:
    app.command()(new)
