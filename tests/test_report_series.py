"""`briefing series [NAME]`: the series, their rounds on record and their rhythm."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.report_support import check_text, load_json, parse_markdown, series, world


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = world(tmp_path / "records")
    series(folder, "zeta", "Zeta Round Table", dialogue="Another Dialogue",
           counts=[{"held": 3, "as_of": "2015-06", "source": "Fictional Gazette report"}])
    return folder


def series_json(invoke, records: Path, *args: str) -> dict:
    result = invoke("series", *args, "--records", records, "-f", "json", "--as-of", "2020-01-01")
    assert result.exit_code == 0, result.output
    return load_json(result.stdout)


def test_all_series_with_rounds_and_rhythm(invoke, records: Path) -> None:
    doc = series_json(invoke, records)
    assert doc["full"] is False
    # By dialogue, then name; series of no dialogue last.
    assert [s["id"] for s in doc["series"]] == ["zeta", "alpha-talks", "beta-forum"]
    alpha = doc["series"][1]
    assert [(r["round"], r["date"]["display"], r["place_text"], r["status"]) for r in alpha["rounds"]] == [
        (1, "10 Mar 2010", "Tashkent, Uzbekistan", "held"),
        (2, "Mar 2012", "Oslo, Norway", "held"),
        (4, "1 Mar 2016", "", "held"),
        (5, "spring 2019", "Samarkand, Uzbekistan", "planned"),
    ]
    assert alpha["held"] == 3
    assert alpha["cadence"]["interval_days"] == 730
    assert alpha["cadence"]["next_due"]["display"] == "c. Mar 2018"
    assert doc["series"][2]["rounds"] == [] and doc["series"][2]["cadence"] is None
    assert doc["series"][0]["counts"][0]["held"] == 3


@pytest.mark.parametrize("name", ["alpha-talks", "alpha talks", "Álpha Dialogue", "alpha dialogue"])
def test_one_series_in_full_by_id_name_or_alias(invoke, records: Path, name: str) -> None:
    doc = series_json(invoke, records, name)
    assert doc["full"] is True
    [alpha] = doc["series"]
    assert alpha["id"] == "alpha-talks"
    assert alpha["aliases"] == ["Álpha Dialogue"]
    assert alpha["members"] == ["UZ", "NO"]


def test_unknown_series_exits_2_listing_what_exists(invoke, records: Path) -> None:
    result = invoke("series", "gamma", "--records", records)
    assert result.exit_code == 2
    assert "no series 'gamma'; known series: alpha-talks, beta-forum, zeta" in result.stderr


def test_since_until_narrow_the_rounds(invoke, records: Path) -> None:
    doc = series_json(invoke, records, "alpha-talks", "--since", "2012-03-31", "--until", "2016")
    assert [r["round"] for r in doc["series"][0]["rounds"]] == [2, 4]


def test_text_and_markdown(invoke, records: Path) -> None:
    text = invoke("series", "--records", records, "--as-of", "2020-01-01")
    assert text.exit_code == 0
    check_text(text.stdout)
    assert "Alpha Talks  (alpha-talks)" in text.stdout
    flowing = " ".join(text.stdout.split())
    assert (
        "Usually about 2 years per round; round 4 was 1 Mar 2016, so on that rhythm round 5 fell due c. Mar 2018 "
        "(an estimate from the 3 held rounds on record: 1, 2 and 4). No later held round is on record."
    ) in flowing
    assert "No rhythm: fewer than two held, numbered rounds on record." in text.stdout
    full = invoke("series", "alpha", "--records", records)
    assert full.exit_code == 2  # "alpha" is neither an id, a name nor an alias
    memo = invoke("series", "--records", records, "-f", "markdown", "--as-of", "2020-01-01")
    tokens = parse_markdown(memo.stdout)
    h2 = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    assert h2 == ["Zeta Round Table", "Alpha Talks", "Beta Forum", "Sources"]
    assert "| 4 | 1 Mar 2016 | — | held | alpha-4 |" in memo.stdout
    assert "Counted by sources: 3 held as of Jun 2015 (“Fictional Gazette report”)." in memo.stdout


def test_no_series_is_calm(invoke, tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    result = invoke("series", "--records", folder)
    assert result.exit_code == 0
    assert "No series on record" in result.stdout
