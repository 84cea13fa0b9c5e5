"""The home side: whose briefings these are (a country, or an organization).

Reports read it from their `ReportMeta`. With a home side, a meeting "with the home side" is one
it took part in (the country listed or a participant from it; the organization listed or a
participant of it), and a participant is "ours" when they are of the home side. Without one,
reports make no such claim and say so once.

Where the home side comes from (`briefing.toml` at the top of the records folder, or `--home`) is
the CLI's business; this module only says what it means. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from briefing.countries import lookup
from briefing.model import HomeSetting, Meeting, Participant
from briefing.text import normalise_phrase


class Home(BaseModel):
    """The home side of a report. Exactly one of `country` and `organization` is set."""

    model_config = ConfigDict(frozen=True)

    country: str | None = None  # ISO 3166-1 alpha-2
    organization: str | None = None  # as the records name it
    name: str  # as reports show it: "Japan", "OTS"
    set_by: str  # "briefing.toml" or "--home"

    def takes_part(self, m: Meeting) -> bool:
        """The home side took part in this meeting (as the record lists it)."""
        if self.country is not None:
            return m.involves(self.country)
        key = normalise_phrase(self.organization or "")
        return any(normalise_phrase(o) == key for o in m.organizations) or any(
            p.organization is not None and normalise_phrase(p.organization) == key for p in m.participants
        )

    def is_ours(self, p: Participant) -> bool:
        """This participant is of the home side."""
        if self.country is not None:
            return p.country == self.country
        return p.country is None and p.organization is not None and normalise_phrase(p.organization) == normalise_phrase(self.organization or "")

    def is_country(self, code: str) -> bool:
        return self.country == code


def home_of_country(code: str, set_by: str) -> Home:
    c = lookup(code)
    return Home(country=code, name=c.name if c else code, set_by=set_by)


def home_of_setting(setting: HomeSetting, set_by: str) -> Home:
    if setting.country is not None:
        return home_of_country(setting.country, set_by)
    assert setting.organization is not None
    return Home(organization=setting.organization, name=setting.organization, set_by=set_by)


def organizations_named(meetings: Iterable[Meeting]) -> dict[str, str]:
    """Every organization the records name (taking part, or a participant's), by its folded
    name: the first wording met."""
    named: dict[str, str] = {}
    for m in meetings:
        for o in m.organizations:
            named.setdefault(normalise_phrase(o), o)
        for p in m.participants:
            if p.organization:
                named.setdefault(normalise_phrase(p.organization), p.organization)
    return named
