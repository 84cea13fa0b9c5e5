"""`briefing country NAME`: the briefing note on one country, from the home side's point of view.

With a home side (`meta.home`), the note is our history with the country: only meetings where both
the home side and the country took part count in the overview, engagement by year, highest level,
first and latest meeting on record, recurring topics and people met. Meetings involving the country
without the home side are listed apart (`context`), never counted. People met are the country's
own; the home side's delegation is listed apart (`home_people`). Without a home side, every
meeting involving the country counts, and people are everyone recorded (the country's own first).

Undated meetings are listed apart (`undated`), never counted in a year. The day of the report
(`meta.as_of`) decides which commitments are overdue and which planned meetings need confirmation.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from briefing.dates import FuzzyDate
from briefing.model import KIND_LABEL, KIND_LEVEL, Kind, Meeting, Series, Status
from briefing.reports.common import MeetingFilter, ReportMeta, chronological, newest_first, split_undated
from briefing.reports.home import Home
from briefing.structs import Count, Source
from briefing.reports.commitments import OPEN_STATES, CommitmentItem, commitment_order, commitments_of
from briefing.reports.held import HeldIndex
from briefing.reports.items import CountryInfo, Frozen, MeetingItem, country_info, dedupe_sources, meeting_item
from briefing.reports.planned import PlannedItem, PlannedState, planned_item
from briefing.person import EMPTY, Registry
from briefing.reports.level import HighestLevel, LevelTrend, Sides, highest_level, level_trend
from briefing.reports.plans import fold_concerns
from briefing.text import normalise_phrase


class OnRecord(Frozen):
    """A meeting on record (the first or the latest held), and any others held on the same date."""

    meeting_id: str
    title: str
    date: FuzzyDate
    same_date: tuple[str, ...] = ()  # other held meetings with exactly this date (ids)


class SeriesRef(Frozen):
    id: str
    name: str
    meetings: int  # meetings of the series on record that count for the country
    counted: Count | None = None  # the latest count the sources give, if any


class Overview(Frozen):
    meetings: int  # meetings that count: with the home side (all, when none is set)
    held: int
    planned: int
    undated: int  # of them, undated
    context: int  # meetings involving the country without the home side (not counted)
    first_on_record: OnRecord | None  # the held, dated meeting with the earliest possible date
    latest_on_record: OnRecord | None  # the held, dated meeting with the latest earliest-possible date
    highest_level: HighestLevel | None  # of held meetings: who met whom (reports.level)
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
    highest_level: HighestLevel | None = None  # of that year's held meetings: the level of contact


class TopicCount(Frozen):
    topic: str  # as first written (newest meeting first)
    count: int
    meeting_ids: tuple[str, ...]


class PersonMet(Frozen):
    name: str | None  # their usual name when on record (people/), else as the record writes it; None: named by office only
    person: str | None = None  # the id of their person file
    office: str | None = None  # named by this office only (when name is None)
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
    engagement: tuple[YearRow, ...]  # dated meetings that count, by year, with each year's level of contact
    level_trend: LevelTrend | None = None  # the latest year's level of contact against the year before it on record
    meetings: tuple[MeetingItem, ...]  # dated meetings that count, newest first
    undated: tuple[MeetingItem, ...]  # undated meetings that count
    context: tuple[MeetingItem, ...]  # dated meetings without the home side, newest first (not counted)
    context_undated: tuple[MeetingItem, ...]  # and the undated ones
    recurring_topics: tuple[TopicCount, ...]  # topics raised at two or more meetings that count
    people: tuple[PersonMet, ...]  # the counterpart's people (without a home side: everyone, the country's first)
    home_people: tuple[PersonMet, ...]  # the home side's own delegation members
    commitments: tuple[CommitmentItem, ...]  # open ones (overdue first), then done and dropped
    planned: tuple[PlannedItem, ...]  # planned meetings not known held, soonest first
    sources: tuple[Source, ...]  # every source cited, once


def country_report(
    meetings: Sequence[Meeting], series: Sequence[Series], code: str, flt: MeetingFilter, meta: ReportMeta,
    people: Registry = EMPTY,
) -> CountryReport:
    """`people`: the people on record, so that one person is one person and levels are met."""
    as_of = meta.as_of
    home = meta.home
    sides = Sides(code, home, people)
    by_id = {m.id: m for m in meetings}
    involving = [m for m in flt.apply(meetings) if m.involves(code)]
    if home is None:
        ours, others = involving, []
    else:
        ours = [m for m in involving if home.takes_part(m)]
        others = [m for m in involving if not home.takes_part(m)]
    dated, undated = split_undated(ours)
    newest = newest_first(dated)
    undated = newest_first(undated)
    context_dated, context_undated = split_undated(others)
    context_newest = newest_first(context_dated)
    context_undated = newest_first(context_undated)
    index = HeldIndex(meetings)
    commitments = sorted(commitments_of(chronological(ours), as_of, by_id, code, index), key=commitment_order)
    planned = [planned_item(m, index, as_of, home) for m in chronological(ours) if m.status is Status.planned]
    planned = [p for p in planned if p.state is not PlannedState.held]
    commitments, planned = fold_concerns(commitments, planned, by_id)
    # People met at meetings held: a planned meeting's participants have not met anyone yet.
    met, home_people = _people([m for m in (*newest, *undated) if m.status is Status.held], code, home, people)
    engagement = _engagement(newest, sides)
    return CountryReport(
        meta=meta,
        country=country_info(code),
        filter=flt,
        overview=_overview(ours, newest, undated, len(others), series, code, sides),
        engagement=engagement,
        level_trend=level_trend([(row.year, row.highest_level) for row in engagement]),
        meetings=tuple(meeting_item(m, home) for m in newest),
        undated=tuple(meeting_item(m, home) for m in undated),
        context=tuple(meeting_item(m, home) for m in context_newest),
        context_undated=tuple(meeting_item(m, home) for m in context_undated),
        recurring_topics=_recurring_topics([*newest, *undated]),
        people=met,
        home_people=home_people,
        commitments=tuple(commitments),
        planned=tuple(planned),
        sources=dedupe_sources(m.sources for m in (*newest, *undated, *context_newest, *context_undated)),
    )


def _on_record(m: Meeting, held: list[Meeting]) -> OnRecord:
    same = tuple(o.id for o in held if o.id != m.id and (o.date.earliest, o.date.latest) == (m.date.earliest, m.date.latest))
    return OnRecord(meeting_id=m.id, title=m.title, date=m.date, same_date=same)


def _overview(
    ours: list[Meeting], newest: list[Meeting], undated: list[Meeting], context: int, series: Sequence[Series], code: str,
    sides: Sides,
) -> Overview:
    held_dated = chronological(m for m in newest if m.status is Status.held)
    held_all = [m for m in (*newest, *undated) if m.status is Status.held]
    per_series = Counter(m.series for m in ours if m.series)
    refs = [
        SeriesRef(id=s.id, name=s.name, meetings=per_series.get(s.id, 0), counted=_latest_count(s))
        for s in sorted(series, key=lambda s: s.name.casefold())
        if s.id in per_series or code in s.members
    ]
    return Overview(
        meetings=len(ours),
        held=len(held_all),
        planned=sum(1 for m in ours if m.status is Status.planned),
        undated=len(undated),
        context=context,
        first_on_record=_on_record(held_dated[0], held_dated) if held_dated else None,
        latest_on_record=_on_record(held_dated[-1], held_dated) if held_dated else None,
        highest_level=highest_level(held_all, sides),
        series=tuple(refs),
    )


def _latest_count(s: Series) -> Count | None:
    counts = [c for c in s.counts if c.as_of.known]
    return max(counts, key=lambda c: c.as_of.sort_key()) if counts else None


def _year(d: FuzzyDate) -> str:
    a, b = d.earliest.year, d.latest.year
    return str(a) if a == b else f"{a}–{b}"


def _engagement(mine: list[Meeting], sides: Sides) -> tuple[YearRow, ...]:
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
        level = highest_level([m for m in group if m.status is Status.held], sides)
        out.append(YearRow(year=key, held=held, planned=len(group) - held, by_kind=by_kind, highest_level=level))
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


def _people(
    meetings: list[Meeting], code: str, home: Home | None, people: Registry
) -> tuple[tuple[PersonMet, ...], tuple[PersonMet, ...]]:
    """(people met, the home side's own people), each person once, from meetings newest first:
    one person however the records write their name (`person.Registry.identity`).

    With a home side, people met are the country's own (the counterpart); without one, everyone
    recorded, the country's own first, and no one is told apart as ours."""
    met: dict[str, PersonMet] = {}
    ours: dict[str, PersonMet] = {}
    for m in meetings:
        for p in m.participants:
            if home is None:
                into = met
            elif home.is_ours(p):
                into = ours
            elif p.country == code:
                into = met
            else:
                continue  # a third side: neither the country nor the home side
            key = people.identity(p)
            if key in into:
                known = into[key]
                if m.id not in known.meeting_ids:
                    into[key] = known.model_copy(update={"meeting_ids": (*known.meeting_ids, m.id)})
                continue
            person = people.find(p)
            named = person.name if person is not None else p.name
            into[key] = PersonMet(
                name=named,
                person=person.id if person is not None else p.person,
                office=None if named is not None or p.person is not None else p.office or p.role,
                role=p.role or (p.office if named is not None else None),
                country=p.country,
                organization=p.organization,
                meeting_ids=(m.id,),
                last_met=m.date,
            )

    def order(found: dict[str, PersonMet]) -> tuple[PersonMet, ...]:
        return tuple(sorted(found.values(), key=lambda p: (p.country != code, p.name is None, normalise_phrase(p.name or p.office or p.person or ""))))

    return order(met), order(ours)


def open_commitments(report: CountryReport) -> list[CommitmentItem]:
    return [c for c in report.commitments if c.state in OPEN_STATES]
