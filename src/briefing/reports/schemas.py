"""The JSON Schema of each report's JSON output (`briefing schema --report NAME`), from its model.

The schema describes what `-f json` writes (pydantic's serialization schema: dates as the objects
reports write, not the strings records hold), so a tool can check what it reads, or generate
types from it. `meta.schema_version` is fixed to the version this schema describes.
"""

from __future__ import annotations

import json
from importlib import import_module

from briefing.reports.common import SCHEMA_VERSION

DRAFT = "https://json-schema.org/draft/2020-12/schema"

# report name → (module, model class), imported only when asked for.
REPORTS: dict[str, tuple[str, str]] = {
    "country": ("briefing.reports.country", "CountryReport"),
    "timeline": ("briefing.reports.timeline", "TimelineReport"),
    "next": ("briefing.reports.next", "NextReport"),
    "compare": ("briefing.reports.compare", "CompareReport"),
    "series": ("briefing.reports.series", "SeriesReport"),
    "search": ("briefing.reports.search", "SearchReport"),
    "people": ("briefing.reports.people", "PeopleReport"),
    "check": ("briefing.reports.check", "CheckReport"),
}


def report_schema(name: str) -> dict[str, object]:
    """The JSON Schema of report `name`'s JSON (a name of REPORTS)."""
    module, cls = REPORTS[name]
    model = getattr(import_module(module), cls)
    schema = model.model_json_schema(mode="serialization")
    _every_field_required(schema)  # a report writes every field, null or empty when it has no value
    meta = schema["$defs"]["ReportMeta"]["properties"]
    meta["schema_version"] = {"const": SCHEMA_VERSION, "description": "The version of this schema."}
    return {
        "$schema": DRAFT,
        "title": f"briefing {name} -f json, schema version {SCHEMA_VERSION}",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def _every_field_required(node: object) -> None:
    if isinstance(node, dict):
        if node.get("type") == "object" and isinstance(node.get("properties"), dict):
            node["required"] = list(node["properties"])
        for value in node.values():
            _every_field_required(value)
    elif isinstance(node, list):
        for value in node:
            _every_field_required(value)


def report_schema_text(name: str) -> str:
    return json.dumps(report_schema(name), ensure_ascii=False, indent=2) + "\n"
