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
