"""Output that cannot be written is an expected failure, in a real process.

Standard output on a full disk, closed, or in an encoding that cannot hold the report: a clear
message and exit 1 (never "This is a bug", never a traceback, never exit 0 for a report cut
short). JSON is written whole in any encoding (characters the encoding lacks as \\u escapes).
Standard error closed or full: the exit code is what it would have been.

Each case runs the installed `briefing` command (which ends with os._exit after flushing), as a
user would; one runs `python -m briefing` through the same cases (it ends as Python does). What
a report should hold, to compare with, comes from the CLI run in this process (`expected`).
"""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")

INSTALLED = [str(Path(sys.executable).with_name("briefing"))]
MODULE = [sys.executable, "-m", "briefing"]

RECORD = """title = "Fictional talks in Oʻzbekiston — Türkiye's delegation"
date = 2020-01-0{n}
status = "{status}"
countries = ["UZ", "TR"]
summary = "A fictional summary, long enough to need more than one write: {pad}"
[[sources]]
title = "A fictional source"
"""


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("records")
    for n in range(1, 10):
        (folder / f"2020-01-0{n}-fictional.toml").write_text(
            RECORD.format(n=n, status="held", pad="x" * 3000), encoding="utf-8"
        )
    (folder / "2030-01-01-planned.toml").write_text(
        RECORD.format(n=1, status="planned", pad="y").replace("2020-01-01", "2030-01-01"), encoding="utf-8"
    )
    return folder


def run(cmd: list[str], args: list[str], *, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env: dict[str, str] | None = None, shell_redirect: str = "") -> subprocess.CompletedProcess[bytes]:
    full = {**os.environ, "BRIEFING_NO_CACHE": "1", "LC_ALL": "C.UTF-8", **(env or {})}
    full.pop("BRIEFING_DEBUG", None)
    argv = [*cmd, *args]
    if shell_redirect:  # e.g. ">&-": close a stream before the command starts
        argv = ["bash", "-c", f'exec "$@" {shell_redirect}', "bash", *argv]
    return subprocess.run(argv, stdout=stdout, stderr=stderr, env=full, timeout=120)


def expected(args: list[str]) -> bytes:
    """What a command writes on standard output when it can write all of it (UTF-8), run in this
    process: the reference for the real runs below."""
    from briefing.cli import app
    from tests.helpers import CliRunner

    result = CliRunner().invoke(app, args, env={"BRIEFING_NO_CACHE": "1", "BRIEFING_RECORDS": None, "NO_COLOR": None, "FORCE_COLOR": None, "COLUMNS": None})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.stdout_bytes


def clean_failure(proc: subprocess.CompletedProcess[bytes], says: str) -> None:
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 1, err
    assert says in err, err
    assert "This is a bug" not in err and "Traceback" not in err and "Exception ignored" not in err, err


REPORTS = [
    (["timeline", "-f", "text"], False),
    (["timeline", "-f", "markdown"], False),
    (["timeline", "-f", "json"], False),
    (["next", "-f", "ics", "--as-of", "2024-01-01"], False),
    (["check"], False),
    (["--help"], False),
    (["timeline", "-f", "text"], True),  # PYTHONUNBUFFERED=1: a report cut short was exit 0
    (["country", "uzbekistan", "-f", "json"], True),
]


@pytest.mark.parametrize(("args", "unbuffered"), REPORTS, ids=lambda a: "-".join(a) if isinstance(a, list) else ("unbuffered" if a else "buffered"))
def test_a_full_disk_is_exit_1_with_a_message(args: list[str], unbuffered: bool, records: Path) -> None:
    env = {"PYTHONUNBUFFERED": "1"} if unbuffered else {}
    with open("/dev/full", "wb") as full:
        proc = run(INSTALLED, [*args, "--records", str(records)] if args[0] != "--help" else args, stdout=full, env=env)
    clean_failure(proc, "cannot write to standard output: No space left on device")


def test_a_closed_standard_output_is_exit_1_with_a_message(records: Path, tmp_path: Path) -> None:
    for args in (["timeline"], ["timeline", "-f", "json"], ["--version"]):
        proc = run(INSTALLED, [*args, "--records", str(records)] if args[0] != "--version" else args, shell_redirect=">&-")
        clean_failure(proc, "cannot write to standard output: it is closed")
    # Written to a file, the report needs no standard output.
    proc = run(INSTALLED, ["timeline", "--records", str(records), "-o", str(tmp_path / "t.txt")], shell_redirect=">&-")
    assert proc.returncode == 0, proc.stderr
    assert "Oʻzbekiston" in (tmp_path / "t.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("redirect", ["2>&-", "2>/dev/full"])
def test_standard_error_closed_or_full_never_changes_the_exit_code(redirect: str, records: Path, tmp_path: Path) -> None:
    proc = run(INSTALLED, ["timeline", "--records", str(records)], shell_redirect=redirect)
    assert proc.returncode == 0 and proc.stdout == expected(["timeline", "--records", str(records)])
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "2020-01-01-broken.toml").write_text('title = "no date"\n', encoding="utf-8")
    proc = run(INSTALLED, ["check", "--records", str(broken)], shell_redirect=redirect)
    assert proc.returncode == 1 and b"problems found" in proc.stdout
    proc = run(INSTALLED, ["timeline", "--records", str(broken)], shell_redirect=redirect)  # warnings only
    assert proc.returncode == 0
    proc = run(INSTALLED, ["timeline", "--since", "no-date", "--records", str(records)], shell_redirect=redirect)
    assert proc.returncode == 2


CANNOT_HOLD = [
    ("ascii", ["timeline", "-f", "text"]),
    ("latin-1", ["timeline", "-f", "markdown"]),
    ("latin-1", ["next", "-f", "ics", "--as-of", "2024-01-01"]),
    ("ascii", ["show", "2020-01-01-fictional", "-f", "markdown"]),
]


@pytest.mark.parametrize(("encoding", "args"), CANNOT_HOLD, ids=[f"{e}-{a[0]}-{a[-1] if a[0] != 'next' else 'ics'}" for e, a in CANNOT_HOLD])
def test_an_encoding_that_cannot_hold_the_report_is_exit_1_and_nothing_written(encoding: str, args: list[str], records: Path) -> None:
    proc = run(INSTALLED, [*args, "--records", str(records)], env={"PYTHONIOENCODING": encoding})
    clean_failure(proc, f"standard output is {codecs.lookup(encoding).name}")
    assert "cannot hold U+" in proc.stderr.decode()  # names the character it cannot write
    assert proc.stdout == b""  # nothing half written


def test_json_is_written_whole_in_any_encoding(records: Path) -> None:
    """Every JSON report is written through one path (`emit(..., json=True)`): each command in
    ASCII, which holds the least, and one in cp1252 as well."""
    for args, encodings in (
        (["timeline", "-f", "json"], ("ascii", "cp1252")),
        (["show", "2020-01-01-fictional", "-f", "json"], ("ascii",)),
        (["check", "-f", "json"], ("ascii",)),
    ):
        utf8 = json.loads(expected([*args, "--records", str(records)]).decode("utf-8"))
        for encoding in encodings:
            proc = run(INSTALLED, [*args, "--records", str(records)], env={"PYTHONIOENCODING": encoding})
            assert proc.returncode == 0, proc.stderr
            assert json.loads(proc.stdout.decode(encoding)) == utf8


def test_an_encoding_that_holds_the_report_is_fine(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "2020-01-01-plain.toml").write_text('title = "Fictional talks in Ankara"\ndate = 2020-01-01\n[[sources]]\ntitle = "A fictional source"\n', encoding="utf-8")
    for fmt, encoding in (("markdown", "cp1252"), ("text", "latin-1")):
        utf8 = expected(["timeline", "-f", fmt, "--records", str(folder)])
        proc = run(INSTALLED, ["timeline", "-f", fmt, "--records", str(folder)], env={"PYTHONIOENCODING": encoding})
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.decode(encoding) == utf8.decode("utf-8")


def test_python_dash_m_fails_the_same_way(records: Path, tmp_path: Path) -> None:
    """`python -m briefing` ends as Python does (no os._exit): the same codes, nothing ignored."""
    with open("/dev/full", "wb") as full:
        clean_failure(run(MODULE, ["timeline", "--records", str(records)], stdout=full), "No space left on device")
        clean_failure(run(MODULE, ["--help"], stdout=full, env={"PYTHONUNBUFFERED": "1"}), "No space left on device")
    clean_failure(run(MODULE, ["timeline", "-f", "json", "--records", str(records)], shell_redirect=">&-"), "it is closed")
    clean_failure(run(MODULE, ["timeline", "-f", "markdown", "--records", str(records)], env={"PYTHONIOENCODING": "ascii"}), "ascii")
    proc = run(MODULE, ["timeline", "--records", str(records)], shell_redirect="2>&-")
    assert proc.returncode == 0 and "Oʻzbekiston" in proc.stdout.decode("utf-8")
    proc = run(MODULE, ["show", "2020-01-01-fictional", "-f", "json", "--records", str(records)], env={"PYTHONIOENCODING": "ascii"})
    assert proc.returncode == 0 and json.loads(proc.stdout)["title"].startswith("Fictional talks in Oʻzbekiston")
