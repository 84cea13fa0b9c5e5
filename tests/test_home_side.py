"""The home side: whose briefing it is (--home, or [home] in the folder's briefing.toml), and what
`country` counts from it. Fictional meetings between real countries (Norway at home)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.report_support import check_text, load_json, meeting, parse_markdown

NORWAY = {"name": "Ivar Hjemme", "role": "Minister", "country": "NO", "head_of_delegation": True}
DILNOZA = {"name": "Dilnoza Borte", "role": "Minister", "country": "UZ", "head_of_delegation": True}


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    meeting(folder, "nu-1", "Norway-Uzbekistan ministers' talks", "2015-05-10", kind="foreign-ministers", countries=["NO", "UZ"],
            participants=[NORWAY, DILNOZA, {"name": "Kari Tredje", "country": "KZ"}], topics=["water", "trade"])
    meeting(folder, "nu-2", "Minister's call on the President", "2018-03", kind="call", countries=["NO", "UZ"],
            participants=[NORWAY, {"name": "Aziz Borte", "role": "President", "country": "UZ"}], topics=["trade"])
    meeting(folder, "uz-kz-summit", "Uzbekistan-Kazakhstan summit", "2017", kind="summit", countries=["UZ", "KZ"],
            participants=[{"name": "Aziz Borte", "role": "President", "country": "UZ"}], topics=["water"])
    meeting(folder, "nu-undated", "Experts' talks", "XXXX", kind="expert", countries=["NO", "UZ"], topics=["water"])
    meeting(folder, "nu-4", "Business dialogue", "2019-06-14?", kind="business", countries=["NO", "UZ"])
    meeting(folder, "union-talks", "Talks at the Fictional Union", "2016-02-02", kind="other", countries=["UZ"],
            organizations=["Fictional Union"], participants=[{"name": "Secretary Unionsen", "organization": "Fictional Union"}])
    return folder


def country(invoke, records: Path, *args: str) -> dict:
    result = invoke("country", "uzbekistan", "--records", records, "-f", "json", "--as-of", "2020-01-01", *args)
    assert result.exit_code == 0, result.output
    return load_json(result.stdout)


def test_only_meetings_with_the_home_side_count(invoke, records: Path) -> None:
    doc = country(invoke, records, "--home", "Norway")
    assert doc["meta"]["home"] == {"country": "NO", "organization": None, "name": "Norway", "set_by": "--home"}
    o = doc["overview"]
    assert (o["meetings"], o["held"], o["undated"], o["context"]) == (4, 4, 1, 2)
    # The summit without Norway is context: not the highest level, not in any year, not first or latest.
    assert o["highest_level"]["kind"] == "foreign-ministers" and o["highest_level"]["meeting_ids"] == ["nu-1"]
    assert o["highest_level"]["unranked"] == ["nu-2"]  # a call: its kind does not say at what level
    assert [r["year"] for r in doc["engagement"]] == ["2015", "2018", "2019"]
    assert o["first_on_record"]["meeting_id"] == "nu-1" and o["latest_on_record"]["meeting_id"] == "nu-4"
    assert [m["id"] for m in doc["meetings"]] == ["nu-4", "nu-2", "nu-1"]
    assert [m["id"] for m in doc["undated"]] == ["nu-undated"]
    assert [m["id"] for m in doc["context"]] == ["uz-kz-summit", "union-talks"]
    assert all(m["with_home"] is False for m in doc["context"]) and all(m["with_home"] for m in doc["meetings"])
    # Recurring topics from the meetings that count only (the summit's "water" is not counted).
    recurring = {t["topic"]: t["meeting_ids"] for t in doc["recurring_topics"]}
    assert recurring == {"trade": ["nu-2", "nu-1"], "water": ["nu-1", "nu-undated"]}


def test_people_met_are_the_counterparts_and_our_side_is_apart(invoke, records: Path) -> None:
    doc = country(invoke, records, "--home", "NO")
    assert [(p["name"], p["meeting_ids"]) for p in doc["people"]] == [("Aziz Borte", ["nu-2"]), ("Dilnoza Borte", ["nu-1"])]
    assert [(p["name"], p["meeting_ids"]) for p in doc["home_people"]] == [("Ivar Hjemme", ["nu-2", "nu-1"])]
    # A third side's person (Kazakhstan at a Norway-Uzbekistan meeting) is neither.
    assert "Kari Tredje" not in str(doc["people"]) + str(doc["home_people"])


def test_people_are_met_only_at_meetings_held(invoke, records: Path) -> None:
    meeting(records, "nu-planned", "Planned talks", "2021-05", status="planned", countries=["NO", "UZ"],
            participants=[{"name": "Zafar Kommende", "country": "UZ"}, NORWAY])
    doc = country(invoke, records, "--home", "NO")
    assert "Zafar Kommende" not in {p["name"] for p in doc["people"]}
    assert [p["meeting_ids"] for p in doc["home_people"]] == [["nu-2", "nu-1"]]


def test_without_a_home_side_every_meeting_counts_and_the_report_says_so(invoke, records: Path) -> None:
    doc = country(invoke, records, "--home", "none")
    assert doc["meta"]["home"] is None
    o = doc["overview"]
    assert (o["meetings"], o["context"]) == (6, 0)
    assert o["highest_level"]["kind"] == "summit"
    assert doc["home_people"] == [] and "Ivar Hjemme" in {p["name"] for p in doc["people"]}
    text = invoke("country", "uzbekistan", "--records", records, "--as-of", "2020-01-01")
    assert text.exit_code == 0 and text.stdout.splitlines()[1].endswith("· no home side set")
    memo = invoke("country", "uzbekistan", "--records", records, "--as-of", "2020-01-01", "-f", "markdown")
    assert "No home side set (briefing.toml or --home)" in memo.stdout


def test_the_note_in_words(invoke, records: Path) -> None:
    result = invoke("country", "uzbekistan", "--records", records, "--as-of", "2020-01-01", "--home", "norway")
    assert result.exit_code == 0, result.output
    out = result.stdout
    check_text(out)
    flowing = " ".join(out.split())
    assert "as of 2020-01-01 · 6 meeting records · home side: Norway" in out
    assert "Uzbekistan and Norway took part together in 4 meetings on record (4 held, 1 of them undated)." in flowing
    assert "2 more meetings involve Uzbekistan without Norway: listed apart, not counted." in flowing
    assert "First meeting on record: Norway-Uzbekistan ministers' talks (10 May 2015)" in flowing
    assert "latest on record: Business dialogue (14 Jun 2019?)" in flowing
    assert (
        "Highest level met: foreign ministers, by the kind of meeting (no participant's level is recorded): "
        "Norway-Uzbekistan ministers' talks, 10 May 2015; the records do not say at what level 1 visit, call or other meeting took place."
    ) in flowing
    assert "first contact" not in flowing.casefold()
    sections = [line for line in out.splitlines() if line and not line.startswith((" ", "•", "["))]
    assert sections.index("Undated") < sections.index("Without Norway (context, not counted)") < sections.index("People met")
    assert "Norway's own people at these meetings" in sections
    memo = invoke("country", "uzbekistan", "--records", records, "--as-of", "2020-01-01", "--home", "norway", "-f", "markdown")
    parse_markdown(memo.stdout)
    assert "## Without Norway (context, not counted)" in memo.stdout and "## Undated" in memo.stdout


def test_country_on_the_home_side_itself_is_a_usage_error(invoke, records: Path) -> None:
    result = invoke("country", "norway", "--records", records, "--home", "NO")
    assert result.exit_code == 2 and result.stdout == ""
    assert "Norway is the home side (from --home)" in result.stderr and "--home none" in result.stderr
    assert invoke("country", "norway", "--records", records, "--home", "none").exit_code == 0


def test_an_organization_can_be_the_home_side(invoke, records: Path) -> None:
    doc = country(invoke, records, "--home", "fictional union")
    assert doc["meta"]["home"]["organization"] == "Fictional Union" and doc["meta"]["home"]["name"] == "Fictional Union"
    assert [m["id"] for m in doc["meetings"]] == ["union-talks"]
    assert [p["name"] for p in doc["home_people"]] == ["Secretary Unionsen"]


@pytest.mark.parametrize(
    "home, fragment",
    [
        ("Fictonal Unoin", "did you mean Fictional Union?"),
        ("Norwey", "did you mean Norway?"),
        ("Atlantis", "neither a country nor an organization the records name"),
    ],
)
def test_an_unknown_home_side_is_a_usage_error(invoke, records: Path, home: str, fragment: str) -> None:
    for command in (["country", "uzbekistan"], ["timeline"], ["next"], ["series"], ["search", "water"]):
        result = invoke(*command, "--records", records, "--home", home)
        assert result.exit_code == 2, (command, result.output)
        assert fragment in result.stderr and result.stdout == ""


def test_every_report_takes_home_and_says_whose_it_is(invoke, records: Path) -> None:
    for command in (["timeline"], ["next"], ["series"], ["search", "water"], ["compare", "nu-1", "nu-2"]):
        result = invoke(*command, "--records", records, "--home", "Norway", "-f", "json")
        assert result.exit_code == 0, (command, result.output)
        assert load_json(result.stdout)["meta"]["home"]["name"] == "Norway"
        text = invoke(*command, "--records", records, "--home", "Norway")
        assert "· home side: Norway" in text.stdout.splitlines()[1] or "· home side: Norway" in text.stdout.splitlines()[2]


def test_timeline_marks_meetings_without_the_home_side(invoke, records: Path) -> None:
    out = invoke("timeline", "--records", records, "--home", "Norway", "--width", "140").stdout
    summit = out[out.index("Uzbekistan-Kazakhstan summit"):].split("\n\n")[0]
    assert summit.splitlines()[1].endswith("without Norway")  # under its state (held)
    talks = out[out.index("Norway-Uzbekistan ministers' talks"):].split("\n\n")[0]
    assert "without" not in talks
    assert "without" not in invoke("timeline", "--records", records).stdout  # no home side: no such claim


# -- the folder's settings file: briefing.toml --------------------------------------------------------


def test_the_folder_names_its_home_side_and_home_overrides_it(invoke, records: Path) -> None:
    (records / "briefing.toml").write_text('# whose briefings\n[home]\ncountry = "Norway"\n', encoding="utf-8")
    doc = country(invoke, records)
    assert doc["meta"]["home"] == {"country": "NO", "organization": None, "name": "Norway", "set_by": "briefing.toml"}
    assert doc["meta"]["records"] == 6  # the settings file is not a meeting
    assert country(invoke, records, "--home", "Kazakhstan")["meta"]["home"]["name"] == "Kazakhstan"
    assert country(invoke, records, "--home", "none")["meta"]["home"] is None
    check = invoke("check", "--records", records)
    assert check.exit_code == 0 and "6 meeting(s)" in check.stdout
    # The settings are part of the data a report came from: changing them changes the digest.
    before = doc["meta"]["digest"]
    (records / "briefing.toml").write_text('[home]\ncountry = "Uzbekistan"\n', encoding="utf-8")
    assert country(invoke, records, "--home", "NO")["meta"]["digest"] != before


@pytest.mark.parametrize(
    "text, expected",
    [
        ('[home]\ncountry = "Norwey"\n', "briefing.toml:2: home.country: unknown country 'Norwey' (did you mean Norway?)"),
        ('[home]\ncountry = "NO"\norganization = "Union"\n', "briefing.toml:1: home: give either country or organization (one home side)"),
        ('[home]\ncuntry = "NO"\n', "briefing.toml:2: home.cuntry: unknown field (did you mean 'country'?)"),
        ('home = "Norway"\n', "briefing.toml:1: home: expected a table"),
        ("[home\n", "briefing.toml:1: TOML syntax"),
    ],
)
def test_a_broken_settings_file_is_a_problem_with_its_line(invoke, records: Path, text: str, expected: str) -> None:
    (records / "briefing.toml").write_text(text, encoding="utf-8")
    check = invoke("check", "--records", records)
    assert check.exit_code == 1
    assert any(line.endswith(expected) or expected in line for line in check.output.splitlines()), check.output
    # A report still runs, without a home side, and says why on stderr.
    report = invoke("country", "uzbekistan", "--records", records, "-f", "json")
    assert report.exit_code == 0 and load_json(report.stdout)["meta"]["home"] is None
    assert "briefing.toml" in report.stderr
    assert invoke("country", "uzbekistan", "--records", records, "--strict").exit_code == 1


def test_only_the_top_of_the_folder_holds_settings(invoke, records: Path) -> None:
    (records / "sub").mkdir()
    (records / "sub" / "briefing.toml").write_text('title = "A meeting named briefing"\ndate = 2020\n', encoding="utf-8")
    check = invoke("check", "--records", records)
    assert check.exit_code == 1 and "sub/briefing.toml" in check.output  # a record there, and a bad one


def test_meetings_held_on_one_date_are_named_together(invoke, tmp_path: Path) -> None:
    folder = tmp_path / "records"
    meeting(folder, "same-a", "Ministers' talks", "2017-12-28", kind="foreign-ministers", countries=["NO", "TR"])
    meeting(folder, "same-b", "Call on the President", "2017-12-28", kind="visit", countries=["NO", "TR"])
    doc = load_json(invoke("country", "turkey", "--records", folder, "--home", "NO", "-f", "json").stdout)
    assert doc["overview"]["latest_on_record"]["same_date"] == ["same-a"] or doc["overview"]["latest_on_record"]["same_date"] == ["same-b"]
    out = " ".join(invoke("country", "turkey", "--records", folder, "--home", "NO").stdout.split())
    assert "The meetings held on record are all of one date: Ministers' talks and Call on the President (28 Dec 2017)." in out
