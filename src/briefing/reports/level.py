"""The level of a meeting: who met whom, for "highest level met" and the level of contact by year.

A meeting's level is the highest level among the counterpart's participants: each one's own
`level`, else the level of the office their person file shows held on the meeting's date (see
`person.Registry.level_of`). Where no counterpart participant's level is known, the meeting's
kind stands for it, and the report says so (`by = "kind"`): a summit ranks as heads of
government, a foreign ministers' meeting as ministers, senior officials, ambassadors and
parliamentarians as such. A business dialogue, an intellectual dialogue, an expert meeting or a
forum names no level: it ranks after every level. A visit, a call or "other" says nothing about
level by its kind alone (a deputy minister calling on a secretary general is a visit as much as
a minister calling on a president), nor does a participant of level `other`: such meetings are
never named the highest level, and the report says how many there are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from briefing.dates import FuzzyDate
from briefing.model import KIND_LABEL, KIND_LEVEL, LEVEL_LABEL, LEVEL_RANK, LEVEL_UNSTATED_KINDS, Kind, Level, Meeting, Participant
from briefing.person import EMPTY, Registry
from briefing.reports.home import Home
from briefing.reports.items import Frozen

# The level a kind of meeting stands for, when no participant's level is known.
KIND_AS_LEVEL = {
    Kind.summit: Level.head_of_government,
    Kind.foreign_ministers: Level.minister,
    Kind.senior_officials: Level.senior_official,
    Kind.ambassadors: Level.ambassador,
    Kind.parliamentary: Level.legislator,
}

Basis = Literal["people", "kind"]


class Someone(Frozen):
    """A participant as a report names them: the person's usual name when on record."""

    name: str | None  # None: named by office only
    person: str | None = None  # the id of their person file
    office: str | None = None  # their office or role at the meeting, as the record words it
    level: Level | None = None
    country: str | None = None
    organization: str | None = None


class Contact(Frozen):
    """Who met whom at one meeting, at its level."""

    meeting_id: str
    title: str
    date: FuzzyDate
    kind: Kind
    by: Basis  # "people": a counterpart's level; "kind": the meeting's kind stands for it
    level: Level | None = None  # the counterpart's level (by people), or the level the kind stands for
    label: str  # "head of state", or the kind: "foreign ministers"
    theirs: tuple[Someone, ...] = ()  # the counterpart's participants at that level (by people)
    ours: tuple[Someone, ...] = ()  # the home side's participants, highest first


class HighestLevel(Frozen):
    kind: Kind  # the kind of the (newest) meeting at that level
    label: str  # "head of state", "foreign ministers", or "not recorded"
    level: Level | None = None  # on the one list of levels (by kind: the level the kind stands for)
    by: Basis | None = None  # None when not recorded
    meeting_ids: tuple[str, ...]  # the meetings at that level, newest first
    met: tuple[Contact, ...] = ()  # who met whom at them
    unranked: tuple[str, ...] = ()  # meetings whose level the records do not say (visit, call, other)


class Sides:
    """Who the counterpart is and who is ours, for one report, and the people on record."""

    def __init__(self, code: str | None, home: Home | None, people: Registry = EMPTY) -> None:
        self.code, self.home, self.people = code, home, people

    def theirs(self, p: Participant) -> bool:
        if self.code is not None:
            return p.country == self.code
        return not self.ours(p)

    def ours(self, p: Participant) -> bool:
        return self.home is not None and self.home.is_ours(p)

    def someone(self, p: Participant, date: FuzzyDate) -> Someone:
        person = self.people.find(p)
        return Someone(
            name=person.name if person is not None else p.name,
            person=person.id if person is not None else p.person,
            office=p.office or p.role,
            level=self.people.level_of(p, date),
            country=p.country,
            organization=p.organization,
        )


def _rank_of(level: Level | None) -> int | None:
    return LEVEL_RANK.get(level) if level is not None else None


def meeting_contact(m: Meeting, sides: Sides) -> Contact | None:
    """A meeting's level, as who met whom (None: the records do not say)."""
    theirs = [sides.someone(p, m.date) for p in m.participants if sides.theirs(p)]
    ours = sorted(
        (sides.someone(p, m.date) for p in m.participants if sides.ours(p)),
        key=lambda s: _rank_of(s.level) if _rank_of(s.level) is not None else len(LEVEL_RANK),
    )
    ranked = [s for s in theirs if _rank_of(s.level) is not None]
    if ranked:
        top = min(_rank_of(s.level) for s in ranked)  # type: ignore[type-var]
        at_top = tuple(s for s in ranked if _rank_of(s.level) == top)
        level = at_top[0].level
        return Contact(
            meeting_id=m.id, title=m.title, date=m.date, kind=m.kind, by="people", level=level,
            label=LEVEL_LABEL[level] if level is not None else "", theirs=at_top, ours=tuple(ours),
        )
    if m.kind in LEVEL_UNSTATED_KINDS:
        return None
    return Contact(
        meeting_id=m.id, title=m.title, date=m.date, kind=m.kind, by="kind", level=KIND_AS_LEVEL.get(m.kind),
        label=KIND_LABEL[m.kind], ours=tuple(ours),
    )


def contact_rank(c: Contact) -> tuple[int, int, int]:
    """Lower is higher: the level on the one list, then a level met before one the kind stands
    for; kinds that name no level after every level."""
    if c.level is not None:
        return (0, LEVEL_RANK[c.level], 0 if c.by == "people" else 1)
    return (1, KIND_LEVEL[c.kind], 1)


def meeting_level(m: Meeting, sides: Sides | None = None) -> tuple[int, int, int] | None:
    """The rank of a meeting's level (lower is higher), or None when the records do not say."""
    contact = meeting_contact(m, sides or Sides(None, None))
    return contact_rank(contact) if contact is not None else None


def highest_level(newest: Sequence[Meeting], sides: Sides | None = None) -> HighestLevel | None:
    """The highest level among these meetings (given newest first), or None when there are
    none (when none has a level on record, a HighestLevel "not recorded" names the unranked)."""
    sides = sides or Sides(None, None)
    contacts = [(meeting_contact(m, sides), m) for m in newest]
    unranked = tuple(m.id for c, m in contacts if c is None)
    ranked = [(contact_rank(c)[:2], c) for c, _ in contacts if c is not None]
    if not ranked:
        return HighestLevel(kind=Kind.other, label="not recorded", meeting_ids=(), unranked=unranked) if unranked else None
    top = min(rank for rank, _ in ranked)
    at_top = [c for rank, c in ranked if rank == top]
    # A level met outranks the same level by kind alone: the label says who was met where it can.
    first = next((c for c in at_top if c.by == "people"), at_top[0])
    return HighestLevel(
        kind=first.kind,
        label=first.label,
        level=first.level,
        by=first.by,
        meeting_ids=tuple(c.meeting_id for c in at_top),
        met=tuple(c for c in at_top if c.by == "people") or tuple(at_top),
        unranked=unranked,
    )


class LevelTrend(Frozen):
    """The level of contact in the latest year whose level is known, against the year before it
    whose level is known (a year of a kind that names no level is passed over)."""

    direction: Literal["higher", "lower", "same"]
    year: str
    label: str  # that year's highest level
    previous_year: str
    previous_label: str


def level_trend(years: Sequence[tuple[str, HighestLevel | None]]) -> LevelTrend | None:
    """From each year's highest level (oldest first): None when fewer than two years have one."""
    ranked = [(year, level, _level_rank(level)) for year, level in years if level is not None and _level_rank(level) is not None]
    if len(ranked) < 2:
        return None
    (before, was, a), (year, now, b) = ranked[-2], ranked[-1]
    direction: Literal["higher", "lower", "same"] = "same" if a == b else "higher" if b < a else "lower"  # type: ignore[operator]
    return LevelTrend(direction=direction, year=year, label=now.label, previous_year=before, previous_label=was.label)


def _level_rank(level: HighestLevel) -> int | None:
    """A year's place on the one list of levels; None when its level is not known (not recorded,
    or only a kind that names no level: unknown is not lower)."""
    if level.by is None or level.level is None:
        return None
    return LEVEL_RANK[level.level]
