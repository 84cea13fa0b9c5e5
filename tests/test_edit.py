"""`briefing edit ID`: the record in $VISUAL/$EDITOR, checked on save as `check` would, written
whole or not at all; a refused edit kept as a draft that the next `edit` opens.

The editor is a fake: a small Python script (tests/fake_editor.py) that makes the change the test
asks for through environment variables. Fictional records only.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from tests.helpers import write

TODAY = "2031-01-01"
FAKE = Path(__file__).parent / "fake_editor.py"
EDITOR = f"{shlex.quote(sys.executable)} {shlex.quote(str(FAKE))}"

SERIES = """\
name = "Fictional Lakes Dialogue"
members = ["NO", "IS"]

[[sources]]
title = "Invented for tests"
"""

PLANNED = """\
# The plan, as the invented article gave it.
title = "Fictional Lakes Dialogue, round 4"
date = "2030-03"
status = "planned"  # as announced
kind = "foreign-ministers"
series = "lakes"
round = 4
countries = ["NO", "IS"]

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
def edit(invoke, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run `briefing edit` with the fake editor replacing `old` by `new` in the file it is given."""
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", EDITOR)
    seen = tmp_path / "seen.toml"

    def go(record_id: str, old: str = "", new: str = "", *args: str, exit_with: int = 0):  # type: ignore[no-untyped-def]
        monkeypatch.setenv("FAKE_EDIT_OLD", old)
        monkeypatch.setenv("FAKE_EDIT_NEW", new)
        monkeypatch.setenv("FAKE_EDIT_SEEN", str(seen))
        monkeypatch.setenv("FAKE_EDIT_EXIT", str(exit_with))
        return invoke("edit", record_id, *args, "--records", str(folder), "--as-of", TODAY)

    go.seen = seen  # type: ignore[attr-defined]
    return go


def text(folder: Path, name: str = "2030-03-lakes-4") -> str:
    return (folder / f"{name}.toml").read_text(encoding="utf-8")


def drafts(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return sorted((tmp_path_factory.getbasetemp() / "briefing-cache" / "drafts").glob("*.toml"))


@pytest.fixture(autouse=True)
def _no_drafts_left_from_other_tests(tmp_path_factory: pytest.TempPathFactory) -> None:
    for path in drafts(tmp_path_factory):
        path.unlink()


def test_a_valid_edit_is_written_with_the_rest_of_the_file_as_it_was(edit, invoke, folder: Path) -> None:
    result = edit("2030-03-lakes-4", 'date = "2030-03"', 'date = "2030-03-14"')
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("/2030-03-lakes-4.toml\n")
    assert "edited 2030-03-lakes-4" in result.stderr
    assert text(folder) == PLANNED.replace('date = "2030-03"', 'date = "2030-03-14"')
    assert edit.seen.read_text(encoding="utf-8") == PLANNED  # the editor was given the record itself
    assert invoke("check", "--records", folder, "--as-of", TODAY).exit_code == 0


def test_an_unchanged_save_is_no_change(edit, folder: Path) -> None:
    before = (folder / "2030-03-lakes-4.toml").stat().st_mtime_ns
    result = edit("2030-03-lakes-4")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "/2030-03-lakes-4.toml is as it was" in result.stderr and "no change: " in result.stderr
    assert (folder / "2030-03-lakes-4.toml").stat().st_mtime_ns == before


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('kind = "foreign-ministers"', 'kind = "foreign-minister"', "2030-03-lakes-4.toml:5: kind: not one of the allowed values"),
        ('round = 4', 'round = 3', "2030-03-lakes-4.toml:7: round: round 3 of series 'lakes' is also claimed by"),
        ('countries = ["NO", "IS"]', 'countries = ["NO", "IS"', "2030-03-lakes-4.toml:10: TOML syntax: Unclosed array"),
        ('url = "https://example.org/lakes-plan"\n', 'url = "https://example.org/lakes-plan"\noutcomes = ["An invented deal"]\n',
         "sources[0].outcomes: unknown field: 'outcomes' is a key of the meeting"),
    ],
)
def test_an_invalid_edit_is_refused_with_its_problems_and_kept_as_a_draft(
    edit, folder: Path, tmp_path_factory: pytest.TempPathFactory, old: str, new: str, problem: str
) -> None:
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    result = edit("2030-03-lakes-4", old, new)
    assert result.exit_code == 1, result.output
    assert problem in result.stderr, result.stderr
    assert "briefing: the edit would not pass check; " in result.stderr and "/2030-03-lakes-4.toml was not changed" in result.stderr
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before  # never half-applied, nothing left beside
    (draft,) = drafts(tmp_path_factory)
    assert f"Your edit is kept in {draft}" in result.stderr
    assert draft.read_text(encoding="utf-8") == PLANNED.replace(old, new)


def test_the_next_edit_opens_the_draft_and_mends_it(edit, folder: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    assert edit("2030-03-lakes-4", "round = 4", "round = 3").exit_code == 1
    result = edit("2030-03-lakes-4", "round = 3", "round = 5")
    assert result.exit_code == 0, result.output
    assert "editing the draft of a refused edit, kept at" in result.stderr
    assert edit.seen.read_text(encoding="utf-8") == PLANNED.replace("round = 4", "round = 3")
    assert "round = 5\n" in text(folder)
    assert drafts(tmp_path_factory) == []  # written: the draft is gone


def test_fresh_starts_from_the_record(edit, folder: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    assert edit("2030-03-lakes-4", "round = 4", "round = 3").exit_code == 1
    result = edit("2030-03-lakes-4", "", "", "--fresh")
    assert result.exit_code == 0, result.output
    assert edit.seen.read_text(encoding="utf-8") == PLANNED
    assert "no change" in result.stderr
    assert drafts(tmp_path_factory) == []


def test_a_record_that_does_not_load_can_be_mended(edit, invoke, folder: Path) -> None:
    (folder / "2030-03-lakes-4.toml").write_text(PLANNED.replace('kind = "foreign-ministers"', 'kind = "foreign-minister"'), encoding="utf-8")
    result = edit("2030-03-lakes-4", 'kind = "foreign-minister"', 'kind = "foreign-ministers"')
    assert result.exit_code == 0, result.output
    assert text(folder) == PLANNED
    assert invoke("check", "--records", folder, "--as-of", TODAY).exit_code == 0


def test_a_file_changed_while_the_editor_was_open_is_not_overwritten(edit, folder: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    monkeypatch.setenv("FAKE_EDIT_ALSO", str(folder / "2030-03-lakes-4.toml"))  # the fake editor appends a line to it meanwhile
    result = edit("2030-03-lakes-4", "round = 4", "round = 5")
    assert result.exit_code == 1
    assert "/2030-03-lakes-4.toml changed while it was being edited; nothing was written" in result.stderr
    assert text(folder).endswith("# changed meanwhile\n")
    (draft,) = drafts(tmp_path_factory)
    assert "round = 5" in draft.read_text(encoding="utf-8")
    monkeypatch.delenv("FAKE_EDIT_ALSO")
    again = edit("2030-03-lakes-4")  # the draft lacks the line added meanwhile: not opened over it
    assert "has changed since your refused edit was kept" in again.stderr
    assert edit.seen.read_text(encoding="utf-8").endswith("# changed meanwhile\n")


def test_an_editor_that_fails_changes_nothing(edit, folder: Path) -> None:
    result = edit("2030-03-lakes-4", "round = 4", "round = 5", exit_with=3)
    assert result.exit_code == 1
    assert f"the editor '{sys.executable}' exited with status 3; nothing was changed" in result.stderr
    assert text(folder) == PLANNED


def test_visual_comes_before_editor_and_is_split_as_a_shell_would(edit, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISUAL", EDITOR + " --as-visual")
    monkeypatch.setenv("EDITOR", "no-such-editor-anywhere")
    assert edit("2030-03-lakes-4", "round = 4", "round = 5").exit_code == 0
    assert "round = 5" in text(folder)


@pytest.mark.parametrize(
    ("visual", "editor", "message"),
    [
        ("", "", "no editor to open the record in: set $VISUAL or $EDITOR (e.g. export EDITOR=nano)"),
        ("", "no-such-editor-anywhere --wait", "cannot run the editor 'no-such-editor-anywhere' ($EDITOR)"),
        ("'unclosed", "", "$VISUAL cannot be read as a command"),
    ],
)
def test_no_editor_is_exit_2_and_changes_nothing(invoke, folder: Path, monkeypatch: pytest.MonkeyPatch, visual: str, editor: str, message: str) -> None:
    monkeypatch.setenv("VISUAL", visual)
    monkeypatch.setenv("EDITOR", editor)
    result = invoke("edit", "2030-03-lakes-4", "--records", folder)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert text(folder) == PLANNED


def test_an_unknown_id_says_did_you_mean(edit) -> None:
    result = edit("2030-03-lake-4")
    assert result.exit_code == 2
    assert "no record '2030-03-lake-4' in" in result.stderr and "(did you mean '2030-03-lakes-4'?)" in result.stderr


def test_a_draft_older_than_the_record_is_not_opened_over_it(edit, run_held, folder: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Saving a draft made before another change would undo that change: the record is opened
    as it is now, and the draft is kept to copy from."""
    assert edit("2030-03-lakes-4", "round = 4", "round = 3").exit_code == 1
    assert run_held().exit_code == 0  # the record changes after the draft was kept
    held = text(folder)
    result = edit("2030-03-lakes-4", 'kind = "foreign-ministers"', 'kind = "summit"')
    assert result.exit_code == 0, result.output
    assert "has changed since your refused edit was kept at" in result.stderr
    assert edit.seen.read_text(encoding="utf-8") == held  # the record as it is now, not the draft
    assert text(folder) == held.replace('kind = "foreign-ministers"', 'kind = "summit"')  # held, and still held
    assert len(drafts(tmp_path_factory)) == 1  # kept


@pytest.fixture()
def run_held(invoke, folder: Path):  # type: ignore[no-untyped-def]
    return lambda: invoke("held", "2030-03-lakes-4", "--date", "2030-03-14", "--records", str(folder), "--as-of", TODAY)
