"""Issue 13's "done when": a copy of the bundled records kept up to date with the tool's own commands.

From a copy of the bundled records, with fictional follow-ups (example.org sources, never facts)
and only briefing's commands: two planned meetings marked held on a more precise day, one
cancelled, a new held meeting that realises the cancelled one and takes its round, a new meeting
that fills a gap in a series, a comment added with `edit`. Then `next` as of today calls none of
them overdue or unconfirmed; `next --as-of` the day before each change still shows the meeting as
it was (planned, due); `compare` and `series` use the new rounds; the comment is still there.
"""

from __future__ import annotations

import json
import shlex
import shutil
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO

TODAY = "2026-11-22"
FAKE = Path(__file__).parent / "fake_editor.py"

DIALOGUE = "2018-01-japan-turkey-security-dialogue-1"  # planned for Jan 2018 ("late January")
SUMMIT = "2024-08-ca-japan-summit-1"  # planned for Aug 2024
EPA = "2018-japan-turkey-epa-8"  # expected in 2018, round 8 of japan-turkey-epa
EPA_HELD = "2018-06-12-japan-turkey-epa-8-fictional"
FM_7 = "2019-11-10-ca-japan-fm-7-fictional"  # rounds 1, 6 and 9 are on record: 7 fills a gap
COMMENT = "# Fictional follow-up, added for a test: the organisers' page was checked.\n"


def fictional(name: str) -> str:
    return f"https://example.org/fictional/{name}"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The records after the follow-ups, each made with a briefing command (checked to succeed)."""
    from typer.testing import CliRunner

    from briefing.cli import app

    folder = tmp_path_factory.mktemp("done-when") / "records"
    shutil.copytree(REPO / "records", folder)
    runner = CliRunner()
    mp = pytest.MonkeyPatch()
    mp.delenv("BRIEFING_RECORDS", raising=False)
    mp.setenv("NO_COLOR", "1")
    mp.setenv("EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(FAKE))}")
    mp.setenv("FAKE_EDIT_OLD", 'title = "First Central Asia + Japan Summit (planned)"\n')
    mp.setenv("FAKE_EDIT_NEW", COMMENT + 'title = "First Central Asia + Japan Summit (planned)"\n')

    def run(*args: str) -> str:
        result = runner.invoke(app, [*args, "--records", str(folder), "--as-of", TODAY])
        assert result.exit_code == 0, (args, result.output)
        return result.stderr

    try:
        run("edit", SUMMIT)  # a comment of the user's own, before the changes
        run("held", DIALOGUE, "--date", "2018-01-24", "--source", fictional("security-dialogue-1"))
        run("held", SUMMIT, "--date", "2024-08-09", "--source", fictional("summit-1"), "--note", "Fictional: held in Astana.")
        run("cancel", EPA, "--on", "2018-03-01", "--reason", "Fictional: called off.", "--source", fictional("epa-8-off"))
        said = run(
            "new", "--id", EPA_HELD, "--title", "8th round of Japan-Turkey EPA negotiation (fictional)", "--date", "2018-06-12",
            "--status", "held", "--realises", EPA, "--country", "JP", "--country", "TR", "--source", fictional("epa-8"),
        )
        assert "series 'japan-turkey-epa', round 8 taken from 2018-japan-turkey-epa-8" in said
        run(
            "new", "--id", FM_7, "--title", "7th Central Asia plus Japan Foreign Ministers' Meeting (fictional)",
            "--date", "2019-11-10", "--status", "held", "--kind", "foreign-ministers",
            "--series", "Central Asia plus Japan Dialogue Foreign Ministers' Meeting", "--round", "7",
            "--country", "JP", "--country", "UZ", "--source", fictional("fm-7"),
        )
    finally:
        mp.undo()
    return folder


@pytest.fixture()
def report(invoke, world: Path):  # type: ignore[no-untyped-def]
    def go(*args: str, as_of: str = TODAY) -> dict:  # type: ignore[type-arg]
        result = invoke(*args, "-f", "json", "--records", world, "--as-of", as_of)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    return go


def listed(next_report: dict) -> dict[str, str]:  # type: ignore[type-arg]
    """Meeting id → the part of `next` that lists it as still to come or to be confirmed."""
    out = {}
    for part in ("planned", "needs_confirmation", "undated", "postponed"):
        for item in next_report[part]:
            meeting = item.get("meeting", item)
            out[meeting["id"]] = f"{part}:{meeting['status']}"
    return out


def test_the_records_still_pass_check(invoke, world: Path) -> None:
    result = invoke("check", "--records", world, "--as-of", TODAY)
    assert result.exit_code == 0, result.stdout
    assert "0 error(s), 0 warning(s)" in result.stdout


def test_next_as_of_today_calls_none_of_them_overdue_or_unconfirmed(report) -> None:
    now = listed(report("next"))
    for changed in (DIALOGUE, SUMMIT, EPA, EPA_HELD, FM_7):
        assert changed not in now, (changed, now[changed])
    assert "2018-japanese-festival-ankara" in now  # what nobody followed up is still asked about


@pytest.mark.parametrize(
    ("meeting", "day_before", "was"),
    [
        (DIALOGUE, "2018-01-23", "planned:planned"),  # due this month, not yet past
        (SUMMIT, "2024-08-08", "planned:planned"),
        (EPA, "2018-02-28", "planned:planned"),  # expected in 2018, not yet called off
    ],
)
def test_next_the_day_before_each_change_still_shows_it_as_it_was(report, meeting: str, day_before: str, was: str) -> None:
    assert listed(report("next", as_of=day_before)).get(meeting) == was


def test_the_day_of_each_change_it_is_no_longer_due(report) -> None:
    assert DIALOGUE not in listed(report("next", as_of="2018-01-24"))
    assert SUMMIT not in listed(report("next", as_of="2024-08-09"))
    assert EPA not in listed(report("next", as_of="2018-03-01"))
    statuses = {m["id"]: m["status"] for m in report("timeline", as_of="2018-03-01")["meetings"]}
    assert statuses[EPA] == "cancelled"


def test_the_meetings_are_held_on_their_precise_day(report) -> None:
    timeline = report("timeline")
    by_id = {m["id"]: m for m in timeline["meetings"]}
    assert (by_id[DIALOGUE]["status"], by_id[DIALOGUE]["date"]["text"]) == ("held", "2018-01-24")
    assert (by_id[SUMMIT]["status"], by_id[SUMMIT]["date"]["text"]) == ("held", "2024-08-09")
    assert by_id[EPA]["status"] == "cancelled"


def test_series_use_the_new_rounds(report) -> None:
    fm = report("series", "ca-japan-fm")
    text = json.dumps(fm)
    assert FM_7 in text
    rounds = {c["series"]: c["rounds"] for c in report("next")["cadence"]}
    assert rounds["ca-japan-fm"] == [1, 6, 7, 9]
    epa = json.dumps(report("series", "japan-turkey-epa"))
    assert EPA_HELD in epa


def test_compare_uses_the_new_rounds(invoke, world: Path) -> None:
    fm = invoke("compare", "ca-japan-fm", "7", "9", "--records", world, "--as-of", TODAY, "-f", "json")
    assert fm.exit_code == 0, fm.output
    assert FM_7 in fm.stdout and "2022-12-ca-japan-fm-9" in fm.stdout
    epa = invoke("compare", EPA, EPA_HELD, "--records", world, "--as-of", TODAY)
    assert epa.exit_code == 0, epa.output


def test_round_8_is_the_held_meeting_and_the_cancelled_one_is_said_to_be(report) -> None:
    (epa,) = report("series", "japan-turkey-epa")["series"]
    rounds = {(r["id"], r["round"], r["status"]) for r in epa["rounds"]}
    assert (EPA_HELD, 8, "held") in rounds and (EPA, 8, "cancelled") in rounds
    assert epa["held"] == 1
    before = {r["id"]: r["status"] for r in report("series", "japan-turkey-epa", as_of="2018-02-28")["series"][0]["rounds"]}
    assert before[EPA] == "planned"  # not cancelled yet


def test_comments_in_the_edited_files_are_still_there(world: Path) -> None:
    text = (world / f"{SUMMIT}.toml").read_text(encoding="utf-8")
    assert text.startswith(COMMENT)
    assert 'status = "held"' in text and "[[history]]" in text
    original = (REPO / "records" / f"{DIALOGUE}.toml").read_text(encoding="utf-8")
    changed = (world / f"{DIALOGUE}.toml").read_text(encoding="utf-8")
    assert original.split("status = ")[0].replace('date = "2018-01"', "date = 2018-01-24").replace(
        'date_text = "late January next year"\n', ""
    ) == changed.split("status = ")[0]
