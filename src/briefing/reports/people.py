"""`briefing people [NAME]`: the people on record, their offices over time, their meetings.

As of the report's day (`meta.as_of`, `--as-of`), and as far as the records attest: an office is
shown only with what was on record by that day (a start, an end, or attested days that cannot
fall after it), never one attested only later; an office with no date at all is shown in a
person's own view, never as held on a day. Meetings are those dated on or before the day
(undated ones apart); "last met" is the latest held meeting with the home side then.

With NAME (an id, any spelling of a name, or the start of its words) the people it fits; without,
everyone, or those of `--country`. A name that meetings use but no person file holds is listed
too, so nobody on record is missed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from briefing.countries import lookup
from briefing.dates import FuzzyDate
from briefing.model import LEVEL_LABEL, Level, Meeting, Status
from briefing.person import EMPTY, Person, Registry, Standing
from briefing.reports.common import ReportMeta, newest_first
from briefing.reports.home import Home
from briefing.reports.items import CountryInfo, Frozen, MeetingItem, country_info, dedupe_sources, meeting_item
from briefing.structs import Participant, Source
from briefing.text import normalise_phrase

CURRENT = (Standing.in_term, Standing.since, Standing.attested)  # held on the day, as far as the records attest


class OfficeItem(Frozen):
    title: str
    country: str | None = None
    organization: str | None = None
    level: Level | None = None
    level_label: str | None = None
    start: FuzzyDate | None = None  # `from` in the file: the term, only as a source gives it
    until: FuzzyDate | None = None
    attested: tuple[FuzzyDate, ...] = ()  # the days a source shows it held, on or before the report's day
    standing: Standing  # on the report's day, as far as the records attest
    note: str | None = None
    sources: tuple[Source, ...] = ()


class PersonMeeting(Frozen):
    meeting: MeetingItem
    written: str | None = None  # the name as this record writes it
    role: str | None = None  # their role or office at it, as the record words it
    level: Level | None = None  # their level there (the record's, else their office on that date)


class LastMet(Frozen):
    meeting_id: str
    title: str
    date: FuzzyDate


class PersonItem(Frozen):
    id: str | None  # the person file's id; None: a name meetings use that no person file holds
    name: str
    names: tuple[str, ...] = ()  # other spellings on record
    country: str | None = None
    organization: str | None = None
    home_side: bool = False  # of the home side (then "last met" is their last meeting on record)
    notes: str | None = None
    path: str | None = None
    offices: tuple[OfficeItem, ...] = ()  # with something on record by the day, oldest first; undated ones last
    current: tuple[OfficeItem, ...] = ()  # held on the day, as far as the records attest
    meetings: tuple[PersonMeeting, ...] = ()  # dated on or before the day, newest first
    undated: tuple[PersonMeeting, ...] = ()
    later: int = 0  # meetings on record dated after the day (or that may fall after it): not shown
    last_met: LastMet | None = None  # the latest held meeting with the home side on or before the day
    sources: tuple[Source, ...] = ()


class PeopleReport(Frozen):
    meta: ReportMeta
    query: str | None = None  # NAME as typed
    country: CountryInfo | None = None  # --country
    dated: bool = False  # --as-of was given: the list holds only who has something dated on record by then
    hidden: int = 0  # people on record left out of that list: nothing dated on record by the day
    people: tuple[PersonItem, ...]


class NoSuchPerson(ValueError):
    """NAME fits no one on record; the message says who is close."""


def people_report(
    meetings: Sequence[Meeting], people: Registry, meta: ReportMeta, *, query: str | None = None, country: str | None = None,
    dated: bool = False,
) -> PeopleReport:
    """`dated`: the day was asked for (--as-of), so the list shows only who held an office or was
    met on record by then; else everyone on record."""
    day = meta.as_of
    home = meta.home
    by_person: dict[str, list[tuple[Meeting, Participant]]] = {}
    unfiled: dict[str, list[tuple[Meeting, Participant]]] = {}
    for m in meetings:
        for p in m.participants:
            person = people.find(p)
            if person is not None:
                by_person.setdefault(person.id, []).append((m, p))
            elif p.name is not None and p.person is None:
                unfiled.setdefault(people.identity(p), []).append((m, p))
    if query is not None:
        chosen = list(people.lookup(query))
        names = [k for k, seen in unfiled.items() if _fits(query, seen[0][1].name or "")]
        if not chosen and not names:
            raise NoSuchPerson(_no_one(query, people, unfiled))
    else:
        chosen, names = list(people.people), list(unfiled)
    if country is not None:
        chosen = [p for p in chosen if country in p.countries()]
        names = [k for k in names if unfiled[k][0][1].country == country]
    items = [_person(p, by_person.get(p.id, []), day, home, people) for p in chosen]
    items += [_unfiled(unfiled[k], day, home) for k in names]
    hidden = 0
    if query is None and dated:  # the list of who held what then, and who was met by then
        shown = [i for i in items if any(o.standing is not Standing.not_yet for o in i.offices) or i.meetings]
        hidden, items = len(items) - len(shown), shown
    items.sort(key=lambda i: (i.home_side, _side_name(i), normalise_phrase(i.name)))
    return PeopleReport(
        meta=meta, query=query, country=country_info(country) if country else None, dated=dated, hidden=hidden,
        people=tuple(items),
    )


def _fits(query: str, name: str) -> bool:
    words = normalise_phrase(query).split()
    have = normalise_phrase(name).split()
    return bool(words) and all(any(h.startswith(w) for h in have) for w in words)


def _no_one(query: str, people: Registry, unfiled: dict[str, list[tuple[Meeting, Participant]]]) -> str:
    close = [p.name for p in people.close_to(query)]
    import difflib

    written = {seen[0][1].name or "": k for k, seen in unfiled.items()}
    close += difflib.get_close_matches(query, list(written), n=2, cutoff=0.6)
    shown = query if len(query) <= 40 else query[:37] + "..."
    hint = f"; did you mean {' or '.join(dict.fromkeys(close))}?" if close else "; 'briefing people' lists everyone on record"
    return f"no one on record is called '{shown}'{hint}"


def _side_name(i: PersonItem) -> str:
    if i.country:
        c = lookup(i.country)
        return c.name if c else i.country
    return i.organization or "~"


def _office(o: object, day: dt.date) -> OfficeItem:
    from briefing.person import Office

    assert isinstance(o, Office)
    return OfficeItem(
        title=o.title, country=o.country, organization=o.organization, level=o.level,
        level_label=LEVEL_LABEL[o.level] if o.level is not None else None,
        start=o.start, until=o.until,
        attested=o.attested_by(day), standing=o.standing(day), note=o.note, sources=tuple(o.sources),
    )


def _offices(person: Person, day: dt.date) -> tuple[OfficeItem, ...]:
    """The offices with something on record by the day, oldest evidence first; an office with no
    date at all after them (it is on record, but on no day)."""
    dated, undated = [], []
    for o in person.offices:
        if o.start is None and o.until is None and not o.attested:
            undated.append(_office(o, day))
        elif o.evidence_by(day):
            dated.append(_office(o, day))
    dated.sort(key=lambda o: min(d.earliest for d in (*o.attested, o.start, o.until) if d is not None and d.known))
    return (*dated, *undated)


def _meetings(seen: list[tuple[Meeting, Participant]], day: dt.date, home: Home | None, people: Registry):  # type: ignore[no-untyped-def]
    dated = [(m, p) for m, p in seen if m.date.known and m.date.latest <= day]
    undated = [(m, p) for m, p in seen if not m.date.known]
    later = len(seen) - len(dated) - len(undated)
    order = {m.id: i for i, m in enumerate(newest_first([m for m, _ in dated]))}
    dated.sort(key=lambda mp: order[mp[0].id])

    def item(m: Meeting, p: Participant) -> PersonMeeting:
        return PersonMeeting(meeting=meeting_item(m, home), written=p.name, role=p.role or p.office, level=people.level_of(p, m.date))

    held = [m for m, _ in dated if m.status is Status.held and (home is None or home.takes_part(m))]
    last = LastMet(meeting_id=held[0].id, title=held[0].title, date=held[0].date) if held else None
    return tuple(item(m, p) for m, p in dated), tuple(item(m, p) for m, p in undated), later, last


def _is_home(country: str | None, organization: str | None, home: Home | None) -> bool:
    if home is None:
        return False
    if home.country is not None:
        return country == home.country
    return organization is not None and normalise_phrase(organization) == normalise_phrase(home.organization or "")


def _person(person: Person, seen: list[tuple[Meeting, Participant]], day: dt.date, home: Home | None, people: Registry) -> PersonItem:
    offices = _offices(person, day)
    dated, undated, later, last = _meetings(seen, day, home, people)
    return PersonItem(
        id=person.id, name=person.name, names=tuple(n for n in person.names if n != person.name),
        country=person.country, organization=person.organization,
        home_side=_is_home(person.country, person.organization, home), notes=person.notes, path=person.path,
        offices=offices, current=tuple(o for o in offices if o.standing in CURRENT),
        meetings=dated, undated=undated, later=later, last_met=last,
        sources=dedupe_sources([person.sources, *(o.sources for o in offices)]),
    )


def _unfiled(seen: list[tuple[Meeting, Participant]], day: dt.date, home: Home | None) -> PersonItem:
    first = seen[0][1]
    dated, undated, later, last = _meetings(seen, day, home, EMPTY)
    spellings = tuple(dict.fromkeys(p.name for _, p in seen if p.name and p.name != first.name))
    return PersonItem(
        id=None, name=first.name or "", names=spellings, country=first.country, organization=first.organization,
        home_side=_is_home(first.country, first.organization, home),
        meetings=dated, undated=undated, later=later, last_met=last,
    )
