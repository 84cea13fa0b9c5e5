"""A record's life after the article: held, cancelled, postponed; a commitment done or dropped.

Each function checks what the user asks against the record as it stands and returns the change
to make to its TOML document (see `authoring.edit`) with notes for the user. A change of status
is written as a dated `[[history]]` entry saying what the record said before, so that reports as
of an earlier day still see the meeting as it stood then (`briefing.history`). Nothing here
writes; a value that cannot be taken raises DraftError naming the option (exit 2).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from briefing.authoring.edit import add_source, append_table, set_key, table_at
from briefing.authoring.record import DraftError
from briefing.dates import DateError, FuzzyDate, parse_date
from briefing.model import CommitmentStatus, Meeting, Status

DocChange = Callable[[Any], None]


@dataclass(frozen=True)
class Plan:
    """What to change in a record, and what to tell the user about it (on stderr)."""

    change: DocChange
    notes: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class SourceArg:
    """--source URL (or citation) and --source-title."""

    text: str | None = None
    title: str | None = None


def day_option(value: str | None, option: str) -> FuzzyDate | None:
    if value is None:
        return None
    try:
        return parse_date(value.strip())
    except DateError as exc:
        raise DraftError(option, str(exc)) from None


def _not_after_today(date: FuzzyDate, today: dt.date, option: str, what: str) -> None:
    if date.earliest > today:
        raise DraftError(option, f"{date.display()} is after today ({today.isoformat()}); {what}")


def _check_source(source: SourceArg) -> None:
    if (not source.text or not source.text.strip()) and source.title:
        raise DraftError("--source-title", "give --source URL too (the title is that source's)")


def _source(doc: Any, source: SourceArg) -> str | None:
    if not source.text or not source.text.strip():
        return None
    return add_source(doc, source.text, source.title)


def _text(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


# -- meetings --------------------------------------------------------------------------------------


def held(m: Meeting, date: str | None, source: SourceArg, note: str | None, today: dt.date) -> Plan:
    """A planned (or postponed, or cancelled after all) meeting was held, on `date` if given."""
    _check_source(source)
    if m.status is Status.held:
        raise DraftError("ID", f"{m.id} is already marked held ({m.date.display()})")
    when = day_option(date, "--date") or m.date
    _not_after_today(when, today, "--date", "a meeting is marked held once it has taken place (give --date)")
    notes = []
    moved = when.text != m.date.text
    if moved and not when.overlaps(m.date.earliest, m.date.latest):
        notes.append(f"note: held {when.display()}, outside the date it was planned for ({m.date.display()})")

    def change(doc: Any) -> None:
        named = _source(doc, source)
        set_key(doc, "status", Status.held.value)
        entry: dict[str, Any] = {"status": Status.held.value, "on": when, "previous_status": m.status.value}
        if moved:
            set_key(doc, "date", when)
            set_key(doc, "date_text", None)
            entry |= {"previous_date": m.date, "previous_date_text": m.date_text}
        entry |= {"note": _text(note), "source": named}
        append_table(doc, "history", entry)

    return Plan(change, tuple(notes))


def cancel(m: Meeting, on: str, reason: str | None, source: SourceArg, today: dt.date) -> Plan:
    """A planned or postponed meeting was called off (on the day the source says)."""
    _check_source(source)
    if m.status in (Status.held, Status.cancelled):
        raise DraftError("ID", f"{m.id} is {m.status.value}; only a planned or postponed meeting can be cancelled")
    when = day_option(on, "--on")
    assert when is not None
    _not_after_today(when, today, "--on", "record a cancellation once it has been announced")

    def change(doc: Any) -> None:
        named = _source(doc, source)
        set_key(doc, "status", Status.cancelled.value)
        append_table(
            doc,
            "history",
            {"status": Status.cancelled.value, "on": when, "previous_status": m.status.value, "note": _text(reason), "source": named},
        )

    return Plan(change)


def postpone(m: Meeting, on: str, to: str | None, reason: str | None, source: SourceArg, today: dt.date) -> Plan:
    """A planned meeting was put off (on the day the source says), to a new date if one is given."""
    _check_source(source)
    if m.status in (Status.held, Status.cancelled):
        raise DraftError("ID", f"{m.id} is {m.status.value}; only a planned or postponed meeting can be postponed")
    when = day_option(on, "--on")
    new_date = day_option(to, "--to")
    assert when is not None
    _not_after_today(when, today, "--on", "record a postponement once it has been announced")
    if m.status is Status.postponed and new_date is None:
        raise DraftError("--to", f"{m.id} is already postponed; give --to DATE when it has a new date")
    if new_date is not None and new_date.text == m.date.text:
        raise DraftError("--to", f"{m.id} is already dated {m.date.display()}")
    notes = []
    if new_date is not None and new_date.latest < when.earliest:
        raise DraftError("--to", f"{new_date.display()} is before the postponement itself ({when.display()})")
    if new_date is None:
        notes.append(f"note: {m.id} keeps the date it was planned for ({m.date.display()}) until a new date is given (--to)")

    def change(doc: Any) -> None:
        named = _source(doc, source)
        set_key(doc, "status", Status.postponed.value)
        entry: dict[str, Any] = {"status": Status.postponed.value, "on": when, "previous_status": m.status.value}
        if new_date is not None:
            set_key(doc, "date", new_date)
            set_key(doc, "date_text", None)
            entry |= {"previous_date": m.date, "previous_date_text": m.date_text}
        entry |= {"note": _text(reason), "source": named}
        append_table(doc, "history", entry)

    return Plan(change, tuple(notes))


# -- commitments -----------------------------------------------------------------------------------


def _commitment(m: Meeting, number: int) -> int:
    """The 0-based place of the Nth commitment (numbered from 1, as `show` lists them)."""
    count = len(m.commitments)
    if count == 0:
        raise DraftError("N", f"{m.id} records no commitments")
    if not 1 <= number <= count:
        raise DraftError("N", f"{m.id} has {count} commitment{'s' if count != 1 else ''}: give 1 to {count} (as 'briefing show {m.id}' numbers them)")
    return number - 1


def done(
    m: Meeting, number: int, by: str | None, on: str | None, source: SourceArg, note: str | None,
    meetings: Mapping[str, Meeting], today: dt.date, known: Sequence[str] = (),
) -> Plan:
    """The Nth commitment was kept: by meeting `by` (a held record), on `on` (default: that
    meeting's date, else today). `meetings` holds the --by record if there is one; `known`:
    every record's id, for "did you mean"."""
    _check_source(source)
    i = _commitment(m, number)
    c = m.commitments[i]
    if c.status is CommitmentStatus.done:
        raise DraftError("N", f"commitment {number} of {m.id} is already done")
    fulfiller = None
    if by is not None:
        fulfiller = meetings.get(by)
        if fulfiller is None:
            from briefing.wording import did_you_mean

            raise DraftError("--by", f"no record '{by}'{did_you_mean(by, list(known) or list(meetings))}")
        if fulfiller.status is not Status.held:
            raise DraftError("--by", f"{by} is {fulfiller.status.value}, not held; mark it first: briefing held {by}")
    notes = []
    when = day_option(on, "--on")
    if when is None:
        if fulfiller is not None:
            when = fulfiller.date
        else:
            when = parse_date(today.isoformat())
            notes.append(f"note: dated today ({today.isoformat()}); give --on for the day it was done")
    _not_after_today(when, today, "--on", "record it once it has happened")
    if when.latest < m.date.earliest:
        raise DraftError("--on", f"{when.display()} is before the meeting it was made at ({m.date.display()})")

    def change(doc: Any) -> None:
        named = _source(doc, source)
        table = table_at(doc, "commitments", i)
        set_key(table, "status", CommitmentStatus.done.value)
        if by is not None:
            set_key(table, "fulfilled_by", by)
        append_table(
            table, "history",
            {"status": CommitmentStatus.done.value, "on": when, "previous_status": c.status.value, "note": _text(note), "source": named},
        )

    return Plan(change, tuple(notes))


def drop(m: Meeting, number: int, on: str | None, reason: str | None, source: SourceArg, today: dt.date) -> Plan:
    """The Nth commitment was given up (on `on`, default today)."""
    _check_source(source)
    i = _commitment(m, number)
    c = m.commitments[i]
    if c.status is not CommitmentStatus.open:
        raise DraftError("N", f"commitment {number} of {m.id} is already {c.status.value}")
    notes = []
    when = day_option(on, "--on")
    if when is None:
        when = parse_date(today.isoformat())
        notes.append(f"note: dated today ({today.isoformat()}); give --on for the day it was dropped")
    _not_after_today(when, today, "--on", "record it once it has happened")
    if when.latest < m.date.earliest:
        raise DraftError("--on", f"{when.display()} is before the meeting it was made at ({m.date.display()})")

    def change(doc: Any) -> None:
        named = _source(doc, source)
        table = table_at(doc, "commitments", i)
        set_key(table, "status", CommitmentStatus.dropped.value)
        append_table(
            table, "history",
            {"status": CommitmentStatus.dropped.value, "on": when, "previous_status": c.status.value, "note": _text(reason), "source": named},
        )

    return Plan(change, tuple(notes))
