"""Reports as of a day respect a record's history: what happened later is not there yet.

The changes are made with the tool's own commands on small fictional records, then `next`,
`timeline` and `compare` are read as of a day before and after each change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.history import as_it_stood, meeting_on
from briefing.loader import load
from tests.helpers import write

TODAY = "2031-01-01"

SERIES = """\
name = "Fictional Lakes Dialogue"
members = ["NO", "IS"]

[[sources]]
title = "Invented for tests"
"""

ROUND_3 = """\
title = "Fictional Lakes Dialogue, round 3"
date = 2029-06-02
kind = "foreign-ministers"
series = "lakes"
round = 3
countries = ["NO", "IS"]

[[commitments]]
text = "Hold round 4 in Reykjavik"
strength = "agreed"
due = "2030-03"
concerns = "2030-03-lakes-4"

[[commitments]]
text = "Publish a joint lakes report"
strength = "agreed"
due = "2030"

[[sources]]
title = "Invented for tests"
"""

ROUND_4 = """\
title = "Fictional Lakes Dialogue, round 4"
date = "2030-03"
status = "planned"
kind = "foreign-ministers"
series = "lakes"
round = 4
countries = ["NO", "IS"]

[[sources]]
title = "Invented article"
"""

FORUM = """\
title = "Fictional Fjord Forum"
date = "2030-06"
status = "planned"
kind = "forum"
countries = ["NO"]

[[sources]]
title = "Invented article"
"""


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "recs"
    write(root, "series/lakes.toml", SERIES)
    write(root, "2029-06-02-lakes-3.toml", ROUND_3)
    write(root, "2030-03-lakes-4.toml", ROUND_4)
    write(root, "2030-06-fjord-forum.toml", FORUM)
    return root


@pytest.fixture()
def run(invoke, folder: Path):  # type: ignore[no-untyped-def]
    def go(*args: str, as_of: str = TODAY):  # type: ignore[no-untyped-def]
        result = invoke(*args, "--records", str(folder), "--as-of", as_of)
        assert result.exit_code == 0, result.output
        return result

    return go


def next_json(run, day: str) -> dict:  # type: ignore[no-untyped-def, type-arg]
    return json.loads(run("next", "-f", "json", as_of=day).stdout)


def planned_ids(report: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return {p["meeting"]["id"]: p["state"] for p in report["planned"] + report["needs_confirmation"]}


def open_commitments(report: dict) -> list[str]:  # type: ignore[type-arg]
    texts = [c["text"] for c in report["commitments"]]
    texts += [c["text"] for p in report["planned"] + report["needs_confirmation"] for c in p.get("commitments", ())]
    return texts


def test_held_on_a_day_is_planned_the_day_before(run, folder: Path) -> None:
    run("held", "2030-03-lakes-4", "--date", "2030-03-14", as_of="2030-03-20")
    before = next_json(run, "2030-03-13")
    assert planned_ids(before)["2030-03-lakes-4"] == "due now"
    planned = next(p for p in before["planned"] if p["meeting"]["id"] == "2030-03-lakes-4")
    assert planned["meeting"]["date"]["text"] == "2030-03"  # the date as planned, not the day it was held
    assert "Hold round 4 in Reykjavik" in open_commitments(before)
    after = next_json(run, "2030-03-14")
    assert "2030-03-lakes-4" not in planned_ids(after)
    assert "Hold round 4 in Reykjavik" not in open_commitments(after)  # it concerns the meeting, now held


def test_a_commitment_done_on_a_day_is_open_before_it(run) -> None:
    run("done", "2029-06-02-lakes-3", "2", "--on", "2030-09-01")
    assert "Publish a joint lakes report" in open_commitments(next_json(run, "2030-08-31"))
    assert "Publish a joint lakes report" not in open_commitments(next_json(run, "2030-09-01"))
    overdue = next_json(run, "2031-01-01")
    assert "Publish a joint lakes report" not in open_commitments(overdue)


def test_a_dropped_commitment_is_overdue_before_it_was_dropped(run) -> None:
    run("drop", "2029-06-02-lakes-3", "2", "--on", "2031-02-01", as_of="2031-03-01")
    report = next_json(run, "2031-01-15")
    state = next(c["state"] for c in report["commitments"] if c["text"] == "Publish a joint lakes report")
    assert state == "overdue"


def test_cancelled_is_gone_after_the_day_and_the_meeting_in_its_place_takes_its_round(run, invoke, folder: Path) -> None:
    run("cancel", "2030-03-lakes-4", "--on", "2030-02-20", "--source", "https://example.org/lakes-off")
    run("new", "--title", "Fictional Lakes Dialogue, round 4 (online)", "--date", "2030-05-06", "--status", "held",
        "--realises", "2030-03-lakes-4", "--source", "https://example.org/lakes-4-online")
    assert planned_ids(next_json(run, "2030-02-19"))["2030-03-lakes-4"] == "ahead"
    after = next_json(run, "2030-02-20")
    assert "2030-03-lakes-4" not in planned_ids(after)
    assert after["needs_confirmation"] == []
    today = next_json(run, TODAY)
    assert "2030-03-lakes-4" not in planned_ids(today)
    assert "Hold round 4 in Reykjavik" not in open_commitments(today)  # done: held in its place
    series = json.loads(run("series", "lakes", "-f", "json").stdout)
    rounds = {(r["round"], r["status"]) for s in series["series"] for r in s["rounds"]}
    assert {(4, "cancelled"), (4, "held"), (3, "held")} <= rounds
    compared = run("compare", "2029-06-02-lakes-3", "2030-05-06-fictional-lakes-dialogue-round-4-online")
    assert compared.exit_code == 0


def test_the_timeline_as_of_a_day_shows_the_status_of_that_day(run) -> None:
    run("postpone", "2030-06-fjord-forum", "--on", "2030-05-01", "--to", "2030-10", "--source", "Invented notice")
    def forum(day: str) -> dict:  # type: ignore[type-arg]
        report = json.loads(run("timeline", "-f", "json", as_of=day).stdout)
        return next(m for m in report["meetings"] if m["id"] == "2030-06-fjord-forum")
    before, after = forum("2030-04-30"), forum("2030-05-01")
    assert (before["status"], before["date"]["text"]) == ("planned", "2030-06")
    assert (after["status"], after["date"]["text"]) == ("postponed", "2030-10")
    assert [s["title"] for s in before["sources"]] == ["Invented article"]  # the notice came later
    assert [s["title"] for s in after["sources"]] == ["Invented article", "Invented notice"]


def test_compare_shows_a_commitments_as_they_stood_when_b_began(run) -> None:
    run("done", "2029-06-02-lakes-3", "2", "--on", "2030-09-01")
    run("held", "2030-03-lakes-4", "--date", "2030-03-14")
    report = json.loads(run("compare", "2029-06-02-lakes-3", "2030-03-lakes-4", "-f", "json").stdout)
    states = {c["text"]: c["state"] for c in report["commitments"]}
    assert states["Publish a joint lakes report"] != "done"  # done in September, after round 4


def test_as_it_stood_walks_back_each_entry(folder: Path) -> None:
    text = ROUND_4.replace('status = "planned"', 'status = "held"').replace('date = "2030-03"', "date = 2030-09-03") + (
        '\n[[history]]\nstatus = "postponed"\non = 2030-02-01\nprevious_date = "2030-03"\n'
        '\n[[history]]\nstatus = "held"\non = 2030-09-03\nprevious_status = "postponed"\nprevious_date = "2030-09"\n'
    )
    (folder / "2030-03-lakes-4.toml").write_text(text, encoding="utf-8")
    result = load(folder, __import__("datetime").date(2031, 1, 1))
    assert not result.errors, result.errors
    m = next(m for m in result.meetings if m.id == "2030-03-lakes-4")
    import datetime as dt

    def seen(day: str) -> tuple[str, str]:
        status, date, _ = meeting_on(m, dt.date.fromisoformat(day))
        return status.value, date.text

    assert seen("2030-01-31") == ("planned", "2030-03")
    assert seen("2030-02-01") == ("postponed", "2030-09")
    assert seen("2030-09-03") == ("held", "2030-09-03")
    then = as_it_stood(m, dt.date(2030, 2, 1))
    assert len(then.history) == 1 and then.status.value == "postponed"
    assert as_it_stood(m, dt.date(2031, 1, 1)) is m
