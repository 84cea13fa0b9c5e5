"""The editor schema: current, valid, describing the TOML file, accepting every bundled record;
the Taplo config that points editors at it; and the pre-commit hook."""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import tomli
import yaml
from tests.helpers import CliRunner

from briefing.authoring.schema import DESCRIPTIONS, meeting_schema, person_schema, schema_text, series_schema, settings_schema
from briefing.cli import app
from briefing.loader import is_series_file

REPO = Path(__file__).resolve().parent.parent
RECORDS = REPO / "records"


def as_json(value: Any) -> Any:
    """A TOML document as an editor validates it: dates become ISO strings."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return value


def validator(schema: dict[str, Any]) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def errors(schema: dict[str, Any], toml_text: str) -> list[str]:
    return [e.message for e in validator(schema).iter_errors(as_json(tomli.loads(toml_text)))]


# -- current ---------------------------------------------------------------------------------------


def test_the_repo_schemas_are_current() -> None:
    hint = (
        "regenerate: briefing schema -o schema/meeting.schema.json --force; briefing schema --series -o "
        "schema/series.schema.json --force; briefing schema --settings -o schema/settings.schema.json --force; "
        "briefing schema --people -o schema/person.schema.json --force"
    )
    assert (REPO / "schema" / "meeting.schema.json").read_text(encoding="utf-8") == schema_text(), hint
    assert (REPO / "schema" / "series.schema.json").read_text(encoding="utf-8") == schema_text(series=True), hint
    assert (REPO / "schema" / "settings.schema.json").read_text(encoding="utf-8") == schema_text(settings=True), hint
    assert (REPO / "schema" / "person.schema.json").read_text(encoding="utf-8") == schema_text(people=True), hint


def test_schema_command_prints_them(tmp_path: Path) -> None:
    runner = CliRunner()
    meeting = runner.invoke(app, ["schema"])
    assert meeting.exit_code == 0
    assert meeting.stdout == schema_text()
    series = runner.invoke(app, ["schema", "--series"])
    assert series.exit_code == 0
    assert json.loads(series.stdout)["title"] == "briefing series file"
    out = tmp_path / "m.json"
    written = runner.invoke(app, ["schema", "-o", str(out)])
    assert written.exit_code == 0 and out.read_text(encoding="utf-8") == schema_text()
    again = runner.invoke(app, ["schema", "-o", str(out)])
    assert again.exit_code == 1 and "already exists" in again.stderr
    nested = tmp_path / "recs" / ".schema" / "meeting.schema.json"
    first = runner.invoke(app, ["schema", "-o", str(nested)])  # the folder is made
    assert first.exit_code == 0 and nested.read_text(encoding="utf-8") == schema_text()


# -- valid and complete ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "schema", [meeting_schema(), series_schema(), settings_schema(), person_schema()], ids=["meeting", "series", "settings", "person"]
)
def test_schema_is_valid_draft7_and_describes_every_key(schema: dict[str, Any]) -> None:
    jsonschema.Draft7Validator.check_schema(schema)
    objects = [schema, *schema.get("definitions", {}).values()]
    for obj in objects:
        for key, prop in obj.get("properties", {}).items():
            assert prop.get("description"), f"no description for {key}"
            assert "null" not in json.dumps(prop), f"{key}: TOML has no null"
    assert "id" not in schema["properties"] and "path" not in schema["properties"]  # the file, not the loaded record


def test_every_description_belongs_to_a_field() -> None:
    from briefing.model import (
        Commitment, CommitmentChange, Count, FolderSettings, HomeSetting, MeetingFile, Participant, Place, SeriesFile,
        Source, StatusChange,
    )
    from briefing.person import Office, PersonFile

    models = {
        m.__name__: m
        for m in (
            MeetingFile, SeriesFile, Place, Participant, Commitment, Source, Count, FolderSettings, HomeSetting,
            StatusChange, CommitmentChange, PersonFile, Office,
        )
    }

    def keys(model: Any) -> list[str]:  # as the file writes them (an alias where there is one)
        return [info.alias or name for name, info in model.model_fields.items()]

    for model_name, key in DESCRIPTIONS:
        assert key in keys(models[model_name]), (model_name, key)
    for name, model in models.items():
        for key in keys(model):
            assert (name, key) in DESCRIPTIONS, f"describe {name}.{key} in authoring/schema.py"


def test_every_bundled_record_validates() -> None:
    files = sorted(RECORDS.rglob("*.toml"))
    assert len(files) > 10
    for path in files:
        if path == RECORDS / "briefing.toml":
            schema = settings_schema()
        elif path.parent == RECORDS / "people":
            schema = person_schema()
        else:
            schema = series_schema() if is_series_file(path, RECORDS) else meeting_schema()
        found = errors(schema, path.read_text(encoding="utf-8"))
        assert found == [], (path.name, found)


# -- what it accepts and rejects -------------------------------------------------------------------

GOOD = """\
title = "Fictional talks"
date = 2024-08-09
countries = ["Türkiye", "UZ", "Japan"]
[place]
country = "Türkiye"
[[participants]]
name = "A. Person"
country = "Türkiye"
[[sources]]
title = "Invented"
"""


@pytest.mark.parametrize(
    "date", ['2024-08-09', '"2024"', '"2024-08"', '"2018-21"', '"2018-01~"', '"2018?"', '"201X"', '"2018-01-21/2018-01-31"']
)
def test_accepts_every_date_form_and_country_names(date: str) -> None:
    assert errors(meeting_schema(), GOOD.replace("2024-08-09", date, 1)) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("kind", 'kind = "sumit"\n'), "is not one of"),
        (("extra", 'titel = "x"\n'), "Additional properties are not allowed ('titel' was unexpected)"),
        (("round", 'round = "ninth"\n'), "is not of type 'integer'"),
        (("date", 'date = "next year"\n'), "is not valid under any of the given schemas"),
        (("status", 'status = "done"\n'), "is not one of"),
    ],
)
def test_rejects_what_check_rejects(change: tuple[str, str], message: str, tmp_path: Path) -> None:
    name, line = change
    text = GOOD.replace("title = \"Fictional talks\"\n", "title = \"Fictional talks\"\n" + line, 1)
    if name == "date":
        text = text.replace("date = 2024-08-09\n", "", 1)
    assert any(message in e for e in errors(meeting_schema(), text)), errors(meeting_schema(), text)
    # and `briefing check` rejects the same file
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "x.toml").write_text(text, encoding="utf-8")
    assert CliRunner().invoke(app, ["check", "--records", str(tmp_path / "r")]).exit_code == 1


def test_missing_sources_or_title_rejected() -> None:
    assert any("'sources' is a required property" in e for e in errors(meeting_schema(), 'title = "x"\ndate = 2024\n'))
    assert any("'title' is a required property" in e for e in errors(meeting_schema(), 'date = 2024\n[[sources]]\ntitle = "s"\n'))


def test_a_record_written_by_new_validates(tmp_path: Path) -> None:
    args = ["new", "--records", str(tmp_path / "r"), "--title", "Fictional", "--date", "2024-08~", "--country", "Türkiye",
            "--city", "Bursa", "--topic", "trade", "--source", "https://example.org/x", "--kind", "visit", "--as-of", "2030-01-01"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert errors(meeting_schema(), Path(result.stdout.strip()).read_text(encoding="utf-8")) == []


# -- Taplo -------------------------------------------------------------------------------------------


def test_taplo_config_points_records_at_the_schemas() -> None:
    config = tomli.loads((REPO / ".taplo.toml").read_text(encoding="utf-8"))
    rules = {r["name"]: r for r in config["rule"]}
    meeting = rules["briefing meeting records"]
    series = rules["briefing series files"]
    settings = rules["briefing folder settings"]
    people = rules["briefing person files"]
    assert meeting["include"] == ["records/**/*.toml"]
    assert meeting["exclude"] == ["records/series/**", "records/briefing.toml", "records/people/**"]
    assert series["include"] == ["records/series/*.toml"]
    assert settings["include"] == ["records/briefing.toml"]
    assert people["include"] == ["records/people/*.toml"]
    pairs = ((meeting, "meeting.schema.json"), (series, "series.schema.json"), (settings, "settings.schema.json"), (people, "person.schema.json"))
    for rule, expected in pairs:
        path = REPO / rule["schema"]["path"]
        assert path.name == expected and path.is_file()


# -- pre-commit --------------------------------------------------------------------------------------


def hook() -> dict[str, Any]:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and len(hooks) == 1
    return hooks[0]


def test_pre_commit_hook_names_a_real_command() -> None:
    h = hook()
    assert h["id"] == "briefing-check" and h["language"] == "python" and h["pass_filenames"] is False
    program, *args = shlex.split(h["entry"])
    scripts = tomli.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert program in scripts
    assert args[0] == "check"
    assert h["always_run"] is True and "files" not in h  # every commit: a deletion changes no file it would match


def test_pre_commit_hook_fails_on_a_broken_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the hook's entry as pre-commit would: at the top of the repository, with its args."""
    _, *args = shlex.split(hook()["entry"])
    monkeypatch.chdir(tmp_path)
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "ok.toml").write_text('title = "T"\ndate = "2020"\n[[sources]]\ntitle = "s"\n', encoding="utf-8")
    assert CliRunner().invoke(app, args).exit_code == 0
    (tmp_path / "records" / "bad.toml").write_text('title = "T"\ndate = 2020-02-30\n', encoding="utf-8")
    failed = CliRunner().invoke(app, args)
    assert failed.exit_code == 1
    assert "records/bad.toml" in failed.stdout
    # args in a team's config come after the entry: the last --records wins
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "ok.toml").write_text('title = "T"\ndate = "2020"\n[[sources]]\ntitle = "s"\n', encoding="utf-8")
    assert CliRunner().invoke(app, [*args, "--records", "data"]).exit_code == 0


def test_pre_commit_hook_without_records_folder_fails_loudly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Never a silent pass on the records bundled with the tool.
    _, *args = shlex.split(hook()["entry"])
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


# -- the folder's settings file ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, ok",
    [
        ('[home]\ncountry = "Japan"\n', True),
        ('[home]\norganization = "Organization of Turkic States"\n', True),
        ('[home]\ncountry = "JP"\norganization = "OTS"\n', False),  # one home side
        ("[home]\n", False),
        ('[home]\ncuntry = "JP"\n', False),
        ('home = "Japan"\n', False),  # a table per concern
    ],
)
def test_settings_schema_takes_one_home_side(text: str, ok: bool) -> None:
    assert (errors(settings_schema(), text) == []) is ok, errors(settings_schema(), text)
