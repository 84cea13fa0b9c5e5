"""The people registry: person files in people/, matching a participant to a person, what an office
attests on a day, and what `check` says. Fictional people between real countries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from briefing.dates import parse_date
from briefing.loader import load
from briefing.model import Level, Participant
from briefing.person import Office, Person, Registry, Standing, name_key
from tests.helpers import write
from tests.report_support import SOURCE, meeting, write_record

TODAY = dt.date(2030, 1, 1)


def person_file(folder: Path, person_id: str, name: str, **fields: Any) -> Path:
    data: dict[str, Any] = {"name": name, **fields}
    if "offices" not in data:
        data.setdefault("sources", [SOURCE])
    return write_record(folder / "people", person_id, data)


def office(title: str, **fields: Any) -> dict[str, Any]:
    return {"title": title, "sources": [SOURCE], **fields}


def person(person_id: str, name: str, **fields: Any) -> Person:
    return Person.model_validate({"id": person_id, "path": f"people/{person_id}.toml", "name": name, "sources": [SOURCE], **fields})


# -- matching by name ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    ["Sakura Hoshino", "HOSHINO Sakura", "Hoshino Sakura", "hoshino, sakura", "Hōshino Sakura", "Sakura  Hoshino."],
)
def test_a_name_matches_whatever_its_case_accents_punctuation_and_order(written: str) -> None:
    registry = Registry([person("sakura-hoshino", "Sakura Hoshino", country="JP")])
    found = registry.find(Participant(name=written, country="JP"))
    assert found is not None and found.id == "sakura-hoshino"


def test_any_spelling_in_names_matches_and_nothing_else_does() -> None:
    registry = Registry([person("mert-yildiz", "Mert Yıldız", names=["YILDIZ", "Mert Yildiz", "メルト"], country="TR")])
    for written in ("Mert Yildiz", "MERT YILDIZ", "Yildiz", "yıldız", "メルト"):
        assert registry.find(Participant(name=written)) is not None, written
    for written in ("Mert", "Mert Yildizov", "Yildiz Mert Can"):
        assert registry.find(Participant(name=written)) is None, written


def test_person_names_the_file_and_wins_over_the_name() -> None:
    registry = Registry([person("a", "Alpha Person"), person("b", "Beta Person")])
    assert registry.find(Participant(name="Alpha Person", person="b")).id == "b"  # type: ignore[union-attr]
    assert registry.find(Participant(person="nobody")) is None


def test_a_name_two_people_share_is_told_apart_by_country_or_matched_to_no_one() -> None:
    registry = Registry([person("ali-no", "Ali Vale", country="NO"), person("ali-uz", "Ali Vale", country="UZ")])
    assert registry.find(Participant(name="Ali Vale", country="UZ")).id == "ali-uz"  # type: ignore[union-attr]
    assert registry.find(Participant(name="Ali Vale")) is None
    assert len(registry.candidates("Vale Ali")) == 2


def test_one_identity_for_one_person() -> None:
    registry = Registry([person("sakura-hoshino", "Sakura Hoshino", country="JP")])
    same = {registry.identity(p) for p in (Participant(name="Hoshino Sakura"), Participant(person="sakura-hoshino"), Participant(name="SAKURA HOSHINO"))}
    assert same == {"person:sakura-hoshino"}
    # Not on record: the name still matches itself in any order, and nothing else.
    assert registry.identity(Participant(name="Ola Nord", country="NO")) == registry.identity(Participant(name="Nord, Ola", country="NO"))
    assert registry.identity(Participant(name="Ola Nord")) != registry.identity(Participant(name="Ola Nordmann"))
    assert name_key("Çavuşoğlu, Mevlüt") == name_key("mevlut cavusoglu")


def test_lookup_by_id_spelling_or_the_start_of_its_words() -> None:
    registry = Registry([person("sakura-hoshino", "Sakura Hoshino"), person("haru-hoshi", "Haru Hoshi")])
    assert [p.id for p in registry.lookup("sakura-hoshino")] == ["sakura-hoshino"]
    assert [p.id for p in registry.lookup("hoshino")] == ["sakura-hoshino"]
    assert [p.id for p in registry.lookup("hosh")] == ["sakura-hoshino", "haru-hoshi"]
    assert registry.lookup("nobody") == ()


# -- offices: terms and attested days --------------------------------------------------------------


def make_office(**fields: Any) -> Office:
    return Office.model_validate({"title": "Minister", "sources": [SOURCE], **fields})


def test_an_attested_day_is_never_stretched_into_a_term() -> None:
    o = make_office(attested=["2017-12-28"], level="minister")
    assert o.standing(dt.date(2017, 12, 27)) is Standing.not_yet  # attested only after that day
    assert o.standing(dt.date(2017, 12, 28)) is Standing.attested
    assert o.standing(dt.date(2019, 1, 1)) is Standing.attested  # last attested then: not "in term"
    assert o.attested_by(dt.date(2017, 12, 27)) == ()
    assert o.held_on(parse_date("2017-12-28")) and not o.held_on(parse_date("2017-12-29"))
    assert not o.held_on(parse_date("2017-12"))  # a meeting some day in December: not shown held that day


def test_a_month_attested_does_not_count_before_the_month_is_over() -> None:
    o = make_office(attested=["2022-12"])
    assert o.standing(dt.date(2022, 12, 15)) is Standing.not_yet
    assert o.standing(dt.date(2022, 12, 31)) is Standing.attested


def test_a_term_a_source_gives() -> None:
    o = make_office(**{"from": "2020-05", "until": "2023"})
    assert o.standing(dt.date(2020, 5, 1)) is Standing.not_yet  # May 2020 may not have come yet
    assert o.standing(dt.date(2021, 6, 1)) is Standing.in_term
    assert o.standing(dt.date(2023, 6, 1)) is Standing.ending
    assert o.standing(dt.date(2024, 1, 1)) is Standing.ended
    assert o.held_on(parse_date("2021-03-04")) and not o.held_on(parse_date("2023-02-01"))
    since = make_office(**{"from": "2020"})
    assert since.standing(dt.date(2025, 1, 1)) is Standing.since
    assert not since.held_on(parse_date("2025-01-01"))  # no end on record: not shown held


def test_an_office_of_the_day_gives_a_participant_its_level() -> None:
    p = person("sakura-hoshino", "Sakura Hoshino", offices=[
        {"title": "Deputy Minister", "level": "deputy-minister", "attested": ["2019-04-01"], "sources": [SOURCE]},
        {"title": "Minister", "level": "minister", "from": "2020-01-01", "until": "2021-12-31", "sources": [SOURCE]},
    ])
    registry = Registry([p])
    who = Participant(name="Hoshino Sakura")
    assert registry.level_of(who, parse_date("2019-04-01")) is Level.deputy_minister
    assert registry.level_of(who, parse_date("2020-06")) is Level.minister
    assert registry.level_of(who, parse_date("2019-05-01")) is None  # nothing shows an office that day
    assert registry.level_of(Participant(name="Hoshino Sakura", level="official"), parse_date("2020-06")) is Level.official


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"from": "2021", "until": "2019"}, "until (2019) is before from (2021)"),
        ({"from": "2021", "attested": ["2020-05-05"]}, "attested 5 May 2020 is before from (2021)"),
        ({"until": "2019", "attested": ["2020-05-05"]}, "attested 5 May 2020 is after until (2019)"),
        ({"attested": ["XXXX"]}, "an attested date must be a date"),
    ],
)
def test_office_dates_that_contradict_each_other_are_refused(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        make_office(**fields)


def test_a_participant_needs_a_name_a_person_an_office_or_a_role() -> None:
    assert Participant(office="Foreign Minister of Kazakhstan", country="KZ", level="minister").name is None
    with pytest.raises(ValueError, match="give the participant's name, person"):
        Participant(country="KZ")


# -- the folder --------------------------------------------------------------------------------------


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    person_file(folder, "sakura-hoshino", "Sakura Hoshino", names=["HOSHINO Sakura"], country="JP",
                offices=[office("Minister for Foreign Affairs", country="JP", level="minister", attested=["2021-05-05"])])
    person_file(folder, "ali-no", "Ali Vale", country="NO")
    person_file(folder, "ali-uz", "Ali Vale", country="UZ")
    write(folder, "m-1.toml", """
        title = "Fictional talks"
        date = 2021-05-05
        countries = ["JP", "UZ"]
        [[participants]]
        name = "HOSHINO Sakura"
        country = "JP"
        [[participants]]
        name = "Ali Vale"
        [[participants]]
        person = "sakura-hosino"
        [[participants]]
        office = "Ambassador of Uzbekistan"
        country = "UZ"
        level = "ambassador"
        [[sources]]
        title = "A fictional source"
    """)
    return folder


def test_person_files_load_beside_the_meetings_and_are_not_meetings(records: Path) -> None:
    result = load(records, TODAY)
    assert sorted(p.id for p in result.people) == ["ali-no", "ali-uz", "sakura-hoshino"]
    assert [m.id for m in result.meetings] == ["m-1"] and result.count == 1
    assert result.registry.get("sakura-hoshino").offices[0].level is Level.minister  # type: ignore[union-attr]


def test_check_says_where_a_person_points_nowhere_and_warns_where_a_name_fits_two(invoke, records: Path) -> None:
    result = invoke("check", "--records", records)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(ln.endswith("m-1.toml:10: participants[2].person: no person 'sakura-hosino' (did you mean 'sakura-hoshino'?)") for ln in lines), lines
    assert any("m-1.toml:8: warning: participants[1].name: 'Ali Vale' fits 2 people (ali-no, ali-uz)" in ln for ln in lines), lines
    assert lines[-1].startswith("problems found: 4 file(s), 4 record(s) loaded (1 meeting(s), 0 series, 3 people); 1 error(s), 1 warning(s)")


def test_a_broken_person_file_is_a_problem_with_its_line_and_the_rest_keeps_working(invoke, records: Path) -> None:
    (records / "people" / "broken.toml").write_text('name = "Broken"\n[[offices]]\ntitle = "X"\nlevel = "minster"\n[[offices.sources]]\ntitle = "S"\n', encoding="utf-8")
    (records / "people" / "nameless.toml").write_text('names = ["N"]\n[[sources]]\ntitle = "S"\n', encoding="utf-8")
    (records / "people" / "unsourced.toml").write_text('name = "No Source"\n', encoding="utf-8")
    meeting(records, "m-3", "Fictional talks with the broken", "2021-06-06", countries=["UZ"], participants=[{"person": "broken"}])
    result = invoke("check", "--records", records)
    assert result.exit_code == 1 and "Traceback" not in result.output
    out = result.stdout
    assert "broken.toml:4: offices[0].level: not one of the allowed values" in out and "did you mean 'minister'?" in out
    assert "nameless.toml: name: required field is missing" in out or "nameless.toml:1: name: required field is missing" in out
    assert "unsourced.toml:1: cite where the person is named" in out
    assert "no person 'broken'" not in out  # a participant naming the broken file: its own problems say it
    result = load(records, TODAY)
    assert result.registry.get("sakura-hoshino") is not None
    assert sorted(Path(p).name for p in result.skipped) == ["broken.toml", "nameless.toml", "unsourced.toml"]
    memo = invoke("country", "UZ", "--records", records, "-f", "markdown").stdout
    assert "**Incomplete:** 3 record files failed to load" in memo


def test_a_people_folder_deeper_down_holds_meetings(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    meeting(folder / "archive" / "people", "m-2", "Fictional talks", "2021")
    assert [m.id for m in load(folder, TODAY).meetings] == ["m-2"]


def test_participants_without_a_name_go_through_every_report(invoke, records: Path) -> None:
    (records / "people" / "ali-uz.toml").unlink()  # the name is now one person's
    meeting(records, "m-2", "Fictional talks again", "2022-02-02", countries=["JP", "UZ"],
            participants=[{"person": "sakura-hoshino", "country": "JP"}, {"office": "Foreign Minister of Uzbekistan", "country": "UZ"}])
    (records / "m-1.toml").write_text((records / "m-1.toml").read_text(encoding="utf-8").replace("sakura-hosino", "sakura-hoshino"), encoding="utf-8")
    assert invoke("check", "--records", records).exit_code == 0
    for args in (("show", "m-2"), ("show", "m-1", "-f", "markdown"), ("country", "UZ", "--home", "JP"), ("compare", "m-1", "m-2"),
                 ("compare", "m-1", "m-2", "-f", "markdown"), ("timeline", "-f", "json"), ("search", "Uzbekistan"), ("next",)):
        result = invoke(*args, "--records", records)
        assert result.exit_code == 0 and "Traceback" not in result.output, (args, result.output)
    shown = invoke("show", "m-1", "--records", records).stdout
    assert "name not recorded, Ambassador of Uzbekistan, level: ambassador, Uzbekistan" in shown
