"""`briefing new`: one new record, checked before it is written, never over an existing file."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
import tomli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.helpers import CliRunner

from briefing.authoring.record import Draft, DraftError, build, default_id, render, slug
from briefing.authoring.schema import schema_text
from briefing.cli import app
from briefing.dates import parse_date
from briefing.loader import load, parse_record
from tests.helpers import examples

TODAY = "2030-01-01"

SERIES = """\
name = "Fictional Lakes Dialogue"
members = ["NO", "IS"]

[[sources]]
title = "Invented for tests"
"""

EXISTING = """\
title = "Fictional Lakes Dialogue, round 3"
date = 2021-06-02
kind = "senior-officials"
series = "lakes"
round = 3
countries = ["NO", "IS"]

[[sources]]
title = "Invented for tests"
"""


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "recs"
    (root / "series").mkdir(parents=True)
    (root / "series" / "lakes.toml").write_text(SERIES, encoding="utf-8")
    (root / "2021-06-02-lakes-3.toml").write_text(EXISTING, encoding="utf-8")
    return root


def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), input=input)


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under root with its bytes and modification time (ns)."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            out[str(p.relative_to(root))] = (p.read_bytes(), p.stat().st_mtime_ns)
    return out


FULL = [
    "--title", "Fictional Lakes Dialogue, round 4: \"quotes\" and \\ backslash",
    "--date", "2024-08-09",
    "--kind", "senior officials",
    "--country", "Norway",
    "--country", "is",
    "--country", "Türkiye",
    "--series", "lakes",
    "--round", "4",
    "--city", "Reykjavík",
    "--status", "held",
    "--topic", "fisheries",
    "--topic", "Arctic shipping [routes]",
    "--source", "https://example.org/lakes/4",
    "--source", "Invented communiqué, 9 August 2024",
    "--summary", "Officials met.\nA second line.",
]


# -- the round trip ------------------------------------------------------------------------------


def test_new_check_show_gives_back_every_value(folder: Path) -> None:
    result = run("new", "--records", str(folder), "--as-of", TODAY, *FULL)
    assert result.exit_code == 0, result.output
    written = Path(result.stdout.strip())
    assert written.is_file() and written.parent == folder
    assert written.name == "2024-08-09-fictional-lakes-dialogue-round-4-quotes-and.toml"
    assert written.read_text(encoding="utf-8").startswith("#:schema ")

    check = run("check", "--records", str(folder), "--as-of", TODAY)
    assert check.exit_code == 0, check.output
    assert "0 error(s), 0 warning(s)" in check.output

    shown = run("show", written.stem, "--records", str(folder), "--format", "json")
    assert shown.exit_code == 0, shown.output
    record = json.loads(shown.stdout)
    assert record["title"] == 'Fictional Lakes Dialogue, round 4: "quotes" and \\ backslash'
    assert record["date"]["text"] == "2024-08-09"
    assert record["kind"] == "senior-officials"
    assert record["countries"] == ["NO", "IS", "TR"]
    assert (record["series"], record["round"]) == ("lakes", 4)
    assert record["place"]["city"] == "Reykjavík"
    assert record["status"] == "held"
    assert record["topics"] == ["fisheries", "Arctic shipping [routes]"]
    assert record["summary"] == "Officials met.\nA second line."
    assert [(s["title"], s["url"]) for s in record["sources"]] == [
        ("https://example.org/lakes/4", "https://example.org/lakes/4"),
        ("Invented communiqué, 9 August 2024", None),
    ]


def test_a_full_day_is_a_toml_date_anything_else_a_string(folder: Path) -> None:
    for number, (date, expected) in enumerate([
        ("2024-08-09", dt.date(2024, 8, 9)),
        ("2024-08", "2024-08"),
        ("2018-21", "2018-21"),
        ("2024-08-09~", "2024-08-09~"),
        ("2018-01-21/2018-01-31", "2018-01-21/2018-01-31"),
    ]):
        result = run("new", "--records", str(folder), "--as-of", TODAY, "--title", f"Meeting {number}", "--date", date, "--source", "s")
        assert result.exit_code == 0, result.output
        data = tomli.loads(Path(result.stdout.strip()).read_text(encoding="utf-8"))
        assert data["date"] == expected
        # and it is shown no more precisely than written
        stem = Path(result.stdout.strip()).stem
        shown = json.loads(run("show", stem, "--records", str(folder), "--format", "json").stdout)
        assert shown["date"]["display"] == parse_date(date).display()


def test_default_id_and_status(folder: Path) -> None:
    past = run("new", "--records", str(folder), "--as-of", TODAY, "--title", "Çavuşoğlu's visit", "--date", "2019-05", "--source", "s")
    assert past.exit_code == 0, past.output
    assert Path(past.stdout.strip()).name == "2019-05-cavusoglus-visit.toml"
    assert tomli.loads(Path(past.stdout.strip()).read_text(encoding="utf-8"))["status"] == "held"

    future = run("new", "--records", str(folder), "--as-of", TODAY, "--title", "Next round", "--date", "2031~", "--source", "s")
    assert future.exit_code == 0, future.output
    assert Path(future.stdout.strip()).name == "2031-next-round.toml"
    assert tomli.loads(Path(future.stdout.strip()).read_text(encoding="utf-8"))["status"] == "planned"

    given_id = run("new", "--records", str(folder), "--as-of", TODAY, "--title", "X", "--date", "2019", "--source", "s", "--id", "my-id.toml")
    assert given_id.exit_code == 0, given_id.output
    assert Path(given_id.stdout.strip()).name == "my-id.toml"


# -- never overwrite -----------------------------------------------------------------------------


def test_new_never_changes_an_existing_file(folder: Path) -> None:
    target = folder / "taken.toml"
    target.write_bytes(b"this is not even TOML = = =\n")
    os.utime(target, ns=(1_000_000_000, 1_000_000_000))
    before = snapshot(folder)
    result = run("new", "--records", str(folder), "--as-of", TODAY, "--title", "T", "--date", "2020", "--source", "s", "--id", "taken")
    assert result.exit_code == 1
    assert "already exists" in result.stderr and "nothing was written" in result.stderr
    assert snapshot(folder) == before  # same files, same bytes, same times: nothing at all written


def test_an_id_taken_in_a_subfolder_is_taken(folder: Path) -> None:
    (folder / "2019").mkdir()
    (folder / "2019" / "dup.toml").write_text(EXISTING.replace("round = 3", "round = 7"), encoding="utf-8")
    before = snapshot(folder)
    result = run("new", "--records", str(folder), "--as-of", TODAY, "--title", "T", "--date", "2020", "--source", "s", "--id", "dup")
    assert result.exit_code == 1
    assert "2019/dup.toml" in result.stderr
    assert snapshot(folder) == before


def test_the_writer_refuses_a_file_that_appears_meanwhile(tmp_path: Path) -> None:
    # The last line of defence: write_atomic(overwrite=False) links, which fails if the name exists.
    from briefing.atomic import WriteError, write_atomic

    target = tmp_path / "x.toml"
    target.write_bytes(b"old")
    with pytest.raises(WriteError):
        write_atomic(target, b"new", overwrite=False)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.toml"]  # no temporary file left behind


# -- bad values: exit 2, nothing written -----------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2024-02-30"], "--date: '2024-02-30': Feb 2024 has no day 30"),
        (["--date", "next year"], "--date: 'next year' is not a date"),
        (["--country", "Uzbekstan"], "--country: unknown country 'Uzbekstan' (did you mean Uzbekistan?)"),
        (["--kind", "sumit"], "--kind: 'sumit' is not one of"),
        (["--status", "done"], "--status: 'done' is not one of: held, planned, postponed, cancelled"),
        (["--series", "lake"], "--series: no series 'lake' (did you mean 'lakes'?)"),
        (["--series", "lakes", "--round", "3"], "--round: round 3 of series 'lakes' is already claimed by 2021-06-02-lakes-3"),
        (["--id", "../escape"], "--id: '../escape' cannot be a file name"),
        (["--title", "   "], "--title: must not be empty"),
        (["--title", "日本"], "--id: the title has no letters or digits to make an id from"),
    ],
)
def test_bad_values_exit_2_and_write_nothing(folder: Path, args: list[str], message: str) -> None:
    base = {"--title": "Fictional talks", "--date": "2024-08-09", "--source": "s"}
    given = dict(zip(args[::2], args[1::2]))
    merged = [x for k, v in {**base, **given}.items() for x in (k, v)]
    before = snapshot(folder)
    result = run("new", "--records", str(folder), "--as-of", TODAY, *merged)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(folder) == before
    assert not (folder / ".schema").exists()


def test_missing_values_without_a_terminal_exit_2(folder: Path) -> None:
    before = snapshot(folder)
    result = run("new", "--records", str(folder), "--title", "T")
    assert result.exit_code == 2
    assert "missing --date, --source (no terminal to ask on)" in result.stderr
    assert snapshot(folder) == before


def test_refuses_to_write_into_the_bundled_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BRIEFING_RECORDS", raising=False)
    result = run("new", "--title", "T", "--date", "2020", "--source", "s")
    assert result.exit_code == 2
    assert "give --records DIR" in result.stderr


def test_uses_records_env_and_creates_a_missing_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BRIEFING_RECORDS", str(tmp_path / "mine"))
    result = run("new", "--title", "First one", "--date", "2020-01", "--source", "s", "--as-of", TODAY)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "mine" / "2020-01-first-one.toml").is_file()
    assert "created folder" in result.stderr


# -- prompts -----------------------------------------------------------------------------------


def test_prompts_for_what_is_missing_at_a_terminal(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import briefing.cli.authoring as authoring

    monkeypatch.setattr(authoring, "_interactive", lambda: True)
    answers = "\n".join(
        [
            "Fictional harbour talks",  # title
            "2024-13",  # a bad date: asked again
            "2024-11",  # date
            "https://example.org/harbour",  # first source
            "Harbour press note",  # another source
            "",  # no more sources
            "vist",  # a kind that does not exist: asked again
            "visit",  # kind
            "Atlantis, Norway",  # unknown country: asked again
            "NO, Iceland",  # countries
            "done",  # a status that does not exist: asked again
            "",  # status: the default, held (dated before today)
        ]
    )
    result = run("new", "--records", str(folder), "--as-of", TODAY, input=answers + "\n")
    assert result.exit_code == 0, result.output
    assert "there is no month 13" in result.output
    assert "unknown country 'Atlantis'" in result.output
    assert "'vist' is not one of" in result.output and "did you mean 'visit'?" in result.output
    assert "Status (held, planned, postponed, cancelled) [held]" in result.stderr
    path = folder / "2024-11-fictional-harbour-talks.toml"
    assert "Title" in result.stderr and "Title" not in result.stdout  # questions on stderr: stdout is the path
    assert Path(result.stdout.strip().splitlines()[-1]) == path
    data = tomli.loads(path.read_text(encoding="utf-8"))
    assert data["title"] == "Fictional harbour talks"
    assert data["date"] == "2024-11"
    assert data["kind"] == "visit"
    assert data["countries"] == ["NO", "IS"]
    assert [s["title"] for s in data["sources"]] == ["https://example.org/harbour", "Harbour press note"]


def test_no_prompt_when_everything_is_given(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import briefing.cli.authoring as authoring

    monkeypatch.setattr(authoring, "_interactive", lambda: True)
    result = run("new", "--records", str(folder), "--as-of", TODAY, "--title", "T", "--date", "2020", "--source", "s", "--status", "held", input="")
    assert result.exit_code == 0, result.output
    assert "Kind" not in result.output and "Status" not in result.output
    assert "kind" not in tomli.loads((folder / "2020-t.toml").read_text(encoding="utf-8"))


# -- the #:schema line ---------------------------------------------------------------------------


def test_schema_line_points_to_a_current_schema_it_writes_once(folder: Path) -> None:
    first = run("new", "--records", str(folder), "--as-of", TODAY, "--title", "A", "--date", "2020", "--source", "s")
    assert first.exit_code == 0, first.output
    path = Path(first.stdout.strip())
    line = path.read_text(encoding="utf-8").splitlines()[0]
    ref = line.removeprefix("#:schema ")
    schema = (path.parent / ref).resolve()
    assert schema.read_text(encoding="utf-8") == schema_text()
    assert "wrote" in first.stderr

    schema.write_text(schema.read_text(encoding="utf-8").replace("held (default)", "HELD"), encoding="utf-8")
    stale = schema.read_bytes()
    second = run("new", "--records", str(folder), "--as-of", TODAY, "--title", "B", "--date", "2020", "--source", "s")
    assert second.exit_code == 0, second.output
    assert "out of date" in second.stderr
    assert schema.read_bytes() == stale  # left alone


def test_schema_beside_the_records_folder_is_used(tmp_path: Path) -> None:
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "meeting.schema.json").write_text(schema_text(), encoding="utf-8")
    (tmp_path / "records").mkdir()
    result = run("new", "--records", str(tmp_path / "records"), "--title", "A", "--date", "2020", "--source", "s", "--as-of", TODAY)
    assert result.exit_code == 0, result.output
    assert Path(result.stdout.strip()).read_text(encoding="utf-8").startswith("#:schema ../schema/meeting.schema.json\n")
    assert not (tmp_path / "records" / ".schema").exists()


# -- the pure part, over many inputs -------------------------------------------------------------

DATES = st.sampled_from(["2024", "2024-08", "2024-08-09", "2018-21", "2018-01~", "2018?", "201X", "2018-01-21/2018-01-31", "2004-06-XX"])
TEXT = st.text(min_size=1, max_size=60).filter(lambda s: s.strip())


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=TEXT, date=DATES, topic=TEXT, source=TEXT, city=TEXT)
def test_what_build_accepts_the_loader_reads_back(tmp_path: Path, title: str, date: str, topic: str, source: str, city: str) -> None:
    draft = Draft(title=title, date=date, sources=(source,), topics=(topic,), city=city, countries=("JP",), record_id="x")
    try:
        built = build(draft, dt.date(2030, 1, 1))
    except DraftError:
        return  # a value the model rejects is refused before writing; nothing to read back
    raw = render(built.data, "./.schema/meeting.schema.json")
    record, problems = parse_record(raw, tmp_path / "x.toml", tmp_path, "x.toml")
    assert problems == [] and record is not None
    assert record.title == built.data["title"]
    assert record.date.text == parse_date(date).text
    assert list(record.topics) == built.data["topics"]
    assert record.place is not None and record.place.city == built.data["place"]["city"]
    assert raw.startswith(b"#:schema ./.schema/meeting.schema.json\n")


def test_control_characters_are_written_visible(folder: Path) -> None:
    result = run("new", "--records", str(folder), "--as-of", TODAY, "--title", "Evil\x1b[31m title\u202e", "--date", "2020", "--source", "s", "--id", "evil")
    assert result.exit_code == 0, result.output
    raw = (folder / "evil.toml").read_bytes()
    assert b"\x1b" not in raw and "\u202e".encode() not in raw
    loaded = load(folder, dt.date(2030, 1, 1))
    assert not loaded.errors
    assert {m.id: m.title for m in loaded.meetings}["evil"] == "Evil\\x1b[31m title\\u202e"


def test_slug_and_default_id() -> None:
    assert slug("The 9th Foreign Ministers' Meeting of the Central Asia plus Japan Dialogue") == "the-9th-foreign-ministers-meeting-of-the-central"
    assert len(slug("word " * 40)) <= 50
    assert default_id(parse_date("2018-01-21/2018-01-31~"), "Talks") == "2018-01-21-talks"
    assert default_id(parse_date("2024-08?"), "Ünïcödé talks") == "2024-08-unicode-talks"
    assert default_id(parse_date("XXXX"), "Courtesy visit") == "undated-courtesy-visit"
