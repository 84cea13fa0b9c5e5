"""The words of `briefing country`, shared by its text and its Markdown memo: the overview
paragraph, a meeting's line, a commitment's and a planned meeting's state."""

from __future__ import annotations

from collections import Counter

from briefing.model import Count, Participant, Status
from briefing.reports.country import CountryReport, OnRecord, PersonMet, SeriesRef
from briefing.reports.commitments import CommitmentItem, CommitmentState, strength_words
from briefing.reports.items import MeetingItem, country_name, source_key
from briefing.reports.planned import PlannedItem
from briefing.reports.plans import concerned_words


def status_counts(r: CountryReport) -> str:
    counts = Counter(m.status for m in (*r.meetings, *r.undated))
    return ", ".join(f"{counts[s]} {s.value}" for s in Status if counts[s])


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def count_words(count: Count | None) -> str:
    if count is None:
        return ""
    verb = "imply" if count.implied else "count"
    return f"sources {verb} {count.held} by {count.as_of.display()}"


def series_words(s: SeriesRef) -> str:
    counted = count_words(s.counted)
    on_record = f"{s.meetings} on record" if s.meetings else "none on record"
    return f"{s.name} ({on_record}{'; ' + counted if counted else ''})"


def _on_record_words(o: OnRecord, r: CountryReport) -> str:
    titles = {m.id: m.title for m in r.meetings}
    ids = sorted([o.meeting_id, *o.same_date])  # the same order, whichever is first or latest
    names = " and ".join(titles.get(i, o.title if i == o.meeting_id else i) for i in ids)
    return f"{names} ({o.date.display()})"


def level_words(r: CountryReport) -> str:
    from briefing.render.level import highest_level_words

    return highest_level_words(r.overview.highest_level, r.meta.home.name if r.meta.home else None)


def overview_text(r: CountryReport) -> str:
    o = r.overview
    name = r.country.name
    home = r.meta.home
    if home is not None:
        subject = f"{name} and {home.name}"
        met = f"{subject} took part together in"
    else:
        met = f"{name} appears in"
    parts = []
    if o.meetings == 0:
        parts.append(
            f"No meeting with both {name} and {home.name} is on record{_period(r)}." if home is not None
            else f"No meeting involving {name} is on record{_period(r)}."
        )
    else:
        undated = f", {o.undated} of them undated" if o.undated else ""
        parts.append(f"{met} {_plural(o.meetings, 'meeting')} on record{_period(r)} ({status_counts(r)}{undated}).")
    if o.context and home is not None:
        parts.append(f"{_plural(o.context, 'more meeting')} involve{'s' if o.context == 1 else ''} {name} without {home.name}: listed apart, not counted.")
    if o.meetings == 0:
        return " ".join(parts)
    if o.first_on_record and o.latest_on_record:
        first, latest = o.first_on_record, o.latest_on_record
        if first.meeting_id == latest.meeting_id and not first.same_date:
            parts.append(f"The only meeting held on record: {_on_record_words(first, r)}.")
        elif {first.meeting_id, *first.same_date} == {latest.meeting_id, *latest.same_date}:
            parts.append(f"The meetings held on record are all of one date: {_on_record_words(first, r)}.")
        else:
            parts.append(
                f"First meeting on record: {_on_record_words(o.first_on_record, r)}; "
                f"latest on record: {_on_record_words(o.latest_on_record, r)}."
            )
    elif o.held == 0:
        parts.append("None of them is recorded as held.")
    if o.highest_level:
        parts.append(level_words(r))
    if o.series:
        listed = "; ".join(series_words(s) for s in o.series)
        parts.append(f"Series it belongs to: {listed}.")
    return " ".join(parts)


def _period(r: CountryReport) -> str:
    f = r.filter
    if f.since and f.until:
        return f" between {f.since.isoformat()} and {f.until.isoformat()}"
    if f.since:
        return f" since {f.since.isoformat()}"
    if f.until:
        return f" until {f.until.isoformat()}"
    return ""


def head_text(p: Participant) -> str:
    side = country_name(p.country) if p.country else (p.organization or "")
    if p.name is None and p.person is None:  # named by office alone
        return f"{p.office or p.role} ({', '.join(x for x in ('name not recorded', side) if x)})"
    extra = ", ".join(x for x in (p.role or p.office, side) if x)
    return f"{p.label()} ({extra})" if extra else p.label()


def person_text(p: PersonMet) -> str:
    side = country_name(p.country) if p.country else (p.organization or "")
    name = p.name or (f"{p.office} (name not recorded)" if p.office else p.person)
    return ", ".join(x for x in (name, p.role, side) if x)


def meeting_line(m: MeetingItem) -> str:
    bits = [m.kind_label, m.status.value]
    if m.series:
        bits.append(m.series + (f" round {m.round}" if m.round is not None else ""))
    if m.mode:
        bits.append(m.mode.value)
    return " · ".join([m.place_text or "place not recorded", *bits])


def commitment_text(c: CommitmentItem) -> str:
    due = f"due {c.due.display()}" + (f" (“{c.date_text}”)" if c.date_text else "") if c.due else "no due date"
    return f"{c.text} — {due}; made at {c.meeting_title} ({c.meeting_date.display()})"


def commitment_tail(c: CommitmentItem) -> str:
    """The state in brackets, with the strength: "[agreed; open, no date]"."""
    if c.state is CommitmentState.overdue:
        return f" [{strength_words(c.strength)}]"
    if c.strength is None and c.state is CommitmentState.passed:
        return f" [{c.note}]"  # which says the strength is not recorded
    return f" [{strength_words(c.strength)}; {c.note}]"


def overdue_flag(c: CommitmentItem) -> str:
    return f"OVERDUE by {c.note.removeprefix('overdue by ')}: " if c.state is CommitmentState.overdue else ""


def planned_text(p: PlannedItem) -> str:
    m = p.meeting
    where = f", {m.place_text}" if m.place_text else ""
    return f"{m.title} — {m.date.display()}{where}"


def planned_note(p: PlannedItem) -> str:
    """The planned meeting's state, and the commitments that concern it."""
    concerned = concerned_words(p)
    return p.note + (f"; {concerned}" if concerned else "")


def source_numbers(r: CountryReport) -> dict[tuple[str, str | None, str | None], int]:
    return {source_key(s): i for i, s in enumerate(r.sources, start=1)}


def without_home_title(r: CountryReport) -> str:
    home = r.meta.home
    return f"Without {home.name if home else 'the home side'} (context, not counted)"


def home_people_title(r: CountryReport) -> str:
    home = r.meta.home
    return f"{home.name if home else 'The home side'}'s own people at these meetings"


def no_people_words(r: CountryReport) -> str:
    """Said when meetings count but no one from the country is named at them."""
    return f"No one from {r.country.name} is named in these records."
