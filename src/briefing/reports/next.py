"""`briefing next`: what comes next as of a day.

- planned meetings ahead (or whose date window is open now);
- open commitments with their due window, overdue (and by how long) once it has closed;
- planned meetings whose date has passed with no record that they were held: "needs confirmation";
- planned meetings the sources give no date for ("undated"), listed apart;
- postponed meetings (no new date on record);
- for each series with two or more held numbered rounds, its usual interval and when the next
  round would fall due on that rhythm.

A commitment that concerns a planned meeting (`concerns`) is listed once, with that meeting (its
state says "overdue" when the commitment was agreed or planned and its date has passed); only
agreed and planned commitments are ever overdue (see reports.items).

As of a past day, the report leaves out what was not yet on record then: commitments made at
meetings that had not yet begun, and planned meetings whose sources were all published later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from briefing.dates import FuzzyDate
from briefing.model import CommitmentStatus, Meeting, Series, Status
from briefing.reports.cadence import Cadence, CadenceState, cadence
from briefing.reports.common import MeetingFilter, ReportMeta, chronological
from briefing.reports.commitments import OPEN_STATES, CommitmentItem, CommitmentState, commitment_involves, commitment_item, commitment_order
from briefing.reports.held import HeldIndex
from briefing.reports.items import CountryInfo, Frozen, MeetingItem, country_info, meeting_item
from briefing.reports.as_of import known_by
from briefing.reports.planned import PlannedItem, PlannedState, planned_item
from briefing.reports.plans import fold_concerns


class NextReport(Frozen):
    meta: ReportMeta
    countries: tuple[CountryInfo, ...] = ()  # --country: what involves any of them
    within_days: int | None = None  # --within
    horizon: dt.date | None = None  # as_of + within: what opens later is left out
    filter: MeetingFilter  # --since/--until, applied to planned dates and due windows
    planned: tuple[PlannedItem, ...]  # ahead or due now, soonest first
    commitments: tuple[CommitmentItem, ...]  # open: overdue first (longest first), then by due date, undated last
    needs_confirmation: tuple[PlannedItem, ...]  # date passed, no record says held; oldest first
    undated: tuple[PlannedItem, ...] = ()  # planned meetings the sources give no date for
    postponed: tuple[MeetingItem, ...]
    cadence: tuple[Cadence, ...]
    undated_left_out: int = 0  # undated commitments left out because a date window was asked for
    # For a calendar (next_report(closed=True)), else empty: what was listed open or planned and is
    # no longer, so that a calendar which imported it marks it completed or cancelled.
    closed: tuple[CommitmentItem, ...] = ()  # done or dropped, chosen as the open ones are
    cancelled: tuple[MeetingItem, ...] = ()  # cancelled meetings, chosen as the planned ones are


def next_report(
    meetings: Sequence[Meeting],
    series: Sequence[Series],
    meta: ReportMeta,
    *,
    countries: tuple[str, ...] = (),
    within: int | None = None,
    flt: MeetingFilter | None = None,
    closed: bool = False,
) -> NextReport:
    """What comes next as of `meta.as_of`; `closed`: also what is done, dropped or cancelled (for
    a calendar), chosen by the same filters."""
    as_of = meta.as_of
    home = meta.home
    flt = flt or MeetingFilter()
    horizon = _horizon(as_of, within)
    by_id = {m.id: m for m in meetings}
    index = HeldIndex(meetings)
    by_series: dict[str, list[Meeting]] = {}
    for m in meetings:
        if m.series is not None:
            by_series.setdefault(m.series, []).append(m)

    def in_window(d: FuzzyDate) -> bool:
        return d.overlaps(flt.since, flt.until)  # an undated one is in no window

    planned: list[PlannedItem] = []
    unconfirmed: list[PlannedItem] = []
    undated: list[PlannedItem] = []
    postponed: list[MeetingItem] = []
    cancelled: list[MeetingItem] = []
    ordered = chronological(meetings)
    for m in ordered:
        if countries and not any(m.involves(c) for c in countries):
            continue
        if not known_by(m, as_of) or not in_window(m.date):
            continue
        if m.status is Status.postponed:
            postponed.append(meeting_item(m, home))
        if closed and m.status is Status.cancelled and m.date.known and (horizon is None or m.date.earliest <= horizon):
            cancelled.append(meeting_item(m, home))
        if m.status is not Status.planned:
            continue
        item = planned_item(m, index, as_of, home)
        if item.state is PlannedState.no_date:
            if horizon is None:
                undated.append(item)  # cannot be placed within --within days
        elif item.state is PlannedState.needs_confirmation:
            unconfirmed.append(item)
        elif item.state is PlannedState.due_now or (
            item.state is PlannedState.ahead and (horizon is None or m.date.earliest <= horizon)
        ):
            planned.append(item)

    commitments: list[CommitmentItem] = []
    done_or_dropped: list[CommitmentItem] = []
    undated_left_out = 0
    windowed = horizon is not None or flt.since is not None or flt.until is not None
    recorded_closed = () if closed else (CommitmentStatus.done, CommitmentStatus.dropped)
    for m in ordered:
        if m.date.earliest > as_of or not m.date.known:
            continue  # not yet made as of the day (an undated meeting's commitments: when, unknown)
        for i, c in enumerate(m.commitments):
            if c.status in recorded_closed:
                continue  # done or dropped as recorded: never open (commitment_item), and not asked for
            if countries and not any(commitment_involves(m, c, code) for code in countries):
                continue
            item = commitment_item(m, i, c, as_of, by_id, index)
            is_open = item.state in OPEN_STATES
            if not is_open and not closed:
                continue
            if c.due is None or not c.due.known:
                if windowed:
                    undated_left_out += is_open
                    continue
            elif not in_window(c.due):
                continue
            elif item.state in (CommitmentState.open, CommitmentState.done, CommitmentState.dropped) and (
                horizon is not None and c.due.earliest > horizon
            ):
                continue
            (commitments if is_open else done_or_dropped).append(item)

    rhythms = []
    for s in sorted(series, key=lambda s: s.name.casefold()):
        if countries and not any(
            code in s.members or any(m.involves(code) for m in by_series.get(s.id, ())) for code in countries
        ):
            continue
        c = cadence(s, by_series.get(s.id, ()), as_of)
        if c is None:
            continue
        if horizon is not None and c.state is CadenceState.ahead and c.next_due.earliest > horizon:
            continue
        rhythms.append(c)

    # A commitment about a planned meeting is listed once, with the meeting.
    commitments, folded = fold_concerns(commitments, planned + unconfirmed + undated, by_id)
    done_or_dropped, _ = fold_concerns(done_or_dropped, [], by_id)  # as open, one about a plan was no to-do
    planned = [p for p in folded if p.state in (PlannedState.ahead, PlannedState.due_now)]
    unconfirmed = [p for p in folded if p.state is PlannedState.needs_confirmation]
    undated = [p for p in folded if p.state is PlannedState.no_date]

    return NextReport(
        meta=meta,
        countries=tuple(country_info(c) for c in countries),
        within_days=within,
        horizon=horizon,
        filter=flt,
        planned=tuple(planned),
        commitments=tuple(sorted(commitments, key=_overdue_first)),
        needs_confirmation=tuple(unconfirmed),
        undated=tuple(undated),
        postponed=tuple(postponed),
        cadence=tuple(rhythms),
        undated_left_out=undated_left_out,
        closed=tuple(sorted(done_or_dropped, key=lambda c: commitment_order(c)[1:])),
        cancelled=tuple(cancelled),
    )


def _horizon(as_of: dt.date, within: int | None) -> dt.date | None:
    if within is None:
        return None
    try:
        return as_of + dt.timedelta(days=within)
    except OverflowError:
        return dt.date.max


def _overdue_first(c: CommitmentItem) -> tuple[object, ...]:
    """Overdue first, longest overdue first; then those whose date passed, longest first; then by
    the end of the due window; undated last."""
    rank, due, start, meeting_id, index = commitment_order(c)
    if c.state is CommitmentState.overdue:
        return (rank, -(c.overdue_days or 0), start, meeting_id, index)
    if c.state is CommitmentState.passed:
        return (rank, -(c.passed_days or 0), start, meeting_id, index)
    return (rank, due.toordinal(), start, meeting_id, index)
