"""Every report made as of a day reads the records as they stood then (`reports.as_of`).

Fictional Lakes Dialogue records, kept up with the tool's own commands: round 4 planned for March
2030 and marked held on 14 March; round 5 recorded held on 10 September 2030 with no history (a
record not yet made in March); a forum held some time in "2030"; a plan known only from a source
of November 2030; a commitment done on 1 September 2030. Read as of 1 March 2030, no report shows
what came after: not `timeline`, `series`, `country`, `compare`, `search` or `export`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import write

DAY = "2030-03-01"
TODAY = "2031-01-01"

SERIES = """\
name = "Fictional Lakes Dialogue"
members = ["NO", "IS"]

[[counts]]
held = 3
as_of = "2029-06"

[[counts]]
held = 5
as_of = 2030-09-10

[[sources]]
title = "Invented for tests"
"""


def record(title: str, date: str, extra: str = "", source: str = 'title = "Invented for tests"') -> str:
    return f'title = "{title}"\ndate = {date}\ncountries = ["NO", "IS"]\n{extra}\n[[sources]]\n{source}\n'


@pytest.fixture()
def folder(tmp_path: Path, invoke) -> Path:  # type: ignore[no-untyped-def]
    root = tmp_path / "recs"
    write(root, "series/lakes.toml", SERIES)
    write(root, "2027-06-01-lakes-2.toml", record("Lakes round 2", "2027-06-01", 'series = "lakes"\nround = 2\nkind = "foreign-ministers"'))
    write(root, "2029-06-02-lakes-3.toml", record(
        "Lakes round 3", "2029-06-02",
        'series = "lakes"\nround = 3\nkind = "foreign-ministers"\n\n[[commitments]]\ntext = "Publish a joint lakes report"\n'
        'strength = "agreed"\ndue = "2031"\n',
    ))
    write(root, "2030-03-lakes-4.toml", record(
        "Lakes round 4", '"2030-03"', 'status = "planned"\nseries = "lakes"\nround = 4\nkind = "foreign-ministers"',
        source='title = "Invented plan"\npublished = 2029-06-02',
    ))
    write(root, "2030-09-10-lakes-5.toml", record("Lakes round 5", "2030-09-10", 'series = "lakes"\nround = 5\nkind = "foreign-ministers"'))
    write(root, "2030-fjord-forum.toml", record("Fjord Forum, some time in 2030", '"2030"', 'kind = "forum"'))
    write(root, "2031-05-glacier-talks.toml", record(
        "Glacier talks (planned)", '"2031-05"', 'status = "planned"\nkind = "expert"',
        source='title = "Invented later article"\npublished = 2030-11-01',
    ))
    for args in (
        ("held", "2030-03-lakes-4", "--date", "2030-03-14", "--as-of", "2030-03-20"),
        ("done", "2029-06-02-lakes-3", "1", "--on", "2030-09-01", "--as-of", TODAY),
    ):
        result = invoke(*args, "--records", root)
        assert result.exit_code == 0, result.output
    return root


@pytest.fixture()
def run(invoke, folder: Path):  # type: ignore[no-untyped-def]
    def go(*args: str, as_of: str = DAY, code: int = 0):  # type: ignore[no-untyped-def]
        result = invoke(*args, "--records", folder, "--as-of", as_of)
        assert result.exit_code == code, result.output
        return result

    return go


def as_json(run, *args: str, as_of: str = DAY) -> dict:  # type: ignore[no-untyped-def, type-arg]
    return json.loads(run(*args, "-f", "json", as_of=as_of).stdout)


def test_the_timeline_shows_no_meeting_held_after_the_day(run) -> None:
    doc = as_json(run, "timeline")
    shown = {m["id"]: (m["status"], m["date"]["text"]) for m in doc["meetings"]}
    assert shown == {
        "2027-06-01-lakes-2": ("held", "2027-06-01"),
        "2029-06-02-lakes-3": ("held", "2029-06-02"),
        "2030-03-lakes-4": ("planned", "2030-03"),  # held on the 14th: planned, as its history says it was
        "2030-fjord-forum": ("held", "2030"),  # may have been held by then: kept, as next and country keep it
    }
    # Round 5 (held in September, no earlier history) and a plan known only from November: not yet
    # on record; the report says how many it left out.
    assert (doc["meta"]["records"], doc["meta"]["later"], doc["total"]) == (4, 2, 4)
    text = run("timeline").stdout
    assert "4 meeting records · 2 later left out" in text and "round 5" not in text
    memo = run("timeline", "-f", "markdown").stdout
    assert "Left out: 2 records made after that day." in memo
    now = as_json(run, "timeline", as_of=TODAY)
    assert now["meta"]["later"] == 0 and len(now["meetings"]) == 6
    assert "later left out" not in run("timeline", as_of=TODAY).stdout


def test_series_rounds_and_counts_are_those_on_record_on_the_day(run) -> None:
    [lakes] = as_json(run, "series", "lakes")["series"]
    assert [(r["round"], r["status"]) for r in lakes["rounds"]] == [(2, "held"), (3, "held"), (4, "planned")]
    assert lakes["held"] == 2
    assert [c["held"] for c in lakes["counts"]] == [3]  # the count as of September 2030 came later
    assert lakes["cadence"]["rounds"] == [2, 3]
    text = run("series", "lakes").stdout
    assert "10 Sep 2030" not in text and "5 held" not in text
    [later] = as_json(run, "series", "lakes", as_of=TODAY)["series"]
    assert [(r["round"], r["status"]) for r in later["rounds"]][-2:] == [(4, "held"), (5, "held")]
    assert [c["held"] for c in later["counts"]] == [3, 5]


def test_country_counts_only_what_had_happened(run) -> None:
    doc = as_json(run, "country", "iceland")
    assert [m["id"] for m in doc["meetings"]] == ["2030-03-lakes-4", "2030-fjord-forum", "2029-06-02-lakes-3", "2027-06-01-lakes-2"]
    assert doc["overview"]["latest_on_record"]["meeting_id"] == "2030-fjord-forum"  # not round 5, held in September
    states = {c["text"]: c["state"] for c in doc["commitments"]}
    assert states["Publish a joint lakes report"] == "open"  # done on 1 September 2030


def test_compare_will_not_take_a_record_not_yet_made(run) -> None:
    by_round = run("compare", "lakes", "3", "5", code=2)
    assert "'2030-09-10-lakes-5' was not yet on record on the --as-of day (held 10 Sep 2030)" in by_round.stderr
    by_id = run("compare", "2029-06-02-lakes-3", "2031-05-glacier-talks", code=2)
    assert "known only from sources published later" in by_id.stderr
    assert run("compare", "lakes", "3", "5", as_of=TODAY).exit_code == 0


def test_search_and_export_leave_out_what_came_later(run) -> None:
    found = [r["meeting"]["id"] for r in as_json(run, "search", "lakes")["results"]]
    assert found == ["2030-03-lakes-4", "2029-06-02-lakes-3", "2027-06-01-lakes-2"]
    rows = [json.loads(line) for line in run("export").stdout.splitlines()]
    assert {r["id"] for r in rows} == {"2027-06-01-lakes-2", "2029-06-02-lakes-3", "2030-03-lakes-4", "2030-fjord-forum"}
    commitments = [json.loads(line) for line in run("export", "--what", "commitments").stdout.splitlines()]
    assert [(c["text"], c["state"]) for c in commitments] == [("Publish a joint lakes report", "open")]


def test_next_as_of_the_day_agrees(run) -> None:
    doc = as_json(run, "next")
    assert [p["meeting"]["id"] for p in doc["planned"]] == ["2030-03-lakes-4"]
    assert doc["meta"]["later"] == 2
