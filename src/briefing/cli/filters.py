"""The filter options of the report commands (--country, --series, --kind, --topic, --status with
--since and --until), declared once, and their values checked before any record is read: a bad
one is exit 2 with "did you mean".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, NamedTuple, Optional

import typer

from briefing.cli import complete
from briefing.cli.common import fail, since_until

if TYPE_CHECKING:
    import datetime as dt

    from briefing.model import Series
    from briefing.reports.common import MeetingFilter

# The values of model.Kind and model.Status, spelled out here so that `--help` need not import
# pydantic; tests check they match the model.
KINDS = (
    "summit", "foreign-ministers", "senior-officials", "ambassadors", "intellectual-dialogue", "expert",
    "business", "parliamentary", "forum", "visit", "call", "other",
)
STATUSES = ("held", "planned", "postponed", "cancelled")


# -- the options -------------------------------------------------------------------------------

CountryOpt = Annotated[
    Optional[list[str]],
    typer.Option("--country", "-c", metavar="COUNTRY", help="Only meetings involving this country: a code or a name, any case (repeatable).", show_default=False, autocompletion=complete.countries),
]
SeriesOpt = Annotated[Optional[str], typer.Option("--series", help="Only rounds of this series: its id, name or an alias.", show_default=False, autocompletion=complete.series_ids)]
KindOpt = Annotated[
    Optional[list[str]],
    typer.Option("--kind", metavar="KIND", help=f"Only meetings of this kind (repeatable): {', '.join(KINDS)}.", show_default=False, autocompletion=complete.kinds),
]
TopicOpt = Annotated[Optional[str], typer.Option("--topic", help="Only meetings with a topic containing these words (any case, accents ignored).", show_default=False)]
StatusOpt = Annotated[
    Optional[list[str]],
    typer.Option("--status", metavar="STATUS", help=f"Only meetings with this status (repeatable): {', '.join(STATUSES)}.", show_default=False, autocompletion=complete.statuses),
]


# -- helpers -------------------------------------------------------------------------------------


def country_code(name: str, option: str = "country") -> str:
    """A country name or code → alpha-2, or exit 2 with "did you mean"."""
    from briefing.countries import resolve, suggest

    country = resolve(name)
    if country is None:
        close = suggest(name)
        hint = f"; did you mean {' or '.join(close)}?" if close else "; use an ISO code such as UZ, or a name"
        fail(f"{option}: unknown country '{short(name)}'{hint}")
    return country.code


def series_id(name: str, series: tuple[Series, ...], option: str = "series") -> str:
    """A series id, name or alias (any case, accents ignored) → its id, or exit 2 listing them."""
    from briefing.reports.series import find_series

    found = find_series(name, series)
    if found is None:
        known = ", ".join(sorted(s.id for s in series)) or "none"
        fail(f"{option}: no series '{short(name)}'; known series: {known}")
    return found.id


def choices(values: list[str] | None, allowed: tuple[str, ...], option: str) -> tuple[str, ...]:
    out = []
    for v in values or ():
        if v.lower() not in allowed:
            from briefing.wording import did_you_mean

            fail(f"{option}: '{short(v)}' is not one of: {', '.join(allowed)}{did_you_mean(v, allowed)}")
        out.append(v.lower())
    return tuple(out)


class FilterArgs(NamedTuple):
    """The shared filter options, read and checked before any record is loaded."""

    start: dt.date | None
    end: dt.date | None
    codes: tuple[str, ...]
    kinds: tuple[str, ...]
    statuses: tuple[str, ...]
    topic: str | None


def filter_args(
    since: str | None, until: str | None, country: list[str] | None, kind: list[str] | None,
    status: list[str] | None, topic: str | None,
) -> FilterArgs:
    """--since/--until/--country/--kind/--status/--topic checked (exit 2 on a bad one)."""
    start, end = since_until(since, until)
    codes = tuple(dict.fromkeys(country_code(c, "--country") for c in country or ()))
    kinds = choices(kind, KINDS, "--kind")
    statuses = choices(status, STATUSES, "--status")
    if topic is not None and not any(ch.isalnum() for ch in topic):
        fail("--topic: give a word or two to look for, e.g. --topic energy")
    return FilterArgs(start, end, codes, kinds, statuses, topic)


def meeting_filter(args: FilterArgs, series: str | None, known: tuple[Series, ...]) -> MeetingFilter:
    """The report filter, once the series on record are known."""
    from briefing.model import Kind, Status
    from briefing.reports.common import MeetingFilter

    return MeetingFilter(
        since=args.start,
        until=args.end,
        countries=args.codes,
        series=series_id(series, known, "--series") if series is not None else None,
        kinds=tuple(Kind(k) for k in args.kinds),
        topic=args.topic,
        statuses=tuple(Status(s) for s in args.statuses),
    )


def short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."
