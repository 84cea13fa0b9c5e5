"""Shared fixtures. Plain helpers (REPO, write, MINIMAL) are in tests/helpers.py: import them from there."""

from __future__ import annotations

import os
import sys

import pytest
from hypothesis import settings
from tests.helpers import CliRunner

from briefing.cli import app

# The test modules, with pytest's assertions rewritten into them, are kept compiled in
# tests/__pycache__ (ignored by git) as pytest keeps them by default, even where
# PYTHONDONTWRITEBYTECODE is set: rewriting every module anew took each worker 3 s of a run.
# (Set here, before pytest imports a test module; a process the tests start keeps the variable.)
sys.dont_write_bytecode = False

# HYPOTHESIS_PROFILE picks one (an unknown name is an error). Tests that set max_examples take it
# from tests.helpers.examples(), which follows the same variable.
settings.register_profile("ci", max_examples=100, print_blob=True)
settings.register_profile("dev", max_examples=25)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_configure(config: pytest.Config) -> None:
    """The package's bytecode compiled once, before any test starts `briefing` in a process of its
    own, as installing a wheel would: an editable install under PYTHONDONTWRITEBYTECODE=1 (set on
    some machines and CI runners) otherwise compiles every module from source in every such
    process, 0.1 s each on a slow machine, hundreds of times a run. The xdist workers leave it
    to the process that started them."""
    if hasattr(config, "workerinput"):
        return
    import compileall
    from pathlib import Path

    import briefing

    compileall.compile_dir(str(Path(briefing.__file__).resolve().parent), quiet=1)


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
    """The record cache goes to a temporary folder, never the user's cache folder; so does the
    config folder (empty: no test reads the user's own config file)."""
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    for name in ("BRIEFING_HOME_SIDE", "BRIEFING_MEMO_TO", "BRIEFING_MEMO_FROM", "BRIEFING_MEMO_MARKING"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("BRIEFING_NO_CACHE", raising=False)
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "briefing-cache"))


@pytest.fixture(autouse=True)
def _no_editor_of_the_developers(monkeypatch: pytest.MonkeyPatch) -> None:
    """`briefing edit` never opens the editor of whoever runs the tests: a test sets its own."""
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
