"""`briefing series [NAME]`: the series, their rounds on record and their rhythm."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from briefing.dates import FuzzyDate
from briefing.model import Kind, Meeting, Series, Status
from briefing.structs import Count, Source
from briefing.reports.cadence import Cadence, cadence
from briefing.reports.common import MeetingFilter, ReportMeta, chronological
from briefing.reports.items import Frozen, place_text
from briefing.text import normalise_phrase


def find_series(name: str, series: Iterable[Series]) -> Series | None:
    """The series named by id, name, alias or search name; case, accents and punctuation are ignored."""
    key = normalise_phrase(name)
    if not key:
        return None
    for s in series:
        if s.id == name or key in {normalise_phrase(n) for n in (s.id, s.name, *s.aliases, *s.search_names)}:
            return s
    return None


class RoundRow(Frozen):
    id: str
    round: int | None  # None: a meeting of the series that carries no number
    date: FuzzyDate
    status: Status
    title: str
    place_text: str


class SeriesItem(Frozen):
    id: str
    name: str
    aliases: tuple[str, ...] = ()  # names the sources use
    search_names: tuple[str, ...] = ()  # names no source uses, to find it by
    dialogue: str | None = None
    kind: Kind | None = None
    established: FuzzyDate | None = None
    members: tuple[str, ...] = ()
    description: str | None = None
    counts: tuple[Count, ...] = ()  # how many were held, as sources counted them
    rounds: tuple[RoundRow, ...]  # dated meetings of the series on record, oldest first
    undated: tuple[RoundRow, ...] = ()  # and the undated ones, apart
    held: int  # of them all, held
    cadence: Cadence | None  # None with fewer than two held numbered rounds
    sources: tuple[Source, ...] = ()


class SeriesReport(Frozen):
    meta: ReportMeta
    full: bool  # one series in full (NAME given)
    series: tuple[SeriesItem, ...]


def series_item(s: Series, mine: Sequence[Meeting], as_of: dt.date) -> SeriesItem:
    """One series, from its meetings on record (already filtered)."""
    mine = chronological(mine)

    def row(m: Meeting) -> RoundRow:
        return RoundRow(id=m.id, round=m.round, date=m.date, status=m.status, title=m.title, place_text=place_text(m.place))

    rows = tuple(row(m) for m in mine if m.date.known)
    undated = tuple(row(m) for m in mine if not m.date.known)
    return SeriesItem(
        id=s.id,
        name=s.name,
        aliases=s.aliases,
        search_names=s.search_names,
        dialogue=s.dialogue,
        kind=s.kind,
        established=s.established,
        members=s.members,
        description=s.description,
        counts=s.counts,
        rounds=rows,
        undated=undated,
        held=sum(1 for r in (*rows, *undated) if r.status is Status.held),
        cadence=cadence(s, mine, as_of),
        sources=s.sources,
    )


def series_report(
    meetings: Sequence[Meeting], series: Sequence[Series], only: str | None, flt: MeetingFilter, meta: ReportMeta
) -> SeriesReport:
    """Every series (by dialogue, then name; those of no dialogue last), or only the one whose id is `only`, in full."""
    chosen = [s for s in series if only is None or s.id == only]
    chosen.sort(key=lambda s: (s.dialogue is None, normalise_phrase(s.dialogue or ""), normalise_phrase(s.name), s.id))
    kept = flt.apply(meetings)
    by_series: dict[str, list[Meeting]] = {}
    for m in kept:
        if m.series is not None:
            by_series.setdefault(m.series, []).append(m)
    items = tuple(series_item(s, by_series.get(s.id, []), meta.as_of) for s in chosen)
    return SeriesReport(meta=meta, full=only is not None, series=items)
