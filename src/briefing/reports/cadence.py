"""A series' rhythm: its usual interval between rounds and when the next round would fall due.

Only held, numbered rounds that had certainly taken place by the day in question count. The usual
interval is the median, over consecutive known rounds, of the days between their midpoints divided
by how many rounds apart they are (so rounds missing from the records are allowed for). The next
round falls due at the latest round's date plus that interval: a window at least a month wide,
marked approximate, since it is an estimate and never more precise than its inputs.
"""

from __future__ import annotations

import calendar
import datetime as dt
import statistics
from collections.abc import Iterable
from enum import Enum

from briefing.dates import FuzzyDate, parse_date
from briefing.model import Meeting, Series, Status
from briefing.reports.items import Frozen, span_words
from briefing.reports.as_of import known_by


class CadenceState(str, Enum):
    ahead = "ahead"
    due_now = "due now"
    past = "past"  # on this rhythm the next round was due before the report's day


class Cadence(Frozen):
    series: str
    series_name: str
    rounds: tuple[int, ...]  # the held numbered rounds the estimate is made from
    interval_days: int  # usual days per round
    interval_text: str
    latest_round: int
    latest_id: str
    latest_date: FuzzyDate
    next_round: int
    next_due: FuzzyDate  # an estimate: approximate, a month or a window of months
    state: CadenceState
    planned: tuple[str, ...] = ()  # planned meetings of the series on record, not known held
    note: str


def _midpoint(d: FuzzyDate) -> dt.date:
    return d.earliest + (d.latest - d.earliest) / 2


def month_window(lo: dt.date, hi: dt.date) -> FuzzyDate:
    """The months from lo to hi, widened to whole months and marked approximate."""
    if lo.year == hi.year and lo.month == 1 and hi.month == 12:
        return parse_date(f"{lo.year:04d}~")
    if (lo.year, lo.month) == (hi.year, hi.month):
        return parse_date(f"{lo.year:04d}-{lo.month:02d}~")
    return parse_date(f"{lo.year:04d}-{lo.month:02d}~/{hi.year:04d}-{hi.month:02d}~")


def _and(numbers: tuple[int, ...]) -> str:
    words = [str(n) for n in numbers]
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def _add_days(d: dt.date, days: int) -> dt.date:
    try:
        return d + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max


def cadence(series: Series, meetings: Iterable[Meeting], as_of: dt.date) -> Cadence | None:
    """The series' rhythm as of a day, or None with fewer than two held numbered rounds."""
    mine = [m for m in meetings if m.series == series.id]
    held = sorted(
        (m for m in mine if m.status is Status.held and m.round is not None and m.date.latest <= as_of),
        key=lambda m: (m.round, m.date.sort_key()),
    )
    per_round: list[float] = []
    used: set[int] = set()
    for a, b in zip(held, held[1:]):
        assert a.round is not None and b.round is not None
        steps = b.round - a.round
        gap = (_midpoint(b.date) - _midpoint(a.date)).days
        if steps <= 0 or gap <= 0:
            continue  # the same round twice, or rounds out of date order: no rhythm to read
        per_round.append(gap / steps)
        used.update((a.round, b.round))
    if not per_round:
        return None
    interval = round(statistics.median(per_round))
    latest = held[-1]
    assert latest.round is not None
    lo = _add_days(latest.date.earliest, interval)
    hi = _add_days(latest.date.latest, interval)
    if hi.year > 9998:
        return None
    lo, hi = lo.replace(day=1), hi.replace(day=calendar.monthrange(hi.year, hi.month)[1])
    due = month_window(lo, hi)
    if as_of > due.latest:
        state = CadenceState.past
    elif as_of >= due.earliest:
        state = CadenceState.due_now
    else:
        state = CadenceState.ahead
    planned = tuple(
        m.id
        for m in sorted(mine, key=lambda m: m.date.sort_key())
        if m.status is Status.planned and m.date.latest >= latest.date.earliest and known_by(m, as_of)
    )
    rounds = tuple(sorted(used))
    return Cadence(
        series=series.id,
        series_name=series.name,
        rounds=rounds,
        interval_days=interval,
        interval_text=f"{span_words(interval)} per round",
        latest_round=latest.round,
        latest_id=latest.id,
        latest_date=latest.date,
        next_round=latest.round + 1,
        next_due=due,
        state=state,
        planned=planned,
        note=f"an estimate from the {len(rounds)} held rounds on record: {_and(rounds)}",
    )
