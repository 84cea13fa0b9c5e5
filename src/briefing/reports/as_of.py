"""The records as they stood on a day (the --as-of day): the one rule every report made as of a
day reads its records by. Pure: no I/O, no clock.

- Each meeting is as its record stood that day (`history.as_it_stood`): a status or date changed
  later is as it was before the change; a commitment done or dropped later is open; a source only
  a later change names is not there yet.
- A meeting that, so standing, is held but certainly dated after the day (held with no history
  saying it was planned then) was not yet on record: it is left out.
- A meeting in any other state (planned, postponed, cancelled) is on record if one of its sources
  was published by the day, or none is dated (nothing says it came later, `known_by`).
- A meeting whose date may fall on or before the day (`2018` as of 2018-02-28, or undated) is
  kept: it may have happened by then, and its record says it did.
- A series keeps only the counts of rounds its sources give as of a day that may be the day or
  earlier.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.history import as_it_stood
from briefing.model import Meeting, Series, Status


@dataclass(frozen=True)
class AsOfDay:
    """The records a report made as of `day` reads."""

    day: dt.date
    meetings: tuple[Meeting, ...]  # as they stood on the day, those on record then
    series: tuple[Series, ...]  # without counts made after the day
    later: tuple[Meeting, ...] = ()  # left out: not yet on record on the day (as they are now)


def known_by(m: Meeting, as_of: dt.date) -> bool:
    """Was this meeting on record by `as_of`? Not if every source is dated later."""
    dated = [s.published for s in m.sources if s.published is not None]
    return not dated or any(d.earliest <= as_of for d in dated)


def on_record(m: Meeting, day: dt.date) -> bool:
    """Was this meeting, as it stood on `day` (`history.as_it_stood`), on record that day?"""
    if m.status is Status.held:
        return not (m.date.known and m.date.earliest > day)  # held, certainly later: not yet
    return known_by(m, day)


def as_of_day(meetings: Sequence[Meeting], series: Sequence[Series], day: dt.date) -> AsOfDay:
    """The meetings and series as they stood on `day` (see the module's rules)."""
    kept: list[Meeting] = []
    later: list[Meeting] = []
    changed = False
    for m in meetings:
        then = as_it_stood(m, day) if m.history or _commitment_history(m) else m
        if on_record(then, day):
            kept.append(then)
            changed = changed or then is not m
        else:
            later.append(m)
    return AsOfDay(
        day=day,
        meetings=tuple(kept) if changed or later else tuple(meetings),
        series=tuple(_series_then(s, day) for s in series),
        later=tuple(later),
    )


def _commitment_history(m: Meeting) -> bool:
    return any(c.history for c in m.commitments)


def _series_then(s: Series, day: dt.date) -> Series:
    counts = tuple(c for c in s.counts if not (c.as_of.known and c.as_of.earliest > day))
    return s if len(counts) == len(s.counts) else s.model_copy(update={"counts": counts})

