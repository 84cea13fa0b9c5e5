"""`briefing next` as text (rich), a Markdown memo, or JSON (the calendar is in render/ics.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing.reports.cadence import Cadence
from briefing.reports.commitments import CommitmentItem, CommitmentState, strength_words
from briefing.reports.items import country_name, span_words
from briefing.reports.planned import PlannedItem
from briefing.reports.plans import concerned_words
from briefing.reports.next import NextReport
from briefing.render import markdown as md
from briefing.render.frame import text_header, text_section
from briefing.render.jsonout import dump_json
from briefing.render.lines import LineBuffer
from briefing.render.memo import Memo
from briefing.render import styles
from briefing.render.series import rhythm_words
from briefing.render.timeline import with_whom

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


def next_json(report: NextReport) -> str:
    return dump_json(report)


# -- words shared by text and Markdown ------------------------------------------------------------


def scope_words(r: NextReport) -> str:
    bits = []
    if r.countries:
        bits.append("involving " + " or ".join(c.name for c in r.countries))
    if r.within_days is not None and r.horizon is not None:
        bits.append(f"within {r.within_days} days (to {r.horizon.isoformat()})")
    if r.filter.since:
        bits.append(f"from {r.filter.since.isoformat()}")
    if r.filter.until:
        bits.append(f"until {r.filter.until.isoformat()}")
    return ", ".join(bits)


def planned_words(p: PlannedItem) -> str:
    m = p.meeting
    where = f", {m.place_text}" if m.place_text else ""
    written = f" (“{m.date_text}”)" if m.date_text else ""
    return f"{m.date.display()}{written}: {m.title}{where}"


def planned_note(p: PlannedItem) -> str:
    """A planned meeting's state, and the commitments that concern it (listed only here)."""
    concerned = concerned_words(p)
    return p.note + (f"; {concerned}" if concerned else "")


def passed_note(p: PlannedItem) -> str:
    concerned = concerned_words(p)
    return f"passed {_ago(p)}" + (f"; {concerned}" if concerned else "")


def commitment_state(c: CommitmentItem) -> str:
    """The state of an open commitment with its strength: "agreed; due in 20 days"."""
    if c.strength is None and c.state is CommitmentState.passed:
        return c.note  # which says the strength is not recorded
    return f"{strength_words(c.strength)}; {c.note}"


def due_words(c: CommitmentItem) -> str:
    if c.due is None:
        return "no due date"
    return f"due {c.due.display()}" + (f" (“{c.date_text}”)" if c.date_text else "")


def made_at(c: CommitmentItem) -> str:
    return f"made at {c.meeting_title} ({c.meeting_date.display()})"


def parties_words(c: CommitmentItem) -> str:
    return ", ".join(country_name(p) if len(p) == 2 and p.isupper() else p for p in c.parties)


def cadence_words(c: Cadence) -> str:
    text = rhythm_words(c)
    if c.planned:
        text += f" Planned in the records: {', '.join(c.planned)}."
    return text


def empty_words(r: NextReport) -> str:
    return "Nothing on record is planned, open or due" + (f" ({scope_words(r)})" if scope_words(r) else "") + "."


def _is_empty(r: NextReport) -> bool:
    return not (r.planned or r.commitments or r.needs_confirmation or r.undated or r.postponed or r.cadence)


# -- text ------------------------------------------------------------------------------------------

HEADER = ("Date", "What", "With whom", "State")
CAPS = (16, None, 14, 16)  # a wider date takes a line of its own (never split); "what" takes the rest


def next_text(r: NextReport, real: Console) -> None:
    """At a terminal and piped alike: a table for each section (date, what, with whom, state),
    the columns aligned across sections, dates never split; the series rhythm as prose."""
    console = LineBuffer(real)
    _next_text(r, console)
    console.flush()


def _next_text(r: NextReport, console: LineBuffer) -> None:
    from briefing.render.tables import column_widths, stacked_lines, table_lines
    from briefing.render.text import styler

    mk = styler(console)  # Text, or on a plain console plain strings (render.lines)
    text_header(console, "What comes next", r.meta, scope_words(r))
    if _is_empty(r):
        console.print()
        console.print(mk(empty_words(r)))
    home = r.meta.home
    sections: list[tuple[str, list[list[Text | str]]]] = []
    if r.planned:
        sections.append(("Planned meetings ahead", [_planned_row(mk, p, home, p.note, styles.PLANNED) for p in r.planned]))
    if r.commitments:
        sections.append(("Open commitments", [_commitment_row(mk, c) for c in r.commitments]))
    if r.undated_left_out:  # where the open commitments are, or would be
        sections.append(("", []))
    if r.needs_confirmation:
        sections.append(
            ("Needs confirmation: date passed, no record that it was held", [_unconfirmed_row(mk, p, home) for p in r.needs_confirmation])
        )
    if r.undated:
        sections.append(("Undated: planned, no date on record", [_planned_row(mk, p, home, p.note, styles.PLANNED) for p in r.undated]))
    if r.postponed:
        sections.append(
            ("Postponed, no new date on record", [
                [mk(m.date.display(), styles.LABEL), mk(m.title), mk(with_whom(m, home)), mk("postponed", styles.PLANNED)] for m in r.postponed
            ])
        )
    rows = [row for _, rows in sections for row in rows]
    widths = column_widths(HEADER, rows, console.width, CAPS) if rows else None
    for title, section_rows in sections:
        if not title:
            console.print(mk(f"({r.undated_left_out} open commitment(s) with no due date left out by the date window)", styles.CONTEXT))
            continue
        text_section(console, title)
        if widths is None:
            console.add(stacked_lines(console.console, section_rows, console.width))
        else:
            console.add(table_lines(console.console, HEADER, section_rows, widths, styles.LABEL, spaced=True))
    if r.cadence:
        text_section(console, "Series rhythm")
        for c in r.cadence:
            console.print(mk("• ") + mk(c.series_name, styles.LABEL) + mk(": ") + mk(cadence_words(c)))


def _what(mk, title: str, *details: str):  # type: ignore[no-untyped-def]
    """A title, and under it what frames it (context)."""
    cell = mk(title)
    for detail in details:
        if detail:
            cell += mk("\n") + mk(detail, styles.CONTEXT)
    return cell


def _source_words(date_text: str | None) -> str:
    return f"date in the source: “{date_text}”" if date_text else ""


def _planned_row(mk, p: PlannedItem, home, state: str, style: str) -> list:  # type: ignore[no-untyped-def]
    m = p.meeting
    what = _what(mk, m.title, ", ".join(x for x in (m.place_text, _source_words(m.date_text)) if x), concerned_words(p))
    return [mk(m.date.display(), styles.LABEL), what, mk(with_whom(m, home)), mk(state, style)]


def _unconfirmed_row(mk, p: PlannedItem, home) -> list:  # type: ignore[no-untyped-def]
    state = mk("OVERDUE", styles.OVERDUE) + mk("\n") if p.overdue else mk("")
    row = _planned_row(mk, p, home, _ago(p), styles.UNCERTAIN)  # (the section says the date passed)
    row[3] = state + row[3]
    return row


def _commitment_row(mk, c: CommitmentItem) -> list:  # type: ignore[no-untyped-def]
    due = c.due.display() if c.due is not None else "no due date"
    what = _what(mk, c.text, made_at(c) + (f"; {_source_words(c.date_text)}" if c.date_text else ""))
    if c.state is CommitmentState.overdue:
        state = mk(f"OVERDUE by {c.note.removeprefix('overdue by ')}", styles.OVERDUE) + mk("\n") + mk(strength_words(c.strength), styles.CONTEXT)
    elif c.state is CommitmentState.passed:
        state = mk(commitment_state(c), styles.UNCERTAIN)
    else:
        state = mk(commitment_state(c))
    return [mk(due, styles.LABEL), what, mk(parties_words(c) or "not stated"), state]


def _ago(p: PlannedItem) -> str:
    return f"{span_words(p.days_past)} ago" if p.days_past is not None else ""


# -- Markdown --------------------------------------------------------------------------------------


def next_markdown(r: NextReport) -> str:
    memo = Memo("What comes next", r.meta)
    if scope_words(r):
        memo.para(md.escape(f"Scope: {scope_words(r)}."))
    if _is_empty(r):
        memo.para(md.escape(empty_words(r)))
    if r.planned:
        memo.section("Planned meetings ahead")
        memo.table(
            ["Date", "Meeting", "Place", "When"],
            [
                [md.cell(p.meeting.date.display()), md.cell(p.meeting.title) + " " + memo.cite(p.meeting.sources),
                 md.cell(p.meeting.place_text or "not recorded"), md.cell(planned_note(p))]
                for p in r.planned
            ],
        )
    if r.commitments:
        memo.section("Open commitments")
        memo.table(
            ["Commitment", "Strength", "Due", "Parties", "Made at", "State"],
            [
                [
                    md.cell(c.text),
                    md.cell(strength_words(c.strength)),
                    md.cell(due_words(c).removeprefix("due ")),
                    md.cell(parties_words(c) or "not stated"),
                    md.cell(f"{c.meeting_title} ({c.meeting_date.display()})") + " " + memo.cite(c.sources),
                    f"**{md.cell(c.note)}**" if c.state is CommitmentState.overdue else md.cell(c.note),
                ]
                for c in r.commitments
            ],
        )
    if r.undated_left_out:
        memo.para(f"{r.undated_left_out} open commitment(s) with no due date are left out by the date window.")
    if r.needs_confirmation:
        memo.section("Needs confirmation")
        memo.para("Planned meetings whose date has passed with no record that they were held.")
        memo.table(
            ["Date", "Meeting", "Place", "Passed"],
            [
                [md.cell(p.meeting.date.display()), md.cell(p.meeting.title) + " " + memo.cite(p.meeting.sources),
                 md.cell(p.meeting.place_text or "not recorded"),
                 f"**OVERDUE:** {md.cell(passed_note(p))}" if p.overdue else md.cell(passed_note(p))]
                for p in r.needs_confirmation
            ],
        )
    if r.undated:
        memo.section("Undated")
        memo.para("Planned meetings the sources give no date for.")
        memo.table(
            ["Meeting", "Place", "Note"],
            [
                [md.cell(p.meeting.title) + " " + memo.cite(p.meeting.sources), md.cell(p.meeting.place_text or "not recorded"), md.cell(planned_note(p))]
                for p in r.undated
            ],
        )
    if r.postponed:
        memo.section("Postponed")
        memo.add(*[f"- {md.escape(m.date.display())}: {md.escape(m.title)} {memo.cite(m.sources)}" for m in r.postponed])
    if r.cadence:
        memo.section("Series rhythm")
        memo.add(*[f"- **{md.escape(c.series_name)}**: {md.escape(cadence_words(c))}" for c in r.cadence])
    return memo.render()
