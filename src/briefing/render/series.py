"""`briefing series [NAME]` as text (rich), a Markdown memo, or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing.model import KIND_LABEL, Kind
from briefing.reports.cadence import Cadence, CadenceState
from briefing.reports.items import country_name
from briefing.reports.series import RoundRow, SeriesItem, SeriesReport
from briefing.render import markdown as md
from briefing.render.frame import text_header, text_section
from briefing.render.jsonout import dump_json
from briefing.render.lines import LineBuffer, columns
from briefing.render.memo import Memo
from briefing.render.sources import source_text
from briefing.render import styles

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


def series_json(report: SeriesReport) -> str:
    return dump_json(report)


def about(s: SeriesItem) -> str:
    bits = []
    if s.dialogue:
        bits.append(f"part of the {s.dialogue}")
    if s.kind and s.kind is not Kind.other:
        bits.append(KIND_LABEL[s.kind])
    if s.established:
        bits.append(f"established {s.established.display()}")
    text = "; ".join(bits)
    return text[:1].upper() + text[1:]


def round_no(r: RoundRow) -> str:
    return str(r.round) if r.round is not None else "—"


def rounds_words(s: SeriesItem) -> str:
    n = len(s.rounds) + len(s.undated)
    if n == 0:
        return "No meeting of this series is on record."
    undated = f" ({len(s.undated)} undated)" if s.undated else ""
    return f"{n} meeting{'s' if n != 1 else ''} on record{undated}, {s.held} held."


def counts_words(s: SeriesItem) -> str:
    return "; ".join(
        f"{c.held} held as of {c.as_of.display()}" + (" (implied)" if c.implied else "") + (f" (“{c.source}”)" if c.source else "")
        for c in s.counts
    )


def rhythm_words(c: Cadence) -> str:
    """'usually about 2 years per round; round 4 was 1 Mar 2016, so on that rhythm round 5 fell due
    c. Mar 2018 (an estimate ...).'"""
    when = {
        CadenceState.ahead: "would fall due",
        CadenceState.due_now: "falls due",
        CadenceState.past: "fell due",
    }[c.state]
    text = (
        f"usually {c.interval_text}; round {c.latest_round} was {c.latest_date.display()}, so on that rhythm "
        f"round {c.next_round} {when} {c.next_due.display()} ({c.note})."
    )
    if c.state is CadenceState.past:
        text += " No later held round is on record."
    return text


def cadence_words(s: SeriesItem) -> str:
    if s.cadence is None:
        return "No rhythm: fewer than two held, numbered rounds on record."
    text = rhythm_words(s.cadence)
    return text[:1].upper() + text[1:]


# -- text ------------------------------------------------------------------------------------------


def series_text(r: SeriesReport, real: Console) -> None:
    console = LineBuffer(real)
    _series_text(r, console)
    console.flush()


def _series_text(r: SeriesReport, console: LineBuffer) -> None:
    from briefing.render.text import styler, t

    mk = styler(console)  # Text, or on a plain console plain strings (render.lines)
    text_header(console, "Series" if not r.full else f"Series: {r.series[0].name}", r.meta)
    laid: dict = {}  # the cells of every table, each laid out once (render.lines.columns)
    if not r.series:
        console.print()
        console.print(t("No series on record (series files live in records/series/)."))
    for s in r.series:
        console.print()
        console.print(mk(s.name, styles.TITLE) + mk(f"  ({s.id})", styles.CONTEXT))
        lines = []
        if about(s):
            lines.append(mk(about(s)))
        if r.full and s.aliases:
            lines.append(mk("Also called (in the sources): ") + mk("; ".join(s.aliases)))
        if r.full and s.search_names:
            lines.append(mk("Also found by (names no source uses): ") + mk("; ".join(s.search_names)))
        if r.full and s.members:
            lines.append(mk("Members: ") + mk(", ".join(country_name(c) for c in s.members)))
        lines.append(mk(rounds_words(s)))
        if s.counts:
            lines.append(mk("Counted by sources: ") + mk(counts_words(s)))
        lines.append(mk(cadence_words(s)))
        console.add_indented(lines)
        if s.rounds or s.undated:
            rows = [
                [mk(round_no(x).rjust(5)), mk(x.date.display()), mk(x.place_text or "—"), mk(x.status.value)]
                for x in (*s.rounds, *s.undated)  # the undated after every dated one
            ]
            console.add(columns(console.console, ["Round", "Date", "Place", "Status"], rows, [5, 18, None, 9], indent=2, laid=laid))
        if r.full:
            if s.description:
                text_section(console, "About")
                console.print(mk(s.description))
            text_section(console, "Sources")
            for number, src in enumerate(s.sources, start=1):
                console.print(mk(f"[{number}] ") + mk(source_text(src)))


# -- Markdown --------------------------------------------------------------------------------------


def series_markdown(r: SeriesReport) -> str:
    memo = Memo("Series" if not r.full else f"Series: {r.series[0].name}", r.meta)
    if not r.series:
        memo.para("No series on record.")
    for s in r.series:
        if not r.full:
            memo.section(s.name)
        memo.para(f"Id: {md.escape(s.id)}. " + md.escape(about(s)) + (". " if about(s) else "") + memo.cite(s.sources))
        if r.full and s.aliases:
            memo.para("Also called (in the sources): " + md.escape("; ".join(s.aliases)) + ".")
        if r.full and s.search_names:
            memo.para("Also found by (names no source uses): " + md.escape("; ".join(s.search_names)) + ".")
        if r.full and s.members:
            memo.para("Members: " + md.escape(", ".join(country_name(c) for c in s.members)) + ".")
        memo.para(md.escape(rounds_words(s)))
        if s.counts:
            memo.para("Counted by sources: " + md.escape(counts_words(s)) + ".")
        memo.para(md.escape(cadence_words(s)))
        if s.rounds or s.undated:
            memo.table(
                ["Round", "Date", "Place", "Status", "Record"],
                [[round_no(x), md.cell(x.date.display()), md.cell(x.place_text or "—"), x.status.value, md.cell(x.id)]
                 for x in (*s.rounds, *s.undated)],
            )
        if r.full and s.description:
            memo.section("About")
            memo.para(md.escape(s.description))
    return memo.render()
