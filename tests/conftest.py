"""Shared fixtures: a tiny fictional records folder written into tmp_path."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app

REPO = Path(__file__).resolve().parent.parent


def write(folder: Path, name: str, text: str) -> Path:
    """Write a record file (dedented) and return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


MINIMAL = """
    title = "{title}"
    date = {date}
    [[sources]]
    title = "A fictional source"
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner, monkeypatch: pytest.MonkeyPatch):
    """Run the CLI in-process with a clean environment; returns the Result."""
    monkeypatch.delenv("BRIEFING_RECORDS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")

    def run(*args: str, **kwargs):
        return runner.invoke(app, [str(a) for a in args], **kwargs)

    return run


@pytest.fixture(autouse=True)
def _record_cache_in_tmp(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The record cache goes to a temporary folder, never the user's cache folder."""
    monkeypatch.delenv("BRIEFING_NO_CACHE", raising=False)
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "briefing-cache"))
