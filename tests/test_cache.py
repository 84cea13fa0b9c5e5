"""The record cache: same results with and without it; changes, corruption and trouble handled."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from tests.helpers import write

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


def same(a: LoadResult, b: LoadResult) -> None:
    """Everything a report uses is equal, down to which fields were set in the files."""
    assert a == b
    assert [m.model_dump(exclude_unset=True) for m in a.meetings] == [m.model_dump(exclude_unset=True) for m in b.meetings]
    assert [s.model_dump(exclude_unset=True) for s in a.series] == [s.model_dump(exclude_unset=True) for s in b.series]
    assert [str(p) for p in a.problems] == [str(p) for p in b.problems]


def cached_load(root: Path, cache_dir: Path, today: dt.date = TODAY) -> tuple[LoadResult, RecordCache]:
    cache = RecordCache(cache_dir)
    return load(root, today, cache), cache


def stored_entries(folder: Path, cache_dir: Path) -> tuple[RecordCache, str, dict[str, cache_mod.Entry], int]:
    """Fill the cache, then read its entries back as they are stored (to be altered and written)."""
    cached_load(folder, cache_dir)
    cache = RecordCache(cache_dir)
    key = cache_mod.tool_key()
    entries, scanned = cache.read(folder, key)
    return cache, key, entries, scanned


def cache_file(cache_dir: Path) -> Path:
    (path,) = list(cache_dir.glob("*.jsonl"))
    return path


def test_results_identical_without_cold_and_warm(folder: Path, cache_dir: Path) -> None:
    plain = load(folder, TODAY)
    assert plain.meetings and plain.series and plain.errors and plain.warnings and plain.skipped
    cold, c1 = cached_load(folder, cache_dir)
    warm, c2 = cached_load(folder, cache_dir)
    same(plain, cold)
    same(plain, warm)
    assert c1.warnings == c2.warnings == []


def test_warm_run_parses_no_record_file(folder: Path, cache_dir: Path) -> None:
    cold, _ = cached_load(folder, cache_dir)
    assert cold.parsed == cold.files == 10
    old = os.path.getmtime(cache_file(cache_dir)) - 10  # leave the racy window
    for path in folder.rglob("*.toml"):
        os.utime(path, (old, old))
    cached_load(folder, cache_dir)  # the cache now knows the new mtimes
    warm, _ = cached_load(folder, cache_dir)
    assert warm.parsed == 0
    same(load(folder, TODAY), warm)
    (folder / "a-first.toml").write_text((folder / "a-first.toml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert cached_load(folder, cache_dir)[0].parsed == 1


def test_cache_is_json_lines_outside_the_records(folder: Path, cache_dir: Path) -> None:
    import json

    cached_load(folder, cache_dir)
    path = cache_file(cache_dir)
    assert not str(path.resolve()).startswith(str(folder.resolve()))
    lines = path.read_bytes().splitlines()
    header = json.loads(lines[0])
    assert header["briefing-cache"] == 2 and header["root"] == os.path.realpath(folder)
    n = header["entries"]
    rows = json.loads(lines[1])  # the index: one array
    payloads = [json.loads(line) for line in lines[2:]]  # one JSON document per line
    assert len(payloads) == n
    assert sorted(r[0] for r in rows) == sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.toml"))
    assert {r[4][0] for r in rows} == {"m", "s", "p"}  # files with problems are cached too
    # A meeting's listing is in the index; its record is the payload its offset points to.
    first = next(r for r in rows if r[0] == "a-first.toml")
    assert first[5][:5] == ["", "", "2019-05-01", "held", "foreign-ministers"]  # the listing: no id, no path, date, ...
    data = path.read_bytes()[len(lines[0]) + 1 + header["index_bytes"] :]
    assert len(lines[1]) + 1 == header["index_bytes"] and len(rows) == n
    kind, offset, length = first[4][:3]
    assert kind == "m" and json.loads(data[offset : offset + length])["title"] == "First fictional round"


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
    assert cache.warnings == []
    again, _ = cached_load(folder, cache_dir)
    same(warm, again)


def test_content_replaced_with_the_old_mtime_is_caught(folder: Path, cache_dir: Path) -> None:
    """Tools that keep mtimes (rsync -t, tar, cp -p) can swap content under an old mtime; the
    ctime still moves."""
    cache, key, entries, scanned = stored_entries(folder, cache_dir)
    cache.write(folder, key, scanned + 10 * cache_mod.RACY_NS, sorted(entries.items()))  # nothing racy
    first = folder / "a-first.toml"
    stat = first.stat()
    first.write_text(first.read_text(encoding="utf-8").replace("First", "Fzrst"), encoding="utf-8")
    os.utime(first, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    warm, _ = cached_load(folder, cache_dir)
    assert {m.id: m.title for m in warm.meetings}["a-first"] == "Fzrst fictional round"
    same(load(folder, TODAY), warm)


def test_content_changed_within_the_clock_tick_is_caught(folder: Path, cache_dir: Path) -> None:
    """An entry whose stat matches but whose file changed right when the cache was written."""
    cache, key, entries, scanned = stored_entries(folder, cache_dir)
    stale = entries["a-first.toml"]
    other = entries["b-second.toml"]
    # Pretend the cache holds other content for a-first (as if it changed in the same tick).
    entries["a-first.toml"] = cache_mod.Entry(stale.size, stale.mtime_ns, stale.ctime_ns, other.digest, "m", other.payload)
    assert stale.mtime_ns >= scanned - cache_mod.RACY_NS  # just written: inside the racy window
    cache.write(folder, key, scanned, sorted(entries.items()))
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
        lambda data: data.replace(b"Second fictional", b"Second \xff\xfe fictional"),  # not UTF-8 inside
        lambda data: data[: len(data) // 2],  # torn write
        lambda data: data.replace(b"Second fictional round", b"Sekond fictional round"),  # bit rot
        lambda data: data.replace(b'"m",', b'"q",', 1),
        lambda data: b"",
        lambda data: data + b"[]\n",
    ],
    ids=["garbage", "not-utf8", "truncated", "altered", "bad-kind", "empty", "trailing"],
)
def test_damaged_cache_is_ignored_with_a_warning(folder: Path, cache_dir: Path, damage) -> None:  # type: ignore[no-untyped-def]
    cached_load(folder, cache_dir)
    path = cache_file(cache_dir)
    path.write_bytes(damage(path.read_bytes()))
    result, cache = cached_load(folder, cache_dir)
    same(load(folder, TODAY), result)
    assert any("damaged" in w for w in cache.warnings), cache.warnings
    healed, cache = cached_load(folder, cache_dir)
    assert cache.warnings == []
    same(result, healed)


def test_entry_that_does_not_validate_is_reread(folder: Path, cache_dir: Path) -> None:
    """A cache that is well-formed JSON but not a valid record (e.g. written by a broken build)."""
    cache, key, entries, scanned = stored_entries(folder, cache_dir)
    e = entries["b-second.toml"]
    entries["b-second.toml"] = cache_mod.Entry(e.size, e.mtime_ns, e.ctime_ns, e.digest, "m", b'{"title":5,"sources":[]}')
    cache.write(folder, key, scanned - 10 * cache_mod.RACY_NS, sorted(entries.items()))
    result, cache = cached_load(folder, cache_dir)
    same(load(folder, TODAY), result)
    assert any("b-second.toml does not validate" in w for w in cache.warnings)


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


def test_another_version_rebuilds_quietly(folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cached_load(folder, cache_dir)
    before = cache_file(cache_dir).read_bytes()
    monkeypatch.setattr(cache_mod, "tool_key", lambda: "9.9.9-another-schema")
    result, cache = cached_load(folder, cache_dir)
    same(load(folder, TODAY), result)
    assert cache.warnings == []
    assert b"9.9.9-another-schema" in cache_file(cache_dir).read_bytes() != before


def test_schema_hash_covers_the_models(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    key = cache_mod.tool_key()
    assert key == cache_mod.tool_key()
    fake = tmp_path / "briefing"
    fake.mkdir()
    for name in cache_mod._SCHEMA_MODULES:
        (fake / f"{name}.py").parent.mkdir(parents=True, exist_ok=True)
        (fake / f"{name}.py").write_text(f"# {name}\n", encoding="utf-8")
    monkeypatch.setattr(cache_mod, "__file__", str(fake / "cache.py"))
    changed = cache_mod.tool_key()
    (fake / "model.py").write_text("# a field more\n", encoding="utf-8")
    assert changed != key and cache_mod.tool_key() != changed


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


def test_validator_without_clean_agrees_where_text_is_clean(tmp_path: Path) -> None:
    """The validator used for clean JSON is the model's own, less `clean`: same records."""
    import sys

    from tests.helpers import REPO

    from briefing.loader.parse import result_of as _result
    from briefing.loader.readback import clean_json as _clean_json
    from briefing.loader.readback import clean_records_adapter as _clean_records_adapter
    from briefing.loader.readback import payload_of as _payload
    from briefing.loader.readback import records_adapter as _records_adapter
    from briefing.loader.readback import with_place as _with_place
    from briefing.loader.scan import scan_folder as _scan

    sys.path.insert(0, str(REPO / "bench"))
    from generate import generate

    root = tmp_path / "gen"
    generate(120, root, seed=5)
    result = load(root, TODAY)
    by_path = {m.path: m for m in result.meetings}
    payloads = []
    for found in _scan(root):
        if found.shown in by_path:
            _, payload = _payload(_result(by_path[found.shown], [], "digest"))
            payloads.append(_with_place(payload, found))
    assert len(payloads) == len(result.meetings) > 100 and all(_clean_json(p) for p in payloads)
    from briefing.model import Meeting

    blob = b"[" + b",".join(payloads) + b"]"
    fast = _clean_records_adapter(Meeting).validate_json(blob)
    full = _records_adapter(Meeting).validate_json(blob)
    assert fast == full and {m.id for m in fast} == {m.id for m in result.meetings}
    assert [m.model_dump(exclude_unset=True) for m in fast] == [m.model_dump(exclude_unset=True) for m in full]
    # Building it left the models as they were: still finished, still cleaning.
    assert all(m.__pydantic_complete__ for m in (Meeting,) + tuple(type(x) for x in (fast[0].sources[0],)))
    dirty = {"id": "x", "path": "y", "title": "a\x1bb", "date": "2020", "sources": [{"title": "s"}]}
    assert Meeting.model_validate(dirty).title == "a\\x1bb"
    # ... and it still refuses what the model refuses.
    with pytest.raises(ValueError):
        _clean_records_adapter(Meeting).validate_json(b'[{"id":"x","path":"y","title":" ","date":"2020","sources":[{"title":"s"}]}]')


def test_listing_that_does_not_parse_is_reread(folder: Path, cache_dir: Path) -> None:
    """A listing whose date does not parse (a cache written by a broken build): the file is read."""
    cache, key, entries, scanned = stored_entries(folder, cache_dir)
    e = entries["a-first.toml"]
    assert e.listing is not None and b'"2019-05-01"' in e.listing
    entries["a-first.toml"] = cache_mod.Entry(
        e.size, e.mtime_ns, e.ctime_ns, e.digest, e.kind, e.payload, e.listing.replace(b'"2019-05-01"', b'"2019-13-45"')
    )
    cache.write(folder, key, scanned - 10 * cache_mod.RACY_NS, sorted(entries.items()))
    result, cache = cached_load(folder, cache_dir)
    same(load(folder, TODAY), result)
    assert any("a-first.toml does not validate" in w for w in cache.warnings)


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


def test_index_over_several_lines_reads_the_same(folder: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_mod, "INDEX_LINE", 3)
    cached_load(folder, cache_dir)
    lines = cache_file(cache_dir).read_bytes().splitlines()
    header = json.loads(lines[0])
    assert header["entries"] == 10 and all(line.startswith(b"[") for line in lines[1:5]) and not lines[5].startswith(b"[")
    warm, cache = cached_load(folder, cache_dir)
    same(load(folder, TODAY), warm)
    assert cache.warnings == []


def test_index_in_any_order_reads_the_same(folder: Path, cache_dir: Path) -> None:
    """The cache is written in the scan's order and read in step with the scan; an index in
    another order (or with an entry twice) is read through a lookup instead."""
    cache, key, entries, scanned = stored_entries(folder, cache_dir)
    items = sorted(entries.items(), reverse=True)
    cache.write(folder, key, scanned - 10 * cache_mod.RACY_NS, items + items[:2])
    warm, cache = cached_load(folder, cache_dir)
    same(load(folder, TODAY), warm)
    assert cache.warnings == []
