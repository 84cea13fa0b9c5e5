"""The people registry: one person a file (`records/people/<id>.toml`), their offices over time,
and how a meeting's participant is matched to a person. No I/O.

An office is held from `from` until `until` when a source gives the term; a source that only
shows someone in an office on a day gives that day, in `attested`, and it is never stretched
into a term the source does not give. What a report may say of a day follows from that (see
`Office.standing`).

A participant is a person when it names one (`person = "<id>"`), or when its name is one of a
person's spellings (`name` or any of `names`) with case, accents, punctuation and the order of
the words ignored ("Hayashi Yoshimasa" is "Yoshimasa Hayashi"; "CAVUSOGLU" is "Çavuşoğlu" when
the file lists it). Where a name fits two people and the participant's country does not tell
them apart, it is matched to no one (and `briefing check` warns).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from enum import Enum
from functools import lru_cache
from typing import Annotated

from pydantic import ConfigDict, Field, model_validator

from briefing.dates import FuzzyDate
from briefing.model import CountryCode, Level, NonEmptyText, Participant, Source, Strict, Text
from briefing.text import normalise_phrase

PEOPLE_DIR = "people"


class Office(Strict):
    """An office a person held, with the sources that attest it."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    title: NonEmptyText  # as the source words it: "Minister for Foreign Affairs"
    country: CountryCode | None = None  # whose office it is
    organization: NonEmptyText | None = None
    level: Level | None = None  # None: not recorded
    start: FuzzyDate | None = Field(default=None, alias="from")  # the term, only as a source gives it
    until: FuzzyDate | None = None
    attested: tuple[FuzzyDate, ...] = ()  # days on which a source shows them holding it
    note: Text | None = None
    sources: Annotated[tuple[Source, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _dates_agree(self) -> Office:
        if self.start is not None and self.until is not None and self.start.known and self.until.known:
            if self.until.latest < self.start.earliest:
                raise ValueError(f"until ({self.until.display()}) is before from ({self.start.display()})")
        for day in self.attested:
            if not day.known:
                raise ValueError("an attested date must be a date: leave an undated attestation out, and say so in note")
            if self.start is not None and self.start.known and day.latest < self.start.earliest:
                raise ValueError(f"attested {day.display()} is before from ({self.start.display()})")
            if self.until is not None and self.until.known and day.earliest > self.until.latest:
                raise ValueError(f"attested {day.display()} is after until ({self.until.display()})")
        return self

    def standing(self, day: dt.date) -> Standing:
        """What the records attest of this office on this day (see `Standing`)."""
        start, until = self.start, self.until
        if until is not None and until.known and until.latest < day:
            return Standing.ended
        if start is not None and start.known and start.latest <= day:
            if until is None or not until.known:
                return Standing.since
            return Standing.in_term if until.earliest >= day else Standing.ending
        if self.attested_by(day):
            return Standing.attested
        return Standing.not_yet

    def attested_by(self, day: dt.date) -> tuple[FuzzyDate, ...]:
        """The attested dates on or before this day (a date that may fall after it is left out)."""
        return tuple(d for d in self.attested if d.latest <= day)

    def evidence_by(self, day: dt.date) -> bool:
        """Something on record on or before this day shows the office: a start, an end or an
        attested date that cannot fall after it."""
        return any(d is not None and d.known and d.latest <= day for d in (self.start, self.until)) or bool(self.attested_by(day))

    def held_on(self, date: FuzzyDate) -> bool:
        """The records show the office held on every day this date may be: a term that covers it,
        or an attestation of exactly that date (a meeting on 28 Dec 2017, attested 28 Dec 2017)."""
        if not date.known:
            return False
        start, until = self.start, self.until
        if start is not None and until is not None and start.known and until.known:
            if start.latest <= date.earliest and until.earliest >= date.latest:
                return True
        return any((d.earliest, d.latest) == (date.earliest, date.latest) for d in self.attested)


class Standing(str, Enum):
    """An office on a given day, as far as the records attest."""

    in_term = "in term"  # within a term a source gives (from and until)
    since = "since"  # a source gives its start, on or before the day, and no end
    attested = "attested"  # a source shows it held on a day on or before the day, and gives no term
    ending = "may have ended"  # a source gives its start and an end that may fall before the day
    ended = "ended"  # a source gives its end, before the day
    not_yet = "not attested"  # nothing on record by that day shows it


class PersonFile(Strict):
    """A person file (records/people/<id>.toml): one person, their names and offices."""

    name: NonEmptyText  # as they are usually written
    names: tuple[NonEmptyText, ...] = ()  # other spellings and orders the sources use, native script
    country: CountryCode | None = None  # whose side they are on, when they are a country's
    organization: NonEmptyText | None = None  # or an organization's
    notes: Text | None = None
    offices: tuple[Office, ...] = ()
    sources: tuple[Source, ...] = ()  # where the person is named, beyond their offices' sources

    @model_validator(mode="after")
    def _sourced(self) -> PersonFile:
        if not self.sources and not self.offices:
            raise ValueError("cite where the person is named: give [[sources]], or [[offices]] with their sources")
        return self


class Person(PersonFile):
    """A person as loaded: the file's content plus its id and path."""

    id: Text
    path: Text

    def spellings(self) -> tuple[str, ...]:
        return (self.name, *(n for n in self.names if n != self.name))

    def countries(self) -> set[str]:
        """The person's country and those of their offices."""
        found = {o.country for o in self.offices if o.country is not None}
        if self.country is not None:
            found.add(self.country)
        return found

    def office_on(self, date: FuzzyDate) -> Office | None:
        """The office the records show them holding on this date, the highest when several."""
        from briefing.model import LEVEL_RANK

        held = [o for o in self.offices if o.held_on(date)]
        held.sort(key=lambda o: LEVEL_RANK.get(o.level, len(LEVEL_RANK)) if o.level is not None else len(LEVEL_RANK) + 1)
        return held[0] if held else None


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """A name reduced for matching: case, accents and punctuation dropped, words in order of
    the alphabet (so the order of given and family name does not matter)."""
    return " ".join(sorted(normalise_phrase(name).split()))


class Registry:
    """The people on record, looked up by id and by name."""

    def __init__(self, people: Iterable[Person] = ()) -> None:
        self.people: tuple[Person, ...] = tuple(people)
        self.by_id: dict[str, Person] = {}
        self._by_name: dict[str, list[Person]] = {}
        self._countries: dict[str, frozenset[str]] = {}
        for p in self.people:
            self.by_id.setdefault(p.id, p)
            self._countries.setdefault(p.id, frozenset(p.countries()))
            for spelling in p.spellings():
                same = self._by_name.setdefault(name_key(spelling), [])
                if p not in same:
                    same.append(p)

    def __bool__(self) -> bool:
        return bool(self.people)

    def get(self, person_id: str) -> Person | None:
        return self.by_id.get(person_id)

    def named(self, name: str) -> tuple[Person, ...]:
        """Every person one of whose spellings this name is."""
        return tuple(self._by_name.get(name_key(name), ()))

    def candidates(self, name: str, country: str | None = None) -> tuple[Person, ...]:
        """The people this name may be: of those it spells, the ones of this country (a person
        with no country on record may be of any)."""
        found = self.named(name)
        if country is not None and found:
            found = tuple(p for p in found if not self._countries[p.id] or country in self._countries[p.id])
        return found

    def find(self, p: Participant) -> Person | None:
        """The person this participant is: the one it names, else the one its name fits (None
        when it fits no one, or two people)."""
        if p.person is not None:
            return self.by_id.get(p.person)
        if p.name is None or not self.people:
            return None
        found = self.candidates(p.name, p.country)
        return found[0] if len(found) == 1 else None

    def level_of(self, p: Participant, date: FuzzyDate) -> Level | None:
        """The participant's level at a meeting on this date: as the record gives it, else that
        of the office their person file shows them holding on that date."""
        if p.level is not None:
            return p.level
        person = self.find(p)
        if person is None:
            return None
        office = person.office_on(date)
        return office.level if office is not None else None

    def identity(self, p: Participant) -> str:
        """One key for one person everywhere: their id when they are on record, else their
        name as matched (any order), else the office they are named by."""
        person = self.find(p)
        if person is not None:
            return f"person:{person.id}"
        if p.person is not None:
            return f"person:{p.person}"
        if p.name is not None:
            return f"name:{name_key(p.name)}|{p.country or ''}"
        return f"office:{normalise_phrase(p.office or p.role or '')}|{p.country or p.organization or ''}"

    def display_name(self, p: Participant) -> str | None:
        """The person's usual name when on record, else the name as the record writes it."""
        person = self.find(p)
        return person.name if person is not None else p.name

    def lookup(self, text: str) -> tuple[Person, ...]:
        """People a user means by this text: the id; else a spelling (any case, accents, order);
        else every person in one of whose spellings each word of the text starts a word."""
        text = text.strip()
        if text in self.by_id:
            return (self.by_id[text],)
        exact = self.named(text)
        if exact:
            return exact
        words = normalise_phrase(text).split()
        if not words:
            return ()
        found = []
        for person in self.people:
            for spelling in person.spellings():
                have = normalise_phrase(spelling).split()
                if all(any(h.startswith(w) for h in have) for w in words):
                    found.append(person)
                    break
        return tuple(found)


    def close_to(self, name: str, n: int = 3) -> tuple[Person, ...]:
        """People one of whose spellings is close to this name (a typo, a spelling not listed)."""
        import difflib

        keys = list(self._by_name)
        found: list[Person] = []
        for key in difflib.get_close_matches(name_key(name), keys, n=n, cutoff=0.75):
            found += [p for p in self._by_name[key] if p not in found]
        return tuple(found[:n])


EMPTY = Registry()


def registry_of(people: Sequence[Person] | Registry | None) -> Registry:
    if isinstance(people, Registry):
        return people
    return Registry(people or ())
