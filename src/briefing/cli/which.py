"""Which records folder a command read, said on standard error when --records did not name it.

A report or `check` not given --records reads $BRIEFING_RECORDS, else ./records, else the records
bundled with briefing (`briefing.loader.records_dir`). So that nobody takes the bundled records
for their own, the command says which it read, on standard error (standard output, JSON
included, is unchanged):

    records: bundled with briefing (22 meetings)
    records: /home/me/notes (from $BRIEFING_RECORDS, 5 meetings)
    records: ./records (22 meetings)            (at a terminal only: the folder beside you)

and warns, wherever standard error goes, when records were expected here but the bundled ones
were read: the folder it runs in is itself called `records`, holds meeting records (.toml files
with a title and a date) or a briefing.toml, or has a `records` that is not a folder.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

# How many .toml files of the current folder are opened at most to see whether they are records.
LOOK_AT = 20


def say_which(option: Path | None, folder: Path, meetings: int) -> None:
    """Say on stderr which folder was read (nothing when --records named it)."""
    from briefing.cli.common import warn

    if option is not None:
        return
    from briefing.cli.config import configured_records

    configured = configured_records() if not os.environ.get("BRIEFING_RECORDS") else None
    for line in lines(folder, meetings, os.environ, Path.cwd(), _stderr_is_terminal(), configured):
        warn(line)


def lines(folder: Path, meetings: int, env: Mapping[str, str], cwd: Path, terminal: bool, configured: Path | None = None) -> list[str]:
    """What to say about the folder a command read without --records (`configured`: the config
    file's records folder)."""
    from briefing.loader import bundled_records

    count = f"{meetings:,} meeting{'' if meetings == 1 else 's'}"
    if env.get("BRIEFING_RECORDS") and folder == Path(env["BRIEFING_RECORDS"]):
        return [f"records: {folder} (from $BRIEFING_RECORDS, {count})"]
    if configured is not None and folder == configured:
        return [f"records: {folder} (from the config file, {count})"]
    if _same(folder, bundled_records()):
        expected = _expected_here(cwd, folder)
        if expected:
            return [f"warning: read the records bundled with briefing ({count}), yet {expected}"]
        return [f"records: bundled with briefing ({count})"]
    if _same(folder, cwd / "records"):
        return [f"records: ./records ({count})"] if terminal else []
    return [f"records: {folder} ({count})"]


def _expected_here(cwd: Path, bundled: Path) -> str | None:
    """Why records were expected in the current folder, or None."""
    if _same(cwd, bundled):
        return None
    local = cwd / "records"
    if local.exists() and not local.is_dir():
        return "./records here is not a folder; give --records DIR"
    here = "give --records . (or set $BRIEFING_RECORDS) to read this folder"
    if cwd.name.casefold() == "records":
        return f"this folder is called records (and has no records/ of its own); {here}"
    if (cwd / "briefing.toml").is_file():
        return f"this folder has a briefing.toml and no records/ folder; {here}"
    found = _records_in(cwd)
    if found:
        return f"this folder holds meeting records (such as {found}) and no records/ folder; {here}"
    return None


def _records_in(cwd: Path) -> str | None:
    """The name of a .toml file here (or in series/) that reads as a meeting or series record."""
    import tomllib

    try:
        candidates = sorted(p for p in [*cwd.glob("*.toml"), *cwd.glob("series/*.toml")] if p.is_file())
    except OSError:
        return None
    for path in candidates[:LOOK_AT]:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError):
            continue
        if "title" in data and "date" in data or "name" in data and "sources" in data:
            return path.relative_to(cwd).as_posix()
    return None


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False
