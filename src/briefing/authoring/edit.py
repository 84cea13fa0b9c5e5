"""Changing a record in place: parse with tomlkit → change → check the whole record again → bytes.

tomlkit keeps what the user wrote around what changes: comments, the order of keys and tables,
blank lines, quoting. The changed text is checked by the loader that every report reads records
with (the same models, the same history rules) and, across files, by the checks `briefing check`
runs, with the changed record in place of the old one: a change that would make the
record, or the folder, fail `check` where it did not is refused with the problems. Nothing here
writes: the caller writes `Change.after` atomically, under the records folder's lock.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import AoT, Table

from briefing.dates import FuzzyDate
from briefing.model import Meeting, Problem, Severity


class EditRefused(Exception):
    """The change would break the record or the folder; nothing is written."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


@dataclass(frozen=True)
class Change:
    """A record's text before and after a change, checked."""

    path: Path
    shown: str  # the path as the user sees it
    before: bytes
    after: bytes
    record: Meeting  # the record as it will load

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def diff(self) -> str:
        """The change as a unified diff (empty when nothing changes)."""
        old = self.before.decode("utf-8-sig").splitlines(keepends=True)
        new = self.after.decode("utf-8-sig").splitlines(keepends=True)
        a, b = (self.shown, self.shown) if Path(self.shown).is_absolute() else (f"a/{self.shown}", f"b/{self.shown}")
        lines = difflib.unified_diff(old, new, a, b)
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def parse_document(raw: bytes, shown: str) -> tomlkit.TOMLDocument:
    """The record as a tomlkit document; EditRefused if it cannot be read as TOML."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise EditRefused(f"{shown} is not UTF-8 text; fix it with 'briefing check' first") from None
    try:
        return tomlkit.parse(text)
    except Exception:  # noqa: BLE001 - tomlkit raises its own error kinds for every syntax problem
        raise EditRefused(f"{shown} is not valid TOML; run 'briefing check' to see where") from None


def checked(
    folder: Path,
    path: Path,
    shown: str,
    before: bytes,
    after: bytes,
    meetings: Sequence[Any],
    series: Sequence[Any],
    today: dt.date,
) -> Change:
    """The change, once the new text loads as a record and adds no error across files.

    `meetings` and `series`: the folder as loaded now."""
    from briefing.checks import run_checks
    from briefing.loader import parse_record

    record, problems = parse_record(after, path, folder, shown)
    if record is None or problems:
        raise EditRefused(f"the change would not pass check; {shown} was not changed", problems)
    if not isinstance(record, Meeting):
        raise EditRefused(f"{shown} is a series file, not a meeting record")
    others = [m for m in meetings if m.path != shown]
    old = [m for m in meetings if m.path == shown]
    was = {str(p) for p in run_checks([*others, *old], series, today) if p.severity is Severity.error}
    now = [p for p in run_checks([*others, record], series, today) if p.severity is Severity.error and str(p) not in was]
    if now:
        raise EditRefused(f"the change would not pass check; {shown} was not changed", _placed(now, shown, after))
    return Change(path, shown, before, after, record)


def _placed(problems: Sequence[Problem], shown: str, after: bytes) -> list[Problem]:
    """Problems across files of the changed record, at the line of their key in the new text
    (which is not on disk: the loader would place them in the file as it was)."""
    from briefing.keylines import key_positions, position_of
    from briefing.wording import field_loc

    try:
        positions = key_positions(after.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return list(problems)
    out = []
    for p in problems:
        if p.path == shown and p.line is None:
            where = position_of(positions, field_loc(p.field))
            p = p.model_copy(update={"line": where.line if where else 1, "column": where.column if where else None})
        out.append(p)
    return out


def change_text(raw: bytes, shown: str, change: Callable[[tomlkit.TOMLDocument], None]) -> bytes:
    """The record's bytes with `change` made to its document (a BOM, if any, kept)."""
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    doc = parse_document(raw[len(bom) :], shown)
    change(doc)
    text = tomlkit.dumps(doc)
    if text.endswith("\n\n") and not raw.endswith(b"\n\n"):
        text = text.rstrip("\n") + "\n"  # the blank line after a table added at the end
    return bom + text.encode("utf-8")


# -- the pieces of a change ------------------------------------------------------------------------


def toml_value(value: Any) -> Any:
    """A value as a record writes it: a full, certain day as a TOML date, other dates as text."""
    if isinstance(value, FuzzyDate):
        if value.precision == "day" and value.text == value.earliest.isoformat():
            return value.earliest
        return value.text
    return value


def new_table(values: Mapping[str, Any]) -> Table:
    """A table of the given keys (None left out), followed by a blank line."""
    table = tomlkit.table()
    for key, value in values.items():
        if value is not None:
            table[key] = toml_value(value)
    table.add(tomlkit.nl())
    return table


def set_key(table: Any, key: str, value: Any) -> None:
    """Set (or, with None, remove) one key; an existing key keeps its place and comment."""
    if value is None:
        if key in table:
            del table[key]
        return
    table[key] = toml_value(value)


def append_table(container: Any, key: str, values: Mapping[str, Any]) -> None:
    """Add a table to an array of tables (`[[key]]`), after the last one, a blank line between."""
    table = new_table(values)
    existing = container.get(key)
    if existing is None:
        _blank_line_after(container)
        aot = tomlkit.aot()
        aot.append(table)
        container[key] = aot
        return
    if not isinstance(existing, AoT):
        raise EditRefused(f"'{key}' is written as an inline list; write it as [[{key}]] tables to change it here, or use 'briefing edit'")
    if len(existing):
        _blank_line_after(existing[-1])
    existing.append(table)


def table_at(doc: Any, key: str, index: int) -> Any:
    """The index-th table of an array of tables (`[[key]]`), to change in place."""
    tables = doc.get(key)
    if not isinstance(tables, AoT):
        raise EditRefused(f"'{key}' is written as an inline list; write each as a [[{key}]] table to change it here, or use 'briefing edit'")
    return tables[index]


def _blank_line_after(table: Any) -> None:
    """End a table with a blank line, so that what follows stands apart."""
    text = table.as_string()
    if text and not text.endswith("\n\n") and hasattr(table, "add"):
        table.add(tomlkit.nl())


def add_source(doc: Any, url_or_title: str, title: str | None = None, published: FuzzyDate | None = None) -> str:
    """The source named by a URL (or a citation) as one of the record's [[sources]]: added unless
    the record has it already (same url, or same title). Returns what names it (url or title)."""
    from briefing.authoring.record import is_url

    text = url_or_title.strip()
    url = text if is_url(text) else None
    name = url or text
    for s in doc.get("sources", ()):
        if (url is not None and s.get("url") == url) or (url is None and s.get("title") == text):
            return name
    entry: dict[str, Any] = {"title": (title or text).strip(), "url": url}
    if published is not None:
        entry["published"] = published
    append_table(doc, "sources", entry)
    return name
