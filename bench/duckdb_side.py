"""What a user might pick instead of briefing: the same meetings as JSON lines in DuckDB,
answering `timeline --since 2017` (bench/run.py measures it beside briefing, in the same run)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from measuring import Measure, measure


DUCKDB_RAW = """
import sys, duckdb
con = duckdb.connect()
rows = con.execute(
    "SELECT * FROM read_json_auto(?, format='newline_delimited') WHERE latest >= DATE '2017-01-01' ORDER BY earliest, latest, id",
    [sys.argv[1]],
)
cols = [d[0] for d in rows.description]
import json
out = sys.stdout
for row in rows.fetchall():
    out.write(json.dumps(dict(zip(cols, row)), default=str, ensure_ascii=False) + "\\n")
"""

DUCKDB_TABLE = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
rows = con.execute("SELECT * FROM meetings WHERE latest >= DATE '2017-01-01' ORDER BY earliest, latest, id")
cols = [d[0] for d in rows.description]
import json
out = sys.stdout
for row in rows.fetchall():
    out.write(json.dumps(dict(zip(cols, row)), default=str, ensure_ascii=False) + "\\n")
"""


DUCKDB_BUILD = """
import json, sys, tomllib
from pathlib import Path
import duckdb
from briefing.dates import parse_date
records, work = Path(sys.argv[1]), Path(sys.argv[2])
lines = work / "meetings.jsonl"
with lines.open("w", encoding="utf-8") as out:
    for path in sorted(records.glob("[0-9]*/*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        date = parse_date(data["date"])
        data.update(id=path.stem, earliest=date.earliest.isoformat(), latest=date.latest.isoformat())
        out.write(json.dumps(data, default=str, ensure_ascii=False) + "\\n")
con = duckdb.connect(str(work / "meetings.duckdb"))
con.execute("CREATE OR REPLACE TABLE meetings AS SELECT * FROM read_json_auto(?, format='newline_delimited')", [str(lines)])
con.close()
"""


def duckdb_comparison(records: Path, workdir: Path, env: dict[str, str], runs: int) -> dict[str, Measure]:
    """What a user might pick instead: the same meetings as JSON lines, in DuckDB, answering
    `timeline --since 2017` from the raw file and from a table built once (skipped without duckdb)."""
    import importlib.util

    if importlib.util.find_spec("duckdb") is None:
        print("  (duckdb is not installed: pip install -e '.[bench]' for the comparison)")
        return {}
    # Built in a child process: this one stays small, as every measured child starts as a copy of it.
    subprocess.run([sys.executable, "-c", DUCKDB_BUILD, str(records), str(workdir)], check=True)
    lines, database = workdir / "meetings.jsonl", workdir / "meetings.duckdb"
    return {
        "DuckDB from the JSON lines file": measure("DuckDB: the same query from the JSON lines", [sys.executable, "-c", DUCKDB_RAW, str(lines)], env, runs),
        "DuckDB from a table built once": measure("DuckDB: the same query from a table", [sys.executable, "-c", DUCKDB_TABLE, str(database)], env, runs),
    }
