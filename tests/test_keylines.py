"""The key scanner against every valid file of the public toml-test suite.

tests/toml_test/valid/ holds the suite's valid files as published (MIT licence beside them). The
oracle is tomli, never the scanner itself: the scanner must find exactly the key paths tomli
parses, and each place it gives is proved by changing the file there and parsing it again —
renaming the key found at that line and column must rename that key (where renaming one place of
an array of tables alone would clash with the others, the place must hold its name); renaming every place it gives for a key
must leave no trace of it, so the first place given is the first there is; an item of an array
must be the one that moves when a value is put in front of it; an item of an array of tables must
be the table that gains a key put under its header.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import tomli

from briefing.keylines import Where, key_occurrences, key_positions

SUITE = Path(__file__).parent / "toml_test" / "valid"
FILES = sorted(SUITE.rglob("*.toml"))
MARK = "Mut9_"


def text_of(path: Path) -> str:
    return path.read_bytes().decode("utf-8-sig")  # as the loader decodes: a BOM is not text


def paths_of(value: Any, base: tuple = ()) -> set[tuple]:
    """Every key path and array item in a parsed document."""
    out: set[tuple] = set()
    if isinstance(value, dict):
        for k, v in value.items():
            out.add((*base, k))
            out |= paths_of(v, (*base, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out.add((*base, i))
            out |= paths_of(v, (*base, i))
    return out


def get(doc: Any, path: tuple) -> Any:
    for part in path:
        doc = doc[part]
    return doc


def has(doc: Any, path: tuple) -> bool:
    try:
        get(doc, path)
    except (KeyError, IndexError, TypeError):
        return False
    return True


def offset_of(text: str, where: Where) -> int:
    """A line and column back to an offset, counting LF only (worked out here, not by the scanner)."""
    lines = text.split("\n")
    return sum(len(line) + 1 for line in lines[: where.line - 1]) + where.column - 1


def renamed(text: str, offsets: list[int]) -> str:
    """The key at each offset renamed (MARK put in front of its name, inside any quotes)."""
    for o in sorted(offsets, reverse=True):
        at = o + 1 if text[o] in "\"'" else o
        text = text[:at] + MARK + text[at:]
    return text


def name_at(text: str, o: int) -> str:
    """The name of the key written at o, as tomli reads it."""
    token = re.match(r"""[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'""", text[o:])
    assert token is not None
    [name] = tomli.loads(f"{token.group(0)} = 0")
    return name


def same(a: Any, b: Any) -> bool:
    return repr(a) == repr(b)  # nan is not equal to itself


def test_the_suite_is_all_there() -> None:
    assert len(FILES) == 268
    assert (SUITE.parent / "LICENSE").read_text().startswith("The MIT License")


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(SUITE)) for p in FILES])
def test_every_key_is_found_where_it_is(path: Path) -> None:
    text = text_of(path)
    doc = tomli.loads(text)
    found: dict[tuple, list[Where]] = {}
    for key, where in key_occurrences(text):
        found.setdefault(key, []).append(where)
    assert set(found) == paths_of(doc)
    first = key_positions(text)
    for key, places in found.items():
        assert first[key] == places[0] == min(places)
        offsets = [offset_of(text, w) for w in places]
        if isinstance(key[-1], str):
            for o in offsets:  # each place holds this key
                try:
                    moved = tomli.loads(renamed(text, [o]))
                except tomli.TOMLDecodeError:
                    # Only an array of tables can clash when one of its places is renamed alone
                    # ([[a]] [a.b] [[a]] [a.b]): there, the place must hold the key's name.
                    assert isinstance(get(doc, key), list), (key, text[o : o + 40])
                    assert name_at(text, o) == key[-1], (key, text[o : o + 40])
                    continue
                assert has(moved, (*key[:-1], MARK + key[-1])), (key, text[o : o + 40])
            gone = tomli.loads(renamed(text, offsets))  # and no other place does
            assert not has(gone, key), key
            continue
        [o] = offsets  # an array item is written once
        items = get(doc, key[:-1])
        line_start = text.rfind("\n", 0, o) + 1
        if text[line_start:o].strip(" \t").startswith("[["):
            # The header of an item of an array of tables: a key under it lands in that item.
            end = text.find("\n", o)
            end = len(text) if end < 0 else end
            moved = tomli.loads(text[:end] + f"\n{MARK}k = 1" + text[end:])
            assert get(moved, key) == {**items[key[-1]], f"{MARK}k": 1}, key
        else:
            # An item of an inline array: a value put in front of it takes its place.
            moved = tomli.loads(text[:o] + f'"{MARK}", ' + text[o:])
            assert get(moved, key) == MARK, key
            assert same(get(moved, (*key[:-1], key[-1] + 1)), items[key[-1]]), key


def test_columns_count_characters_and_only_lf_and_crlf_end_lines() -> None:
    text = 'a = "x\u2028y\u0085z"\r\n"é" = 1 # \u2028\n[t]\n  b.c = """\n\u2028\r\n"""\n  d = 2\n'
    assert key_positions(text) == {
        ("a",): Where(1, 1),
        ("é",): Where(2, 1),
        ("t",): Where(3, 2),
        ("t", "b"): Where(4, 3),
        ("t", "b", "c"): Where(4, 5),
        ("t", "d"): Where(7, 3),
    }


def test_what_the_line_scanner_got_wrong() -> None:
    """The cases that the old scanner, which read line by line, put on the wrong line."""
    text = (
        "name = { first = 'x',\n"  # keys of an inline table over several lines (TOML 1.1)
        "  last = 'y' }\n"
        "s = '''\n"
        '"""\n'  # """ inside '''
        "'''\n"
        "plase.city = 'Tokyo'\n"
        "[[a]]\n"
        "[[a.b]]\n"
        "[[a]]\n"
        "[[a.b]]\n"
        "  c = 1\n"
    )
    positions = key_positions(text)
    assert positions[("name", "last")] == Where(2, 3)
    assert positions[("plase",)] == Where(6, 1)
    assert positions[("plase", "city")] == Where(6, 7)
    assert positions[("a", 1, "b", 0, "c")] == Where(11, 3)
    assert positions[("a", 1)] == Where(9, 3)


def test_never_raises_or_stalls_on_text_that_is_not_toml() -> None:
    for text in ("[", "[[", "a", "a =", 'a = "', "a = '''", "a = [1, {", "= 1", "a.", "]]]\n[x\n", "\r", '"\\'):
        list(key_occurrences(text))


def test_check_points_at_the_line_and_column_of_each_unknown_field(tmp_path: Path) -> None:
    """`briefing check` over the whole suite, each file as a record: every "unknown field"
    problem is on the line and at the column where that key first is (once on line 1 for keys
    after a multi-line string, on the first line of a dotted key's table, ...)."""
    import json

    from tests.helpers import CliRunner

    from briefing.cli import app
    from briefing.text import one_line
    from briefing.wording import field_path  # how a problem names a key: to find the key it means

    texts: dict[str, str] = {}
    for path in FILES:
        name = "-".join(path.relative_to(SUITE).parts)
        (tmp_path / name).write_bytes(path.read_bytes())
        texts[name] = text_of(path)
    result = CliRunner().invoke(app, ["check", "--records", str(tmp_path), "-f", "json"], env={"BRIEFING_NO_CACHE": "1"})
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["files"] == len(FILES) and "Traceback" not in result.output  # every file loads or has problems
    checked = wrong = 0
    for problem in report["problems"]:
        if not problem["message"].startswith("unknown field"):
            continue
        name = Path(problem["path"]).name
        text = texts[name]
        named: dict[str, list[tuple[tuple, Where]]] = {}
        for key, where in key_positions(text).items():
            named.setdefault(one_line(field_path(key)), []).append((key, where))
        places = named[problem["field"]]
        if len(places) > 1:
            continue  # two long keys that read the same once shortened: either could be meant
        [(key, where)] = places
        checked += 1
        if (problem["line"], problem["column"]) != tuple(where):
            wrong += 1
            print(name, problem["field"], problem["line"], problem.get("column"), "expected", tuple(where))
        elif isinstance(key[-1], str):
            assert name_at(text, offset_of(text, where)) == key[-1]  # the key is written there
    assert checked >= 700
    assert wrong == 0
