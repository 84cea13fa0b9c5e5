"""`briefing timeline`: every meeting that passes the filters, oldest first; undated ones apart."""

from __future__ import annotations

from collections.abc import Sequence

from briefing.model import Meeting
from briefing.reports.common import MeetingFilter, ReportMeta, chronological, split_undated
from briefing.reports.items import Frozen, MeetingItem, meeting_item


class TimelineReport(Frozen):
    meta: ReportMeta
    filter: MeetingFilter
    total: int  # meetings on record before filtering
    undated: tuple[MeetingItem, ...] = ()  # undated (never with --since/--until), by id
    meetings: tuple[MeetingItem, ...]  # dated, by earliest possible day (last: JSON is written in pieces)


def timeline(meetings: Sequence[Meeting], flt: MeetingFilter, meta: ReportMeta, total: int | None = None) -> TimelineReport:
    """Meetings that pass the filter, in order of earliest possible day, the undated apart.
    `total`: meetings on record, when `meetings` holds only some of them (by default, as many
    as `meetings`)."""
    dated, undated = split_undated(chronological(flt.apply(meetings)))
    undated.sort(key=lambda m: m.id)
    count = len(meetings) if total is None else total
    home = meta.home
    return TimelineReport(
        meta=meta,
        filter=flt,
        total=count,
        undated=tuple(meeting_item(m, home) for m in undated),
        meetings=tuple(meeting_item(m, home) for m in dated),
    )
