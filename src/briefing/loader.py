"""Folder → (records, problems). Never raises on user data.

Every file is read on its own: a bad file becomes one or more `Problem`s with its path and line,
and the other files keep working. Cross-file checks (duplicate ids, clashing series rounds,
references that point nowhere, held meetings dated in the future) run on what loaded.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from briefing.model import Meeting, Problem, Series, Severity

MAX_FILE_BYTES = 4 * 1024 * 1024
SERIES_DIR = "series"
_BACKUP = re.compile(r"(~|\.bak|\.orig|\.swp|\.tmp)$|^#.*#$")


@dataclass(frozen=True)
class LoadResult:
    meetings: tuple[Meeting, ...]
    series: tuple[Series, ...]
    problems: tuple[Problem, ...]
    files: int = 0
    skipped: tuple[str, ...] = field(default=())  # files that failed to load
    digest: str = ""  # short hash of every file's path and content: which data a report came from

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.warning)


# -- where records come from -------------------------------------------------------------------


def bundled_records() -> Path:
    """The records that ship with the tool: inside the wheel, or the checkout's `records/`."""
    here = Path(__file__).resolve().parent
    inside = here / "records"
    if inside.is_dir():
        return inside
    return here.parent.parent / "records"


def records_dir(option: Path | None, env: dict[str, str] | None = None, cwd: Path | None = None) -> Path:
    """--records, else $BRIEFING_RECORDS, else ./records if it exists, else the bundled records."""
    if option is not None:
        return option
    env = os.environ if env is None else env
    if env.get("BRIEFING_RECORDS"):
        return Path(env["BRIEFING_RECORDS"])
    local = (cwd or Path.cwd()) / "records"
    if local.is_dir():
        return local
    return bundled_records()


# -- discovery ---------------------------------------------------------------------------------


def discover(root: Path) -> list[Path]:
    """Every record file under root, sorted: .toml regular files, no hidden files or backups.

    Symbolic links to folders are followed once (a loop is walked only once).
    """
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()
    for folder, dirs, files in os.walk(root, followlinks=True):
        try:
            st = os.stat(folder)
        except OSError:
            dirs[:] = []
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen:
            dirs[:] = []
            continue
        seen.add(key)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not d.startswith("_"))
        for name in files:
            if name.startswith(".") or not name.endswith(".toml") or _BACKUP.search(name):
                continue
            path = Path(folder) / name
            if path.is_file():
                found.append(path)
    return sorted(found)


# -- one file ----------------------------------------------------------------------------------


def shown_path(path: Path, root: Path) -> str:
    """The path as the user should see it: relative to the working folder when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def is_series_file(path: Path, root: Path) -> bool:
    try:
        rel = path.relative_to(root)
    except ValueError:
        return False
    return len(rel.parts) == 2 and rel.parts[0] == SERIES_DIR


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


def parse_toml(text: str, shown: str) -> tuple[dict[str, Any] | None, list[Problem]]:
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


def _long_number_line(text: str) -> int:
    m = re.search(r"[0-9][0-9_]{1000,}", text)
    return text.count("\n", 0, m.start()) + 1 if m else 1


def _deepest_line(text: str) -> int:
    """The line where runaway nesting is: the one with the most opening brackets."""
    counts = [line.count("[") + line.count("{") for line in text.splitlines()]
    return counts.index(max(counts)) + 1 if counts else 1


@dataclass(frozen=True)
class FileResult:
    record: Meeting | Series | None
    problems: list[Problem]
    digest: str  # hash of the file's bytes ("" if unreadable)


def load_file(path: Path, root: Path) -> FileResult:
    """Read, parse and validate one file. Returns the record or the problems, never raises."""
    shown = shown_path(path, root)
    raw, problems = read_bytes(path, shown)
    if raw is None:
        return FileResult(None, problems, "")
    digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
    record, problems = parse_record(raw, path, root, shown)
    return FileResult(record, problems, digest)


def parse_record(raw: bytes, path: Path, root: Path, shown: str) -> tuple[Meeting | Series | None, list[Problem]]:
    """Decode, parse and validate a file's bytes into a meeting or a series."""
    text, problems = decode(raw, shown)
    if text is None:
        return None, problems
    data, problems = parse_toml(text, shown)
    if data is None:
        return None, problems
    series = is_series_file(path, root)
    model: type[Meeting] | type[Series] = Series if series else Meeting
    reserved = [k for k in ("id", "path") if k in data]
    if reserved:
        from briefing.keylines import key_lines

        lines = key_lines(text)
        return None, [
            Problem(path=shown, line=lines.get((k,), 1), field=k, message=f"unknown field: the {k} comes from the file's name and place")
            for k in reserved
        ]
    try:
        record = model.model_validate({**data, "id": path.stem, "path": shown})
    except ValidationError as exc:
        return None, validation_problems(exc, text, shown, model)
    except RecursionError:
        return None, [Problem(path=shown, line=1, message="nested too deeply")]
    return record, []


# -- pydantic errors → problems ----------------------------------------------------------------


def validation_problems(exc: ValidationError, text: str, shown: str, model: type[Any]) -> list[Problem]:
    from briefing.keylines import key_lines, line_of

    lines = key_lines(text)
    problems = []
    errors = exc.errors(include_url=False, include_input=False, include_context=True)
    # pydantic adds "at least 1 item" when the items of a list all failed: their errors say more.
    failed = {tuple(e["loc"][:i]) for e in errors for i, part in enumerate(e["loc"]) if isinstance(part, int)}
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "too_short" and loc in failed:
            continue
        # A tagged/union type adds the type name to loc; keep only the document path.
        problems.append(
            Problem(
                path=shown,
                line=line_of(lines, loc),
                field=_field_path(loc) or None,
                message=_message(err, loc, model),
            )
        )
    return problems


def _field_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            name = str(part)  # a key may be any quoted string, megabytes long: never echo it whole
            out += ("." if out else "") + (name if len(name) <= 60 else name[:57] + "...")
    return out


_TYPE_WORDS = {
    "string_type": "expected text in quotes",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "tuple_type": "expected a list [ ... ]",
    "list_type": "expected a list [ ... ]",
    "model_type": "expected a table",
    "model_attributes_type": "expected a table",
    "dict_type": "expected a table",
}


def _message(err: dict[str, Any], loc: tuple[Any, ...], model: type[Any]) -> str:
    kind = err["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return f"unknown field{_did_you_mean(loc, model)}"
    if kind == "enum":
        expected = err.get("ctx", {}).get("expected", "")
        return f"not one of the allowed values: {expected}"
    if kind == "value_error":
        return str(err["ctx"]["error"]) if "ctx" in err else err["msg"].removeprefix("Value error, ")
    if kind == "too_short" and loc and loc[-1] == "sources":
        return "at least one source is required"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_pattern_mismatch":
        return "use letters, digits, '.', '_' and '-' only"
    if kind in _TYPE_WORDS:
        return _TYPE_WORDS[kind]
    return str(err["msg"])


def _did_you_mean(loc: tuple[Any, ...], model: type[Any]) -> str:
    """Find the model the unknown key sits in, and the closest field name there."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return ""
        current = _inner_model(info.annotation)
        if current is None:
            return ""
    names = [n for n in getattr(current, "model_fields", {}) if n not in ("id", "path")]
    close = difflib.get_close_matches(str(loc[-1]), names, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else f" (known fields: {', '.join(names)})"


def _inner_model(annotation: Any) -> Any:
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


# -- the folder --------------------------------------------------------------------------------


def load(root: Path, today: dt.date) -> LoadResult:
    """Load every record under root and run the cross-file checks."""
    if not root.exists():
        return LoadResult((), (), (Problem(path=str(root), message="records folder does not exist"),))
    if not root.is_dir():
        return LoadResult((), (), (Problem(path=str(root), message="not a folder"),))
    paths = discover(root)
    meetings: list[Meeting] = []
    series: list[Series] = []
    problems: list[Problem] = []
    skipped: list[str] = []
    hasher = hashlib.blake2b(digest_size=6)
    for path, result in zip(paths, _load_all(paths, root)):
        problems.extend(result.problems)
        hasher.update(f"{path.relative_to(root).as_posix()}\0{result.digest}\n".encode("utf-8", "surrogateescape"))
        if isinstance(result.record, Series):
            series.append(result.record)
        elif isinstance(result.record, Meeting):
            meetings.append(result.record)
        else:
            skipped.append(shown_path(path, root))
    from briefing.checks import run_checks

    problems.extend(_with_lines(run_checks(meetings, series, today)))
    return LoadResult(tuple(meetings), tuple(series), tuple(problems), len(paths), tuple(skipped), hasher.hexdigest())


def _with_lines(problems: list[Problem]) -> list[Problem]:
    """Give cross-file problems the line of their field (read only for files with a problem)."""
    from briefing.keylines import key_lines, line_of

    out = []
    for p in problems:
        if p.line is None:
            try:
                text = Path(p.path).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                out.append(p)
                continue
            loc = tuple(int(x) if x.isdigit() else x for x in re.findall(r"[^.\[\]]+", p.field or ""))
            p = p.model_copy(update={"line": line_of(key_lines(text), loc)})
        out.append(p)
    return out


def _load_all(paths: list[Path], root: Path) -> Iterable[FileResult]:
    for path in paths:
        yield load_file(path, root)
