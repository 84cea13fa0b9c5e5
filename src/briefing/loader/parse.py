"""One file: its bytes, decoded and parsed as TOML, validated into a meeting or a series.

Whatever is wrong with a file becomes a `Problem` with its path and, where known, its line;
nothing here raises on user data.
"""

from __future__ import annotations

import hashlib
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import msgspec
from pydantic import ValidationError

from briefing.history import history_problems
from briefing.loader.scan import Found, kind_of, shown_path
from briefing.model import Meeting, Problem, Series
from briefing.wording import MAX_PROBLEMS_PER_FILE, unknown_keys, validation_problems, without

MAX_FILE_BYTES = 4 * 1024 * 1024

# The model each kind of file (see `scan.PLACES`) is validated by; a kind not here is not read.
MODELS: dict[str, type[Meeting] | type[Series]] = {"meeting": Meeting, "series": Series}

NO_PROBLEMS: list[Problem] = []  # shared by the files without any: never appended to


class FileResult(msgspec.Struct, frozen=True, gc=False):
    """What one file gave (a struct: a hundred thousand are made at C speed). `record` is the
    model instance here, a struct (`briefing.structs`) once the loader has it."""

    record: Any
    problems: list[Problem]
    digest: str  # hash of the file's bytes ("" if unreadable)


def digest_of(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def load_file(path: Path, root: Path) -> FileResult:
    """Read, parse and validate one file. Returns the record or the problems, never raises."""
    shown = shown_path(path, root)
    raw, problems = read_bytes(path, shown)
    if raw is None:
        return FileResult(None, problems, "")
    record, problems = parse_record(raw, path, root, shown)
    return FileResult(record, problems, digest_of(raw))


def load_found(found: Found, raw: bytes | None = None) -> FileResult:
    """load_file for a scanned file, without recomputing its place; raw if already read."""
    problems: list[Problem] = []
    if raw is None:
        raw, problems = read_file(found.path, found.shown)
    if raw is None:
        return FileResult(None, problems, "")
    record, problems = parse_bytes(raw, found.stem, found.kind, found.shown)
    return FileResult(record, problems, digest_of(raw))


def read_bytes(path: Path, shown: str) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes, or a problem saying why it cannot be read (missing, too large)."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            mib = MAX_FILE_BYTES // (1024 * 1024)
            return None, [Problem(path=shown, message=f"file is {size / 1048576:.1f} MiB; records are limited to {mib} MiB")]
        return path.read_bytes(), []
    except OSError as exc:
        return None, [Problem(path=shown, message=f"cannot read file: {exc.strerror or exc}")]


def read_file(path: str, shown: str) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes (a file too large to be a record is refused before reading)."""
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > MAX_FILE_BYTES:
                return read_bytes(Path(path), shown)
            return f.read(), []
    except OSError:
        return read_bytes(Path(path), shown)  # its message, in its words


def decode(raw: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text (a BOM is fine), or a problem naming the line of the first bad byte."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        hint = " (UTF-16?)" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        return None, [
            Problem(
                path=shown,
                line=line,
                message=f"not UTF-8 text{hint}: byte 0x{raw[exc.start]:02x} cannot be decoded; save the file as UTF-8",
            )
        ]


def parse_toml(text: str, shown: str, *, fast: bool = True) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The TOML document, or the problem tomli words for it. `fast`: try rtoml first (if
    installed); tomli reads whatever rtoml refuses, so the answer is the same either way."""
    parser = fast_toml() if fast else None
    # Where the two differ, tomli is followed: rtoml skips a leading BOM (a TOML error) and keeps
    # CRLF in multi-line strings (tomli, like the spec's examples, gives LF).
    if parser is not None and "\r" not in text and not text.startswith("\ufeff"):
        try:
            return parser(text), []
        except Exception:  # noqa: BLE001 - whatever it refuses, tomli reads again and words the problem
            pass
    import tomli

    try:
        return tomli.loads(text), []
    except tomli.TOMLDecodeError as exc:
        message = getattr(exc, "msg", None) or str(exc)
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)$", "", message)
        from briefing.toml_errors import friendly

        message = friendly(message)
        colno = getattr(exc, "colno", None)
        col = f" (column {colno})" if colno else ""
        return None, [Problem(path=shown, line=getattr(exc, "lineno", None), message=f"TOML syntax: {message}{col}")]
    except RecursionError:
        return None, [Problem(path=shown, line=_deepest_line(text), message="TOML syntax: nested too deeply")]
    except ValueError:
        # Python refuses to convert an integer of more than 4300 digits (a DoS guard); tomli lets
        # that ValueError through without a position.
        return None, [Problem(path=shown, line=_long_number_line(text), message="TOML syntax: a number has too many digits")]


@lru_cache(maxsize=1)
def fast_toml() -> Any:
    """rtoml's loads (a Rust parser, twice as fast as tomli's compiled build) if installed.

    Only a file it accepts is taken from it; anything it refuses goes to tomli, so a problem is
    always tomli's, in the words users know. Both follow TOML 1.0 and 1.1 (tests check they agree).
    """
    if os.environ.get("BRIEFING_TOML") == "tomli":
        return None
    try:
        import rtoml
    except ImportError:
        return None
    return rtoml.loads


def _long_number_line(text: str) -> int:
    m = re.search(r"[0-9][0-9_]{1000,}", text)
    return text.count("\n", 0, m.start()) + 1 if m else 1


def _deepest_line(text: str) -> int:
    """The line where runaway nesting is: the one with the most opening brackets."""
    counts = [line.count("[") + line.count("{") for line in text.splitlines()]
    return counts.index(max(counts)) + 1 if counts else 1


def parse_record(raw: bytes, path: Path, root: Path, shown: str) -> tuple[Meeting | Series | None, list[Problem]]:
    """Decode, parse and validate a file's bytes into a meeting or a series."""
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        rel = path.name
    return parse_bytes(raw, path.stem, kind_of(rel), shown)


def parse_bytes(raw: bytes, stem: str, kind: str, shown: str) -> tuple[Meeting | Series | None, list[Problem]]:
    """parse_record for a file whose id (`stem`) and kind (see `scan.PLACES`) are known."""
    text, problems = decode(raw, shown)
    if text is None:
        return None, problems
    data, problems = parse_toml(text, shown)
    if data is None:
        return None, problems
    model = MODELS[kind]
    reserved = [k for k in ("id", "path") if k in data]
    if reserved:
        from briefing.keylines import key_positions

        positions = key_positions(text)
        return None, [
            Problem(
                path=shown,
                line=positions[(k,)].line if (k,) in positions else 1,
                column=positions[(k,)].column if (k,) in positions else None,
                field=k,
                message=f"unknown field: the {k} comes from the file's name and place",
            )
            for k in reserved
        ]
    unknown = unknown_keys(data, model)
    if len(unknown) > MAX_PROBLEMS_PER_FILE:
        # Thousands of unknown keys: taken out here, so that pydantic does not make (and hold)
        # an error for each; they are reported all the same.
        without(data, unknown)
    else:
        unknown = []
    try:
        record = model.model_validate({**data, "id": stem, "path": shown})
    except ValidationError as exc:
        return None, validation_problems(exc, text, shown, model, unknown)
    except RecursionError:
        return None, [Problem(path=shown, line=1, message="nested too deeply")]
    if unknown:
        return None, validation_problems(None, text, shown, model, unknown)
    if isinstance(record, Meeting) and (record.history or any(c.history for c in record.commitments)):
        wrong = history_problems(record)
        if wrong:
            from briefing.keylines import key_positions, position_of
            from briefing.wording import field_path

            positions = key_positions(text)
            problems = []
            for loc, msg in wrong:
                where = position_of(positions, loc)
                problems.append(
                    Problem(path=shown, line=where.line if where else 1, column=where.column if where else None, field=field_path(loc), message=msg)
                )
            return None, problems
    return record, []
