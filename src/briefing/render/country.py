"""`briefing country NAME` as text (rich), a Markdown memo, or JSON."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from briefing.model import Count, Participant, Status
from briefing.reports.country import CountryReport, OnRecord, PersonMet, SeriesRef, open_commitments
from briefing.reports.items import (
    CommitmentItem,
    CommitmentState,
    MeetingItem,
    PlannedItem,
    concerned_words,
    country_name,
    source_key,
    strength_words,
)
from briefing.render import markdown as md
from briefing.render.memo import LineBuffer, Memo, dump_json, text_header, text_section, text_sources

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


def country_json(report: CountryReport) -> str:
    return dump_json(report)


# -- words shared by text and Markdown ------------------------------------------------------------


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
    level = r.overview.highest_level
    if level is None:
        return ""
    unranked = len(level.unranked)
    unstated = f"the records do not say at what level {_plural(unranked, 'visit, call or other meeting')} took place" if unranked else ""
    if not level.meeting_ids:
        return f"Highest level met: not recorded ({unstated})."
    titles = {m.id: m for m in (*r.meetings, *r.undated)}
    top = titles[level.meeting_ids[0]]
    more = len(level.meeting_ids) - 1
    also = f", and {more} more" if more else ""
    tail = f"; {unstated}" if unstated else ""
    return f"Highest level met: {level.label} ({top.title}, {top.date.display()}{also}){tail}."


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
    extra = ", ".join(x for x in (p.role, side) if x)
    return f"{p.name} ({extra})" if extra else p.name


def person_text(p: PersonMet) -> str:
    side = country_name(p.country) if p.country else (p.organization or "")
    return ", ".join(x for x in (p.name, p.role, side) if x)


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


def _numbers(r: CountryReport) -> dict[tuple[str, str | None, str | None], int]:
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


# -- text ------------------------------------------------------------------------------------------


def country_text(r: CountryReport, real: Console) -> None:
    console = LineBuffer(real)
    _country_text(r, console)
    console.flush()


def _meetings_text(console: LineBuffer, meetings: tuple[MeetingItem, ...], numbers: dict, mk) -> None:  # type: ignore[no-untyped-def]
    for m in meetings:
        console.print()
        cites = " " + "".join(f"[{numbers[source_key(s)]}]" for s in m.sources)
        console.print(mk(m.date.display(), "bold") + mk(": ", "bold") + mk(m.title, "bold") + mk(cites, "dim"))
        lines = [mk(meeting_line(m))]
        if m.date_text:
            lines.append(mk("Date in the source: ") + mk(f"“{m.date_text}”"))
        if m.heads:
            lines.append(mk("Heads of delegation: ") + mk("; ".join(head_text(p) for p in m.heads)))
        if m.topics:
            lines.append(mk("Topics: ") + mk("; ".join(m.topics)))
        if m.agenda:
            lines.append(mk("Agenda announced (not reported as discussed): ") + mk("; ".join(m.agenda)))
        lines += [mk("→ ") + mk(outcome) for outcome in m.outcomes]
        lines += [mk("Caveat: ", "italic") + mk(caveat) for caveat in m.caveats]
        console.add_indented(lines)


def _people_text(console: LineBuffer, people: tuple[PersonMet, ...], mk) -> None:  # type: ignore[no-untyped-def]
    for p in people:
        n = len(p.meeting_ids)
        console.print(mk("• ") + mk(f"{person_text(p)} — {n} meeting{'s' if n != 1 else ''}, last {p.last_met.display()}"))


def _country_text(r: CountryReport, console: LineBuffer) -> None:
    from rich.table import Table
    from briefing.render.text import styler, t

    mk = styler(console)  # Text, or on a plain console plain strings (render.memo)
    c = r.country
    title = c.name if c.official_name == c.name else f"{c.name} ({c.official_name})"
    text_header(console, f"Briefing: {title}", r.meta)
    console.print()
    console.print(mk(overview_text(r)))
    numbers = _numbers(r)

    if r.engagement:
        text_section(console, "Engagement by year")
        table = Table(box=None, show_edge=False, pad_edge=False, padding=(0, 1))
        table.add_column("Year", no_wrap=True)
        table.add_column("Held", justify="right")
        table.add_column("Other", justify="right")
        table.add_column("Held, by kind")
        for row in r.engagement:
            kinds = ", ".join(f"{k.label} {k.count}" for k in row.by_kind)
            table.add_row(t(row.year), str(row.held), str(row.planned), t(kinds))
        console.print(table)

    if r.meetings:
        text_section(console, "Meetings, newest first")
        _meetings_text(console, r.meetings, numbers, mk)
    if r.undated:
        text_section(console, "Undated")
        _meetings_text(console, r.undated, numbers, mk)
    if r.context or r.context_undated:
        text_section(console, without_home_title(r))
        _meetings_text(console, (*r.context, *r.context_undated), numbers, mk)

    if r.recurring_topics:
        text_section(console, "Recurring topics")
        for tc in r.recurring_topics:
            console.print(mk("• ") + mk(f"{tc.topic} ({tc.count} meetings)"))

    if r.people:
        text_section(console, "People met")
        _people_text(console, r.people, mk)
    elif r.meta.home is not None and (r.meetings or r.undated):
        text_section(console, "People met")
        console.print(mk(no_people_words(r)))
    if r.home_people:
        text_section(console, home_people_title(r))
        _people_text(console, r.home_people, mk)

    opened = open_commitments(r)
    if opened:
        text_section(console, "Open commitments")
        for ci in opened:
            flag = overdue_flag(ci)
            console.print(mk("• ") + mk(flag, "bold red") + mk(commitment_text(ci)) + mk(commitment_tail(ci), "dim"))
    closed = len(r.commitments) - len(opened)
    if closed:
        console.print(mk(f"({closed} more commitment(s) recorded as done or dropped; see -f json)", "dim"))

    if r.planned:
        text_section(console, "Planned meetings")
        for p in r.planned:
            flag = "OVERDUE: " if p.overdue else ""
            console.print(mk("• ") + mk(flag, "bold red") + mk(planned_text(p)) + mk(f" [{planned_note(p)}]", "dim"))

    text_sources(console, r.sources)


# -- Markdown --------------------------------------------------------------------------------------


def _meetings_markdown(memo: Memo, meetings: tuple[MeetingItem, ...]) -> None:
    for m in meetings:
        memo.section(f"{m.date.display()}: {m.title}", level=3)
        memo.add(md.escape(meeting_line(m)) + " " + memo.cite(m.sources))
        lines = []
        if m.date_text:
            lines.append(f"- **Date as the source gives it:** {md.escape(m.date_text)}")
        if m.heads:
            lines.append("- **Heads of delegation:** " + md.escape("; ".join(head_text(p) for p in m.heads)))
        if m.topics:
            lines.append("- **Topics:** " + md.escape("; ".join(m.topics)))
        if m.agenda:
            lines.append("- **Agenda announced (not reported as discussed):** " + md.escape("; ".join(m.agenda)))
        lines += [f"- **Outcome:** {md.escape(o)}" for o in m.outcomes]
        lines += [f"- **Caveat:** {md.escape(caveat)}" for caveat in m.caveats]
        if lines:
            memo.add("", *lines)


def _people_markdown(memo: Memo, people: tuple[PersonMet, ...]) -> None:
    memo.table(
        ["Name", "Role", "Side", "Meetings", "Last met"],
        [
            [
                md.cell(p.name),
                md.cell(p.role or ""),
                md.cell(country_name(p.country) if p.country else (p.organization or "")),
                str(len(p.meeting_ids)),
                md.cell(p.last_met.display()),
            ]
            for p in people
        ],
    )


def country_markdown(r: CountryReport) -> str:
    c = r.country
    memo = Memo(f"Briefing: {c.name}", r.meta)
    if c.official_name != c.name:
        memo.para(f"Official name: {md.escape(c.official_name)} ({c.code}, {c.alpha3}).")
    else:
        memo.para(f"Code: {c.code}, {c.alpha3}.")
    memo.section("Overview")
    memo.add(md.escape(overview_text(r)))

    if r.engagement:
        memo.section("Engagement by year")
        memo.table(
            ["Year", "Held", "Other", "Held, by kind"],
            [
                [md.cell(row.year), str(row.held), str(row.planned), md.cell(", ".join(f"{k.label} {k.count}" for k in row.by_kind))]
                for row in r.engagement
            ],
        )

    if r.meetings:
        memo.section("Meetings, newest first")
        _meetings_markdown(memo, r.meetings)
    if r.undated:
        memo.section("Undated")
        _meetings_markdown(memo, r.undated)
    if r.context or r.context_undated:
        memo.section(without_home_title(r))
        _meetings_markdown(memo, (*r.context, *r.context_undated))

    if r.recurring_topics:
        memo.section("Recurring topics")
        memo.add(*[f"- {md.escape(tc.topic)} ({tc.count} meetings)" for tc in r.recurring_topics])

    if r.people:
        memo.section("People met")
        _people_markdown(memo, r.people)
    elif r.meta.home is not None and (r.meetings or r.undated):
        memo.section("People met")
        memo.para(md.escape(no_people_words(r)))
    if r.home_people:
        memo.section(home_people_title(r))
        _people_markdown(memo, r.home_people)

    opened = open_commitments(r)
    if opened:
        memo.section("Open commitments")
        memo.table(
            ["Commitment", "Strength", "Due", "Made at", "State"],
            [
                [
                    md.cell(ci.text),
                    md.cell(strength_words(ci.strength)),
                    md.cell(ci.due.display() if ci.due else "no date"),
                    md.cell(f"{ci.meeting_title} ({ci.meeting_date.display()})") + " " + memo.cite(ci.sources),
                    f"**{md.cell(ci.note)}**" if ci.state is CommitmentState.overdue else md.cell(ci.note),
                ]
                for ci in opened
            ],
        )

    if r.planned:
        memo.section("Planned meetings")
        memo.table(
            ["Date", "Meeting", "Place", "State"],
            [
                [md.cell(p.meeting.date.display()), md.cell(p.meeting.title) + " " + memo.cite(p.meeting.sources),
                 md.cell(p.meeting.place_text or "not recorded"),
                 (f"**OVERDUE:** {md.cell(planned_note(p))}" if p.overdue else md.cell(planned_note(p)))]
                for p in r.planned
            ],
        )
    return memo.render()
