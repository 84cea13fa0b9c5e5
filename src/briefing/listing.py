"""A meeting's listing: the few fields that say whether a report needs the meeting.

Reading a whole record back from the cache means validating it through the models, which is what
a load of many thousands of records spends its time on. A listing is small: its date, status,
kind, series and round, the countries involved, its topics, and its commitments' links. It is
enough to run the cross-file checks and to choose the meetings a report needs (`needed`), so that
only those are validated in full.

Listings are msgspec structs: the cache stores them as JSON arrays and reads them back typed and
checked (enums, integers, strings), each date parsed again by `dates`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import msgspec

from briefing.dates import FuzzyDate
from briefing.model import CommitmentStatus, Kind, Meeting, Status


class CommitmentLink(msgspec.Struct, frozen=True, array_like=True, gc=False):
    status: CommitmentStatus
    fulfilled_by: str | None


class Listing(msgspec.Struct, array_like=True, gc=False):
    """What the checks and the choice of meetings read; `involves`, `topics` and `date` read as
    Meeting's. The cache stores it as a JSON array, its id and path empty and its date only as
    written: the loader fills them in (from the file's name, where the command runs, `when`)."""

    id: str
    path: str
    when: str  # the date as written
    status: Status
    kind: Kind
    series: str | None
    round: int | None
    countries: str  # ",KZ,UZ,": countries listed, then participants' countries
    topic_text: str  # the topics joined by NUL (which cleaned text never holds)
    commitments: tuple[CommitmentLink, ...]
    date: FuzzyDate | None = None  # `when` parsed: not stored (null), filled in when read

    def involves(self, code: str) -> bool:
        return f",{code}," in self.countries

    @property
    def topics(self) -> tuple[str, ...]:
        return tuple(self.topic_text.split("\0")) if self.topic_text else ()


def listing_of(m: Meeting) -> Listing:
    codes = dict.fromkeys(m.countries)
    for p in m.participants:
        if p.country is not None:
            codes[p.country] = None
    countries = f",{','.join(codes)}," if codes else ""
    return Listing(
        m.id,
        m.path,
        m.date.text,
        m.status,
        m.kind,
        m.series,
        m.round,
        countries,
        "\0".join(m.topics),
        tuple(CommitmentLink(c.status, c.fulfilled_by) for c in m.commitments),
        m.date,
    )


def encode(listing: Listing) -> bytes:
    """The listing as the cache stores it: without its id and path."""
    return msgspec.json.encode(msgspec.structs.replace(listing, id="", path="", date=None))


def needed(listings: Sequence[Listing], want: Callable[[Listing], bool]) -> list[int]:
    """Positions of the meetings `want` picks, and of those a report may look up from them:
    held meetings of the same series round (did a planned meeting take place?), the records
    their commitments name as fulfilling them, and the meetings whose commitments name them.
    In their order: a report given these sees, for what it picked, what it would see given all."""
    chosen = [i for i, m in enumerate(listings) if want(m)]
    if not chosen:
        return []
    ids: set[str] = set()  # what the chosen are, and what their commitments name
    rounds: set[tuple[str, int]] = set()
    for i in chosen:
        m = listings[i]
        ids.add(m.id)
        if m.series is not None and m.round is not None:
            rounds.add((m.series, m.round))
        for c in m.commitments:
            if c.fulfilled_by is not None:
                ids.add(c.fulfilled_by)
    keep = set(chosen)
    for i, m in enumerate(listings):
        if m.id in ids or (m.round is not None and (m.series, m.round) in rounds):
            keep.add(i)
        elif m.commitments and any(c.fulfilled_by in ids for c in m.commitments):
            keep.add(i)
    return sorted(keep)
