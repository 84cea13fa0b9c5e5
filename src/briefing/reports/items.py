"""The pieces reports are made of: a meeting as listed, a commitment and a planned meeting with their
state as of a day, and plain-words spans of time. Pure: no I/O, no clock.

Being conservative is the point of this module. A commitment is *done* only when its record says
so, or when it names (`fulfilled_by`) a held meeting that had certainly taken place by the day in
question. It is *overdue* only when it was agreed or planned (its `strength`) and its due date has
passed; an expected or discussed one, or one whose strength is not recorded, is only "date
passed, nothing on record": a plan is never turned into a promise. A planned meeting is *held*
only when a held record takes its series round, or a done commitment of a held meeting names it
as what fulfilled it. Anything else whose date has passed "needs confirmation": no record says it
happened, and none says it did not. A commitment that `concerns` a planned meeting is listed with
that meeting (`reports.plans.fold_concerns`), never a second time on its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from enum import Enum

from pydantic import BaseModel, ConfigDict

from briefing.countries import lookup, resolve
from briefing.dates import FuzzyDate
from briefing.reports.home import Home
from briefing.reports.keys import commitment_keys
from briefing.model import (
    BINDING_STRENGTHS,
    KIND_LABEL,
    Commitment,
    CommitmentStatus,
    CommitmentStrength,
    Kind,
    Meeting,
    Mode,
    Status,
)
from briefing.structs import Participant, Place, Source  # parts of a record a report holds, as structs


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


# -- countries and places -------------------------------------------------------------------------


class CountryInfo(Frozen):
    code: str  # ISO 3166-1 alpha-2
    alpha3: str
    name: str
    official_name: str


def country_info(code: str) -> CountryInfo:
    c = lookup(code)
    if c is None:
        return CountryInfo(code=code, alpha3=code, name=code, official_name=code)
    return CountryInfo(code=c.code, alpha3=c.alpha3, name=c.name, official_name=c.official_name)


def country_name(code: str | None) -> str:
    if code is None:
        return ""
    c = lookup(code)
    return c.name if c else code


def place_text(place: Place | None) -> str:
    """'OTS Secretariat, Istanbul, Türkiye'; '' when no place is recorded."""
    if place is None:
        return ""
    parts = [place.venue, place.city, country_name(place.country) if place.country else None]
    return ", ".join(p for p in parts if p)


# -- a meeting as a report lists it ---------------------------------------------------------------


class MeetingItem(Frozen):
    id: str
    title: str
    date: FuzzyDate
    date_text: str | None = None  # the source's words for the date
    status: Status
    kind: Kind
    kind_label: str
    series: str | None = None
    round: int | None = None
    mode: Mode | None = None  # None: no source states it
    place: Place | None = None
    place_text: str = ""
    countries: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    heads: tuple[Participant, ...] = ()  # heads of delegation
    participants: tuple[Participant, ...] = ()
    topics: tuple[str, ...] = ()  # reported as discussed
    agenda: tuple[str, ...] = ()  # announced, not reported as discussed
    outcomes: tuple[str, ...] = ()
    caveats: tuple[str, ...] = ()  # what a reader must know before quoting it
    with_home: bool | None = None  # the home side took part; None: no home side set
    sources: tuple[Source, ...] = ()


def meeting_item(m: Meeting, home: Home | None = None) -> MeetingItem:
    return _meeting_item(m, None if home is None else home.takes_part(m))


def _meeting_item(m: Meeting, with_home: bool | None) -> MeetingItem:
    return MeetingItem(
        id=m.id,
        title=m.title,
        date=m.date,
        date_text=m.date_text,
        status=m.status,
        kind=m.kind,
        kind_label=KIND_LABEL[m.kind],
        series=m.series,
        round=m.round,
        mode=m.mode,
        place=m.place,
        place_text=place_text(m.place),
        countries=m.countries,
        organizations=m.organizations,
        heads=m.heads_of_delegation(),
        participants=m.participants,
        topics=m.topics,
        agenda=m.agenda,
        outcomes=m.outcomes,
        caveats=m.caveats,
        with_home=with_home,
        sources=m.sources,
    )


def dedupe_sources(groups: Iterable[Iterable[Source]]) -> tuple[Source, ...]:
    """Sources in first-cited order; identical ones (same title, publisher and URL) once."""
    seen: set[tuple[str, str | None, str | None]] = set()
    out: list[Source] = []
    for sources in groups:
        for s in sources:
            key = source_key(s)
            if key not in seen:
                seen.add(key)
                out.append(s)
    return tuple(out)


def source_key(s: Source) -> tuple[str, str | None, str | None]:
    return (s.title, s.publisher, s.url)


# -- spans of time in words -----------------------------------------------------------------------


def span_words(days: int) -> str:
    """12 days, about 3 months, about 6 years 7 months."""
    days = abs(days)
    if days < 60:
        return f"{days} day{'s' if days != 1 else ''}"
    months = round(days / 30.4375)
    if months < 24:
        return f"about {months} months"
    years, rest = divmod(months, 12)
    return f"about {years} years" + (f" {rest} month{'s' if rest != 1 else ''}" if rest else "")


def gap_words(low: int, high: int) -> str:
    """A time between two dates that may be known only to the month or year."""
    if low == high:
        return span_words(low)
    if high - low < 31 and high < 60:
        return f"{low}–{high} days"
    mid = (low + high) // 2
    return f"{span_words(mid)} (between {low:,} and {high:,} days)"


# -- commitments ----------------------------------------------------------------------------------


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


def _happened_by(m: Meeting | None, day: dt.date) -> bool:
    """A record says this meeting was held, and on a date certainly no later than `day`."""
    return m is not None and m.status is Status.held and m.date.latest <= day


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
    elif _happened_by(fulfiller, as_of):
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
    if _happened_by(target, as_of):
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


def commitment_order(c: CommitmentItem) -> tuple[int, dt.date, dt.date, str, int]:
    """Overdue first, then those whose date passed, then by the end of the due window; undated last."""
    rank = {CommitmentState.overdue: 0, CommitmentState.passed: 1, CommitmentState.open: 2, CommitmentState.no_date: 3}.get(c.state, 4)
    known = c.due is not None and c.due.known
    due = c.due.latest if known and c.due else dt.date.max
    start = c.due.earliest if known and c.due else dt.date.max
    return (rank, due, start, c.meeting_id, c.index)


# -- planned meetings -----------------------------------------------------------------------------


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


class HeldIndex:
    """Which records could say a planned meeting was held: held meetings by series round, the
    meetings whose done commitments name a record in `fulfilled_by`, and the meetings held in its
    place (`realises`). Built once per report."""

    def __init__(self, meetings: Iterable[Meeting]) -> None:
        self.by_round: dict[tuple[str, int], list[Meeting]] = {}
        self.naming: dict[str, list[Meeting]] = {}
        self.realised: dict[str, list[Meeting]] = {}
        for m in meetings:
            if m.status is Status.held and m.series is not None and m.round is not None:
                self.by_round.setdefault((m.series, m.round), []).append(m)
            if m.realises is not None and m.status is Status.held:
                self.realised.setdefault(m.realises, []).append(m)
            for c in m.commitments:
                if c.fulfilled_by is not None and c.status is CommitmentStatus.done:
                    self.naming.setdefault(c.fulfilled_by, []).append(m)


def held_record(m: Meeting, held: HeldIndex, as_of: dt.date) -> Meeting | None:
    """A record saying this planned meeting was held by `as_of`, if any: one held in its place,
    one that took its round, or one whose done commitment names it."""
    for other in held.realised.get(m.id, ()):
        if _happened_by(other, as_of):
            return other
    if m.series is not None and m.round is not None:
        for other in held.by_round.get((m.series, m.round), ()):
            if other.id != m.id and _happened_by(other, as_of):
                return other
    for other in held.naming.get(m.id, ()):
        # Only a meeting that was itself held says what its commitments led to: two planned
        # meetings whose done commitments name each other prove nothing (`check` names the circle).
        if _happened_by(other, as_of):
            return other
    return None


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


def known_by(m: Meeting, as_of: dt.date) -> bool:
    """Was this planned meeting on record by `as_of`? Not if every source is dated later."""
    dated = [s.published for s in m.sources if s.published is not None]
    return not dated or any(d.earliest <= as_of for d in dated)
