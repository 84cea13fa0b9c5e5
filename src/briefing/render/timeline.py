"""`briefing timeline` as text (rich), a Markdown memo, or JSON."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from briefing.reports.common import MeetingFilter
from briefing.reports.items import MeetingItem, country_name
from briefing.reports.timeline import TimelineReport
from briefing.render import markdown as md
from briefing.render.frame import text_header
from briefing.render.jsonout import json_chunks
from briefing.render import styles
from briefing.render.lines import print_lines
from briefing.render.memo import Memo
from briefing.render.mermaid import DIAGRAM_WORDS, meetings_timeline
from briefing.text import normalise_phrase

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from briefing.reports.home import Home


def timeline_json(report: TimelineReport) -> Iterator[bytes]:
    """As dump_json, in pieces: a timeline may hold tens of thousands of meetings."""
    return json_chunks(report, "meetings")


def filter_words(f: MeetingFilter) -> str:
    """The filters in force, in words ('' when none)."""
    bits = []
    if f.since:
        bits.append(f"from {f.since.isoformat()}")
    if f.until:
        bits.append(f"until {f.until.isoformat()}")
    if f.countries:
        bits.append("involving " + " or ".join(country_name(c) for c in f.countries))
    if f.series:
        bits.append(f"series {f.series}")
    if f.kinds:
        bits.append("kind " + " or ".join(k.value for k in f.kinds))
    if f.topic:
        bits.append(f"topic containing “{f.topic}”")
    if f.statuses:
        bits.append("status " + " or ".join(s.value for s in f.statuses))
    return ", ".join(bits)


def kind_status(m: MeetingItem) -> str:
    text = m.kind_label if m.status.value == "held" else f"{m.kind_label}, {m.status.value}"
    if m.series:
        text += f" · {m.series}" + (f" #{m.round}" if m.round is not None else "")
    return text


def detail_line(m: MeetingItem, home: str | None = None, status: bool = True) -> str:
    """Place, kind (and status, unless shown apart), series, the source's words for the date."""
    bits = [m.place_text or "place not recorded", kind_status(m) if status else kind_status(m).replace(f", {m.status.value}", "", 1)]
    if m.with_home is False and home:
        bits.append(f"without {home}")
    if m.date_text:
        bits.append(f"date in the source: “{m.date_text}”")
    return " · ".join(bits)


def count_line(r: TimelineReport) -> str:
    shown = len(r.meetings) + len(r.undated)
    undated = f" ({len(r.undated)} undated)" if r.undated else ""
    return f"{shown} of {r.total} meeting{'s' if r.total != 1 else ''}{undated}"


def _home_name(r: TimelineReport) -> str | None:
    return r.meta.home.name if r.meta.home is not None else None


def with_whom(m: MeetingItem, home: Home | None) -> str:
    """The other sides of a meeting: its countries and organizations, less the home side."""
    names = [country_name(c) for c in m.countries if home is None or not home.is_country(c)]
    names += [o for o in m.organizations if home is None or home.organization is None or normalise_phrase(o) != normalise_phrase(home.organization)]
    return ", ".join(names) or ("only the home side" if m.countries or m.organizations else "not recorded")


HEADER = ("Date", "Meeting", "With whom", "State")
CAPS = (16, None, 16, 9)  # a wider date takes a line of its own (never split); "what" takes the rest


def timeline_text(r: TimelineReport, console: Console) -> None:
    """A table at a terminal and piped alike: date, meeting (its title, and under it its place,
    kind, series and the source's words for the date), with whom, state. Dates never split."""
    from briefing.render.tables import column_widths, stacked_lines, table_lines
    from briefing.render.text import styler, t

    words = filter_words(r.filter)
    text_header(console, "Timeline", r.meta, count_line(r) + (f" · {words}" if words else ""))
    console.print()
    if not r.meetings and not r.undated:
        console.print(t("No meeting on record matches."))
        return
    mk = styler(console)  # Text, or on a plain console plain strings (render.lines)
    home = r.meta.home
    name = _home_name(r)

    def row(m: MeetingItem) -> list[Text | str]:
        status = styles.STATUS.get(m.status.value, "")
        return [
            mk(m.date.display(), styles.LABEL),
            mk(m.title, styles.TITLE) + mk("\n") + mk(detail_line(m, None, status=False), styles.CONTEXT),
            mk(with_whom(m, home)),
            mk(m.status.value, status) + (mk(f"\nwithout {name}", styles.CONTEXT) if m.with_home is False and name else mk("")),
        ]

    dated = [row(m) for m in r.meetings]
    undated = [row(m) for m in r.undated]
    width = console.width
    widths = column_widths(HEADER, [*dated, *undated], width, CAPS)

    def lines(rows: list[list[Text | str]]) -> list[Text | str]:
        if widths is None:
            return stacked_lines(console, rows, width)
        return table_lines(console, HEADER, rows, widths, styles.LABEL, spaced=True)

    out: list[Text | str] = lines(dated) if dated else []
    if undated:
        if out:
            out.append(mk(""))
        out += [mk("Undated (the sources give no date)", styles.HEADING), *lines(undated)]
    print_lines(console, out)


def timeline_markdown(r: TimelineReport) -> str:
    memo = Memo("Timeline", r.meta)
    words = filter_words(r.filter)
    memo.para(md.escape(count_line(r) + (f" ({words})" if words else "") + ", oldest first; dates as the sources give them."))
    if not r.meetings and not r.undated:
        memo.para("No meeting on record matches.")
        return memo.render()
    home = _home_name(r)

    def row(m: MeetingItem) -> list[str]:
        date = md.cell(m.date.display()) + (f" (“{md.escape(m.date_text)}”)" if m.date_text else "")
        kind = kind_status(m) + (f" · without {home}" if m.with_home is False and home else "")
        return [date, md.cell(m.title) + " " + memo.cite(m.sources), md.cell(m.place_text or "—"), md.cell(kind), md.cell(m.id)]

    if r.meetings:
        diagram = meetings_timeline(r.meetings)
        if diagram:
            memo.para(md.escape(DIAGRAM_WORDS))
            memo.add("", *diagram)
        memo.table(["Date", "Meeting", "Place", "Kind", "Record"], [row(m) for m in r.meetings])
    if r.undated:
        memo.section("Undated")
        memo.para("The sources give no date for these meetings.")
        memo.table(["Date", "Meeting", "Place", "Kind", "Record"], [row(m) for m in r.undated])
    return memo.render()
