"""`-o`: '-' is standard output; the extension picks the format when -f is not given, and an
extension that says another format than -f is a usage error (exit 2) before anything is read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.report_support import meeting, world

# Every command with -o, with what it needs besides -o (records are added where they are read).
COMMANDS: dict[str, list[str]] = {
    "country": ["country", "uz"],
    "timeline": ["timeline"],
    "next": ["next"],
    "compare": ["compare", "alpha-talks", "1", "2"],
    "series": ["series"],
    "search": ["search", "alpha"],
    "show": ["show", "alpha-1"],
}


@pytest.fixture
def records(tmp_path: Path) -> Path:
    return world(tmp_path / "records")


def run(invoke, records: Path, name: str, *more: str):  # type: ignore[no-untyped-def]
    return invoke(*COMMANDS[name], "--records", records, "--as-of", "2019-01-01", *more) if name != "show" else invoke(
        *COMMANDS[name], "--records", records, *more
    )


def without_command(text: str) -> object:
    """A report less the command line that made it (which quotes -o)."""
    if text.lstrip().startswith("{"):
        doc = json.loads(text)
        doc.get("meta", {}).pop("command", None)
        return doc
    return [line for line in text.splitlines() if "Made with" not in line]


@pytest.mark.parametrize("name", COMMANDS)
def test_dash_is_standard_output(invoke, records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.chdir(tmp_path)
    plain = run(invoke, records, name, "-f", "json")
    dashed = run(invoke, records, name, "-f", "json", "-o", "-")
    assert dashed.exit_code == 0, dashed.output
    assert without_command(dashed.stdout) == without_command(plain.stdout)
    assert "wrote" not in dashed.stderr
    assert not (tmp_path / "-").exists()
    text = run(invoke, records, name, "-o", "-")
    assert text.exit_code == 0 and text.stdout == run(invoke, records, name).stdout


@pytest.mark.parametrize("name", COMMANDS)
def test_the_extension_picks_the_format(invoke, records: Path, tmp_path: Path, name: str) -> None:
    target = tmp_path / "out.json"
    result = run(invoke, records, name, "-o", target)
    assert result.exit_code == 0, result.output
    written = target.read_text(encoding="utf-8")
    assert without_command(written) == without_command(run(invoke, records, name, "-f", "json").stdout)
    memo = tmp_path / "out.md"
    assert run(invoke, records, name, "-o", memo).exit_code == 0
    assert without_command(memo.read_text(encoding="utf-8")) == without_command(run(invoke, records, name, "-f", "markdown").stdout)


@pytest.mark.parametrize("name", COMMANDS)
def test_an_extension_against_the_format_is_a_usage_error(invoke, records: Path, tmp_path: Path, name: str) -> None:
    target = tmp_path / "out.md"
    result = run(invoke, records, name, "-f", "json", "-o", target)
    assert result.exit_code == 2
    assert f"--output {target}: a .md file is for markdown, not json; name it out.json" in result.stderr
    assert not target.exists()


def test_a_file_named_dash_is_still_possible(invoke, records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("timeline", "--records", records, "-o", "./-")
    assert result.exit_code == 0 and (tmp_path / "-").read_text(encoding="utf-8").startswith("Timeline")


def test_next_to_an_ics_file_writes_a_calendar(invoke, records: Path, tmp_path: Path) -> None:
    target = tmp_path / "x.ics"
    result = invoke("next", "--records", records, "--as-of", "2019-01-01", "-o", target)
    assert result.exit_code == 0, result.output
    cal = Calendar.from_ical(target.read_bytes())
    assert cal.walk("VEVENT") and cal.walk("VTODO")


def test_an_extension_the_command_cannot_write(invoke, records: Path, tmp_path: Path) -> None:
    result = invoke("country", "uz", "--records", records, "-o", tmp_path / "uz.ics")
    assert result.exit_code == 2
    assert "a .ics file is for ics, and 'country' writes text, markdown, json" in result.stderr
    # Checked before any record is read: even a missing records folder is not reached.
    assert invoke("country", "uz", "--records", tmp_path / "nowhere", "-o", tmp_path / "uz.ics").exit_code == 2
    assert "does not exist" not in invoke("timeline", "--records", tmp_path / "nowhere", "-f", "json", "-o", tmp_path / "t.md").stderr


def test_other_extensions_keep_the_default(invoke, records: Path, tmp_path: Path) -> None:
    target = tmp_path / "notes.out"
    assert invoke("timeline", "--records", records, "-o", target).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("Timeline")
    memo = tmp_path / "memo.txt"  # Markdown is plain text too: a memo may be a .txt
    assert invoke("timeline", "--records", records, "-f", "markdown", "-o", memo).exit_code == 0
    assert memo.read_text(encoding="utf-8").startswith("# Timeline")
    assert invoke("timeline", "--records", records, "-f", "json", "-o", tmp_path / "t.txt").exit_code == 2


def test_schema_output(invoke, tmp_path: Path) -> None:
    assert invoke("schema", "-o", tmp_path / "s.md").exit_code == 2
    result = invoke("schema", "-o", "-")
    assert result.exit_code == 0 and json.loads(result.stdout)["title"]


def test_format_typos_get_did_you_mean(invoke, records: Path) -> None:
    result = invoke("next", "--records", records, "-f", "ical")
    assert result.exit_code == 2
    assert "--format: 'ical' is not one of: text, markdown, json, ics (did you mean 'ics'?)" in result.stderr
    assert invoke("timeline", "--records", records, "-f", "JSON").exit_code == 0  # any case


def test_help_lists_only_the_formats_of_the_command(invoke) -> None:
    assert "text|markdown|json|ics" in invoke("next", "--help").stdout
    shown = invoke("country", "--help").stdout
    assert "text|markdown|json" in shown and "ics" not in shown


def test_dash_ignores_force_and_a_terminal_is_not_needed(invoke, records: Path, tmp_path: Path) -> None:
    meeting(records, "extra", "Extra meeting", "2018-05-05", countries=["UZ"])
    result = invoke("timeline", "--records", records, "-o", "-", "--force")
    assert result.exit_code == 0 and "Extra meeting" in result.stdout
