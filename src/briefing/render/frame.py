"""The frame every text report shares: its header (title, as-of, records, home side), section
titles and the numbered list of sources. rich is imported only when a text report is made."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from briefing.model import Source
from briefing.reports.common import ReportMeta
from briefing.render import styles
from briefing.render.lines import LineBuffer
from briefing.render.sources import source_text

if TYPE_CHECKING:
    from rich.console import Console


def text_header(console: Console | LineBuffer, title: str, meta: ReportMeta, extra: str = "") -> None:
    from briefing.render.text import t

    console.print(t(title, styles.TITLE))
    line = f"as of {meta.as_of.isoformat()} · {meta.records} meeting records"
    if meta.later:
        line += f" · {meta.later} later left out"
    line += f" · home side: {meta.home.name}" if meta.home is not None else " · no home side set"
    if meta.skipped:
        line += f" · {len(meta.skipped)} file(s) skipped"
    console.print(t(line + (f" · {extra}" if extra else ""), styles.CONTEXT))


def text_section(console: Console | LineBuffer, title: str) -> None:
    from rich.text import Text

    console.print()
    console.print(Text(title, style=styles.HEADING))


def text_sources(console: Console | LineBuffer, sources: Iterable[Source], title: str = "Sources") -> None:
    from rich.text import Text

    from briefing.render.text import styler, t

    items = list(sources)
    if not items:
        return
    console.print()
    console.print(Text(title, style=styles.HEADING))
    mk = styler(console) if isinstance(console, LineBuffer) else t  # a str goes only to a LineBuffer
    for number, s in enumerate(items, start=1):
        console.print(mk(f"[{number}] ") + mk(source_text(s)))
