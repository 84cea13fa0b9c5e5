"""A small Mermaid `timeline` of the meetings in a memo, put beside the table or list that gives
them in full. GitHub, GitLab and Obsidian draw it; pandoc and other renderers show it as a code
block (a `mermaid` fence), which reads as a list of years and meetings.

Small: a memo with three meetings or more gets one, of at most MAX_EVENTS meetings by year;
with more, the meetings counted by year (the latest MAX_YEARS years). Record text is data: it
reaches the diagram with Mermaid's separators, comments, entities and markup taken out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from briefing.reports.items import MeetingItem

MIN_MEETINGS = 3
MAX_EVENTS = 24
MAX_YEARS = 12
LABEL_CHARS = 60
DIAGRAM_WORDS = "The meetings by year, oldest first (a Mermaid timeline: GitHub, GitLab and Obsidian draw it); below, each in full."

# Kept in a label: letters, digits, spaces and plain punctuation. Out: ':' (Mermaid's separator),
# '#' and ';' (its entities), '%' (comments), '<' '>' (markup), brackets, quotes, backticks.
_UNSAFE = re.compile(r"[^\w .,'’()/+\-–—?!]")


def label(text: str, limit: int = LABEL_CHARS) -> str:
    """Record text as a Mermaid label: one line, safe characters only, at most `limit` long."""
    text = " ".join(_UNSAFE.sub(" ", text.replace("&", " and ")).split())
    if len(text) > limit:
        cut = text[: limit - 1]
        cut = cut[: cut.rfind(" ")] if " " in cut[limit // 2 :] else cut  # at a word's end where one is near
        text = cut.rstrip(" ,.-–—(") + "…"
    return text or "untitled"


def event(m: MeetingItem) -> str:
    """A meeting as an event: its title, and its status unless held or the title says it."""
    state = m.status.value
    suffix = "" if state == "held" or state in m.title.casefold() else f" ({state})"
    return label(m.title, LABEL_CHARS - len(suffix)) + suffix


def period(m: MeetingItem) -> str:
    """The year a meeting falls in (a span of years when its date is no more precise)."""
    first, last = m.date.earliest.year, m.date.latest.year
    return str(first) if first == last else f"{first}–{last}"


def meetings_timeline(meetings: Iterable[MeetingItem], title: str = "Meetings on record") -> list[str]:
    """A `mermaid` fence drawing these meetings (the dated ones, oldest first) by year; [] for
    fewer than MIN_MEETINGS dated meetings."""
    dated = sorted((m for m in meetings if m.date.known), key=lambda m: m.date.sort_key())
    if len(dated) < MIN_MEETINGS:
        return []
    by_year: dict[str, list[MeetingItem]] = {}
    for m in dated:
        by_year.setdefault(period(m), []).append(m)
    lines = ["```mermaid", "timeline", f"    title {label(title, 80)}"]
    if len(dated) <= MAX_EVENTS:
        for year, items in by_year.items():
            events = [event(m) for m in items]
            lines.append(f"    {year} : {events[0]}")
            lines += [f"         : {event}" for event in events[1:]]
    else:
        years = list(by_year.items())[-MAX_YEARS:]
        if len(by_year) > MAX_YEARS:
            lines[2] += f" (meetings by year, the latest {MAX_YEARS} years)"
        else:
            lines[2] += " (meetings by year)"
        for year, items in years:
            lines.append(f"    {year} : {len(items)} meeting{'s' if len(items) != 1 else ''}")
    lines.append("```")
    return lines
