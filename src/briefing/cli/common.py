"""What every command shares: option types declared once, loading, failing cleanly, writing output.

The CLI is the only layer that touches stdout, stderr and exit codes. Heavy modules (pydantic,
rich, the reports) are imported inside functions so that `briefing --help` and shell completion
stay fast.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, Optional

import typer

from briefing.cli.streams import OutputFailed, _widen_pipe, drop_stdout, say, write_stdout  # noqa: F401

if TYPE_CHECKING:
    from briefing.dates import FuzzyDate
    from briefing.loader import LoadResult

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class Format(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"
    ics = "ics"
    jsonl = "jsonl"
    csv = "csv"


# -- options declared once ---------------------------------------------------------------------

RecordsOpt = Annotated[
    Optional[Path],
    typer.Option(
        "--records",
        help="Folder of records [default: $BRIEFING_RECORDS, else records in the config file (briefing config), else ./records, else the bundled records].",
        show_default=False,
        file_okay=False,
    ),
]
# -f/--format: `briefing.cli.output.format_option(...)`, with the formats of each command.
OutputOpt = Annotated[  # a string, so that '-' and './-' differ: see briefing.cli.output.destination
    Optional[str],
    typer.Option(
        "--output", "-o", metavar="FILE", show_default=False,
        help="Write to this file (atomically) instead of standard output; '-' is standard output.",
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="With --output: replace an existing file.")]
SinceOpt = Annotated[Optional[str], typer.Option("--since", help="Only meetings that may fall on or after this date: 2017, 2017-05 or 2017-05-01.")]
UntilOpt = Annotated[Optional[str], typer.Option("--until", help="Only meetings that may fall on or before this date: 2017, 2017-05 or 2017-05-01.")]
AsOfOpt = Annotated[Optional[str], typer.Option("--as-of", help="Take this day as today (YYYY-MM-DD) [default: today].", show_default=False)]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Exit 1 without a report if any record fails to load.")]
HomeOpt = Annotated[
    Optional[str],
    typer.Option(
        "--home",
        metavar="COUNTRY|ORGANIZATION|none",
        help="Whose briefing it is: a country (code or name) or an organization the records name; 'none' for no home side "
        "[default: $BRIEFING_HOME_SIDE, else [home] in the records folder's briefing.toml, else in the config file].",
        show_default=False,
    ),
]


# -- failing cleanly ---------------------------------------------------------------------------


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """An expected failure: one clear line on stderr and the exit code."""
    from briefing.text import one_line  # a message may quote an argument, which may hold ESC or a newline

    say(f"briefing: {one_line(message)}\n")
    raise typer.Exit(code)


def fail_unloaded(shown: str, record_id: str) -> NoReturn:
    """Exit 1: the record asked for is in a file that did not load (its problems are printed)."""
    fail(f"{shown} has problems; fix them first (briefing check, briefing edit {record_id})", EXIT_PROBLEMS)


def unloaded(folder: Path, result: LoadResult, record_id: str) -> None:
    """Exit 1 when the record asked for is there but its file did not load: it is no typo, and
    no other record is what was meant (its problems were named while loading)."""
    if not result.skipped:
        return
    from briefing.loader import discover, is_series_file, shown_path

    for path in discover(folder):
        if path.stem == record_id and not is_series_file(path, folder) and (shown := shown_path(path, folder)) in result.skipped:
            fail_unloaded(shown, record_id)


def warn(message: str) -> None:
    from briefing.text import one_line

    say(f"{one_line(message)}\n")


def require_format(fmt: Format, allowed: tuple[Format, ...], command: str) -> None:
    """Reject an unsupported report/format pair before doing any work."""
    if fmt not in allowed:
        names = ", ".join(f.value for f in allowed)
        fail(f"'{command}' cannot be written as {fmt.value}; choose one of: {names}")


# -- dates -------------------------------------------------------------------------------------


def today_or(as_of: str | None) -> dt.date:
    if as_of is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(as_of)
    except ValueError:
        fail(f"--as-of: '{as_of}' is not a day; use YYYY-MM-DD, e.g. 2024-08-01")


def date_option(value: str | None, option: str) -> FuzzyDate | None:
    if value is None:
        return None
    from briefing.dates import DateError, parse_date

    try:
        return parse_date(value)
    except DateError as exc:
        fail(f"{option}: {exc}")


def since_until(since: str | None, until: str | None) -> tuple[dt.date | None, dt.date | None]:
    """--since keeps what may fall on or after its first day; --until, on or before its last."""
    s, u = date_option(since, "--since"), date_option(until, "--until")
    start = s.earliest if s else None
    end = u.latest if u else None
    if start and end and end < start:
        fail(f"--until {until} is before --since {since}")
    return start, end


# -- records -----------------------------------------------------------------------------------


def records_folder(option: Path | None) -> Path:
    """--records, else $BRIEFING_RECORDS, else the config file's `records`, else ./records, else
    the bundled records."""
    from briefing.loader import records_dir

    if option is None and not os.environ.get("BRIEFING_RECORDS"):
        from briefing.cli.config import configured_records

        configured = configured_records()
        if configured is not None:
            return configured
    return records_dir(option)


def load_folder(folder: Path, today: dt.date) -> LoadResult:
    """Load a records folder through the cache ($BRIEFING_CACHE_DIR, else the user's cache folder;
    BRIEFING_NO_CACHE=1 turns it off). Trouble with the cache is a warning, never an error."""
    from briefing.cache import RecordCache, default_dir
    from briefing.loader import load

    where = default_dir()
    cache = RecordCache(where) if where is not None else None
    from briefing.cli.screen import loading

    with loading(folder):  # a spinner on stderr at a terminal, if it takes a while
        result = load(folder, today, cache)
    for message in cache.warnings if cache is not None else ():
        warn(message)
    return result


def load_records(option: Path | None, today: dt.date, *, strict: bool = False, as_it_was: bool = True) -> LoadResult:
    """Load the records for a report: name skipped files on stderr; --strict stops on them.

    The records are as they stood on `today` (the --as-of day; `reports.as_of`): a status
    changed, a commitment kept or a source added after that day is not there yet, and a meeting
    not yet on record that day (held later, known only from later sources) is left out (in
    `later`); with as_it_was=False, as the files hold them now (`show`)."""
    import dataclasses

    folder = records_folder(option)
    if not folder.is_dir():
        fail(f"records folder '{folder}' does not exist" if not folder.exists() else f"'{folder}' is not a folder")
    result = load_folder(folder, today)
    from briefing.cli.which import say_which

    say_which(option, folder, len(result.meetings))
    if as_it_was:
        from briefing.reports.as_of import as_of_day

        then = as_of_day(result.meetings, result.series, today)
        result = dataclasses.replace(result, meetings=then.meetings, series=then.series, later=then.later)
    if result.errors:
        for problem in result.errors:
            warn(str(problem))
        if strict:
            fail(f"{len(result.errors)} problem(s) in the records (--strict); run 'briefing check'", EXIT_PROBLEMS)
        if result.skipped:
            warn(f"briefing: skipped {len(result.skipped)} file(s) with problems; run 'briefing check' for details")
        else:
            warn(f"briefing: {len(result.errors)} problem(s) across the records; run 'briefing check' for details")
    return result


# -- the home side -----------------------------------------------------------------------------


def home_side(option: str | None, result: LoadResult, counterpart: str | None = None):  # type: ignore[no-untyped-def]
    """The home side: --home (a country, an organization the records name, or 'none'), else the
    folder's briefing.toml (a file with problems is named on stderr by load_records and not used),
    else none. An unknown --home exits 2 with a suggestion, and so does a home side that is the
    `counterpart` country itself (a briefing is on a counterpart)."""
    side = _home_side(option, result)
    if side is not None and counterpart is not None and side.is_country(counterpart):
        fail(
            f"NAME: {side.name} is the home side (from {side.set_by}); a briefing is on a counterpart: name another country, "
            f"or add --home none for a note on {side.name} with no home side"
        )
    return side


def _home_side(option: str | None, result: LoadResult):  # type: ignore[no-untyped-def]
    from briefing.reports.home import Home, home_of_country, home_of_setting, organizations_named

    label = "--home"
    if option is None and os.environ.get("BRIEFING_HOME_SIDE", "").strip():
        option, label = os.environ["BRIEFING_HOME_SIDE"], "$BRIEFING_HOME_SIDE"
    if option is None:
        if result.settings is not None and result.settings.home is not None:
            return home_of_setting(result.settings.home, "briefing.toml")
        from briefing.cli.config import FROM_CONFIG, user_config

        config = user_config().config
        if config is None or config.home is None:
            return None
        return home_of_setting(config.home, FROM_CONFIG)
    wanted = option.strip()
    if wanted.casefold() == "none":
        return None
    from briefing.countries import resolve, suggest
    from briefing.text import normalise_phrase

    country = resolve(wanted)
    if country is not None:
        return home_of_country(country.code, label)
    named = organizations_named(result.meetings)
    key = normalise_phrase(wanted)
    if key in named:
        return Home(organization=named[key], name=named[key], set_by=label)
    import difflib

    close = [*suggest(wanted), *(named[k] for k in difflib.get_close_matches(key, list(named), n=2, cutoff=0.6))]
    hint = f"; did you mean {' or '.join(close)}?" if close else "; give a country (code or name), an organization the records name, or none"
    shown = wanted if len(wanted) <= 40 else wanted[:37] + "..."
    fail(f"{label}: '{shown}' is neither a country nor an organization the records name{hint}")


# -- output ------------------------------------------------------------------------------------


def emit(content: str | Iterable[bytes], output: Path | None, force: bool, *, json: bool = False) -> None:
    """Write a rendered report (text, or UTF-8 in pieces) to stdout, or atomically to --output.
    `json`: the content is JSON (written whole in any encoding of stdout; see cli.streams)."""
    if output is None:
        try:
            write_stdout(content, json=json)
        except BrokenPipeError:
            # Not an error of ours. (Caught here: typer would make a broken pipe exit 1.)
            drop_stdout()
            raise typer.Exit(EXIT_OK) from None
        except OutputFailed as exc:
            drop_stdout()
            fail(str(exc), EXIT_PROBLEMS)
        return
    from briefing.atomic import WriteError, write_atomic

    try:
        write_atomic(output, content.encode("utf-8") if isinstance(content, str) else content, overwrite=force)
    except WriteError as exc:
        fail(str(exc), EXIT_PROBLEMS)
    from briefing.text import one_line

    say(f"wrote {one_line(str(output))}\n")
