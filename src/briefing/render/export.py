"""`briefing export`: rows as JSON Lines or CSV, UTF-8, written in pieces (an archive of tens of
thousands of meetings is never held as one string).

- JSON Lines: one JSON object per line, every column in order, null for no value, lists as arrays.
- CSV (RFC 4180): a header row of the column names, then one row per line ending in CRLF; a cell
  is quoted when it holds a comma, a quote or a line break; no value is an empty cell; true and
  false as `true`/`false`; a list is a cell holding a JSON array (`["UZ", "JP"]`), which DuckDB
  (`from_json`), pandas (`json.loads`) and Spark (`from_json`) read back exactly.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

ROWS_PER_CHUNK = 2000


def jsonl_chunks(rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    lines: list[str] = []
    for row in rows:
        lines.append(json.dumps(row, ensure_ascii=False, separators=(",", ":")))
        if len(lines) >= ROWS_PER_CHUNK:
            yield ("\n".join(lines) + "\n").encode("utf-8")
            lines = []
    if lines:
        yield ("\n".join(lines) + "\n").encode("utf-8")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return value


def csv_chunks(columns: Iterable[str], rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    names = list(columns)
    writer.writerow(names)
    count = 0
    for row in rows:
        writer.writerow([_cell(row[name]) for name in names])
        count += 1
        if count % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
