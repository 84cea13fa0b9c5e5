"""The level of a meeting, for "highest level met".

Until participants carry levels of their own (the people registry), a meeting's level is its
kind: a summit above a foreign ministers' meeting, and so on down (`model.KIND_LEVEL`). A visit,
a call or "other" says nothing about level by its kind alone: a deputy minister calling on a
secretary general is a visit as much as a minister calling on a president. Such meetings are
never named the highest level; the report says how many there are, so the reader knows the
level may be higher. `meeting_level` is the one place to change when levels come from people.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefing.model import KIND_LABEL, KIND_LEVEL, LEVEL_UNSTATED_KINDS, Kind, Meeting
from briefing.reports.items import Frozen


class Level(Frozen):
    kind: Kind  # the kind of meeting that gives the level
    label: str
    meeting_ids: tuple[str, ...]  # the meetings at that level, newest first
    unranked: tuple[str, ...] = ()  # meetings whose level the records do not say (visit, call, other)


def meeting_level(m: Meeting) -> int | None:
    """The rank of a meeting's level (lower is higher), or None when the records do not say."""
    if m.kind in LEVEL_UNSTATED_KINDS:
        return None
    return KIND_LEVEL[m.kind]


def highest_level(newest: Sequence[Meeting]) -> Level | None:
    """The highest level among these meetings (given newest first), or None when none has a
    level on record (the unranked ones are still named, in a Level of kind `other`)."""
    ranked = [(meeting_level(m), m) for m in newest]
    unranked = tuple(m.id for rank, m in ranked if rank is None)
    levels = [rank for rank, _ in ranked if rank is not None]
    if not levels:
        return Level(kind=Kind.other, label="not recorded", meeting_ids=(), unranked=unranked) if unranked else None
    top = min(levels)
    at_top = [m for rank, m in ranked if rank == top]
    kind = at_top[0].kind
    return Level(kind=kind, label=KIND_LABEL[kind], meeting_ids=tuple(m.id for m in at_top), unranked=unranked)
