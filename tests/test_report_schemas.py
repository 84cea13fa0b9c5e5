"""Every report's JSON carries meta.schema_version and validates against `briefing schema --report`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from briefing.reports.common import SCHEMA_VERSION
from tests.helpers import REPO
from tests.report_support import world

RUNS = {
    "country": [["country", "uz"], ["country", "kz", "--since", "2030"]],
    "timeline": [["timeline"], ["timeline", "--kind", "summit"]],
    "next": [["next", "--as-of", "2019-01-01"], ["next", "--as-of", "2011-01-01", "--within", "30"]],
    "compare": [["compare", "alpha-talks", "1", "2"]],
    "series": [["series"], ["series", "alpha-talks"]],
    "search": [["search", "alpha"], ["search", "nothing-matches-this"]],
    "people": [["people"], ["people", "dilnoza"], ["people", "--as-of", "2011-01-01", "--country", "UZ"]],
    "check": [["check"]],
}


@pytest.fixture
def records(tmp_path: Path) -> Path:
    return world(tmp_path / "records")


def schema_of(invoke, name: str) -> dict:  # type: ignore[no-untyped-def]
    result = invoke("schema", "--report", name)
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    return schema


@pytest.mark.parametrize("name", RUNS)
def test_report_json_matches_its_schema(invoke, records: Path, name: str) -> None:
    validator = Draft202012Validator(schema_of(invoke, name), format_checker=Draft202012Validator.FORMAT_CHECKER)
    for args in RUNS[name]:
        result = invoke(*args, "--records", records, "-f", "json")
        assert result.exit_code == 0, result.output
        doc = json.loads(result.stdout)
        assert doc["meta"]["schema_version"] == SCHEMA_VERSION == 1
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)]
        assert errors == [], errors[:5]


@pytest.mark.parametrize("name", RUNS)
def test_the_schema_catches_a_wrong_document(invoke, records: Path, name: str) -> None:
    validator = Draft202012Validator(schema_of(invoke, name))
    doc = json.loads(invoke(*RUNS[name][0], "--records", records, "-f", "json").stdout)
    doc["meta"]["schema_version"] = 2
    assert not validator.is_valid(doc)
    del doc["meta"]
    assert not validator.is_valid(doc)


def test_dates_in_the_schema_are_the_objects_reports_write(invoke) -> None:
    schema = schema_of(invoke, "timeline")
    text = json.dumps(schema)
    assert '"display"' in text and '"precision"' in text


def test_check_json_has_meta_too(invoke, records: Path) -> None:
    doc = json.loads(invoke("check", "--records", records, "-f", "json").stdout)
    assert doc["meta"]["command"] == "briefing check -f json"  # the report's own arguments: no local path
    assert doc["meta"]["records"] == doc["meetings"] and doc["errors"] == 0


def test_bundled_records_match_too(invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    validator = Draft202012Validator(schema_of(invoke, "country"))
    doc = json.loads(invoke("country", "uzbekistan", "-f", "json").stdout)
    assert [e.message for e in validator.iter_errors(doc)] == []
    validator = Draft202012Validator(schema_of(invoke, "people"))
    for args in (["people"], ["people", "hayashi"], ["people", "--country", "TR", "--as-of", "2017-12-28"]):
        doc = json.loads(invoke(*args, "-f", "json").stdout)
        assert [e.message for e in validator.iter_errors(doc)] == [], args


def test_unknown_report_name(invoke) -> None:
    result = invoke("schema", "--report", "timelin")
    assert result.exit_code == 2
    assert "--report: 'timelin' is not one of: country, timeline, next, compare, series, search, people, check (did you mean 'timeline'?)" in result.stderr
    assert invoke("schema", "--report", "next", "--series").exit_code == 2


def test_report_names_match_the_registry() -> None:
    from briefing.cli.schema import REPORT_NAMES
    from briefing.reports.schemas import REPORTS

    assert tuple(REPORTS) == REPORT_NAMES
