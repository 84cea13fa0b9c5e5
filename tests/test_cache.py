"""The record cache: same results with and without it; changes, corruption and trouble handled."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest
from tests.helpers import write

import sqlite3
import zlib

from briefing import cache as cache_mod
from briefing.cache import RecordCache, default_dir
from briefing.loader import LoadResult, load

TODAY = dt.date(2026, 6, 1)

MEETING = """
    title = "{title}"
    date = "{date}"
    status = "{status}"
    kind = "foreign-ministers"
    series = "fictional-track"
    round = {round}
    countries = ["KZ", "Türkiye"]
    summary = \"\"\"\\
    A fictional meeting with a "quoted" phrase, an accent (é) and \\u001b an escape.\"\"\"
    topics = ["water", "transport corridors"]

    [place]
    city = "Port Amberly"
    country = "UZ"

    [[participants]]
    name = "Aigerim Fictional"
    role = "Foreign Minister"
    country = "KZ"
    head_of_delegation = true

    [[commitments]]
    text = "To meet again"
    due = "2027-XX"
    fulfilled_by = "{next}"

    [[sources]]
    title = "A fictional source"
    published = 2019-05-02
    kind = "press"

    [[sources]]
    title = "Another fictional source"
    published = "2019-21"
"""

SERIES = """
    name = "Fictional Track"
    aliases = ["FT"]
    kind = "foreign-ministers"
    established = "199X"
    members = ["KZ", "UZ"]

    [[sources]]
    title = "A fictional founding note"
"""


def meeting(title: str, date: str, round_: int, *, status: str = "held", next_: str = "b-second") -> str:
    return MEETING.format(title=title, date=date, status=status, round=round_, next=next_)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A small fictional archive: good meetings, a series, and files with problems of each stage."""
    root = tmp_path / "records"
    write(root, "series/fictional-track.toml", SERIES)
    write(root, "a-first.toml", meeting("First fictional round", "2019-05-01", 1))
    write(root, "b-second.toml", meeting("Second fictional round", "2020-05~", 2, next_="a-first"))
    write(root, "2021/c-third.toml", meeting("Third fictional round", "2021-05-01/2021-05-03", 3, status="planned"))
    write(root, "d-future-held.toml", meeting("Held in the future", "2026-09-01", 4))  # warning depends on today
    write(root, "e-dangling.toml", meeting("Dangling reference", "2018", 5, next_="no-such-record"))
    write(root, "f-bad-date.toml", meeting("Bad date", "2019-02-30", 6))
    write(root, "g-syntax.toml", 'title = "unclosed\n')
    (root / "h-not-utf8.toml").write_bytes(b'title = "caf\xe9"\n')
    write(root, "i-clash.toml", meeting("Clashing round", "2019-06-01", 1))
    return root


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def dumped(records: object) -> list[object]:
    return [r.model_dump(mode="json") for r in records]  # type: ignore[attr-defined]


def same(a: LoadResult, b: LoadResult) -> None:
    """Everything a report uses is equal: the records field by field, the problems word for word."""
    assert a == b
    assert dumped(a.meetings) == dumped(b.meetings) and dumped(a.series) == dumped(b.series)
    assert [str(p) for p in a.problems] == [str(p) for p in b.problems]


def cached_load(root: Path, cache_dir: Path, today: dt.date = TODAY) -> tuple[LoadResult, RecordCache]:
    cache = RecordCache(cache_dir)
    return load(root, today, cache), cache


def database(cache_dir: Path) -> Path:
    (path,) = list(cache_dir.glob("*.sqlite3"))
    return path


def rows(cache_dir: Path) -> dict[str, tuple]:  # type: ignore[type-arg]
    con = sqlite3.connect(database(cache_dir))
    try:
        return {r[0].decode(): r[1:] for r in con.execute("SELECT path, kind, payload, digest, checked_ns, crc FROM files")}
    finally:
        con.close()


def alter(cache_dir: Path, sql: str, *args: object) -> None:
    """Change the cache as another program could (it is an SQLite database)."""
    con = sqlite3.connect(database(cache_dir))
    try:
        con.execute(sql, args)
        con.commit()
    finally:
        con.close()


def age_everything(folder: Path, cache_dir: Path) -> None:
    """Files and rows as if the cache had been written long after the files last changed."""
    alter(cache_dir, "UPDATE files SET checked_ns = checked_ns + ?", 100 * cache_mod.RACY_NS)


def test_results_identical_without_cold_and_warm(folder: Path, cache_dir: Path) -> None:
    plain = load(folder, TODAY)
    assert plain.meetings and plain.series and plain.errors and plain.warnings and plain.skipped
    cold, c1 = cached_load(folder, cache_dir)
    warm, c2 = cached_load(folder, cache_dir)
    same(plain, cold)
    same(plain, warm)
    assert c1.warnings == c2.warnings == []
    assert (cold.parsed, c1.written) == (10, 10)


def test_warm_run_parses_nothing_and_an_edit_rewrites_one_row(folder: Path, cache_dir: Path) -> None:
    cached_load(folder, cache_dir)
    age_everything(folder, cache_dir)
    warm, cache = cached_load(folder, cache_dir)
    assert (warm.parsed, cache.written, cache.removed) == (0, 0, 0)
    same(load(folder, TODAY), warm)
    first = folder / "a-first.toml"
    first.write_text(first.read_text(encoding="utf-8").replace("First fictional", "Edited fictional"), encoding="utf-8")
    edited, cache = cached_load(folder, cache_dir)
    assert (edited.parsed, cache.written, cache.removed) == (1, 1, 0)
    assert {m.id: m.title for m in edited.meetings}["a-first"] == "Edited fictional round"


def test_cache_is_one_sqlite_database_outside_the_records(folder: Path, cache_dir: Path) -> None:
    cached_load(folder, cache_dir)
    path = database(cache_dir)
    assert not str(path.resolve()).startswith(str(folder.resolve()))
    con = sqlite3.connect(path)
    meta = dict(con.execute("SELECT key, value FROM meta"))
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    assert meta["root"] == os.path.realpath(folder) and meta["key"] == cache_mod.cache_key()
    assert f"schema {cache_mod.SCHEMA};" in meta["key"] and "pydantic " in meta["key"] and "msgspec " in meta["key"]
    stored = rows(cache_dir)
    assert sorted(stored) == sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.toml"))
    assert {r[0] for r in stored.values()} == {"m", "s", "p"}  # files with problems are cached too
    kind, payload, *_ = stored["a-first.toml"]
    record = json.loads(payload)
    assert kind == "m" and record["title"] == "First fictional round" and "id" not in record and "path" not in record


def test_changed_added_and_removed_files_are_picked_up(folder: Path, cache_dir: Path) -> None:
    cached_load(folder, cache_dir)
    first = folder / "a-first.toml"
    text = first.read_text(encoding="utf-8")
    stat = first.stat()
    # Same size, same mtime: only the content (and the ctime) changed.
    first.write_text(text.replace("First fictional round", "Frist fictional round"), encoding="utf-8")
    os.utime(first, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert first.stat().st_size == stat.st_size
    write(folder, "2021/j-added.toml", meeting("Added later", "2022-01-01", 7))
    (folder / "e-dangling.toml").unlink()
    (folder / "g-syntax.toml").write_text('title = "now fine"\ndate = "2020"\n[[sources]]\ntitle = "x"\n', encoding="utf-8")
    warm, cache = cached_load(folder, cache_dir)
    same(load(folder, TODAY), warm)
    titles = {m.id: m.title for m in warm.meetings}
    assert titles["a-first"] == "Frist fictional round"
    assert "j-added" in titles and "e-dangling" not in titles and "g-syntax" in titles
    assert cache.warnings == [] and cache.removed == 1 and "e-dangling.toml" not in rows(cache_dir)
    again, _ = cached_load(folder, cache_dir)
    same(warm, again)


def test_content_replaced_with_the_old_mtime_is_caught(folder: Path, cache_dir: Path) -> None:
    """Tools that keep mtimes (rsync -t, tar, cp -p) can swap content under an old mtime; the
    ctime still moves."""
    cached_load(folder, cache_dir)
    age_everything(folder, cache_dir)
    first = folder / "a-first.toml"
    stat = first.stat()
    first.write_text(first.read_text(encoding="utf-8").replace("First", "Fzrst"), encoding="utf-8")
    os.utime(first, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    warm, _ = cached_load(folder, cache_dir)
    assert {m.id: m.title for m in warm.meetings}["a-first"] == "Fzrst fictional round"
    same(load(folder, TODAY), warm)


def test_a_file_replaced_by_a_link_to_another_is_caught(folder: Path, cache_dir: Path) -> None:
    """Same size, same times, another file (device and inode tell)."""
    write(folder, "k-twin.toml", (folder / "a-first.toml").read_text(encoding="utf-8").replace("First", "Twin!"))
    cached_load(folder, cache_dir)
    age_everything(folder, cache_dir)
    first, twin = folder / "a-first.toml", folder / "k-twin.toml"
    st = first.stat()
    os.utime(twin, ns=(st.st_atime_ns, st.st_mtime_ns))
    first.unlink()
    first.symlink_to(twin)
    warm, _ = cached_load(folder, cache_dir)
    assert {m.id: m.title for m in warm.meetings}["a-first"] == "Twin! fictional round"
    same(load(folder, TODAY), warm)


def test_content_changed_within_the_clock_tick_is_caught(folder: Path, cache_dir: Path) -> None:
    """A row whose stat matches but whose file changed right when it was looked at (git's
    racy rule): the content is compared, never the clock trusted."""
    cached_load(folder, cache_dir)
    other = rows(cache_dir)["b-second.toml"]
    # Pretend the cache holds other content for a-first, as if it changed in the same tick.
    alter(cache_dir, "UPDATE files SET payload = ?, digest = ?, crc = ? WHERE path = ?", other[1], other[2], other[4], b"a-first.toml")
    warm, _ = cached_load(folder, cache_dir)
    same(load(folder, TODAY), warm)


def test_today_dependent_warning_is_never_cached(folder: Path, cache_dir: Path) -> None:
    before, _ = cached_load(folder, cache_dir, dt.date(2026, 6, 1))
    after, _ = cached_load(folder, cache_dir, dt.date(2027, 1, 1))
    assert any("after today" in p.message for p in before.warnings)
    assert not any("after today" in p.message for p in after.warnings)
    same(load(folder, dt.date(2027, 1, 1)), after)


def test_paths_follow_the_working_folder(folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder.parent)
    here, _ = cached_load(folder, cache_dir)
    assert here.meetings[0].path.startswith("records/")
    monkeypatch.chdir(folder)
    there, _ = cached_load(folder, cache_dir)
    assert not there.meetings[0].path.startswith("records/")
    same(load(folder, TODAY), there)
    assert {p.path for p in there.problems} == {p.path for p in load(folder, TODAY).problems}


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"\x00\xff garbage" + data[5:],
        lambda data: data[: len(data) // 2],  # torn write
        lambda data: b"",
        lambda data: b"SQLite format 3\x00" + b"\xff" * 200,
    ],
    ids=["garbage", "truncated", "empty", "bad-header"],
)
def test_damaged_database_is_ignored_with_a_warning_and_rebuilt(folder: Path, cache_dir: Path, damage) -> None:  # type: ignore[no-untyped-def]
    cached_load(folder, cache_dir)
    path = database(cache_dir)
    for side in ("-wal", "-shm"):
        Path(f"{path}{side}").unlink(missing_ok=True)
    path.write_bytes(damage(path.read_bytes()))
    result, cache = cached_load(folder, cache_dir)
    same(load(folder, TODAY), result)
    if damage(b"x" * 10) != b"":  # an empty file is a new database to SQLite
        assert any("damaged" in w for w in cache.warnings), cache.warnings
    healed, cache = cached_load(folder, cache_dir)
    assert cache.warnings == [] and healed.parsed == 0
    same(result, healed)


@pytest.mark.parametrize("change", ["payload", "crc", "kind"])
def test_entry_that_does_not_validate_is_reread(folder: Path, cache_dir: Path, change: str) -> None:
    """A row that is not a valid record (written by a broken build, or bit rot)."""
    cached_load(folder, cache_dir)
    bad = b'{"title":5,"sources":[]}'
    if change == "payload":
        alter(cache_dir, "UPDATE files SET payload = ?, crc = ? WHERE path = ?", bad, zlib.crc32(bad), b"b-second.toml")
    elif change == "crc":
        alter(cache_dir, "UPDATE files SET crc = crc + 1 WHERE path = ?", b"b-second.toml")
    else:
        alter(cache_dir, "UPDATE files SET kind = 's' WHERE path = ?", b"b-second.toml")
    result, cache = cached_load(folder, cache_dir)
    same(load(folder, TODAY), result)
    assert any("b-second.toml" in w and "read the file instead" in w for w in cache.warnings), cache.warnings
    healed, cache = cached_load(folder, cache_dir)
    assert cache.warnings == []


def test_text_a_cache_should_not_hold_is_cleaned_through_the_models(folder: Path, cache_dir: Path) -> None:
    cached_load(folder, cache_dir)
    kind, payload, *_ = rows(cache_dir)["a-first.toml"]
    dirty = payload.replace(b"First fictional round", b"First \\u001b[31m round")
    assert dirty != payload
    alter(cache_dir, "UPDATE files SET payload = ?, crc = ? WHERE path = ?", dirty, zlib.crc32(dirty), b"a-first.toml")
    age_everything(folder, cache_dir)
    result, _ = cached_load(folder, cache_dir)
    title = {m.id: m.title for m in result.meetings}["a-first"]
    assert title == "First \\x1b[31m round" and "\x1b" not in title


def test_unwritable_cache_is_a_warning(folder: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    result, cache = cached_load(folder, blocked / "cache")
    same(load(folder, TODAY), result)
    assert len(cache.warnings) == 1 and "cannot write the cache" in cache.warnings[0]


def test_cache_folder_inside_the_records_is_refused(folder: Path) -> None:
    inside = folder / ".cache"
    result, cache = cached_load(folder, inside)
    same(load(folder, TODAY), result)
    assert not inside.exists()
    assert any("inside the records folder" in w for w in cache.warnings)


def test_cache_folder_writable_by_others_is_not_used(folder: Path, tmp_path: Path) -> None:
    shared = tmp_path / "shared-cache"
    shared.mkdir()
    shared.chmod(0o777)
    result, cache = cached_load(folder, shared)
    same(load(folder, TODAY), result)
    assert cache.warnings == [f"briefing: warning: the cache folder {shared} is writable by others; not caching, every file is read"]
    assert list(shared.iterdir()) == []


@pytest.mark.parametrize("side", ["", "-wal", "-shm"])
def test_a_planted_link_never_overwrites_a_record(folder: Path, cache_dir: Path, side: str) -> None:
    """Anyone who could write in the cache folder could aim a link at any file of the user's."""
    cached_load(folder, cache_dir)
    path = database(cache_dir)
    victim = folder / "a-first.toml"
    before = victim.read_bytes()
    for s in ("", "-wal", "-shm"):
        Path(f"{path}{s}").unlink(missing_ok=True)
    if side:
        cached_load(folder, cache_dir)  # a database again, then its side file planted
        Path(f"{path}{side}").unlink(missing_ok=True)
    Path(f"{path}{side}").symlink_to(victim)
    victim.write_text(victim.read_text(encoding="utf-8").replace("First", "Frst!"), encoding="utf-8")  # so it must be written
    expected = victim.read_bytes()
    result, cache = cached_load(folder, cache_dir)
    assert victim.read_bytes() == expected != before
    assert any("not a plain file" in w for w in cache.warnings), cache.warnings
    same(load(folder, TODAY), result)
    again, cache = cached_load(folder, cache_dir)
    assert victim.read_bytes() == expected and cache.warnings == []
    assert not Path(f"{path}{side}").is_symlink()


def test_a_hard_link_in_the_cache_is_not_written_through(folder: Path, cache_dir: Path) -> None:
    cached_load(folder, cache_dir)
    path = database(cache_dir)
    for s in ("", "-wal", "-shm"):
        Path(f"{path}{s}").unlink(missing_ok=True)
    victim = folder / "b-second.toml"
    before = victim.read_bytes()
    os.link(victim, path)
    result, cache = cached_load(folder, cache_dir)
    assert victim.read_bytes() == before
    assert any("not a plain file" in w for w in cache.warnings)


def test_locked_database_is_a_warning_and_the_same_answer(folder: Path, cache_dir: Path) -> None:
    cached_load(folder, cache_dir)
    (folder / "a-first.toml").write_text((folder / "a-first.toml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    con = sqlite3.connect(database(cache_dir), isolation_level=None)
    con.execute("BEGIN EXCLUSIVE")
    try:
        cache = RecordCache(cache_dir, busy_ms=50)
        result = load(folder, TODAY, cache)
    finally:
        con.execute("ROLLBACK")
        con.close()
    same(load(folder, TODAY), result)
    assert any("cannot write the cache" in w or "locked" in w for w in cache.warnings), cache.warnings


def test_concurrent_runs_share_the_cache(folder: Path, cache_dir: Path) -> None:
    import threading

    expected = load(folder, TODAY)
    results: list[LoadResult] = []
    caches: list[RecordCache] = []

    def run() -> None:
        cache = RecordCache(cache_dir)
        caches.append(cache)
        results.append(load(folder, TODAY, cache))

    threads = [threading.Thread(target=run) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for r in results:
        same(expected, r)
    warm, cache = cached_load(folder, cache_dir)
    same(expected, warm)
    assert cache.warnings == []


def test_another_version_rebuilds_quietly(folder: Path, cache_dir: Path) -> None:
    cached_load(folder, cache_dir)
    alter(cache_dir, "UPDATE meta SET value = 'schema 0; another build' WHERE key = 'key'")
    result, cache = cached_load(folder, cache_dir)
    same(load(folder, TODAY), result)
    assert cache.warnings == [] and result.parsed == result.files
    con = sqlite3.connect(database(cache_dir))
    assert dict(con.execute("SELECT key, value FROM meta"))["key"] == cache_mod.cache_key()
    con.close()


def test_a_cache_of_the_older_layout_is_made_anew(folder: Path, cache_dir: Path) -> None:
    """A database of schema 3 (its files table WITHOUT ROWID, 4 KiB pages) gets this version's
    table, rowid and all, and the same answers; a new database has 16 KiB pages."""
    cache_dir.mkdir(mode=0o700)
    path = RecordCache(cache_dir).path_for(folder)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA page_size = 4096")
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")
    old = cache_mod._FILES.replace("IF NOT EXISTS ", "").rstrip() + " WITHOUT ROWID"
    con.execute(old)
    con.execute("INSERT INTO files VALUES (?, 1, 2, 3, 4, 5, 6, 'x', 'm', ?, 0)", (b"a-first.toml", b"{}"))
    con.execute("INSERT INTO meta VALUES ('key', 'schema 3; older'), ('root', ?)", (os.path.realpath(folder),))
    con.close()
    result, cache = cached_load(folder, cache_dir)
    same(load(folder, TODAY), result)
    assert cache.warnings == [] and result.parsed == result.files
    con = sqlite3.connect(path)
    (sql,) = con.execute("SELECT sql FROM sqlite_master WHERE name = 'files'").fetchone()
    assert "WITHOUT ROWID" not in sql and con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    age_everything(folder, cache_dir)
    again, cache = cached_load(folder, cache_dir)
    same(result, again)
    assert (again.parsed, cache.written, cache.warnings) == (0, 0, [])
    shutil.rmtree(cache_dir)
    cached_load(folder, cache_dir)
    con = sqlite3.connect(database(cache_dir))
    assert con.execute("PRAGMA page_size").fetchone()[0] == cache_mod.PAGE_SIZE
    con.close()


def test_cache_key_is_the_schema_the_fields_and_the_libraries_not_source_text() -> None:
    key = cache_mod.cache_key()
    assert key == cache_mod.cache_key()
    assert key.startswith(f"schema {cache_mod.SCHEMA}; fields ")
    for library in ("pydantic", "pydantic_core", "msgspec", "tomli", "rtoml", "pycountry"):
        assert f"{library} " in key and f"{library} missing" not in key and f"{library} unknown" not in key
    import pydantic

    assert f"pydantic {pydantic.VERSION}" in key


def test_default_dir(tmp_path: Path) -> None:
    assert default_dir({"BRIEFING_CACHE_DIR": str(tmp_path)}) == tmp_path
    assert default_dir({"BRIEFING_NO_CACHE": "1", "BRIEFING_CACHE_DIR": str(tmp_path)}) is None
    home = default_dir({})
    assert home is not None and "briefing" in str(home)


def test_cli_warns_and_gives_the_same_output(folder: Path, tmp_path: Path, invoke, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BRIEFING_NO_CACHE", "1")
    plain = invoke("check", "--records", folder, "--as-of", "2026-06-01")
    monkeypatch.delenv("BRIEFING_NO_CACHE")
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cli-cache"))
    cold = invoke("check", "--records", folder, "--as-of", "2026-06-01")
    warm = invoke("check", "--records", folder, "--as-of", "2026-06-01")
    assert plain.exit_code == cold.exit_code == warm.exit_code == 1
    assert plain.stdout == cold.stdout == warm.stdout
    blocked = tmp_path / "blocked"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(blocked))
    trouble = invoke("check", "--records", folder, "--as-of", "2026-06-01")
    assert trouble.exit_code == 1 and trouble.stdout == plain.stdout
    assert "warning: cannot write the cache" in trouble.stderr
    good = folder.parent / "good"
    write(good, "x.toml", meeting("Fine", "2019-01-01", 1).replace('series = "fictional-track"\n', "").replace("fulfilled_by = \"b-second\"\n", ""))
    ok = invoke("check", "--records", good)
    assert ok.exit_code == 0, ok.stdout + ok.stderr
    assert "warning: cannot write the cache" in ok.stderr


def test_cache_folder_is_private(folder: Path, tmp_path: Path) -> None:
    where = tmp_path / "fresh" / "briefing"
    cached_load(folder, where)
    assert where.stat().st_mode & 0o077 == 0


HOSTILE = """
    title = "Escape \\u001b[31m red, bidi \\u202e txet, tab\\tand C1 \\u0085 in text"
    date = "2020-02-02"
    summary = "Accents é, Ğ and ß are clean; a backslash-u \\\\u0041 is only text"
    topics = ["\\u2066isolate\\u2069", "plain"]
    [[participants]]
    name = "Nul\\u0000 Person"
    [[sources]]
    title = "A fictional source"
"""


def test_text_with_controls_reads_back_cleaned_from_the_cache(tmp_path: Path, cache_dir: Path) -> None:
    root = tmp_path / "hostile"
    write(root, "h-hostile.toml", HOSTILE)
    write(root, "c-clean.toml", 'title = "Plain, with é and Oğuz"\ndate = "2021"\n[[sources]]\ntitle = "A fictional source"\n')
    write(root, "e\x1bscape.toml", 'title = "A name with ESC"\ndate = "2021"\n[[sources]]\ntitle = "A fictional source"\n')
    plain = load(root, TODAY)
    cached_load(root, cache_dir)
    warm, cache = cached_load(root, cache_dir)
    same(plain, warm)
    assert cache.warnings == []
    hostile = {m.id: m for m in warm.meetings}["h-hostile"]
    assert "\x1b" not in hostile.title and "\\x1b[31m" in hostile.title and "\\u202e" in hostile.title
    assert hostile.participants[0].name == "Nul\\x00 Person"
    assert any("\\x1b" in m.id for m in warm.meetings)


def test_clean_json_is_true_only_where_cleaning_changes_nothing() -> None:
    from briefing.loader.readback import clean_json as _clean_json

    assert _clean_json('{"title":"Plain, é, Ğ, 日本"}'.encode())
    assert _clean_json(b'{"title":"tab\\tquote\\"end"}')
    assert not _clean_json(b'{"title":"esc \\u001b"}')  # any \u escape: checked by cleaning
    assert not _clean_json('{"title":"bidi \u202e"}'.encode())
    assert not _clean_json('{"title":"c1 \u0085"}'.encode())
    assert not _clean_json(b'{"title":"del \x7f"}')
    # Bytes that are not UTF-8 pass these tests, but not the JSON parser: they never validate.
    from pydantic import TypeAdapter

    with pytest.raises(ValueError):
        TypeAdapter(str).validate_json(b'"not utf-8 \xff"')


def test_every_character_clean_changes_is_caught() -> None:
    """_clean_json must be false for any JSON holding a character that `clean` changes, escaped
    or not (this fails if text.clean learns a new one that the test misses)."""
    import json

    from briefing.loader.readback import clean_json as _clean_json
    from briefing.text import clean

    for cp in range(0, 0x110000):
        ch = chr(cp)
        if clean(ch) == ch:
            continue
        escaped = json.dumps({"title": ch}).encode()
        assert not _clean_json(escaped), hex(cp)
        if 0x20 <= cp and not 0xD800 <= cp <= 0xDFFF:
            assert not _clean_json(json.dumps({"title": ch}, ensure_ascii=False).encode("utf-8")), hex(cp)


