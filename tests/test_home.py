"""A home folder that is missing or cannot be written: briefing never makes one, and says so
where it needs one (`completion --install`); reports run without a cache.

Run in this process, with HOME (and no cache or config folder of the tests') as a user's would
be: where the folders are is read from the environment on each run, as in a process of its own."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def run(invoke):  # type: ignore[no-untyped-def]
    """`run(home, *args)`: the command with this HOME, and no folder set by the tests."""

    def with_home(home: Path | str, *args: str):  # type: ignore[no-untyped-def]
        unset = ("BRIEFING_CACHE_DIR", "BRIEFING_CONFIG_DIR", "BRIEFING_NO_CACHE", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME")
        return invoke(*args, env={**dict.fromkeys(unset), "HOME": str(home)})

    return with_home


def test_a_missing_home_is_never_made(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "no-such-home"
    report = run(home, "timeline")
    assert report.exit_code == 0 and "Japan" in report.stdout, report.stderr
    for shell in ("bash", "zsh", "fish"):
        result = run(home, "completion", shell, "--install")
        assert result.exit_code == 1 and f"the home folder {home} does not exist" in result.stderr, result.stderr
    assert not home.exists()


def test_a_home_that_cannot_be_written_is_a_clean_refusal(run) -> None:  # type: ignore[no-untyped-def]
    for home, says in (("/dev/null", "the home folder /dev/null is not a folder"), ("/proc/self/fdinfo", "cannot write /proc/self/fdinfo/")):
        result = run(home, "completion", "bash", "--install")  # (/proc/self/fdinfo: not even root writes there)
        assert result.exit_code == 1, result.stderr
        assert result.stderr.startswith(f"briefing: {says}") and "nothing was written" in result.stderr, result.stderr
        assert "This is a bug" not in result.stderr and "Traceback" not in result.stderr
