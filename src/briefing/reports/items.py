"""The pieces every report is made of: a meeting as listed, countries and places, sources, and
plain-words spans of time. Pure: no I/O, no clock. A commitment's state is in
`reports.commitments`, a planned meeting's in `reports.planned`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from briefing.countries import lookup
from briefing.dates import FuzzyDate
from briefing.reports.home import Home
from briefing.model import KIND_LABEL, Kind, Meeting, Mode, Status
from briefing.structs import Meeting as MeetingStruct
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


@lru_cache(maxsize=65536)  # places recur: a series held at one venue, a country's capital
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
    fields = dict(
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
    if not isinstance(m, MeetingStruct):
        return MeetingItem(**fields)  # a model's meeting (authoring's, a test's): validated, its parts made structs
    # A loaded meeting's: built without validating again, and with no set of the fields given.
    # Every value is a loaded record's own, of the item's types already, and no report is
    # written "unset fields left out". A timeline of a big folder lists tens of thousands of
    # items; validated, each also kept a set of its 22 field names, 2 KB of a 3.6 KB item.
    return MeetingItem.model_construct(set(), **fields)


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
