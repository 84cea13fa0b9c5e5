"""`briefing show ID`: one record in full, as text, Markdown or JSON."""

from __future__ import annotations

import json

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from briefing.countries import lookup
from briefing.model import KIND_LABEL, Meeting, Participant, Source
from briefing.render import markdown as md
from briefing.render.plain import PlainBlock
from briefing.render.text import is_plain, t, t_plain
from briefing.render import styles


def country_name(code: str | None) -> str:
    if code is None:
        return ""
    country = lookup(code)
    return country.name if country else code


def place_line(m: Meeting) -> str:
    if m.place is None:
        return ""
    parts = [m.place.venue, m.place.city, country_name(m.place.country) if m.place.country else None]
    return ", ".join(p for p in parts if p)


def date_line(m: Meeting) -> str:
    shown = m.date.display()
    return f"{shown} ({m.date_text})" if m.date_text else shown


def participant_line(p: Participant) -> str:
    side = country_name(p.country) if p.country else (p.organization or "")
    bits = [p.name or (f"({p.person})" if p.person else "name not recorded")]
    bits += [x for x in (p.role, p.office if p.office != p.role else None) if x]
    if p.level is not None:
        bits.append(f"level: {p.level.value}")
    if side:
        bits.append(side)
    text = ", ".join(bits)
    return f"{text} (head of delegation)" if p.head_of_delegation else text


def source_line(s: Source) -> str:
    bits = [s.title]
    for extra in (s.author, s.publisher, s.published.display() if s.published else None, s.kind.value if s.kind else None, s.url if s.url != s.title else None):
        if extra:
            bits.append(extra)
    line = ", ".join(bits)
    return f"{line}. {s.note}" if s.note else line


def facts(m: Meeting, realised_by: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The record's one-line facts, in the order every format shows them."""
    rows = [
        ("id", m.id),
        ("date", date_line(m)),
        ("status", m.status.value),
        ("kind", KIND_LABEL[m.kind]),
    ]
    if m.mode is not None:
        rows.append(("mode", m.mode.value))
    if m.series:
        rows.append(("series", f"{m.series}" + (f", round {m.round}" if m.round is not None else "")))
    if m.place:
        rows.append(("place", place_line(m)))
    if m.countries:
        rows.append(("countries", ", ".join(country_name(c) for c in m.countries)))
    if m.organizations:
        rows.append(("organizations", ", ".join(m.organizations)))
    if m.realises:
        rows.append(("realises", f"{m.realises} (held in its place)"))
    for other in realised_by:
        rows.append(("realised by", f"{other} (held in its place)"))
    rows.append(("file", m.path))
    return rows


def history_line(entry) -> str:  # type: ignore[no-untyped-def]
    """'14 Mar 2025: planned → held (was dated 2025); source: ...; note'."""
    line = f"{entry.on.display()}: {entry.previous_status.value} → {entry.status.value}"
    if getattr(entry, "previous_date", None) is not None:
        line += f" (was dated {entry.previous_date.display()})"
    if entry.note:
        line += f"; {entry.note}"
    if entry.source:
        line += f"; source: {entry.source}"
    return line


def record_text(m: Meeting, console: Console, realised_by: tuple[str, ...] = ()) -> None:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style=styles.LABEL)
    grid.add_column()
    for key, value in facts(m, realised_by):
        grid.add_row(key, t(value))
    parts: list[object] = [grid]

    def section(title: str, lines: list[str], numbered: bool = False) -> None:
        if lines:
            parts.append(Text(""))
            parts.append(Text(title, style=styles.HEADING))
            for n, line in enumerate(lines, start=1):  # a grid of two columns: the bullet hangs
                item = Table.grid()
                item.add_column(no_wrap=True)
                item.add_column()
                item.add_row(f"{n}. " if numbered else "• ", t(line))
                parts.append(item)

    if m.summary:  # on a plain console, the same text without rich's wrap (however long it is)
        parts += [Text(""), PlainBlock(t_plain(m.summary)) if is_plain(console) else t(m.summary)]
    section("Participants", [participant_line(p) for p in m.participants])
    section("Topics", list(m.topics))
    section("Agenda announced (not reported as discussed)", list(m.agenda))
    section("Outcomes", list(m.outcomes))
    section("Commitments", [commitment_line(c) for c in m.commitments], numbered=True)
    section("History", [history_line(h) for h in m.history])
    section("Caveats", list(m.caveats))
    section("Notes", [m.notes] if m.notes else [])
    section("Sources", [source_line(s) for s in m.sources])
    console.print(Panel(Group(*parts), title=t(m.title, styles.TITLE), title_align="left", expand=False))


def commitment_line(c) -> str:  # type: ignore[no-untyped-def]
    strength = c.strength.value if c.strength is not None else "strength not recorded"
    due = f"; due {c.due.display()}" if c.due else ""
    words = f" ({c.date_text})" if c.date_text else ""
    done = f"; fulfilled by {c.fulfilled_by}" if c.fulfilled_by else ""
    about = f"; concerns {c.concerns}" if c.concerns else ""
    when = f" on {c.history[-1].on.display()}" if c.history and c.history[-1].status is c.status else ""
    return f"{c.text} [{strength}; {c.status.value}{when}{due}{words}{done}{about}]"


def record_markdown(m: Meeting, realised_by: tuple[str, ...] = ()) -> str:
    out = [md.heading(1, md.escape(m.title)), ""]
    out += md.table(["", ""], [[k, md.cell(v)] for k, v in facts(m, realised_by)])
    if m.summary:
        out += ["", md.escape(m.summary)]

    def section(title: str, lines: list[str], numbered: bool = False) -> None:
        if lines:
            out.extend(["", md.heading(2, title), ""])
            out.extend(f"{f'{n}.' if numbered else '-'} {md.escape(line)}" for n, line in enumerate(lines, start=1))

    section("Participants", [participant_line(p) for p in m.participants])
    section("Topics", list(m.topics))
    section("Agenda announced (not reported as discussed)", list(m.agenda))
    section("Outcomes", list(m.outcomes))
    section("Commitments", [commitment_line(c) for c in m.commitments], numbered=True)
    section("History", [history_line(h) for h in m.history])
    section("Caveats", list(m.caveats))
    section("Notes", [m.notes] if m.notes else [])
    section("Sources", [source_line(s) for s in m.sources])
    return "\n".join(out) + "\n"


def record_json(m: Meeting, realised_by: tuple[str, ...] = ()) -> str:
    return json.dumps({**m.model_dump(mode="json"), "realised_by": list(realised_by)}, ensure_ascii=False, indent=2) + "\n"
