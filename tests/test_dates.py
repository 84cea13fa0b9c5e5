"""Partial and uncertain dates: bounds, precision, display; `edtf` is the oracle for bounds."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.dates import DateError, parse_date
from tests.helpers import examples


@pytest.mark.parametrize(
    "text, earliest, latest, precision, shown",
    [
        ("2024", "2024-01-01", "2024-12-31", "year", "2024"),
        ("2024-08", "2024-08-01", "2024-08-31", "month", "Aug 2024"),
        ("2024-02", "2024-02-01", "2024-02-29", "month", "Feb 2024"),
        ("2024-08-09", "2024-08-09", "2024-08-09", "day", "9 Aug 2024"),
        ("2018-01~", "2018-01-01", "2018-01-31", "month", "c. Jan 2018"),
        ("2018?", "2018-01-01", "2018-12-31", "year", "2018?"),
        ("2018-05%", "2018-05-01", "2018-05-31", "month", "c. May 2018?"),
        ("2018-21", "2018-03-01", "2018-05-31", "season", "spring 2018"),
        ("2018-24", "2018-12-01", "2019-02-28", "season", "winter 2018"),
        ("2018-01-21/2018-01-31", "2018-01-21", "2018-01-31", "interval", "21–31 Jan 2018"),
        ("2025-03-14/2026-03", "2025-03-14", "2026-03-31", "interval", "14 Mar 2025 – Mar 2026"),
        ("201X", "2010-01-01", "2019-12-31", "decade", "2010s"),
        ("2004-XX", "2004-01-01", "2004-12-31", "year", "2004"),
    ],
)
def test_forms(text: str, earliest: str, latest: str, precision: str, shown: str) -> None:
    d = parse_date(text)
    assert d.earliest == dt.date.fromisoformat(earliest)
    assert d.latest == dt.date.fromisoformat(latest)
    assert d.precision == precision
    assert d.display() == shown


def test_a_toml_date_is_a_day() -> None:
    d = parse_date(dt.date(2022, 12, 24))
    assert (d.earliest, d.latest, d.precision, d.display()) == (dt.date(2022, 12, 24),) * 2 + ("day", "24 Dec 2022")


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("2021-02-29", "no day 29"),
        ("2021-13", "no month 13"),
        ("2021-00", "no month 00"),
        ("2021-21-03", "season takes no day"),
        ("late January", "is not a date"),
        ("2021/2020", "ends before it starts"),
        ("2021/", "both ends"),
        ("../2021", "both ends"),
        ("2021-01-01T10:00", "is not a date"),
        ("", "empty"),
    ],
)
def test_errors_say_why(text: str, fragment: str) -> None:
    with pytest.raises(DateError, match=fragment):
        parse_date(text)


@pytest.mark.parametrize("text", ["2024", "2024-08", "2018-21", "201X", "2018-01~", "2004-XX", "2018-01/2018-02"])
def test_never_more_precise_than_written(text: str) -> None:
    import re

    shown = parse_date(text).display()
    assert not re.search(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b", shown), shown
    if parse_date(text).precision in ("year", "decade"):
        assert not re.search(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec", shown)


def test_overlap_keeps_partial_dates() -> None:
    may = parse_date("2017-05")
    assert may.overlaps(dt.date(2017, 1, 1), None)
    assert may.overlaps(None, dt.date(2017, 5, 1))
    assert not may.overlaps(dt.date(2017, 6, 1), None)


# -- the edtf package as an oracle -------------------------------------------------------------

years = st.integers(min_value=1900, max_value=2100)
months = st.integers(min_value=1, max_value=12)
days = st.integers(min_value=1, max_value=31)
quals = st.sampled_from(["", "?", "~", "%"])


@st.composite
def edtf_strings(draw) -> str:
    y = draw(years)
    form = draw(st.sampled_from(["year", "month", "day", "season"]))
    if form == "year":
        core = f"{y:04d}"
    elif form == "month":
        core = f"{y:04d}-{draw(months):02d}"
    elif form == "season":  # edtf takes no qualifier on a season
        return f"{y:04d}-{draw(st.integers(21, 24))}"
    else:
        m = draw(months)
        d = draw(st.integers(1, 28))
        core = f"{y:04d}-{m:02d}-{d:02d}"
    return core + draw(quals)


@settings(max_examples=examples(150), deadline=None)
@given(edtf_strings())
def test_bounds_agree_with_edtf(text: str) -> None:
    edtf = pytest.importorskip("edtf")
    theirs = edtf.parse_edtf(text)
    ours = parse_date(text)
    lo = dt.date(*theirs.lower_strict()[:3])
    hi = dt.date(*theirs.upper_strict()[:3])
    assert_agrees(text, ours.earliest, ours.latest, lo, hi)


def assert_agrees(text: str, earliest: dt.date, latest: dt.date, lo: dt.date, hi: dt.date) -> None:
    """Equal bounds, except winter: edtf narrows it to December "for simplicity"; we keep
    December to February, so as never to be more precise than the source. Ours must contain theirs."""
    if re.fullmatch(r"\d{4}-24", text):
        assert earliest == lo and latest >= hi
        assert latest.month == 2 and latest.year == int(text[-7:-3]) + 1
    else:
        assert (earliest, latest) == (lo, hi)


@settings(max_examples=examples(100), deadline=None)
@given(edtf_strings(), edtf_strings())
def test_interval_bounds_agree_with_edtf(a: str, b: str) -> None:
    edtf = pytest.importorskip("edtf")
    first, second = parse_date(a), parse_date(b)
    if second.latest < first.earliest:
        with pytest.raises(DateError):
            parse_date(f"{a}/{b}")
        return
    theirs = edtf.parse_edtf(f"{a}/{b}")
    ours = parse_date(f"{a}/{b}")
    assert ours.earliest == dt.date(*theirs.lower_strict()[:3])
    assert_agrees(b, second.earliest, ours.latest, second.earliest, dt.date(*theirs.upper_strict()[:3]))


@settings(max_examples=examples(200), deadline=None)
@given(st.text(max_size=30))
def test_any_text_parses_or_says_why(text: str) -> None:
    try:
        d = parse_date(text)
    except DateError as exc:
        assert str(exc)
    else:
        assert d.earliest <= d.latest


def test_days_read_fast_as_the_full_parser_reads_them() -> None:
    """parse_date reads YYYY-MM-DD at C speed; it must say exactly what _parse_single says."""
    import datetime as dt

    from briefing.dates import _parse_single

    day = dt.date(1899, 12, 25)
    while day < dt.date(2031, 1, 10):
        text = day.isoformat()
        assert parse_date(text) == _parse_single(text)
        day += dt.timedelta(days=7)
    for odd in ("2024-02-30", "0000-01-01", "2024-21-01", "2024-00-10", "2024-13-01", "2023-02-29", "2024-1X-01"):
        with pytest.raises(DateError) as fast:
            parse_date(odd)
        with pytest.raises(DateError) as full:
            _parse_single(odd)
        assert str(fast.value) == str(full.value)
    assert parse_date("2024-02-29") == _parse_single("2024-02-29")


# -- unknown and inferred dates ------------------------------------------------------------------


@pytest.mark.parametrize("text", ["XXXX", "XXXX-XX", "XXXX-XX-XX"])
def test_an_unknown_date_is_in_no_window_and_sorts_last(text: str) -> None:
    d = parse_date(text)
    assert not d.known and d.precision == "unknown" and d.display() == "undated"
    assert not d.overlaps(dt.date(2025, 1, 1), None)
    assert not d.overlaps(None, dt.date(2012, 12, 31))
    assert d.overlaps(None, None)  # no window asked for: nothing to leave it out of
    assert sorted([d, parse_date("9999"), parse_date("0001")], key=lambda x: x.sort_key())[-1] is d
    shown = d.to_json()
    assert (shown["earliest"], shown["latest"], shown["display"]) == (None, None, "undated")


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("XXXX?", "takes no qualifier"),
        ("XXXX-03-14", "give the year you infer, marked uncertain (2025-03-14?)"),
        ("XXXX/2020", "an end of an interval cannot be unknown"),
        ("2020-01/XXXX", "an end of an interval cannot be unknown"),
    ],
)
def test_unknown_dates_that_cannot_be_read_say_why(text: str, fragment: str) -> None:
    with pytest.raises(DateError, match=re.escape(fragment)):
        parse_date(text)


@pytest.mark.parametrize(
    "text, shown",
    [
        ("2025-03-14?", "14 Mar 2025?"),
        ("2025-03-15?/2025-03-21?", "15–21 Mar 2025?"),
        ("2018-01-21~/2018-01-31~", "c. 21–31 Jan 2018"),
        ("2025-03-14?/2026-03-21?", "14 Mar 2025? – 21 Mar 2026?"),
        ("2025-03-15/2025-03-21?", "15 Mar 2025 – 21 Mar 2025?"),  # one end uncertain: both shown
    ],
)
def test_an_inferred_date_shows_its_uncertainty(text: str, shown: str) -> None:
    d = parse_date(text)
    assert d.display() == shown and d.uncertain == ("?" in text)
