"""Listings: reports given only the meetings they need (and those these point to) say exactly what
they say given every meeting, with the cache and without it."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from tests.helpers import REPO, write

from briefing import listing as listing_mod
from briefing.cache import RecordCache
from briefing.listing import Listing, listing_of, needed
from briefing.loader import LoadResult, load
from briefing.model import Kind, Status
from briefing.reports.common import MeetingFilter, ReportMeta
from briefing.reports.country import country_report
from briefing.reports.search import search
from briefing.reports.timeline import timeline

sys.path.insert(0, str(REPO / "bench"))
from generate import generate  # noqa: E402

TODAY = dt.date(2026, 6, 1)

RECORD = """
    title = "{title}"
    date = "{date}"
    status = "{status}"
    kind = "foreign-ministers"
    series = "fictional-track"
    round = {round}
    countries = [{countries}]
    topics = ["water", "Transport corridors"]
    {more}
    [[sources]]
    title = "A fictional source"
"""


def record(title: str, date: str, round_: int, countries: str, status: str = "held", more: str = "") -> str:
    return RECORD.format(title=title, date=date, status=status, round=round_, countries=countries, more=more)


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    """A planned round whose holding is on record only in a meeting of other countries, years
    later; and a commitment fulfilled by a meeting outside any window below."""
    root = tmp_path / "linked"
    write(root, "series/fictional-track.toml", 'name = "Fictional Track"\n[[sources]]\ntitle = "A fictional source"\n')
    write(root, "p-planned.toml", record("Planned round", "2019-05", 3, '"KZ"', status="planned"))
    write(root, "h-held.toml", record("Held round", "2023-06-01", 3, '"FR"'))
    promise = '[[commitments]]\ntext = "To meet again"\nstatus = "done"\nfulfilled_by = "f-later"\n'
    write(root, "a-promise.toml", record("Promise", "2018-01-01", 1, '"KZ", "UZ"', more=promise))
    write(root, "f-later.toml", record("Later meeting", "2025-02-02", 9, '"UZ"'))
    return root


def meta(result: LoadResult) -> ReportMeta:
    return ReportMeta(as_of=TODAY, command="test", records=result.count, digest=result.digest)


def test_country_report_needs_the_meetings_its_meetings_point_to(linked: Path) -> None:
    full = load(linked, TODAY)
    flt = MeetingFilter(until=dt.date(2020, 12, 31))
    wanted = lambda m: m.involves("KZ") and flt.matches(m)  # noqa: E731
    part = load(linked, TODAY, want=lambda series: wanted)
    assert {m.id for m in part.meetings} == {"p-planned", "h-held", "a-promise", "f-later"}
    assert part.count == full.count == 4 and part.digest == full.digest and part.problems == full.problems
    whole = country_report(full.meetings, full.series, "KZ", flt, meta(full))
    assert country_report(part.meetings, part.series, "KZ", flt, meta(part)) == whole
    assert whole.planned == ()  # held, says h-held: so it is not listed as still to come
    # Without the meetings pointed to, the report would be wrong: the round looks still open.
    bare = [m for m in full.meetings if wanted(listing_of(m))]
    assert country_report(bare, full.series, "KZ", flt, meta(full)) != whole


FILTERS = [
    MeetingFilter(),
    MeetingFilter(since=dt.date(2017, 1, 1)),
    MeetingFilter(since=dt.date(2001, 1, 1), until=dt.date(2003, 6, 30)),
    MeetingFilter(countries=("KZ", "TR")),
    MeetingFilter(kinds=(Kind.summit, Kind.expert), statuses=(Status.planned, Status.held)),
    MeetingFilter(topic="energy"),
    MeetingFilter(since=dt.date(2030, 1, 1)),  # nothing
]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("listing") / "records"
    generate(400, root, seed=11)
    return root


@pytest.mark.parametrize("cached", [False, True], ids=["no-cache", "cache"])
def test_reports_from_chosen_meetings_equal_reports_from_all(generated: Path, tmp_path: Path, cached: bool) -> None:
    cache = (lambda: RecordCache(tmp_path / "cache")) if cached else (lambda: None)
    full = load(generated, TODAY, cache())
    assert full.count == 400 and not full.problems
    for flt in FILTERS:
        part = load(generated, TODAY, cache(), want=lambda series, flt=flt: flt.matches, linked=False)  # as timeline, search
        assert len(part.meetings) <= len(full.meetings)
        assert (part.count, part.digest, part.problems, part.listings) == (full.count, full.digest, full.problems, full.listings)
        assert timeline(part.meetings, flt, meta(part), total=part.count) == timeline(full.meetings, flt, meta(full))
        assert search(part.meetings, "minister", flt, meta(part), total=part.count) == search(full.meetings, "minister", flt, meta(full))
    codes = sorted({c for m in full.meetings for c in m.countries})[:12]
    for code in codes:
        flt = MeetingFilter(since=dt.date(2010, 1, 1))
        part = load(generated, TODAY, cache(), want=lambda series, code=code: lambda m: m.involves(code) and flt.matches(m))
        assert country_report(part.meetings, part.series, code, flt, meta(part)) == country_report(
            full.meetings, full.series, code, flt, meta(full)
        )


def test_listing_reads_as_the_meeting_does(generated: Path) -> None:
    result = load(generated, TODAY)
    flt = MeetingFilter(countries=("KZ",), topic="water")
    for m in result.meetings:
        entry = listing_of(m)
        assert entry.topics == m.topics
        assert flt.matches(entry) == flt.matches(m)
        for code in ("KZ", "UZ", "TR", "Z", ""):
            assert entry.involves(code) == m.involves(code)
    assert [listing_of(m) for m in result.meetings] == list(result.listings)


def test_needed_keeps_order_and_nothing_when_nothing_is_chosen(linked: Path) -> None:
    entries: list[Listing] = list(load(linked, TODAY).listings)
    assert needed(entries, lambda m: False) == []
    chosen = needed(entries, lambda m: m.id == "h-held")
    assert chosen == sorted(chosen) and {entries[i].id for i in chosen} == {"h-held", "p-planned"}


def test_listing_round_trip_without_id_and_path(generated: Path) -> None:
    import msgspec

    for m in load(generated, TODAY).meetings[:50]:
        entry = listing_of(m)
        stored = msgspec.json.decode(listing_mod.encode(entry), type=Listing)
        assert (stored.id, stored.path, stored.date, stored.when) == ("", "", None, m.date.text)
        assert msgspec.structs.replace(stored, id=entry.id, path=entry.path, date=m.date) == entry
