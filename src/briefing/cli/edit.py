"""`briefing edit ID`: a record in the user's editor, checked on save, written whole or not at all.

The record's text goes to a temporary file, opened with $VISUAL, else $EDITOR (split as a shell
would: `EDITOR="code --wait"` works), else, at a terminal, the system's `editor`, `nano` or `vi`.
When the editor exits, the text is checked exactly as `briefing check` would check it: the record
alone, and the folder with it in place of the old one (briefing.authoring.edit.checked). Then,
holding the records folder's lock:

- the same text as the file: "no change", exit 0;
- it passes: written atomically over the record; the path on stdout;
- it does not: nothing is written; the problems are printed (path:line: field: message, the
  lines of the edit) and the edit is kept as a draft (briefing.authoring.drafts), which the next
  `briefing edit ID` opens instead of the file (`--fresh`: the file), unless the record has
  changed since the draft was kept (saving it would undo that change). Exit 1;
- the file changed while the editor was open: nothing is written, the edit is kept as a draft.

The lock is not held while the editor is open (that may take an hour): other commands may write
meanwhile, which is why the file is compared with what was read before it is replaced.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from briefing.cli.common import EXIT_PROBLEMS, EXIT_USAGE, AsOfOpt, fail, today_or, warn
from briefing.cli.life import IdArg, WriteRecordsOpt, writing, writing_folder

FALLBACK_EDITORS = ("editor", "nano", "vi")  # Debian's choice of editor first


def edit(
    record_id: IdArg,
    fresh: Annotated[bool, typer.Option("--fresh", help="Start from the record as it is, not from the draft of a refused edit.")] = False,
    records: WriteRecordsOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Open a record in $VISUAL or $EDITOR; on save it is checked as `check` would and written
    only if it passes. A refused edit is kept as a draft, which the next `edit` opens."""
    from briefing.authoring import drafts

    today = today_or(as_of)
    folder = writing_folder(records)
    path, shown = _locate(folder, record_id)
    command, origin = _editor()
    try:
        before = path.read_bytes()
    except OSError as exc:
        fail(f"cannot read {shown}: {exc.strerror or exc}", EXIT_PROBLEMS)
    start = before
    draft = drafts.existing(path)
    done_with_draft = draft is None or fresh  # what an edit written (or unchanged) may remove
    if draft is not None and not fresh:
        if drafts.is_stale(draft, before):
            warn(f"note: {shown} has changed since your refused edit was kept at {draft}; opening the record as it is now "
                 "(the draft is kept: copy from it what you need)")
        elif _use_draft(draft, shown):
            try:
                start = draft.read_bytes()
            except OSError as exc:
                fail(f"cannot read the draft {draft}: {exc.strerror or exc}; give --fresh to start from the record", EXIT_PROBLEMS)
            warn(f"editing the draft of a refused edit, kept at {draft} (--fresh: the record as it is)")
            done_with_draft = True
        else:
            done_with_draft = True  # asked, and said no: start over
    edited = _run_editor(command, origin, start, path.name)
    if edited == before:
        if done_with_draft:
            drafts.discard(path)
        warn(f"no change: {shown} is as it was")
        return
    _save(folder, path, shown, before, edited, today)
    if done_with_draft:
        drafts.discard(path)
    warn(f"edited {path.stem}")
    sys.stdout.write(f"{shown}\n")


def _save(folder: Path, path: Path, shown: str, before: bytes, edited: bytes, today) -> None:  # type: ignore[no-untyped-def]
    """Check the edit against the folder as it is now and write it, under the lock; or keep it as a draft."""
    from briefing.atomic import WriteError, write_atomic
    from briefing.authoring.edit import EditRefused, checked
    from briefing.cli.common import load_folder

    with writing(folder):
        result = load_folder(folder, today)
        try:
            now = path.read_bytes()
        except OSError as exc:
            now = None
            reason = exc.strerror or str(exc)
        if now != before:
            kept = _keep(path, edited, before)
            why = "changed while it was being edited" if now is not None else f"cannot be read any more ({reason})"
            fail(f"{shown} {why}; nothing was written. Your edit is kept in {kept}: 'briefing edit {path.stem}' opens it again", EXIT_PROBLEMS)
        try:
            checked(folder, path, shown, before, edited, result.meetings, result.series, today)
        except EditRefused as exc:
            for problem in exc.problems:
                warn(str(problem))
            kept = _keep(path, edited, before)
            fail(
                f"the edit would not pass check; {shown} was not changed. Your edit is kept in {kept}: "
                f"'briefing edit {path.stem}' opens it again (--fresh: the record as it is)",
                EXIT_PROBLEMS,
            )
        try:
            write_atomic(path, edited, overwrite=True)
        except WriteError as exc:
            kept = _keep(path, edited, before)
            fail(f"{exc}. Your edit is kept in {kept}", EXIT_PROBLEMS)


def _keep(path: Path, edited: bytes, base: bytes) -> str:
    from briefing.atomic import WriteError
    from briefing.authoring import drafts

    try:
        return str(drafts.keep(path, edited, base))
    except WriteError as exc:
        warn(f"briefing: could not keep the edit as a draft: {exc}")
        return "nowhere (it could not be written)"


def _locate(folder: Path, record_id: str) -> tuple[Path, str]:
    """The file of a record id, whether or not it loads now (an edit may be what mends it)."""
    from briefing.loader import discover, is_series_file, shown_path
    from briefing.wording import closest

    wanted = Path(record_id.strip()).name.removesuffix(".toml")
    files = [p for p in discover(folder) if not is_series_file(p, folder)]
    paths = [p for p in files if p.stem == wanted]
    if not paths:
        close = closest(wanted, [p.stem for p in files])
        hint = f" (did you mean '{close}'?)" if close else "; 'briefing timeline' lists the records"
        fail(f"no record '{wanted}' in {folder}{hint}")
    if len(paths) > 1:
        fail(f"{len(paths)} records have the id '{wanted}': {', '.join(shown_path(p, folder) for p in paths)}; rename one first", EXIT_PROBLEMS)
    return paths[0], shown_path(paths[0], folder)


def _editor() -> tuple[list[str], str]:
    """The editor's command, split as a shell would, and where it came from; exit 2 if none."""
    for var in ("VISUAL", "EDITOR"):
        value = os.environ.get(var, "").strip()
        if not value:
            continue
        try:
            words = shlex.split(value)
        except ValueError as exc:
            fail(f"${var} cannot be read as a command ({exc}): '{value}'")
        if words:
            return words, f"${var}"
    if _interactive():
        for name in ("notepad",) if os.name == "nt" else FALLBACK_EDITORS:
            found = shutil.which(name)
            if found:
                return [found], f"no $VISUAL or $EDITOR set; found {name}"
    fail("no editor to open the record in: set $VISUAL or $EDITOR (e.g. export EDITOR=nano), then run 'briefing edit' again")


def _run_editor(command: list[str], origin: str, start: bytes, name: str) -> bytes:
    """Open `start` in the editor as a file called `name`; its text once the editor has exited."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="briefing-edit-") as tmp:
        file = Path(tmp) / name
        file.write_bytes(start)
        try:
            with _ctrl_c_to_the_editor():
                code = subprocess.call([*command, str(file)])
        except OSError as exc:
            fail(f"cannot run the editor '{command[0]}' ({origin}): {exc.strerror or exc}", EXIT_USAGE)
        if code != 0:
            fail(f"the editor '{command[0]}' exited with status {code}; nothing was changed", EXIT_PROBLEMS)
        try:
            return file.read_bytes()
        except OSError as exc:
            fail(f"cannot read what the editor saved ({exc.strerror or exc}); nothing was changed", EXIT_PROBLEMS)


@contextlib.contextmanager
def _ctrl_c_to_the_editor() -> Iterator[None]:
    """While the editor runs, Ctrl-C is the editor's (as git does): briefing does not end under it.
    (A handler that does nothing, not SIG_IGN: the editor starts with Ctrl-C as usual.)"""
    import signal

    try:
        previous = signal.signal(signal.SIGINT, lambda signum, frame: None)
    except (ValueError, OSError):  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _use_draft(draft: Path, shown: str) -> bool:
    """At a terminal, ask; elsewhere, the draft (and say so)."""
    if not _interactive():
        return True
    return typer.confirm(f"A refused edit of {shown} is kept at {draft}. Go on with it?", default=True, err=True)


def _interactive() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def register(app: typer.Typer) -> None:
    app.command()(edit)
