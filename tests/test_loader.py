"""The loader: folder → (records, problems), never an exception on user data."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from briefing import loader
from briefing.model import Severity
from tests.helpers import MINIMAL, write

TODAY = dt.date(2024, 1, 1)


def good(folder: Path, name: str = "2020-01-01-good.toml", **fields: str) -> Path:
    return write(folder, name, MINIMAL.format(title=fields.get("title", "Good"), date=fields.get("date", "2020-01-01")))


def test_id_is_the_file_stem_anywhere_below(tmp_path: Path) -> None:
    good(tmp_path, "2022/asia/2022-12-24-ca-japan-fm-9.toml")
    result = loader.load(tmp_path, TODAY)
    assert [m.id for m in result.meetings] == ["2022-12-24-ca-japan-fm-9"]
    assert result.problems == ()


def test_skips_hidden_backup_and_other_files(tmp_path: Path) -> None:
    good(tmp_path)
    for name in (".hidden.toml", "x.toml~", "#x.toml#", "notes.txt", "x.toml.bak", ".git/config.toml"):
        write(tmp_path, name, "this is not toml [[[")
    result = loader.load(tmp_path, TODAY)
    assert result.files == 1 and result.problems == ()


def test_folder_named_toml_and_symlink_loop(tmp_path: Path) -> None:
    good(tmp_path)
    (tmp_path / "folder.toml").mkdir()
    os.symlink(tmp_path, tmp_path / "loop")
    result = loader.load(tmp_path, TODAY)
    assert [m.id for m in result.meetings] == ["2020-01-01-good"]


def test_bom_is_fine(tmp_path: Path) -> None:
    path = good(tmp_path)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert loader.load(tmp_path, TODAY).problems == ()


def test_large_file_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    path.write_bytes(b"# " + b"x" * (loader.MAX_FILE_BYTES + 10))
    good(tmp_path)
    result = loader.load(tmp_path, TODAY)
    assert len(result.meetings) == 1
    [problem] = result.problems
    assert "huge.toml" in problem.path and "limited to" in problem.message


def test_control_characters_are_made_visible_at_load(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", MINIMAL.format(title="Bad\\u001b[2Jtitle\\u202e", date="2020-01-01"))
    [m] = loader.load(tmp_path, TODAY).meetings
    assert "\x1b" not in m.title and "\u202e" not in m.title
    assert m.title == "Bad\\x1b[2Jtitle\\u202e"


def test_countries_resolve_to_codes(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", """
        title = "Fictional"
        date = "2019"
        countries = ["Türkiye", "turkey", "Kyrgyz Republic", "UZB"]
        [[participants]]
        name = "A. Person"
        country = "Republic of Türkiye"
        [[sources]]
        title = "A fictional source"
    """)
    [m] = loader.load(tmp_path, TODAY).meetings
    assert m.countries == ("TR", "TR", "KG", "UZ")
    assert m.participants[0].country == "TR"


def test_cross_file_checks(tmp_path: Path) -> None:
    write(tmp_path, "series/talks.toml", """
        name = "Fictional talks"
        [[sources]]
        title = "A fictional source"
    """)
    for name in ("a/one.toml", "b/one.toml"):
        good(tmp_path, name)
    for name in ("r1.toml", "r1-again.toml"):
        write(tmp_path, name, """
            title = "Round one"
            date = 2020-01-01
            series = "talks"
            round = 1
            [[sources]]
            title = "A fictional source"
        """)
    write(tmp_path, "future.toml", MINIMAL.format(title="Future", date="2030-01-01"))
    result = loader.load(tmp_path, TODAY)
    messages = [str(p) for p in result.problems]
    assert any("duplicate id 'one'" in m for m in messages)
    assert any("round 1 of series 'talks' is also claimed by" in m for m in messages)
    [future] = [p for p in result.problems if "future.toml" in p.path]
    assert future.severity is Severity.warning and "after today" in future.message
    assert len(result.series) == 1


def test_problem_lines_for_nested_tables(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", """
        title = "Fictional"
        date = 2020-01-01

        [[participants]]
        name = "First"

        [[participants]]
        name = "Second"
        country = "Atlantis"

        [[sources]]
        title = "A fictional source"
    """)
    [problem] = loader.load(tmp_path, TODAY).problems
    assert (problem.line, problem.field) == (9, "participants[1].country")
    assert "unknown country 'Atlantis'" in problem.message


def test_huge_wrong_value_is_not_echoed(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", 'title = "x"\ndate = 2020-01-01\nround = "' + "9" * 200_000 + 'x"\n[[sources]]\ntitle = "s"\n')
    [problem] = loader.load(tmp_path, TODAY).problems
    assert len(str(problem)) < 300


def test_records_dir_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert loader.records_dir(tmp_path / "x", {"BRIEFING_RECORDS": "/env"}, tmp_path) == tmp_path / "x"
    assert loader.records_dir(None, {"BRIEFING_RECORDS": "/env"}, tmp_path) == Path("/env")
    assert loader.records_dir(None, {}, tmp_path) == loader.bundled_records()
    (tmp_path / "records").mkdir()
    assert loader.records_dir(None, {}, tmp_path) == tmp_path / "records"


def test_digest_changes_with_content(tmp_path: Path) -> None:
    path = good(tmp_path)
    first = loader.load(tmp_path, TODAY).digest
    assert first == loader.load(tmp_path, TODAY).digest
    path.write_text(path.read_text().replace("Good", "Changed"))
    assert loader.load(tmp_path, TODAY).digest != first


def test_problems_in_a_file_read_top_to_bottom(tmp_path: Path) -> None:
    # pydantic reports fields in model order (title, date, ..., sources); the file's order wins.
    write(tmp_path, "a.toml", """
        sources = []
        date = "2021-13"
        title = ""
    """)
    lines = [p.line for p in loader.load(tmp_path, TODAY).problems]
    assert lines == [1, 2, 3]
