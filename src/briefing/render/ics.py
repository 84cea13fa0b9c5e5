"""`briefing next -f ics`: planned meetings as all-day events, commitments as to-dos (or, with
`--todos-as-events`, as events too: Google, Apple and Outlook calendars ignore VTODO).

RFC 5545 through the `icalendar` library.

- **UIDs are stable across edits**: a meeting's comes from its record id; a commitment's from its
  record id and its key (its `id`, else its words: `reports.keys`), never its position, so adding
  or reordering commitments changes no other entry, and a calendar that imports the file again
  updates its entries instead of duplicating them.
- **Nothing is dropped once done**: a done commitment is written COMPLETED, a dropped one
  CANCELLED, a cancelled meeting a CANCELLED event, so that an entry imported while open is
  closed by the next import (the report is made with `closed=True` for this).
- **Spans no more precise than dates**: an event spans its whole date as written (a meeting known
  to the month runs from the first to the last day of that month), and its description says so.
- **Never an invalid calendar**: with nothing to list, the calendar holds only a VTIMEZONE for
  UTC (RFC 5545 asks for at least one component; calendars import it as nothing), and the CLI
  says so on stderr.

DTSTAMP is the report's as-of day (midnight UTC), so the same records and day give the same bytes.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event, Timezone, TimezoneStandard, Todo

from briefing.dates import FuzzyDate
from briefing.reports.commitments import CommitmentItem, CommitmentState
from briefing.reports.items import MeetingItem
from briefing.reports.planned import PlannedItem, PlannedState
from briefing.reports.next import NextReport
from briefing.render.sources import source_text
from briefing.render.next import parties_words

PRODID = "-//briefing//what comes next//EN"

_PRECISION = {
    "day": "known to the day",
    "month": "known only to the month; the entry spans the whole month",
    "season": "known only to the season; the entry spans the whole season",
    "year": "known only to the year; the entry spans the whole year",
    "decade": "known only to the decade; the entry spans the whole decade",
    "century": "known only to the century; the entry spans the whole century",
    "millennium": "known only to the millennium; the entry spans it whole",
    "interval": "known only as a window; the entry spans the whole window",
}


def precision_words(d: FuzzyDate) -> str:
    words = _PRECISION.get(d.precision, f"known to the {d.precision}")
    if d.approximate:
        words += "; approximate"
    if d.uncertain:
        words += "; uncertain"
    return words


def meeting_uid(record_id: str) -> str:
    return f"meeting-{record_id}@briefing"


def commitment_uid(record_id: str, key: str) -> str:
    return f"commitment-{record_id}-{key}@briefing"


def due_event_uid(record_id: str, key: str) -> str:
    """A commitment written as an event (--todos-as-events): a UID apart from its to-do's, so
    that a calendar holding both kinds never finds one UID on two kinds of entry."""
    return f"due-{record_id}-{key}@briefing"


_TODO_STATUS = {CommitmentState.done: "COMPLETED", CommitmentState.dropped: "CANCELLED"}
_EVENT_WORD = {
    CommitmentState.done: "Done",
    CommitmentState.dropped: "Dropped",
    CommitmentState.overdue: "Overdue",
    CommitmentState.passed: "Date passed",
    CommitmentState.no_date: "No date",
    CommitmentState.open: "Due",
}


def _day_after(d: dt.date) -> dt.date:
    return d + dt.timedelta(days=1) if d < dt.date.max else d


def _cancelled_event(m: MeetingItem, stamp: dt.datetime) -> Event:
    """A cancelled meeting: its event, CANCELLED (a calendar that had it tentative drops it)."""
    e = Event()
    e.add("uid", meeting_uid(m.id))
    e.add("dtstamp", stamp)
    e.add("dtstart", m.date.earliest)
    e.add("dtend", _day_after(m.date.latest))
    e.add("summary", m.title)
    e.add("status", "CANCELLED")
    e.add("transp", "TRANSPARENT")
    lines = [f"Date: {m.date.display()} ({precision_words(m.date)}).", "Status: cancelled (as recorded).", f"Record: {m.id}."]
    lines += [f"Source: {source_text(s)}" for s in m.sources]
    e.add("description", "\n".join(lines))
    return e


def _event(p: PlannedItem, stamp: dt.datetime) -> Event:
    m = p.meeting
    e = Event()
    e.add("uid", meeting_uid(m.id))
    e.add("dtstamp", stamp)
    e.add("dtstart", m.date.earliest)
    e.add("dtend", _day_after(m.date.latest))  # DTEND of an all-day event is exclusive
    e.add("summary", m.title)
    e.add("status", "TENTATIVE")
    e.add("transp", "TRANSPARENT")
    if m.place_text:
        e.add("location", m.place_text)
    e.add("categories", [m.kind_label])
    lines = [f"Date: {m.date.display()} ({precision_words(m.date)})."]
    if m.date_text:
        lines.append(f"The source's words: “{m.date_text}”.")
    state = "needs confirmation: the date has passed and no record says it was held" if (
        p.state is PlannedState.needs_confirmation
    ) else f"planned; {p.note}"
    if p.overdue:
        state = "overdue: " + state
    lines.append(f"Status: {state}.")
    for c in p.commitments:  # the commitments about it: listed here, not as to-dos of their own
        strength = c.strength.value if c.strength is not None else "on record (strength not recorded)"
        lines.append(f"{strength[:1].upper()}{strength[1:]} at: {c.meeting_title} ({c.meeting_date.display()}), record {c.meeting_id}.")
    lines.append(f"Record: {m.id}.")
    lines += [f"Source: {source_text(s)}" for s in m.sources]
    e.add("description", "\n".join(lines))
    return e


def _commitment_lines(c: CommitmentItem, stamp: dt.datetime, as_event: bool = False) -> list[str]:
    lines = []
    if c.due is not None and c.due.known:
        if not as_event:
            lines.append(f"Due: {c.due.display()} ({precision_words(c.due)}).")
        else:  # an event of one day, not the window: where it is placed is said apart
            known = "known to the day" if c.due.earliest == c.due.latest else _PRECISION.get(c.due.precision, "").split(";")[0]
            lines.append(f"Due: {c.due.display()} ({known}).")
        if c.date_text:
            lines.append(f"The source's words: “{c.date_text}”.")
    else:
        lines.append("No due date on record.")
    if c.state is CommitmentState.overdue:
        lines.append(f"Overdue: {c.note}, as of {stamp.date().isoformat()}.")
    elif c.state is not CommitmentState.open:
        lines.append(f"Status: {c.note}, as of {stamp.date().isoformat()}.")
    lines.append(f"Made at: {c.meeting_title} ({c.meeting_date.display()}), record {c.meeting_id}.")
    if c.parties:
        lines.append(f"Parties: {parties_words(c)}.")
    return lines


def _todo(c: CommitmentItem, stamp: dt.datetime) -> Todo:
    todo = Todo()
    todo.add("uid", commitment_uid(c.meeting_id, c.key))
    todo.add("dtstamp", stamp)
    todo.add("summary", c.text)
    status = _TODO_STATUS.get(c.state, "NEEDS-ACTION")
    todo.add("status", status)
    if status == "COMPLETED":
        todo.add("percent-complete", 100)  # no COMPLETED time: the records give none
    if c.due is not None and c.due.known:
        if c.due.earliest < c.due.latest:
            todo.add("dtstart", c.due.earliest)  # the due window opens
        todo.add("due", c.due.latest)  # and closes
    todo.add("description", "\n".join(_commitment_lines(c, stamp)))
    return todo


def _due_event(c: CommitmentItem, stamp: dt.datetime) -> Event:
    """A commitment as an all-day event, for calendars without to-dos: on the last day of its due
    window ("due by"); an overdue one, or one with no date, on the calendar's as-of day, where it
    is seen (the next import moves it), its title saying which it is."""
    e = Event()
    e.add("uid", due_event_uid(c.meeting_id, c.key))
    e.add("dtstamp", stamp)
    dated = c.due is not None and c.due.known
    day = stamp.date() if c.state in (CommitmentState.overdue, CommitmentState.no_date) or not dated else c.due.latest  # type: ignore[union-attr]
    e.add("dtstart", day)
    e.add("dtend", _day_after(day))
    e.add("summary", f"{_EVENT_WORD[c.state]}: {c.text}")
    if c.state is CommitmentState.dropped:
        e.add("status", "CANCELLED")
    elif c.state is CommitmentState.done:
        e.add("status", "CONFIRMED")
    e.add("transp", "TRANSPARENT")
    lines = _commitment_lines(c, stamp, as_event=True)
    if dated and day == c.due.latest:  # type: ignore[union-attr]
        lines.insert(0, "On the calendar on the last day its due date may mean: the day it is due by.")
    else:
        lines.insert(0, "Shown on the day this calendar was made, not on a date of its own.")
    e.add("description", "\n".join(lines))
    return e


def utc_timezone() -> Timezone:
    """A VTIMEZONE for UTC: a component every calendar accepts and none shows."""
    tz = Timezone()
    tz.add("tzid", "UTC")
    standard = TimezoneStandard()
    standard.add("dtstart", dt.datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", dt.timedelta(0))
    standard.add("tzoffsetto", dt.timedelta(0))
    standard.add("tzname", "UTC")
    tz.add_component(standard)
    return tz


def is_empty(report: NextReport) -> bool:
    """Nothing for a calendar: no planned meeting with a date, no commitment, nothing closed."""
    return not (report.planned or report.needs_confirmation or report.commitments or report.closed or report.cancelled)


def next_ics(report: NextReport, todos_as_events: bool = False) -> str:
    """Planned meetings with a date (an undated one cannot be placed in a calendar), cancelled
    ones, and commitments open, done or dropped (`report.closed`); a commitment about a planned
    meeting is in that meeting's event. `todos_as_events`: commitments as events, not to-dos."""
    stamp = dt.datetime.combine(report.meta.as_of, dt.time(0, 0), tzinfo=dt.timezone.utc)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "briefing: what comes next")
    if is_empty(report):
        cal.add_component(utc_timezone())
    for p in (*report.planned, *report.needs_confirmation):
        cal.add_component(_event(p, stamp))
    for m in report.cancelled:
        cal.add_component(_cancelled_event(m, stamp))
    for c in (*report.commitments, *report.closed):
        cal.add_component(_due_event(c, stamp) if todos_as_events else _todo(c, stamp))
    return cal.to_ical().decode("utf-8")
