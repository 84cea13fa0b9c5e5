"""Checks across files that found nothing before: circles of `fulfilled_by`, and file names that
look the same but are spelled differently (Unicode NFC and NFD)."""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

import pytest

from tests.helpers import write

PLANNED = """
    title = "{title}"
    date = "2020-05"
    status = "planned"
    countries = ["UZ"]
    [[sources]]
    title = "A fictional source"
    [[commitments]]
    text = "Meet again"
    status = "done"
    fulfilled_by = "{other}"
"""


def circle(folder: Path) -> Path:
    write(folder, "2020-05-alpha.toml", PLANNED.format(title="Fictional Alpha talks", other="2020-05-beta"))
    write(folder, "2020-05-beta.toml", PLANNED.format(title="Fictional Beta talks", other="2020-05-alpha"))
    return folder


def test_a_circle_of_fulfilled_by_is_reported_by_check(invoke, tmp_path: Path) -> None:
    result = invoke("check", "--records", circle(tmp_path), "-f", "json")
    assert result.exit_code == 1, result.output
    problems = json.loads(result.stdout)["problems"]
    assert [(Path(p["path"]).name, p["field"], p["line"]) for p in problems] == [
        ("2020-05-alpha.toml", "commitments[0].fulfilled_by", 10),
        ("2020-05-beta.toml", "commitments[0].fulfilled_by", 10),
    ]
    assert "leads back here" in problems[0]["message"] and "2020-05-alpha, 2020-05-beta" in problems[0]["message"]


def test_a_circle_claims_nothing(invoke, tmp_path: Path) -> None:
    """Neither planned meeting counts as held: each says only that the other was."""
    result = invoke("next", "--records", circle(tmp_path), "-f", "json", "--as-of", "2021-01-01")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert sorted(p["meeting"]["id"] for p in doc["needs_confirmation"]) == ["2020-05-alpha", "2020-05-beta"]


def test_a_planned_meeting_that_names_itself_claims_nothing(invoke, tmp_path: Path) -> None:
    """A commitment fulfilled at the meeting it was made at is no error (`done N --by` the same
    meeting, once held), but a planned meeting does not prove itself held by it."""
    write(tmp_path, "2020-05-alpha.toml", PLANNED.format(title="Fictional Alpha talks", other="2020-05-alpha"))
    assert invoke("check", "--records", tmp_path).exit_code == 0
    doc = json.loads(invoke("next", "--records", tmp_path, "-f", "json", "--as-of", "2021-01-01").stdout)
    assert [p["meeting"]["id"] for p in doc["needs_confirmation"]] == ["2020-05-alpha"]


def test_a_held_meeting_still_confirms_a_planned_one(invoke, tmp_path: Path) -> None:
    write(tmp_path, "2020-05-alpha.toml", PLANNED.format(title="Fictional Alpha talks", other="2020-06-beta").replace('status = "planned"\n', ""))
    write(tmp_path, "2020-06-beta.toml", PLANNED.format(title="Fictional Beta talks", other="2020-05-alpha").replace("2020-05", "2020-06"))
    # (alpha, held, names beta; beta, planned, names alpha: a circle all the same, reported.)
    assert invoke("check", "--records", tmp_path).exit_code == 1
    doc = json.loads(invoke("next", "--records", tmp_path, "-f", "json", "--as-of", "2021-01-01").stdout)
    assert doc["needs_confirmation"] == []  # alpha was held: what it says of beta stands


def test_a_long_circle_is_found_without_recursion(invoke, tmp_path: Path) -> None:
    n = sys.getrecursionlimit() + 100
    for i in range(n):
        write(tmp_path, f"2020-05-m{i}.toml", PLANNED.format(title=f"Fictional talks {i}", other=f"2020-05-m{(i + 1) % n}"))
    result = invoke("check", "--records", tmp_path, "-f", "json")
    doc = json.loads(result.stdout)
    assert doc["errors"] == n
    assert all("leads back here" in p["message"] and f"and {n - 5} more" in p["message"] for p in doc["problems"])


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems store names in one normal form")
def test_file_names_that_differ_only_in_nfc_and_nfd_are_reported(invoke, tmp_path: Path) -> None:
    nfc = unicodedata.normalize("NFC", "2020-05-01-türkiye-talks")
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    for name in (nfc, nfd):
        write(tmp_path, f"{name}.toml", 'title = "Fictional talks"\ndate = 2020-05-01\n[[sources]]\ntitle = "A fictional source"\n')
    if len(list(tmp_path.iterdir())) != 2:
        pytest.skip("this file system folds the two names into one")
    result = invoke("check", "--records", tmp_path, "-f", "json")
    assert result.exit_code == 1, result.output
    [problem] = json.loads(result.stdout)["problems"]
    assert "looks the same as" in problem["message"] and "NFC and NFD" in problem["message"]


FORGED = "ok: 2 file(s), 2 record(s) loaded (2 meeting(s), 0 series); 0 error(s), 0 warning(s)"


def test_a_newline_in_a_file_name_cannot_forge_a_line(tmp_path: Path) -> None:
    """A file whose name holds a newline: `check` prints it as \\n, on its one line, so the name
    cannot add an `ok:` line of its own (piped, as a script reads it)."""
    import subprocess

    (tmp_path / f"2020-01-01-a\n{FORGED}\n.toml").write_text('title = "broken: no date"\n', encoding="utf-8")
    (tmp_path / "2020-01-02-b\tc.toml").write_text('title = "Fictional"\ndate = 2020-01-02\nfulfilled = 1\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "briefing", "check", "--records", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert [ln for ln in lines if ln.startswith("ok:")] == []
    assert lines[-1].startswith("problems found: 2 file(s)")
    assert all(ln.startswith(str(tmp_path)) for ln in lines[:-1]), lines
    assert any("2020-01-01-a\\nok: 2 file(s)" in ln for ln in lines)
    assert any("2020-01-02-b\\tc.toml" in ln for ln in lines)


def test_a_newline_in_a_file_name_is_shown_escaped_in_reports(invoke, tmp_path: Path) -> None:
    (tmp_path / "2020-01-01-a\nb.toml").write_text('title = "Fictional"\ndate = 2020-01-01\n[[sources]]\ntitle = "A fictional source"\n', encoding="utf-8")
    for fmt in ("text", "markdown", "json"):
        result = invoke("timeline", "--records", tmp_path, "-f", fmt)
        assert result.exit_code == 0, result.output
        assert "2020-01-01-a\nb" not in result.stdout
    doc = json.loads(invoke("timeline", "--records", tmp_path, "-f", "json").stdout)
    assert doc["meetings"][0]["id"] == "2020-01-01-a\\nb"
