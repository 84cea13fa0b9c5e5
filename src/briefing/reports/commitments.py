"""A commitment with its state as of a day. Pure: no I/O, no clock.

Being conservative is the point of this module. A commitment is *done* only when its record says
so, or when it names (`fulfilled_by`) a held meeting that had certainly taken place by the day in
question. It is *overdue* only when it was agreed or planned (its `strength`) and its due date has
passed; an expected or discussed one, or one whose strength is not recorded, is only "date
passed, nothing on record": a plan is never turned into a promise. A commitment that `concerns` a
planned meeting is listed with that meeting (`reports.plans.fold_concerns`), never a second time
on its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from enum import Enum

from briefing.countries import resolve
from briefing.dates import FuzzyDate
from briefing.model import BINDING_STRENGTHS, Commitment, CommitmentStatus, CommitmentStrength, Meeting
from briefing.reports.held import HeldIndex, happened_by, held_record
from briefing.reports.items import Frozen, span_words
from briefing.reports.keys import commitment_keys
from briefing.structs import Source


class CommitmentState(str, Enum):
    done = "done"
    dropped = "dropped"
    open = "open"  # due window still open or ahead
    no_date = "open, no date"
    overdue = "overdue"  # agreed or planned, and the due window has closed
    passed = "date passed"  # expected, discussed or of unrecorded strength, and the window has closed


OPEN_STATES = frozenset({CommitmentState.open, CommitmentState.no_date, CommitmentState.overdue, CommitmentState.passed})


def strength_words(strength: CommitmentStrength | None) -> str:
    return strength.value if strength is not None else "strength not recorded"


class CommitmentItem(Frozen):
    meeting_id: str  # the meeting at which it was made
    meeting_title: str
    meeting_date: FuzzyDate
    index: int  # its place in the meeting's commitments (0-based); changes when one is added before it
    key: str = ""  # with meeting_id, its stable key: its `id`, else from its words (reports.keys)
    text: str
    strength: CommitmentStrength | None = None  # None: not recorded
    due: FuzzyDate | None = None
    date_text: str | None = None
    recorded_status: CommitmentStatus  # as the record has it
    parties: tuple[str, ...] = ()
    fulfilled_by: str | None = None
    concerns: str | None = None  # the planned meeting it is about
    state: CommitmentState  # as of the report's day
    overdue_days: int | None = None  # overdue: days since the due window closed
    passed_days: int | None = None  # date passed: days since the due window closed
    note: str = ""  # why: "overdue by about 6 months", "fulfilled by ... (Aug 2024)"
    sources: tuple[Source, ...] = ()  # the sources of the meeting it was made at


def commitment_item(
    m: Meeting, index: int, c: Commitment, as_of: dt.date, by_id: Mapping[str, Meeting], held: HeldIndex | None = None
) -> CommitmentItem:
    """A commitment's state as of a day: done, dropped, open, open with no date, overdue or
    date passed. It is done when its record says so, when the meeting that `fulfilled_by` names
    was held by that day, or when the meeting it `concerns` was (by its own record, or by one held in its place or
    taking its round: `held`, when given)."""
    fulfiller = by_id.get(c.fulfilled_by) if c.fulfilled_by else None
    overdue_days = passed_days = None
    if c.status is CommitmentStatus.done:
        state, note = CommitmentState.done, "done (as recorded)"
        if fulfiller is not None:
            note = f"done: {fulfiller.title} ({fulfiller.date.display()})"
    elif c.status is CommitmentStatus.dropped:
        state, note = CommitmentState.dropped, "dropped (as recorded)"
    elif happened_by(fulfiller, as_of):
        assert fulfiller is not None
        state, note = CommitmentState.done, f"fulfilled by {fulfiller.title} ({fulfiller.date.display()})"
    elif (concerned := _concerned_held(by_id.get(c.concerns) if c.concerns else None, held, as_of)) is not None:
        # A commitment about a meeting is kept when that meeting is held (by the day in question).
        state, note = CommitmentState.done, f"done: {concerned.title} was held ({concerned.date.display()})"
    elif c.due is None or not c.due.known:
        state, note = CommitmentState.no_date, "open, no date"
    elif as_of > c.due.latest and c.strength in BINDING_STRENGTHS:
        overdue_days = (as_of - c.due.latest).days
        state, note = CommitmentState.overdue, f"overdue by {span_words(overdue_days)}"
    elif as_of > c.due.latest:
        passed_days = (as_of - c.due.latest).days
        state = CommitmentState.passed
        why = "" if c.strength is not None else "; its strength is not recorded, so it is not called overdue"
        note = f"date passed {span_words(passed_days)} ago, nothing on record{why}"
    elif as_of >= c.due.earliest:
        state, note = CommitmentState.open, "due now"
    else:
        state, note = CommitmentState.open, f"due in {span_words((c.due.earliest - as_of).days)}"
    if state in OPEN_STATES and fulfiller is not None:
        # Named as fulfilled by a meeting that is not (yet) certainly held: say so, claim nothing.
        note += f"; to be fulfilled by {fulfiller.id} ({fulfiller.status.value}, {fulfiller.date.display()})"
    return CommitmentItem(
        meeting_id=m.id,
        meeting_title=m.title,
        meeting_date=m.date,
        index=index,
        key=commitment_keys(m)[index],
        text=c.text,
        strength=c.strength,
        due=c.due,
        date_text=c.date_text,
        recorded_status=c.status,
        parties=c.parties,
        fulfilled_by=c.fulfilled_by,
        concerns=c.concerns,
        state=state,
        overdue_days=overdue_days,
        passed_days=passed_days,
        note=note,
        sources=m.sources,
    )


def _concerned_held(target: Meeting | None, held: HeldIndex | None, as_of: dt.date) -> Meeting | None:
    """The record saying the meeting a commitment concerns was held by `as_of`, if any."""
    if target is None:
        return None
    if happened_by(target, as_of):
        return target
    return held_record(target, held, as_of) if held is not None else None


def commitment_involves(m: Meeting, c: Commitment, code: str) -> bool:
    """A commitment involves a country when it is one of its parties; with no parties, when the
    meeting it was made at involves the country."""
    if not c.parties:
        return m.involves(code)
    for party in c.parties:
        country = resolve(party)
        if country is not None and country.code == code:
            return True
    return False


def commitments_of(
    meetings: Iterable[Meeting], as_of: dt.date, by_id: Mapping[str, Meeting], country: str | None = None,
    held: HeldIndex | None = None,
) -> list[CommitmentItem]:
    """Every commitment made at these meetings, with its state as of the day."""
    out = []
    for m in meetings:
        for i, c in enumerate(m.commitments):
            if country is None or commitment_involves(m, c, country):
                out.append(commitment_item(m, i, c, as_of, by_id, held))
    return out


_RANK = {CommitmentState.overdue: 0, CommitmentState.passed: 1, CommitmentState.open: 2, CommitmentState.no_date: 3}


def commitment_order(c: CommitmentItem) -> tuple[int, dt.date, dt.date, str, int]:
    """Overdue first, then those whose date passed, then by the end of the due window; undated last."""
    rank = _RANK.get(c.state, 4)
    known = c.due is not None and c.due.known
    due = c.due.latest if known and c.due else dt.date.max
    start = c.due.earliest if known and c.due else dt.date.max
    return (rank, due, start, c.meeting_id, c.index)
