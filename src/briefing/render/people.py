"""`briefing people [NAME]` as text (rich), a Markdown memo, or JSON.

One person (NAME fits one): their offices over time with sources, every meeting on record, when
last met. Several, or none named: a list of who held which office on the report's day, as far as
the records attest, and when the home side last met them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from briefing.person import Standing
from briefing.reports.items import country_name, source_key
from briefing.reports.people import OfficeItem, PeopleReport, PersonItem, PersonMeeting
from briefing.render import markdown as md
from briefing.render.frame import text_header, text_section, text_sources
from briefing.render.jsonout import dump_json
from briefing.render.lines import LineBuffer
from briefing.render.memo import Memo
from briefing.render import styles

if TYPE_CHECKING:
    from rich.console import Console


def people_json(report: PeopleReport) -> str:
    return dump_json(report)


def one_person(r: PeopleReport) -> PersonItem | None:
    """The person shown in full: NAME given and fitting exactly one."""
    return r.people[0] if r.query is not None and len(r.people) == 1 else None


# -- words -------------------------------------------------------------------------------------------


def side_words(p: PersonItem) -> str:
    return country_name(p.country) if p.country else (p.organization or "")


def office_title(o: OfficeItem) -> str:
    """"Minister for Foreign Affairs, Japan (minister)"."""
    whose = country_name(o.country) if o.country else (o.organization or "")
    head = o.title if not whose or whose in o.title else f"{o.title}, {whose}"
    return f"{head} ({o.level_label})" if o.level_label else head


def office_when(o: OfficeItem, day: dt.date) -> str:
    """What the records attest of the office's dates, as of the day."""
    attested = ", ".join(d.display() for d in o.attested)
    term = ""
    if o.start is not None and o.until is not None:
        term = f"from {o.start.display()} until {o.until.display()}"
    elif o.start is not None:
        term = f"from {o.start.display()}, no end on record"
    elif o.until is not None:
        term = f"until {o.until.display()}"
    words = {
        Standing.in_term: term,
        Standing.since: term,
        Standing.ending: f"{term} (may have ended by {day.isoformat()})",
        Standing.ended: f"{term}: ended",
        Standing.attested: f"attested {attested}; no term on record" if not term else f"{term}; attested {attested}",
        Standing.not_yet: "no date on record" if not (term or attested) else "nothing on record by then",
    }[o.standing]
    if o.standing is Standing.ended and attested:
        words += f" (attested {attested})"
    return words


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def last_met_words(p: PersonItem, r: PeopleReport) -> str:
    if p.last_met is None:
        if r.meta.home is None:
            return "at no held meeting on record"
        return f"at no held meeting with {r.meta.home.name} on record" if not p.home_side else "at no held meeting on record"
    when = f"{p.last_met.date.display()} ({p.last_met.title})"
    if p.home_side or r.meta.home is None:
        return f"last at a meeting on record: {when}"
    return f"last met by {r.meta.home.name}: {when}"


def meeting_words(pm: PersonMeeting) -> str:
    m = pm.meeting
    bits = [m.status.value]
    if pm.written:
        bits.append(f"as “{pm.written}”")
    if pm.role:
        bits.append(pm.role + (f" ({pm.level.value.replace('-', ' ')})" if pm.level else ""))
    return f"{m.title} — {', '.join(bits)}"


def list_line(p: PersonItem, r: PeopleReport) -> str:
    """One person in the list: who, which offices on the day, when last met."""
    side = side_words(p)
    who = f"{p.name} ({side})" if side else p.name
    if p.id is None:
        who += ", no person file"
    if p.current:
        held = "; ".join(f"{office_title(o)}, {office_when(o, r.meta.as_of)}" for o in p.current)
    elif any(o.standing is Standing.not_yet and not o.attested and o.start is None for o in p.offices):
        held = "office on record without a date: " + "; ".join(office_title(o) for o in p.offices)
    else:
        held = "no office on record by then" if r.dated else "no office on record"
    return f"{who} — {held}; {last_met_words(p, r)}"


def list_title(r: PeopleReport) -> str:
    where = f" of {r.country.name}" if r.country else ""
    if r.query is not None:
        return f"People{where} fitting “{r.query}”"
    return f"People{where} on record" + (f", as of {r.meta.as_of.isoformat()}" if r.dated else "")


def hidden_words(r: PeopleReport) -> str:
    if not r.hidden:
        return ""
    n = r.hidden
    return f"{n} more {'person' if n == 1 else 'people'} on record with nothing dated by {r.meta.as_of.isoformat()} (no office attested, no meeting)."


def nobody_words(r: PeopleReport) -> str:
    of = f" of {r.country.name}" if r.country else ""
    return f"No one{of} is on record" + (f" by {r.meta.as_of.isoformat()}." if r.dated else ".")


def _numbers(sources) -> dict:  # type: ignore[no-untyped-def]
    return {source_key(s): i for i, s in enumerate(sources, start=1)}


# -- text --------------------------------------------------------------------------------------------


def people_text(r: PeopleReport, real: Console) -> None:
    console = LineBuffer(real)
    from briefing.render.text import styler

    mk = styler(console)
    person = one_person(r)
    if person is not None:
        _person_text(r, person, console, mk)
    else:
        text_header(console, list_title(r), r.meta)
        console.print()
        if not r.people:
            console.print(mk(nobody_words(r)))
        for p in r.people:
            console.print(mk("• ") + mk(list_line(p, r)))
        if r.hidden:
            console.print(mk(hidden_words(r), styles.CONTEXT))
    console.flush()


def _person_text(r: PeopleReport, p: PersonItem, console: LineBuffer, mk) -> None:  # type: ignore[no-untyped-def]
    text_header(console, f"Person: {p.name}", r.meta, p.id or "no person file")
    console.print()
    about = [side_words(p) + (" (the home side)" if p.home_side else "")] if side_words(p) else []
    if p.names:
        about.append("also written " + ", ".join(f"“{n}”" for n in p.names))
    if p.path:
        about.append(p.path)
    console.print(mk("; ".join(about) + "."))
    console.print(mk(last_met_words(p, r)[:1].upper() + last_met_words(p, r)[1:] + "."))
    numbers = _numbers(p.sources)
    text_section(console, "Offices, as far as the records attest")
    if not p.offices:
        console.print(mk("None on record" + (f" by {r.meta.as_of.isoformat()}" if p.id else " (no person file)") + "."))
    for o in p.offices:
        cites = " " + "".join(f"[{numbers[source_key(s)]}]" for s in o.sources)
        console.print(mk("• ") + mk(f"{office_title(o)} — {office_when(o, r.meta.as_of)}") + mk(cites, styles.CONTEXT))
        if o.note:
            console.add_indented([mk(o.note, styles.CAVEAT)])
    text_section(console, "Meetings on record, newest first")
    if not (p.meetings or p.undated):
        console.print(mk("None" + (f" by {r.meta.as_of.isoformat()}" if p.later else "") + "."))
    for pm in p.meetings:
        console.print(mk(f"{pm.meeting.date.display()}: ", styles.LABEL) + mk(meeting_words(pm)))
    for pm in p.undated:
        console.print(mk("undated: ", styles.LABEL) + mk(meeting_words(pm)))
    if p.later:
        console.print(mk(f"({_plural(p.later, 'more meeting')} dated after {r.meta.as_of.isoformat()} not shown)", styles.CONTEXT))
    if p.notes:
        text_section(console, "Notes")
        console.print(mk(p.notes))
    text_sources(console, p.sources)


# -- Markdown ----------------------------------------------------------------------------------------


def people_markdown(r: PeopleReport) -> str:
    person = one_person(r)
    if person is None:
        memo = Memo(list_title(r), r.meta)
        if not r.people:
            memo.para(md.escape(nobody_words(r)))
        else:
            memo.table(
                ["Name", "Side", "Office on the day", "Level", "As far as the records attest", "Last met"],
                [_list_row(p, r, memo) for p in r.people],
            )
        if r.hidden:
            memo.para(md.escape(hidden_words(r)))
        return memo.render()
    p = person
    memo = Memo(f"Person: {p.name}", r.meta)
    about = [side_words(p) + (" (the home side)" if p.home_side else "")] if side_words(p) else []
    if p.names:
        about.append("also written " + ", ".join(f"“{n}”" for n in p.names))
    memo.para(md.escape("; ".join(about) + ".") + (f" File: {md.escape(p.path)}." if p.path else ""))
    words = last_met_words(p, r)
    memo.para(md.escape(words[:1].upper() + words[1:] + "."))
    memo.section("Offices, as far as the records attest")
    if p.offices:
        memo.table(
            ["Office", "Level", "Dates", "Note"],
            [
                [md.cell(_title_only(o)), md.cell(o.level_label or "not recorded"), md.cell(office_when(o, r.meta.as_of)) + " " + memo.cite(o.sources),
                 md.cell(o.note or "")]
                for o in p.offices
            ],
        )
    else:
        memo.para(md.escape("None on record."))
    memo.section("Meetings on record, newest first")
    rows = [[md.cell(pm.meeting.date.display()), md.cell(pm.meeting.title) + " " + memo.cite(pm.meeting.sources), md.cell(pm.meeting.status.value),
             md.cell(pm.written or ""), md.cell(pm.role or "")] for pm in (*p.meetings, *p.undated)]
    if rows:
        memo.table(["Date", "Meeting", "Status", "Written as", "Role there"], rows)
    else:
        memo.para(md.escape("None."))
    if p.later:
        memo.para(md.escape(f"{_plural(p.later, 'more meeting')} dated after {r.meta.as_of.isoformat()} not shown."))
    if p.notes:
        memo.section("Notes")
        memo.para(md.escape(p.notes))
    return memo.render()


def _title_only(o: OfficeItem) -> str:
    whose = country_name(o.country) if o.country else (o.organization or "")
    return o.title if not whose or whose in o.title else f"{o.title}, {whose}"


def _list_row(p: PersonItem, r: PeopleReport, memo: Memo) -> list[str]:
    name = p.name + (" (no person file)" if p.id is None else "")
    current = p.current
    office = "; ".join(_title_only(o) for o in current) or ("none by then" if r.dated else "none on record with a date")
    level = "; ".join(o.level_label or "not recorded" for o in current)
    when = "; ".join(md.cell(office_when(o, r.meta.as_of)) + " " + memo.cite(o.sources) for o in current)
    last = f"{p.last_met.date.display()} ({p.last_met.title})" if p.last_met else "not on record"
    return [md.cell(name), md.cell(side_words(p)), md.cell(office), md.cell(level), when, md.cell(last)]
