"""`briefing export`: the records flattened into rows, one per meeting, commitment or person, for
DuckDB, pandas or Spark once an archive outgrows the tool's own reports. Pure: no I/O, no clock.

The columns are a contract: named and described once here (the docs list them, and a test checks
the two agree), always all present and in this order. New columns may be added at the end; none is
renamed, removed or changes meaning without a new `SCHEMA_VERSION`. A value the records do not
give is None (JSON null, an empty CSV cell), never a guess. Lists stay lists (JSON arrays; in CSV
a cell holding a JSON array). Dates are the text as written plus its first and last possible day,
never more precise than the record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from briefing.dates import FuzzyDate
from briefing.model import Meeting
from briefing.person import EMPTY, Registry
from briefing.reports.common import MeetingFilter, chronological
from briefing.reports.commitments import commitment_item

Row = dict[str, Any]


def _date_columns(prefix: str, what: str) -> tuple[tuple[str, str], ...]:
    return (
        (prefix, f"{what} as written in the record (EDTF: 2024-08-09, 2024-08, 2018-21 for spring, 2018-01~, 2018?, A/B)"),
        (f"{prefix}_earliest", f"the first day {what} may mean (YYYY-MM-DD)"),
        (f"{prefix}_latest", f"the last day {what} may mean (YYYY-MM-DD)"),
        (f"{prefix}_precision", "day, month, season, year, decade, century, millennium, interval, or unknown (XXXX: no date; earliest and latest null)"),
    )


MEETING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "the record's id (its file name without .toml): the row's key"),
    ("title", "the meeting's name as the sources give it"),
    *_date_columns("date", "its date"),
    ("date_approximate", "true when the date is marked approximate (~)"),
    ("date_uncertain", "true when the date is marked uncertain (?)"),
    ("date_text", "the source's own words for the date, if recorded"),
    ("status", "held, planned, postponed or cancelled"),
    ("kind", "summit, foreign-ministers, senior-officials, ambassadors, ... or other"),
    ("series", "the id of the series it is a round of"),
    ("round", "its number in the series (an integer)"),
    ("mode", "in-person, video, phone or hybrid; null when no source says"),
    ("place_city", "the city it was held in"),
    ("place_country", "the host country's code"),
    ("place_venue", "the venue"),
    ("countries", "the countries taking part, as codes (a list; ISO 3166-1 alpha-2, ISO 3166-3 for countries that ended, XK)"),
    ("organizations", "the organizations taking part (a list)"),
    ("heads", "the names of the heads of delegation (a list)"),
    ("participants", "how many participants are recorded"),
    ("topics", "what a source reports was discussed (a list)"),
    ("agenda", "what was announced to be discussed, not reported as discussed (a list)"),
    ("outcomes", "what was decided, signed or agreed (a list)"),
    ("caveats", "what a reader must know before quoting the record (a list)"),
    ("commitments", "how many commitments were made"),
    ("summary", "the record's summary"),
    ("source_titles", "the titles of its sources (a list)"),
    ("source_urls", "the URLs of its sources that have one (a list)"),
)

COMMITMENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("meeting_id", "the record of the meeting it was made at"),
    ("key", "its key within that record: its `id` if the record gives one, else made from its words; with meeting_id, the row's key"),
    ("index", "its place among the meeting's commitments (0 first)"),
    ("text", "what was promised, as recorded"),
    ("strength", "agreed, planned, expected or discussed, as the source words it; null: not recorded (never a promise)"),
    *_date_columns("due", "its due date"),
    ("due_text", "the source's own words for the due date, if recorded"),
    ("recorded_status", "open, done or dropped, as the record has it"),
    ("state", "as of the as_of day: open, open, no date, overdue (agreed or planned only), date passed, done or dropped"),
    ("overdue_days", "days since the due window closed, when overdue"),
    ("passed_days", "days since the due window closed, when its date passed without it being overdue"),
    ("as_of", "the day the state is as of (--as-of, else today)"),
    ("parties", "who promised it, as recorded (a list)"),
    ("fulfilled_by", "the record of the meeting that fulfils it, if recorded"),
    ("concerns", "the record of the planned meeting it is about, if recorded"),
    ("meeting_title", "the title of the meeting it was made at"),
    *_date_columns("meeting_date", "the date of that meeting"),
)

PEOPLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("meeting_id", "the record of the meeting they took part in"),
    ("index", "their place among its participants (0 first); with meeting_id, the row's key"),
    ("name", "the person's name as the source writes it"),
    ("role", "their office or role"),
    ("country", "the code of the country they represent"),
    ("organization", "the organization they represent"),
    ("head_of_delegation", "true when they led their side's delegation"),
    ("meeting_title", "the meeting's title"),
    *_date_columns("meeting_date", "the meeting's date"),
    ("meeting_status", "held, planned, postponed or cancelled"),
    ("meeting_kind", "the meeting's kind"),
    ("series", "the series the meeting is a round of"),
    ("office", "the office they held, when the source names them by it (then name may be empty)"),
    ("level", "the level of their office at the meeting: theirs in the record, else their person file's on that date"),
    ("person", "the id of their person file (records/people/): as the record names it, or as their name matches one"),
)

TABLES: Mapping[str, tuple[tuple[str, str], ...]] = {
    "meetings": MEETING_COLUMNS,
    "commitments": COMMITMENT_COLUMNS,
    "people": PEOPLE_COLUMNS,
}


def _date(prefix: str, d: FuzzyDate | None) -> Row:
    if d is None:
        return {prefix: None, f"{prefix}_earliest": None, f"{prefix}_latest": None, f"{prefix}_precision": None}
    shown = d.to_json()  # earliest and latest as the reports' JSON gives them
    return {prefix: d.text, f"{prefix}_earliest": shown["earliest"], f"{prefix}_latest": shown["latest"], f"{prefix}_precision": d.precision}


def meeting_row(m: Meeting) -> Row:
    place = m.place
    return {
        "id": m.id,
        "title": m.title,
        **_date("date", m.date),
        "date_approximate": m.date.approximate,
        "date_uncertain": m.date.uncertain,
        "date_text": m.date_text,
        "status": m.status.value,
        "kind": m.kind.value,
        "series": m.series,
        "round": m.round,
        "mode": m.mode.value if m.mode is not None else None,
        "place_city": place.city if place else None,
        "place_country": place.country if place else None,
        "place_venue": place.venue if place else None,
        "countries": list(m.countries),
        "organizations": list(m.organizations),
        "heads": [p.name for p in m.heads_of_delegation()],
        "participants": len(m.participants),
        "topics": list(m.topics),
        "agenda": list(m.agenda),
        "outcomes": list(m.outcomes),
        "caveats": list(m.caveats),
        "commitments": len(m.commitments),
        "summary": m.summary,
        "source_titles": [s.title for s in m.sources],
        "source_urls": [s.url for s in m.sources if s.url],
    }


def commitment_rows(m: Meeting, as_of: dt.date, by_id: Mapping[str, Meeting]) -> Iterator[Row]:
    for i, c in enumerate(m.commitments):
        item = commitment_item(m, i, c, as_of, by_id)
        yield {
            "meeting_id": m.id,
            "key": item.key,
            "index": i,
            "text": c.text,
            "strength": c.strength.value if c.strength is not None else None,
            **_date("due", c.due),
            "due_text": c.date_text,
            "recorded_status": c.status.value,
            "state": item.state.value,
            "overdue_days": item.overdue_days,
            "passed_days": item.passed_days,
            "as_of": as_of.isoformat(),
            "parties": list(c.parties),
            "fulfilled_by": c.fulfilled_by,
            "concerns": c.concerns,
            "meeting_title": m.title,
            **_date("meeting_date", m.date),
        }


def people_rows(m: Meeting, people: Registry = EMPTY) -> Iterator[Row]:
    for i, p in enumerate(m.participants):
        person = people.find(p)
        level = people.level_of(p, m.date)
        yield {
            "meeting_id": m.id,
            "index": i,
            "name": p.name,
            "role": p.role,
            "country": p.country,
            "organization": p.organization,
            "head_of_delegation": p.head_of_delegation,
            "meeting_title": m.title,
            **_date("meeting_date", m.date),
            "meeting_status": m.status.value,
            "meeting_kind": m.kind.value,
            "series": m.series,
            "office": p.office,
            "level": level.value if level is not None else None,
            "person": person.id if person is not None else p.person,
        }


def export_rows(
    what: str, meetings: Sequence[Meeting], flt: MeetingFilter, as_of: dt.date, people: Registry = EMPTY
) -> Iterator[Row]:
    """The rows of table `what` (a name of TABLES) for the meetings the filter keeps, oldest
    first. A commitment's state is as of `as_of`, looked up among all `meetings`."""
    chosen = chronological(flt.apply(meetings))
    if what == "meetings":
        return (meeting_row(m) for m in chosen)
    if what == "people":
        return (row for m in chosen for row in people_rows(m, people))
    by_id = {m.id: m for m in meetings}
    return (row for m in chosen for row in commitment_rows(m, as_of, by_id))
