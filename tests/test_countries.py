from __future__ import annotations

import pytest

from briefing.countries import resolve, suggest


@pytest.mark.parametrize(
    "name, code",
    [("Türkiye", "TR"), ("Turkey", "TR"), ("turkiye", "TR"), ("TR", "TR"), ("TUR", "TR"),
     ("Republic of Türkiye", "TR"), ("Kyrgyz Republic", "KG"), ("Kyrgyzstan", "KG"), ("kyrgyzstan", "KG"),
     ("UZBEKISTAN", "UZ"), ("Republic of Uzbekistan", "UZ"), ("Russia", "RU"), ("South Korea", "KR"),
     ("Côte d'Ivoire", "CI"), ("cote divoire", "CI")],
)
def test_resolves(name: str, code: str) -> None:
    country = resolve(name)
    assert country is not None and country.code == code


def test_unknown_gives_suggestions() -> None:
    assert resolve("Uzbekstan") is None
    assert suggest("uzbekstan") == ["Uzbekistan"]
    assert resolve("Atlantis") is None


@pytest.mark.parametrize(
    "name, code, shown",
    [
        ("USSR", "SUHH", "Soviet Union"), ("Soviet Union", "SUHH", "Soviet Union"), ("SU", "SUHH", "Soviet Union"),
        ("SUHH", "SUHH", "Soviet Union"), ("Yugoslavia", "YUCS", "Yugoslavia"), ("YUG", "YUCS", "Yugoslavia"),
        ("Czechoslovakia", "CSHH", "Czechoslovakia"), ("East Germany", "DDDE", "East Germany"),
        ("German Democratic Republic", "DDDE", "East Germany"), ("Serbia and Montenegro", "CSXX", "Serbia and Montenegro"),
        ("Kosovo", "XK", "Kosovo"), ("XK", "XK", "Kosovo"), ("Republic of Kosovo", "XK", "Kosovo"),
        ("The Netherlands", "NL", "Netherlands"), ("the Gambia", "GM", "Gambia"), ("The Bahamas", "BS", "Bahamas"),
        ("the United Kingdom", "GB", "United Kingdom"),
    ],
)
def test_countries_that_ended_kosovo_and_the(name: str, code: str, shown: str) -> None:
    country = resolve(name)
    assert country is not None and (country.code, country.name) == (code, shown)


def test_a_country_that_ended_is_its_own_never_a_successor() -> None:
    ussr = resolve("USSR")
    assert ussr is not None and ussr.ended == "1992-08-30" and ussr.official_name == "Union of Soviet Socialist Republics"
    assert resolve("East Germany").code != resolve("Germany").code  # type: ignore[union-attr]
    # A two-letter code a country of today has, or two countries that ended shared, means no old one.
    assert resolve("BY").code == "BY" and resolve("GE").code == "GE"  # type: ignore[union-attr]
    assert resolve("CS") is None  # Czechoslovakia and Serbia and Montenegro both had CS


@pytest.mark.parametrize("name, code", [("Zaire", "CD"), ("ZRCD", "CD"), ("Burma", "MM"), ("BUMM", "MM"), ("Byelorussian SSR", "BY"),
                                        ("Upper Volta", "BF"), ("Dahomey", "BJ"), ("East Timor", "TL")])
def test_a_renamed_country_is_the_country_of_today(name: str, code: str) -> None:
    country = resolve(name)
    assert country is not None and country.code == code and country.ended is None


def test_suggestions_include_countries_that_ended() -> None:
    assert suggest("Yugoslavija") == ["Yugoslavia"]
    assert resolve("the") is None and resolve("The Atlantis") is None


def test_records_and_reports_take_them(invoke, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.report_support import meeting

    folder = tmp_path / "records"
    meeting(folder, "1985-talks", "Fictional talks", "1985-05", countries=["USSR", "JP"], place={"city": "Moskva", "country": "SU"})
    meeting(folder, "2010-visit", "Fictional visit", "2010-03-02", countries=["XK", "The Netherlands"])
    assert invoke("check", "--records", folder).exit_code == 0
    note = invoke("country", "soviet union", "--records", folder, "-f", "json")
    assert note.exit_code == 0, note.output
    import json

    report = json.loads(note.stdout)
    assert report["country"]["code"] == "SUHH" and [m["id"] for m in report["meetings"]] == ["1985-talks"]
    assert [m["id"] for m in json.loads(invoke("country", "kosovo", "--records", folder, "-f", "json").stdout)["meetings"]] == ["2010-visit"]
