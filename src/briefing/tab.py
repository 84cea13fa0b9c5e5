"""Tab on a record id, answered before the CLI is loaded.

The shell runs `briefing` on every Tab. Loading the CLI (typer, and through it pydantic, and
every command's options) costs about half a second before a single candidate is found, which a
user feels on each Tab. The commonest Tab, a record id right after its command
(`briefing show <Tab>`, `briefing held 2024-<Tab>`), needs none of it: the candidates are the
meeting files' names under the records folder. This module answers that one case for bash, from
the scan alone, with exactly what the CLI would print (a test holds the two equal for every
command); anything else — another shell, an option, a second argument, a quote — is left to
the CLI (`answer` returns None).

It also holds what both paths use: which folder, which names may be offered, and the ids found.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

# The commands whose first argument is a meeting record id (their `ID` argument completes with
# `cli.complete.record_ids`; tests/test_completion.py holds this list to the CLI's commands).
RECORD_ID_FIRST = frozenset({"show", "held", "cancel", "postpone", "done", "drop", "edit"})

# Words the fast answer reads as they are: no quoting, escaping or anything the shell's rules
# would change (a line holding anything else is the CLI's to split).
_PLAIN_WORD = re.compile(r"[\w.,:+@%/=-]*")


def records_folder(given: str | None, env: Mapping[str, str] = os.environ) -> Path:
    """The records folder a command would read: --records as typed, else $BRIEFING_RECORDS,
    else the config file's, else ./records or the bundled records (as `loader.records_dir`)."""
    from briefing.loader import records_dir

    if not given and not env.get("BRIEFING_RECORDS"):
        from briefing.loader.config import load_config

        configured = load_config().records_folder()  # (a broken config file offers nothing from it, quietly)
        if configured is not None:
            return configured
    return records_dir(Path(given) if given else None, dict(env))


def offerable(name: str) -> bool:
    """A file name the shell may show and insert: no control characters, no line breaks.

    The shell prints candidates to the terminal and reads them one per line, so a name holding
    ESC or a newline (any bytes are allowed in a file name) is not offered; it can still be typed.
    """
    if name.isascii() and name.isprintable():  # the common case, at C speed
        return True
    from briefing.text import clean

    return clean(name) == name and "\n" not in name and "\t" not in name


def ids(folder: Path) -> tuple[list[str], list[str]]:
    """(meeting record ids, series ids): file stems, as the loader would name them (the scan
    alone: no record is read, and nothing heavier than it is imported)."""
    from briefing.loader.scan import scan_folder

    meetings, series = [], []
    for f in scan_folder(folder, stat=False).files:
        if f.kind in ("meeting", "series") and offerable(f.stem):
            (series if f.kind == "series" else meetings).append(f.stem)
    return sorted(set(meetings)), sorted(set(series))


def answer(environ: Mapping[str, str]) -> str | None:
    """What `briefing` prints for this Tab, when it is a record id right after its command in
    bash; None for anything else (the CLI answers it)."""
    if environ.get("_BRIEFING_COMPLETE") != "complete_bash":
        return None
    words = environ.get("COMP_WORDS", "").split()
    if not all(_PLAIN_WORD.fullmatch(w) for w in words):
        return None  # quotes, escapes and the like: the shell's rules apply, and the CLI knows them
    try:
        cword = int(environ.get("COMP_CWORD", ""))
    except ValueError:
        return None
    # As typer reads the line: the words before the cursor's, then the one at it (or none).
    if cword != 2 or len(words) < 2 or words[1] not in RECORD_ID_FIRST:
        return None
    incomplete = words[2] if len(words) > 2 else ""
    if incomplete.startswith("-"):
        return None  # an option: the CLI knows them
    try:
        meetings, _ = ids(records_folder(None, environ))
    except Exception:  # as the CLI's completion: on any trouble, offer nothing
        meetings = []
    return "\n".join(i for i in meetings if i.startswith(incomplete))
