"""Reports and `check` say on stderr which records folder they read when --records did not name it,
and warn when records were expected where they ran but the bundled ones were read.

Standard output is never changed by it: JSON stays JSON. Fictional records only.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import briefing.cli.which as which
from tests.helpers import MINIMAL, write

BUNDLED = "records: bundled with briefing ("


@pytest.fixture()
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_the_bundled_records_are_named_and_json_stays_pure(invoke, here: Path) -> None:
    result = invoke("next", "-f", "json", "--as-of", "2026-11-22")
    assert result.exit_code == 0
    assert result.stderr.startswith(BUNDLED) and "meetings)" in result.stderr
    json.loads(result.stdout)  # nothing but the report on stdout


def test_check_names_the_bundled_records_too(invoke, here: Path) -> None:
    result = invoke("check")
    assert result.exit_code == 0
    assert result.stdout.startswith("ok: ")
    assert result.stderr.startswith(BUNDLED)


def test_nothing_is_said_when_records_names_the_folder(invoke, here: Path) -> None:
    write(here / "mine", "2021-03-04-a.toml", MINIMAL.format(title="A fictional meeting", date="2021-03-04"))
    for command in (["check"], ["timeline"], ["next", "--as-of", "2021-01-01"]):
        result = invoke(*command, "--records", here / "mine")
        assert result.exit_code == 0, result.output
        assert result.stderr == "", (command, result.stderr)


def test_the_environment_variable_is_named(invoke, here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(here / "mine", "2021-03-04-a.toml", MINIMAL.format(title="A fictional meeting", date="2021-03-04"))
    monkeypatch.setenv("BRIEFING_RECORDS", "mine")
    result = invoke("timeline")
    assert result.exit_code == 0
    assert result.stderr == "records: mine (from $BRIEFING_RECORDS, 1 meeting)\n"


def test_the_records_folder_beside_is_named_at_a_terminal_only(invoke, here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(here / "records", "2021-03-04-a.toml", MINIMAL.format(title="A fictional meeting", date="2021-03-04"))
    assert invoke("timeline").stderr == ""
    monkeypatch.setattr(which, "_stderr_is_terminal", lambda: True)
    assert invoke("timeline").stderr == "records: ./records (1 meeting)\n"


@pytest.mark.parametrize("command", [["check"], ["timeline"], ["series"], ["search", "water"]])
def test_a_folder_of_records_without_records_folder_is_warned_about(invoke, here: Path, command: list[str]) -> None:
    write(here, "2021-03-04-a.toml", MINIMAL.format(title="A fictional meeting", date="2021-03-04"))
    write(here, "pyproject.toml", '[project]\nname = "x"\n')
    result = invoke(*command)
    assert result.stderr.startswith("warning: read the records bundled with briefing ("), result.stderr
    assert "this folder holds meeting records (such as 2021-03-04-a.toml) and no records/ folder" in result.stderr
    assert "give --records . (or set $BRIEFING_RECORDS) to read this folder" in result.stderr
    assert BUNDLED not in result.stderr  # the warning says it: one line


def test_an_empty_folder_called_records_is_warned_about(invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "records").mkdir()
    monkeypatch.chdir(tmp_path / "records")
    result = invoke("check")
    assert result.exit_code == 0  # the bundled records are fine; the warning says they are not these
    assert "this folder is called records (and has no records/ of its own)" in result.stderr


def test_a_records_file_that_is_not_a_folder_is_warned_about(invoke, here: Path) -> None:
    (here / "records").write_text("not a folder\n", encoding="utf-8")
    result = invoke("timeline")
    assert "./records here is not a folder; give --records DIR" in result.stderr


def test_a_folder_of_other_toml_files_is_not_taken_for_records(invoke, here: Path) -> None:
    write(here, "pyproject.toml", '[project]\nname = "x"\n')
    write(here, "config.toml", 'title = "not a meeting"\n')
    result = invoke("timeline")
    assert result.stderr.startswith(BUNDLED), result.stderr
    assert "warning" not in result.stderr


def test_a_settings_file_here_means_records_were_expected(invoke, here: Path) -> None:
    write(here, "briefing.toml", "[home]\ncountry = 'NO'\n")
    assert "this folder has a briefing.toml and no records/ folder" in invoke("timeline").stderr
