"""Inputs that must never crash: mutated records, random bytes, odd file names, every command.

A valid fictional record is mutated (keys deleted, added, renamed; values replaced by other types,
random strings, random dates, odd Unicode, nesting) and written beside a second valid record; or
a file of random bytes, or a valid file with bytes spliced in. Then every command runs. For every
example: exit 0, 1 or 2; no traceback and no exception escapes; the good record still loads and
is named in no problem.

Reproducible: the examples are derandomized (the same on every run). CI runs 40 mutated meetings
(HYPOTHESIS_PROFILE=ci), a developer's run a quarter of them; set BRIEFING_FUZZ_EXAMPLES to run
another number.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
import tomli_w
import typer
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tests.helpers import CliRunner

from briefing.cli import app
from tests.helpers import examples

EXAMPLES = int(os.environ.get("BRIEFING_FUZZ_EXAMPLES", examples(40)))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
AS_OF = "2024-01-01"
GOOD_ID = "2020-01-01-good"
GOOD = f"""\
title = "A good fictional meeting"
date = 2020-01-01
kind = "summit"
countries = ["UZ", "JP"]
topics = ["fictional topic"]
[[sources]]
title = "A fictional source"
"""

VALID_MEETING: dict[str, Any] = {
    "title": "A fictional meeting",
    "date": "2021-03",
    "date_text": "in March",
    "status": "planned",
    "kind": "foreign-ministers",
    "series": "fictional-series",
    "round": 2,
    "mode": "video",
    "summary": "What happened, in fictional words.",
    "notes": "A note.",
    "place": {"city": "Fictional City", "country": "UZ", "venue": "A hall"},
    "countries": ["UZ", "JP"],
    "organizations": ["A fictional organization"],
    "participants": [
        {"name": "A. Person", "role": "Minister", "country": "JP", "head_of_delegation": True},
        {"person": "a-person", "level": "minister"},
        {"office": "Foreign Minister of Uzbekistan", "level": "minister", "country": "UZ"},
    ],
    "topics": ["fictional topic", "another topic"],
    "outcomes": ["An outcome."],
    "commitments": [{"text": "Meet again", "due": "2022", "status": "open", "parties": ["UZ"], "fulfilled_by": GOOD_ID}],
    "sources": [{"title": "A fictional source", "url": "https://example.org/a", "published": "2021", "kind": "press"}],
}
VALID_SERIES: dict[str, Any] = {
    "name": "Fictional series",
    "aliases": ["FS"],
    "kind": "foreign-ministers",
    "established": "2004",
    "members": ["UZ", "JP"],
    "description": "A fictional dialogue.",
    "counts": [{"held": 2, "as_of": "2021", "source": "A fictional count"}],
    "sources": [{"title": "A fictional source"}],
}

VALID_PERSON: dict[str, Any] = {
    "name": "A. Person",
    "names": ["PERSON A."],
    "country": "JP",
    "notes": "A fictional person.",
    "offices": [
        {"title": "Minister", "country": "JP", "level": "minister", "attested": ["2021-03-01"], "sources": [{"title": "A fictional source"}]},
        {"title": "Deputy", "level": "deputy-minister", "from": "2018", "until": "2020-06", "sources": [{"title": "A fictional source"}]},
    ],
}

# -- strategies ----------------------------------------------------------------------------------

odd_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),  # anything a UTF-8 file can hold
    max_size=40,
) | st.sampled_from([
    "", " ", "\x00", "\x1b[2J", "\u202e", "[bold]x[/]", "<script>", "9999-12-31", "0000-01-01", "2021-02-30",
    "2021-13", "2021-XX-XX", "20XX", "2018-24", "2018-21/2018-01", "../../etc/passwd", "UZ", "Uzbekistan",
    "foreign-ministers", "held", "planned", "x" * 300, "1e999", "-0", "ß", "İ", "Türkiye", "\ufeff",
])
dates = st.one_of(
    st.dates(), st.datetimes(), st.times(), st.datetimes(timezones=st.just(dt.timezone.utc)),
    st.from_regex(r"[0-9X]{4}(-[0-9X]{2}(-[0-9X]{2})?)?[?~%]?(/[0-9X]{4}(-[0-9X]{2})?)?", fullmatch=True),
)
scalars = st.one_of(
    odd_text, dates, st.booleans(), st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
)
keys = st.one_of(st.sampled_from(sorted(set(VALID_MEETING) | set(VALID_SERIES) | {"id", "path", "titel"})), odd_text)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=12,
)


@st.composite
def mutated(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    """A record with a few mutations anywhere in its tree."""
    record = json.loads(json.dumps(base))

    def containers(node: Any, out: list[Any]) -> list[Any]:
        if isinstance(node, (dict, list)):
            out.append(node)
            for child in node.values() if isinstance(node, dict) else node:
                containers(child, out)
        return out

    for _ in range(draw(st.integers(1, 4))):
        found = containers(record, [])
        node = draw(st.sampled_from(found))
        op = draw(st.sampled_from(["replace", "delete", "add", "rename", "wrap"]))
        if isinstance(node, dict):
            if not node or op == "add":
                node[draw(keys)] = draw(values)
                continue
            key = draw(st.sampled_from(sorted(node)))
            if op == "replace":
                node[key] = draw(values)
            elif op == "delete":
                del node[key]
            elif op == "rename":
                node[draw(keys)] = node.pop(key)
            else:
                node[key] = [node[key]] if draw(st.booleans()) else {"x": node[key]}
        else:
            if not node or op == "add":
                node.append(draw(values))
                continue
            index = draw(st.integers(0, len(node) - 1))
            if op == "delete":
                del node[index]
            else:
                node[index] = draw(values)
    return record


def toml_bytes(record: dict[str, Any]) -> bytes:
    try:
        return tomli_w.dumps(record).encode("utf-8")
    except (TypeError, ValueError):  # tomli_w cannot write some shapes (e.g. mixed arrays of tables)
        return json.dumps(record, default=str).encode("utf-8")


@st.composite
def spliced(draw: st.DrawFn) -> bytes:
    """A valid file with a few bytes inserted, deleted or replaced."""
    data = bytearray(toml_bytes(VALID_MEETING))
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(data)))
        chunk = draw(st.binary(min_size=1, max_size=8) | st.sampled_from([b"[", b"]", b'"', b"'''", b"\n", b"=", b"{", b"\\", b"\xff", b"\x00", b"\r"]))
        op = draw(st.sampled_from(["insert", "delete", "replace"]))
        if op == "insert":
            data[at:at] = chunk
        elif op == "delete":
            del data[at : at + len(chunk)]
        else:
            data[at : at + len(chunk)] = chunk
    return bytes(data)


file_names = st.one_of(
    st.just("2021-03-fuzzed"),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1, max_size=40).filter(
        lambda s: not s.startswith((".", "_", "#")) and len(s.encode("utf-8")) < 200 and not s.endswith(("~",))
    ),
    st.sampled_from(["[b]x[/b]", "x\x1b]0;T\x07", "a b|c*d", "-rf", "--help", "é", "\u202eevil",
                     os.fsdecode(b"not-utf8-\xff\xfe"), "new\nline"]),
)
contents = st.one_of(
    mutated(VALID_MEETING).map(toml_bytes),
    spliced(),
    st.binary(max_size=300),
    mutated(VALID_MEETING).map(lambda r: json.dumps(r, default=str).encode()),
)


# -- running every command -----------------------------------------------------------------------


def registered() -> dict[str, Any]:
    return dict(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


SKIP = {"new", "schema", "completion"}  # new writes (fuzzed in test_fuzz_new below); schema and completion read no records


BY_COMMAND: dict[str, list[list[str]]] = {
    "check": [["check"]],
    "show": [["show", "{fuzzed}", "-f", "markdown"], ["show", "{fuzzed}"]],
    "country": [["country", "UZ", "-f", "markdown"], ["country", "JP"]],
    "timeline": [["timeline"], ["timeline", "-f", "markdown"]],
    "next": [["next", "-f", "ics"], ["next"]],
    "search": [["search", "fictional", "-f", "json"], ["search", "fictional"]],
    "compare": [["compare", GOOD_ID, "{fuzzed}"], ["compare", "{fuzzed}", GOOD_ID, "-f", "markdown"]],
    "series": [["series", "fictional-series", "-f", "json"], ["series"]],
    # The writing commands change the fuzzed record with --dry-run: they read every file, write none.
    "held": [["held", "{fuzzed}", "-n"]],
    "cancel": [["cancel", "{fuzzed}", "--on", "2021-02", "-n"]],
    "postpone": [["postpone", "{fuzzed}", "--on", "2021-02", "--to", "2021-06", "-n"]],
    "done": [["done", "{fuzzed}", "1", "-n"]],
    "drop": [["drop", "{fuzzed}", "1", "--on", "2021-04", "-n"]],
    "edit": [["edit", "{fuzzed}"]],
    "config": [["config"]],  # reads the records folder's briefing.toml for its home side  # with EDITOR=true (assert_calm): found, read, opened, unchanged
    "export": [["export"], ["export", "--what", "commitments", "-f", "csv"], ["export", "--what", "people"]],
    "people": [["people"], ["people", "person", "-f", "markdown"], ["people", "-c", "JP", "-f", "json"]],
}


def all_invocations() -> list[list[str]]:
    """Every way the fuzzer runs a command: each registered command at least once."""
    out = []
    for name in registered():
        if name not in SKIP:
            out += BY_COMMAND.get(name, [[name]])
    return out


INVOCATIONS = all_invocations()
# Each example runs `check` (the loader, every time) and a few commands drawn from all of them, so
# that over the examples every command meets many inputs while each example stays fast.
picks = st.lists(st.sampled_from(range(len(INVOCATIONS))), min_size=3, max_size=3, unique=True)


def invocation(index: int, folder: Path, fuzzed_id: str) -> list[str]:
    args = [a.replace("{fuzzed}", fuzzed_id) for a in INVOCATIONS[index]]
    params = {p.name for p in registered()[args[0]].params}
    args += ["--records", str(folder)]
    if "as_of" in params:
        args += ["--as-of", AS_OF]
    return args


def assert_calm(args: list[str]) -> CliRunner:
    result = CliRunner().invoke(app, args, env={"NO_COLOR": "1", "BRIEFING_RECORDS": None, "BRIEFING_DEBUG": None, "VISUAL": None, "EDITOR": "true"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{args[0]} raised {type(result.exception).__name__}: {result.exception}") from result.exception
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output[-500:])
    assert "Traceback" not in result.output
    assert "internal error" not in result.output, result.output[-500:]
    return result


def check_folder(folder: Path, fuzzed_id: str, chosen: list[int]) -> None:
    for index in chosen:
        assert_calm(invocation(index, folder, fuzzed_id))
    # The good record still loads and no problem is about it.
    result = CliRunner().invoke(app, ["check", "-f", "json", "--records", str(folder), "--as-of", AS_OF])
    doc = json.loads(result.stdout)
    assert doc["meetings"] >= 1
    assert not [p for p in doc["problems"] if Path(p["path"]).name == f"{GOOD_ID}.toml" and p["severity"] == "error"]
    shown = CliRunner().invoke(app, ["show", GOOD_ID, "--records", str(folder), "-f", "json"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["title"] == "A good fictional meeting"


def fresh_folder(tmp_path: Path, counter: list[int]) -> Path:
    counter[0] += 1
    folder = tmp_path / f"case{counter[0]}"
    (folder / "series").mkdir(parents=True)
    (folder / f"{GOOD_ID}.toml").write_text(GOOD, encoding="utf-8")
    return folder


# -- the properties ------------------------------------------------------------------------------


@FUZZ
@given(data=contents, name=file_names, chosen=picks)
@example(data=GOOD.encode(), name=os.fsdecode(b"not-utf8-\xff\xfe"), chosen=[0, 1, 2])
@example(data=GOOD.encode(), name="x\x1b]0;T\x07\u202e", chosen=[1, 3, 5])
@example(data=b"a = 1" + b"0" * 5000, name="2021-03-fuzzed", chosen=[0, 2, 4])
@example(data=b"a = " + b"[" * 5000, name="2021-03-fuzzed", chosen=[0, 6, 8])
@example(data=b'"' + b"k" * 100_000 + b'" = 1', name="2021-03-fuzzed", chosen=[0, 7, 9])
def test_a_mutated_meeting_never_crashes_anything(tmp_path: Path, data: bytes, name: str, chosen: list[int]) -> None:
    if name == GOOD_ID:
        return
    folder = fresh_folder(tmp_path, _counter)
    try:
        (folder / f"{name}.toml").write_bytes(data)
    except OSError:  # a name the file system refuses: nothing to test
        return
    (folder / "series" / "fictional-series.toml").write_bytes(toml_bytes(VALID_SERIES))
    check_folder(folder, name, chosen)


@settings(FUZZ, max_examples=max(5, EXAMPLES // 2))
@given(data=st.one_of(mutated(VALID_SERIES).map(toml_bytes), st.binary(max_size=200)), meeting=mutated(VALID_MEETING), chosen=picks)
def test_a_mutated_series_never_crashes_anything(tmp_path: Path, data: bytes, meeting: dict[str, Any], chosen: list[int]) -> None:
    folder = fresh_folder(tmp_path, _counter)
    (folder / "series" / "fictional-series.toml").write_bytes(data)
    (folder / "2021-03-fuzzed.toml").write_bytes(toml_bytes(meeting))
    check_folder(folder, "2021-03-fuzzed", chosen)


_counter = [0]


@settings(FUZZ, max_examples=max(5, EXAMPLES // 2))
@given(data=st.one_of(mutated(VALID_PERSON).map(toml_bytes), st.binary(max_size=200)), meeting=mutated(VALID_MEETING), chosen=picks)
def test_a_mutated_person_file_never_crashes_anything(tmp_path: Path, data: bytes, meeting: dict[str, Any], chosen: list[int]) -> None:
    folder = fresh_folder(tmp_path, _counter)
    (folder / "people").mkdir()
    (folder / "people" / "a-person.toml").write_bytes(data)
    (folder / "series" / "fictional-series.toml").write_bytes(toml_bytes(VALID_SERIES))
    (folder / "2021-03-fuzzed.toml").write_bytes(toml_bytes(meeting))
    check_folder(folder, "2021-03-fuzzed", chosen)


@settings(FUZZ, max_examples=max(5, EXAMPLES // 3))
@given(
    title=odd_text, date=st.one_of(odd_text, st.dates().map(str)), summary=odd_text,
    topic=st.lists(odd_text, max_size=2), country=st.lists(odd_text, max_size=2), record_id=st.one_of(st.none(), odd_text),
)
def test_fuzz_new(tmp_path: Path, title: str, date: str, summary: str, topic: list[str], country: list[str], record_id: str | None) -> None:
    """`new` with odd options: it writes a record that loads, or refuses cleanly; never crashes."""
    folder = fresh_folder(tmp_path, _counter)
    args = ["new", "--records", str(folder), "--title", title, "--date", date, "--summary", summary,
            "--source", "https://example.org/a", "--as-of", AS_OF]
    for t in topic:
        args += ["--topic", t]
    for c in country:
        args += ["--country", c]
    if record_id is not None:
        args += ["--id", record_id]
    if any("\x00" in a for a in args):
        return  # no process can receive a NUL in its arguments
    result = assert_calm(args)
    if result.exit_code == 0:
        check = CliRunner().invoke(app, ["check", "--records", str(folder), "--as-of", AS_OF])
        assert check.exit_code == 0, check.output  # what `new` writes always passes check
    assert sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp")) == []


def test_the_fuzzer_reaches_every_command() -> None:
    assert {args[0] for args in INVOCATIONS} == set(registered()) - SKIP
    assert set(BY_COMMAND) >= set(registered()) - SKIP, "give the new command its arguments in BY_COMMAND"


def test_every_invocation_runs_on_valid_records(tmp_path: Path) -> None:
    """The fuzzer's commands do work on good input (so a fuzzed exit 2 is about the input)."""
    folder = fresh_folder(tmp_path, [0])
    (folder / "2021-03-fuzzed.toml").write_bytes(toml_bytes(VALID_MEETING))
    (folder / "series" / "fictional-series.toml").write_bytes(toml_bytes(VALID_SERIES))
    (folder / "people").mkdir()
    (folder / "people" / "a-person.toml").write_bytes(toml_bytes(VALID_PERSON))
    for index in range(len(INVOCATIONS)):
        result = assert_calm(invocation(index, folder, "2021-03-fuzzed"))
        assert result.exit_code == 0, (INVOCATIONS[index], result.output)


# Damage to a file, drawn without looking at the file (its bytes differ from run to run).
damages = st.lists(
    st.tuples(st.sampled_from(["flip", "cut", "insert", "delete"]), st.integers(0, 10**6), st.integers(0, 7),
              st.binary(min_size=1, max_size=16), st.integers(1, 64)),
    min_size=1, max_size=4,
)


def damaged(data: bytes, ops: list[tuple[str, int, int, bytes, int]]) -> bytes:
    out = bytearray(data)
    for op, where, bit, chunk, length in ops:
        at = where % max(1, len(out))
        if op == "flip" and out:
            out[at] ^= 1 << bit
        elif op == "cut":
            del out[at:]
        elif op == "insert":
            out[at:at] = chunk
        else:
            del out[at : at + length]
    return bytes(out)


@settings(FUZZ, max_examples=max(5, EXAMPLES // 3))
@given(ops=damages)
def test_a_damaged_cache_changes_nothing(tmp_path: Path, ops: list[tuple[str, int, int, bytes, int]]) -> None:
    """Whatever happens to the cache file, the answer is the one the records give."""
    folder = fresh_folder(tmp_path, _counter)
    (folder / "2021-03-fuzzed.toml").write_bytes(toml_bytes(VALID_MEETING))
    (folder / "2021-04-broken.toml").write_bytes(b"title = ")
    (folder / "series" / "fictional-series.toml").write_bytes(toml_bytes(VALID_SERIES))
    cache_dir = tmp_path / f"cache{_counter[0]}"
    args = ["check", "-f", "json", "--records", str(folder), "--as-of", AS_OF]
    env = {"BRIEFING_CACHE_DIR": str(cache_dir), "BRIEFING_NO_CACHE": None}
    first = CliRunner().invoke(app, args, env=env)
    caches = list(cache_dir.glob("*"))
    assert len(caches) == 1, "the first run writes the cache"
    caches[0].write_bytes(damaged(caches[0].read_bytes(), ops))
    again = CliRunner().invoke(app, args, env=env)
    assert again.exception is None or isinstance(again.exception, SystemExit), again.exception
    assert again.exit_code == first.exit_code == 1
    assert json.loads(again.stdout) == json.loads(first.stdout)
    assert "Traceback" not in again.output
