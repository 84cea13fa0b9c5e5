"""Levels in words: the highest level met as who met whom, and the level of contact by year as a
small chart (text) or a table (Markdown). Shared by the reports that show them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing.model import LEVEL_RANK
from briefing.reports.level import Contact, HighestLevel, LevelTrend, Someone

if TYPE_CHECKING:
    from briefing.reports.country import CountryReport, YearRow

BAR = 8  # the widest bar: a head of state
LEGEND = "█ who met whom · ▒ by the kind of meeting · · level not recorded"


def someone_words(s: Someone, office: bool = True) -> str:
    """"Erdoğan (President)"; "the Foreign Minister of Kazakhstan (name not recorded)"."""
    if s.name is None and s.person is None:
        return f"the {s.office} (name not recorded)" if s.office else "someone (name not recorded)"
    name = s.name or s.person or ""
    return f"{name} ({s.office})" if office and s.office and s.office != name else name


def contact_words(c: Contact, home_name: str | None, brief: bool = False) -> str:
    """Who met whom: "Taro Kono (Minister for Foreign Affairs) met Erdoğan (President), 28 Dec
    2017 (Courtesy call ...)"; brief: "Taro Kono met Erdoğan (President)"."""
    if not c.theirs:
        return c.title if brief else f"{c.title}, {c.date.display()}"
    us = next((s for s in c.ours if s.name is not None), c.ours[0] if c.ours else None)
    who = someone_words(us, office=not brief) if us is not None else home_name
    theirs = " and ".join(someone_words(s) for s in c.theirs)
    met = f"{who} met {theirs}" if who else theirs
    return met if brief else f"{met}, {c.date.display()} ({c.title})"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def highest_level_words(level: HighestLevel | None, home_name: str | None) -> str:
    """The "Highest level met: ..." sentence (empty when there is nothing to say)."""
    if level is None:
        return ""
    unranked = len(level.unranked)
    unstated = f"the records do not say at what level {_plural(unranked, 'visit, call or other meeting')} took place" if unranked else ""
    if not level.meeting_ids:
        return f"Highest level met: not recorded ({unstated})."
    tail = f"; {unstated}" if unstated else ""
    if level.by == "people":
        first = level.met[0]
        more_met = len(level.met) - 1
        by_kind = len(level.meeting_ids) - len(level.met)
        also = []
        if more_met:
            also.append(f"and at {_plural(more_met, 'more meeting')}")
        if by_kind:
            also.append(f"{_plural(by_kind, 'more meeting')} at that level by kind (no participant's level recorded)")
        extra = f"; {', '.join(also)}" if also else ""
        return f"Highest level met: {level.label} — {contact_words(first, home_name)}{extra}{tail}."
    first = level.met[0]
    more = len(level.meeting_ids) - 1
    also_kind = f", and {more} more" if more else ""
    return (
        f"Highest level met: {level.label}, by the kind of meeting (no participant's level is recorded): "
        f"{first.title}, {first.date.display()}{also_kind}{tail}."
    )


def trend_words(t: LevelTrend | None) -> str:
    if t is None:
        return ""
    if t.direction == "same":
        return f"Level of contact: the same in {t.year} ({t.label}) as in {t.previous_year} ({t.previous_label})."
    return f"Level of contact: {t.direction} in {t.year} ({t.label}) than in {t.previous_year} ({t.previous_label})."


def bar(level: HighestLevel | None) -> str:
    """A strip as long as the level is high: █ met, ▒ by kind, · a kind that names no level."""
    if level is None or level.by is None:
        return ""
    if level.level is None:
        return "·"  # a kind that names no level
    width = BAR - LEVEL_RANK[level.level]
    return ("█" if level.by == "people" else "▒") * width


def year_words(row: YearRow, home_name: str | None) -> str:
    """What a year's row of the chart says beside its bar."""
    level = row.highest_level
    if level is None:
        return "none held" if row.held == 0 else ""
    if level.by is None:
        return f"not recorded ({_plural(len(level.unranked), 'visit, call or other meeting')})"
    if level.by == "people":
        return f"{level.label}: {contact_words(level.met[0], home_name, brief=True)}"
    if level.level is None:
        return f"level not recorded ({level.label})"
    return f"{level.label} (by kind of meeting)"


def has_levels(r: CountryReport) -> bool:
    return any(row.highest_level is not None for row in r.engagement)


def level_chart_rows(r: CountryReport) -> list[tuple[str, str, str]]:
    """(year, bar, words) for each year of the engagement."""
    home = r.meta.home.name if r.meta.home else None
    return [(row.year, bar(row.highest_level), year_words(row, home)) for row in r.engagement]


def level_table_rows(r: CountryReport) -> list[list[str]]:
    """Year, highest level, how it is known, at which meeting (Markdown cells, unescaped)."""
    home = r.meta.home.name if r.meta.home else None
    rows = []
    for row in r.engagement:
        level = row.highest_level
        if level is None:
            rows.append([row.year, "none held" if row.held == 0 else "", "", ""])
        elif level.by is None:
            rows.append([row.year, "not recorded", f"{_plural(len(level.unranked), 'visit, call or other meeting')}", ""])
        elif level.by == "people":
            rows.append([row.year, level.label, "who met whom", contact_words(level.met[0], home)])
        elif level.level is None:
            first = level.met[0]
            rows.append([row.year, "not recorded", f"kind of meeting ({level.label}), which names no level", f"{first.title}, {first.date.display()}"])
        else:
            first = level.met[0]
            rows.append([row.year, level.label, "kind of meeting", f"{first.title}, {first.date.display()}"])
    return rows
