"""`briefing next -f ics`: a valid calendar with stable UIDs and spans no more precise than dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.test_report_support import meeting, world


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


def test_open_commitments_are_todos_with_their_due_dates(invoke, records: Path) -> None:
    _, cal = calendar(invoke, records, "--as-of", "2019-01-01")
    todos = by_uid(cal, "VTODO")
    assert set(todos) == {
        "commitment-alpha-1-0@briefing",  # Open a trade office (overdue)
        "commitment-alpha-1-3@briefing",  # Exchange students (no date)
        "commitment-alpha-2-0@briefing",  # Draft an energy plan (overdue)
        "commitment-sigma-0@briefing",
        "commitment-sigma-1@briefing",
    }
    draft = todos["commitment-sigma-0@briefing"]
    assert draft["DUE"].dt == dt.date(2019, 1, 15)
    assert "DTSTART" not in draft  # a single day: DUE alone
    venue = todos["commitment-sigma-1@briefing"]
    assert (venue["DTSTART"].dt, venue["DUE"].dt) == (dt.date(2019, 3, 10), dt.date(2019, 4, 20))
    trade = todos["commitment-alpha-1-0@briefing"]
    assert trade["DUE"].dt == dt.date(2011, 12, 31) and trade["DTSTART"].dt == dt.date(2011, 1, 1)
    assert "Overdue: overdue by about 7 years, as of 2019-01-01." in str(trade["DESCRIPTION"])
    assert "DUE" not in todos["commitment-alpha-1-3@briefing"]
    assert all(str(t["STATUS"]) == "NEEDS-ACTION" for t in todos.values())


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
