"""Commands that write a record take the records folder's lock while they check and write.

Ten `briefing new` started together for round 7 of one series: one record, nine clear refusals.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import tomli

from briefing.authoring.lock import LockBusy, records_lock

INSTALLED = str(Path(sys.executable).with_name("briefing"))

SERIES = 'name = "Fictional Lakes Dialogue"\nmembers = ["NO", "IS"]\n[[sources]]\ntitle = "Invented for tests"\n'


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "recs"
    (root / "series").mkdir(parents=True)
    (root / "series" / "lakes.toml").write_text(SERIES, encoding="utf-8")
    return root


def new(folder: Path, title: str, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [INSTALLED, "new", "--records", str(folder), "--title", title, "--date", "2024-08-09",
         "--source", "https://example.org/fictional", "--as-of", "2030-01-01", *extra],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "BRIEFING_NO_CACHE": "1"},
    )


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX processes")
def test_ten_concurrent_new_for_one_round_write_one_record(folder: Path) -> None:
    procs = [new(folder, f"Fictional Lakes Dialogue, round 7, draft {n}", "--series", "lakes", "--round", "7") for n in range(10)]
    results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in procs]  # type: ignore[union-attr]
    written = [r for r in results if r[0] == 0]
    refused = [r for r in results if r[0] != 0]
    assert len(written) == 1, results
    assert len(refused) == 9
    for code, out, err in refused:
        assert code == 2 and out == b""
        assert b"round 7 of series 'lakes' is already claimed by" in err, err
        assert b"Traceback" not in err
    records = [p for p in folder.glob("*.toml")]
    assert len(records) == 1
    assert tomli.loads(records[0].read_text(encoding="utf-8"))["round"] == 7


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX processes")
def test_concurrent_new_with_one_id_write_one_record(folder: Path) -> None:
    procs = [new(folder, "Fictional Lakes Dialogue, one title") for _ in range(5)]
    codes = sorted(p.wait(timeout=120) for p in procs)
    assert codes == [0, 1, 1, 1, 1]
    assert len(list(folder.glob("*.toml"))) == 1


def test_the_lock_keeps_a_second_writer_waiting_until_the_first_is_done(folder: Path) -> None:
    order: list[str] = []
    with records_lock(folder):
        def second() -> None:
            with records_lock(folder, wait=30):
                order.append("second")

        thread = threading.Thread(target=second)
        thread.start()
        thread.join(0.3)
        assert thread.is_alive()  # waiting
        order.append("first")
    thread.join(30)
    assert order == ["first", "second"]
    assert sorted(p.name for p in folder.iterdir()) == ["series"]  # nothing left in the folder


def test_a_writer_that_waits_too_long_gets_a_clear_refusal(folder: Path) -> None:
    with records_lock(folder):
        with pytest.raises(LockBusy, match="another briefing command has been writing to .* nothing was written"):
            with records_lock(folder, wait=0.2):
                pass
    with records_lock(folder, wait=0):  # free again
        pass


def test_new_waits_for_the_lock_and_then_checks_what_the_first_writer_left(folder: Path) -> None:
    """A writer holding the lock (as another command would) keeps `new` from writing; once it is
    released, `new` checks the folder as it then is."""
    with records_lock(folder):
        proc = new(folder, "Fictional Lakes Dialogue, round 8", "--series", "lakes", "--round", "8")
        try:
            proc.wait(timeout=1.5)
        except subprocess.TimeoutExpired:
            pass
        assert proc.returncode is None  # still waiting
        (folder / "2024-08-01-lakes-8.toml").write_text(
            'title = "Fictional round 8"\ndate = 2024-08-01\nseries = "lakes"\nround = 8\n[[sources]]\ntitle = "Invented for tests"\n',
            encoding="utf-8",
        )
    assert proc.wait(timeout=60) == 2
    assert b"round 8 of series 'lakes' is already claimed by 2024-08-01-lakes-8" in proc.stderr.read()  # type: ignore[union-attr]


def test_held_waits_for_the_lock_and_concurrent_changes_of_one_record_are_kept_apart(folder: Path) -> None:
    """`held` (and every command that changes a record) holds the same lock: while another
    writer has it, the record is not touched; ten concurrent `done` of ten commitments of one
    record all land, none overwriting another."""
    record = folder / "2024-08-09-lakes-7.toml"
    record.write_text(
        'title = "Fictional Lakes Dialogue, round 7"\ndate = 2024-08-09\nstatus = "planned"\nseries = "lakes"\nround = 7\n'
        '[[sources]]\ntitle = "Invented for tests"\n'
        + "".join(f'\n[[commitments]]\ntext = "Fictional promise {i}"\n' for i in range(10)),
        encoding="utf-8",
    )
    env = {**os.environ, "BRIEFING_NO_CACHE": "1"}

    def briefing(*args: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen([INSTALLED, *args, "--records", str(folder), "--as-of", "2030-01-01"],
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)

    before = record.read_bytes()
    with records_lock(folder):
        proc = briefing("held", "2024-08-09-lakes-7")
        try:
            proc.wait(timeout=1.5)
        except subprocess.TimeoutExpired:
            pass
        assert proc.returncode is None and record.read_bytes() == before  # waiting, nothing written
    assert proc.wait(timeout=60) == 0, proc.stderr.read()  # type: ignore[union-attr]
    procs = [briefing("done", "2024-08-09-lakes-7", str(n)) for n in range(1, 11)]
    codes = [p.wait(timeout=120) for p in procs]
    assert codes == [0] * 10, [p.stderr.read() for p in procs]  # type: ignore[union-attr]
    data = tomli.loads(record.read_text(encoding="utf-8"))
    assert data["status"] == "held"
    assert [c["status"] for c in data["commitments"]] == ["done"] * 10
