"""`briefing country NAME` as text (rich), a Markdown memo, or JSON (its words: render.country_words)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing.reports.country import CountryReport, PersonMet, open_commitments
from briefing.reports.commitments import CommitmentState, strength_words
from briefing.reports.items import MeetingItem, country_name, source_key
from briefing.render import markdown as md
from briefing.render.country_words import (
    commitment_tail,
    commitment_text,
    head_text,
    home_people_title,
    meeting_line,
    no_people_words,
    overdue_flag,
    overview_text,
    person_text,
    planned_note,
    planned_text,
    source_numbers,
    without_home_title,
)
from briefing.render.level import BAR, LEGEND, has_levels, level_chart_rows, level_table_rows, trend_words
from briefing.render.frame import text_header, text_section, text_sources
from briefing.render.jsonout import dump_json
from briefing.render.lines import LineBuffer
from briefing.render.memo import Memo
from briefing.render.mermaid import DIAGRAM_WORDS, meetings_timeline
from briefing.render import styles

if TYPE_CHECKING:
    from rich.console import Console


def country_json(report: CountryReport) -> str:
    return dump_json(report)


# -- text ------------------------------------------------------------------------------------------


def country_text(r: CountryReport, real: Console) -> None:
    console = LineBuffer(real)
    _country_text(r, console)
    console.flush()


def _meetings_text(console: LineBuffer, meetings: tuple[MeetingItem, ...], numbers: dict, mk) -> None:  # type: ignore[no-untyped-def]
    for m in meetings:
        console.print()
        cites = " " + "".join(f"[{numbers[source_key(s)]}]" for s in m.sources)
        console.print(mk(m.date.display(), styles.LABEL) + mk(": ", styles.LABEL) + mk(m.title, styles.TITLE) + mk(cites, styles.CONTEXT))
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
        lines += [mk("Caveat: ", styles.CAVEAT) + mk(caveat) for caveat in m.caveats]
        console.add_indented(lines)


def _people_text(console: LineBuffer, people: tuple[PersonMet, ...], mk) -> None:  # type: ignore[no-untyped-def]
    for p in people:
        n = len(p.meeting_ids)
        console.print(mk("• ") + mk(f"{person_text(p)} — {n} meeting{'s' if n != 1 else ''}, last {p.last_met.display()}"))


def _country_text(r: CountryReport, console: LineBuffer) -> None:
    from rich.table import Table
    from briefing.render.text import styler, t

    mk = styler(console)  # Text, or on a plain console plain strings (render.lines)
    c = r.country
    title = c.name if c.official_name == c.name else f"{c.name} ({c.official_name})"
    text_header(console, f"Briefing: {title}", r.meta)
    console.print()
    console.print(mk(overview_text(r)))
    numbers = source_numbers(r)

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
    if has_levels(r):
        text_section(console, "Level of contact by year")
        chart = Table(box=None, show_edge=False, pad_edge=False, padding=(0, 1), show_header=False)
        chart.add_column("Year", no_wrap=True)
        chart.add_column("Level", no_wrap=True, min_width=BAR)
        chart.add_column("Highest level met")
        for year, strip, words in level_chart_rows(r):
            chart.add_row(t(year), t(strip), t(words))
        console.print(chart)
        if r.level_trend is not None:
            console.print(mk(trend_words(r.level_trend)))
        console.print(mk(LEGEND, styles.CONTEXT))

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
            console.print(mk("• ") + mk(flag, styles.OVERDUE) + mk(commitment_text(ci)) + mk(commitment_tail(ci), styles.CONTEXT))
    closed = len(r.commitments) - len(opened)
    if closed:
        console.print(mk(f"({closed} more commitment(s) recorded as done or dropped; see -f json)", styles.CONTEXT))

    if r.planned:
        text_section(console, "Planned meetings")
        for p in r.planned:
            flag = "OVERDUE: " if p.overdue else ""
            console.print(mk("• ") + mk(flag, styles.OVERDUE) + mk(planned_text(p)) + mk(f" [{planned_note(p)}]", styles.CONTEXT))

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
                md.cell(p.name or f"{p.office} (name not recorded)"),
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
    if has_levels(r):
        memo.section("Level of contact by year")
        memo.table(["Year", "Highest level met", "Known by", "Who met whom, or the meeting"], [[md.cell(c) for c in row] for row in level_table_rows(r)])
        if r.level_trend is not None:
            memo.para(md.escape(trend_words(r.level_trend)))

    if r.meetings:
        memo.section("Meetings, newest first")
        diagram = meetings_timeline(r.meetings, f"Meetings with {r.country.name} on record")
        if diagram:
            memo.para(md.escape(DIAGRAM_WORDS))
            memo.add("", *diagram)
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
