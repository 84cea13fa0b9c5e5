"""What every report shares: where it came from, and which meetings it covers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict

from briefing.model import Kind, Meeting, Status, Text
from briefing.reports.home import Home
from briefing.text import normalise_phrase


# The version of the reports' JSON: raised when a field is removed or renamed or changes its
# meaning. New fields may appear without a new version; a reader should ignore what it does not know.
SCHEMA_VERSION = 1


class ReportMeta(BaseModel):
    """Provenance printed at the top of a memo and carried in JSON."""

    model_config = ConfigDict(frozen=True)

    schema_version: int = SCHEMA_VERSION  # of the JSON every report writes (`briefing schema --report NAME`)
    as_of: dt.date
    command: Text  # the command line that made the report (cleaned: arguments may hold ESC)
    records: int  # meetings loaded (as of the day: those on record then)
    later: int = 0  # meetings left out: not yet on record on the as_of day (reports.as_of)
    digest: str  # short hash of the records folder's files
    skipped: tuple[Text, ...] = ()  # files that failed to load and were left out (names cleaned)
    home: Home | None = None  # whose briefing it is; None: no home side set, no "our side" claims


class MeetingFilter(BaseModel):
    """The filters reports share (--since, --until, --country, --series, --kind, --topic, --status)."""

    model_config = ConfigDict(frozen=True)

    since: dt.date | None = None  # keep meetings whose date range reaches this day or later
    until: dt.date | None = None  # keep meetings whose date range starts on or before this day
    countries: tuple[str, ...] = ()  # alpha-2 codes; a meeting involving any of them matches
    series: str | None = None
    kinds: tuple[Kind, ...] = ()
    topic: Text | None = None  # folded substring of any topic (cleaned: reports quote it)
    statuses: tuple[Status, ...] = ()

    @property
    def dated(self) -> bool:
        """A date window is asked for (then no undated meeting matches)."""
        return self.since is not None or self.until is not None

    def matches(self, m: Meeting) -> bool:
        date = m.date  # (date.overlaps, inlined: this runs for every meeting on record)
        if (self.since is not None and date.latest < self.since) or (self.until is not None and date.earliest > self.until):
            return False
        if (self.since is not None or self.until is not None) and not date.known:
            return False  # nothing says an undated meeting falls in the window
        if self.countries and not any(m.involves(c) for c in self.countries):
            return False
        if self.series is not None and m.series != self.series:
            return False
        if self.kinds and m.kind not in self.kinds:
            return False
        if self.statuses and m.status not in self.statuses:
            return False
        if self.topic is not None:
            wanted = normalise_phrase(self.topic)
            if not any(wanted in normalise_phrase(t) for t in m.topics):
                return False
        return True

    def apply(self, meetings: Iterable[Meeting]) -> list[Meeting]:
        return [m for m in meetings if self.matches(m)]


def chronological(meetings: Iterable[Meeting]) -> list[Meeting]:
    """Oldest first, by earliest possible day (then latest, then id); undated ones last."""
    return sorted(meetings, key=lambda m: (not m.date.known, m.date.earliest, m.date.latest, m.id))


def newest_first(meetings: Sequence[Meeting]) -> list[Meeting]:
    """Newest first; undated ones last (by id), never among the dated."""
    dated, undated = split_undated(meetings)
    dated.sort(key=lambda m: (m.date.earliest, m.date.latest, m.id), reverse=True)
    undated.sort(key=lambda m: m.id)
    return dated + undated


def split_undated(meetings: Iterable[Meeting]) -> tuple[list[Meeting], list[Meeting]]:
    """(dated, undated), each in the order given."""
    dated: list[Meeting] = []
    undated: list[Meeting] = []
    for m in meetings:
        (dated if m.date.known else undated).append(m)
    return dated, undated
