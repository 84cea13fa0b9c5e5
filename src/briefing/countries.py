"""Countries: any code, common, official, former or accented name → ISO 3166-1 alpha-2.

Names come from pycountry (ISO 3166-1) plus a small table of everyday and former names that the
standard does not list. Matching ignores case, accents and punctuation.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache

from briefing.text import normalise_phrase

__all__ = ["Country", "resolve", "suggest", "lookup", "all_countries"]

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
    "BY": ("Belarus", "Byelorussia"),
    "CN": ("China", "PRC"),
    "AE": ("UAE", "Emirates"),
    "NL": ("Holland",),
    "DE": ("Germany",),
}


@dataclass(frozen=True, slots=True)
class Country:
    code: str  # alpha-2
    alpha3: str
    name: str
    official_name: str


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, Country], dict[str, str]]:
    """(code → Country, normalised name or code → code), built once."""
    import pycountry

    by_code: dict[str, Country] = {}
    index: dict[str, str] = {}
    for c in pycountry.countries:
        name = getattr(c, "common_name", None) or c.name
        official = getattr(c, "official_name", None) or c.name
        by_code[c.alpha_2] = Country(c.alpha_2, c.alpha_3, name, official)
        for n in (c.alpha_2, c.alpha_3, c.name, official, name):
            _add(index, n, c.alpha_2)
    for code, names in ALIASES.items():
        for n in names:
            _add(index, n, code)
    return by_code, index


def _add(index: dict[str, str], name: str, code: str) -> None:
    key = normalise_phrase(name)
    index.setdefault(key, code)
    index.setdefault(key.replace(" ", ""), code)  # "cote divoire", "guineabissau"


def all_countries() -> list[Country]:
    return sorted(_tables()[0].values(), key=lambda c: c.name)


def lookup(code: str) -> Country | None:
    """The country with this alpha-2 code."""
    return _tables()[0].get(code)


@lru_cache(maxsize=4096)
def resolve(name: str) -> Country | None:
    """The country a code or name means, or None."""
    by_code, index = _tables()
    key = normalise_phrase(name)
    code = index.get(key) or index.get(key.replace(" ", ""))
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
