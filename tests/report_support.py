"""Helpers for the report tests (no tests here): a small FICTIONAL records folder, and checks
that every report format is well formed. The countries are real ISO codes; the meetings, people
and sources are invented."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import tomli_w
from markdown_it import MarkdownIt

SOURCE = {"title": "Fictional Gazette report", "publisher": "Fictional Gazette", "published": "2010-03", "kind": "press"}
OTHER_SOURCE = {"title": "Imaginary Ministry note", "publisher": "Imaginary Ministry", "kind": "official", "url": "https://example.org/note_1?a=b&c=d"}


def write_record(folder: Path, record_id: str, data: dict[str, Any]) -> Path:
    path = folder / f"{record_id}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def meeting(folder: Path, record_id: str, title: str, date: str, **fields: Any) -> Path:
    data: dict[str, Any] = {"title": title, "date": date, **fields}
    data.setdefault("sources", [SOURCE])
    return write_record(folder, record_id, data)


def series(folder: Path, series_id: str, name: str, **fields: Any) -> Path:
    data: dict[str, Any] = {"name": name, **fields}
    data.setdefault("sources", [SOURCE])
    return write_record(folder / "series", series_id, data)


def world(folder: Path) -> Path:
    """The fictional Alpha Talks between Uzbekistan and Norway, and a few other meetings."""
    series(folder, "alpha-talks", "Alpha Talks", aliases=["Álpha Dialogue"], dialogue="Fictional Dialogue",
           kind="foreign-ministers", members=["UZ", "NO"])
    series(folder, "beta-forum", "Beta Forum", members=["KZ"])
    ivar = {"name": "Ivar Testesen", "role": "Minister", "country": "NO", "head_of_delegation": True}
    dilnoza = {"name": "Dilnoza Testova", "role": "Minister", "country": "UZ", "head_of_delegation": True}
    meeting(
        folder, "alpha-1", "First Alpha Talks", "2010-03-10", status="held", kind="foreign-ministers",
        series="alpha-talks", round=1, countries=["UZ", "NO"], place={"city": "Tashkent", "country": "UZ"},
        participants=[ivar, dilnoza], topics=["Water management", "Trade"], outcomes=["Agreed to meet again."],
        commitments=[
            {"text": "Open a trade office", "strength": "agreed", "due": "2011", "parties": ["UZ", "NO"]},
            {"text": "Hold the second round", "strength": "planned", "due": "2012-03", "fulfilled_by": "alpha-2"},
            {"text": "Study visas", "status": "dropped"},
            {"text": "Exchange students", "parties": ["Norway"]},
        ],
    )
    meeting(
        folder, "alpha-2", "Second Alpha Talks", "2012-03", status="held", kind="foreign-ministers",
        series="alpha-talks", round=2, countries=["UZ", "NO"], place={"city": "Oslo", "country": "NO"}, mode="video",
        participants=[ivar, {**dilnoza, "head_of_delegation": False}, {"name": "Kari Testesen", "country": "NO"},
                      {"name": "Rustam Testov", "country": "UZ", "head_of_delegation": True}],
        topics=["water  management!", "Energy"], outcomes=["Signed a memorandum."],
        commitments=[{"text": "Draft an energy plan", "strength": "agreed", "due": "2012-06-15"}],
        sources=[SOURCE, OTHER_SOURCE],
    )
    meeting(
        folder, "alpha-4", "Fourth Alpha Talks", "2016-03-01", status="held", kind="foreign-ministers",
        series="alpha-talks", round=4, countries=["UZ", "NO"], topics=["Energy", "Transport"],
    )
    meeting(
        folder, "alpha-5", "Fifth Alpha Talks (planned)", "2019-21", status="planned", kind="foreign-ministers",
        series="alpha-talks", round=5, countries=["UZ", "NO"], place={"city": "Samarkand", "country": "UZ"},
    )
    meeting(folder, "kz-uz-summit", "Fictional steppe summit", "2015", status="held", kind="summit", countries=["UZ", "KZ"])
    meeting(
        folder, "tricky", "[bold]Not markup[/bold] | <b>pipe</b> & *stars*", "2013-05-05", kind="call",
        countries=["UZ"], topics=["line one\nline two | piped"],
        sources=[{"title": "Lone", "url": "javascript:alert(1)"}],
    )
    meeting(folder, "tr-visit", "Visit to Ankara", "2014-06", status="planned", kind="visit", countries=["TR", "UZ"],
            sources=[{"title": "Later report", "published": "2014-02-01"}])
    return folder


# -- format checks ----------------------------------------------------------------------------------


def check_text(out: str, width: int = 80) -> None:
    """Piped text: no escape codes, nothing wider than 80 columns (or `width`), no trailing spaces."""
    assert "\x1b" not in out
    for line in out.splitlines():
        assert len(line) <= width, line
        assert line == line.rstrip(), repr(line)


def parse_markdown(out: str) -> list[Any]:
    """Parse as CommonMark (with GFM tables) and check the memo's structure; return the tokens."""
    mdit = MarkdownIt("commonmark").enable("table")
    tokens = mdit.parse(out)
    assert tokens[0].type == "heading_open" and tokens[0].tag == "h1"
    assert not [t for t in tokens if t.type in ("html_block",)]
    for t in tokens:
        for child in t.children or ():
            assert child.type != "html_inline", out
    # Every table row has as many cells as its header.
    widths: list[int] = []
    count = 0
    for t in tokens:
        if t.type == "tr_open":
            count = 0
        elif t.type in ("th_open", "td_open"):
            count += 1
        elif t.type == "tr_close":
            widths.append(count)
        elif t.type == "table_close":
            assert len(set(widths)) == 1, widths
            widths = []
    # ... and in the source, as many unescaped pipes (cell borders) as the header.
    borders: set[int] = set()
    for line in out.splitlines() + [""]:
        if line.startswith("|"):
            borders.add(len(re.findall(r"(?<!\\)\|", re.sub(r"\\\\", "", line))))
        elif borders:
            assert len(borders) == 1, out
            borders = set()
    # The memo says where it came from.
    assert re.search(r"^As of \d{4}-\d{2}-\d{2}\. Made with `+ ?briefing ", out, re.M)
    # Sources: every reference in the text resolves to exactly one item of the Sources list.
    check_references(out, tokens)
    return tokens


REFERENCE = re.compile(r"\[(\d+(?:, \d+)*)\]")


def check_references(out: str, tokens: list[Any]) -> None:
    """Numbered references, `[1]` or `[1, 3]` as markdown-it reads the text, each the number
    of one item of the ordered list under `## Sources`, and every item cited; no footnotes."""
    assert not re.search(r"^\[\^", out, re.M), "a footnote definition"
    headings = [i for i, t in enumerate(tokens) if t.type == "heading_open" and tokens[i + 1].content == "Sources"]
    body = tokens[: headings[-1]] if headings else tokens
    cited: set[int] = set()
    for t in body:
        if t.type == "inline":
            for child in t.children or ():
                if child.type == "text":
                    cited.update(int(n) for m in REFERENCE.finditer(child.content) for n in m.group(1).split(", "))
    if not headings:
        assert not cited, "references with no Sources list"
        return
    start = headings[-1] + 3  # heading_open, inline, heading_close
    assert tokens[start].type == "ordered_list_open" and tokens[start].attrGet("start") in (None, 1), tokens[start]
    items = 0
    depth = 0
    for t in tokens[start:]:
        if t.type == "ordered_list_open":
            depth += 1
        elif t.type == "ordered_list_close":
            depth -= 1
            if depth == 0:
                break
        elif t.type == "list_item_open" and depth == 1:
            items += 1
    assert cited == set(range(1, items + 1)), (sorted(cited), items)


def load_json(out: str) -> dict[str, Any]:
    doc = json.loads(out)
    assert set(doc["meta"]) == {"schema_version", "as_of", "command", "records", "later", "digest", "skipped", "home"}
    return doc
