"""One person everywhere, levels as who met whom, and `briefing people`. Fictional people and
meetings between real countries (Norway at home, Uzbekistan the counterpart)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_people_registry import office, person_file
from tests.report_support import check_text, load_json, meeting, parse_markdown


def norway(**more: Any) -> dict[str, Any]:
    return {"name": "Ivar Hjemme", "role": "Foreign Minister", "country": "NO", **more}


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    person_file(folder, "dilnoza-borte", "Dilnoza Borte", names=["BORTE Dilnoza", "Дильноза Борте"], country="UZ", offices=[
        office("Deputy Foreign Minister", country="UZ", level="deputy-minister", attested=["2016-02-02"]),
        office("Foreign Minister", country="UZ", level="minister", attested=["2018-03-03"]),
    ])
    person_file(folder, "aziz-borte", "Aziz Borte", country="UZ", offices=[
        office("President", country="UZ", level="head-of-state", **{"from": "2017-01", "until": "2021-12"}),
    ])
    person_file(folder, "sekretar", "Sekretar Unionsen", organization="Fictional Union", offices=[
        office("Secretary General", organization="Fictional Union", level="senior-official"),
    ])
    meeting(folder, "fm-2015", "Ministers' talks", "2015-05-10", kind="foreign-ministers", countries=["NO", "UZ"],
            participants=[norway(head_of_delegation=True), {"name": "Borte, Dilnoza", "country": "UZ"}])
    meeting(folder, "call-2016", "Deputy's call on the Secretary General", "2016-02-02", kind="visit", countries=["NO", "UZ"],
            organizations=["Fictional Union"],
            participants=[{"name": "Ola Nestleder", "role": "Deputy Minister", "level": "deputy-minister", "country": "NO"},
                          {"name": "Sekretar Unionsen", "organization": "Fictional Union"},
                          {"name": "Dilnoza Borte", "country": "UZ"}])
    meeting(folder, "call-2018", "Minister's call on the President", "2018-03-03", kind="call", countries=["NO", "UZ"],
            participants=[norway(), {"person": "aziz-borte", "role": "President", "country": "UZ"},
                          {"name": "BORTE Dilnoza", "country": "UZ"}])
    meeting(folder, "amb-2019", "Ambassadors' meeting", "2019-09-09", kind="ambassadors", countries=["NO", "UZ"],
            participants=[norway(), {"office": "Ambassador of Uzbekistan in Oslo", "level": "ambassador", "country": "UZ"}])
    meeting(folder, "expert-2020", "Experts' talks", "2020-04", kind="expert", countries=["NO", "UZ"])
    meeting(folder, "fm-2022", "Ministers' talks again", "2022-06-01", kind="foreign-ministers", countries=["NO", "UZ"],
            participants=[norway(), {"name": "Dilnoza Borte", "country": "UZ"}])
    return folder


def run_json(invoke, *args: Any) -> dict:
    result = invoke(*args, "-f", "json")
    assert result.exit_code == 0, result.output
    return load_json(result.stdout)


def country(invoke, records: Path, *more: str) -> dict:
    return run_json(invoke, "country", "uzbekistan", "--records", records, "--home", "NO", "--as-of", "2023-01-01", *more)


# -- one person everywhere ---------------------------------------------------------------------------


def test_one_person_however_the_records_write_the_name(invoke, records: Path) -> None:
    doc = country(invoke, records)
    met = {p["name"]: p for p in doc["people"]}
    assert set(met) == {"Dilnoza Borte", "Aziz Borte", None}  # None: the ambassador, named by office only
    assert met["Dilnoza Borte"]["person"] == "dilnoza-borte"
    assert met["Dilnoza Borte"]["meeting_ids"] == ["fm-2022", "call-2018", "call-2016", "fm-2015"]
    assert [p["office"] for p in doc["people"] if p["name"] is None] == ["Ambassador of Uzbekistan in Oslo"]
    compare = run_json(invoke, "compare", "fm-2015", "fm-2022", "--records", records, "--home", "NO")
    assert compare["people"]["joined"] == [] and compare["people"]["left"] == []
    assert sorted(p["name"] for p in compare["people"]["stayed"]) == ["Dilnoza Borte", "Ivar Hjemme"]


def test_without_a_person_file_a_name_in_either_order_is_one_person(invoke, records: Path) -> None:
    for name in ("dilnoza-borte", "aziz-borte", "sekretar"):
        (records / "people" / f"{name}.toml").unlink()
    doc = country(invoke, records)
    names = [(p["name"], len(p["meeting_ids"])) for p in doc["people"] if p["name"] and "Borte" in p["name"]]
    assert names == [("Dilnoza Borte", 4)]  # once, as the newest meeting writes it
    compare = run_json(invoke, "compare", "fm-2015", "fm-2022", "--records", records)
    assert compare["people"]["joined"] == [] and compare["people"]["left"] == []


def test_search_finds_a_person_by_any_spelling_of_their_file(invoke, records: Path) -> None:
    out = run_json(invoke, "search", "Дильноза", "--records", records)
    assert [r["meeting"]["id"] for r in out["results"]] == ["fm-2022", "call-2018", "call-2016", "fm-2015"]
    hit = [h for r in out["results"] if r["meeting"]["id"] == "fm-2022" for h in r["hits"]]
    assert hit[0]["field"] == "participants[1].person" and "Дильноза Борте" in hit[0]["snippet"]
    # a participant given by id only is found by the name in the file
    assert [r["meeting"]["id"] for r in run_json(invoke, "search", "Aziz", "--records", records)["results"]] == ["call-2018"]


# -- levels: who met whom ------------------------------------------------------------------------------


def test_highest_level_is_who_met_whom(invoke, records: Path) -> None:
    level = country(invoke, records)["overview"]["highest_level"]
    assert (level["level"], level["by"], level["meeting_ids"]) == ("head-of-state", "people", ["call-2018"])
    [met] = level["met"]
    assert [s["name"] for s in met["theirs"]] == ["Aziz Borte"] and [s["name"] for s in met["ours"]] == ["Ivar Hjemme"]
    out = " ".join(invoke("country", "uzbekistan", "--records", records, "--home", "NO", "--as-of", "2023-01-01").stdout.split())
    assert (
        "Highest level met: head of state — Ivar Hjemme (Foreign Minister) met Aziz Borte (President), 3 Mar 2018 "
        "(Minister's call on the President)." in out
    )


def test_a_level_comes_from_the_person_file_only_where_it_shows_the_office_that_day(invoke, records: Path) -> None:
    doc = country(invoke, records, "--until", "2017-12-31")
    level = doc["overview"]["highest_level"]
    # 2016: Dilnoza Borte, Deputy Foreign Minister attested on the day of the call: it ranks as deputy minister,
    # under the 2015 ministers' meeting, whose level is its kind alone (her level that day is not on record).
    assert (level["kind"], level["by"], level["meeting_ids"]) == ("foreign-ministers", "kind", ["fm-2015"])
    years = {row["year"]: row["highest_level"] for row in doc["engagement"]}
    assert (years["2016"]["level"], years["2016"]["by"]) == ("deputy-minister", "people")
    assert years["2015"]["label"] == "foreign ministers" and years["2015"]["by"] == "kind"


def test_a_deputy_ministers_call_on_a_secretary_general_does_not_outrank_a_ministers_meeting(invoke, records: Path) -> None:
    doc = run_json(invoke, "country", "uzbekistan", "--records", records, "--home", "NO", "--until", "2016-12-31")
    level = doc["overview"]["highest_level"]
    assert level["meeting_ids"] == ["fm-2015"] and level["kind"] == "foreign-ministers"


def test_the_fallback_to_kind_says_so_and_unknown_is_not_lower(invoke, records: Path) -> None:
    doc = country(invoke, records, "--since", "2019")
    assert doc["overview"]["highest_level"]["by"] == "kind" and doc["overview"]["highest_level"]["meeting_ids"] == ["fm-2022"]
    years = {row["year"]: row["highest_level"] for row in doc["engagement"]}
    assert years["2019"]["level"] == "ambassador" and years["2019"]["by"] == "people"
    assert years["2020"]["level"] is None and years["2020"]["label"] == "expert meeting"  # names no level
    # 2020 names no level: the trend passes over it (unknown is not lower).
    assert doc["level_trend"] == {"direction": "higher", "year": "2022", "label": "foreign ministers",
                                  "previous_year": "2019", "previous_label": "ambassador"}


def test_level_of_contact_by_year_as_a_chart_and_a_table(invoke, records: Path) -> None:
    text = invoke("country", "uzbekistan", "--records", records, "--home", "NO", "--as-of", "2023-01-01")
    check_text(text.stdout)
    chart = text.stdout.split("Level of contact by year\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert chart[0].startswith("2015  ▒▒▒▒▒▒    foreign ministers (by kind of meeting)")
    assert chart[1].startswith("2016  █████     deputy minister: Ola Nestleder met Dilnoza Borte")
    assert chart[2].startswith("2018  ████████  head of state: Ivar Hjemme met Aziz Borte (President)")
    assert chart[3].startswith("2019  ███       ambassador: Ivar Hjemme met the Ambassador of Uzbekistan in Oslo")
    assert chart[4].strip() == "(name not recorded)"
    assert chart[5].startswith("2020  ·         level not recorded (expert meeting)")
    assert "Level of contact: higher in 2022 (foreign ministers) than in 2019 (ambassador)." in text.stdout
    memo = invoke("country", "uzbekistan", "--records", records, "--home", "NO", "--as-of", "2023-01-01", "-f", "markdown").stdout
    parse_markdown(memo)
    table = memo.split("## Level of contact by year\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert table[0] == "| Year | Highest level met | Known by | Who met whom, or the meeting |"
    assert table[4].startswith("| 2018 | head of state | who met whom | Ivar Hjemme (Foreign Minister) met Aziz Borte (President), 3 Mar 2018")


# -- briefing people -----------------------------------------------------------------------------------


def test_people_lists_who_held_which_office_on_a_day(invoke, records: Path) -> None:
    doc = run_json(invoke, "people", "--records", records, "--home", "NO", "--country", "UZ", "--as-of", "2018-03-03")
    people = {p["name"]: p for p in doc["people"]}
    assert set(people) == {"Aziz Borte", "Dilnoza Borte"}
    assert [(o["title"], o["standing"]) for o in people["Dilnoza Borte"]["current"]] == [
        ("Deputy Foreign Minister", "attested"), ("Foreign Minister", "attested")]
    assert [(o["title"], o["standing"]) for o in people["Aziz Borte"]["current"]] == [("President", "in term")]
    assert people["Aziz Borte"]["last_met"]["meeting_id"] == "call-2018"


def test_as_of_never_shows_an_office_attested_only_after_that_day(invoke, records: Path) -> None:
    doc = run_json(invoke, "people", "dilnoza", "--records", records, "--home", "NO", "--as-of", "2018-03-02")
    [p] = doc["people"]
    assert [o["title"] for o in p["offices"]] == ["Deputy Foreign Minister"]
    assert [m["meeting"]["id"] for m in p["meetings"]] == ["call-2016", "fm-2015"]
    # Held later (hers: 3 Mar 2018, 2022): not yet on record that day, so not even counted as to come.
    assert (p["later"], doc["meta"]["later"]) == (0, 4)  # and two more meetings, not hers
    listed = run_json(invoke, "people", "--records", records, "--as-of", "2016-01-01")
    # Met by then, no office attested yet; Ivar Hjemme has no person file. Aziz Borte (from 2017)
    # and the Secretary General (no date) have nothing dated by then; Ola Nestleder, met only in
    # 2016, is not yet on record at all.
    assert [(p["name"], p["current"]) for p in listed["people"]] == [("Ivar Hjemme", []), ("Dilnoza Borte", [])]
    assert listed["hidden"] == 2
    text = invoke("people", "--records", records, "--as-of", "2016-01-01", "--country", "UZ").stdout
    assert "Foreign Minister" not in text and "no office on record by then" in text


def test_people_name_shows_one_person_with_sources_and_meetings(invoke, records: Path) -> None:
    result = invoke("people", "borte dil", "--records", records, "--home", "NO", "--as-of", "2023-01-01")
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    check_text(result.stdout)
    assert result.stdout.startswith("Person: Dilnoza Borte\n")
    assert "• Deputy Foreign Minister, Uzbekistan (deputy minister) — attested 2 Feb 2016; no term on record [1]" in out
    assert "Last met by Norway: 1 Jun 2022 (Ministers' talks again)." in out
    assert "1 Jun 2022: Ministers' talks again — held, as “Dilnoza Borte”" in out
    assert "[1] “Fictional Gazette report”" in out
    memo = invoke("people", "dilnoza-borte", "--records", records, "--home", "NO", "-f", "markdown").stdout
    headings = [t.content for i, t in enumerate(parse_markdown(memo)) if i and parse_markdown(memo)[i - 1].type == "heading_open"]
    assert headings[:3] == ["Person: Dilnoza Borte", "Offices, as far as the records attest", "Meetings on record, newest first"]


def test_people_name_fitting_several_lists_them_and_no_one_is_a_usage_error(invoke, records: Path) -> None:
    doc = run_json(invoke, "people", "borte", "--records", records)
    assert [p["name"] for p in doc["people"]] == ["Aziz Borte", "Dilnoza Borte"]
    result = invoke("people", "Dilnoza Bortee", "--records", records)
    assert result.exit_code == 2 and "did you mean Dilnoza Borte?" in result.stderr and result.stdout == ""
    # A name meetings use without a person file is still someone on record.
    doc = run_json(invoke, "people", "nestleder", "--records", records)
    assert [(p["id"], p["name"], len(p["meetings"])) for p in doc["people"]] == [(None, "Ola Nestleder", 1)]


def test_completion_offers_person_ids_and_names(records: Path) -> None:
    from briefing.cli import complete

    class Ctx:
        params = {"records": str(records)}

    offered = [v for v, _ in complete.people(Ctx(), "")]
    assert {"dilnoza-borte", "Dilnoza Borte", "BORTE Dilnoza", "Дильноза Борте", "aziz-borte"} <= set(offered)
    # Any word first (a name matches in any order), offered as typed, like countries.
    assert [v for v, _ in complete.people(Ctx(), "borte")] == ["borte Aziz", "borte Dilnoza"]
    assert [v for v, _ in complete.people(Ctx(), "Borte D")] == ["Borte Dilnoza"]
    assert [v for v, _ in complete.people(Ctx(), "Дил")] == ["Дильноза Борте"]


def test_new_offers_the_people_on_record(invoke, records: Path) -> None:
    args = ["new", "--records", records, "--title", "Fictional talks", "--date", "2022-07-01", "--country", "UZ",
            "--source", "Invented", "--as-of", "2023-01-01"]
    result = invoke(*args, "--participant", "borte dilnoza, Foreign Minister, Uzbekistan", "--participant", "Aziz Bort, President, UZ")
    assert result.exit_code == 0, result.output
    written = (records.parent / result.stdout.strip()).read_text(encoding="utf-8") if not Path(result.stdout.strip()).is_absolute() else Path(result.stdout.strip()).read_text(encoding="utf-8")
    assert 'person = "dilnoza-borte"' in written
    assert "participant 'borte dilnoza' is" in result.stderr and "dilnoza-borte.toml (Dilnoza Borte)" in result.stderr
    assert "participant 'Aziz Bort' is in no person file; close to it: Aziz Borte (aziz-borte)" in result.stderr
