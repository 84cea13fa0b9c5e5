"""The user's config file (briefing.toml in $BRIEFING_CONFIG_DIR, else the user's config folder):
the records folder, the home side and the memo header by default; option > environment > config
file > default; `briefing config` says which is in force and where it came from; a broken file
is `path:line: field: message` and exit 1. Every test has its own config folder (conftest), so
none reads or writes the real one."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.loader.config import config_path
from tests.report_support import world


@pytest.fixture
def records(tmp_path: Path) -> Path:
    return world(tmp_path / "records")


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    folder.mkdir()
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(folder))
    for name in ("BRIEFING_RECORDS", "BRIEFING_HOME_SIDE", "BRIEFING_MEMO_TO", "BRIEFING_MEMO_FROM", "BRIEFING_MEMO_MARKING"):
        monkeypatch.delenv(name, raising=False)
    return folder


def write_config(folder: Path, text: str) -> Path:
    path = folder / "briefing.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_config_folder_is_the_users_by_platformdirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("BRIEFING_CONFIG_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    import sys

    if sys.platform.startswith("linux"):
        assert config_path() == tmp_path / "xdg" / "briefing" / "briefing.toml"
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(tmp_path / "mine"))
    assert config_path() == tmp_path / "mine" / "briefing.toml"


def test_no_config_file_is_no_problem(invoke, config_dir: Path, records: Path) -> None:
    result = invoke("config", "--records", records)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"config file: {config_dir / 'briefing.toml'} (none there: every setting is its default or comes from the environment)"
    assert lines[2].split() == ["records", str(records), "option", "(--records)"]
    assert lines[3].split() == ["home", "none", "default"]
    assert lines[4].startswith("memo.to") and "not set" in lines[4] and "default" in lines[4]


def test_the_config_file_gives_records_home_and_memo_header(invoke, config_dir: Path, records: Path) -> None:
    write_config(config_dir, f'records = "{records}"\n\n[home]\ncountry = "Norway"\n\n[memo]\nto = "Nordic desk"\nfrom = "Analysis"\nmarking = "OFFICIAL"\n')
    out = invoke("timeline", "-f", "markdown", "--as-of", "2020-01-01")
    assert out.exit_code == 0, out.output
    memo = out.stdout
    assert memo.startswith("**OFFICIAL**\n\n# Timeline\n\n**To:** Nordic desk\\\n**From:** Analysis\\\n**Date:** 1 January 2020\\\n**Subject:** Timeline\n")
    assert "Home side: Norway (from the config file)." in memo
    assert "7 of 7 meetings" in memo  # the config's records folder
    shown = invoke("config").stdout.splitlines()
    assert shown[0] == f"config file: {config_dir / 'briefing.toml'}"
    assert [line.split()[0] for line in shown[2:]] == ["records", "home", "memo.to", "memo.from", "memo.marking"]
    assert all("config file" in line for line in shown[2:]), shown
    # Text and JSON reports take no header from it (it is for Markdown memos).
    assert invoke("timeline", "-f", "json", "--as-of", "2020-01-01").exit_code == 0


def test_option_beats_environment_beats_config_file(invoke, config_dir: Path, records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = world(tmp_path / "other")
    write_config(config_dir, f'records = "{tmp_path / "nowhere"}"\n[home]\ncountry = "Norway"\n[memo]\nto = "From the file"\n')
    monkeypatch.setenv("BRIEFING_RECORDS", str(other))
    monkeypatch.setenv("BRIEFING_MEMO_TO", "From the environment")
    shown = {line.split()[0]: line for line in invoke("config").stdout.splitlines()[2:]}
    assert "environment ($BRIEFING_RECORDS)" in shown["records"] and str(other) in shown["records"]
    assert "From the environment" in shown["memo.to"] and "environment ($BRIEFING_MEMO_TO)" in shown["memo.to"]
    assert "config file" in shown["home"]
    memo = invoke("timeline", "-f", "markdown", "--to", "From the option", "--records", records, "--home", "uz").stdout
    assert "**To:** From the option" in memo and "Home side: Uzbekistan (from --home)" in memo
    memo = invoke("timeline", "-f", "markdown").stdout
    assert "**To:** From the environment" in memo and "Home side: Norway (from the config file)" in memo
    monkeypatch.setenv("BRIEFING_HOME_SIDE", "Kazakhstan")
    assert "Home side: Kazakhstan (from $BRIEFING\\_HOME\\_SIDE)" in invoke("timeline", "-f", "markdown").stdout  # escaped: Markdown
    shown = {line.split()[0]: line for line in invoke("config", "--home", "TR").stdout.splitlines()[2:]}
    assert shown["home"].split() == ["home", "TR", "option", "(--home)"]


def test_the_records_folders_own_home_side_comes_before_the_config_file(invoke, config_dir: Path, records: Path) -> None:
    (records / "briefing.toml").write_text('[home]\ncountry = "Uzbekistan"\n', encoding="utf-8")
    write_config(config_dir, '[home]\ncountry = "Norway"\n')
    assert "Home side: Uzbekistan (from briefing.toml)" in invoke("timeline", "--records", records, "-f", "markdown").stdout
    line = [ln for ln in invoke("config", "--records", records).stdout.splitlines() if ln.startswith("home")][0]
    assert "Uzbekistan" in line and "records folder" in line


def test_a_relative_records_folder_is_from_the_config_files_folder(invoke, config_dir: Path) -> None:
    world(config_dir / "notes")
    write_config(config_dir, 'records = "notes"\n')
    result = invoke("timeline", "-f", "json")
    assert result.exit_code == 0, result.output
    assert f"records: {config_dir / 'notes'} (from the config file, 7 meetings)" in result.stderr


def test_writing_commands_use_the_config_files_folder(invoke, config_dir: Path, records: Path) -> None:
    write_config(config_dir, f'records = "{records}"\n')
    result = invoke("held", "alpha-5", "--date", "2019-06-01", "-n")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('records = "x"\nrecrods = "y"\n', "briefing.toml:2: recrods: unknown field"),
        ('[home]\ncountry = "Atlantis"\n', "briefing.toml:2: home.country:"),
        ('[memo]\nto = 3\n', "briefing.toml:2: memo.to:"),
        ('records = "x\n', "briefing.toml:1"),
    ],
)
def test_a_broken_config_file_is_path_line_field_message_and_exit_1(invoke, config_dir: Path, records: Path, text: str, expected: str) -> None:
    path = write_config(config_dir, text)
    for args in (("config",), ("timeline", "-f", "markdown", "--records", records)):
        result = invoke(*args)
        assert result.exit_code == 1, (args, result.output)
        first = result.stderr.splitlines()[0]
        assert first.startswith(str(path.parent) + "/" + expected), first
        assert "Traceback" not in result.output
        assert "the config file has 1 problem(s)" in result.stderr
