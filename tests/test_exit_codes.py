"""Exit codes and messages: what docs/guarantees.md promises, command by command.

0 fine; 1 problems in the records (or a report under --strict, or an output file that could not be
written); 2 usage errors; 70 an internal error (a bug: a short message asking for a report, the
traceback only with BRIEFING_DEBUG=1, never local variables); 130 interrupted.
No expected failure prints a traceback.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import cli
from tests.helpers import MINIMAL, REPO, write

GOOD = "2020-01-01-fictional"


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    write(folder, f"{GOOD}.toml", MINIMAL.format(title="A fictional meeting", date="2020-01-01"))
    (folder / "series").mkdir()
    return folder


# (arguments, expected exit code, something the output must say); {records} and {tmp} are filled in.
CASES: list[tuple[str, list[str], int, str]] = [
    ("check-fine", ["check", "--records", "{records}"], 0, "ok:"),
    ("show-fine", ["show", GOOD, "--records", "{records}", "-f", "json"], 0, "A fictional meeting"),
    ("timeline-fine", ["timeline", "--records", "{records}"], 0, "A fictional meeting"),
    ("schema-fine", ["schema"], 0, "title"),
    ("version", ["--version"], 0, "briefing"),
    ("help", ["--help"], 0, "Usage"),
    ("check-problems", ["check", "--records", "{broken}"], 1, "2020-02-02-broken.toml:"),
    ("check-json-problems", ["check", "--records", "{broken}", "-f", "json"], 1, '"errors": '),
    ("report-strict", ["timeline", "--records", "{broken}", "--strict"], 1, "--strict"),
    ("report-skips-without-strict", ["timeline", "--records", "{broken}"], 0, "skipped 1 file(s)"),
    ("output-exists", ["show", GOOD, "--records", "{records}", "-o", "{tmp}/exists.txt"], 1, "already exists"),
    ("output-no-folder", ["show", GOOD, "--records", "{records}", "-o", "{tmp}/no/such/x.txt"], 1, "does not exist"),
    ("unknown-command", ["chek", "--records", "{records}"], 2, "Did you mean 'check'"),
    ("unknown-option", ["timeline", "--record", "{records}"], 2, "No such option"),
    ("missing-argument", ["show", "--records", "{records}"], 2, "Missing argument"),
    ("no-such-record", ["show", "nowhere", "--records", "{records}"], 2, "no record 'nowhere'"),
    ("bad-format", ["show", GOOD, "--records", "{records}", "-f", "pdf"], 2, "is not one of: text, markdown, json"),
    ("format-typo", ["show", GOOD, "--records", "{records}", "-f", "jsn"], 2, "did you mean 'json'?"),
    ("format-not-for-command", ["check", "--records", "{records}", "-f", "markdown"], 2, "cannot be written as markdown"),
    ("bad-as-of", ["timeline", "--records", "{records}", "--as-of", "yesterday"], 2, "--as-of"),
    ("bad-since", ["timeline", "--records", "{records}", "--since", "2020-13"], 2, "--since"),
    ("until-before-since", ["timeline", "--records", "{records}", "--since", "2021", "--until", "2020"], 2, "before"),
    ("unknown-country", ["country", "Atlantis", "--records", "{records}"], 2, "unknown country"),
    ("no-records-folder", ["timeline", "--records", "{tmp}/missing"], 2, "does not exist"),
    ("records-is-a-file", ["check", "--records", "{tmp}/exists.txt"], 2, ""),
    ("held-already", ["held", GOOD, "--records", "{records}"], 2, "already marked held"),
    ("held-no-record", ["held", "nowhere", "--records", "{records}"], 2, "no record 'nowhere'"),
    ("cancel-held", ["cancel", GOOD, "--on", "2020-02", "--records", "{records}"], 2, "only a planned or postponed meeting"),
    ("cancel-needs-on", ["cancel", GOOD, "--records", "{records}"], 2, "Missing option"),
    ("postpone-held", ["postpone", GOOD, "--on", "2020-02", "--records", "{records}"], 2, "only a planned or postponed meeting"),
    ("done-no-commitments", ["done", GOOD, "1", "--records", "{records}"], 2, "records no commitments"),
    ("drop-no-commitments", ["drop", GOOD, "1", "--records", "{records}"], 2, "records no commitments"),
    ("edit-no-record", ["edit", "nowhere", "--records", "{records}"], 2, "no record 'nowhere'"),
    ("held-broken-record", ["held", "2020-02-02-broken", "--records", "{broken}"], 1, "has problems"),
    ("export-fine", ["export", "--records", "{records}"], 0, GOOD),
    ("export-bad-what", ["export", "--records", "{records}", "--what", "peple"], 2, "did you mean 'people'?"),
    ("export-format-against-extension", ["export", "--records", "{records}", "-f", "csv", "-o", "{tmp}/x.jsonl"], 2, "not csv"),
    ("completion-fine", ["completion", "bash"], 0, "complete -o default"),
    ("config-fine", ["config", "--records", "{records}"], 0, "config file:"),
    ("config-no-records", ["config", "--records", "{tmp}/nowhere"], 0, "nowhere (no such folder)"),
    ("people-fine", ["people", "--records", "{records}"], 0, "People on record"),
    ("people-no-one", ["people", "Nobody Atall", "--records", "{records}"], 2, "no one on record is called 'Nobody Atall'"),
    ("people-bad-country", ["people", "--country", "Atlantis", "--records", "{records}"], 2, "unknown country"),
    ("completion-unknown-shell", ["completion", "tcsh"], 2, "choose one of: bash, zsh, fish"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_exit_code(case: tuple[str, list[str], int, str], records: Path, tmp_path: Path, invoke) -> None:
    _, args, code, says = case
    (tmp_path / "exists.txt").write_text("what was there\n", encoding="utf-8")
    if any("{broken}" in a for a in args):
        (records / "2020-02-02-broken.toml").write_text('title = "no date, no source"\n', encoding="utf-8")
    filled = [a.format(records=records, broken=records, tmp=tmp_path) for a in args]
    result = invoke(*filled)
    assert result.exit_code == code, result.output
    assert says in result.output
    assert "Traceback" not in result.output
    assert (tmp_path / "exists.txt").read_text(encoding="utf-8") == "what was there\n"
    if code == 2 and says and not says.startswith(("Did you", "No such", "Missing", "Invalid")):
        # our own usage errors: one line on stderr, "briefing: ..."
        assert result.stderr.startswith("briefing: "), result.stderr


def test_every_command_has_at_least_one_case() -> None:
    import typer

    commands = set(typer.main.get_command(cli.app).commands)  # type: ignore[attr-defined]
    covered = {args[0] for _, args, _, _ in CASES}
    exercised_elsewhere = {"new", "next", "search", "compare", "series", "country"}  # test_fuzz, test_hostile, their own tests
    assert commands - covered <= exercised_elsewhere


# -- the last-resort handler ---------------------------------------------------------------------

SECRET = "LOCAL-VALUE-NEVER-PRINTED"


def _explode(*args, **kwargs):  # noqa: ANN001, ANN202
    secret_local = SECRET  # noqa: F841 - a local variable that must not be printed
    raise RuntimeError("\x1b]0;a message quoting a record\x07")


def run_main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], records: Path, debug: bool) -> tuple[int, str, str]:
    import briefing.reports.timeline as timeline_report

    monkeypatch.setattr(timeline_report, "timeline", _explode)
    if debug:
        monkeypatch.setenv("BRIEFING_DEBUG", "1")
    else:
        monkeypatch.delenv("BRIEFING_DEBUG", raising=False)
    monkeypatch.setattr(sys, "argv", ["briefing", "timeline", "--records", str(records)])
    with pytest.raises(SystemExit) as info:
        cli.main()
    out, err = capsys.readouterr()
    return info.value.code, out, err  # type: ignore[return-value]


def test_internal_error_is_a_short_message_without_traceback(monkeypatch, capsys, records: Path) -> None:
    code, out, err = run_main(monkeypatch, capsys, records, debug=False)
    assert code == 70
    assert err.strip().splitlines() == [
        "briefing: internal error (RuntimeError). This is a bug; please report it with the command you ran "
        "(set BRIEFING_DEBUG=1 to see the traceback)."
    ]
    assert "Traceback" not in err and "a message quoting a record" not in err and SECRET not in err


def test_internal_error_with_debug_shows_the_traceback_without_locals(monkeypatch, capsys, records: Path) -> None:
    code, out, err = run_main(monkeypatch, capsys, records, debug=True)
    assert code == 70
    assert err.startswith("Traceback (most recent call last):")
    assert "in _explode" in err and "RuntimeError: \\x1b]0;a message quoting a record\\x07" in err
    assert SECRET not in err  # no local variables
    assert "\x1b" not in err and "\x07" not in err  # the message is cleaned like record text
    assert err.rstrip().endswith("(the traceback is above).")


def test_interrupt_exits_130(monkeypatch, capsys, records: Path) -> None:
    import briefing.reports.timeline as timeline_report

    def interrupted(*args, **kwargs):  # noqa: ANN001, ANN202
        raise KeyboardInterrupt

    monkeypatch.setattr(timeline_report, "timeline", interrupted)
    monkeypatch.setattr(sys, "argv", ["briefing", "timeline", "--records", str(records)])
    with pytest.raises(SystemExit) as info:
        cli.main()
    assert info.value.code == 130
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err


def test_a_real_process_exits_70_and_prints_no_traceback(tmp_path: Path, records: Path) -> None:
    code = (
        "import sys, briefing.reports.timeline as t\n"
        "def boom(*a, **k): raise ValueError('boom')\n"
        "t.timeline = boom\n"
        "from briefing.cli import main\n"
        f"sys.argv = ['briefing', 'timeline', '--records', {str(records)!r}]\n"
        "main()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "BRIEFING_DEBUG"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60, env=env)
    assert proc.returncode == 70
    assert b"Traceback" not in proc.stderr and b"internal error (ValueError)" in proc.stderr
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60, env={**env, "BRIEFING_DEBUG": "1"})
    assert proc.returncode == 70
    assert proc.stderr.startswith(b"Traceback")


def test_a_reader_that_goes_away_is_not_an_error(tmp_path: Path) -> None:
    """`briefing timeline | head -1`: no traceback, no 'Exception ignored', exit 0."""
    folder = tmp_path / "many"
    for i in range(800):
        write(folder, f"2020-{i:04d}.toml", MINIMAL.format(title=f"Fictional meeting number {i} with a long enough title", date="2020-01-01"))
    for fmt in ("text", "markdown", "json"):
        proc = subprocess.Popen(
            [sys.executable, "-m", "briefing", "timeline", "--records", str(folder), "-f", fmt],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.read(100)
        proc.stdout.close()
        err = proc.stderr.read()
        assert proc.wait(timeout=60) == 0, err
        assert err == b"", err


# -- the documentation ---------------------------------------------------------------------------


def test_the_documented_codes_are_the_tested_codes() -> None:
    doc = (REPO / "docs" / "guarantees.md").read_text(encoding="utf-8").split("## Exit codes and messages", 1)[1]
    table = dict(re.findall(r"^\| `?(\d+)`? \| (.+?) \|$", doc, flags=re.M))
    assert set(table) == {"0", "1", "2", "70", "130"}
    assert {str(code) for _, _, code, _ in CASES} <= set(table)


def test_the_installed_command_ends_quickly_but_loses_no_output(tmp_path: Path, records: Path) -> None:
    """`python -m briefing` (as the `briefing` script) ends with os._exit: everything it printed
    arrives, and its exit codes are main()'s."""
    import json

    env = {k: v for k, v in os.environ.items() if k != "BRIEFING_DEBUG"}

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable, "-m", "briefing", *args], capture_output=True, timeout=60, env=env)

    ok = run("timeline", "--records", str(records), "-f", "json")
    assert ok.returncode == 0 and json.loads(ok.stdout)["meetings"]
    assert run("timeline", "--records", str(records), "--since", "not-a-date").returncode == 2
    out = tmp_path / "memo.md"
    written = run("timeline", "--records", str(records), "-f", "markdown", "-o", str(out))
    assert written.returncode == 0 and out.read_text(encoding="utf-8").startswith("# ")
    assert b"wrote" in written.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="pipe sizes are set on Linux only")
def test_a_pipe_is_widened_for_long_output(records: Path) -> None:
    """Long output to a pipe goes a megabyte at a time, not 64 KiB (and is complete: the JSON
    of `timeline` read whole from a pipe, test_the_installed_command_ends_quickly_but_loses_no_output)."""
    proc = subprocess.run(
        [sys.executable, "-c",
         "import fcntl, sys; from briefing.cli import common; common._widen_pipe(sys.stdout); "
         "print(fcntl.fcntl(1, fcntl.F_GETPIPE_SZ), file=sys.stderr)"],
        capture_output=True, timeout=60,
    )
    most = int(Path("/proc/sys/fs/pipe-max-size").read_text())
    assert int(proc.stderr) == min(most, 1 << 20) or most < 1 << 20
