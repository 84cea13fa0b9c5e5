"""`briefing search TEXT`: every field, case and accents ignored, newest first, three formats."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from tests.helpers import CliRunner

from briefing.cli import app
from briefing.reports.common import MeetingFilter, ReportMeta
from briefing.reports.search import QueryError, find_spans, query_terms, reduce_with_positions, search
from briefing.text import fold, normalise_phrase
from tests.helpers import examples

TODAY = "2030-01-01"

# One record with a different made-up word in every field, so each field's search is unambiguous.
EVERY_FIELD = """\
title = "Harbour talks zqtitle"
date = "2021-05"
date_text = "late May zqdatetext"
status = "held"
kind = "visit"
series = "zqseries"
round = 2
summary = "They talked about the zqsummary at length."
notes = "Made from one zqnotes source."
countries = ["NO"]
organizations = ["Union of zqorg"]
topics = ["zqtopic fisheries"]
outcomes = ["A zqoutcome was agreed"]

[place]
city = "Zqcity"
venue = "Hall zqvenue"

[[participants]]
name = "Ingrid zqname"
role = "zqrole minister"
organization = "zqpartorg council"

[[commitments]]
text = "to zqcommit again"
date_text = "next zqcommitdate"
parties = ["zqparty"]

[[sources]]
title = "zqsourcetitle bulletin"
author = "A. zqauthor"
publisher = "zqpublisher press"
url = "https://example.org/zqurl"
note = "zqsourcenote here"
"""

SERIES = """\
name = "Zq series"

[[sources]]
title = "Invented for tests"
"""


def meeting(title: str, date: str, *, extra: str = "", country: str = "IS", kind: str = "summit", status: str = "held") -> str:
    return (
        f'title = "{title}"\ndate = "{date}"\nkind = "{kind}"\nstatus = "{status}"\ncountries = ["{country}"]\n{extra}\n'
        '[[sources]]\ntitle = "Invented for tests"\n'
    )


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "recs"
    (root / "series").mkdir(parents=True)
    (root / "series" / "zqseries.toml").write_text(SERIES, encoding="utf-8")
    (root / "every-field.toml").write_text(EVERY_FIELD, encoding="utf-8")
    files = {
        "old-accented": meeting("Talks with Mevlüt Çavuşoğlu", "2017-12-28", country="TR"),
        "new-plain": meeting("Second talks", "2019-03", extra='summary = "Minister Mevlut Cavusoglu attended."', country="TR", kind="visit"),
        "mid-fuzzy": meeting("Cavusoglu visit, date uncertain", "2018?", country="TR", status="planned"),
        "lake": meeting("Lake talks", "2016", extra='topics = ["talks on the lake shore"]', country="FI"),
        "markup": meeting(
            "Cavusoglu *starred* [red]not markup[/red] <b>x</b> | pipe",
            "2015",
            extra=f'summary = "{"filler words " * 40}then Cavusoglu at last {"and more words " * 40}"',
            country="TR",
        ),
    }
    for name, text in files.items():
        (root / f"{name}.toml").write_text(text, encoding="utf-8")
    return root


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, [*args])


def ids(result) -> list[str]:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.output
    return [r["meeting"]["id"] for r in json.loads(result.stdout)["results"]]


def search_json(folder: Path, *args: str) -> list[str]:
    return ids(run("search", *args, "--records", str(folder), "--as-of", TODAY, "-f", "json"))


# -- matching ------------------------------------------------------------------------------------


def test_case_and_diacritics_insensitive_newest_first(folder: Path) -> None:
    expected = ["new-plain", "mid-fuzzy", "old-accented", "markup"]  # 2019-03, 2018?, 2017-12-28, 2015
    assert search_json(folder, "ÇAVUŞOĞLU") == expected
    assert search_json(folder, "cavusoglu") == expected
    assert search_json(folder, "Çavuşoğlu") == expected


@pytest.mark.parametrize(
    ("word", "field"),
    [
        ("zqtitle", "title"),
        ("zqdatetext", "date_text"),
        ("zqseries", "series"),
        ("zqsummary", "summary"),
        ("zqnotes", "notes"),
        ("zqorg", "organizations[0]"),
        ("zqtopic", "topics[0]"),
        ("zqoutcome", "outcomes[0]"),
        ("zqcity", "place.city"),
        ("zqvenue", "place.venue"),
        ("norway", "countries[0]"),
        ("zqname", "participants[0].name"),
        ("zqrole", "participants[0].role"),
        ("zqpartorg", "participants[0].organization"),
        ("zqcommit", "commitments[0].text"),
        ("zqcommitdate", "commitments[0].date_text"),
        ("zqparty", "commitments[0].parties[0]"),
        ("zqsourcetitle", "sources[0].title"),
        ("zqauthor", "sources[0].author"),
        ("zqpublisher", "sources[0].publisher"),
        ("zqurl", "sources[0].url"),
        ("zqsourcenote", "sources[0].note"),
    ],
)
def test_every_field_is_searched(folder: Path, word: str, field: str) -> None:
    result = run("search", word.upper(), "--records", str(folder), "--as-of", TODAY, "-f", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [r["meeting"]["id"] for r in doc["results"]] == ["every-field"]
    hits = {h["field"]: h for h in doc["results"][0]["hits"]}
    assert field in hits
    hit = hits[field]
    (start, end), *_ = hit["marks"]
    assert fold(hit["snippet"][start:end]).startswith(word)


def test_all_words_must_match_and_quotes_keep_a_phrase(folder: Path) -> None:
    assert search_json(folder, "zqtitle zqsourcenote") == ["every-field"]  # in two different fields
    assert search_json(folder, "zqtitle nowhere") == []
    assert search_json(folder, "lake talks") == ["lake"]
    assert search_json(folder, '"talks on the lake"') == ["lake"]
    assert search_json(folder, '"lake talks"') == ["lake"]  # the title
    assert search_json(folder, '"talks lake"') == []


def test_words_match_at_the_start_of_a_word(folder: Path) -> None:
    assert search_json(folder, "cavus") != []
    assert search_json(folder, "avusoglu") == []
    assert search_json(folder, "fish") == ["every-field"]  # "fisheries"


def test_filters_apply(folder: Path) -> None:
    assert search_json(folder, "cavusoglu", "--since", "2018") == ["new-plain", "mid-fuzzy"]
    assert search_json(folder, "cavusoglu", "--until", "2017") == ["old-accented", "markup"]
    assert search_json(folder, "cavusoglu", "--kind", "visit") == ["new-plain"]
    assert search_json(folder, "cavusoglu", "--status", "planned") == ["mid-fuzzy"]
    assert search_json(folder, "talks", "--country", "Finland") == ["lake"]
    assert search_json(folder, "talks", "--series", "zqseries") == ["every-field"]
    assert search_json(folder, "talks", "--topic", "lake shore") == ["lake"]
    assert search_json(folder, "cavusoglu", "--limit", "1") == ["new-plain"]


def test_counts_in_json(folder: Path) -> None:
    result = run("search", "cavusoglu", "--since", "2018", "--limit", "1", "--records", str(folder), "--as-of", TODAY, "-f", "json")
    doc = json.loads(result.stdout)
    assert (doc["total"], doc["searched"], doc["matched"], doc["limit"]) == (6, 3, 2, 1)
    assert doc["terms"] == ["cavusoglu"]
    assert doc["meta"]["command"].startswith("briefing search cavusoglu")


# -- snippets and formats --------------------------------------------------------------------------


def test_long_fields_are_cut_around_the_match(folder: Path) -> None:
    result = run("search", "cavusoglu", "--records", str(folder), "--as-of", TODAY, "-f", "json")
    markup = next(r for r in json.loads(result.stdout)["results"] if r["meeting"]["id"] == "markup")
    summary = next(h for h in markup["hits"] if h["field"] == "summary")
    assert summary["snippet"].startswith("… ") and summary["snippet"].endswith(" …")
    assert len(summary["snippet"]) < 200
    start, end = summary["marks"][0]
    assert summary["snippet"][start:end] == "Cavusoglu"


def test_text_output_shows_record_text_literally(folder: Path) -> None:
    result = run("search", "cavusoglu", "--records", str(folder), "--as-of", TODAY)
    assert result.exit_code == 0, result.output
    assert "[red]not markup[/red]" in result.stdout  # not taken as rich markup
    assert "4 of 6 meetings match" in result.stdout
    # newest first
    assert result.stdout.index("Second talks") < result.stdout.index("Talks with Mevlüt Çavuşoğlu")


def test_markdown_escapes_record_text_and_highlights_matches(folder: Path) -> None:
    result = run("search", "cavusoglu", "--records", str(folder), "--as-of", TODAY, "-f", "markdown")
    assert result.exit_code == 0, result.output
    html = MarkdownIt("commonmark").enable("table").render(result.stdout)
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert "<em>starred</em>" not in html
    assert "<strong>Cavusoglu</strong>" in html
    assert "<strong>Çavuşoğlu</strong>" in html


def test_nothing_matches_is_not_an_error(folder: Path) -> None:
    result = run("search", "zzznothing", "--records", str(folder), "--as-of", TODAY)
    assert result.exit_code == 0
    assert "No meeting on record matches." in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["!!!"], "nothing to search for"),
        (['""'], "nothing to search for"),
        (["x", "--country", "Atlantis"], "--country: unknown country 'Atlantis'"),
        (["x", "--series", "nope"], "--series: no series 'nope'"),
        (["x", "--kind", "party"], "--kind: 'party' is not one of"),
        (["x", "--since", "last year"], "--since"),
        (["x", "-f", "ics"], "'search' cannot be written as ics"),
    ],
)
def test_usage_errors_exit_2(folder: Path, args: list[str], message: str) -> None:
    result = run("search", *args, "--records", str(folder), "--as-of", TODAY)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_strict_stops_on_a_broken_record(folder: Path) -> None:
    (folder / "broken.toml").write_text("title = \n", encoding="utf-8")
    loose = run("search", "cavusoglu", "--records", str(folder), "--as-of", TODAY, "-f", "json")
    assert loose.exit_code == 0
    assert json.loads(loose.stdout)["meta"]["skipped"] == [str(folder / "broken.toml")]
    assert "skipped 1 file(s)" in loose.stderr
    strict = run("search", "cavusoglu", "--records", str(folder), "--as-of", TODAY, "--strict")
    assert strict.exit_code == 1


# -- the matcher itself --------------------------------------------------------------------------


@settings(max_examples=examples(200), deadline=None)
@given(st.text(max_size=80))
def test_reduction_is_normalise_phrase_with_positions(text: str) -> None:
    reduced, where = reduce_with_positions(text)
    assert reduced == normalise_phrase(text)
    assert len(where) == len(reduced)
    assert where == sorted(where)
    assert all(0 <= i < len(text) for i in where)


@settings(max_examples=examples(200), deadline=None)
@given(st.text(max_size=60), st.text(min_size=1, max_size=12))
def test_every_span_found_is_the_term(text: str, word: str) -> None:
    terms = [t for t in normalise_phrase(word).split()]
    if not terms:
        return
    for start, end, term in find_spans(text, terms):
        # The span covers whole characters of the original; one may fold to several ("¼" → "1 4").
        assert term in normalise_phrase(text[start:end])


@settings(max_examples=examples(100), deadline=None)
@given(st.lists(st.sampled_from(["Çavuşoğlu", "Straße", "İstanbul", "Ørsted", "naïve", "Łódź", "x"]), min_size=1, max_size=6))
def test_a_word_is_found_however_it_is_written(words: list[str]) -> None:
    text = " ".join(words)
    for w in set(words):
        for form in (w, w.upper(), fold(w)):
            assert find_spans(text, query_terms(form)), (text, form)


def test_query_terms() -> None:
    assert query_terms('C5+1  "Central  Asia" ÇAVUŞOĞLU') == ("c5", "1", "central asia", "cavusoglu")
    with pytest.raises(QueryError):
        query_terms(" - ")


def test_search_is_pure_and_uses_the_filter() -> None:
    from briefing.loader import parse_record

    raw = meeting("Cavusoglu", "2020").encode()
    m, problems = parse_record(raw, Path("r/a.toml"), Path("r"), "a.toml")
    assert not problems and m is not None
    meta = ReportMeta(as_of=dt.date(2030, 1, 1), command="briefing search", records=1, digest="x")
    assert search([m], "cavusoglu", MeetingFilter(), meta).matched == 1
    assert search([m], "cavusoglu", MeetingFilter(since=dt.date(2021, 1, 1)), meta).matched == 0


@settings(max_examples=examples(200), deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_the_ascii_shortcut_is_normalise_phrase(text: str) -> None:
    from briefing.reports.search import _reduce

    assert _reduce(text) == normalise_phrase(text)
    assert reduce_with_positions(text)[0] == normalise_phrase(text)
