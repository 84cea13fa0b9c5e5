"""`briefing check` and `briefing show` through the CLI, and the bundled records."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.helpers import MINIMAL, REPO, write


def test_bundled_records_check_clean(invoke) -> None:
    result = invoke("check", "--records", REPO / "records")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("ok: ")


def test_check_from_any_folder_uses_bundled_records(tmp_path: Path) -> None:
    env = {k: v for k, v in __import__("os").environ.items() if k != "BRIEFING_RECORDS"}
    proc = subprocess.run([sys.executable, "-m", "briefing", "check"], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 error(s)" in proc.stdout


def test_every_bundled_record_cites_a_source(invoke) -> None:
    from briefing.loader import load
    import datetime as dt

    result = load(REPO / "records", dt.date(2026, 11, 22))
    assert len(result.meetings) >= 15
    for m in result.meetings:
        assert m.sources and all(s.title for s in m.sources), m.id


def test_check_json(tmp_path: Path, invoke) -> None:
    write(tmp_path, "bad.toml", MINIMAL.format(title="x", date='"2020-13"'))
    result = invoke("check", "--records", tmp_path, "-f", "json")
    assert result.exit_code == 1
    doc = json.loads(result.output)
    assert doc["errors"] == 1
    assert doc["problems"][0]["line"] == 2 and doc["problems"][0]["field"] == "date"


def test_warnings_alone_exit_0(tmp_path: Path, invoke) -> None:
    write(tmp_path, "future.toml", MINIMAL.format(title="x", date="2030-01-01"))
    result = invoke("check", "--records", tmp_path, "--as-of", "2024-01-01")
    assert result.exit_code == 0
    assert "warning:" in result.output


def test_check_usage_errors(tmp_path: Path, invoke) -> None:
    assert invoke("check", "--records", tmp_path / "nope").exit_code == 2
    assert invoke("check", "-f", "markdown", "--records", tmp_path).exit_code == 2
    assert invoke("check", "--as-of", "tomorrow", "--records", tmp_path).exit_code == 2
    assert invoke("chek").exit_code == 2


def test_typo_in_command_suggests(invoke) -> None:
    result = invoke("chek")
    assert result.exit_code == 2
    assert "Did you mean 'check'?" in result.output


def test_show_formats(tmp_path: Path, invoke) -> None:
    write(tmp_path, "2021-05-03-talks.toml", """
        title = "Fictional talks"
        date = "2021-05"
        kind = "foreign-ministers"
        countries = ["UZ", "Japan"]
        topics = ["water", "energy"]
        [[participants]]
        name = "A. Person"
        role = "Minister"
        country = "UZ"
        head_of_delegation = true
        [[sources]]
        title = "A fictional source"
        publisher = "Nobody"
    """)
    text = invoke("show", "2021-05-03-talks", "--records", tmp_path)
    assert text.exit_code == 0, text.output
    assert "May 2021" in text.output and "Uzbekistan" in text.output and "A. Person" in text.output
    md = invoke("show", "2021-05-03-talks", "--records", tmp_path, "-f", "markdown")
    assert md.output.startswith("# Fictional talks\n")
    doc = json.loads(invoke("show", "2021-05-03-talks", "--records", tmp_path, "-f", "json").output)
    assert doc["date"]["precision"] == "month" and doc["date"]["earliest"] == "2021-05-01"
    assert doc["countries"] == ["UZ", "JP"]


def test_show_unknown_id_suggests(tmp_path: Path, invoke) -> None:
    write(tmp_path, "2021-05-03-talks.toml", MINIMAL.format(title="x", date="2021-05-03"))
    result = invoke("show", "2021-05-03-talk", "--records", tmp_path)
    assert result.exit_code == 2
    assert "did you mean: 2021-05-03-talks" in result.output


def test_a_record_whose_file_does_not_load_is_named_not_guessed_at(tmp_path: Path, invoke) -> None:
    """Asked for by its id, a record whose file is broken is no typo: exit 1, its file and its
    problem named, and never another record offered in its place."""
    write(tmp_path, "2021-05-03-talks.toml", MINIMAL.format(title="Fictional talks", date="2021-05-03"))
    write(tmp_path, "2021-05-04-talks.toml", MINIMAL.format(title="Fictional talks", date="2021-05-04"))
    write(tmp_path, "2021-05-05-talks.toml", MINIMAL.format(title="Fictional talks", date='"2021-13"'))
    for args in (["show", "2021-05-05-talks"], ["compare", "2021-05-03-talks", "2021-05-05-talks"]):
        result = invoke(*args, "--records", tmp_path)
        assert result.exit_code == 1, result.output
        assert "2021-05-05-talks.toml:2: date:" in result.output  # what is wrong, where
        assert "2021-05-05-talks.toml has problems; fix them first (briefing check, briefing edit 2021-05-05-talks)" in result.output
        assert "did you mean" not in result.output
    # Asked for by its round, it cannot be named (its file gave no round), but it is not denied.
    write(tmp_path, "series/fictional.toml", 'name = "Fictional talks"\n[[sources]]\ntitle = "s"\n')
    write(tmp_path, "2021-06-01-fictional-1.toml", 'title = "Round 1"\ndate = 2021-06-01\nseries = "fictional"\nround = 1\n[[sources]]\ntitle = "s"\n')
    result = invoke("compare", "fictional", "1", "2", "--records", tmp_path)
    assert "has no round 2 on record; rounds on record: 1; 1 file(s) did not load and may hold it (briefing check)" in result.output
    # A typo still gets its suggestions (exit 2), broken files or not.
    result = invoke("show", "2021-05-04-talk", "--records", tmp_path)
    assert result.exit_code == 2 and "did you mean: 2021-05-04-talks" in result.output


def test_show_output_file_is_not_overwritten(tmp_path: Path, invoke) -> None:
    write(tmp_path, "r/a.toml", MINIMAL.format(title="x", date="2021-05-03"))
    out = tmp_path / "memo.md"
    out.write_text("precious")
    result = invoke("show", "a", "--records", tmp_path / "r", "-f", "markdown", "-o", out)
    assert result.exit_code == 1
    assert out.read_text() == "precious"
    result = invoke("show", "a", "--records", tmp_path / "r", "-f", "markdown", "-o", out, "--force")
    assert result.exit_code == 0 and out.read_text().startswith("# x")


def test_every_command_has_help(invoke) -> None:
    from briefing.cli import app
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        assert command.help, f"{name} has no help"
        assert invoke(name, "--help").exit_code == 0
