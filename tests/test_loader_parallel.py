"""Parsing in worker processes gives what parsing here gives; the scan finds what it should; the
benchmark's generated records are valid."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pytest
from tests.helpers import REPO, write

from briefing.cache import RecordCache
from briefing.loader import LoadResult, discover, load, shown_path
from briefing.loader.parse import fast_toml, parse_toml
from briefing.loader.scan import scan_folder

sys.path.insert(0, str(REPO / "bench"))
from generate import generate  # noqa: E402

TODAY = dt.date(2026, 6, 1)


def same(a: LoadResult, b: LoadResult) -> None:
    assert a == b
    assert [m.model_dump(exclude_unset=True) for m in a.meetings] == [m.model_dump(exclude_unset=True) for m in b.meetings]
    assert [str(p) for p in a.problems] == [str(p) for p in b.problems]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """Generated fictional records plus files with problems."""
    root = tmp_path / "records"
    generate(60, root, seed=7)
    write(root, "2019/bad-syntax.toml", 'title = "unclosed\n')
    write(root, "2019/bad-field.toml", 'title = "Fictional"\ndate = "2019-13"\ncolour = 1\n[[sources]]\ntitle = "x"\n')
    (root / "2019" / "bad-bytes.toml").write_bytes(b"title = \"\xff\"\n")
    return root


def test_generated_records_load_without_problems(tmp_path: Path) -> None:
    written = generate(50, tmp_path / "gen", seed=3)
    result = load(tmp_path / "gen", TODAY)
    assert result.problems == ()
    assert len(result.meetings) == 50 and result.files == written
    assert result.series and any(m.round for m in result.meetings)
    assert any(m.commitments for m in result.meetings) and any(len(m.sources) > 1 for m in result.meetings)
    assert {m.date.precision for m in result.meetings} >= {"day", "month", "year"}


def test_generator_is_seeded(tmp_path: Path) -> None:
    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.toml"))}

    generate(30, tmp_path / "a", seed=5)
    generate(30, tmp_path / "b", seed=5)
    generate(30, tmp_path / "c", seed=6)
    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert files(tmp_path / "a") != files(tmp_path / "c")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="worker processes are started by fork here")
def test_parallel_equals_serial(archive: Path) -> None:
    serial = load(archive, TODAY, workers=1)
    parallel = load(archive, TODAY, workers=2)
    assert serial.errors and len(serial.skipped) == 3
    same(serial, parallel)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="worker processes are started by fork here")
def test_parallel_fills_the_cache(archive: Path, tmp_path: Path) -> None:
    cold = load(archive, TODAY, RecordCache(tmp_path / "cache"), workers=3)
    warm_cache = RecordCache(tmp_path / "cache")
    warm = load(archive, TODAY, warm_cache, workers=1)
    same(load(archive, TODAY, workers=1), cold)
    same(cold, warm)
    assert warm_cache.warnings == []


def test_pool_failure_falls_back_to_this_process(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import concurrent.futures

    class NoPool:
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise OSError("cannot start a process")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", NoPool)
    same(load(archive, TODAY, workers=1), load(archive, TODAY, workers=2))


def test_scan_skips_hidden_private_backups_loops_and_links_out(tmp_path: Path) -> None:
    root = tmp_path / "records"
    for name in ("b.toml", "a.toml", "sub/c.toml", "series/s.toml", "sub/deeper/d.toml", "inner/i.toml"):
        write(root, name, "x = 1\n")
    for name in (".hidden.toml", ".git/e.toml", "_drafts/f.toml", "g.toml~", "h.toml.bak", "#i.toml#", "notes.txt"):
        write(root, name, "x = 1\n")
    (root / "folder.toml").mkdir()
    (root / "sub" / "loop").symlink_to(root)  # a loop: walked once
    (root / "broken.toml").symlink_to(root / "missing.toml")
    (root / "also").symlink_to(root / "inner")  # inside the records folder: followed, read once
    outside = tmp_path / "elsewhere"
    write(outside, "linked.toml", "x = 1\n")
    (root / "linked").symlink_to(outside)  # outside: not followed, and said so
    (root / "root").symlink_to("/")
    found = [p.relative_to(root).as_posix() for p in discover(root)]
    assert found == ["a.toml", "also/i.toml", "b.toml", "series/s.toml", "sub/c.toml", "sub/deeper/d.toml"]
    scan = scan_folder(root)
    assert [f.kind for f in scan.files] == ["meeting", "meeting", "meeting", "series", "meeting", "meeting"]
    assert sorted(os.path.basename(link) for link, _ in scan.skipped) == ["linked", "root"]
    result = load(root, TODAY)
    warnings = [str(p) for p in result.warnings]
    assert any("linked: warning: a link to a folder outside the records folder" in w for w in warnings), warnings
    assert any("root: warning: a link to a folder outside the records folder (/); not followed" in w for w in warnings)


def test_the_place_of_a_file_says_what_it_is() -> None:
    from briefing.loader.scan import kind_of

    assert kind_of("series/x.toml") == "series"
    assert kind_of("series/deeper/x.toml") == "meeting"
    assert kind_of("2019/series/x.toml") == "meeting"
    assert kind_of("people/someone.toml") == "person"
    assert kind_of("briefing.toml") == "settings"
    assert kind_of("2019/briefing.toml") == "meeting"
    assert kind_of("x.toml") == "meeting"


def test_person_files_are_not_read_as_meetings(tmp_path: Path) -> None:
    root = tmp_path / "records"
    write(root, "people/someone.toml", "name = 1\n")
    result = load(root, TODAY)
    assert (result.files, result.meetings, result.people_files) == (0, (), 1)
    assert [(p.field, p.message) for p in result.problems] == [("name", "expected text in quotes")]  # as a person file


def test_shown_paths_are_relative_to_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "work" / "records"
    write(root, "a.toml", "x = 1\n")
    write(root, "real/r.toml", "x = 1\n")
    (root / "via").symlink_to(root / "real")
    monkeypatch.chdir(tmp_path / "work")
    for given in (root, Path("records"), Path("./records/"), Path("../work/records")):
        shown = [f.shown for f in scan_folder(given).files]
        assert shown == [shown_path(p, given) for p in discover(given)]
        assert shown == ["records/a.toml", "records/real/r.toml"]  # the link's folder is read once, as itself


@pytest.mark.skipif(sys.platform != "linux", reason="file names that are not UTF-8 need a Linux file system")
def test_file_name_that_is_not_utf8_in_a_parallel_load(archive: Path, tmp_path: Path) -> None:
    name = os.fsencode(archive) + b"/0-caf\xe9-fictional.toml"  # first: a worker parses it
    with open(name, "wb") as f:
        f.write(b'title = "A fictional meeting"\ndate = "2019-03"\n[[sources]]\ntitle = "A fictional source"\n')
    serial = load(archive, TODAY, workers=1)
    assert any(m.title == "A fictional meeting" for m in serial.meetings)
    same(serial, load(archive, TODAY, RecordCache(tmp_path / "cache"), workers=2))
    same(serial, load(archive, TODAY, RecordCache(tmp_path / "cache"), workers=1))


# -- the fast TOML parser agrees with tomli ------------------------------------------------------

def _both(text: str) -> tuple[object, object]:
    """parse_toml's answer with the fast parser, and with tomli alone."""
    return _norm(parse_toml(text, "x.toml", fast=True)), _norm(parse_toml(text, "x.toml", fast=False))


def _norm(value: object) -> object:
    """NaN equal to itself; offsets compared by value, not by tzinfo class."""
    if isinstance(value, float) and value != value:
        return "nan"
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return ("datetime", value.isoformat())
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_norm(v) for v in value]
    return value


TRICKY = [
    'a = "\\e"', 'a = "\\x41"', "a = 07:32", "a = 1979-05-27T07:32Z", "a = {\n b = 1,\n}", "a = 99999999999999999999",
    "a = nan", "a = -0.0", "a = 1e400", "a = 1\na = 2", "a = 1\r", "# \x7f\na = 1", 'a = "\x01"', 'a = "\\ud800"',
    "a = 2024-02-30", "a = 2024-01-01T00:00:00+25:00", "a = 01", '"" = 1', "[a]\n[a]", "a = {b=1}\na.c = 2",
    "a = []\n[[a]]", "é = 1", "a = " + "[" * 5000 + "]" * 5000, "a = 0x_1", "a = 1__0", "a = +inf", "a = 1979-05-27 07:32:00",
    'a = """x\r\ny"""', "a = '''x\r\ny'''", "a = 1\r\n", "a = 'lit\\'", "a = '''\n'''", 'a = """\\\n  x"""', "[[a.b]]\n[a]\nc = 1", "a.b = 1\n[a.b.c]", "\ufeffa = 1",
]


@pytest.mark.skipif(not fast_toml(), reason="rtoml is not installed")
def test_fast_parser_agrees_with_tomli_on_every_corpus_file(tmp_path: Path) -> None:
    paths = sorted((REPO / "tests").glob("**/*.toml")) + sorted((REPO / "records").glob("**/*.toml"))
    generate(40, tmp_path / "gen", seed=11)
    paths += sorted((tmp_path / "gen").glob("**/*.toml"))
    texts = [p.read_bytes().decode("utf-8", "replace") for p in paths] + TRICKY
    assert len(texts) > 100
    for text in texts:
        fast, slow = _both(text)
        assert fast == slow, text[:200]


@pytest.mark.skipif(not fast_toml(), reason="rtoml is not installed")
def test_fast_parser_never_accepts_what_tomli_refuses() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    base = (REPO / "records" / "2022-12-ca-japan-fm-9.toml").read_text(encoding="utf-8")
    pieces = st.sampled_from(list("[]{}=\"'.,#\n\r\t\\ 0123456789+-:eEnaTZx_") + ['"""', "'''", "[[", "]]", "\\u", "1979-05-27", "inf", "nan"])

    @settings(max_examples=300, deadline=None, derandomize=True)
    @given(st.integers(0, len(base)), st.integers(0, 40), st.lists(pieces, max_size=6))
    def check(at: int, cut: int, insert: list[str]) -> None:
        text = base[:at] + "".join(insert) + base[at + cut :]
        fast, slow = _both(text)
        assert fast == slow

    check()


def test_the_scan_names_the_settings_file_as_the_model_does() -> None:
    from briefing.loader.scan import SETTINGS_FILE
    from briefing.model import SETTINGS_FILE as MODEL_SETTINGS_FILE

    assert SETTINGS_FILE == MODEL_SETTINGS_FILE
