"""A meeting's listing: the few fields that say whether a report needs the meeting.

Reading a whole record back from the cache means validating it through the models, which is what
a load of many thousands of records spends its time on. A listing is small: its date, status,
kind, series and round, the countries involved, its topics, and its commitments' links. It is
enough to run the cross-file checks and to choose the meetings a report needs (`needed`), so that
only those are validated in full.

Listings are msgspec structs: the cache stores them as JSON arrays (`Brief`) and reads them back
typed and checked (enums, integers, strings), each date parsed again by `dates`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
import msgspec

from briefing.dates import FuzzyDate, _parse_text
from briefing.model import CommitmentStatus, Kind, Meeting, Status


class CommitmentLink(msgspec.Struct, frozen=True, array_like=True, gc=False):
    status: CommitmentStatus
    fulfilled_by: str | None


class Listing(msgspec.Struct, gc=False):
    """What the checks and the choice of meetings read; `Listing.involves` as `Meeting.involves`."""

    id: str
    path: str
    date: FuzzyDate
    status: Status
    kind: Kind
    series: str | None
    round: int | None
    involved: tuple[str, ...]  # countries listed, then participants' countries not listed
    topics: tuple[str, ...]
    commitments: tuple[CommitmentLink, ...]

    def involves(self, code: str) -> bool:
        return code in self.involved


class Brief(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """A listing as the cache stores it: without id and path (they come from the file's name and
    where the command runs), the date as written."""

    date: str
    status: Status
    kind: Kind
    series: str | None
    round: int | None
    involved: tuple[str, ...]
    topics: tuple[str, ...]
    commitments: tuple[CommitmentLink, ...]

    def listing(self, id: str, path: str) -> Listing:
        """The listing again; DateError (a ValueError) for a date that does not parse."""
        return Listing(
            id, path, _parse_text(self.date), self.status, self.kind, self.series, self.round,
            self.involved, self.topics, self.commitments,
        )


def listing_of(m: Meeting) -> Listing:
    involved = dict.fromkeys(m.countries)
    for p in m.participants:
        if p.country is not None:
            involved[p.country] = None
    return Listing(
        m.id,
        m.path,
        m.date,
        m.status,
        m.kind,
        m.series,
        m.round,
        tuple(involved),
        m.topics,
        tuple(CommitmentLink(c.status, c.fulfilled_by) for c in m.commitments),
    )


def brief(listing: Listing) -> Brief:
    m = listing
    return Brief(m.date.text, m.status, m.kind, m.series, m.round, m.involved, m.topics, m.commitments)


def encode(listing: Listing) -> bytes:
    """The listing as stored (a Brief)."""
    return msgspec.json.encode(brief(listing))


def needed(listings: Sequence[Listing], want: Callable[[Listing], bool]) -> list[int]:
    """Positions of the meetings `want` picks, and of those a report may look up from them:
    held meetings of the same series round (did a planned meeting take place?), the records
    their commitments name as fulfilling them, and the meetings whose commitments name them.
    In their order: a report given these sees, for what it picked, what it would see given all."""
    chosen = [i for i, m in enumerate(listings) if want(m)]
    if not chosen:
        return []
    by_id: dict[str, list[int]] = {}
    by_round: dict[tuple[str, int], list[int]] = {}
    naming: dict[str, list[int]] = {}
    for i, m in enumerate(listings):
        by_id.setdefault(m.id, []).append(i)
        if m.series is not None and m.round is not None:
            by_round.setdefault((m.series, m.round), []).append(i)
        for c in m.commitments:
            if c.fulfilled_by is not None:
                naming.setdefault(c.fulfilled_by, []).append(i)
    keep = set(chosen)
    for i in chosen:
        m = listings[i]
        if m.series is not None and m.round is not None:
            keep.update(by_round[(m.series, m.round)])
        keep.update(naming.get(m.id, ()))
        for c in m.commitments:
            if c.fulfilled_by is not None:
                keep.update(by_id.get(c.fulfilled_by, ()))
    return sorted(keep)
