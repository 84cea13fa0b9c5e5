"""`briefing country NAME`: resolution of names, the note's content, overdue logic, every format."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.report_support import check_text, load_json, meeting, parse_markdown, world


@pytest.fixture
def records(tmp_path: Path) -> Path:
    return world(tmp_path / "records")


def country_json(invoke, records: Path, name: str, *extra: str) -> dict:
    result = invoke("country", name, "--records", records, "-f", "json", *extra)
    assert result.exit_code == 0, result.output
    return load_json(result.stdout)


@pytest.mark.parametrize("name", ["Uzbekistan", "uzbekistan", "UZ", "uzb", "Republic of Uzbekistan", "UZBEKISTAN"])
def test_names_codes_and_case_all_find_the_country(invoke, records: Path, name: str) -> None:
    doc = country_json(invoke, records, name, "--as-of", "2020-01-01")
    assert doc["country"] == {"code": "UZ", "alpha3": "UZB", "name": "Uzbekistan", "official_name": "Republic of Uzbekistan"}
    assert doc["overview"]["meetings"] == 7


@pytest.mark.parametrize("name", ["Türkiye", "turkiye", "Turkey", "TR", "TUR", "republic of turkey", "Republic of Türkiye"])
def test_former_and_accented_names(invoke, records: Path, name: str) -> None:
    doc = country_json(invoke, records, name, "--as-of", "2020-01-01")
    assert doc["country"]["code"] == "TR"
    assert [m["id"] for m in doc["meetings"]] == ["tr-visit"]


def test_unknown_country_exits_2_with_did_you_mean(invoke, records: Path) -> None:
    result = invoke("country", "uzbekstan", "--records", records)
    assert result.exit_code == 2
    assert "did you mean Uzbekistan" in result.stderr
    assert result.stdout == ""


def test_unknown_country_is_rejected_before_loading(invoke, tmp_path: Path) -> None:
    result = invoke("country", "Atlantis", "--records", tmp_path / "missing")
    assert result.exit_code == 2
    assert "unknown country 'Atlantis'" in result.stderr


def test_overview_meetings_newest_first_people_and_topics(invoke, records: Path) -> None:
    doc = country_json(invoke, records, "uz", "--as-of", "2020-01-01")
    o = doc["overview"]
    assert (o["meetings"], o["held"], o["planned"]) == (7, 5, 2)
    assert o["first_on_record"]["meeting_id"] == "alpha-1"
    assert o["latest_on_record"]["meeting_id"] == "alpha-4"  # held; the planned round 5 is not a meeting on record
    assert o["highest_level"]["kind"] == "summit" and o["highest_level"]["meeting_ids"] == ["kz-uz-summit"]
    assert [(s["id"], s["meetings"]) for s in o["series"]] == [("alpha-talks", 4)]  # not beta-forum (KZ only)
    assert [m["id"] for m in doc["meetings"]] == ["alpha-5", "alpha-4", "kz-uz-summit", "tr-visit", "tricky", "alpha-2", "alpha-1"]
    # "water management" and "water  management!" are the same topic; "Energy" recurs too.
    recurring = {t["topic"]: t["meeting_ids"] for t in doc["recurring_topics"]}
    assert recurring == {"Energy": ["alpha-4", "alpha-2"], "water  management!": ["alpha-2", "alpha-1"]}
    people = [(p["name"], p["meeting_ids"]) for p in doc["people"]]
    # The country's own people first, then the others, each once with every meeting.
    assert people == [
        ("Dilnoza Testova", ["alpha-2", "alpha-1"]),
        ("Rustam Testov", ["alpha-2"]),
        ("Ivar Testesen", ["alpha-2", "alpha-1"]),
        ("Kari Testesen", ["alpha-2"]),
    ]
    heads = {m["id"]: [h["name"] for h in m["heads"]] for m in doc["meetings"]}
    assert heads["alpha-2"] == ["Ivar Testesen", "Rustam Testov"]


def test_engagement_never_puts_a_meeting_in_a_year_it_may_not_belong_to(invoke, records: Path) -> None:
    meeting(records, "long-talks", "Talks of uncertain date", "2011-11/2012-02", countries=["UZ"], kind="expert")
    doc = country_json(invoke, records, "uz", "--as-of", "2020-01-01")
    rows = {r["year"]: (r["held"], r["planned"], [(k["kind"], k["count"]) for k in r["by_kind"]]) for r in doc["engagement"]}
    assert rows["2011–2012"] == (1, 0, [("expert", 1)])
    assert rows["2012"] == (1, 0, [("foreign-ministers", 1)])
    assert rows["2015"] == (1, 0, [("summit", 1)])
    assert rows["2019"] == (0, 1, [])
    assert list(rows) == ["2010", "2011–2012", "2012", "2013", "2014", "2015", "2016", "2019"]


def commitments(doc: dict) -> dict[str, dict]:
    return {c["text"]: c for c in doc["commitments"]}


def test_commitments_overdue_only_once_the_window_has_closed(invoke, records: Path) -> None:
    before = commitments(country_json(invoke, records, "uz", "--as-of", "2011-12-31"))
    assert before["Open a trade office"]["state"] == "open"
    assert before["Open a trade office"]["overdue_days"] is None
    after = commitments(country_json(invoke, records, "uz", "--as-of", "2012-01-01"))
    assert after["Open a trade office"]["state"] == "overdue"
    assert after["Open a trade office"]["overdue_days"] == 1
    assert after["Open a trade office"]["note"] == "overdue by 1 day"
    later = commitments(country_json(invoke, records, "uz", "--as-of", "2014-01-01"))
    assert later["Open a trade office"]["note"] == "overdue by about 2 years"
    assert later["Study visas"]["state"] == "dropped"


def test_fulfilled_by_a_held_meeting_counts_only_once_it_surely_took_place(invoke, records: Path) -> None:
    # alpha-2 is dated "2012-03": as of mid-March it may not have happened yet.
    mid = commitments(country_json(invoke, records, "uz", "--as-of", "2012-03-15"))["Hold the second round"]
    assert mid["state"] == "open"
    assert "alpha-2" in mid["note"]
    done = commitments(country_json(invoke, records, "uz", "--as-of", "2012-04-01"))["Hold the second round"]
    assert done["state"] == "done"
    assert done["note"] == "fulfilled by Second Alpha Talks (Mar 2012)"


def test_commitments_involve_the_country_through_their_parties(invoke, records: Path) -> None:
    uz = commitments(country_json(invoke, records, "uz", "--as-of", "2020-01-01"))
    no = commitments(country_json(invoke, records, "norway", "--as-of", "2020-01-01"))
    assert "Exchange students" not in uz  # its parties name Norway only
    assert "Exchange students" in no
    assert no["Exchange students"]["state"] == "open, no date"
    assert "Draft an energy plan" in uz  # no parties: the meeting's countries


def test_planned_meetings_ahead_or_needing_confirmation(invoke, records: Path) -> None:
    doc = country_json(invoke, records, "uz", "--as-of", "2019-05-01")
    planned = {p["meeting"]["id"]: p for p in doc["planned"]}
    assert planned["tr-visit"]["state"] == "needs confirmation"
    assert planned["tr-visit"]["days_past"] == (dt.date(2019, 5, 1) - dt.date(2014, 6, 30)).days  # June 2014 ended
    assert planned["alpha-5"]["state"] == "due now"  # spring 2019
    ahead = country_json(invoke, records, "uz", "--as-of", "2019-02-27")
    assert [(p["meeting"]["id"], p["state"], p["days_until"]) for p in ahead["planned"]][-1] == ("alpha-5", "ahead", 2)


def test_since_until_narrow_the_note(invoke, records: Path) -> None:
    doc = country_json(invoke, records, "uz", "--since", "2012", "--until", "2013-05", "--as-of", "2020-01-01")
    assert [m["id"] for m in doc["meetings"]] == ["tricky", "alpha-2"]


def test_text_is_80_columns_plain_and_never_markup(invoke, records: Path) -> None:
    result = invoke("country", "uzbekistan", "--records", records, "--as-of", "2013-06-01")
    assert result.exit_code == 0
    out = result.stdout
    check_text(out)
    # Held in 2015 and 2016, and a plan known from a source of 2014: not yet on record.
    assert out.startswith("Briefing: Uzbekistan (Republic of Uzbekistan)\nas of 2013-06-01 · 4 meeting records · 3 later left out · no home side set\n")
    assert "[bold]Not markup[/bold] | <b>pipe</b>" in out  # record text is shown, never interpreted
    flowing = " ".join(out.split())
    assert "• OVERDUE by about 17 months: Open a trade office — due 2011; made at First Alpha Talks (10 Mar 2010)" in flowing
    listed = out[out.index("Meetings, newest first"):]
    assert listed.index("Fifth Alpha Talks") < listed.index("Second Alpha Talks") < listed.index("First Alpha Talks")
    assert "[1] “Fictional Gazette report”, Fictional Gazette, Mar 2010, press." in out


def test_markdown_memo_parses_and_escapes_record_text(invoke, records: Path) -> None:
    result = invoke("country", "uz", "--records", records, "-f", "markdown", "--as-of", "2013-06-01")
    assert result.exit_code == 0
    out = result.stdout
    tokens = parse_markdown(out)
    # The report's own arguments only: not where the records were read from.
    assert out.startswith("# Briefing: Uzbekistan\n\nAs of 2013-06-01. Made with `briefing country uz -f markdown --as-of 2013-06-01` ")
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    assert headings == ["Overview", "Engagement by year", "Level of contact by year", "Meetings, newest first", "Recurring topics", "People met",
                        "Open commitments", "Planned meetings", "Sources"]
    # The tricky title survives as text: its pipe, brackets and HTML are escaped.
    inline = "".join(c.content for t in tokens if t.type == "inline" for c in t.children or () if c.type == "text")
    assert "[bold]Not markup[/bold] | <b>pipe</b> & *stars*" in inline
    # The same source cited by several meetings is one item of the Sources list.
    assert out.count("“Fictional Gazette report”, Fictional Gazette, Mar 2010, press.") == 1
    assert "<https://example.org/note_1?a=b&c=d>" in out
    assert "<javascript:" not in out


def test_json_is_the_report_model(invoke, records: Path) -> None:
    doc = country_json(invoke, records, "uz", "--as-of", "2013-06-01")
    first = doc["meetings"][-1]
    assert first["date"] == {"text": "2010-03-10", "display": "10 Mar 2010", "earliest": "2010-03-10",
                             "latest": "2010-03-10", "precision": "day", "approximate": False, "uncertain": False}
    assert doc["meta"]["as_of"] == "2013-06-01"
    assert (doc["meta"]["records"], doc["meta"]["later"]) == (4, 3)  # on record that day, and left out
    assert doc["meta"]["command"].startswith("briefing country uz ") and "--records" not in doc["meta"]["command"]
    assert len(doc["sources"]) == 3


def test_a_country_without_meetings_is_a_calm_empty_note(invoke, records: Path) -> None:
    result = invoke("country", "Peru", "--records", records)
    assert result.exit_code == 0
    assert "No meeting involving Peru is on record." in result.stdout


def test_skipped_files_are_named_and_noted_and_strict_exits_1(invoke, records: Path) -> None:
    (records / "broken.toml").write_text("title = \n", encoding="utf-8")
    result = invoke("country", "uz", "--records", records, "-f", "markdown")
    assert result.exit_code == 0
    assert "broken.toml" in result.stderr
    assert "**Incomplete:** 1 record file failed to load and is not in this memo:" in result.stdout
    parse_markdown(result.stdout)
    strict = invoke("country", "uz", "--records", records, "--strict")
    assert strict.exit_code == 1
    assert strict.stdout == ""


def test_output_file_gets_the_same_bytes_as_stdout(invoke, records: Path, tmp_path: Path) -> None:
    for fmt in ("text", "markdown", "json"):
        shown = invoke("country", "uz", "--records", records, "-f", fmt, "--as-of", "2013-01-01")
        target = tmp_path / f"note.{fmt}"
        written = invoke("country", "uz", "--records", records, "-f", fmt, "--as-of", "2013-01-01", "-o", target)
        assert written.exit_code == 0
        # The provenance is the report's own arguments: -o is not one of them.
        expected = shown.stdout
        if fmt == "json":
            doc = json.loads(target.read_text(encoding="utf-8"))
            doc["meta"]["command"] = json.loads(shown.stdout)["meta"]["command"]
            assert doc == json.loads(shown.stdout)
        else:
            assert target.read_text(encoding="utf-8") == expected
    again = invoke("country", "uz", "--records", records, "-o", tmp_path / "note.text")
    assert again.exit_code == 1
    assert "already exists" in again.stderr


def test_ics_is_rejected_before_any_work(invoke, tmp_path: Path) -> None:
    result = invoke("country", "uz", "--records", tmp_path / "missing", "-f", "ics")
    assert result.exit_code == 2
    assert "cannot be written as ics" in result.stderr


def _run_in_terminal(args: list[str], env: dict[str, str]) -> bytes:
    """Run briefing with a pseudo-terminal (80 columns) as its standard output."""
    import fcntl
    import os
    import struct
    import subprocess
    import sys
    import termios

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    try:
        proc = subprocess.run([sys.executable, "-m", "briefing", *args], stdout=slave, stderr=subprocess.PIPE,
                              env=env, timeout=60, check=False)
    finally:
        os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert proc.returncode == 0, proc.stderr
    return b"".join(chunks)


def test_no_color_in_a_terminal_means_no_escape_codes(records: Path) -> None:
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "TERM")}
    env["PAGER"] = "cat"  # should standard input be a terminal too: a pager that needs no keys
    args = ["country", "uz", "--records", str(records), "--as-of", "2013-01-01"]
    styled = _run_in_terminal(args, {**env, "TERM": "xterm-256color"})
    assert b"\x1b[" in styled  # a terminal does get styles...
    plain = _run_in_terminal(args, {**env, "TERM": "xterm-256color", "NO_COLOR": "1"})
    assert b"\x1b" not in plain  # ...unless NO_COLOR is set
    assert b"Briefing: Uzbekistan" in plain
    for line in plain.decode("utf-8").splitlines():
        assert len(line.rstrip("\r")) <= 80
