"""The Markdown memo as it is sent on: numbered references to one Sources list that read the same
in markdown-it, GitHub (cmark-gfm) and pandoc; a provenance line with the report's own arguments;
the header block; a Mermaid timeline of the meetings at three or more, none below."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.report_support import REFERENCE, check_references, meeting, parse_markdown, world

AS_OF = "2020-01-01"


@pytest.fixture
def records(tmp_path: Path) -> Path:
    return world(tmp_path / "records")


def memo(invoke, *args: object) -> str:
    result = invoke(*args, "-f", "markdown", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    return result.stdout


MEMOS = [
    ("country", "uz"),
    ("timeline",),
    ("next",),
    ("series", "alpha-talks"),
    ("compare", "alpha-talks", "1", "2"),
    ("search", "alpha"),
    ("people",),
]


@pytest.mark.parametrize("command", MEMOS, ids=lambda c: c[0])
def test_every_reference_resolves_to_one_source_in_markdown_it(invoke, records: Path, command: tuple[str, ...]) -> None:
    out = memo(invoke, *command, "--records", records)
    tokens = parse_markdown(out)  # (checks the references too)
    check_references(out, tokens)


def test_a_source_cited_by_many_meetings_is_listed_once(invoke, records: Path) -> None:
    out = memo(invoke, "timeline", "--records", records)
    tokens = MarkdownIt("commonmark").enable("table").parse(out)
    body = out.split("\n## Sources\n", 1)[0]
    assert len(re.findall(r"\\\[1\\\]", body)) >= 4  # the Fictional Gazette report, cited by most meetings
    items = [line for line in out.split("\n## Sources\n", 1)[1].splitlines() if re.match(r"\d+\. ", line)]
    assert len(items) == len(set(items)) == 4
    assert items[0].startswith("1. “Fictional Gazette report”")
    check_references(out, tokens)


def sources_of(html: str) -> str:
    return html.split(">Sources</h2>", 1)[1]


def test_github_renders_one_numbered_list_and_no_footnotes(invoke, records: Path) -> None:
    cmarkgfm = pytest.importorskip("cmarkgfm")
    from cmarkgfm.cmark import Options

    out = memo(invoke, "country", "uz", "--records", records)
    html = cmarkgfm.github_flavored_markdown_to_html(out, options=Options.CMARK_OPT_FOOTNOTES | Options.CMARK_OPT_UNSAFE)
    assert "footnote" not in html
    listed = sources_of(html)
    assert listed.count("<li>") == 4 and listed.startswith("\n<ol>")
    cited = {int(n) for m in REFERENCE.finditer(html.split(">Sources</h2>", 1)[0]) for n in m.group(1).split(", ")}
    assert cited == {1, 2, 3, 4}


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_pandoc_makes_one_list_and_no_notes(invoke, records: Path) -> None:
    out = memo(invoke, "country", "uz", "--records", records)
    html = subprocess.run(["pandoc", "-f", "markdown", "-t", "html"], input=out, capture_output=True, text=True, check=True).stdout
    assert "footnote" not in html and "<aside" not in html
    listed = sources_of(html)
    assert listed.split("</ol>")[0].count("<li>") == 4


def test_provenance_is_the_reports_own_arguments(invoke, records: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "uz memo.md"
    target.parent.mkdir()
    result = invoke(
        "country", "uz", "--records", records, "--since", "2012", "-o", target, "--force", "--strict",
        "--to", "Desk", "--marking=OFFICIAL", "--as-of", AS_OF,
    )
    assert result.exit_code == 0, result.output
    out = target.read_text(encoding="utf-8")
    (line,) = [ln for ln in out.splitlines() if "Made with" in ln]
    assert "Made with `briefing country uz --since 2012 --as-of 2020-01-01` from 7 meeting records" in line
    for left_out in (str(records), str(tmp_path), "--records", " -o ", "--force", "--strict", "--to", "Desk", "--marking"):
        assert left_out not in line, left_out


def test_header_block(invoke, records: Path) -> None:
    out = memo(invoke, "country", "uz", "--records", records, "--to", "Central Asia *desk*", "--from", "Analysis <b>unit</b>",
               "--subject", "Before the [talks]", "--marking", "OFFICIAL-SENSITIVE")
    lines = out.splitlines()
    assert lines[0] == lines[-1] == "**OFFICIAL-SENSITIVE**"  # the marking first and last
    tokens = MarkdownIt("commonmark").enable("table").parse(out)
    assert tokens[0].type == "paragraph_open" and tokens[3].type == "heading_open" and tokens[3].tag == "h1"
    header = tokens[7]  # the paragraph after the title
    assert header.type == "inline"
    kinds = [c.type for c in header.children]
    assert kinds.count("hardbreak") == 3
    text = "".join(c.content for c in header.children if c.type == "text")
    assert text == "To: Central Asia *desk*From: Analysis <b>unit</b>Date: 1 January 2020Subject: Before the [talks]"
    check_references(out, tokens)


def test_header_subject_is_the_title_unless_given(invoke, records: Path) -> None:
    out = memo(invoke, "timeline", "--records", records, "--to", "Desk")
    assert out.startswith("# Timeline\n\n**To:** Desk\\\n**Date:** 1 January 2020\\\n**Subject:** Timeline\n\nAs of ")
    assert "**" not in out.splitlines()[-1]  # no marking, no last line for it


def test_no_header_without_options(invoke, records: Path) -> None:
    out = memo(invoke, "timeline", "--records", records)
    assert out.startswith("# Timeline\n\nAs of 2020-01-01. Made with ")
    assert "**To:**" not in out and "**Date:**" not in out


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_header_options_are_for_markdown(invoke, records: Path, fmt: str) -> None:
    result = invoke("timeline", "--records", records, "-f", fmt, "--to", "Desk", "--marking", "X")
    assert result.exit_code == 2
    assert "--to, --marking: the header is for a Markdown memo; add -f markdown" in result.stderr


def mermaid_blocks(out: str) -> list[str]:
    tokens = MarkdownIt("commonmark").parse(out)
    return [t.content for t in tokens if t.type == "fence" and t.info == "mermaid"]


def test_mermaid_timeline_at_three_meetings_or_more(invoke, records: Path) -> None:
    for command in (("country", "uz"), ("timeline",), ("search", "alpha")):
        out = memo(invoke, *command, "--records", records)
        (diagram,) = mermaid_blocks(out)
        lines = diagram.splitlines()
        assert lines[0] == "timeline" and lines[1].startswith("    title ")
        assert "    2010 : First Alpha Talks" in lines
        assert re.search(r"^(\| Date \||##+ \d)", out.split("```mermaid", 1)[1], re.M)  # the table or list beside it
    out = memo(invoke, "timeline", "--records", records, "--until", "2013")  # alpha-1, alpha-2, tricky
    (diagram,) = mermaid_blocks(out)
    assert diagram.splitlines()[2:] == ["    2010 : First Alpha Talks", "    2012 : Second Alpha Talks", "    2013 : bold Not markup /bold b pipe /b and stars"]


def test_no_mermaid_below_three_meetings(invoke, records: Path) -> None:
    for args in (("timeline", "--until", "2012"), ("timeline", "--country", "KZ"), ("country", "kz"), ("search", "second")):
        out = memo(invoke, *args, "--records", records)
        assert mermaid_blocks(out) == [], args
        assert "mermaid" not in out


def test_record_text_cannot_break_the_diagram(invoke, tmp_path: Path) -> None:
    folder = tmp_path / "records"
    hostile = "Talks: %% comment ; #35; <br> ``` end [link](x) {a} \"q\" & more"
    for i in range(3):
        meeting(folder, f"m-{i}", f"{hostile} {i}", f"201{i}-01-01", countries=["UZ"])
    out = memo(invoke, "timeline", "--records", folder)
    (diagram,) = mermaid_blocks(out)
    events = diagram.splitlines()[2:]
    assert len(events) == 3
    for line in events:
        year, event = line.strip().split(" : ")
        assert re.fullmatch(r"\d{4}", year)
        assert not set(event) & set(":%;#<>`[]{}\"&"), event
    assert "```" not in diagram


def test_a_big_memo_counts_meetings_by_year(invoke, tmp_path: Path) -> None:
    folder = tmp_path / "records"
    for year in range(2000, 2020):
        for n in range(2):
            meeting(folder, f"m-{year}-{n}", f"Talks {year} {n}", f"{year}-0{n + 1}-01", countries=["UZ"])
    out = memo(invoke, "timeline", "--records", folder)
    (diagram,) = mermaid_blocks(out)
    lines = diagram.splitlines()
    assert lines[1] == "    title Meetings on record (meetings by year, the latest 12 years)"
    assert lines[2:] == [f"    {year} : 2 meetings" for year in range(2008, 2020)]
