"""`briefing next`: planned, overdue, needs confirmation, series rhythm, --within, --country."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO
from tests.report_support import check_text, load_json, meeting, parse_markdown, world


@pytest.fixture
def records(tmp_path: Path) -> Path:
    return world(tmp_path / "records")


def next_json(invoke, records: Path, *args: str) -> dict:
    result = invoke("next", "--records", records, "-f", "json", *args)
    assert result.exit_code == 0, result.output
    return load_json(result.stdout)


def planned_ids(doc: dict, key: str = "planned") -> list[str]:
    return [p["meeting"]["id"] for p in doc[key]]


def commitment_states(doc: dict) -> dict[str, str]:
    return {c["text"]: c["state"] for c in doc["commitments"]}


def test_what_comes_next(invoke, records: Path) -> None:
    doc = next_json(invoke, records, "--as-of", "2019-01-01")
    assert planned_ids(doc) == ["alpha-5"]
    assert doc["planned"][0]["days_until"] == (dt.date(2019, 3, 1) - dt.date(2019, 1, 1)).days
    assert planned_ids(doc, "needs_confirmation") == ["tr-visit"]
    # Done (fulfilled by a held round) and dropped commitments are not "next".
    assert commitment_states(doc) == {
        "Open a trade office": "overdue",
        "Draft an energy plan": "overdue",
        "Exchange students": "open, no date",
    }
    # Longest overdue first.
    assert [c["text"] for c in doc["commitments"]][:2] == ["Open a trade office", "Draft an energy plan"]
    trade = doc["commitments"][0]
    assert trade["overdue_days"] == (dt.date(2019, 1, 1) - dt.date(2011, 12, 31)).days
    assert trade["note"] == "overdue by about 7 years"
    assert (trade["meeting_id"], trade["index"]) == ("alpha-1", 0)


def test_series_rhythm_is_the_median_interval_per_round(invoke, records: Path) -> None:
    # Rounds 1 (10 Mar 2010), 2 (Mar 2012, midpoint 16 Mar) and 4 (1 Mar 2016); round 3 is missing.
    gaps = [(dt.date(2012, 3, 16) - dt.date(2010, 3, 10)).days / 1, (dt.date(2016, 3, 1) - dt.date(2012, 3, 16)).days / 2]
    assert gaps == [737, 723]
    doc = next_json(invoke, records, "--as-of", "2017-01-01")
    [rhythm] = doc["cadence"]
    assert rhythm["series"] == "alpha-talks"
    assert rhythm["interval_days"] == 730
    assert rhythm["rounds"] == [1, 2, 4]
    assert (rhythm["latest_round"], rhythm["next_round"]) == (4, 5)
    assert rhythm["next_due"]["text"] == "2018-03~"  # 1 Mar 2016 + 730 days, shown as a month, approximate
    assert rhythm["next_due"]["display"] == "c. Mar 2018"
    assert rhythm["state"] == "ahead"
    assert rhythm["planned"] == ["alpha-5"]
    assert rhythm["note"] == "an estimate from the 3 held rounds on record: 1, 2 and 4"
    later = next_json(invoke, records, "--as-of", "2018-04-01")
    assert later["cadence"][0]["state"] == "past"


def test_rhythm_only_from_rounds_held_by_the_day(invoke, records: Path) -> None:
    # As of 2013 only rounds 1 and 2 had been held: one gap of 737 days.
    doc = next_json(invoke, records, "--as-of", "2013-01-01")
    [rhythm] = doc["cadence"]
    assert (rhythm["rounds"], rhythm["interval_days"]) == ([1, 2], 737)
    assert rhythm["next_due"]["text"] == "2014-03~/2014-04~"  # Mar 2012 + 737 days spans two months
    assert next_json(invoke, records, "--as-of", "2012-03-30")["cadence"] == []  # round 2 not surely held yet


def test_as_of_leaves_out_what_was_not_yet_on_record(invoke, records: Path) -> None:
    # tr-visit's only source was published on 1 Feb 2014.
    assert "tr-visit" not in planned_ids(next_json(invoke, records, "--as-of", "2014-01-31"))
    assert "tr-visit" in planned_ids(next_json(invoke, records, "--as-of", "2014-02-01"))
    # Commitments made at a meeting that had not begun are not listed.
    early = next_json(invoke, records, "--as-of", "2011-01-01")
    assert "Draft an energy plan" not in commitment_states(early)
    assert commitment_states(early)["Open a trade office"] == "open"


def test_a_held_round_or_a_done_commitment_confirms_a_planned_meeting(invoke, records: Path) -> None:
    meeting(records, "alpha-5-held", "Fifth Alpha Talks", "2019-04-10", series="alpha-talks", round=5,
            countries=["UZ", "NO"])
    meeting(records, "gamma", "Gamma talks (planned)", "2013-01", status="planned", countries=["UZ"])
    meeting(records, "delta", "Delta talks", "2013-06-01", countries=["UZ"],
            commitments=[{"text": "Hold gamma talks", "status": "done", "fulfilled_by": "gamma"}])
    before = next_json(invoke, records, "--as-of", "2013-05-01")
    assert "gamma" in planned_ids(before, "needs_confirmation")
    after = next_json(invoke, records, "--as-of", "2019-06-01")
    unconfirmed = planned_ids(after, "needs_confirmation")
    assert "alpha-5" not in unconfirmed and "gamma" not in unconfirmed
    assert "tr-visit" in unconfirmed
    assert after["cadence"][0]["latest_round"] == 5


def test_within_narrows_to_what_opens_soon(invoke, records: Path) -> None:
    # alpha-5 opens on 1 Mar 2019, 59 days after 1 Jan 2019.
    assert planned_ids(next_json(invoke, records, "--as-of", "2019-01-01", "--within", "58")) == []
    doc = next_json(invoke, records, "--as-of", "2019-01-01", "--within", "59")
    assert planned_ids(doc) == ["alpha-5"]
    assert doc["horizon"] == "2019-03-01"
    # Overdue items stay; undated commitments cannot be placed in the window and are counted.
    assert commitment_states(doc) == {"Open a trade office": "overdue", "Draft an energy plan": "overdue"}
    assert doc["undated_left_out"] == 1
    assert planned_ids(doc, "needs_confirmation") == ["tr-visit"]


def test_country_narrows(invoke, records: Path) -> None:
    norway = next_json(invoke, records, "--as-of", "2019-01-01", "--country", "norway")
    assert [c["code"] for c in norway["countries"]] == ["NO"]
    assert planned_ids(norway, "needs_confirmation") == []
    assert "Exchange students" in commitment_states(norway)
    assert [c["series"] for c in norway["cadence"]] == ["alpha-talks"]
    turkey = next_json(invoke, records, "--as-of", "2019-01-01", "-c", "Türkiye")
    assert planned_ids(turkey, "needs_confirmation") == ["tr-visit"]
    assert turkey["commitments"] == [] and turkey["cadence"] == []


def test_text_markdown_and_empty(invoke, records: Path) -> None:
    text = invoke("next", "--records", records, "--as-of", "2019-01-01")
    assert text.exit_code == 0
    check_text(text.stdout)
    assert text.stdout.startswith("What comes next\nas of 2019-01-01 · 7 meeting records · no home side set\n")
    overdue = next(line for line in text.stdout.splitlines() if "Open a trade office" in line)
    assert overdue.split()[-3:] == ["OVERDUE", "by", "about"]  # a row: date, what, with whom, state
    assert "Needs confirmation: date passed, no record that it was held" in text.stdout
    assert "round 5 fell due c. Mar 2018" in text.stdout
    memo = invoke("next", "--records", records, "--as-of", "2019-01-01", "-f", "markdown")
    tokens = parse_markdown(memo.stdout)
    h2 = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    assert h2 == ["Planned meetings ahead", "Open commitments", "Needs confirmation", "Series rhythm", "Sources"]
    assert "| **overdue by about 7 years** |" in memo.stdout
    empty = invoke("next", "--records", records, "--as-of", "2019-01-01", "-c", "Peru")
    assert empty.exit_code == 0
    assert "Nothing on record is planned, open or due (involving Peru)." in empty.stdout


def test_bad_within_exits_2(invoke, records: Path) -> None:
    result = invoke("next", "--records", records, "--within", "-3")
    assert result.exit_code == 2


def test_bundled_records(invoke) -> None:
    """The issue's examples, on the records that ship with the tool (read only)."""
    doc = next_json(invoke, REPO / "records", "--as-of", "2018-01-01")
    titles = [p["meeting"]["title"] for p in doc["planned"]]
    assert any("Japan-Turkey Security Dialogue" in t for t in titles)
    assert any("Japan-Turkey EPA" in t for t in titles)
    assert not any("Summit" in t for t in titles)  # not yet on record in 2018
    doc = next_json(invoke, REPO / "records", "--as-of", "2024-08-01")
    [summit] = [p for p in doc["planned"] if "Summit" in p["meeting"]["title"]]
    assert summit["meeting"]["place_text"].startswith("Astana")
    assert summit["state"] == "due now"
    unconfirmed = [p["meeting"]["title"] for p in doc["needs_confirmation"]]
    assert any("Japan-Turkey Security Dialogue" in t for t in unconfirmed)


def test_json_piped_from_a_real_process(records: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "briefing", "next", "--records", str(records), "-f", "json", "--as-of", "2019-01-01"],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert b"\x1b" not in run.stdout
    doc = json.loads(run.stdout.decode("utf-8"))
    assert doc["meta"]["as_of"] == "2019-01-01"
    assert doc["meta"]["command"] == "briefing next -f json --as-of 2019-01-01"  # the report's own arguments
    assert [p["meeting"]["id"] for p in doc["planned"]] == ["alpha-5"]


def test_since_until_apply_to_planned_dates_and_due_windows(invoke, records: Path) -> None:
    doc = next_json(invoke, records, "--as-of", "2019-01-01", "--since", "2012-06", "--until", "2019-03")
    assert planned_ids(doc) == ["alpha-5"]  # spring 2019 overlaps March 2019
    assert planned_ids(doc, "needs_confirmation") == ["tr-visit"]  # June 2014
    assert commitment_states(doc) == {"Draft an energy plan": "overdue"}  # due 15 Jun 2012; 2011 is before
    assert doc["undated_left_out"] == 1
    assert planned_ids(next_json(invoke, records, "--as-of", "2019-01-01", "--since", "2019-06")) == []
