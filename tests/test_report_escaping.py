"""Any record text, however hostile, stays data in every format: the Markdown memo keeps its
structure (tables keep their cells, no raw HTML, footnotes stay paragraphs), text stays plain
and within 80 columns, JSON round-trips."""

from __future__ import annotations

import datetime as dt
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from briefing.model import Meeting
from briefing.render.country import country_markdown, country_text
from briefing.render.jsonout import dump_json
from briefing.render.next import next_markdown, next_text
from briefing.render.timeline import timeline_markdown, timeline_text
from briefing.reports.common import MeetingFilter, ReportMeta
from briefing.reports.country import country_report
from briefing.reports.next import next_report
from briefing.reports.timeline import timeline
from tests.helpers import examples
from tests.report_support import check_text, parse_markdown

PIECES = [
    *"|\\`*_[]<>#&!~-+=.:()\"'{}\n\t \x1b\u202eé€😀",
    "abc", "XYZ", "1. ", "- ", "# ", "<b>", "</b>", "<script>", "[x](y)", "[^1]", "[^1]: z", "| a |", "\n\n# h",
    "```", "&amp;", "[bold]x[/bold]", "<https://e.org>", "\\|", "*em*", "---",
]
words = st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map("".join).filter(str.strip)


def record(i: int, title: str, topic: str, source: str, commitment: str) -> Meeting:
    return Meeting.model_validate(
        {
            "id": f"m-{i}",
            "path": f"records/m-{i}.toml",
            "title": title,
            "date": ["2020-05", "2021", "2022-03-04", "2030-21"][i % 4],
            "status": "planned" if i % 4 == 3 else "held",
            "countries": ["UZ"],
            "place": {"city": title[:10] or "x"},
            "participants": [{"name": title, "role": topic, "country": "UZ", "head_of_delegation": True}],
            "topics": [topic, topic + "!"],
            "outcomes": [commitment],
            "commitments": [{"text": commitment, "due": "2021-06", "parties": [topic]}],
            "sources": [{"title": source, "publisher": topic, "url": "https://e.org/" + source}],
        }
    )


def plain(render) -> str:  # type: ignore[no-untyped-def]
    buffer = io.StringIO()
    render(Console(file=buffer, width=80, color_system=None, force_terminal=False, markup=False, emoji=False, highlight=False))
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(words, words, words, words), min_size=1, max_size=4))
def test_hostile_text_keeps_every_format_well_formed(texts: list[tuple[str, str, str, str]]) -> None:
    meetings = [record(i, *t) for i, t in enumerate(texts)]
    meta = ReportMeta(as_of=dt.date(2024, 1, 1), command="briefing country 'x|`y`'\n", records=len(meetings), digest="abc")
    reports = [
        (country_report(meetings, (), "UZ", MeetingFilter(), meta), country_markdown, country_text),
        (timeline(meetings, MeetingFilter(), meta), timeline_markdown, timeline_text),
        (next_report(meetings, (), meta), next_markdown, next_text),
    ]
    for report, to_markdown, to_text in reports:
        parse_markdown(to_markdown(report))
        out = plain(lambda console: to_text(report, console))
        check_text(out)
        assert json.loads(dump_json(report))["meta"]["digest"] == "abc"
