"""The JSON Schema of a record file, generated from the models, for editors and `briefing schema`.

The schema describes the TOML *file* (`MeetingFile`, `SeriesFile`), not the loaded record: `id`
and `path` come from the file's name and place. It is tidied for editors (Taplo / Even Better
TOML, VS Code's JSON tooling): TOML has no null, so "or null" alternatives are dropped and an
optional key is simply not required; every key carries a description for hovers; draft-07 with
`definitions`, which every editor understands. Countries are any string (codes are written, but
names such as "Türkiye" are accepted by the loader), so the schema never rejects what `check`
accepts; `check` remains the judge (unknown country names, impossible days, cross-file rules).
"""

from __future__ import annotations

import json
from typing import Any

DRAFT = "http://json-schema.org/draft-07/schema#"

# (model, key) -> description. A test checks that every key of every model is described here.
DESCRIPTIONS: dict[tuple[str, str], str] = {
    # MeetingFile
    ("MeetingFile", "title"): "The meeting's name as the sources give it.",
    ("MeetingFile", "date"): "When it was (or is to be) held, as precise as the source: "
    "2024-08-09, 2024-08, 2024, 2018-21 (spring), 2018-01~ (approximate), 2025-03-14? (worked out, "
    "not stated: uncertain), 2018-01-21/2018-01-31 (interval), XXXX (the source gives no date).",
    ("MeetingFile", "date_text"): "The date in the source's own words, when they say more than the date (\"early next year\").",
    ("MeetingFile", "status"): "held (default), planned, postponed or cancelled.",
    ("MeetingFile", "kind"): "What sort of meeting: summit, foreign-ministers, senior-officials, ... (default other).",
    ("MeetingFile", "series"): "The id of the series (dialogue track) it belongs to: a file records/series/<id>.toml.",
    ("MeetingFile", "round"): "Its number within the series (the 9th meeting: 9), only when a source gives it.",
    ("MeetingFile", "mode"): "in-person, video, phone or hybrid; leave out unless a source says so.",
    ("MeetingFile", "summary"): "What happened, in a few sentences, from the sources.",
    ("MeetingFile", "notes"): "How the record was made: which source says what, doubts, what is left out.",
    ("MeetingFile", "caveats"): "What a reader must know before quoting the record (a year worked out, "
    "attendance not stated, an agenda announced but not reported), one short sentence each; "
    "reports print them beside the meeting.",
    ("MeetingFile", "place"): "Where it was held: city, country, venue.",
    ("MeetingFile", "countries"): "The countries taking part: ISO codes (UZ) or names (Uzbekistan).",
    ("MeetingFile", "organizations"): "Organizations taking part.",
    ("MeetingFile", "participants"): "The people who took part, one [[participants]] table each.",
    ("MeetingFile", "topics"): "What a source reports was discussed, one short phrase each.",
    ("MeetingFile", "agenda"): "What was announced to be discussed, before the meeting, when no source "
    "reports it was: one short phrase each.",
    ("MeetingFile", "outcomes"): "What was decided, signed or agreed, one item each.",
    ("MeetingFile", "commitments"): "What was promised for later, one [[commitments]] table each.",
    ("MeetingFile", "sources"): "Where the facts come from; at least one [[sources]] table.",
    ("MeetingFile", "realises"): "The id of the planned meeting this one was held in place of (that record keeps its own status).",
    ("MeetingFile", "history"): "The meeting's changes of status, oldest first, one [[history]] table each; "
    "the last one's status is `status`. Written by briefing held, cancel and postpone.",
    # StatusChange
    ("StatusChange", "status"): "What the meeting became: held, planned, postponed or cancelled.",
    ("StatusChange", "on"): "When, as precise as the source (for held: the day it was held).",
    ("StatusChange", "previous_status"): "The status before this change (default planned).",
    ("StatusChange", "previous_date"): "The meeting's date before this change, when the change moved it (a more precise day, a new date).",
    ("StatusChange", "previous_date_text"): "The record's date_text before this change moved the date.",
    ("StatusChange", "note"): "What the source says about the change (a reason, a new date).",
    ("StatusChange", "source"): "The url or title of the [[sources]] entry that reports the change.",
    # CommitmentChange
    ("CommitmentChange", "status"): "What the commitment became: done, dropped or open.",
    ("CommitmentChange", "on"): "When, as precise as the source.",
    ("CommitmentChange", "previous_status"): "The status before this change (default open).",
    ("CommitmentChange", "note"): "What the source says about it.",
    ("CommitmentChange", "source"): "The url or title of the [[sources]] entry that reports it.",
    # Place
    ("Place", "city"): "The city.",
    ("Place", "country"): "The host country: an ISO code (JP) or a name (Japan).",
    ("Place", "venue"): "The building or venue.",
    # Participant
    ("Participant", "name"): "The person's name as the source writes it (leave it out when the source "
    "names no one: give office instead).",
    ("Participant", "person"): "The id of their person file (records/people/<id>.toml); without it, the "
    "name is matched to a person file (case, accents, punctuation and name order ignored).",
    ("Participant", "role"): "Their office or role (Foreign Minister).",
    ("Participant", "office"): "The office they held, when the source names them by it (\"the Foreign "
    "Minister of Kazakhstan\"): a participant may have an office and no name.",
    ("Participant", "level"): "The level of their office at the meeting: head-of-state, head-of-government, "
    "minister, deputy-minister, senior-official, ambassador, official, legislator or other. Left out, it "
    "is their person file's office on the meeting's date, if it shows one.",
    ("Participant", "country"): "The country they represent: an ISO code or a name.",
    ("Participant", "organization"): "The organization they represent, if not a country.",
    ("Participant", "head_of_delegation"): "true when they led their side's delegation.",
    # Commitment
    ("Commitment", "id"): "A key of its own (letters, digits, '.', '_', '-'), unique in the record: calendar entries and "
    "exports keep following it when its words are edited. Without one, the key comes from its words.",
    ("Commitment", "text"): "What was promised.",
    ("Commitment", "strength"): "How firm it is, as the source words it: agreed (they agreed, decided, "
    "or their joint readout says they will), planned (a plan, scheduled, will happen), expected "
    "(expected, hoped for) or discussed (only discussed, views exchanged). Only agreed and planned "
    "ones can be overdue; left out, it is not recorded and never read as a promise.",
    ("Commitment", "due"): "By when, as precise as the source (2025, 2025-03, ...).",
    ("Commitment", "date_text"): "The due date in the source's own words (\"within a year\").",
    ("Commitment", "status"): "open (default), done or dropped.",
    ("Commitment", "parties"): "Who promised it.",
    ("Commitment", "fulfilled_by"): "The id of the record of the meeting that fulfilled it.",
    ("Commitment", "concerns"): "The id of the record of the planned meeting it is about (the plan to "
    "hold it): reports then list the two once, as that meeting.",
    ("Commitment", "history"): "Its changes of status, oldest first, one [[commitments.history]] table each; "
    "the last one's status is `status`. Written by briefing done and drop.",
    # Source
    ("Source", "title"): "The source's title (or a descriptive title when it has none).",
    ("Source", "publisher"): "Who published it.",
    ("Source", "author"): "Who wrote it.",
    ("Source", "url"): "Where to read it.",
    ("Source", "published"): "When it was published, as precise as known.",
    ("Source", "kind"): "official, press or analysis.",
    ("Source", "note"): "Anything a reader should know about the source.",
    # SeriesFile
    ("SeriesFile", "name"): "The series' name.",
    ("SeriesFile", "aliases"): "Other names the sources use for it.",
    ("SeriesFile", "search_names"): "Names no source uses that you want to find it by (short forms, "
    "abbreviations); kept apart from aliases so that no one takes them for a source's words.",
    ("SeriesFile", "dialogue"): "The dialogue or format it belongs to.",
    ("SeriesFile", "kind"): "What sort of meetings its rounds are.",
    ("SeriesFile", "established"): "When it began, as precise as known.",
    ("SeriesFile", "members"): "Member countries: ISO codes or names.",
    ("SeriesFile", "description"): "What the series is, from the sources.",
    ("SeriesFile", "counts"): "How many rounds a source says were held by a date, one [[counts]] table each.",
    ("SeriesFile", "sources"): "Where the facts come from; at least one [[sources]] table.",
    # Count
    ("Count", "held"): "How many rounds had been held.",
    ("Count", "as_of"): "By when, as precise as the source.",
    ("Count", "source"): "The title of the source that gives the count.",
    ("Count", "implied"): "true when the source implies the count rather than stating it (\"the 8th "
    "round\": seven before it).",
    # PersonFile (records/people/<id>.toml) and Office
    ("PersonFile", "name"): "The person's name as it is usually written.",
    ("PersonFile", "names"): "Other spellings and orders the sources use (family name first, without "
    "accents, in capitals, in native script): a participant written any of these ways is this person.",
    ("PersonFile", "country"): "The country whose side they are on: an ISO code or a name.",
    ("PersonFile", "organization"): "Or the organization whose official they are.",
    ("PersonFile", "notes"): "How the file was made: which source gives which spelling, what is left out.",
    ("PersonFile", "offices"): "The offices they held, one [[offices]] table each, with the sources that attest them.",
    ("PersonFile", "sources"): "Where the person is named, beyond the sources of their offices.",
    ("Office", "title"): "The office as the source words it (Minister for Foreign Affairs).",
    ("Office", "country"): "Whose office it is: an ISO code or a name.",
    ("Office", "organization"): "The organization whose office it is, if not a country's.",
    ("Office", "level"): "head-of-state, head-of-government, minister, deputy-minister, senior-official, "
    "ambassador, official, legislator or other.",
    ("Office", "from"): "When they took it up, only when a source gives it (as precise as the source).",
    ("Office", "until"): "When they left it, only when a source gives it.",
    ("Office", "attested"): "Days on which a source shows them holding it, when it gives no term: "
    "recorded as those days, never stretched into a term.",
    ("Office", "note"): "Anything a reader should know: how the office was read from the source.",
    ("Office", "sources"): "The sources that attest the office; at least one [[offices.sources]] table.",
    # FolderSettings (briefing.toml)
    ("FolderSettings", "home"): "Whose briefings these are: [home] with country = \"Japan\" (a code or "
    "a name) or organization = \"...\". Reports then tell our side from theirs; --home overrides it.",
    ("HomeSetting", "country"): "The home country: an ISO code (JP) or a name (Japan).",
    ("HomeSetting", "organization"): "The home organization, as the records name it.",
}

# Keys an editor inserts when it creates a new document from the schema (Taplo's initKeys).
_INIT_KEYS = {
    "MeetingFile": ["title", "date", "kind", "sources"], "SeriesFile": ["name", "sources"], "FolderSettings": ["home"],
    "PersonFile": ["name", "offices"],
}


def meeting_schema() -> dict[str, Any]:
    """The JSON Schema of a meeting record file."""
    from briefing.model import MeetingFile

    return _editor_schema(MeetingFile, "briefing meeting record")


def series_schema() -> dict[str, Any]:
    """The JSON Schema of a series file (records/series/<id>.toml)."""
    from briefing.model import SeriesFile

    return _editor_schema(SeriesFile, "briefing series file")


def settings_schema() -> dict[str, Any]:
    """The JSON Schema of a records folder's settings file (briefing.toml at its top)."""
    from briefing.model import FolderSettings

    return _editor_schema(FolderSettings, "briefing folder settings (briefing.toml)")


def person_schema() -> dict[str, Any]:
    """The JSON Schema of a person file (records/people/<id>.toml)."""
    from briefing.person import PersonFile

    return _editor_schema(PersonFile, "briefing person file")


def schema_text(series: bool = False, settings: bool = False, people: bool = False) -> str:
    """The schema as the text of a .schema.json file (stable: same models, same bytes)."""
    doc = person_schema() if people else settings_schema() if settings else series_schema() if series else meeting_schema()
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _editor_schema(model: Any, title: str) -> dict[str, Any]:
    raw = model.model_json_schema(ref_template="#/definitions/{model}")
    definitions = raw.pop("$defs", {})
    _describe(raw, model.__name__)
    for name, sub in definitions.items():
        _describe(sub, name)
    doc: dict[str, Any] = {
        "$schema": DRAFT,
        "$comment": "Generated from briefing's record models; regenerate with `briefing schema`.",
        "title": title,
        "description": raw.pop("description", "") or title,
    }
    raw.pop("title", None)
    doc.update(raw)
    if model.__name__ in _INIT_KEYS:
        doc["x-taplo"] = {"initKeys": _INIT_KEYS[model.__name__]}
    if definitions:
        doc["definitions"] = definitions
    return _tidy(doc)


def _describe(schema: dict[str, Any], model_name: str) -> None:
    for key, prop in schema.get("properties", {}).items():
        text = DESCRIPTIONS.get((model_name, key))
        if text:
            prop["description"] = text


def _tidy(node: Any) -> Any:
    """Drop `null` alternatives and null defaults (TOML has no null) and pydantic's auto titles."""
    if isinstance(node, list):
        return [_tidy(x) for x in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "properties" and isinstance(value, dict):
            out[key] = {k: _tidy_property(v) for k, v in value.items()}
        else:
            out[key] = _tidy(value)
    return out


def _tidy_property(prop: dict[str, Any]) -> dict[str, Any]:
    prop = dict(prop)
    prop.pop("title", None)
    if prop.get("default", ...) is None:
        del prop["default"]
    alternatives = prop.get("anyOf")
    if isinstance(alternatives, list):
        kept = [a for a in alternatives if a != {"type": "null"}]
        if len(kept) == 1:
            del prop["anyOf"]
            inner = kept[0]
            # The inner schema's own description is the generic one; the key's wins.
            merged = {**inner, **prop} if "description" in prop else {**prop, **inner}
            prop = merged
        else:
            prop["anyOf"] = kept
    if "$ref" in prop and len(prop) > 1:
        # Draft-07 ignores keys beside $ref: keep the description and default for hovers.
        prop = {"allOf": [{"$ref": prop.pop("$ref")}], **prop}
    return _tidy(prop)
