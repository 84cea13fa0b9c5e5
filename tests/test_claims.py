"""Claims that hold: unknown is not absent, undated meetings apart, inferred dates marked, plans
not promises, one line for a plan and its meeting, counts the sources state, level by kind.
Small fictional records (real country codes, invented meetings and sources)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.report_support import check_text, load_json, meeting, parse_markdown, series


def run_json(invoke, *args: str) -> dict:
    result = invoke(*args, "-f", "json")
    assert result.exit_code == 0, result.output
    return load_json(result.stdout)


# -- compare: unknown is not absent ---------------------------------------------------------------


@pytest.fixture
def rounds(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    series(folder, "gamma-talks", "Gamma Talks", members=["NO", "UZ"])
    meeting(folder, "gamma-1", "First Gamma Talks", "2014-05", series="gamma-talks", round=1, countries=["NO", "UZ"])
    meeting(folder, "gamma-2", "Second Gamma Talks", "2016-09-01", series="gamma-talks", round=2, countries=["NO", "UZ"],
            participants=[{"name": "Ivar Hjemme", "country": "NO", "head_of_delegation": True}],
            topics=["water", "trade"], agenda=["climate"], caveats=["Attendance is as announced beforehand."])
    meeting(folder, "gamma-3", "Third Gamma Talks", "2018-03-03", series="gamma-talks", round=3, countries=["NO", "UZ"],
            participants=[{"name": "Ivar Hjemme", "country": "NO"}, {"name": "Dilnoza Borte", "country": "UZ"}],
            topics=["water", "energy"])
    meeting(folder, "other-talks", "Unrelated talks", "2019-01-01", countries=["NO"], topics=["water"])
    meeting(folder, "someday", "Talks of no known date", "XXXX", countries=["NO"], topics=["water"])
    return folder


def test_compare_claims_no_change_where_one_side_records_nothing(invoke, rounds: Path) -> None:
    doc = run_json(invoke, "compare", "gamma-talks", "1", "2", "--records", rounds)
    assert doc["people"] == {"joined": [], "left": [], "stayed": [], "not_recorded": ["A"]}
    assert doc["topics"] == {"added": [], "dropped": [], "kept": [], "not_recorded": ["A"]}
    assert doc["b"]["agenda"] == ["climate"]
    out = invoke("compare", "gamma-talks", "1", "2", "--records", rounds).stdout
    check_text(out)
    assert "Joined at B" not in out and "Added" not in out
    assert "Participants not recorded at A: no one can be said to have joined or left." in out
    assert "Topics not recorded at A: none can be said to have been added or dropped." in out
    assert "B, agenda announced (not reported as discussed): climate" in out
    assert "B: Attendance is as announced beforehand." in out
    # Where both record them, changes are reported as before.
    both = run_json(invoke, "compare", "gamma-talks", "2", "3", "--records", rounds)
    assert [p["name"] for p in both["people"]["joined"]] == ["Dilnoza Borte"] and both["people"]["not_recorded"] == []
    assert both["topics"]["added"] == ["energy"] and both["topics"]["dropped"] == ["trade"]


def test_compare_of_meetings_of_different_series_says_so(invoke, rounds: Path) -> None:
    doc = run_json(invoke, "compare", "gamma-3", "other-talks", "--records", rounds)
    assert doc["same_series"] is False
    out = " ".join(invoke("compare", "gamma-3", "other-talks", "--records", rounds).stdout.split())
    assert "These meetings are not of one series (A: gamma-talks; B: no series)" in out
    assert run_json(invoke, "compare", "gamma-talks", "2", "3", "--records", rounds)["same_series"] is True


def test_compare_with_an_undated_meeting_claims_no_order_or_gap(invoke, rounds: Path) -> None:
    doc = run_json(invoke, "compare", "someday", "gamma-3", "--records", rounds, "--as-of", "2020-01-01")
    assert doc["b"]["id"] == "someday" and doc["order_known"] is False
    assert doc["gap_min_days"] is None and doc["gap_max_days"] is None
    out = " ".join(invoke("compare", "someday", "gamma-3", "--records", rounds).stdout.split())
    assert "B is undated: which came first is not known." in out and "time between not known (B is undated)" in out
    assert "undated) apart" not in out


# -- undated meetings: apart in every report --------------------------------------------------------


def test_undated_meetings_are_listed_apart_and_match_no_date_window(invoke, rounds: Path) -> None:
    doc = run_json(invoke, "timeline", "--records", rounds)
    assert [m["id"] for m in doc["undated"]] == ["someday"]
    assert "someday" not in [m["id"] for m in doc["meetings"]]
    assert doc["undated"][0]["date"]["display"] == "undated" and doc["undated"][0]["date"]["earliest"] is None
    for window in (["--since", "2025"], ["--until", "2012"], ["--since", "1900", "--until", "2100"]):
        narrowed = run_json(invoke, "timeline", "--records", rounds, *window)
        assert narrowed["undated"] == [] and "someday" not in [m["id"] for m in narrowed["meetings"]], window
    out = invoke("timeline", "--records", rounds).stdout
    assert out.index("Undated (the sources give no date)") > out.index("Unrelated talks")
    memo = invoke("timeline", "--records", rounds, "-f", "markdown").stdout
    parse_markdown(memo)
    assert "## Undated" in memo
    # search: after every dated meeting
    found = run_json(invoke, "search", "water", "--records", rounds)
    assert [r["meeting"]["id"] for r in found["results"]][-1] == "someday"


def test_undated_meetings_are_never_counted_in_a_year(invoke, rounds: Path) -> None:
    doc = run_json(invoke, "country", "norway", "--records", rounds)
    assert [m["id"] for m in doc["undated"]] == ["someday"]
    assert [r["year"] for r in doc["engagement"]] == ["2014", "2016", "2018", "2019"]
    assert doc["overview"]["latest_on_record"]["meeting_id"] == "other-talks"


def test_a_planned_meeting_with_no_date_is_apart_in_next_and_series(invoke, tmp_path: Path) -> None:
    folder = tmp_path / "records"
    series(folder, "delta", "Delta Talks", members=["NO"])
    meeting(folder, "delta-1", "Delta Talks 1", "2015-01-01", series="delta", round=1, countries=["NO"])
    meeting(folder, "delta-2", "Delta Talks 2 (planned)", "XXXX", status="planned", series="delta", round=2, countries=["NO"])
    doc = run_json(invoke, "next", "--records", folder, "--as-of", "2020-01-01")
    assert [p["meeting"]["id"] for p in doc["undated"]] == ["delta-2"]
    assert doc["planned"] == [] and doc["needs_confirmation"] == []
    assert "Undated: planned, no date on record" in invoke("next", "--records", folder, "--as-of", "2020-01-01").stdout
    windowed = run_json(invoke, "next", "--records", folder, "--as-of", "2020-01-01", "--within", "30")
    assert windowed["undated"] == []
    cal = Calendar.from_ical(invoke("next", "--records", folder, "--as-of", "2020-01-01", "-f", "ics").stdout)
    assert not [c for c in cal.walk("VEVENT")]  # an undated meeting cannot be placed in a calendar
    s = run_json(invoke, "series", "delta", "--records", folder)["series"][0]
    assert [r["id"] for r in s["rounds"]] == ["delta-1"] and [r["id"] for r in s["undated"]] == ["delta-2"]


# -- inferred dates and caveats reach the reader ------------------------------------------------------


def test_an_inferred_date_shows_it_and_caveats_stand_beside_the_meeting(invoke, tmp_path: Path) -> None:
    folder = tmp_path / "records"
    meeting(folder, "epsilon", "Epsilon symposium", "2025-03-14?", date_text="last Friday", countries=["NO", "UZ"],
            caveats=["The year is worked out from the weekday; the source gives none."],
            sources=[{"title": "Undated article", "published": "2025-03-15?/2025-03-21?"}])
    for command in (["country", "uzbekistan"], ["timeline"]):
        out = invoke(*command, "--records", folder).stdout
        assert "14 Mar 2025?" in out, command
    out = " ".join(invoke("country", "uzbekistan", "--records", folder).stdout.split())
    assert "Caveat: The year is worked out from the weekday; the source gives none." in out
    assert "“Undated article”, 15–21 Mar 2025?." in out
    memo = invoke("country", "uzbekistan", "--records", folder, "-f", "markdown").stdout
    parse_markdown(memo)
    assert "- **Caveat:** The year is worked out from the weekday; the source gives none." in memo
    assert "### 14 Mar 2025?: Epsilon symposium" in memo


# -- plans are not promises; a plan and its meeting on one line -------------------------------------


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    meeting(
        folder, "zeta", "Zeta ministers' meeting", "2017-12-01", kind="foreign-ministers", countries=["NO", "TR"],
        commitments=[
            {"text": "Open a joint office", "strength": "agreed", "due": "2018-06"},
            {"text": "Hold a security dialogue", "strength": "planned", "due": "2018-01", "concerns": "zeta-security"},
            {"text": "Hold a festival", "strength": "discussed", "due": "2018-21", "concerns": "zeta-festival"},
            {"text": "Hold trade talks", "strength": "expected", "due": "2018"},
            {"text": "Exchange archives", "due": "2018-02"},
        ],
    )
    meeting(folder, "zeta-security", "First security dialogue (planned)", "2018-01", status="planned", countries=["NO", "TR"])
    meeting(folder, "zeta-festival", "Festival (planned)", "2018-21", status="planned", countries=["NO", "TR"], place={"city": "Ankara"})
    return folder


def test_only_agreed_and_planned_commitments_become_overdue(invoke, plans: Path) -> None:
    doc = run_json(invoke, "next", "--records", plans, "--as-of", "2020-01-01")
    states = {c["text"]: (c["strength"], c["state"]) for c in doc["commitments"]}
    assert states == {
        "Open a joint office": ("agreed", "overdue"),
        "Hold trade talks": ("expected", "date passed"),
        "Exchange archives": (None, "date passed"),
    }
    wide = invoke("next", "--records", plans, "--as-of", "2020-01-01", "--width", "300").stdout.splitlines()
    rows = {cells[1]: cells for cells in (re.split(r"\s{2,}", line) for line in wide) if len(cells) == 4}  # date, what, with whom, state
    assert rows["Open a joint office"][3] == "OVERDUE by about 18 months"
    assert rows["Hold trade talks"][3] == "expected; date passed about 12 months ago, nothing on record"
    out = " ".join(invoke("next", "--records", plans, "--as-of", "2020-01-01").stdout.split())
    assert "its strength is not recorded, so it is not called overdue" in out


def test_a_commitment_about_a_planned_meeting_is_listed_once(invoke, plans: Path) -> None:
    doc = run_json(invoke, "next", "--records", plans, "--as-of", "2020-01-01")
    assert "Hold a security dialogue" not in {c["text"] for c in doc["commitments"]}
    unconfirmed = {p["meeting"]["id"]: p for p in doc["needs_confirmation"]}
    assert [c["text"] for c in unconfirmed["zeta-security"]["commitments"]] == ["Hold a security dialogue"]
    assert unconfirmed["zeta-security"]["overdue"] is True  # planned, and its date has passed
    assert unconfirmed["zeta-festival"]["overdue"] is False  # only discussed
    memo = invoke("next", "--records", plans, "--as-of", "2020-01-01", "-f", "markdown").stdout
    parse_markdown(memo)
    assert [line for line in memo.splitlines() if "ecurity dialogue" in line] == [
        next(line for line in memo.splitlines() if line.startswith("| Jan 2018 | First security dialogue"))
    ]
    festival = next(line for line in memo.splitlines() if "Festival (planned)" in line)
    assert "OVERDUE" not in festival and "discussed at Zeta ministers' meeting (1 Dec 2017)" in festival
    assert "Hold a festival" not in memo
    # Ahead of its date, the plan is the meeting ahead, once.
    ahead = run_json(invoke, "next", "--records", plans, "--as-of", "2017-12-15")
    assert [p["meeting"]["id"] for p in ahead["planned"]] == ["zeta-security", "zeta-festival"]
    assert not {"Hold a security dialogue", "Hold a festival"} & {c["text"] for c in ahead["commitments"]}
    # The calendar: the meeting's event, no to-do of its own.
    cal = Calendar.from_ical(invoke("next", "--records", plans, "--as-of", "2017-12-15", "-f", "ics").stdout)
    assert not [t for t in cal.walk("VTODO") if "security" in str(t["summary"])]
    event = next(e for e in cal.walk("VEVENT") if "security" in str(e["summary"]))
    assert "Planned at: Zeta ministers' meeting (1 Dec 2017), record zeta." in str(event["description"])
    # The country note too.
    note = run_json(invoke, "country", "turkey", "--records", plans, "--as-of", "2020-01-01")
    assert "Hold a security dialogue" not in {c["text"] for c in note["commitments"]}
    assert [c["text"] for p in note["planned"] for c in p["commitments"]] == ["Hold a security dialogue", "Hold a festival"]


# -- counts the sources state; level by kind ---------------------------------------------------------


def test_a_series_with_no_rounds_on_record_shows_the_sources_count(invoke, tmp_path: Path) -> None:
    folder = tmp_path / "records"
    series(folder, "eta", "Eta Meetings", members=["NO"], counts=[{"held": 15, "as_of": "2022-12", "source": "Fictional Gazette report"}])
    series(folder, "theta", "Theta Rounds", members=["NO"], counts=[{"held": 7, "as_of": "2017-12-28", "implied": True}])
    meeting(folder, "iota", "Iota talks", "2020-01-01", countries=["NO"])
    out = " ".join(invoke("country", "norway", "--records", folder).stdout.split())
    assert "Eta Meetings (none on record; sources count 15 by Dec 2022)" in out
    assert "Theta Rounds (none on record; sources imply 7 by 28 Dec 2017)" in out
    assert "7 held as of 28 Dec 2017 (implied)" in invoke("series", "theta", "--records", folder).stdout


def test_a_visit_call_or_other_never_outranks_a_ministers_meeting_by_kind(invoke, tmp_path: Path) -> None:
    folder = tmp_path / "records"
    meeting(folder, "kappa-fm", "Kappa ministers' meeting", "2019-01-01", kind="foreign-ministers", countries=["NO", "UZ"])
    meeting(folder, "kappa-visit", "Deputy's visit", "2020-01-01", kind="visit", countries=["NO", "UZ"])
    meeting(folder, "kappa-other", "Courtesy meeting", "2020-02-01", kind="other", countries=["NO", "UZ"])
    level = run_json(invoke, "country", "uzbekistan", "--records", folder, "--home", "NO")["overview"]["highest_level"]
    assert level["kind"] == "foreign-ministers" and level["meeting_ids"] == ["kappa-fm"]
    assert level["unranked"] == ["kappa-other", "kappa-visit"]
    (folder / "kappa-fm.toml").unlink()
    level = run_json(invoke, "country", "uzbekistan", "--records", folder, "--home", "NO")["overview"]["highest_level"]
    assert level["meeting_ids"] == [] and level["label"] == "not recorded"
    out = " ".join(invoke("country", "uzbekistan", "--records", folder, "--home", "NO").stdout.split())
    assert "Highest level met: not recorded (the records do not say at what level 2 visit, call or other meetings took place)." in out


def test_a_commitment_is_done_once_the_meeting_it_concerns_is_held(invoke, plans: Path) -> None:
    (plans / "zeta-security.toml").write_text(
        (plans / "zeta-security.toml").read_text(encoding="utf-8").replace('status = "planned"', 'status = "held"').replace(
            'date = "2018-01"', 'date = "2018-01-25"'
        ),
        encoding="utf-8",
    )
    after = run_json(invoke, "next", "--records", plans, "--as-of", "2020-01-01")
    assert "Hold a security dialogue" not in {c["text"] for c in after["commitments"]}  # not overdue: held
    assert "zeta-security" not in [p["meeting"]["id"] for p in after["needs_confirmation"]]
    before = run_json(invoke, "next", "--records", plans, "--as-of", "2018-01-20")
    assert [c["state"] for c in before["commitments"] if c["text"] == "Hold a security dialogue"] == ["open"]
    note = run_json(invoke, "country", "turkey", "--records", plans, "--as-of", "2020-01-01")
    done = [c for c in note["commitments"] if c["text"] == "Hold a security dialogue"]
    assert [(c["state"], c["note"]) for c in done] == [("done", "done: First security dialogue (planned) was held (25 Jan 2018)")]
