"""`briefing compare`: two meetings (two rounds of a series, or any two records) side by side.

The earlier meeting is A, the later B (the two are put in date order; an undated one is B, and
the order is then unknown). Topics are compared as normalised phrases (case, accents,
punctuation and spacing ignored). The commitments made at A are followed to B: done, dropped,
still open, or overdue by the time B began.

Unknown is not absent: where one side has nothing recorded (participants, topics), no one
"joined" or "left" and no topic was "added" or "dropped": the report says "not recorded at A"
instead. An agenda announced before a meeting is shown as such, never compared as its topics.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from briefing.history import as_it_stood
from briefing.model import KIND_LABEL, Meeting, Status
from briefing.person import EMPTY, Registry
from briefing.structs import Participant
from briefing.reports.common import ReportMeta
from briefing.reports.level import Contact, Sides, contact_rank, meeting_contact
from briefing.reports.commitments import OPEN_STATES, CommitmentItem, CommitmentState, commitment_item
from briefing.reports.items import Frozen, MeetingItem, gap_words, meeting_item
from briefing.text import normalise_phrase


class FactRow(Frozen):
    label: str  # date, place, mode, level, status
    a: str
    b: str
    same: bool


class PeopleChange(Frozen):
    joined: tuple[Participant, ...]  # at B, not at A (only when both sides record participants)
    left: tuple[Participant, ...]  # at A, not at B
    stayed: tuple[Participant, ...]  # at both (as recorded at B)
    not_recorded: tuple[str, ...] = ()  # "A", "B": the sides with no participant on record


class KeptTopic(Frozen):
    a: str  # as written at A
    b: str  # as written at B


class TopicChange(Frozen):
    added: tuple[str, ...]  # at B only (only when both sides record topics)
    dropped: tuple[str, ...]  # at A only
    kept: tuple[KeptTopic, ...]
    not_recorded: tuple[str, ...] = ()  # "A", "B": the sides with no topic on record


class CompareReport(Frozen):
    meta: ReportMeta
    series: str | None = None  # when compared as rounds of a series
    series_name: str | None = None
    swapped: bool = False  # the meetings were given later one first
    same_series: bool = True  # both of one series (False: of different series, or one of none)
    order_known: bool = True  # False when one of them is undated: A is not known to be earlier
    a: MeetingItem
    b: MeetingItem
    facts: tuple[FactRow, ...]
    people: PeopleChange
    topics: TopicChange
    commitments: tuple[CommitmentItem, ...]  # made at A, as they stood when B began (B dated)
    gap_min_days: int | None  # the least and most days from A to B that the dates allow (None: undated)
    gap_max_days: int | None
    gap_text: str


def _level_row(a: Meeting, b: Meeting, sides: Sides) -> FactRow:
    """The meetings' levels: the counterpart's where a participant's level is known, else the
    kind (said so when the other is known by people); the same when they rank alike."""
    ca, cb = meeting_contact(a, sides), meeting_contact(b, sides)
    mixed = any(c is not None and c.by == "people" for c in (ca, cb))

    def text(c: Contact | None, m: Meeting) -> str:
        if c is not None and c.by == "people":
            return c.label
        return KIND_LABEL[m.kind] + (" (by kind)" if mixed else "")

    x, y = text(ca, a), text(cb, b)
    same = x == y or (ca is not None and cb is not None and contact_rank(ca)[:2] == contact_rank(cb)[:2])
    return FactRow(label="level", a=x, b=y, same=same)


def _facts(a: MeetingItem, b: MeetingItem, level: FactRow) -> tuple[FactRow, ...]:
    def row(label: str, x: str, y: str) -> FactRow:
        return FactRow(label=label, a=x, b=y, same=x == y)

    def date(m: MeetingItem) -> str:
        return m.date.display() + (f" (“{m.date_text}”)" if m.date_text else "")

    def series(m: MeetingItem) -> str:
        if not m.series:
            return "none"
        return m.series + (f", round {m.round}" if m.round is not None else "")

    return (
        row("date", date(a), date(b)),
        row("place", a.place_text or "not recorded", b.place_text or "not recorded"),
        row("mode", a.mode.value if a.mode else "not stated", b.mode.value if b.mode else "not stated"),
        level,
        row("status", a.status.value, b.status.value),
        row("series", series(a), series(b)),
    )


def _people(a: Meeting, b: Meeting, people: Registry) -> PeopleChange:
    """Who joined, left and stayed: one person however each record writes their name (their
    person file, else their name in any order; someone named by office alone, by that office)."""
    unknown = tuple(side for side, m in (("A", a), ("B", b)) if not m.participants)
    if unknown:
        return PeopleChange(joined=(), left=(), stayed=(), not_recorded=unknown)

    def named(p: Participant) -> Participant:
        person = people.find(p) if p.name is None else None
        return p.model_copy(update={"name": person.name}) if person is not None else p

    at_a = {people.identity(p) for p in a.participants}
    at_b = {people.identity(p) for p in b.participants}
    return PeopleChange(
        joined=tuple(named(p) for p in b.participants if people.identity(p) not in at_a),
        left=tuple(named(p) for p in a.participants if people.identity(p) not in at_b),
        stayed=tuple(named(p) for p in b.participants if people.identity(p) in at_a),
    )


def _topics(a: Meeting, b: Meeting) -> TopicChange:
    unknown = tuple(side for side, m in (("A", a), ("B", b)) if not m.topics)
    if unknown:
        return TopicChange(added=(), dropped=(), kept=(), not_recorded=unknown)
    at_a = {normalise_phrase(t): t for t in reversed(a.topics)}
    at_b = {normalise_phrase(t): t for t in reversed(b.topics)}
    return TopicChange(
        added=tuple(dict.fromkeys(t for t in b.topics if normalise_phrase(t) not in at_a)),
        dropped=tuple(dict.fromkeys(t for t in a.topics if normalise_phrase(t) not in at_b)),
        kept=tuple(
            KeptTopic(a=at_a[k], b=at_b[k]) for k in dict.fromkeys(normalise_phrase(t) for t in b.topics) if k in at_a
        ),
    )


def _followed(a: Meeting, b: Meeting, by_id: dict[str, Meeting], as_of: dt.date) -> tuple[CommitmentItem, ...]:
    """A's commitments as they stood when B began; fulfilled at B itself counts as done at B.
    When B is undated, when it began is unknown: as they stand on the report's day, said so."""
    out = []
    when = b.date.earliest if b.date.known else as_of
    then = as_it_stood(a, when)  # a commitment kept after B began was open at B
    for i, c in enumerate(then.commitments):
        item = commitment_item(then, i, c, when, by_id)
        if c.fulfilled_by == b.id and b.status is Status.held and item.state in OPEN_STATES:
            item = item.model_copy(update={"state": CommitmentState.done, "overdue_days": None, "passed_days": None, "note": "fulfilled at B"})
        elif not b.date.known:
            item = item.model_copy(update={"note": f"{item.note} as of {as_of.isoformat()} (B is undated)"})
        elif item.state in (CommitmentState.open, CommitmentState.no_date):
            item = item.model_copy(update={"note": "still open at B" + (f" ({item.note})" if item.due else "")})
        elif item.state in (CommitmentState.overdue, CommitmentState.passed):
            item = item.model_copy(update={"note": f"{item.note} when B began"})
        out.append(item)
    return tuple(out)


def compare(
    meetings: Sequence[Meeting], first: Meeting, second: Meeting, meta: ReportMeta, *, series_name: str | None = None,
    people: Registry = EMPTY,
) -> CompareReport:
    """`people`: the people on record, so that one person is one person at both meetings."""
    swapped = second.date.sort_key() < first.date.sort_key()
    a, b = (second, first) if swapped else (first, second)
    order_known = a.date.known and b.date.known
    low: int | None
    high: int | None
    if order_known:
        low = max((b.date.earliest - a.date.latest).days, 0)
        high = max((b.date.latest - a.date.earliest).days, 0)
        gap = gap_words(low, high)
    else:
        low = high = None
        gap = "time between not known (" + (f"{'A and B are' if not (a.date.known or b.date.known) else 'B is'} undated") + ")"
    home = meta.home
    sides = Sides(None, home, people)
    item_a, item_b = meeting_item(a, home), meeting_item(b, home)
    return CompareReport(
        meta=meta,
        series=a.series if series_name else None,
        series_name=series_name,
        swapped=swapped,
        same_series=a.series is not None and a.series == b.series,
        order_known=order_known,
        a=item_a,
        b=item_b,
        facts=_facts(item_a, item_b, _level_row(a, b, sides)),
        people=_people(a, b, people),
        topics=_topics(a, b),
        commitments=_followed(a, b, {m.id: m for m in meetings}, meta.as_of),
        gap_min_days=low,
        gap_max_days=high,
        gap_text=gap,
    )
