"""`briefing next -f ics`: planned meetings as all-day events, open commitments as to-dos.

RFC 5545 through the `icalendar` library. Every UID is derived from the record id (and, for a
commitment, its index in the record), so a calendar that imports the file again updates its
entries instead of duplicating them. An event spans its whole date as written: a meeting known
to the month runs from the first to the last day of that month, and its description says so.
DTSTAMP is the report's as-of day (midnight UTC), so the same records and day give the same bytes.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event, Todo

from briefing.dates import FuzzyDate
from briefing.reports.items import CommitmentItem, CommitmentState, PlannedItem, PlannedState
from briefing.reports.next import NextReport
from briefing.render.memo import source_text
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


def commitment_uid(record_id: str, index: int) -> str:
    return f"commitment-{record_id}-{index}@briefing"


def _day_after(d: dt.date) -> dt.date:
    return d + dt.timedelta(days=1) if d < dt.date.max else d


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


def _todo(c: CommitmentItem, stamp: dt.datetime) -> Todo:
    todo = Todo()
    todo.add("uid", commitment_uid(c.meeting_id, c.index))
    todo.add("dtstamp", stamp)
    todo.add("summary", c.text)
    todo.add("status", "NEEDS-ACTION")
    lines = []
    if c.due is not None:
        if c.due.earliest < c.due.latest:
            todo.add("dtstart", c.due.earliest)  # the due window opens
        todo.add("due", c.due.latest)  # and closes
        lines.append(f"Due: {c.due.display()} ({precision_words(c.due)}).")
        if c.date_text:
            lines.append(f"The source's words: “{c.date_text}”.")
    else:
        lines.append("No due date on record.")
    if c.state is CommitmentState.overdue:
        lines.append(f"Overdue: {c.note}, as of {stamp.date().isoformat()}.")
    lines.append(f"Made at: {c.meeting_title} ({c.meeting_date.display()}), record {c.meeting_id}.")
    if c.parties:
        lines.append(f"Parties: {parties_words(c)}.")
    todo.add("description", "\n".join(lines))
    return todo


def next_ics(report: NextReport) -> str:
    """Planned meetings with a date (an undated one cannot be placed in a calendar) and open
    commitments; a commitment about a planned meeting is in that meeting's event."""
    stamp = dt.datetime.combine(report.meta.as_of, dt.time(0, 0), tzinfo=dt.timezone.utc)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "briefing: what comes next")
    for p in (*report.planned, *report.needs_confirmation):
        cal.add_component(_event(p, stamp))
    for c in report.commitments:
        cal.add_component(_todo(c, stamp))
    return cal.to_ical().decode("utf-8")
