"""A record's life from the command line: held, cancel, postpone, done, drop, and new --realises.

Every change is made in place (comments and layout kept), checked as `check` would before it is
written, written atomically, and dated in the record's history. Fictional records only.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import tomli

from tests.helpers import write

TODAY = "2031-01-01"

SERIES = """\
name = "Fictional Lakes Dialogue"
aliases = ["Lakes FM"]
members = ["NO", "IS"]

[[sources]]
title = "Invented for tests"
"""

PLANNED = """\
# The plan, as the invented article gave it.
title = "Fictional Lakes Dialogue, round 4"
date = "2030-03"
date_text = "in spring"  # the article's words
status = "planned"
kind = "foreign-ministers"
series = "lakes"
round = 4
countries = ["NO", "IS"]

[[commitments]]
text = "Publish a joint lakes report"  # promised at round 4
due = "2030"
status = "open"

[[commitments]]
text = "Open a shared office"

[[sources]]
title = "Invented article"
url = "https://example.org/lakes-plan"
"""

HELD = """\
title = "Fictional Lakes Dialogue, round 3"
date = 2029-06-02
kind = "foreign-ministers"
series = "lakes"
round = 3
countries = ["NO", "IS"]

[[sources]]
title = "Invented for tests"
"""


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "recs"
    write(root, "series/lakes.toml", SERIES)
    write(root, "2030-03-lakes-4.toml", PLANNED)
    write(root, "2029-06-02-lakes-3.toml", HELD)
    return root


@pytest.fixture()
def run(invoke, folder: Path):  # type: ignore[no-untyped-def]
    def go(*args: str):  # type: ignore[no-untyped-def]
        return invoke(*args, "--records", str(folder), "--as-of", TODAY)

    return go


def record(folder: Path, name: str = "2030-03-lakes-4") -> dict:  # type: ignore[type-arg]
    return tomli.loads((folder / f"{name}.toml").read_text(encoding="utf-8"))


def check_ok(invoke, folder: Path) -> None:  # type: ignore[no-untyped-def]
    result = invoke("check", "--records", str(folder), "--as-of", TODAY)
    assert result.exit_code == 0, result.output


# -- held ------------------------------------------------------------------------------------------


def test_held_on_a_more_precise_day_keeps_comments_and_dates_the_change(run, invoke, folder: Path) -> None:
    result = run("held", "2030-03-lakes-4", "--date", "2030-03-14", "--source", "https://example.org/lakes-4", "--note", "In Reykjavik.")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith("2030-03-lakes-4.toml")
    assert "marked 2030-03-lakes-4 held" in result.stderr
    text = (folder / "2030-03-lakes-4.toml").read_text(encoding="utf-8")
    assert text.startswith("# The plan, as the invented article gave it.\n")
    assert 'text = "Publish a joint lakes report"  # promised at round 4' in text
    data = record(folder)
    assert data["status"] == "held" and str(data["date"]) == "2030-03-14"
    assert "date_text" not in data
    assert data["history"] == [
        {
            "status": "held", "on": data["date"], "previous_status": "planned", "previous_date": "2030-03",
            "previous_date_text": "in spring", "note": "In Reykjavik.", "source": "https://example.org/lakes-4",
        }
    ]
    assert data["sources"][-1] == {"title": "https://example.org/lakes-4", "url": "https://example.org/lakes-4"}
    check_ok(invoke, folder)


def test_held_without_a_date_keeps_the_planned_one(run, folder: Path) -> None:
    assert run("held", "2030-03-lakes-4").exit_code == 0
    data = record(folder)
    assert data["date"] == "2030-03" and data["date_text"] == "in spring"
    assert data["history"] == [{"status": "held", "on": "2030-03", "previous_status": "planned"}]


def test_dry_run_prints_the_diff_and_writes_nothing(run, folder: Path) -> None:
    before = (folder / "2030-03-lakes-4.toml").read_bytes()
    result = run("held", "2030-03-lakes-4", "--date", "2030-03-14", "-n")
    assert result.exit_code == 0, result.output
    assert '\n-status = "planned"\n' in result.stdout and '\n+status = "held"\n' in result.stdout
    assert result.stdout.startswith("--- ") and "\n+++ " in result.stdout
    assert "dry run: nothing was written" in result.stderr
    assert (folder / "2030-03-lakes-4.toml").read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["held", "2029-06-02-lakes-3"], "already marked held"),
        (["held", "2030-03-lakes-4", "--date", "2031-02-01"], "--date: 1 Feb 2031 is after today"),
        (["held", "2030-03-lakes-4", "--date", "2030-02-30"], "--date: '2030-02-30': Feb 2030 has no day 30"),
        (["held", "2030-03-lake-4"], "no record '2030-03-lake-4' in"),
        (["held", "2030-03-lakes-4", "--source-title", "T"], "--source-title: give --source URL too"),
        (["cancel", "2029-06-02-lakes-3", "--on", "2030-01"], "only a planned or postponed meeting can be cancelled"),
        (["postpone", "2030-03-lakes-4", "--on", "2030-02", "--to", "2030-01"], "is before the postponement itself"),
        (["done", "2030-03-lakes-4", "3"], "has 2 commitments: give 1 to 2"),
        (["done", "2030-03-lakes-4", "1", "--by", "2030-03-lakes-4"], "--by: 2030-03-lakes-4 is planned, not held; mark it first"),
        (["done", "2030-03-lakes-4", "1", "--by", "2029-06-02-lakes-33"], "(did you mean '2029-06-02-lakes-3'?)"),
        (["done", "2030-03-lakes-4", "1", "--on", "2029-01"], "is before the meeting it was made at"),
        (["drop", "2030-03-lakes-4", "0"], "give 1 to 2"),
    ],
)
def test_bad_input_is_exit_2_and_changes_nothing(run, folder: Path, args: list[str], message: str) -> None:
    before = {p: p.read_bytes() for p in folder.rglob("*.toml")}
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert {p: p.read_bytes() for p in folder.rglob("*.toml")} == before


def test_the_no_record_hint_names_the_closest_id(run) -> None:
    result = run("held", "2030-03-lake-4")
    assert "(did you mean '2030-03-lakes-4'?)" in result.stderr


def test_never_the_bundled_records(invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("held", "2025-ca-japan-fm-next")
    assert result.exit_code == 2
    assert "which records folder? give --records DIR" in result.stderr
    assert "the records bundled with briefing are never changed" in result.stderr


# -- cancel, postpone, realise ----------------------------------------------------------------------


def test_cancelled_meeting_releases_its_round_to_the_one_held_in_its_place(run, invoke, folder: Path) -> None:
    assert run("cancel", "2030-03-lakes-4", "--on", "2030-02-20", "--reason", "Flooding.").exit_code == 0
    data = record(folder)
    assert data["status"] == "cancelled"
    assert data["history"] == [{"status": "cancelled", "on": data["history"][0]["on"], "previous_status": "planned", "note": "Flooding."}]
    result = run(
        "new", "--title", "Fictional Lakes Dialogue, round 4 (online)", "--date", "2030-05-06", "--status", "held",
        "--realises", "2030-03-lakes-4", "--mode", "video", "--source", "https://example.org/lakes-4-online",
    )
    assert result.exit_code == 0, result.output
    assert "series 'lakes', round 4 taken from 2030-03-lakes-4" in result.stderr
    new = tomli.loads(Path(result.stdout.strip()).read_text(encoding="utf-8"))
    assert (new["series"], new["round"], new["realises"], new["mode"]) == ("lakes", 4, "2030-03-lakes-4", "video")
    check_ok(invoke, folder)
    shown = invoke("show", "2030-03-lakes-4", "--records", str(folder), "-f", "json")
    assert '"realised_by": [\n    "2030-05-06-fictional-lakes-dialogue-round-4-online"' in shown.stdout


def test_a_held_meeting_may_share_a_round_with_the_planned_one_it_realises(run, invoke, folder: Path) -> None:
    result = run("new", "--title", "Lakes round 4 as held", "--date", "2030-03-15", "--status", "held", "--realises", "2030-03-lakes-4", "--source", "s")
    assert result.exit_code == 0, result.output
    check_ok(invoke, folder)


def test_two_held_meetings_still_may_not_share_a_round(run, folder: Path) -> None:
    result = run("new", "--title", "Another round 3", "--date", "2029-07", "--status", "held", "--series", "lakes", "--round", "3", "--source", "s")
    assert result.exit_code == 2
    assert "--round: round 3 of series 'lakes' is already claimed by 2029-06-02-lakes-3" in result.stderr


def test_realises_a_held_meeting_is_refused(run) -> None:
    result = run("new", "--title", "X", "--date", "2029-06-02", "--status", "held", "--realises", "2029-06-02-lakes-3", "--source", "s")
    assert result.exit_code == 2
    assert "--realises: 2029-06-02-lakes-3 is marked held itself" in result.stderr


def test_postpone_to_a_new_date_then_held(run, invoke, folder: Path) -> None:
    assert run("postpone", "2030-03-lakes-4", "--on", "2030-02-01", "--to", "2030-09").exit_code == 0
    assert run("held", "2030-03-lakes-4", "--date", "2030-09-03").exit_code == 0
    data = record(folder)
    assert [(h["status"], h["previous_status"], h.get("previous_date")) for h in data["history"]] == [
        ("postponed", "planned", "2030-03"),
        ("held", "postponed", "2030-09"),
    ]
    check_ok(invoke, folder)


def test_postpone_without_a_new_date_says_the_date_stays(run, folder: Path) -> None:
    result = run("postpone", "2030-03-lakes-4", "--on", "2030-02-01")
    assert result.exit_code == 0, result.output
    assert "keeps the date it was planned for" in result.stderr
    again = run("postpone", "2030-03-lakes-4", "--on", "2030-02-05")
    assert again.exit_code == 2 and "already postponed; give --to DATE" in again.stderr


# -- commitments -----------------------------------------------------------------------------------


def test_done_by_a_held_meeting_takes_its_date(run, invoke, folder: Path) -> None:
    assert run("held", "2030-03-lakes-4", "--date", "2030-03-14").exit_code == 0
    result = run("done", "2030-03-lakes-4", "2", "--by", "2030-03-lakes-4", "--source", "Invented follow-up note")
    assert result.exit_code == 0, result.output
    c = record(folder)["commitments"][1]
    assert c["status"] == "done" and c["fulfilled_by"] == "2030-03-lakes-4"
    assert c["history"] == [{"status": "done", "on": c["history"][0]["on"], "previous_status": "open", "source": "Invented follow-up note"}]
    assert str(c["history"][0]["on"]) == "2030-03-14"
    check_ok(invoke, folder)
    shown = invoke("show", "2030-03-lakes-4", "--records", str(folder), "-f", "markdown")
    line = next(ln for ln in shown.stdout.splitlines() if ln.startswith("2. Open a shared office"))
    assert "done on 14 Mar 2030" in line and "fulfilled by 2030-03-lakes-4" in line


def test_drop_without_a_day_is_dated_today_and_says_so(run, folder: Path) -> None:
    result = run("drop", "2030-03-lakes-4", "1", "--reason", "Overtaken.")
    assert result.exit_code == 0, result.output
    assert "dated today (2031-01-01)" in result.stderr
    c = record(folder)["commitments"][0]
    assert c["status"] == "dropped" and c["history"][0]["note"] == "Overtaken."
    assert run("drop", "2030-03-lakes-4", "1").exit_code == 2


# -- refused and interrupted writes ----------------------------------------------------------------


def test_a_change_that_breaks_the_folder_is_refused(run, folder: Path) -> None:
    """Cancelling round 4 lets another take it; marking the cancelled one held again would clash."""
    assert run("cancel", "2030-03-lakes-4", "--on", "2030-02-20").exit_code == 0
    assert run("new", "--title", "Round 4 elsewhere", "--date", "2030-04", "--status", "held", "--series", "lakes", "--round", "4", "--source", "s").exit_code == 0
    before = (folder / "2030-03-lakes-4.toml").read_bytes()
    result = run("held", "2030-03-lakes-4", "--date", "2030-03-10")
    assert result.exit_code == 1
    assert "round: round 4 of series 'lakes' is also claimed by" in result.stderr
    assert "the change would not pass check" in result.stderr
    assert (folder / "2030-03-lakes-4.toml").read_bytes() == before


def test_an_inline_commitments_list_is_refused_with_a_way_out(run, folder: Path) -> None:
    write(folder, "2030-01-inline.toml", """
        title = "Inline"
        date = "2030-01"
        commitments = [{ text = "A" }]
        [[sources]]
        title = "Invented"
    """)
    result = run("done", "2030-01-inline", "1", "--on", "2030-02")
    assert result.exit_code == 1
    assert "inline list" in result.stderr and "briefing edit" in result.stderr


def test_an_interrupted_write_leaves_the_file_as_it_was(run, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = (folder / "2030-03-lakes-4.toml").read_bytes()

    def interrupted(src: str, dst: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    result = run("held", "2030-03-lakes-4", "--date", "2030-03-14")
    monkeypatch.undo()
    assert result.exit_code != 0
    assert (folder / "2030-03-lakes-4.toml").read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["2029-06-02-lakes-3.toml", "2030-03-lakes-4.toml", "series"]


def test_a_full_disk_is_exit_1_and_nothing_changes(run, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = (folder / "2030-03-lakes-4.toml").read_bytes()

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = run("held", "2030-03-lakes-4", "--date", "2030-03-14")
    monkeypatch.undo()
    assert result.exit_code == 1
    assert "No space left on device; nothing was changed" in result.stderr
    assert (folder / "2030-03-lakes-4.toml").read_bytes() == before


def test_a_file_changed_meanwhile_is_not_overwritten(run, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import briefing.authoring.edit as edit

    real = edit.checked
    path = folder / "2030-03-lakes-4.toml"

    def meanwhile(*args, **kwargs):  # type: ignore[no-untyped-def]
        change = real(*args, **kwargs)
        path.write_text(PLANNED + "# an edit made meanwhile\n", encoding="utf-8")
        return change

    monkeypatch.setattr(edit, "checked", meanwhile)
    result = run("held", "2030-03-lakes-4")
    assert result.exit_code == 1
    assert "changed while briefing was changing it; nothing was written" in result.stderr
    assert path.read_text(encoding="utf-8").endswith("# an edit made meanwhile\n")


def test_the_dry_run_diff_is_cleaned_of_control_characters(run, folder: Path) -> None:
    write(folder, "2030-02-rtl.toml", """
        title = "Bidi \u202e override"
        date = "2030-02"
        status = "planned"
        [[sources]]
        title = "Invented"
    """)
    result = run("cancel", "2030-02-rtl", "--on", "2030-01", "-n", "--reason", "Why \u202e not")
    assert result.exit_code == 0, result.output
    assert "\u202e" not in result.stdout
    assert "\\u202e" in result.stdout


# -- the history rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("history", "problem"),
    [
        ('status = "held"\non = 2030-03-14\nprevious_status = "planned"', "status: 'planned', but the last history entry (14 Mar 2030) made it 'held'"),
        ('status = "planned"\non = 2030-03-14', "history[0].status: 'planned' was already the status before"),
        ('status = "cancelled"\non = 2030-03-14\nsource = "nowhere"', "history[0].source: 'nowhere' is not the url or title of any of the record's [[sources]]"),
    ],
)
def test_history_problems_name_the_line(invoke, folder: Path, history: str, problem: str) -> None:
    status = "cancelled" if "cancelled" in history else "planned"
    text = PLANNED.replace('status = "planned"', f'status = "{status}"', 1) + f"\n[[history]]\n{history}\n"
    (folder / "2030-03-lakes-4.toml").write_text(text, encoding="utf-8")
    result = invoke("check", "--records", str(folder), "--as-of", TODAY)
    assert result.exit_code == 1
    assert problem in result.stdout, result.stdout
    assert "2030-03-lakes-4.toml:" in result.stdout


def test_history_entries_must_follow_each_other(invoke, folder: Path) -> None:
    text = PLANNED.replace('status = "planned"', 'status = "held"', 1) + (
        '\n[[history]]\nstatus = "postponed"\non = 2030-02-01\n'
        '\n[[history]]\nstatus = "held"\non = 2030-01-10\nprevious_status = "planned"\n'
    )
    (folder / "2030-03-lakes-4.toml").write_text(text, encoding="utf-8")
    out = invoke("check", "--records", str(folder), "--as-of", TODAY).stdout
    lines = text.splitlines()
    assert f"2030-03-lakes-4.toml:{lines.index('on = 2030-01-10') + 1}: history[1].on: 10 Jan 2030 is before the entry above it" in out
    assert "history[1].previous_status: 'planned', but the entry above made it 'postponed'" in out
