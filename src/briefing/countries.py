"""Countries: any code, common, official, former or accented name → the country's code.

Names come from pycountry: ISO 3166-1 (countries today: their alpha-2 code) and ISO 3166-3
(countries that no longer exist: their four-letter code, SUHH for the USSR, YUCS for
Yugoslavia), plus Kosovo (XK, the code the EU and the IMF use; ISO has not assigned one) and a
small table of everyday and former names that the standards do not list. Matching ignores case,
accents, punctuation and a leading "the" ("The Netherlands", "the Gambia").

A former name of a country that goes on under another name (Burma, Zaire, Swaziland) means that
country, so its briefing note covers its whole history; a country that ended (the USSR,
Yugoslavia, Czechoslovakia, East Germany) is a country of its own, never one of its successors.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache

from briefing.text import normalise_phrase

__all__ = ["Country", "resolve", "suggest", "lookup", "all_countries", "names_of"]

# Everyday, former and alternative names that ISO 3166-1 does not carry (alpha-2 code → names).
ALIASES: dict[str, tuple[str, ...]] = {
    "TR": ("Turkey", "Turkiye", "Republic of Turkey"),
    "KG": ("Kirghizia", "Kirgizia"),
    "KZ": ("Kazakstan",),
    "TM": ("Turkmenia",),
    "TJ": ("Tadjikistan",),
    "RU": ("Russia",),
    "US": ("United States", "USA", "America", "United States of America", "U.S.", "U.S.A."),
    "GB": ("United Kingdom", "UK", "Britain", "Great Britain", "England"),
    "KR": ("South Korea", "Korea", "Republic of Korea", "ROK"),
    "KP": ("North Korea", "DPRK"),
    "IR": ("Iran", "Persia"),
    "SY": ("Syria",),
    "VN": ("Vietnam", "Viet Nam"),
    "LA": ("Laos",),
    "MD": ("Moldova",),
    "CZ": ("Czech Republic", "Czechia"),
    "CI": ("Ivory Coast",),
    "VA": ("Vatican", "Holy See"),
    "MK": ("Macedonia", "North Macedonia"),
    "SZ": ("Swaziland",),
    "MM": ("Burma",),
    "CV": ("Cape Verde",),
    "TL": ("East Timor",),
    "PS": ("Palestine",),
    "TW": ("Taiwan",),
    "BO": ("Bolivia",),
    "VE": ("Venezuela",),
    "TZ": ("Tanzania",),
    "CD": ("DR Congo", "DRC", "Congo-Kinshasa", "Zaire"),
    "CG": ("Congo-Brazzaville",),
    "CN": ("China", "PRC"),
    "AE": ("UAE", "Emirates"),
    "NL": ("Holland",),
    "DE": ("Germany", "West Germany", "Federal Republic of Germany"),
    "XK": ("Republic of Kosovo",),
    "BJ": ("Dahomey",),
    "BF": ("Upper Volta",),
    "BY": ("Belarus", "Byelorussia", "Byelorussian SSR", "Byelorussian Soviet Socialist Republic"),
    # ISO 3166-3: countries that ended, by their four-letter code.
    "SUHH": ("Soviet Union", "USSR", "U.S.S.R.", "Union of Soviet Socialist Republics"),
    "YUCS": ("Socialist Federal Republic of Yugoslavia", "Federal Republic of Yugoslavia", "SFRY", "FRY"),
    "CSHH": ("Czechoslovak Socialist Republic", "Czechoslovak Republic"),
    "DDDE": ("East Germany", "GDR", "DDR"),
    "YDYE": ("South Yemen", "People's Democratic Republic of Yemen"),
    "VDVN": ("North Vietnam", "Democratic Republic of Vietnam"),
}

# Countries the standards leave out, as (code, alpha-3, name, official name).
_EXTRA = (("XK", "XKX", "Kosovo", "Republic of Kosovo"),)

# ISO 3166-3 codes of countries that were renamed and go on (the same state): they mean it.
_RENAMED = {"BUMM": "MM", "BYAA": "BY", "DYBJ": "BJ", "HVBF": "BF", "TPTL": "TL", "ZRCD": "CD"}

# The everyday and the official name of a country that ended, where ISO 3166-3 gives one
# inverted or long ("USSR, Union of Soviet Socialist Republics").
_HISTORIC_NAMES = {
    "SUHH": ("Soviet Union", "Union of Soviet Socialist Republics"),
    "YUCS": ("Yugoslavia", "Socialist Federal Republic of Yugoslavia, later Federal Republic of Yugoslavia"),
    "CSHH": ("Czechoslovakia", "Czechoslovak Socialist Republic"),
    "DDDE": ("East Germany", "German Democratic Republic"),
    "YDYE": ("South Yemen", "People's Democratic Republic of Yemen"),
    "VDVN": ("North Vietnam", "Democratic Republic of Viet-Nam"),
    "FXFR": ("Metropolitan France", "France, Metropolitan"),
}


@dataclass(frozen=True, slots=True)
class Country:
    code: str  # ISO 3166-1 alpha-2; for a country that ended, its ISO 3166-3 four-letter code
    alpha3: str
    name: str
    official_name: str
    ended: str | None = None  # a country that ended: when its code was withdrawn (ISO 3166-3)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, Country], dict[str, str]]:
    """(code → Country, normalised name or code → code), built once.

    Today's countries and their names come first: a name or code already taken by one is never
    given to a country that ended (BY is Belarus, not the Byelorussian SSR)."""
    import pycountry

    by_code: dict[str, Country] = {}
    index: dict[str, str] = {}
    for c in pycountry.countries:
        name = getattr(c, "common_name", None) or c.name
        official = getattr(c, "official_name", None) or c.name
        by_code[c.alpha_2] = Country(c.alpha_2, c.alpha_3, name, official)
        for n in (c.alpha_2, c.alpha_3, c.name, official, name):
            _add(index, n, c.alpha_2)
    for code, alpha3, name, official in _EXTRA:
        by_code[code] = Country(code, alpha3, name, official)
        for n in (code, alpha3, name, official):
            _add(index, n, code)
    for code, names in ALIASES.items():
        if len(code) == 2:
            for n in names:
                _add(index, n, code)
    _add_historic(by_code, index)
    return by_code, index


def _add_historic(by_code: dict[str, Country], index: dict[str, str]) -> None:
    """ISO 3166-3: a renamed country's codes mean the country of today; every other country
    that ended is a country of its own, by its four-letter code, its alpha-3 and its old alpha-2
    where no country of today and no other country that ended has it, and by its names."""
    import pycountry

    entries = list(pycountry.historic_countries)
    two_letter = [c.alpha_2 for c in entries]
    for c in entries:
        if c.alpha_4 in _RENAMED:
            for n in (c.alpha_4, c.alpha_3, c.name.split(", ")[0]):
                _add(index, n, _RENAMED[c.alpha_4])
            continue
        parts = [p.strip() for p in c.name.split(", ")]
        official = " ".join([parts[-1], parts[0]]) if len(parts) == 2 and parts[-1].endswith(" of") else c.name
        name, official = _HISTORIC_NAMES.get(c.alpha_4, (parts[0], official))
        by_code[c.alpha_4] = Country(c.alpha_4, c.alpha_3, name, official, ended=getattr(c, "withdrawal_date", None))
        names = [c.alpha_4, c.alpha_3, name, official, parts[0], *ALIASES.get(c.alpha_4, ())]
        if two_letter.count(c.alpha_2) == 1:
            names.append(c.alpha_2)
        for n in names:
            _add(index, n, c.alpha_4)


def _add(index: dict[str, str], name: str, code: str) -> None:
    key = normalise_phrase(name)
    index.setdefault(key, code)
    index.setdefault(key.replace(" ", ""), code)  # "cote divoire", "guineabissau"


def all_countries() -> list[Country]:
    return sorted(_tables()[0].values(), key=lambda c: c.name)


def lookup(code: str) -> Country | None:
    """The country with this alpha-2 code."""
    return _tables()[0].get(code)


def names_of(country: Country) -> tuple[str, ...]:
    """Everyday and former names of a country besides its own (for completion)."""
    return ALIASES.get(country.code, ())


@lru_cache(maxsize=4096)
def resolve(name: str) -> Country | None:
    """The country a code or name means, or None."""
    by_code, index = _tables()
    key = normalise_phrase(name)
    code = index.get(key) or index.get(key.replace(" ", ""))
    if code is None and key.startswith("the "):  # "The Netherlands", "the Gambia", "the UK"
        return resolve(key[4:])
    return by_code[code] if code else None


def suggest(name: str, n: int = 3) -> list[str]:
    """Close country names for a name that did not resolve ("did you mean")."""
    by_code, index = _tables()
    key = normalise_phrase(name)
    keys = [k for k in index if len(k) > 3]
    names: list[str] = []
    for k in difflib.get_close_matches(key, keys, n=n * 3, cutoff=0.75):
        country_name = by_code[index[k]].name
        if country_name not in names:
            names.append(country_name)
    return names[:n]
