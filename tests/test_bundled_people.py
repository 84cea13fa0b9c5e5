"""The bundled people (issue 14's "Done when"), as of 2026-12-01: each person transcribed once,
with the offices on the days the articles give, and the reports built on them. The rules are
tested on fictional records in test_people_registry.py and test_people_reports.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing.loader import load
from tests.helpers import REPO
from tests.test_bundled_claims import AS_OF, CENTRAL_ASIA, RECORDS, report

PEOPLE = {
    "taro-kono", "mevlut-cavusoglu", "erdogan", "yoshimasa-hayashi", "yoko-kamikawa", "hisashi-matsumoto",
    "namazu-hiroyuki", "kubanychbek-omuraliev", "taro-aso",
}


def test_the_bundled_people_are_the_nine_the_articles_name_each_sourced() -> None:
    import datetime as dt

    result = load(RECORDS, dt.date(2026, 12, 1))
    assert result.problems == ()
    assert {p.id for p in result.people} == PEOPLE
    for p in result.people:
        assert p.offices and all(o.sources for o in p.offices), p.id
        assert all(o.start is None and o.until is None for o in p.offices), f"{p.id}: no article gives a term"
    # Every named participant of a held meeting is one of them.
    for m in result.meetings:
        for part in m.participants:
            if part.name is not None:
                assert result.registry.find(part) is not None, (m.id, part.name)


def test_people_hayashi_is_one_person_foreign_minister_as_attested_with_the_9th_meeting(invoke) -> None:
    doc = report(invoke, "people", "hayashi")
    [hayashi] = doc["people"]
    assert hayashi["id"] == "yoshimasa-hayashi"
    [office] = hayashi["offices"]
    assert (office["title"], office["country"], office["level"]) == ("Foreign Minister", "JP", "minister")
    # The day the sources attest (the Foreign Ministry's announcement of 15 December 2022); no
    # source says he attended on 24 December, the day announced (audit R19).
    assert [d["text"] for d in office["attested"]] == ["2022-12-15"] and office["standing"] == "attested"
    assert "2022-12-ca-japan-fm-9" in [m["meeting"]["id"] for m in hayashi["meetings"]]
    assert hayashi["last_met"]["meeting_id"] == "2022-12-ca-japan-fm-9"


def test_people_of_turkiye_on_28_december_2017(invoke) -> None:
    result = invoke("people", "--country", "TR", "--as-of", "2017-12-28", "--records", RECORDS, "-f", "json")
    assert result.exit_code == 0, result.output
    import json

    doc = json.loads(result.stdout)
    held = {p["name"]: [(o["title"], o["level"]) for o in p["current"]] for p in doc["people"]}
    assert held == {
        "Mevlüt Çavuşoğlu": [("Minister of Foreign Affairs of the Republic of Turkey", "minister")],
        "Erdoğan": [("President", "head-of-state")],
    }
    before = json.loads(invoke("people", "--country", "TR", "--as-of", "2017-12-27", "--records", RECORDS, "-f", "json").stdout)
    assert before["people"] == [] and before["hidden"] == 2  # attested only on the 28th: never shown before it


def test_turkiye_highest_level_is_the_courtesy_call_on_the_president(invoke) -> None:
    level = report(invoke, "country", "turkey")["overview"]["highest_level"]
    assert (level["level"], level["by"], level["meeting_ids"]) == ("head-of-state", "people", ["2017-12-28-kono-erdogan-courtesy-call"])
    out = " ".join(invoke("country", "turkey", "--records", RECORDS, "--as-of", AS_OF).stdout.split())
    assert "Highest level met: head of state — Taro Kono (Minister for Foreign Affairs) met Erdoğan (President), 28 Dec 2017" in out


@pytest.mark.parametrize("country", CENTRAL_ASIA)
def test_no_central_asian_highest_level_is_a_summit(invoke, country: str) -> None:
    doc = report(invoke, "country", country)
    level = doc["overview"]["highest_level"]
    assert level["kind"] != "summit" and level["level"] not in ("head-of-state", "head-of-government")
    assert all(row["highest_level"] is None or row["highest_level"]["kind"] != "summit" for row in doc["engagement"])


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The bundled records, with the 9th meeting writing Hayashi family name first, as Japan's ministry does."""
    folder = tmp_path / "records"
    shutil.copytree(REPO / "records", folder)
    path = folder / "2022-12-ca-japan-fm-9.toml"
    text = path.read_text(encoding="utf-8")
    assert 'name = "Yoshimasa Hayashi"' in text
    path.write_text(text.replace('name = "Yoshimasa Hayashi"', 'name = "HAYASHI Yoshimasa"'), encoding="utf-8")
    return folder


def test_hayashi_yoshimasa_and_yoshimasa_hayashi_are_one_person(invoke, copy: Path) -> None:
    def run(*args: str) -> dict:
        import json

        result = invoke(*args, "--records", copy, "--as-of", AS_OF, "-f", "json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    [hayashi] = run("people", "Hayashi Yoshimasa")["people"]
    assert hayashi["id"] == "yoshimasa-hayashi" and len(hayashi["meetings"]) == 6
    assert {m["written"] for m in hayashi["meetings"]} == {"HAYASHI Yoshimasa", "Yoshimasa Hayashi"}
    ours = [p for p in run("country", "kazakhstan")["home_people"] if p["person"] == "yoshimasa-hayashi"]
    assert len(ours) == 1 and ours[0]["name"] == "Yoshimasa Hayashi"
    # The 9th meeting against the expected bilateral with Kazakhstan: Hayashi is at both.
    doc = run("compare", "2022-12-ca-japan-fm-9", "2022-12-24-japan-kazakhstan-fm-bilateral-expected")
    assert [p["name"] for p in doc["people"]["stayed"] if p["country"] == "JP"] == ["Yoshimasa Hayashi"]
    assert not [p for p in (*doc["people"]["joined"], *doc["people"]["left"]) if p["country"] == "JP"]
