"""Plain text output (a pipe, NO_COLOR, --output) takes a fast path: on the PlainConsole that
`plain_text` renders on, the long reports fit their lines themselves and write them out without
rich's print. It must write exactly what rendering through rich gives: here every text renderer
is run both ways (the old way written out below: a plain rich Console into a buffer, trailing
spaces stripped) on the bundled records and on fictional records full of awkward text, at
several widths. The live terminal keeps rich, with its styles."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from briefing.cli.screen import plain_text
from briefing.loader import load
from briefing.model import Meeting, Series
from briefing.render import plain
from briefing.render.compare import compare_text
from briefing.render.country import country_text
from briefing.render.next import next_text
from briefing.render.record import record_text
from briefing.render.search import search_text
from briefing.render.series import series_text
from briefing.render.text import PlainConsole
from briefing.render.timeline import timeline_text
from briefing.reports.common import MeetingFilter, ReportMeta
from briefing.reports.compare import compare
from briefing.reports.country import country_report
from briefing.reports.next import next_report
from briefing.reports.search import search
from briefing.reports.series import series_report
from briefing.reports.timeline import timeline
from tests.helpers import examples

REPO = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 22)
WIDTHS = (40, 60, 80, 120)

Render = Callable[[Console], None]


def rich_plain(render: Render, width: int) -> str:
    """The old way: everything through rich, on a plain console, trailing spaces stripped."""
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=width, color_system=None, force_terminal=False, highlight=False, emoji=False, markup=False
    )
    render(console)
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def renders(meetings: tuple[Meeting, ...], series: tuple[Series, ...], countries: list[str], query: str) -> dict[str, Render]:
    """Every text renderer on these records (a few reports each)."""
    meta = ReportMeta(as_of=AS_OF, command="briefing test", records=len(meetings), digest="abc")
    out: dict[str, Render] = {}

    def add(name: str, fn: Callable[..., None], report: Any) -> None:
        out[name] = lambda console: fn(report, console)

    add("timeline", timeline_text, timeline(meetings, MeetingFilter(), meta))
    add("timeline-none", timeline_text, timeline((), MeetingFilter(), meta))
    for code in countries:
        add(f"country-{code}", country_text, country_report(meetings, series, code, MeetingFilter(), meta))
    add("next", next_text, next_report(meetings, series, meta))
    add("series", series_text, series_report(meetings, series, None, MeetingFilter(), meta))
    for s in series[:3]:
        add(f"series-{s.id}", series_text, series_report(meetings, series, s.id, MeetingFilter(), meta))
    add("search", search_text, search(meetings, query, MeetingFilter(), meta))
    ordered = sorted(meetings, key=lambda m: m.id)
    for a, b in zip(ordered[:3], ordered[-3:]):
        if a.id != b.id:
            add(f"compare-{a.id}-{b.id}", compare_text, compare(meetings, a, b, meta, series_name=None))
    for m in ordered[:4]:
        out[f"show-{m.id}"] = lambda console, m=m: record_text(m, console)
    return out


# -- the bundled records ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled() -> dict[str, Render]:
    result = load(REPO / "records", AS_OF)
    return renders(tuple(result.meetings), tuple(result.series), ["UZ", "KZ", "JP", "TR", "DE"], "japan")


@pytest.mark.parametrize("width", WIDTHS)
def test_bundled_records_same_text_as_through_rich(bundled: dict[str, Render], width: int) -> None:
    assert len(bundled) > 10
    for name, render in bundled.items():
        assert plain_text(render, width) == rich_plain(render, width), (name, width)


# -- fictional records full of awkward text ---------------------------------------------------------

LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3  # longer than any width
AWKWARD = [
    "An ordinary title",
    "A long title " + "that goes on and on " * 12 + "until the end",
    f"Words then {LONG_WORD} and more words after it",
    LONG_WORD,
    "日本と中央アジアの外相会合、東京で開催される予定の第十回会合について" * 2,
    "Mixed 日本 and Latin words, 中央アジア+日本 dialogue, wide and narrow side by side " * 2,
    "Combining: Cafe\u0301 Tu\u0308rkiye Zu\u0308rich e\u0301e\u0301e\u0301 " * 4,
    "Emoji 👨\u200d👩\u200d👧 family, ❤\ufe0f heart, 🇯🇵 flag, ☕ cup " * 3,
    "Spaces:\u00a0no-break\u00a0space, em\u2003space, thin\u2009space, ideographic\u3000space " * 3,
    "   leading spaces and    inner runs   and trailing   ",
    "Markup stays text: [bold]not bold[/bold] [red]x[/] :smile: [link=https://e.org]l[/link]",
    "Escapes shown: \x1b[31mred\x1b[0m \u202eRTL\u202c and a CR\rhere and a BEL\x07 too",
    "Lines\nin a title\n\nwith a blank one",
    "Quotes “curly” — dashes – and ellipses… " * 4,
    "Tab\tin\tthe\ttext and then more words to make it long enough to wrap somewhere " * 2,
    "x" * 39 + " " + "y" * 40 + " " + "z" * 59 + " " + "w" * 61 + " " + "v" * 119,
]


def fictional_records() -> tuple[tuple[Meeting, ...], tuple[Series, ...]]:
    meetings = []
    n = len(AWKWARD)
    for i in range(n * 2):
        a, b, c = AWKWARD[i % n], AWKWARD[(i + 3) % n], AWKWARD[(i + 7) % n]
        meetings.append(
            Meeting.model_validate(
                {
                    "id": f"m-{i:02d}",
                    "path": f"records/m-{i:02d}.toml",
                    "title": a,
                    "date": ["2020-05", "2021", "2022-03-04", "2027-11", "2018-01~", "2030-21"][i % 6],
                    "date_text": b if i % 5 == 0 else None,
                    "status": ["held", "held", "planned", "postponed"][i % 4],
                    "kind": ["summit", "foreign-ministers", "expert", "forum"][i % 4],
                    "series": "fictional" if i % 3 == 0 else None,
                    "round": i if i % 3 == 0 else None,
                    "summary": c,
                    "notes": b,
                    "countries": ["UZ", "KZ"] if i % 2 else ["UZ", "JP"],
                    "place": {"city": a[:30], "venue": c, "country": "UZ"},
                    "participants": [
                        {"name": a[:60] or "x", "role": b, "country": "UZ", "head_of_delegation": True},
                        {"name": "Someone", "role": c, "organization": b, "head_of_delegation": i % 2 == 0},
                    ],
                    "topics": [b, c, "water"],
                    "outcomes": [c, a],
                    "commitments": [
                        {"text": a, "due": ["2021-06", "2030", "2024-12-31"][i % 3], "parties": ["UZ", b[:20] or "x"]},
                        {"text": c, "status": "done" if i % 2 else "open"},
                    ],
                    "sources": [
                        {"title": b, "publisher": c, "author": a, "url": "https://e.org/" + str(i), "published": "2020-05"},
                        {"title": "Water", "note": a},
                    ],
                }
            )
        )
    series = (
        Series.model_validate(
            {
                "id": "fictional",
                "path": "records/series/fictional.toml",
                "name": AWKWARD[1],
                "aliases": [AWKWARD[4], AWKWARD[10]],
                "dialogue": AWKWARD[6],
                "kind": "foreign-ministers",
                "established": "2004",
                "members": ["UZ", "KZ", "JP"],
                "description": AWKWARD[2] + "\n" + AWKWARD[7],
                "counts": [{"held": 3, "as_of": "2022-12", "source": AWKWARD[13]}],
                "sources": [{"title": AWKWARD[5], "note": AWKWARD[8]}],
            }
        ),
        Series.model_validate(
            {"id": "empty", "path": "records/series/empty.toml", "name": "No rounds", "sources": [{"title": "x"}]}
        ),
    )
    return tuple(meetings), series


@pytest.fixture(scope="module")
def fictional() -> dict[str, Render]:
    meetings, series = fictional_records()
    return renders(meetings, series, ["UZ", "KZ", "JP"], "water")


@pytest.mark.parametrize("width", WIDTHS)
def test_awkward_text_same_as_through_rich(fictional: dict[str, Render], width: int) -> None:
    for name, render in fictional.items():
        assert plain_text(render, width) == rich_plain(render, width), (name, width)


def test_the_fast_path_is_taken(fictional: dict[str, Render], monkeypatch: pytest.MonkeyPatch) -> None:
    """The long reports write their lines straight out on a plain console (else the tests above
    would compare rich with itself)."""
    written: list[str] = []
    original = PlainConsole.write_plain
    monkeypatch.setattr(PlainConsole, "write_plain", lambda self, text: (written.append(text), original(self, text))[1])
    for name in ("timeline", "country-UZ", "next", "series"):
        written.clear()
        out = plain_text(fictional[name], 80)
        assert written and sum(len(w) for w in written) > len(out) / 2, name



def test_a_long_summary_in_show_is_not_wrapped_by_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    """`show`'s summary of one-cell text is wrapped by briefing's own wrap on a plain console
    (render.plain.PlainBlock), and gives the lines rich gives it."""
    summary = ("A fictional summary of several paragraphs, " * 40 + "\n\n") * 3 + LONG_WORD + " end"
    meeting = Meeting.model_validate(
        {"id": "m-long", "path": "records/m-long.toml", "title": "Long", "date": "2021", "summary": summary, "sources": [{"title": "s"}]}
    )
    wrapped: list[str] = []
    original = Text.wrap
    monkeypatch.setattr(Text, "wrap", lambda self, *a, **k: (wrapped.append(self.plain), original(self, *a, **k))[1])
    for width in WIDTHS:
        got = plain_text(lambda console: record_text(meeting, console), width)
        assert not any("paragraphs" in text for text in wrapped), width
        assert got == rich_plain(lambda console: record_text(meeting, console), width)
        assert any("paragraphs" in text for text in wrapped), width  # (rich's own way does wrap it)
        wrapped.clear()


# -- wrapping, piece by piece -----------------------------------------------------------------------

PIECES = [
    *"abcxyz    ", "\u00a0", "\u2003", "\u3000", "“", "—", "é", "e\u0301", "日本", "語", "ﾊ",
    "👨", "\u200d", "\ufe0f", "🇯", "🇵", "\t", "\n", "word ", "  ", LONG_WORD[:50], "a" * 17,
]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join).map(lambda s: Text(s).plain)
WRAP_WIDTHS = st.sampled_from([2, 3, 5, 8, 13, 16, 20, 38, 40, 62, 78, 118])


def rich_wrap(text: str, width: int) -> list[str] | str:
    try:
        return [line.plain for line in Text(text).wrap(Console(width=80), width)]
    except (IndexError, ZeroDivisionError) as exc:  # rich trips over some joiner sequences
        return type(exc).__name__


@settings(max_examples=examples(1500), deadline=None)
@given(texts, WRAP_WIDTHS)
def test_wrap_plain_is_rich_wrap(text: str, width: int) -> None:
    try:
        got: list[str] | str = plain.wrap_plain(Console(width=80), text, width)
    except (IndexError, ZeroDivisionError) as exc:
        got = type(exc).__name__
    assert got == rich_wrap(text, width)


one_cell_texts = st.lists(
    st.sampled_from([*"abcxyz     ", "\u00a0", "\u2003", "“", "—", "é", "word ", "  ", "a" * 17, LONG_WORD[:45]]),
    max_size=40,
).map("".join)


@settings(max_examples=examples(1500), deadline=None)
@given(one_cell_texts, WRAP_WIDTHS)
def test_one_cell_lines_wrap_as_rich_wraps_them(text: str, width: int) -> None:
    """Lines of one-cell characters are wrapped by briefing's own word wrap, never by Text.wrap,
    and give Text.wrap's lines."""
    assert plain._one_cell_each(text)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(Text, "wrap", lambda *a, **k: pytest.fail("Text.wrap was called"))
        got = plain.wrap_plain(Console(width=80), text, width)
    assert got == rich_wrap(text, width)


def test_wide_and_zero_width_characters_are_not_one_cell() -> None:
    for text in ("日本", "e\u0301", "a\u200db", "❤\ufe0f", "\x1b", "a\u3000b"):
        assert not plain._one_cell_each(text), repr(text)


# -- the live terminal ---------------------------------------------------------------------------------

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize("name", ["timeline", "country-UZ", "next", "series", "series-fictional", "search", "show-m-03"])
def test_a_terminal_still_gets_styles(fictional: dict[str, Render], name: str) -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, width=80, force_terminal=True, color_system="standard", highlight=False, emoji=False, markup=False)
    fictional[name](console)
    out = buffer.getvalue()
    assert "\x1b[1m" in out  # bold, at least for the title
    text = "".join(line.rstrip() + "\n" for line in ANSI.sub("", out).splitlines())
    assert text == plain_text(fictional[name], 80)  # the same words where the styles are taken off
    assert "[/bold]" in text  # record text is never markup


def test_plain_text_in_pieces_is_the_same_text(fictional) -> None:  # type: ignore[no-untyped-def]
    """Written a piece at a time (pieces end at a line's end), the text is the same."""
    from briefing.cli.screen import plain_chunks

    for name, render in fictional.items():
        whole = plain_text(render, 80)
        for size in (1, 7, 100):
            pieces = list(plain_chunks(render, 80, chunk=size))
            assert b"".join(pieces).decode("utf-8") == whole, (name, size)
            assert all(p.endswith(b"\n") for p in pieces)
