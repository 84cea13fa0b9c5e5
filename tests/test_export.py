"""`briefing export`: rows with stable columns, as JSON Lines and CSV, read back by DuckDB."""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
from pathlib import Path

import pytest

from briefing.reports.export import TABLES
from tests.helpers import REPO
from tests.report_support import meeting, world


@pytest.fixture
def records(tmp_path: Path) -> Path:
    return world(tmp_path / "records")


def jsonl(invoke, *args: str) -> list[dict]:  # type: ignore[no-untyped-def]
    result = invoke("export", *args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def csv_rows(invoke, *args: str) -> tuple[list[str], list[dict[str, str]]]:  # type: ignore[no-untyped-def]
    result = invoke("export", "-f", "csv", *args)
    assert result.exit_code == 0, result.output
    raw = result.stdout_bytes.decode("utf-8")
    assert raw.endswith("\r\n")
    reader = csv.DictReader(io.StringIO(raw, newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


@pytest.mark.parametrize("what", TABLES)
def test_every_row_has_every_column_in_order(invoke, records: Path, what: str) -> None:
    columns = [name for name, _ in TABLES[what]]
    rows = jsonl(invoke, "--what", what, "--records", records, "--as-of", "2019-01-01")
    assert rows and all(list(r) == columns for r in rows)
    header, table = csv_rows(invoke, "--what", what, "--records", records, "--as-of", "2019-01-01")
    assert header == columns and len(table) == len(rows)


def test_meetings(invoke, records: Path) -> None:
    rows = {r["id"]: r for r in jsonl(invoke, "--records", records)}
    assert len(rows) == 7
    alpha = rows["alpha-2"]
    assert (alpha["date"], alpha["date_earliest"], alpha["date_latest"], alpha["date_precision"]) == ("2012-03", "2012-03-01", "2012-03-31", "month")
    assert alpha["countries"] == ["UZ", "NO"] and alpha["mode"] == "video" and alpha["round"] == 2
    assert alpha["heads"] == ["Ivar Testesen", "Rustam Testov"] and alpha["participants"] == 4
    assert alpha["source_urls"] == ["https://example.org/note_1?a=b&c=d"]
    assert rows["alpha-4"]["mode"] is None and rows["alpha-4"]["place_city"] is None  # not recorded: null, not a guess
    # oldest first
    assert [r["id"] for r in jsonl(invoke, "--records", records)][:2] == ["alpha-1", "alpha-2"]


def test_csv_lists_are_json_arrays_and_text_survives(invoke, records: Path) -> None:
    _, rows = csv_rows(invoke, "--records", records)
    tricky = next(r for r in rows if r["id"] == "tricky")
    assert tricky["title"] == "[bold]Not markup[/bold] | <b>pipe</b> & *stars*"
    assert json.loads(tricky["topics"]) == ["line one\nline two | piped"]
    assert tricky["mode"] == "" and tricky["date_approximate"] == "false"


def test_commitments_with_state_as_of(invoke, records: Path) -> None:
    rows = jsonl(invoke, "--what", "commitments", "--records", records, "--as-of", "2019-01-01")
    by_text = {r["text"]: r for r in rows}
    assert by_text["Open a trade office"]["state"] == "overdue" and by_text["Open a trade office"]["overdue_days"] > 2000
    assert by_text["Study visas"]["state"] == "dropped"
    assert by_text["Hold the second round"]["state"] == "done"  # fulfilled by alpha-2, held
    assert all(r["as_of"] == "2019-01-01" for r in rows)
    assert by_text["Exchange students"]["due"] is None and by_text["Exchange students"]["state"] == "open, no date"


def test_commitment_keys_survive_an_insert(invoke, records: Path) -> None:
    meeting(records, "gamma", "Gamma", "2018-05-05", countries=["UZ"],
            commitments=[{"text": "Write the report"}, {"text": "Meet again", "id": "next-round"}])
    before = {r["text"]: r["key"] for r in jsonl(invoke, "--what", "commitments", "--records", records)}
    meeting(records, "gamma", "Gamma", "2018-05-05", countries=["UZ"],
            commitments=[{"text": "A new first one"}, {"text": "write  the Report."}, {"text": "Meet once more", "id": "next-round"}])
    after = {r["text"]: (r["key"], r["index"]) for r in jsonl(invoke, "--what", "commitments", "--records", records)}
    assert after["write  the Report."] == (before["Write the report"], 1)  # case, spacing, punctuation: same words
    assert after["Meet once more"] == ("next-round", 2)  # reworded, but its id keeps it
    assert before["Meet again"] == "next-round"


def test_same_words_twice_get_two_keys(invoke, records: Path) -> None:
    meeting(records, "delta", "Delta", "2018-05-05", commitments=[{"text": "Consult"}, {"text": "Consult"}])
    keys = [r["key"] for r in jsonl(invoke, "--what", "commitments", "--records", records) if r["meeting_id"] == "delta"]
    assert len(set(keys)) == 2 and keys[1] == keys[0] + "-2"


def test_a_commitment_id_given_twice_is_an_error(invoke, records: Path) -> None:
    meeting(records, "delta", "Delta", "2018-05-05", commitments=[{"text": "A", "id": "x"}, {"text": "B", "id": "x"}])
    result = invoke("check", "--records", records)
    assert result.exit_code == 1
    assert "commitments: commitments[0] and commitments[1] have the same id 'x'; each needs its own" in result.stdout


def test_people(invoke, records: Path) -> None:
    rows = jsonl(invoke, "--what", "people", "--records", records, "--country", "no")
    assert {(r["meeting_id"], r["name"]) for r in rows} >= {("alpha-1", "Ivar Testesen"), ("alpha-2", "Kari Testesen")}
    assert all(r["meeting_id"].startswith("alpha") for r in rows)


def test_filters_and_usage_errors(invoke, records: Path, tmp_path: Path) -> None:
    assert [r["id"] for r in jsonl(invoke, "--records", records, "--kind", "summit")] == ["kz-uz-summit"]
    assert [r["id"] for r in jsonl(invoke, "--records", records, "--since", "2019")] == ["alpha-5"]
    result = invoke("export", "--records", records, "--what", "meeting")
    assert result.exit_code == 2 and "(did you mean 'meetings'?)" in result.stderr
    assert invoke("export", "--records", records, "-f", "json").exit_code == 2
    target = tmp_path / "m.csv"
    assert invoke("export", "--records", records, "-o", target).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("id,title,date,")
    assert invoke("export", "--records", records, "-f", "jsonl", "-o", tmp_path / "m2.csv").exit_code == 2


def test_duckdb_reads_both(invoke, records: Path, tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    for fmt in ("jsonl", "csv"):
        for what in TABLES:
            target = tmp_path / f"{what}.{fmt}"
            assert invoke("export", "--what", what, "--records", records, "--as-of", "2019-01-01", "-o", target).exit_code == 0
    meetings_j = duckdb.sql(f"SELECT id, date_earliest, countries FROM read_json_auto('{tmp_path}/meetings.jsonl') ORDER BY id").fetchall()
    meetings_c = duckdb.sql(
        f"SELECT id, date_earliest, from_json(countries, '[\"VARCHAR\"]') FROM read_csv_auto('{tmp_path}/meetings.csv') ORDER BY id"
    ).fetchall()
    assert meetings_j == meetings_c and len(meetings_j) == 7
    overdue = duckdb.sql(f"SELECT text FROM read_json_auto('{tmp_path}/commitments.jsonl') WHERE state = 'overdue' ORDER BY text").fetchall()
    assert overdue == [("Draft an energy plan",), ("Open a trade office",)]
    people = duckdb.sql(f"SELECT count(*) FROM read_csv_auto('{tmp_path}/people.csv') WHERE head_of_delegation").fetchall()
    assert people == [(4,)]


def test_bundled_records_export(invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    rows = jsonl(invoke)
    ids = [r["id"] for r in rows]
    on_record = json.loads(invoke("check", "-f", "json").stdout)["meetings"]
    assert len(ids) == len(set(ids)) == on_record > 0


# -- the docs' page: its columns are the code's, its DuckDB query prints what it shows ------------

PAGE = REPO / "docs" / "export.md"


def test_the_docs_list_every_column_in_order() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for what, columns in TABLES.items():
        section = text.split(f"#### `--what {what}`", 1)[1].split("####", 1)[0]
        listed = re.findall(r"^\| `([a-z_]+)` \| (.*) \|$", section, flags=re.M)
        assert listed == list(columns), f"docs/export.md: regenerate the table of --what {what}"


def test_the_docs_duckdb_query_prints_what_they_show(invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    text = PAGE.read_text(encoding="utf-8")
    section = text.split("## An example with DuckDB", 1)[1]
    command = re.search(r"^\$ briefing (export .*)$", section, flags=re.M)[1]  # type: ignore[index]
    [python] = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    [shown] = re.findall(r"```text\n(.*?)```", section, flags=re.S)
    query = re.search(r'duckdb\.sql\("""(.*?)"""\)\.show\(\)', python, flags=re.S)[1]  # type: ignore[index]
    monkeypatch.chdir(REPO)
    records = REPO / "records"
    monkeypatch.chdir(tmp_path)
    result = invoke(*shlex.split(command), "--records", records)
    assert result.exit_code == 0, result.output
    rows = duckdb.sql(query).fetchall()
    # The rows of the box DuckDB draws (its header and column types aside).
    body = shown.split("┤\n", 1)[1]
    expected = [[cell.strip() for cell in line.strip("│").split("│")] for line in body.splitlines() if line.startswith("│")]
    assert [[str(v) for v in row] for row in rows] == expected
