"""A planned meeting with its state as of a day. Pure: no I/O, no clock.

A planned meeting is *held* only when a held record takes its series round, is held in its place,
or a done commitment of a held meeting names it as what fulfilled it (`reports.held`). Anything
else whose date has passed "needs confirmation": no record says it happened, and none says it
did not.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from briefing.model import Meeting
from briefing.reports.commitments import CommitmentItem
from briefing.reports.held import HeldIndex, held_record
from briefing.reports.home import Home
from briefing.reports.items import Frozen, MeetingItem, meeting_item, span_words


class PlannedState(str, Enum):
    ahead = "ahead"  # the date window has not opened yet
    due_now = "due now"  # as_of falls within the window
    needs_confirmation = "needs confirmation"  # the window has closed; no record says it was held
    held = "held"  # a held record takes its round, or a done commitment names it
    no_date = "no date"  # the source gives no date (XXXX)


class PlannedItem(Frozen):
    meeting: MeetingItem
    state: PlannedState
    days_until: int | None = None  # ahead: days until the window opens
    days_past: int | None = None  # needs confirmation: days since the window closed
    held_by: str | None = None  # the record that says it was held
    note: str = ""
    commitments: tuple[CommitmentItem, ...] = ()  # open commitments that concern it (listed here only)
    overdue: bool = False  # one of them, agreed or planned, is overdue


def planned_item(m: Meeting, index: HeldIndex, as_of: dt.date, home: Home | None = None) -> PlannedItem:
    item = meeting_item(m, home)
    if not m.date.known:
        return PlannedItem(meeting=item, state=PlannedState.no_date, note="no date on record")
    held = held_record(m, index, as_of)
    if held is not None:
        if held.realises == m.id:
            how = "was held in its place"
        elif held.series == m.series and held.round == m.round:
            how = "took its round"
        else:
            how = "names it as done"
        return PlannedItem(meeting=item, state=PlannedState.held, held_by=held.id, note=f"held: {held.id} {how}")
    if as_of < m.date.earliest:
        days = (m.date.earliest - as_of).days
        return PlannedItem(meeting=item, state=PlannedState.ahead, days_until=days, note=f"in {span_words(days)}")
    if as_of <= m.date.latest:
        return PlannedItem(meeting=item, state=PlannedState.due_now, note="due now")
    days = (as_of - m.date.latest).days
    return PlannedItem(
        meeting=item,
        state=PlannedState.needs_confirmation,
        days_past=days,
        note=f"needs confirmation: date passed {span_words(days)} ago and no record says it was held",
    )

