"""The bundled records, as of 2026-12-01: the claims the fidelity audit found false no longer
appear (issue 10's "Done when"). The rules themselves are tested on fictional records in
test_home_side.py and test_claims.py; here only the bundled records' reports are checked."""

from __future__ import annotations

import pytest

from tests.helpers import REPO
from tests.report_support import load_json

AS_OF = "2026-12-01"
RECORDS = REPO / "records"
CENTRAL_ASIA = ["kazakhstan", "kyrgyzstan", "tajikistan", "turkmenistan", "uzbekistan"]
GERMANY_SUMMIT = "2023-germany-central-asia-summit"


def report(invoke, *args: str) -> dict:
    result = invoke(*args, "--records", RECORDS, "--as-of", AS_OF, "-f", "json")
    assert result.exit_code == 0, result.output
    return load_json(result.stdout)


@pytest.mark.parametrize("country", CENTRAL_ASIA)
def test_a_central_asian_note_counts_only_meetings_with_japan(invoke, country: str) -> None:
    doc = report(invoke, "country", country)
    assert doc["meta"]["home"]["name"] == "Japan"
    o = doc["overview"]
    assert GERMANY_SUMMIT not in [m["id"] for m in doc["meetings"]]
    assert [m["id"] for m in doc["context"]] == [GERMANY_SUMMIT]
    assert o["highest_level"]["kind"] != "summit" and GERMANY_SUMMIT not in o["highest_level"]["meeting_ids"]
    assert not any(k["kind"] == "summit" for row in doc["engagement"] for k in row["by_kind"])
    assert "2023" not in [row["year"] for row in doc["engagement"]]
    assert not [p for p in doc["people"] if p["country"] == "JP"]  # no Japanese official is "met"
    assert {p["name"] for p in doc["home_people"]} >= {"Yoshimasa Hayashi", "Yoko Kamikawa"}
    assert "first_contact" not in o and o["first_on_record"]["meeting_id"] == "2004-08-ca-japan-fm-1"


def test_turkiye_people_met_are_turkish(invoke) -> None:
    doc = report(invoke, "country", "turkey")
    # One person each, as their person files write them (the records write "Mevlut Cavusoglu", "Erdogan").
    assert {(p["name"], p["person"]) for p in doc["people"]} == {("Mevlüt Çavuşoğlu", "mevlut-cavusoglu"), ("Erdoğan", "erdogan")}
    assert [p["name"] for p in doc["home_people"]] == ["Taro Kono"]


def test_compare_6_and_9_claims_no_joins_and_no_added_topics(invoke) -> None:
    doc = report(invoke, "compare", "ca-japan-fm", "6", "9")
    assert doc["people"]["joined"] == [] and doc["people"]["not_recorded"] == ["A"]
    assert doc["topics"]["added"] == [] and "A" in doc["topics"]["not_recorded"]


def test_the_ots_meeting_is_undated_and_in_no_date_window(invoke) -> None:
    ots = "undated-ots-japan-senior-deputy-minister-istanbul"
    doc = report(invoke, "timeline")
    assert [m["id"] for m in doc["undated"]] == [ots]
    for window in (["--since", "2025"], ["--until", "2012"]):
        narrowed = report(invoke, "timeline", *window)
        assert ots not in [m["id"] for m in narrowed["meetings"] + narrowed["undated"]]
    text = invoke("timeline", "--records", RECORDS, "--as-of", AS_OF).stdout
    assert text.index("Undated (the sources give no date)") < text.index("Meeting of OTS Secretary General")


def test_the_tokyo_dialogue_date_shows_its_uncertainty(invoke) -> None:
    out = invoke("country", "kazakhstan", "--records", RECORDS, "--as-of", AS_OF).stdout
    assert "14 Mar 2025?: 13th Tokyo Dialogue" in out
    assert "14 Mar 2025:" not in out


def test_next_lists_the_security_dialogue_once_and_the_festival_is_not_overdue(invoke) -> None:
    memo = invoke("next", "--records", RECORDS, "--as-of", AS_OF, "-f", "markdown").stdout
    assert len([line for line in memo.splitlines() if "Security Dialogue" in line]) == 1
    festival = [line for line in memo.splitlines() if "Festival" in line]
    assert len(festival) == 1 and "OVERDUE" not in festival[0] and "overdue" not in festival[0]
    summit = [line for line in memo.splitlines() if "Summit" in line and "Astana" in line]
    assert len(summit) == 1 and "OVERDUE" not in summit[0]


def test_check_passes_on_the_bundled_records(invoke) -> None:
    result = invoke("check", "--records", RECORDS, "--as-of", AS_OF)
    assert result.exit_code == 0 and result.stdout.startswith("ok: ")
