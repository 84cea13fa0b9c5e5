"""`briefing search` as text (rich), a Markdown memo, or JSON."""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import Console
from rich.text import Text

from briefing.render import markdown as md
from briefing.render.frame import text_header
from briefing.render.jsonout import json_chunks
from briefing.render.memo import Memo
from briefing.render.mermaid import DIAGRAM_WORDS, meetings_timeline
from briefing.render.text import t
from briefing.render.timeline import filter_words, kind_status
from briefing.reports.search import Hit, SearchReport, SearchResult
from briefing.render import styles

HITS_SHOWN = 3  # fields shown per meeting in text and Markdown (JSON has them all)


def search_json(report: SearchReport) -> Iterator[bytes]:
    """As dump_json, in pieces: a search may find tens of thousands of meetings."""
    return json_chunks(report, "results")


def count_line(r: SearchReport) -> str:
    noun = "meeting" if r.searched == 1 else "meetings"
    line = f"{r.matched} of {r.searched} {noun} match"
    if r.searched != r.total:
        line += f" ({r.total} on record)"
    if r.limit is not None and r.matched > len(r.results):
        line += f"; the newest {len(r.results)} shown"
    return line


def where_line(result: SearchResult) -> str:
    m = result.meeting
    bits = [m.id, kind_status(m)]
    if m.place_text:
        bits.append(m.place_text)
    return " · ".join(bits)


def more_line(result: SearchResult) -> str:
    more = len(result.hits) - HITS_SHOWN
    return f"and {more} more field{'s' if more != 1 else ''}" if more > 0 else ""


# -- text -------------------------------------------------------------------------------------------


def hit_text(hit: Hit) -> Text:
    line = Text(f"{hit.label}: ", style=styles.CONTEXT)
    at = 0
    for start, end in hit.marks:
        line.append(hit.snippet[at:start])
        line.append(hit.snippet[start:end], style=styles.MATCH)
        at = end
    line.append(hit.snippet[at:])
    return line


def search_text(r: SearchReport, console: Console) -> None:
    words = filter_words(r.filter)
    text_header(console, f"Search: “{r.query}”", r.meta, count_line(r) + (f" · {words}" if words else ""))
    console.print()
    if not r.results:
        console.print(t("No meeting on record matches."))
        return
    from briefing.render.tables import column_widths, stacked_lines, table_lines
    from briefing.render.lines import print_lines

    rows: list[list[Text]] = []
    for result in r.results:
        cell = t(result.meeting.title, styles.TITLE) + Text("\n") + t(where_line(result), styles.CONTEXT)
        for hit in result.hits[:HITS_SHOWN]:
            cell += Text("\n") + hit_text(hit)
        more = more_line(result)
        if more:
            cell += Text("\n") + t(more, styles.CONTEXT)
        rows.append([t(result.meeting.date.display(), styles.LABEL), cell])
    widths = column_widths(("", ""), rows, console.width, (16, None))  # a wider date takes a line of its own
    if widths is None:
        print_lines(console, stacked_lines(console, rows, console.width))
    else:
        print_lines(console, table_lines(console, ("", ""), rows, widths, spaced=True, show_header=False))


# -- Markdown ---------------------------------------------------------------------------------------


def _escape_inline(text: str) -> str:
    """Escape a piece of a line: like md.escape, but keeping a space at either end and never
    treating the piece's start as the start of a line (md.escape trims and escapes both)."""
    return md.escape(f"a{text}a")[1:-1]


def hit_markdown(hit: Hit) -> str:
    parts = []
    at = 0
    for start, end in hit.marks:
        parts.append(_escape_inline(hit.snippet[at:start]))
        parts.append(f"**{md.escape(hit.snippet[start:end])}**")
        at = end
    parts.append(_escape_inline(hit.snippet[at:]))
    return f"- *{md.escape(hit.label)}:* " + "".join(parts).strip()


def search_markdown(r: SearchReport) -> str:
    memo = Memo(f"Search: “{r.query}”", r.meta)
    words = filter_words(r.filter)
    memo.para(md.escape(count_line(r) + (f" ({words})" if words else "") + ", newest first; dates as the sources give them."))
    if not r.results:
        memo.para("No meeting on record matches.")
        return memo.render()
    diagram = meetings_timeline((result.meeting for result in r.results), "Meetings found")
    if diagram:
        memo.para(md.escape(DIAGRAM_WORDS))
        memo.add("", *diagram)
    for result in r.results:
        m = result.meeting
        memo.section(f"{m.date.display()}: {m.title}", level=2)
        memo.add(md.escape(where_line(result)) + " " + memo.cite(m.sources), "")
        memo.add(*(hit_markdown(h) for h in result.hits[:HITS_SHOWN]))
        more = more_line(result)
        if more:
            memo.add(f"- {md.escape(more)}")
    return memo.render()
