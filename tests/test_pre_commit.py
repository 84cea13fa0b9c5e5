"""The pre-commit hook: runs on every commit (a deletion too), checks the folder, names each file,
and says when a file with problems is one git does not track. With real git repositories."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.helpers import REPO, write

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="no git")


def test_the_hook_always_runs_once_without_file_names() -> None:
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "briefing-check"
    assert hook["always_run"] is True and hook["pass_filenames"] is False
    assert hook["entry"] == "briefing check --records records" and hook["language"] == "python"
    assert "files" not in hook  # always_run: no file pattern decides whether it runs


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.invalid", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo.parent)}
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, timeout=30)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "team"
    records = root / "records"
    write(records, "series/lakes.toml", 'name = "Lake talks"\n[[sources]]\ntitle = "A fictional source"\n')
    write(records, "2020-01-01-lakes-1.toml", 'title = "Fictional lake talks"\ndate = "2020-01-01"\nseries = "lakes"\n'
          '[[sources]]\ntitle = "A fictional source"\n')
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "records")
    return root


@pytest.fixture
def hook(invoke, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """`hook(repo, *more)`: what pre-commit runs, the hook's entry (`briefing check --records
    records`), in the repository's top folder, no file names. Run in this process: git itself
    is asked about the files, as in a process of its own."""

    def run(repo: Path, *more: str):  # type: ignore[no-untyped-def]
        monkeypatch.chdir(repo)
        return invoke("check", "--records", "records", *more)

    return run


pytestmark = [needs_git]


def test_a_clean_repository_passes(repo: Path, hook) -> None:  # type: ignore[no-untyped-def]
    done = hook(repo)
    assert done.exit_code == 0 and done.stdout.startswith("ok:")


def test_deleting_a_series_file_is_caught_and_names_the_file_that_needs_it(repo: Path, hook) -> None:  # type: ignore[no-untyped-def]
    git(repo, "rm", "-q", "records/series/lakes.toml")
    done = hook(repo)
    assert done.exit_code == 1
    assert "records/2020-01-01-lakes-1.toml:3: series: no series 'lakes'" in done.stdout
    assert "not tracked" not in done.stdout  # a tracked file: nothing to say about git


def test_an_untracked_draft_is_named_as_such(repo: Path, hook) -> None:  # type: ignore[no-untyped-def]
    write(repo / "records", "drafts/2021-draft.toml", 'title = "Half-written"\n')
    done = hook(repo)
    assert done.exit_code == 1
    lines = done.stdout.splitlines()
    assert lines[0] == "records/drafts/2021-draft.toml: date: required field is missing" or lines[0].startswith("records/drafts/2021-draft.toml")
    assert ("records/drafts/2021-draft.toml: not tracked by git, so no commit includes it; it is checked because it is in "
            "the records folder (finish it, or move it out of the folder until it is ready)") in lines
    # Once added it is part of the commit: the note goes, the problem stays.
    git(repo, "add", "records/drafts/2021-draft.toml")
    again = hook(repo)
    assert again.exit_code == 1 and "not tracked" not in again.stdout and "2021-draft.toml" in again.stdout


def test_an_ignored_file_is_named_too_and_json_lists_it(repo: Path, hook) -> None:  # type: ignore[no-untyped-def]
    (repo / ".gitignore").write_text("records/*.local.toml\n", encoding="utf-8")
    write(repo / "records", "notes.local.toml", 'title = "Mine"\n')
    done = hook(repo, "-f", "json")
    assert done.exit_code == 1
    report = json.loads(done.stdout)
    assert report["untracked"] == ["records/notes.local.toml"]
    assert {p["path"] for p in report["problems"]} == {"records/notes.local.toml"}


def test_outside_a_repository_nothing_is_said_about_git(tmp_path: Path, hook) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path / "records", "2021-draft.toml", 'title = "Half-written"\n')
    done = hook(tmp_path)
    assert done.exit_code == 1 and "git" not in done.stdout + done.stderr
