"""Partial and uncertain dates: the EDTF (ISO 8601-2) level-1 subset that records use.

A `FuzzyDate` knows the text it was written as, its earliest and latest day, its precision and
its qualifiers. It is shown as written ("Aug 2024", "c. Jan 2018"), never padded to a day.

Accepted forms: ``2024``, ``2024-08``, ``2024-08-09``; seasons ``2018-21``..``2018-24`` (spring,
summer, autumn, winter; winter runs December to February); unspecified digits ``201X``, ``20XX``,
``2004-XX``, ``2004-06-XX``; a final qualifier ``?`` (uncertain), ``~`` (approximate) or ``%``
(both); and intervals ``A/B`` whose ends are any of the above.

An unknown date is ``XXXX`` (EDTF's unspecified year; ``XXXX-XX`` and ``XXXX-XX-XX`` mean the
same): the source gives no date at all. It has no bounds a report may use: it is `known` False,
shown "undated", matches no date window (`overlaps` with a bound is False) and sorts after every
dated one. Its `earliest` and `latest` are the first and last days Python knows, so that code
which forgets to ask never mistakes it for a day in any year it might put it in; JSON gives them
as null.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = ["DateError", "FuzzyDate", "parse_date"]

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SEASONS = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}
# (first month, last month, the last month's year offset)
SEASON_MONTHS = {21: (3, 5, 0), 22: (6, 8, 0), 23: (9, 11, 0), 24: (12, 2, 1)}

_SINGLE = re.compile(
    r"(?P<year>[0-9X]{4})(?:-(?P<month>[0-9X]{2})(?:-(?P<day>[0-9X]{2}))?)?(?P<q>[?~%])?"
)


class DateError(ValueError):
    """A date that cannot be read; the message says why in the user's words."""


class DateValue:
    """What every FuzzyDate is, and nothing more: a type for decoders (msgspec) to make one from
    its text, where a dataclass would be read as an object of its fields (see `structs`)."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class FuzzyDate(DateValue):
    text: str  # as written (canonical EDTF)
    earliest: dt.date
    latest: dt.date
    precision: str  # day | month | season | year | decade | century | millennium | interval | unknown
    approximate: bool = False
    uncertain: bool = False

    @property
    def known(self) -> bool:
        """False for an unknown date (``XXXX``): the source gives none."""
        return self.precision != UNKNOWN

    # -- display ---------------------------------------------------------------------------
    def display(self) -> str:
        """Human form, never more precise than written: '24 Dec 2022', 'c. Aug 2004', 'undated'."""
        if self.precision == UNKNOWN:
            return "undated"
        if "/" in self.text:
            return _display_interval(self.text)
        return _display_single(self.text)

    def __str__(self) -> str:
        return self.display()

    # -- comparisons -------------------------------------------------------------------
    def sort_key(self) -> tuple[bool, dt.date, dt.date, str]:
        """Oldest first; an unknown date after every known one."""
        return (self.precision == UNKNOWN, self.earliest, self.latest, self.text)

    def overlaps(self, start: dt.date | None, end: dt.date | None) -> bool:
        """True when some day of this date may fall within [start, end]. An unknown date is in
        no window: nothing says it falls there."""
        if self.precision == UNKNOWN:
            return start is None and end is None
        if start is not None and self.latest < start:
            return False
        if end is not None and self.earliest > end:
            return False
        return True

    def to_json(self) -> dict[str, Any]:
        known = self.precision != UNKNOWN
        return {
            "text": self.text,
            "display": self.display(),
            "earliest": self.earliest.isoformat() if known else None,
            "latest": self.latest.isoformat() if known else None,
            "precision": self.precision,
            "approximate": self.approximate,
            "uncertain": self.uncertain,
        }

    # -- pydantic integration --------------------------------------------------------------
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(
            _validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                _serialize, info_arg=True, when_used="json"
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        if handler.mode == "serialization":  # a report's JSON: the date as `to_json` writes it
            return _REPORT_DATE_SCHEMA
        return {
            "anyOf": [
                {"type": "string", "format": "date"},
                {
                    "type": "string",
                    "pattern": r"^[0-9X]{4}(-[0-9X]{2}(-[0-9X]{2})?)?[?~%]?"
                    r"(/[0-9X]{4}(-[0-9X]{2}(-[0-9X]{2})?)?[?~%]?)?$",
                },
            ],
            "description": "A date as precise as the source: 2024, 2024-08, 2024-08-09, "
            "2018-21 (spring), 2018-01~ (approximate), 2025-03-14? (inferred, uncertain), "
            "2018-01-21/2018-01-31 (interval), XXXX (the source gives no date).",
        }


UNKNOWN = "unknown"  # the precision of XXXX
_UNKNOWN_FORMS = ("XXXX", "XXXX-XX", "XXXX-XX-XX")

_DAY_OR_NULL = {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]}
_REPORT_DATE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Date",
    "description": "A date as the source gives it: `text` as written (EDTF), `display` in words, "
    "`earliest` and `latest` the first and last days it may mean, its `precision`, and whether it "
    "is marked approximate (~) or uncertain (?).",
    "properties": {
        "text": {"type": "string"},
        "display": {"type": "string"},
        "earliest": _DAY_OR_NULL,
        "latest": _DAY_OR_NULL,
        "precision": {"type": "string"},
        "approximate": {"type": "boolean"},
        "uncertain": {"type": "boolean"},
    },
    "required": ["text", "display", "earliest", "latest", "precision", "approximate", "uncertain"],
    "additionalProperties": False,
}

COMPACT = "briefing.compact-dates"  # serialization context: a date as its text only (the cache)


def _serialize(d: FuzzyDate, info: Any) -> Any:
    if isinstance(info.context, dict) and info.context.get(COMPACT):
        return d.text
    # A report of thousands of meetings shows the same dates again and again: each date's JSON
    # is made once (the serializer only reads it).
    shown = _JSON.get(d.text)
    if shown is None:
        if len(_JSON) >= 100_000:
            _JSON.clear()
        shown = _JSON[d.text] = d.to_json()
    return shown


_JSON: dict[str, dict[str, Any]] = {}


def _validate(value: Any) -> FuzzyDate:
    if isinstance(value, FuzzyDate):
        return value
    if isinstance(value, dict) and "text" in value:  # a date dumped to JSON
        value = value["text"]
    if type(value) is str:
        return _parse_text(value)
    return parse_date(value)


@lru_cache(maxsize=16384)
def _parse_text(text: str) -> FuzzyDate:
    """Dates repeat across records; a FuzzyDate is immutable, so equal texts share one."""
    return parse_date(text)


def parse_date(value: Any) -> FuzzyDate:
    """Parse a TOML date or an EDTF level-1 string; raise DateError with a clear message."""
    if isinstance(value, dt.datetime):
        raise DateError("give a date without a time of day (e.g. 2024-08-09)")
    if isinstance(value, dt.date):
        return FuzzyDate(value.isoformat(), value, value, "day")
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 9999:
        raise DateError(f'write a year as text in quotes: "{value}"')
    if not isinstance(value, str):
        raise DateError(f"expected a date or a date string, got {_type_name(value)}")
    text = value.strip()
    if not text:
        raise DateError("empty date")
    if len(text) > 64:
        raise DateError("not a date (too long)")
    if len(text) == 10 and text.isascii() and text[4] == text[7] == "-" and text[:4].isdigit() and text[5:7].isdigit() and text[8:].isdigit():
        # The commonest form, a day (2024-08-09), read at C speed; anything odd gets the full reading.
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            pass  # 2024-02-30, 0000-01-01, months 21-24 (seasons take no day): said below
        else:
            return FuzzyDate(text, day, day, "day")
    if text in _UNKNOWN_FORMS:
        return FuzzyDate(text, dt.date.min, dt.date.max, UNKNOWN)
    if "/" in text:
        first, _, second = text.partition("/")
        if "/" in second:
            raise DateError(f"'{_short(text)}' has more than one '/'")
        if first in ("", "..") or second in ("", ".."):
            raise DateError(f"'{_short(text)}': give both ends of the interval")
        if first.startswith("XXXX") or second.startswith("XXXX"):
            raise DateError(
                f"'{_short(text)}': an end of an interval cannot be unknown; give both ends, "
                "or XXXX alone if the source gives no date"
            )
        a, b = _parse_single(first), _parse_single(second)
        if b.latest < a.earliest:
            raise DateError(f"'{_short(text)}' ends before it starts")
        return FuzzyDate(
            f"{a.text}/{b.text}",
            a.earliest,
            b.latest,
            "interval",
            a.approximate or b.approximate,
            a.uncertain or b.uncertain,
        )
    return _parse_single(text)


def _parse_single(text: str) -> FuzzyDate:
    m = _SINGLE.fullmatch(text)
    if not m:
        raise DateError(
            f"'{_short(text)}' is not a date; use 2024, 2024-08, 2024-08-09, 2018-21 (spring), "
            "2018-01~, or an interval 2018-01-21/2018-01-31"
        )
    year_s, month_s, day_s, q = m["year"], m["month"], m["day"], m["q"]
    approximate = q in ("~", "%")
    uncertain = q in ("?", "%")
    if year_s == "XXXX":
        if q and month_s in (None, "XX") and day_s in (None, "XX"):
            raise DateError(f"'{_short(text)}': an unknown date (XXXX) takes no qualifier")
        raise DateError(
            f"'{_short(text)}': a date without its year; give the year you infer, marked "
            "uncertain (2025-03-14?), and the source's words in date_text, or XXXX if the source "
            "gives no date"
        )
    if "X" in year_s:
        if not re.fullmatch(r"[0-9]+X+", year_s) or year_s.startswith("0X"):
            raise DateError(f"'{_short(text)}': unspecified digits (X) go at the end of the year")
        if month_s is not None:
            raise DateError(f"'{_short(text)}': a year with X takes no month")
        digits = year_s.rstrip("X")
        span = 10 ** (4 - len(digits))
        lo = max(int(digits) * span, 1)
        hi = int(digits) * span + span - 1
        precision = "decade" if span == 10 else "century" if span == 100 else "millennium"
        return FuzzyDate(text, dt.date(lo, 1, 1), dt.date(hi, 12, 31), precision, approximate, uncertain)
    year = int(year_s)
    if year < 1:
        raise DateError(f"'{_short(text)}': year 0000 is not supported")
    if month_s is None:
        return FuzzyDate(text, dt.date(year, 1, 1), dt.date(year, 12, 31), "year", approximate, uncertain)
    if month_s == "XX":
        if day_s is not None:
            raise DateError(f"'{_short(text)}': an unspecified month (XX) takes no day")
        return FuzzyDate(text, dt.date(year, 1, 1), dt.date(year, 12, 31), "year", approximate, uncertain)
    if "X" in month_s:
        raise DateError(f"'{_short(text)}': a month is either two digits or XX")
    month = int(month_s)
    if 21 <= month <= 24:
        if day_s is not None:
            raise DateError(f"'{_short(text)}': a season takes no day")
        first, last, offset = SEASON_MONTHS[month]
        if year + offset > 9999:
            raise DateError(f"'{_short(text)}' runs past the year 9999")
        end_year = year + offset
        end = dt.date(end_year, last, calendar.monthrange(end_year, last)[1])
        return FuzzyDate(text, dt.date(year, first, 1), end, "season", approximate, uncertain)
    if not 1 <= month <= 12:
        raise DateError(f"'{_short(text)}': there is no month {month_s} (use 01-12, or 21-24 for seasons)")
    last_day = calendar.monthrange(year, month)[1]
    if day_s is None or day_s == "XX":
        return FuzzyDate(text, dt.date(year, month, 1), dt.date(year, month, last_day), "month", approximate, uncertain)
    if "X" in day_s:
        raise DateError(f"'{_short(text)}': a day is either two digits or XX")
    day = int(day_s)
    if not 1 <= day <= last_day:
        raise DateError(f"'{_short(text)}': {MONTHS[month - 1]} {year} has no day {day}")
    d = dt.date(year, month, day)
    return FuzzyDate(text, d, d, "day", approximate, uncertain)


# -- display --------------------------------------------------------------------------------


@lru_cache(maxsize=16384)  # a long report shows the same dates again and again
def _display_single(text: str) -> str:
    q = text[-1] if text[-1] in "?~%" else ""
    core = text[:-1] if q else text
    parts = core.split("-")
    year = parts[0]
    if "X" in year:
        digits = year.rstrip("X")
        shown = f"{digits}{'0' * (4 - len(digits))}s"
    elif len(parts) == 1 or parts[1] == "XX":
        shown = year
    else:
        month = int(parts[1])
        if month in SEASONS:
            shown = f"{SEASONS[month]} {year}"
        elif len(parts) == 2 or parts[2] == "XX":
            shown = f"{MONTHS[month - 1]} {year}"
        else:
            shown = f"{int(parts[2])} {MONTHS[month - 1]} {year}"
    if q in ("~", "%"):
        shown = f"c. {shown}"
    if q in ("?", "%"):
        shown = f"{shown}?"
    return shown


@lru_cache(maxsize=4096)
def _display_interval(text: str) -> str:
    a, b = text.split("/")
    qa = a[-1] if a[-1] in "?~%" else ""
    qb = b[-1] if b[-1] in "?~%" else ""
    pa, pb = a.removesuffix(qa).split("-"), b.removesuffix(qb).split("-")
    # Same month, both days, the same qualifier on both ends: "21–31 Jan 2018", "15–21 Mar 2025?"
    if (
        qa == qb
        and "X" not in a + b
        and len(pa) == len(pb) == 3
        and pa[:2] == pb[:2]
        and int(pa[1]) <= 12
    ):
        shown = f"{int(pa[2])}–{int(pb[2])} {MONTHS[int(pa[1]) - 1]} {pa[0]}"
        if qa in ("~", "%"):
            shown = f"c. {shown}"
        return f"{shown}?" if qa in ("?", "%") else shown
    return f"{_display_single(a)} – {_display_single(b)}"


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _type_name(value: Any) -> str:
    return {bool: "a boolean", int: "an integer", float: "a number", list: "a list", dict: "a table"}.get(
        type(value), type(value).__name__
    )
