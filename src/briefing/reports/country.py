"""`briefing country NAME`: the briefing note on one country.

Built from the meetings that involve the country (listed in `countries`, or a participant from it)
and pass the shared filters; the day of the report (`meta.as_of`) decides which commitments are
overdue and which planned meetings need confirmation.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from briefing.dates import FuzzyDate
from briefing.model import KIND_LABEL, KIND_LEVEL, Kind, Meeting, Series, Source, Status
from briefing.reports.common import MeetingFilter, ReportMeta, chronological, newest_first
from briefing.reports.items import (
    CommitmentItem,
    CommitmentState,
    CountryInfo,
    Frozen,
    HeldIndex,
    MeetingItem,
    PlannedItem,
    PlannedState,
    commitment_order,
    commitments_of,
    country_info,
    dedupe_sources,
    meeting_item,
    planned_item,
)
from briefing.text import normalise_phrase


class Contact(Frozen):
    meeting_id: str
    title: str
    date: FuzzyDate


class Level(Frozen):
    kind: Kind
    label: str
    meeting_ids: tuple[str, ...]  # the held meetings at that level, newest first


class SeriesRef(Frozen):
    id: str
    name: str
    meetings: int  # meetings of the series that involve the country


class Overview(Frozen):
    meetings: int
    held: int
    planned: int
    first_contact: Contact | None  # the held meeting with the earliest possible date
    latest_contact: Contact | None  # the held meeting with the latest earliest-possible date
    highest_level: Level | None  # by model.KIND_LEVEL, held meetings only
    series: tuple[SeriesRef, ...]


class KindCount(Frozen):
    kind: Kind
    label: str
    count: int


class YearRow(Frozen):
    year: str  # "2017", or "2010–2026" for a meeting whose date spans years
    held: int
    planned: int  # planned, postponed or cancelled
    by_kind: tuple[KindCount, ...]  # held meetings by kind


class TopicCount(Frozen):
    topic: str  # as first written (newest meeting first)
    count: int
    meeting_ids: tuple[str, ...]


class PersonMet(Frozen):
    name: str
    role: str | None = None
    country: str | None = None
    organization: str | None = None
    meeting_ids: tuple[str, ...]  # newest first
    last_met: FuzzyDate


class CountryReport(Frozen):
    meta: ReportMeta
    country: CountryInfo
    filter: MeetingFilter
    overview: Overview
    engagement: tuple[YearRow, ...]
    meetings: tuple[MeetingItem, ...]  # newest first
    recurring_topics: tuple[TopicCount, ...]  # topics raised at two or more meetings
    people: tuple[PersonMet, ...]  # the country's own people first
    commitments: tuple[CommitmentItem, ...]  # open ones (overdue first), then done and dropped
    planned: tuple[PlannedItem, ...]  # planned meetings not known held, soonest first
    sources: tuple[Source, ...]  # every source cited, once


def country_report(
    meetings: Sequence[Meeting], series: Sequence[Series], code: str, flt: MeetingFilter, meta: ReportMeta
) -> CountryReport:
    as_of = meta.as_of
    by_id = {m.id: m for m in meetings}
    mine = [m for m in flt.apply(meetings) if m.involves(code)]
    newest = newest_first(mine)
    held = [m for m in mine if m.status is Status.held]
    commitments = sorted(commitments_of(chronological(mine), as_of, by_id, code), key=commitment_order)
    index = HeldIndex(meetings)
    planned = [
        planned_item(m, index, as_of) for m in chronological(mine) if m.status is Status.planned
    ]
    return CountryReport(
        meta=meta,
        country=country_info(code),
        filter=flt,
        overview=_overview(mine, held, series, code),
        engagement=_engagement(mine),
        meetings=tuple(meeting_item(m) for m in newest),
        recurring_topics=_recurring_topics(newest),
        people=_people(newest, code),
        commitments=tuple(commitments),
        planned=tuple(p for p in planned if p.state is not PlannedState.held),
        sources=dedupe_sources(m.sources for m in newest),
    )


def _contact(m: Meeting) -> Contact:
    return Contact(meeting_id=m.id, title=m.title, date=m.date)


def _overview(mine: list[Meeting], held: list[Meeting], series: Sequence[Series], code: str) -> Overview:
    ordered = chronological(held)
    highest = None
    if held:
        level = min(KIND_LEVEL[m.kind] for m in held)
        top = newest_first([m for m in held if KIND_LEVEL[m.kind] == level])
        kind = top[0].kind
        highest = Level(kind=kind, label=KIND_LABEL[kind], meeting_ids=tuple(m.id for m in top))
    per_series = Counter(m.series for m in mine if m.series)
    refs = [
        SeriesRef(id=s.id, name=s.name, meetings=per_series.get(s.id, 0))
        for s in sorted(series, key=lambda s: s.name.casefold())
        if s.id in per_series or code in s.members
    ]
    return Overview(
        meetings=len(mine),
        held=len(held),
        planned=sum(1 for m in mine if m.status is Status.planned),
        first_contact=_contact(ordered[0]) if ordered else None,
        latest_contact=_contact(ordered[-1]) if ordered else None,
        highest_level=highest,
        series=tuple(refs),
    )


def _year(d: FuzzyDate) -> str:
    a, b = d.earliest.year, d.latest.year
    return str(a) if a == b else f"{a}–{b}"


def _engagement(mine: list[Meeting]) -> tuple[YearRow, ...]:
    """Meetings by year; a meeting whose date spans years gets a row of its own span, so that it
    is never counted in a year it may not belong to."""
    rows: dict[str, list[Meeting]] = defaultdict(list)
    order: dict[str, tuple[int, int]] = {}
    for m in mine:
        key = _year(m.date)
        rows[key].append(m)
        order[key] = (m.date.earliest.year, m.date.latest.year)
    out = []
    for key in sorted(rows, key=lambda k: order[k]):
        group = rows[key]
        kinds = Counter(m.kind for m in group if m.status is Status.held)
        by_kind = tuple(
            KindCount(kind=k, label=KIND_LABEL[k], count=n)
            for k, n in sorted(kinds.items(), key=lambda kv: (KIND_LEVEL[kv[0]], kv[0].value))
        )
        held = sum(kinds.values())
        out.append(YearRow(year=key, held=held, planned=len(group) - held, by_kind=by_kind))
    return tuple(out)


def _recurring_topics(newest: list[Meeting]) -> tuple[TopicCount, ...]:
    seen: dict[str, list[str]] = {}
    wording: dict[str, str] = {}
    for m in newest:
        for topic in dict.fromkeys(normalise_phrase(t) for t in m.topics):
            seen.setdefault(topic, []).append(m.id)
        for t in m.topics:
            wording.setdefault(normalise_phrase(t), t)
    recurring = [
        TopicCount(topic=wording[k], count=len(ids), meeting_ids=tuple(ids)) for k, ids in seen.items() if len(ids) > 1
    ]
    return tuple(sorted(recurring, key=lambda t: (-t.count, normalise_phrase(t.topic))))


def _people(newest: list[Meeting], code: str) -> tuple[PersonMet, ...]:
    people: dict[tuple[str, str | None], PersonMet] = {}
    for m in newest:
        for p in m.participants:
            key = (normalise_phrase(p.name), p.country)
            if key in people:
                known = people[key]
                if m.id not in known.meeting_ids:
                    people[key] = known.model_copy(update={"meeting_ids": (*known.meeting_ids, m.id)})
                continue
            people[key] = PersonMet(
                name=p.name,
                role=p.role,
                country=p.country,
                organization=p.organization,
                meeting_ids=(m.id,),
                last_met=m.date,
            )
    return tuple(sorted(people.values(), key=lambda p: (p.country != code, normalise_phrase(p.name))))


def open_commitments(report: CountryReport) -> list[CommitmentItem]:
    return [c for c in report.commitments if c.state in (CommitmentState.open, CommitmentState.overdue, CommitmentState.no_date)]
