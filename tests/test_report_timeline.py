"""`briefing timeline`: order, filters (partial dates match by overlap), formats."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.cli.filters import KINDS, STATUSES
from briefing.model import Kind, Status
from tests.report_support import check_text, load_json, meeting, parse_markdown, world


@pytest.fixture
def records(tmp_path: Path) -> Path:
    return world(tmp_path / "records")


def ids(invoke, records: Path, *args: str) -> list[str]:
    result = invoke("timeline", "--records", records, "-f", "json", *args)
    assert result.exit_code == 0, result.output
    return [m["id"] for m in load_json(result.stdout)["meetings"]]


def test_every_meeting_in_order_of_earliest_date(invoke, records: Path) -> None:
    meeting(records, "vague", "Talks some time in 2012", "2012", countries=["UZ"])
    assert ids(invoke, records) == [
        "alpha-1", "vague", "alpha-2", "tricky", "tr-visit", "kz-uz-summit", "alpha-4", "alpha-5",
    ]


@pytest.mark.parametrize(
    "args, expected",
    [
        # A partial date matches by overlap: --since 2012-03-31 keeps a meeting dated "2012-03".
        (["--since", "2012-03-31"], ["alpha-2", "tricky", "tr-visit", "kz-uz-summit", "alpha-4", "alpha-5"]),
        (["--since", "2012-04"], ["tricky", "tr-visit", "kz-uz-summit", "alpha-4", "alpha-5"]),
        (["--until", "2012-03-01"], ["alpha-1", "alpha-2"]),
        (["--until", "2012-02"], ["alpha-1"]),
        (["--since", "2015", "--until", "2015"], ["kz-uz-summit"]),
        (["--since", "2019-05-31"], ["alpha-5"]),  # spring 2019 runs to the end of May
        (["--since", "2019-06"], []),
    ],
)
def test_since_and_until_match_partial_dates_by_overlap(invoke, records: Path, args: list[str], expected: list[str]) -> None:
    assert ids(invoke, records, *args) == expected


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--country", "kazakhstan"], ["kz-uz-summit"]),
        (["-c", "KZ", "-c", "türkiye"], ["tr-visit", "kz-uz-summit"]),
        (["--series", "alpha dialogue"], ["alpha-1", "alpha-2", "alpha-4", "alpha-5"]),  # an alias, accent dropped
        (["--series", "ALPHA-TALKS", "--status", "planned"], ["alpha-5"]),
        (["--kind", "summit", "--kind", "call"], ["tricky", "kz-uz-summit"]),
        (["--topic", "WATER"], ["alpha-1", "alpha-2"]),
        (["--topic", "energy", "--since", "2013"], ["alpha-4"]),
    ],
)
def test_filters(invoke, records: Path, args: list[str], expected: list[str]) -> None:
    assert ids(invoke, records, *args) == expected


@pytest.mark.parametrize(
    "args, message",
    [
        (["--series", "gamma"], "no series 'gamma'; known series: alpha-talks, beta-forum"),
        (["--country", "Narnia"], "unknown country 'Narnia'"),
        (["--kind", "party"], "'party' is not one of: summit,"),
        (["--status", "done"], "'done' is not one of: held, planned, postponed, cancelled"),
        (["--since", "2017-13"], "--since: '2017-13': there is no month 13"),
        (["--since", "2018", "--until", "2017"], "--until 2017 is before --since 2018"),
        (["-f", "ics"], "'timeline' cannot be written as ics"),
        (["--topic", " ! "], "--topic: give a word or two to look for"),
    ],
)
def test_bad_options_exit_2(invoke, records: Path, args: list[str], message: str) -> None:
    result = invoke("timeline", "--records", records, *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert result.stdout == ""


def test_kind_and_status_choices_are_the_models() -> None:
    assert KINDS == tuple(k.value for k in Kind)
    assert STATUSES == tuple(s.value for s in Status)


def test_text_shows_dates_as_written(invoke, records: Path) -> None:
    meeting(records, "approx", "Talks of about May 2011", "2011-05~", countries=["UZ"], date_text="around May")
    result = invoke("timeline", "--records", records, "--width", "140")
    assert result.exit_code == 0
    out = result.stdout
    check_text(out, 140)
    assert out.startswith("Timeline\nas of ")
    assert "8 of 8 meetings" in out
    for shown in ("10 Mar 2010", "c. May 2011", "Mar 2012", "spring 2019", "Jun 2014", "2015"):
        assert shown in out
    assert "date in the source: “around May”" in out
    assert "2015-01-01" not in out and "2012-03-01" not in out  # never more precise than written
    assert "[bold]Not markup[/bold] | <b>pipe</b> & *stars*" in out


def test_empty_result_is_calm(invoke, records: Path) -> None:
    for fmt, phrase in (("text", "No meeting on record matches."), ("markdown", "No meeting on record matches.")):
        result = invoke("timeline", "--records", records, "--since", "2030", "-f", fmt)
        assert result.exit_code == 0
        assert phrase in result.stdout


def test_markdown_table_and_references(invoke, records: Path) -> None:
    result = invoke("timeline", "--records", records, "-f", "markdown", "--country", "UZ", "--as-of", "2020-01-01")
    assert result.exit_code == 0
    out = result.stdout
    tokens = parse_markdown(out)
    assert "7 of 7 meetings (involving Uzbekistan), oldest first" in out
    rows = sum(1 for t in tokens if t.type == "tr_open")
    assert rows == 1 + 7
    assert "| 10 Mar 2010 | First Alpha Talks \\[1\\] |" in out


def test_json_carries_the_filter_and_dates_with_precision(invoke, records: Path) -> None:
    result = invoke("timeline", "--records", records, "-f", "json", "--since", "2019", "--as-of", "2020-01-01")
    doc = load_json(result.stdout)
    assert doc["filter"]["since"] == "2019-01-01"
    assert doc["total"] == 7
    [m] = doc["meetings"]
    assert m["date"]["text"] == "2019-21" and m["date"]["precision"] == "season"
    assert (m["date"]["earliest"], m["date"]["latest"]) == ("2019-03-01", "2019-05-31")
    assert m["status"] == "planned"
