"""Which record says a planned meeting was held: one held in its place (`realises`), one that took
its series round, or one whose done commitment names it (`fulfilled_by`). Pure: no I/O, no clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from briefing.model import CommitmentStatus, Meeting, Status


def happened_by(m: Meeting | None, day: dt.date) -> bool:
    """A record says this meeting was held, and on a date certainly no later than `day`."""
    return m is not None and m.status is Status.held and m.date.latest <= day


class HeldIndex:
    """Which records could say a planned meeting was held: held meetings by series round, the
    meetings whose done commitments name a record in `fulfilled_by`, and the meetings held in its
    place (`realises`). Built once per report."""

    def __init__(self, meetings: Iterable[Meeting]) -> None:
        self.by_round: dict[tuple[str, int], list[Meeting]] = {}
        self.naming: dict[str, list[Meeting]] = {}
        self.realised: dict[str, list[Meeting]] = {}
        for m in meetings:
            if m.status is Status.held and m.series is not None and m.round is not None:
                self.by_round.setdefault((m.series, m.round), []).append(m)
            if m.realises is not None and m.status is Status.held:
                self.realised.setdefault(m.realises, []).append(m)
            for c in m.commitments:
                if c.fulfilled_by is not None and c.status is CommitmentStatus.done:
                    self.naming.setdefault(c.fulfilled_by, []).append(m)


def held_record(m: Meeting, held: HeldIndex, as_of: dt.date) -> Meeting | None:
    """A record saying this planned meeting was held by `as_of`, if any: one held in its place,
    one that took its round, or one whose done commitment names it."""
    for other in held.realised.get(m.id, ()):
        if happened_by(other, as_of):
            return other
    if m.series is not None and m.round is not None:
        for other in held.by_round.get((m.series, m.round), ()):
            if other.id != m.id and happened_by(other, as_of):
                return other
    for other in held.naming.get(m.id, ()):
        # Only a meeting that was itself held says what its commitments led to: two planned
        # meetings whose done commitments name each other prove nothing (`check` names the circle).
        if happened_by(other, as_of):
            return other
    return None
