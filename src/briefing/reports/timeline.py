"""`briefing timeline`: every meeting that passes the filters, oldest first."""

from __future__ import annotations

from collections.abc import Sequence

from briefing.model import Meeting
from briefing.reports.common import MeetingFilter, ReportMeta, chronological
from briefing.reports.items import Frozen, MeetingItem, meeting_item


class TimelineReport(Frozen):
    meta: ReportMeta
    filter: MeetingFilter
    total: int  # meetings on record before filtering
    meetings: tuple[MeetingItem, ...]  # by earliest possible day


def timeline(meetings: Sequence[Meeting], flt: MeetingFilter, meta: ReportMeta, total: int | None = None) -> TimelineReport:
    """Meetings that pass the filter, in order of earliest possible day. `total`: meetings on
    record, when `meetings` holds only some of them (by default, as many as `meetings`)."""
    kept = chronological(flt.apply(meetings))
    count = len(meetings) if total is None else total
    return TimelineReport(meta=meta, filter=flt, total=count, meetings=tuple(meeting_item(m) for m in kept))
