"""`briefing compare SERIES ROUND_A ROUND_B` and `briefing compare ID_A ID_B`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.report_support import check_text, load_json, parse_markdown, world


@pytest.fixture
def records(tmp_path: Path) -> Path:
    return world(tmp_path / "records")


def compare_json(invoke, records: Path, *args: str) -> dict:
    result = invoke("compare", *args, "--records", records, "-f", "json")
    assert result.exit_code == 0, result.output
    return load_json(result.stdout)


@pytest.mark.parametrize("series", ["alpha-talks", "Alpha Talks", "alpha dialogue", "ÁLPHA  DIALOGUE"])
def test_series_rounds_by_id_name_or_alias(invoke, records: Path, series: str) -> None:
    doc = compare_json(invoke, records, series, "1", "2")
    assert (doc["a"]["id"], doc["b"]["id"]) == ("alpha-1", "alpha-2")
    assert (doc["series"], doc["series_name"]) == ("alpha-talks", "Alpha Talks")


def test_side_by_side(invoke, records: Path) -> None:
    doc = compare_json(invoke, records, "alpha-talks", "1", "2")
    facts = {f["label"]: (f["a"], f["b"], f["same"]) for f in doc["facts"]}
    assert facts["date"] == ("10 Mar 2010", "Mar 2012", False)
    assert facts["place"] == ("Tashkent, Uzbekistan", "Oslo, Norway", False)
    assert facts["mode"] == ("not stated", "video", False)  # never assumed in person
    assert facts["level"] == ("foreign ministers", "foreign ministers", True)
    assert [p["name"] for p in doc["b"]["heads"]] == ["Ivar Testesen", "Rustam Testov"]
    assert [p["name"] for p in doc["people"]["joined"]] == ["Kari Testesen", "Rustam Testov"]
    assert doc["people"]["left"] == []
    assert [p["name"] for p in doc["people"]["stayed"]] == ["Ivar Testesen", "Dilnoza Testova"]
    # Topics compared as normalised phrases.
    assert doc["topics"] == {
        "added": ["Energy"], "dropped": ["Trade"], "kept": [{"a": "Water management", "b": "water  management!"}], "not_recorded": [],
    }
    assert doc["b"]["outcomes"] == ["Signed a memorandum."]


def test_commitments_made_at_a_followed_to_b(invoke, records: Path) -> None:
    doc = compare_json(invoke, records, "alpha-talks", "1", "2")
    by_text = {c["text"]: (c["state"], c["note"]) for c in doc["commitments"]}
    late = (dt.date(2012, 3, 1) - dt.date(2011, 12, 31)).days  # B began 1 Mar 2012 at the earliest
    assert late == 61
    assert by_text == {
        "Open a trade office": ("overdue", "overdue by about 2 months when B began"),
        "Hold the second round": ("done", "fulfilled at B"),
        "Study visas": ("dropped", "dropped (as recorded)"),
        "Exchange students": ("open, no date", "still open at B"),
    }
    assert [c["overdue_days"] for c in doc["commitments"]] == [late, None, None, None]


def test_time_between_allows_for_partial_dates(invoke, records: Path) -> None:
    doc = compare_json(invoke, records, "alpha-talks", "1", "2")
    assert doc["gap_min_days"] == (dt.date(2012, 3, 1) - dt.date(2010, 3, 10)).days
    assert doc["gap_max_days"] == (dt.date(2012, 3, 31) - dt.date(2010, 3, 10)).days
    assert doc["gap_text"] == "about 2 years (between 722 and 752 days)"
    exact = compare_json(invoke, records, "alpha-1", "alpha-4")
    assert (exact["gap_min_days"], exact["gap_text"]) == (2183, "about 6 years")


def test_by_ids_put_in_date_order(invoke, records: Path) -> None:
    doc = compare_json(invoke, records, "alpha-4", "alpha-1")
    assert doc["swapped"] is True
    assert (doc["a"]["id"], doc["b"]["id"]) == ("alpha-1", "alpha-4")
    assert doc["series"] is None
    assert doc["topics"]["kept"] == []
    result = invoke("compare", "alpha-4", "alpha-1", "--records", records)
    assert "Given later meeting first; shown in date order" in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["alpha-talks", "1", "3"], "series 'alpha-talks' has no round 3 on record; rounds on record: 1, 2, 4, 5"),
        (["gamma", "1", "2"], "no series 'gamma'; known series: alpha-talks, beta-forum"),
        (["alpha-talks", "one", "2"], "rounds are numbers"),
        (["alpha-1", "alpha-2x"], "no record 'alpha-2x'; did you mean: alpha-2"),
        (["alpha-1", "alpha-1"], "compare two different meetings"),
        (["alpha-1"], "compare takes SERIES ROUND_A ROUND_B"),
        (["a", "b", "c", "d"], "compare takes SERIES ROUND_A ROUND_B"),
    ],
)
def test_unknown_series_round_or_record_exits_2(invoke, records: Path, args: list[str], message: str) -> None:
    result = invoke("compare", *args, "--records", records)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert result.stdout == ""


def test_text_and_markdown(invoke, records: Path) -> None:
    text = invoke("compare", "alpha-talks", "1", "2", "--records", records)
    assert text.exit_code == 0
    check_text(text.stdout)
    assert text.stdout.startswith("Alpha Talks: round 1 and round 2 compared\n")
    assert "Joined at B: Kari Testesen (Norway); Rustam Testov (Uzbekistan)" in text.stdout
    assert "Open a trade office (due 2011) — overdue by about 2 months when B began" in text.stdout
    assert "Hold the second round (due Mar 2012) — done: fulfilled at B" in text.stdout
    memo = invoke("compare", "alpha-talks", "1", "2", "--records", records, "-f", "markdown")
    tokens = parse_markdown(memo.stdout)
    h2 = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    assert h2 == ["Heads of delegation", "Topics", "Outcomes", "Commitments made at A, by B", "Time between", "Sources"]
    assert "| mode | not stated | **video** |" in memo.stdout
    assert "| Energy | added |" in memo.stdout
