"""A commitment and the planned meeting it concerns, listed once: as that meeting.

A commitment may name (`concerns`) the record of the planned meeting it is about: "there is a
plan to hold the first Security Dialogue late January" and the planned record of that dialogue.
Reports list the pair once, as the planned meeting, with the commitment attached (its strength
and where it was made); the meeting's item says "overdue" when the commitment, agreed or planned,
is. Pure: no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping

from briefing.model import Meeting, Status
from briefing.reports.commitments import CommitmentItem, CommitmentState
from briefing.reports.planned import PlannedItem



def fold_concerns(
    commitments: list[CommitmentItem], planned: list[PlannedItem], by_id: Mapping[str, Meeting]
) -> tuple[list[CommitmentItem], list[PlannedItem]]:
    """Commitments that concern a planned meeting (`concerns`) go with that meeting: they are
    taken out of `commitments` and attached to its item in `planned`, which says "overdue" when
    one of them is. A commitment whose meeting is not planned on record (held, or no such
    record) stays where it is; one whose planned meeting is not in `planned` (another day, another
    window) is not listed either: it is the same thing, and is listed where the meeting is."""
    items = {p.meeting.id: p for p in planned}
    attached: dict[str, list[CommitmentItem]] = {}
    kept = []
    for c in commitments:
        target = by_id.get(c.concerns) if c.concerns else None
        if target is None or target.status is Status.held:
            kept.append(c)
        elif c.concerns in items:
            attached.setdefault(target.id, []).append(c)
    out = []
    for p in planned:
        mine = attached.get(p.meeting.id)
        if mine:
            overdue = any(c.state is CommitmentState.overdue for c in mine)
            p = p.model_copy(update={"commitments": tuple(mine), "overdue": overdue})
        out.append(p)
    return kept, out


def concerned_words(p: PlannedItem) -> str:
    """How the commitments about a planned meeting put it: "planned at X (28 Dec 2017)"."""
    return "; ".join(
        f"{c.strength.value} at {c.meeting_title} ({c.meeting_date.display()})"
        if c.strength is not None
        else f"on record at {c.meeting_title} ({c.meeting_date.display()}; strength not recorded)"
        for c in p.commitments
    )
