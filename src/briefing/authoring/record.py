"""A new meeting record: from the values a user gives to checked TOML bytes. No I/O here.

`build` turns a `Draft` (what was typed, as text) into the record's content, validated by the same
model the loader uses, and `render` writes it with tomli-w under a `#:schema` line. The caller
parses the rendered bytes back with the loader before writing them, so what lands on disk is
exactly what `briefing check` accepts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from briefing.dates import DateError, FuzzyDate, parse_date
from briefing.text import normalise_phrase

SCHEMA_DIR = ".schema"
SCHEMA_FILE = "meeting.schema.json"
MAX_SLUG = 50

# The option that sets each top-level field, for messages in the user's words.
OPTION_FOR = {
    "title": "--title",
    "date": "--date",
    "status": "--status",
    "kind": "--kind",
    "series": "--series",
    "round": "--round",
    "summary": "--summary",
    "place": "--city",
    "countries": "--country",
    "topics": "--topic",
    "sources": "--source",
    "id": "--id",
    "mode": "--mode",
    "participants": "--participant",
    "outcomes": "--outcome",
    "commitments": "--commitment",
    "realises": "--realises",
}

_URL = re.compile(r"^(https?|ftp)://[^\s/$.?#][^\s]*$", re.IGNORECASE)


class DraftError(ValueError):
    """A value that cannot go into a record; `option` names where it came from."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(f"{option}: {message}")
        self.option = option
        self.message = message


@dataclass(frozen=True)
class Draft:
    """What the user gave for a new record, as typed."""

    title: str
    date: str
    sources: tuple[str, ...]
    kind: str | None = None
    status: str | None = None
    countries: tuple[str, ...] = ()
    series: str | None = None
    round: int | None = None
    city: str | None = None
    topics: tuple[str, ...] = ()
    summary: str | None = None
    record_id: str | None = None
    mode: str | None = None
    participants: tuple[str, ...] = ()  # "Name, role, country" each
    outcomes: tuple[str, ...] = ()
    commitments: tuple[str, ...] = ()
    dues: tuple[str, ...] = ()  # the i-th goes with the i-th commitment; "-" for none
    realises: str | None = None


@dataclass(frozen=True)
class Built:
    """A checked new record: its id and the content to write (keys in the order written)."""

    record_id: str
    data: dict[str, Any]
    date: FuzzyDate
    notes: tuple[str, ...] = field(default=())  # things the user should know (on stderr)


# -- small parts -------------------------------------------------------------------------------


def is_url(text: str) -> bool:
    return bool(_URL.match(text.strip()))


def source_entry(text: str) -> dict[str, str]:
    """A --source value as a [[sources]] table: a URL is both title and url; text is a title."""
    text = text.strip()
    if is_url(text):
        return {"title": text, "url": text}
    return {"title": text}


def slug(title: str) -> str:
    """The title as a file-name slug: ASCII letters and digits, folded, hyphens, at most 50."""
    words = re.findall(r"[a-z0-9]+", normalise_phrase(re.sub(r"['\u2019]", "", title)))
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > MAX_SLUG:
            break
        out = candidate
    return out or (words[0][:MAX_SLUG] if words else "")


def default_id(date: FuzzyDate, title: str) -> str:
    """Date as written (first day of an interval, qualifiers dropped) + slug of the title;
    'undated' for a date the source does not give (XXXX)."""
    first = date.text.split("/")[0].rstrip("?~%") if date.known else "undated"
    words = slug(title)
    if not words:
        raise DraftError("--id", "the title has no letters or digits to make an id from; give --id")
    return f"{first}-{words}"


def toml_date(date: FuzzyDate) -> dt.date | str:
    """A full, certain day as a TOML date; anything else as the EDTF string written."""
    if date.precision == "day" and date.text == date.earliest.isoformat():
        return date.earliest
    return date.text


def choice(value: str | None, allowed: Iterable[str], option: str) -> str | None:
    """A kind or status as written in records: case, spaces and underscores forgiven."""
    if value is None:
        return None
    names = list(allowed)
    key = re.sub(r"[\s_]+", "-", value.strip().lower())
    if key in names:
        return key
    from briefing.wording import did_you_mean

    raise DraftError(option, f"'{value}' is not one of: {', '.join(names)}{did_you_mean(key, names)}")


def _clean_list(values: Sequence[str]) -> list[str]:
    return [v.strip() for v in values if v.strip()]


def participant_entry(text: str) -> dict[str, str]:
    """"Name, role, country" as a [[participants]] table: the last part is the country when it
    names one, the parts between are the role ("Name", "Name, country", "Name, role" work too)."""
    from briefing.countries import resolve

    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        raise DraftError("--participant", "give a name: --participant \"Name, role, country\"")
    entry = {"name": parts[0]}
    rest = parts[1:]
    if rest and resolve(rest[-1]) is not None:
        entry["country"] = rest.pop()
    elif len(rest) >= 2:
        from briefing.countries import suggest

        hint = suggest(rest[-1])
        more = f" (did you mean {' or '.join(hint)}?)" if hint else ""
        raise DraftError("--participant", f"unknown country '{rest[-1]}' in '{text}'{more}; write \"Name, role, country\"")
    if rest:
        entry["role"] = ", ".join(rest)
    return entry


def commitment_entries(texts: Sequence[str], dues: Sequence[str]) -> list[dict[str, Any]]:
    """--commitment texts with their --due dates, paired in order ("-": no date)."""
    texts = [t.strip() for t in texts]
    if len(dues) > len(texts):
        raise DraftError("--due", f"{len(dues)} --due for {len(texts)} --commitment; each --due goes with the --commitment in the same place")
    out = []
    for i, text in enumerate(texts):
        if not text:
            raise DraftError("--commitment", "must not be empty")
        entry: dict[str, Any] = {"text": text}
        due = dues[i].strip() if i < len(dues) else "-"
        if due != "-":
            try:
                entry["due"] = toml_date(parse_date(due))
            except DateError as exc:
                raise DraftError("--due", str(exc)) from None
        out.append(entry)
    return out


# -- the record --------------------------------------------------------------------------------


def build(draft: Draft, today: dt.date) -> Built:
    """Check a draft with the loader's own model; raise DraftError naming the option at fault."""
    from pydantic import TypeAdapter, ValidationError

    from briefing.model import Id, Kind, Meeting, Mode, Status
    from briefing.wording import validation_problems

    try:
        date = parse_date(draft.date.strip())
    except DateError as exc:
        raise DraftError("--date", str(exc)) from None
    kind = choice(draft.kind, [k.value for k in Kind], "--kind")
    status = choice(draft.status, [s.value for s in Status], "--status")
    mode = choice(draft.mode, [m.value for m in Mode], "--mode")
    notes: list[str] = []
    if status is None:
        status = Status.planned.value if date.earliest > today else Status.held.value
    elif status == Status.held.value and date.earliest > today:
        notes.append(f"note: marked held but dated {date.display()}, after today ({today.isoformat()})")

    data: dict[str, Any] = {"title": draft.title.strip(), "date": toml_date(date), "status": status}
    if kind is not None:
        data["kind"] = kind
    if draft.series:
        data["series"] = draft.series.strip()
    if draft.round is not None:
        data["round"] = draft.round
    if mode is not None:
        data["mode"] = mode
    if draft.realises and draft.realises.strip():
        data["realises"] = draft.realises.strip().removesuffix(".toml")
    if draft.summary and draft.summary.strip():
        data["summary"] = draft.summary.strip()
    countries = _clean_list(draft.countries)
    if countries:
        data["countries"] = countries
    topics = _clean_list(draft.topics)
    if topics:
        data["topics"] = topics
    outcomes = _clean_list(draft.outcomes)
    if outcomes:
        data["outcomes"] = outcomes
    if draft.city and draft.city.strip():
        data["place"] = {"city": draft.city.strip()}
    if draft.participants:
        data["participants"] = [participant_entry(p) for p in draft.participants]
    if draft.commitments or draft.dues:
        data["commitments"] = commitment_entries(draft.commitments, draft.dues)
    data["sources"] = [source_entry(s) for s in _clean_list(draft.sources)]

    try:
        meeting = Meeting.model_validate({**data, "id": "new", "path": "new.toml"})
    except ValidationError as exc:
        first = validation_problems(exc, "", "", Meeting)[0]
        top = (first.field or "").split(".")[0].split("[")[0]
        raise DraftError(OPTION_FOR.get(top, top or "record"), first.message) from None

    record_id = draft.record_id.strip() if draft.record_id else default_id(date, meeting.title)
    record_id = record_id.removesuffix(".toml")
    try:
        TypeAdapter(Id).validate_python(record_id)
    except ValidationError:
        raise DraftError("--id", f"'{record_id}' cannot be a file name; use letters, digits, '.', '_' and '-'") from None

    # Write what the loader made of it: countries as codes, text stripped and cleaned.
    data["title"] = meeting.title
    if meeting.countries:
        data["countries"] = list(dict.fromkeys(meeting.countries))
    if meeting.topics:
        data["topics"] = list(meeting.topics)
    if meeting.summary is not None:
        data["summary"] = meeting.summary
    if meeting.place is not None and meeting.place.city:
        data["place"] = {"city": meeting.place.city}
    if meeting.participants:
        data["participants"] = [p.model_dump(exclude_defaults=True) for p in meeting.participants]
    if meeting.outcomes:
        data["outcomes"] = list(meeting.outcomes)
    data["sources"] = [
        {k: v for k, v in (("title", s.title), ("url", s.url)) if v is not None} for s in meeting.sources
    ]
    return Built(record_id, data, date, tuple(notes))


def known_people(built: Built, people: Any) -> Built:
    """Participants of a built record looked up among the people on record (a `person.Registry`):
    one a name fits gets its person id (`person = "<id>"`), and notes say who it was taken to be,
    which name fits two people, and which known people are close to a name that fits no one."""
    entries = built.data.get("participants")
    if not entries or not people:
        return built
    from briefing.model import Participant

    notes = list(built.notes)
    out = []
    for entry in entries:
        entry = dict(entry)
        name = entry.get("name")
        if name is not None and "person" not in entry:
            p = Participant.model_validate(entry)
            found = people.find(p)
            fits = people.candidates(name, p.country)
            if found is not None:
                entry = {"name": name, "person": found.id, **{k: v for k, v in entry.items() if k != "name"}}
                same = "" if found.name == name else f" ({found.name})"
                notes.append(f"note: participant '{name}' is {found.path}{same}")
            elif len(fits) > 1:
                notes.append(f"note: participant '{name}' fits {len(fits)} people ({', '.join(x.id for x in fits)}); "
                             "add person = \"<id>\" to the record to say which")
            else:
                close = people.close_to(name)
                if close:
                    names = ", ".join(f"{x.name} ({x.id})" for x in close)
                    notes.append(f"note: participant '{name}' is in no person file; close to it: {names}")
        out.append(entry)
    return Built(built.record_id, {**built.data, "participants": out}, built.date, tuple(notes))


def render(data: dict[str, Any], schema_ref: str | None) -> bytes:
    """The record as TOML (tomli-w), headed by `#:schema <ref>`; tables as [place], [[sources]]."""
    import tomli_w

    head = {k: v for k, v in data.items() if k not in ("place", "participants", "commitments", "sources")}
    parts = []
    if schema_ref:
        parts.append(f"#:schema {schema_ref}\n")
    parts.append(tomli_w.dumps(head, multiline_strings=True))
    if "place" in data:
        parts.append("\n[place]\n" + tomli_w.dumps(data["place"]))
    for key in ("participants", "commitments", "sources"):
        for table in data.get(key, ()):
            parts.append(f"\n[[{key}]]\n" + tomli_w.dumps(table))
    return "".join(parts).encode("utf-8")


class RecordExists(Exception):
    """A record with this id is already there; nothing is written."""


def check_against(
    built: Built, meetings: Sequence[Any], series: Sequence[Any], taken: dict[str, str], today: dt.date | None = None
) -> None:
    """The cross-file rules `check` applies, checked before writing: the id is free, the series
    exists, its round is not claimed, the meeting it realises is there and was not held. `taken`
    maps every existing record file's stem to its path; `meetings` are every meeting loaded."""
    from briefing.wording import did_you_mean

    if built.record_id in taken:
        raise RecordExists(
            f"a record with id '{built.record_id}' already exists: {taken[built.record_id]}; nothing was written "
            "(choose another --id)"
        )
    realises = built.data.get("realises")
    if realises is not None:
        target = next((m for m in meetings if m.id == realises), None)
        if target is None:
            raise DraftError("--realises", f"no record '{realises}'{did_you_mean(realises, [m.id for m in meetings])}")
        if target.status.value == "held":
            raise DraftError("--realises", f"{realises} is marked held itself; --realises names a planned, postponed or cancelled meeting held in another's place")
    series_id = built.data.get("series")
    if series_id is not None:
        known = sorted(s.id for s in series)
        if series_id not in known:
            hint = did_you_mean(series_id, known) or (f"; known: {', '.join(known)}" if known else "")
            raise DraftError("--series", f"no series '{series_id}'{hint}; a series is a file series/<id>.toml in the records folder")
        number = built.data.get("round")
        if number is not None and built.data.get("status") not in ("cancelled", "postponed"):
            for m in meetings:
                if m.series == series_id and m.round == number and m.status.value not in ("cancelled", "postponed") and m.id != realises:
                    raise DraftError("--round", f"round {number} of series '{series_id}' is already claimed by {m.id}")
    if today is None:
        return
    from briefing.checks import run_checks
    from briefing.model import Meeting, Severity

    path = f"{built.record_id}.toml"
    record = Meeting.model_validate({**built.data, "id": built.record_id, "path": path})
    was = {str(p) for p in run_checks(list(meetings), series, today) if p.severity is Severity.error}
    for problem in run_checks([*meetings, record], series, today):
        if problem.severity is Severity.error and problem.path == path and str(problem) not in was:
            top = (problem.field or "").split(".")[0].split("[")[0]
            raise DraftError(OPTION_FOR.get(top, top or "record"), problem.message)
