"""The people registry's files: `people/<id>.toml` at the top of a records folder, one person a file.

Each file is read and validated like a record (a bad file gives problems with `path:line` and the
other files keep working); the id is the file's name without `.toml`. They are few and small, so
they are read every time, not kept in the record cache.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from briefing.model import Problem
from briefing.person import PEOPLE_DIR, Person


@dataclass(frozen=True)
class PeopleResult:
    people: tuple[Person, ...] = ()
    problems: tuple[Problem, ...] = ()
    digests: tuple[tuple[str, str], ...] = field(default=())  # (path below the folder, hash of its bytes)
    files: int = 0  # person files found
    skipped: tuple[str, ...] = ()  # person files that failed to load (as shown)


def people_files(root: Path) -> list[Path]:
    """The person files: `.toml` regular files right in `<root>/people/`, no hidden ones, sorted."""
    folder = root / PEOPLE_DIR
    try:
        with os.scandir(folder) as it:
            entries = [e for e in it if e.name.endswith(".toml") and not e.name.startswith(".")]
        return sorted(Path(e.path) for e in entries if e.is_file())
    except OSError:
        return []


def load_people(root: Path) -> PeopleResult:
    """Read and validate every person file. Never raises on user data."""
    from briefing.loader.parse import decode, digest_of, parse_toml, read_bytes
    from briefing.loader.scan import shown_path
    from briefing.wording import validation_problems

    people: list[Person] = []
    problems: list[Problem] = []
    skipped: list[str] = []
    digests: list[tuple[str, str]] = []
    paths = people_files(root)
    for path in paths:
        shown = shown_path(path, root)
        raw, found = read_bytes(path, shown)
        if raw is None:
            problems.extend(found)
            skipped.append(shown)
            continue
        digests.append((f"{PEOPLE_DIR}/{path.name}", digest_of(raw)))
        text, found = decode(raw, shown)
        if text is None:
            problems.extend(found)
            skipped.append(shown)
            continue
        data, found = parse_toml(text, shown)
        if data is None:
            problems.extend(found)
            skipped.append(shown)
            continue
        reserved = [k for k in ("id", "path") if k in data]
        if reserved:
            from briefing.keylines import key_lines

            lines = key_lines(text)
            problems.extend(
                Problem(path=shown, line=lines.get((k,), 1), field=k, message=f"unknown field: the {k} comes from the file's name and place")
                for k in reserved
            )
            skipped.append(shown)
            continue
        try:
            people.append(Person.model_validate({**data, "id": path.stem, "path": shown}))
        except ValidationError as exc:
            problems.extend(validation_problems(exc, text, shown, Person))
            skipped.append(shown)
        except RecursionError:
            problems.append(Problem(path=shown, line=1, message="nested too deeply"))
            skipped.append(shown)
    return PeopleResult(tuple(people), tuple(problems), tuple(digests), len(paths), tuple(skipped))
