"""A record's dated history: the status (and date) of a meeting or a commitment in force on a day,
and the rules a history must follow. No I/O.

A meeting's `[[history]]` lists its changes of status, oldest first: each entry says what the
meeting became (`status`), `on` which day, and what the record said before (`previous_status`,
and `previous_date` when the change moved the meeting). The record's own `status` and `date` are
its state now: the last entry's. Walking back from there, an entry whose `on` day may still be to
come on the day in question is undone, so a report as of an earlier day sees the meeting as it
stood then. A commitment's `history` works the same way, without dates to move.

An entry is in force once its day has certainly come: `on = "2025-03"` counts from 31 March 2025.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from briefing.dates import FuzzyDate
from briefing.model import Commitment, CommitmentStatus, MeetingFile, Source, Status

# Statuses that let go of a meeting's round of its series: another meeting may take it.
RELEASES_ROUND = frozenset({Status.cancelled, Status.postponed})

Loc = tuple[str | int, ...]


def meeting_on(m: MeetingFile, day: dt.date) -> tuple[Status, FuzzyDate, str | None]:
    """The meeting's status, date and date_text as the record stood on `day`."""
    status, date, date_text = m.status, m.date, m.date_text
    for entry in reversed(m.history):
        if entry.on.latest <= day:
            break
        status = entry.previous_status
        if entry.previous_date is not None:
            date, date_text = entry.previous_date, entry.previous_date_text
    return status, date, date_text


def changed_on(m: MeetingFile, status: Status, day: dt.date) -> FuzzyDate | None:
    """The day the meeting became `status`, if its history records it by `day`."""
    for entry in reversed(m.history):
        if entry.on.latest <= day and entry.status is status:
            return entry.on
    return None


def commitment_on(c: Commitment, day: dt.date) -> CommitmentStatus:
    """The commitment's status as the record stood on `day`."""
    status = c.status
    for entry in reversed(c.history):
        if entry.on.latest <= day:
            break
        status = entry.previous_status
    return status


def closed_on(c: Commitment) -> FuzzyDate | None:
    """When the commitment got its present status (done or dropped), if its history says."""
    if c.history and c.history[-1].status is c.status:
        return c.history[-1].on
    return None


def _in_force(entries: Sequence[Any], day: dt.date) -> int:
    """How many of the entries (oldest first) were in force on `day`: walking back from the
    newest, those whose day may still be to come are undone, up to the first that had come."""
    k = len(entries)
    while k and entries[k - 1].on.latest > day:
        k -= 1
    return k


def as_it_stood(m: Any, day: dt.date) -> Any:
    """The meeting as its record stood on `day`: status, date and date_text as they were then, the
    history and the commitments' statuses up to that day, and without the sources that only a
    later history entry names. A meeting without history is itself."""
    if not m.history and not any(c.history for c in m.commitments):
        return m
    update: dict[str, Any] = {}
    later: set[str] = set()  # sources named by entries not yet in force
    earlier: set[str] = set()
    if m.history:
        k = _in_force(m.history, day)
        if k < len(m.history):
            status, date, date_text = meeting_on(m, day)
            update.update(status=status, date=date, date_text=date_text, history=tuple(m.history[:k]))
        later |= {e.source for e in m.history[k:] if e.source}
        earlier |= {e.source for e in m.history[:k] if e.source}
    commitments = []
    for c in m.commitments:
        k = _in_force(c.history, day)
        if k < len(c.history):
            later |= {e.source for e in c.history[k:] if e.source}
            c = c.model_copy(update={"status": commitment_on(c, day), "history": tuple(c.history[:k])})
        earlier |= {e.source for e in c.history if e.source}
        commitments.append(c)
    if any(a is not b for a, b in zip(commitments, m.commitments)):
        update["commitments"] = tuple(commitments)
    unseen = later - earlier
    if unseen:
        sources = tuple(s for s in m.sources if s.url not in unseen and s.title not in unseen)
        if sources:
            update["sources"] = sources
    return m.model_copy(update=update) if update else m


def source_named(sources: Sequence[Source], name: str) -> Source | None:
    """The source a history entry names, by its url or its title."""
    for s in sources:
        if name in (s.url, s.title):
            return s
    return None


# -- the rules -------------------------------------------------------------------------------------


def history_problems(m: MeetingFile) -> list[tuple[Loc, str]]:
    """What is wrong with a record's histories, as (key path, message); [] when they hold."""
    problems = _chain(m.history, m.status, ("history",), m.sources, dated=True)
    for i, c in enumerate(m.commitments):
        problems += _chain(c.history, c.status, ("commitments", i, "history"), m.sources, dated=False)
    return problems


def _chain(
    entries: Sequence[Any], status: Any, at: Loc, sources: Sequence[Source], *, dated: bool
) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    for i, entry in enumerate(entries):
        here = (*at, i)
        if i > 0:
            before = entries[i - 1]
            if entry.on.latest < before.on.earliest:
                problems.append(((*here, "on"), f"{entry.on.display()} is before the entry above it ({before.on.display()}); list the history oldest first"))
            if entry.previous_status is not before.status:
                problems.append(
                    ((*here, "previous_status"), f"'{entry.previous_status.value}', but the entry above made it '{before.status.value}'")
                )
        moved = dated and entry.previous_date is not None
        if entry.status is entry.previous_status and not moved:
            problems.append(((*here, "status"), f"'{entry.status.value}' was already the status before; an entry records a change"))
        if entry.source is not None and source_named(sources, entry.source) is None:
            problems.append(((*here, "source"), f"'{_short(entry.source)}' is not the url or title of any of the record's [[sources]]; add it there"))
    if entries and entries[-1].status is not status:
        last = entries[-1]
        problems.append(
            (_status_loc(at), f"'{status.value}', but the last history entry ({last.on.display()}) made it '{last.status.value}'")
        )
    return problems


def _status_loc(at: Loc) -> Loc:
    """The key path of the status a history belongs to: ('history',) → ('status',)."""
    return (*at[:-1], "status")


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."
