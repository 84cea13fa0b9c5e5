"""`briefing next -f ics`: a valid calendar with stable UIDs and spans no more precise than dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar

from briefing.reports.keys import words_key
from tests.report_support import meeting, world


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = world(tmp_path / "records")
    meeting(folder, "omega", "Omega talks; a comma, and a line", "2019-02", status="planned", countries=["UZ"],
            place={"city": "Bukhara", "country": "UZ"}, date_text="in February")
    meeting(folder, "sigma", "Sigma call", "2018-12-20", countries=["UZ"],
            commitments=[{"text": "Send the draft", "due": "2019-01-15"}, {"text": "Agree a venue", "due": "2019-03-10/2019-04-20"}])
    return folder


def calendar(invoke, records: Path, *args: str) -> tuple[str, Calendar]:
    result = invoke("next", "--records", records, "-f", "ics", *args)
    assert result.exit_code == 0, result.output
    raw = result.stdout_bytes.decode("utf-8")  # (result.stdout turns CRLF into LF)
    return raw, Calendar.from_ical(raw)


def by_uid(cal: Calendar, name: str) -> dict[str, object]:
    return {str(c["UID"]): c for c in cal.walk(name)}


def test_planned_meetings_are_all_day_events_spanning_their_date(invoke, records: Path) -> None:
    raw, cal = calendar(invoke, records, "--as-of", "2019-01-01")
    events = by_uid(cal, "VEVENT")
    assert set(events) == {"meeting-alpha-5@briefing", "meeting-omega@briefing", "meeting-tr-visit@briefing"}
    omega = events["meeting-omega@briefing"]
    # Known to the month: the whole of February, DTEND exclusive, dates without a time.
    assert omega["DTSTART"].dt == dt.date(2019, 2, 1) and not isinstance(omega["DTSTART"].dt, dt.datetime)
    assert omega["DTEND"].dt == dt.date(2019, 3, 1)
    assert "DTSTART;VALUE=DATE:20190201" in raw
    assert str(omega["SUMMARY"]) == "Omega talks; a comma, and a line"
    assert str(omega["LOCATION"]) == "Bukhara, Uzbekistan"
    description = str(omega["DESCRIPTION"])
    assert "Date: Feb 2019 (known only to the month; the entry spans the whole month)." in description
    assert "The source's words: “in February”." in description
    spring = events["meeting-alpha-5@briefing"]
    assert (spring["DTSTART"].dt, spring["DTEND"].dt) == (dt.date(2019, 3, 1), dt.date(2019, 6, 1))
    visit = events["meeting-tr-visit@briefing"]
    assert "needs confirmation" in str(visit["DESCRIPTION"])
    assert str(visit["STATUS"]) == "TENTATIVE"


def uid(record: str, text: str) -> str:
    return f"commitment-{record}-{words_key(text)}@briefing"


def test_commitments_are_todos_with_their_due_dates_and_states(invoke, records: Path) -> None:
    _, cal = calendar(invoke, records, "--as-of", "2019-01-01")
    todos = by_uid(cal, "VTODO")
    assert set(todos) == {
        uid("alpha-1", "Open a trade office"),  # overdue
        uid("alpha-1", "Hold the second round"),  # done: fulfilled by alpha-2
        uid("alpha-1", "Study visas"),  # dropped
        uid("alpha-1", "Exchange students"),  # no date
        uid("alpha-2", "Draft an energy plan"),  # overdue
        uid("sigma", "Send the draft"),
        uid("sigma", "Agree a venue"),
    }
    draft = todos[uid("sigma", "Send the draft")]
    assert draft["DUE"].dt == dt.date(2019, 1, 15)
    assert "DTSTART" not in draft  # a single day: DUE alone
    venue = todos[uid("sigma", "Agree a venue")]
    assert (venue["DTSTART"].dt, venue["DUE"].dt) == (dt.date(2019, 3, 10), dt.date(2019, 4, 20))
    trade = todos[uid("alpha-1", "Open a trade office")]
    assert trade["DUE"].dt == dt.date(2011, 12, 31) and trade["DTSTART"].dt == dt.date(2011, 1, 1)
    assert "Overdue: overdue by about 7 years, as of 2019-01-01." in str(trade["DESCRIPTION"])
    assert "DUE" not in todos[uid("alpha-1", "Exchange students")]
    states = {str(t["SUMMARY"]): str(t["STATUS"]) for t in todos.values()}
    assert states["Hold the second round"] == "COMPLETED" and todos[uid("alpha-1", "Hold the second round")]["PERCENT-COMPLETE"] == 100
    assert states["Study visas"] == "CANCELLED"
    assert {v for k, v in states.items() if k not in ("Hold the second round", "Study visas")} == {"NEEDS-ACTION"}
    assert "Status: dropped (as recorded), as of 2019-01-01." in str(todos[uid("alpha-1", "Study visas")]["DESCRIPTION"])


def test_uids_survive_edits_of_the_record(invoke, records: Path) -> None:
    _, before = calendar(invoke, records, "--as-of", "2019-01-01")
    meeting(records, "sigma", "Sigma call", "2018-12-20", countries=["UZ"],
            commitments=[{"text": "A new first one", "due": "2019-02"}, {"text": "send the draft.", "due": "2019-01-15"},
                         {"text": "Agree a venue", "due": "2019-03-10/2019-04-20"}])
    _, after = calendar(invoke, records, "--as-of", "2019-01-01")
    old, new = by_uid(before, "VTODO"), by_uid(after, "VTODO")
    assert set(new) - set(old) == {uid("sigma", "A new first one")}  # every other entry keeps its UID
    assert str(new[uid("sigma", "Send the draft")]["SUMMARY"]) == "send the draft."  # same words: same entry
    # Reworded with an id: the same entry still.
    meeting(records, "sigma", "Sigma call", "2018-12-20", countries=["UZ"],
            commitments=[{"id": "venue", "text": "Agree a venue"}])
    first = {str(c["UID"]) for c in calendar(invoke, records, "--as-of", "2019-01-01")[1].walk("VTODO")}
    meeting(records, "sigma", "Sigma call", "2018-12-20", countries=["UZ"],
            commitments=[{"id": "venue", "text": "Agree on a venue and a date"}])
    second = {str(c["UID"]) for c in calendar(invoke, records, "--as-of", "2019-01-01")[1].walk("VTODO")}
    assert "commitment-sigma-venue@briefing" in first and first == second


def test_a_cancelled_meeting_is_a_cancelled_event(invoke, records: Path) -> None:
    _, before = calendar(invoke, records, "--as-of", "2019-01-01")
    assert str(by_uid(before, "VEVENT")["meeting-omega@briefing"]["STATUS"]) == "TENTATIVE"
    meeting(records, "omega", "Omega talks; a comma, and a line", "2019-02", status="cancelled", countries=["UZ"])
    _, after = calendar(invoke, records, "--as-of", "2019-01-01")
    omega = by_uid(after, "VEVENT")["meeting-omega@briefing"]
    assert str(omega["STATUS"]) == "CANCELLED" and "Status: cancelled (as recorded)." in str(omega["DESCRIPTION"])
    assert (omega["DTSTART"].dt, omega["DTEND"].dt) == (dt.date(2019, 2, 1), dt.date(2019, 3, 1))


def test_todos_as_events(invoke, records: Path) -> None:
    raw, cal = calendar(invoke, records, "--as-of", "2019-01-01", "--todos-as-events")
    assert cal.walk("VTODO") == []
    events = by_uid(cal, "VEVENT")
    due = {k: v for k, v in events.items() if k.startswith("due-")}
    assert len(due) == 7 and all(k.replace("due-", "commitment-", 1) in {uid(r, t) for r, t in (
        ("alpha-1", "Open a trade office"), ("alpha-1", "Hold the second round"), ("alpha-1", "Study visas"),
        ("alpha-1", "Exchange students"), ("alpha-2", "Draft an energy plan"), ("sigma", "Send the draft"), ("sigma", "Agree a venue"))}
        for k in due)
    by_summary = {str(e["SUMMARY"]): e for e in due.values()}
    venue = by_summary["Due: Agree a venue"]  # on the last day of its window: due by then
    assert (venue["DTSTART"].dt, venue["DTEND"].dt) == (dt.date(2019, 4, 20), dt.date(2019, 4, 21))
    trade = by_summary["Overdue: Open a trade office"]  # overdue: where it is seen, on the calendar's day
    assert trade["DTSTART"].dt == dt.date(2019, 1, 1)
    assert "Shown on the day this calendar was made, not on a date of its own." in str(trade["DESCRIPTION"])
    assert by_summary["No date: Exchange students"]["DTSTART"].dt == dt.date(2019, 1, 1)
    assert str(by_summary["Dropped: Study visas"]["STATUS"]) == "CANCELLED"
    assert str(by_summary["Done: Hold the second round"]["STATUS"]) == "CONFIRMED"
    assert all(str(e["TRANSP"]) == "TRANSPARENT" for e in due.values())
    assert "meeting-omega@briefing" in events  # meetings as before


def test_todos_as_events_needs_a_calendar(invoke, records: Path) -> None:
    result = invoke("next", "--records", records, "--todos-as-events")
    assert result.exit_code == 2 and "--todos-as-events is for a calendar" in result.stderr


def test_an_empty_calendar_is_still_valid(invoke, tmp_path: Path) -> None:
    folder = tmp_path / "records"
    meeting(folder, "held-one", "A held meeting", "2015-05-05", countries=["UZ"])
    result = invoke("next", "--records", folder, "-f", "ics", "--as-of", "2019-01-01")
    assert result.exit_code == 0
    assert "nothing to put in the calendar" in result.stderr and "still a valid calendar" in result.stderr
    cal = Calendar.from_ical(result.stdout_bytes)
    components = [c.name for c in cal.subcomponents]
    assert components == ["VTIMEZONE"]  # RFC 5545: at least one component; one no calendar shows
    assert cal.walk("VEVENT") == [] and cal.walk("VTODO") == []
    assert str(cal.subcomponents[0]["TZID"]) == "UTC"


def test_json_of_next_leaves_the_closed_ones_to_the_calendar(invoke, records: Path) -> None:
    import json

    doc = json.loads(invoke("next", "--records", records, "--as-of", "2019-01-01", "-f", "json").stdout)
    assert doc["closed"] == [] and doc["cancelled"] == []
    keys = {c["text"]: c["key"] for c in doc["commitments"]}
    assert keys["Send the draft"] == words_key("Send the draft")


def test_uids_are_stable_and_output_is_reproducible(invoke, records: Path) -> None:
    first, cal1 = calendar(invoke, records, "--as-of", "2019-01-01")
    again, _ = calendar(invoke, records, "--as-of", "2019-01-01")
    assert first == again
    _, cal2 = calendar(invoke, records, "--as-of", "2019-01-10")
    assert set(by_uid(cal1, "VEVENT")) == set(by_uid(cal2, "VEVENT"))
    assert set(by_uid(cal1, "VTODO")) == set(by_uid(cal2, "VTODO"))
    uids = [str(c["UID"]) for c in cal1.walk() if "UID" in c]
    assert len(uids) == len(set(uids))


def test_rfc5545_shape(invoke, records: Path) -> None:
    raw, cal = calendar(invoke, records, "--as-of", "2019-01-01")
    assert raw.startswith("BEGIN:VCALENDAR\r\n") and raw.endswith("END:VCALENDAR\r\n")
    for line in raw.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75, line
    assert "\n" not in raw.replace("\r\n", "")
    assert str(cal["VERSION"]) == "2.0" and str(cal["PRODID"])
    for component in cal.walk():
        if component.name in ("VEVENT", "VTODO"):
            assert component["DTSTAMP"].dt == dt.datetime(2019, 1, 1, tzinfo=dt.timezone.utc)
            assert "UID" in component


def test_output_file(invoke, records: Path, tmp_path: Path) -> None:
    shown, _ = calendar(invoke, records, "--as-of", "2019-01-01")
    target = tmp_path / "next.ics"
    result = invoke("next", "--records", records, "-f", "ics", "--as-of", "2019-01-01", "-o", target)
    assert result.exit_code == 0
    assert target.read_bytes() == shown.encode("utf-8")


@pytest.mark.parametrize("command", [["timeline"], ["country", "uz"], ["series"], ["compare", "a", "b"]])
def test_only_next_accepts_ics(invoke, tmp_path: Path, command: list[str]) -> None:
    result = invoke(*command, "--records", tmp_path / "nowhere", "-f", "ics")
    assert result.exit_code == 2
    assert "cannot be written as ics" in result.stderr
