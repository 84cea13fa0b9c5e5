"""`briefing country NAME` as text (rich), a Markdown memo, or JSON."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from briefing.model import Participant, Status
from briefing.reports.country import CountryReport, PersonMet, open_commitments
from briefing.reports.items import CommitmentItem, CommitmentState, MeetingItem, PlannedItem, country_name, source_key
from briefing.render import markdown as md
from briefing.render.memo import LineBuffer, Memo, dump_json, text_header, text_section, text_sources

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


def country_json(report: CountryReport) -> str:
    return dump_json(report)


# -- words shared by text and Markdown ------------------------------------------------------------


def status_counts(r: CountryReport) -> str:
    counts = Counter(m.status for m in r.meetings)
    return ", ".join(f"{counts[s]} {s.value}" for s in Status if counts[s])


def overview_text(r: CountryReport) -> str:
    o = r.overview
    name = r.country.name
    if o.meetings == 0:
        return f"No meeting involving {name} is on record{_period(r)}."
    parts = [f"{name} appears in {o.meetings} meeting{'s' if o.meetings != 1 else ''} on record{_period(r)} ({status_counts(r)})."]
    if o.first_contact and o.latest_contact:
        if o.first_contact.meeting_id == o.latest_contact.meeting_id:
            parts.append(f"The only meeting held: {o.first_contact.title} ({o.first_contact.date.display()}).")
        else:
            parts.append(
                f"First contact: {o.first_contact.title} ({o.first_contact.date.display()}); "
                f"latest: {o.latest_contact.title} ({o.latest_contact.date.display()})."
            )
    if o.highest_level:
        top = next(m for m in r.meetings if m.id == o.highest_level.meeting_ids[0])
        more = len(o.highest_level.meeting_ids) - 1
        also = f" and {more} more" if more else ""
        parts.append(f"Highest level met: {o.highest_level.label} ({top.title}, {top.date.display()}{also}).")
    if o.series:
        listed = "; ".join(f"{s.name} ({s.meetings or 'none'} on record)" for s in o.series)
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


def planned_text(p: PlannedItem) -> str:
    m = p.meeting
    where = f", {m.place_text}" if m.place_text else ""
    return f"{m.title} — {m.date.display()}{where}"


def _numbers(r: CountryReport) -> dict[tuple[str, str | None, str | None], int]:
    return {source_key(s): i for i, s in enumerate(r.sources, start=1)}


# -- text ------------------------------------------------------------------------------------------


def country_text(r: CountryReport, real: Console) -> None:
    console = LineBuffer(real)
    _country_text(r, console)
    console.flush()


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
        for m in r.meetings:
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
            lines += [mk("→ ") + mk(outcome) for outcome in m.outcomes]
            console.add_indented(lines)

    if r.recurring_topics:
        text_section(console, "Recurring topics")
        for tc in r.recurring_topics:
            console.print(mk("• ") + mk(f"{tc.topic} ({tc.count} meetings)"))

    if r.people:
        text_section(console, "People met")
        for p in r.people:
            n = len(p.meeting_ids)
            console.print(mk("• ") + mk(f"{person_text(p)} — {n} meeting{'s' if n != 1 else ''}, last {p.last_met.display()}"))

    opened = open_commitments(r)
    if opened:
        text_section(console, "Open commitments")
        for ci in opened:
            if ci.state is CommitmentState.overdue:
                flag, tail = mk(f"OVERDUE by {ci.note.removeprefix('overdue by ')}: ", "bold red"), ""
            else:
                flag, tail = mk(""), f" [{ci.note}]"
            console.print(mk("• ") + flag + mk(commitment_text(ci)) + mk(tail, "dim"))
    closed = len(r.commitments) - len(opened)
    if closed:
        console.print(mk(f"({closed} more commitment(s) recorded as done or dropped; see -f json)", "dim"))

    if r.planned:
        text_section(console, "Planned meetings")
        for p in r.planned:
            console.print(mk("• ") + mk(planned_text(p)) + mk(f" [{p.note}]", "dim"))

    text_sources(console, r.sources)


# -- Markdown --------------------------------------------------------------------------------------


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
        for m in r.meetings:
            memo.section(f"{m.date.display()}: {m.title}", level=3)
            memo.add(md.escape(meeting_line(m)) + " " + memo.cite(m.sources))
            lines = []
            if m.date_text:
                lines.append(f"- **Date as the source gives it:** {md.escape(m.date_text)}")
            if m.heads:
                lines.append("- **Heads of delegation:** " + md.escape("; ".join(head_text(p) for p in m.heads)))
            if m.topics:
                lines.append("- **Topics:** " + md.escape("; ".join(m.topics)))
            lines += [f"- **Outcome:** {md.escape(o)}" for o in m.outcomes]
            if lines:
                memo.add("", *lines)

    if r.recurring_topics:
        memo.section("Recurring topics")
        memo.add(*[f"- {md.escape(tc.topic)} ({tc.count} meetings)" for tc in r.recurring_topics])

    if r.people:
        memo.section("People met")
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
                for p in r.people
            ],
        )

    opened = open_commitments(r)
    if opened:
        memo.section("Open commitments")
        memo.table(
            ["Commitment", "Due", "Made at", "State"],
            [
                [
                    md.cell(ci.text),
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
                 md.cell(p.meeting.place_text or "not recorded"), md.cell(p.note)]
                for p in r.planned
            ],
        )
    return memo.render()
