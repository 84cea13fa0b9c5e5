"""Folder → (records, problems). Never raises on user data.

Every file is read on its own: a bad file becomes one or more `Problem`s with its path and line,
and the other files keep working. Cross-file checks (duplicate ids, clashing series rounds,
references that point nowhere, held meetings dated in the future) run on what loaded.
"""

from __future__ import annotations

import datetime as dt
import difflib
import gc
import hashlib
import os
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from stat import S_ISREG
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec
from pydantic import ValidationError

from briefing.cache import RACY_NS, CacheFile, Entry, RecordCache, Stored, Where
from briefing.dates import COMPACT, FuzzyDate, _parse_text
from briefing.listing import Listing, encode, listing_of, needed
from briefing.model import Meeting, Problem, Series, Severity
from briefing.text import clean, is_clean

# Given the series, which meetings a command needs (None: all of them).
Choice = Callable[[tuple[Series, ...]], Callable[[Listing], bool] | None]

MAX_FILE_BYTES = 4 * 1024 * 1024
SERIES_DIR = "series"


@dataclass(frozen=True)
class LoadResult:
    meetings: tuple[Meeting, ...]  # every meeting, or those asked for (see `load`)
    series: tuple[Series, ...]
    problems: tuple[Problem, ...]
    files: int = 0
    skipped: tuple[str, ...] = field(default=())  # files that failed to load
    digest: str = ""  # short hash of every file's path and content: which data a report came from
    listings: tuple[Listing, ...] = ()  # every meeting that loaded, in brief

    @property
    def count(self) -> int:
        """Meetings on record (all that loaded, whichever were asked for)."""
        return len(self.listings)

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
    return [Path(f.path) for f in _scan(root)]


class _Found(msgspec.Struct, gc=False):
    """A record file as the scan found it: where, how the user sees it, and what its stat says."""

    path: str  # root joined with rel
    rel: str  # below root, '/'-separated: the cache's key
    shown: str
    series: bool
    size: int
    mtime_ns: int
    ctime_ns: int
    stem: str  # the name without ".toml": the record's id


def _scan(root: Path) -> list[_Found]:
    """The files `discover` lists, with their stat and shown path, in one pass of scandir.

    Walks like os.walk(followlinks=True), top-down with sorted folders, so that a folder reached
    twice (a link loop) is kept under the same name; resolves each folder once, not each file.
    """
    top = str(root)
    try:
        cwd = os.path.realpath(os.getcwd())
        prefix: str | None = cwd if cwd.endswith(os.sep) else cwd + os.sep
    except OSError:
        prefix = None
    found: list[tuple[str, _Found]] = []
    seen: set[tuple[int, int]] = set()

    def shown(real: str, path: str) -> str:
        return real[len(prefix) :] if prefix is not None and real.startswith(prefix) else path

    def visit(folder: str, parts: tuple[str, ...]) -> list[tuple[str, tuple[str, ...]]]:
        """Collect the folder's record files; return its subfolders to visit, in order."""
        try:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in seen:
                return []
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError:
            return []
        real_folder = os.path.join(os.path.realpath(folder), "")
        shown_folder = shown(real_folder, os.path.join(folder, ""))
        rel_folder = "".join(f"{p}/" for p in parts)
        # Sorted by the path's parts in turn, as a string: NUL (in no name) sorts before anything.
        key_folder = "".join(f"{os.path.normcase(p) if os.name == 'nt' else p}\0" for p in parts)
        top_series = parts == (SERIES_DIR,)
        dirs = []
        for entry in entries:
            name = entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not name.startswith((".", "_")):
                    dirs.append(name)
                continue
            # Backups and editors' files (x.toml~, x.toml.bak, .x.toml.swp, #x.toml#) do not end in .toml.
            if not name.endswith(".toml") or name.startswith("."):
                continue
            path = entry.path
            try:
                fst = entry.stat()
                seen_as = shown(os.path.realpath(path), path) if entry.is_symlink() else shown_folder + name
            except OSError:
                continue
            if not S_ISREG(fst.st_mode):
                continue
            key = key_folder + (os.path.normcase(name) if os.name == "nt" else name)
            item = _Found(
                path, rel_folder + name, path if seen_as == path else seen_as, top_series,
                fst.st_size, fst.st_mtime_ns, fst.st_ctime_ns, name[:-5],
            )
            found.append((key, item))
        return [(os.path.join(folder, name), (*parts, name)) for name in sorted(dirs)]

    # Depth first in sorted order, like the recursion it replaces, but with a stack of our own:
    # folders nested a thousand deep must not exhaust Python's recursion limit.
    stack: list[tuple[str, tuple[str, ...]]] = [(top, ())]
    while stack:
        folder, parts = stack.pop()
        stack.extend(reversed(visit(folder, parts)))
    found.sort(key=lambda kf: kf[0])
    return [f for _, f in found]


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
    fast = _fast_toml()
    # Where the two differ, tomli is followed: rtoml skips a leading BOM (a TOML error) and keeps
    # CRLF in multi-line strings (tomli, like the spec's examples, gives LF).
    if fast is not None and "\r" not in text and not text.startswith("\ufeff"):
        try:
            return fast(text), []
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
def _fast_toml() -> Any:
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


_NO_PROBLEMS: list[Problem] = []  # shared by the files without any: never appended to


class FileResult(msgspec.Struct, frozen=True, gc=False):
    """What one file gave (a struct: a hundred thousand are made at C speed)."""

    record: Meeting | Series | None
    problems: list[Problem]
    digest: str  # hash of the file's bytes ("" if unreadable)
    listing: Listing | None = None  # a meeting's, whether or not the record itself was read


def load_file(path: Path, root: Path) -> FileResult:
    """Read, parse and validate one file. Returns the record or the problems, never raises."""
    shown = shown_path(path, root)
    raw, problems = read_bytes(path, shown)
    if raw is None:
        return FileResult(None, problems, "")
    record, problems = parse_record(raw, path, root, shown)
    return _result(record, problems, _digest(raw))


def parse_record(raw: bytes, path: Path, root: Path, shown: str) -> tuple[Meeting | Series | None, list[Problem]]:
    """Decode, parse and validate a file's bytes into a meeting or a series."""
    return _parse_record(raw, path.stem, is_series_file(path, root), shown)


def _parse_record(raw: bytes, stem: str, series: bool, shown: str) -> tuple[Meeting | Series | None, list[Problem]]:
    text, problems = decode(raw, shown)
    if text is None:
        return None, problems
    data, problems = parse_toml(text, shown)
    if data is None:
        return None, problems
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
        record = model.model_validate({**data, "id": stem, "path": shown})
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
    problems.sort(key=lambda p: p.line or 0)  # read top to bottom, as the file is
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


def load(
    root: Path,
    today: dt.date,
    cache: RecordCache | None = None,
    *,
    workers: int | None = None,
    want: Choice | None = None,
    linked: bool = True,
) -> LoadResult:
    """Load the records under root and run the cross-file checks.

    With a cache, files unchanged since the last run are taken from it (validated again through
    the models) instead of being parsed; the result is the same either way. Many files to parse
    are parsed by `workers` processes (default: one per core).

    `want`, given the series, may return which meetings the caller needs (a test on a `Listing`):
    then only those, and the meetings a report may look up from them (`listing.needed`; not with
    `linked=False`, for a report that looks nothing up), are in `meetings`, and only those are
    read back from the cache in full. The checks, the count, the digest and the problems always
    cover every file.
    """
    if not root.exists():
        return LoadResult((), (), (Problem(path=str(root), message="records folder does not exist"),))
    if not root.is_dir():
        return LoadResult((), (), (Problem(path=str(root), message="not a folder"),))
    with _gc_paused():
        scanned_ns = time.time_ns()
        files = _scan(root)
        folder = _FolderLoad(root, files, cache, workers, scanned_ns)
        try:
            results = folder.run()
            listings: list[Listing] = []
            at: list[int] = []  # where each listing's file is
            series: list[Series] = []
            problems: list[Problem] = []
            skipped: list[str] = []
            hashed: list[str] = []
            for i, (found, result) in enumerate(zip(files, results)):
                if result.problems:
                    problems.extend(result.problems)
                hashed.append(f"{found.rel}\0{result.digest}\n")
                if isinstance(result.record, Series):
                    series.append(result.record)
                elif result.listing is not None:
                    listings.append(result.listing)
                    at.append(i)
                else:
                    skipped.append(found.shown)
            from briefing.checks import run_checks

            problems.extend(_with_lines(run_checks(listings, series, today)))
            test = want(tuple(series)) if want is not None else None
            if test is None:
                chosen: Sequence[int] = range(len(listings))
            elif linked:
                chosen = needed(listings, test)
            else:
                chosen = [i for i, m in enumerate(listings) if test(m)]
            meetings = folder.meetings([at[j] for j in chosen])
            folder.save()
        finally:
            folder.close()
    for i in folder.failed:  # read again from its file: it no longer loads (a cache that lied)
        problems.extend(results[i].problems)
        skipped.append(files[i].shown)
    digest = hashlib.blake2b("".join(hashed).encode("utf-8", "surrogateescape"), digest_size=6).hexdigest()
    return LoadResult(tuple(meetings), tuple(series), tuple(problems), len(files), tuple(skipped), digest, tuple(listings))


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


# -- loading many files: the cache, and parsing in parallel ------------------------------------

# Below this many files to parse, starting worker processes costs more than it saves. On Linux a
# worker is forked, with everything already imported (~20 ms); elsewhere it is spawned and must
# import pydantic and the models first (~0.3 s), so it pays off only for bigger folders.
PARALLEL_MIN_FILES = 1500 if sys.platform == "linux" else 5000
_CHUNK = 250  # files per task sent to a worker
_BATCH = 2000  # records validated per call when read back as JSON


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Loading makes hundreds of thousands of objects that all live on: the cyclic garbage
    collector would walk them again and again for nothing (it doubles the time of a big load)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()  # what was loaded lives on: later collections need not walk it again
        if enabled:
            gc.enable()


def _read_one(path: str, shown: str) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes (a file too large to be a record is refused before reading)."""
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > MAX_FILE_BYTES:
                return read_bytes(Path(path), shown)
            return f.read(), []
    except OSError:
        return read_bytes(Path(path), shown)  # its message, in its words


def _digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def _load_one(found: _Found, raw: bytes | None = None) -> FileResult:
    """load_file for a scanned file, without recomputing its place; raw if already read."""
    problems: list[Problem] = []
    if raw is None:
        raw, problems = _read_one(found.path, found.shown)
    if raw is None:
        return FileResult(None, problems, "")
    record, problems = _parse_record(raw, found.stem, found.series, found.shown)
    return _result(record, problems, _digest(raw))


def _payload(result: FileResult) -> tuple[str, bytes]:
    """What the cache keeps of a parsed file: its kind and its record or problems as JSON."""
    if result.record is not None:
        kind = "s" if isinstance(result.record, Series) else "m"
        return kind, result.record.__pydantic_serializer__.to_json(result.record, exclude_unset=True, exclude=_PLACE, context=_COMPACT)
    return "p", _problems_adapter().dump_json(result.problems, exclude={"__all__": {"path"}}, exclude_unset=True)


_PLACE = {"id", "path"}  # not stored: they come from the file's name and where the command runs
_COMPACT = {COMPACT: True}  # dates as their text: read back through the models, they are whole again


def _parse_chunk(chunk: list[_Found]) -> list[tuple[str, str, bytes]]:
    """A worker's task: (digest, kind, payload) for each file, parsed and validated."""
    with _gc_paused():
        out = []
        for found in chunk:
            result = _load_one(found)
            kind, payload = _payload(result)
            out.append((result.digest, kind, payload))
        return out


@lru_cache(maxsize=1)
def _problems_adapter() -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(list[Problem])


@lru_cache(maxsize=2)
def _records_adapter(model: type[Meeting] | type[Series]) -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(list[model])  # type: ignore[valid-type]


@lru_cache(maxsize=2)
def _clean_records_adapter(model: type[Meeting] | type[Series]) -> Any:
    """Validates a list of records as the model does, all but `clean`: for JSON in which no
    text holds a character that `clean` would change (`_clean_json`), where cleaning changes
    nothing: calling `clean` on each text was a fifth of the time of reading a record back."""
    from pydantic_core import SchemaValidator, core_schema

    schema = _without_clean(model.__pydantic_core_schema__)
    # pydantic-core reuses a finished model class's own validator for a "model" schema (and so
    # would call `clean` all the same): while this one is built, the classes say unfinished.
    classes = {cls: cls.__dict__.get("__pydantic_complete__") for cls in _model_classes(schema)}
    try:
        for cls in classes:
            cls.__pydantic_complete__ = False
        return SchemaValidator(core_schema.list_schema(schema))
    finally:
        for cls, complete in classes.items():
            if complete is None:
                del cls.__pydantic_complete__
            else:
                cls.__pydantic_complete__ = complete


def _model_classes(schema: Any) -> list[type]:
    found: list[type] = []
    if isinstance(schema, dict):
        if schema.get("type") == "model" and isinstance(schema.get("cls"), type):
            found.append(schema["cls"])
        for value in schema.values():
            found += [c for c in _model_classes(value) if c not in found]
    elif isinstance(schema, list):
        for value in schema:
            found += [c for c in _model_classes(value) if c not in found]
    return found


def _without_clean(schema: Any) -> Any:
    """A copy of a core schema without its `clean` steps (everything else is kept)."""
    if isinstance(schema, dict):
        function = schema.get("function")
        if schema.get("type") == "function-after" and isinstance(function, dict) and function.get("function") is clean:
            return _without_clean(schema["schema"])
        return {k: _without_clean(v) for k, v in schema.items()}
    if isinstance(schema, list):
        return [_without_clean(v) for v in schema]
    return schema


_ESCAPE = re.compile(rb"\\[ubfr]")  # JSON escapes of characters `clean` changes (\t and \n it keeps)


def _clean_json(payload: bytes) -> bool:
    """True when no string in this JSON can hold a character `clean` would change: no escapes
    of one (the cache writes non-ASCII as UTF-8, and escapes only controls; raw C0 controls are
    not JSON) and no other character `clean` changes. Plain ASCII needs only two byte scans."""
    if _ESCAPE.search(payload):
        return False
    if payload.isascii():
        return b"\x7f" not in payload
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return is_clean(text)


class _FolderLoad:
    """One load of a folder: which files the cache answers, parsing the others, saving the cache.

    `run` answers every file: series and problems in full, meetings by their listing (the record
    itself when it was parsed, or read from a cache entry without a listing). `meetings` then
    reads back from the cache the records asked for; `save` rewrites the cache if it changed.
    """

    def __init__(self, root: Path, files: list[_Found], cache: RecordCache | None, workers: int | None, scanned_ns: int) -> None:
        self.root, self.files, self.cache, self.scanned_ns = root, files, cache, scanned_ns
        self.workers = workers
        self.results: list[FileResult | None] = [None] * len(files)
        self.entries: dict[str, Entry] = {}  # new entries for the cache (files parsed this time)
        self.kept: dict[int, Where] = {}  # entries of the cache still good, by file
        self.source: CacheFile | None = None  # the cache file read, open until the end
        self.failed: list[int] = []  # files whose cache entry did not validate, and now fail to load
        self.dirty = False  # the cache on disk differs from what it should hold
        self.key = ""

    def run(self) -> list[FileResult]:
        use_cache = self.cache is not None and self.cache.usable_for(self.root)
        if use_cache:
            from briefing.cache import tool_key

            self.key = tool_key()
            self._from_cache()
        else:
            self.cache = None
        todo = [i for i, r in enumerate(self.results) if r is None]
        self.dirty = self.dirty or bool(todo)
        self._parse(todo, want_payload=use_cache)
        return self.results  # type: ignore[return-value]

    def meetings(self, positions: list[int]) -> list[Meeting]:
        """The records of these files (meetings), reading from the cache those not read yet."""
        unread = [i for i in positions if self.results[i].record is None]  # type: ignore[union-attr]
        for start in range(0, len(unread), _BATCH):
            self._read_back(unread[start : start + _BATCH])
        return [r.record for r in (self.results[i] for i in positions) if isinstance(r.record, Meeting)]  # type: ignore[union-attr]

    def save(self) -> None:
        if self.cache is None or not self.dirty:
            return
        kept: dict[str, Stored] = {}
        if self.source is not None and self.kept:
            from briefing.cache import CacheDamaged

            wanted = {self.files[i].rel: where for i, where in self.kept.items()}
            try:
                for s in self.source.stored():  # read again: entries are not held meanwhile
                    where = wanted.pop(s.rel, None)
                    if where is not None and where == s.where:
                        kept[s.rel] = s
            except (CacheDamaged, OSError):
                kept = {}  # changed under us: those files are parsed again next time
        # In the order of the scan, which the next run reads them in (see _take_index).
        ordered: list[tuple[str, Entry | Stored]] = []
        for f in self.files:
            entry: Entry | Stored | None = self.entries.get(f.rel) or kept.get(f.rel)
            if entry is not None:
                ordered.append((f.rel, entry))
        self.cache.write(self.root, self.key, self.scanned_ns, ordered, self.source)

    def close(self) -> None:
        if self.source is not None:
            self.source.close()

    # -- from the cache --------------------------------------------------------------------------

    def _from_cache(self) -> None:
        """Answer from the cache's index every file it has unchanged: meetings by their listing,
        series and meetings without a listing validated now, problems as stored."""
        from briefing.cache import CacheDamaged

        cache = self.cache.open(self.root, self.key)  # type: ignore[union-attr]
        if cache is None:
            return
        self.source = cache
        try:
            now = self._take_index(cache)
        except (CacheDamaged, OSError) as exc:  # only an index that is well-formed JSON but not ours
            self.cache.damaged(cache.path, exc)  # type: ignore[union-attr]
            self.results = [None] * len(self.files)
            self.kept.clear()
            self.dirty = True
            self.source = None
            cache.close()
            return
        for start in range(0, len(now), _BATCH):
            self._read_back(now[start : start + _BATCH])

    def _take_index(self, cache: CacheFile) -> list[int]:
        """Take every usable entry of the index; return the files whose records are read now."""
        files = self.files
        index: dict[str, int] | None = None  # made only if the cache is not in the scan's order
        j = 0  # where the next entry is expected in the scan
        now: list[int] = []  # records to validate at once
        series: dict[str, str] = {}  # one string for each series id, shared by its meetings
        dates: dict[str, FuzzyDate] = {}  # each date parsed once
        racy_before = cache.scanned_ns - RACY_NS
        for s in cache.stored():
            if j < len(files) and files[j].rel == s.rel:
                i = j
            else:
                if index is None:
                    index = {f.rel: k for k, f in enumerate(files)}
                k = index.get(s.rel)
                if k is None:
                    self.dirty = True  # a file removed since
                    continue
                i = k
            j = i + 1
            if i in self.kept:
                self.dirty = True  # twice in the index: the first is taken
                continue
            found, where = files[i], s.where
            if not where.digest or s.size != found.size or s.mtime_ns != found.mtime_ns or s.ctime_ns != found.ctime_ns:
                continue
            if s.mtime_ns >= racy_before:
                # Changed close to when the cache was made: trust the content, not the clock.
                raw, _ = _read_one(found.path, found.shown)
                if raw is None or _digest(raw) != where.digest:
                    continue
                self.dirty = self.dirty or s.mtime_ns < self.scanned_ns - RACY_NS
            self.kept[i] = where
            listing = s.listing
            if listing is None or where.kind != "m":
                now.append(i)
                continue
            try:
                date = dates.get(listing.when)
                listing.date = date if date is not None else dates.setdefault(listing.when, _parse_text(listing.when))
            except ValueError:  # a date that does not parse: not what was written
                self._reparse(i)
                continue
            stem, shown = found.stem, found.shown
            if not (stem.isprintable() and shown.isprintable()):  # (as clean does, at C speed)
                stem, shown = clean(stem), clean(shown)
            listing.id, listing.path = stem, shown
            if listing.series is not None:
                listing.series = series.setdefault(listing.series, listing.series)
            self.results[i] = FileResult(None, _NO_PROBLEMS, where.digest, listing)
        return now

    def _read_back(self, batch: list[int]) -> None:
        """Validate these files' stored records back through the models (problems: read as
        stored). An entry that is damaged or does not validate is dropped, and the file parsed."""
        from briefing.cache import CacheDamaged

        assert self.source is not None
        todo: dict[str, list[tuple[int, bytes]]] = {"m": [], "s": []}
        for i in batch:
            s = self.kept[i]
            try:
                payload = self.source.payload(s)
            except (CacheDamaged, OSError) as exc:
                self.cache.damaged(self.source.path, exc)  # type: ignore[union-attr]
                self._reparse(i, warn=False)
                continue
            if s.kind == "p":
                try:
                    self.results[i] = FileResult(None, _problems_from(payload, self.files[i]), s.digest)
                except ValueError:
                    self._reparse(i)
            else:
                todo[s.kind].append((i, payload))
        for kind, model in (("m", Meeting), ("s", Series)):
            for (i, _), record in zip(todo[kind], self._records(todo[kind], model)):
                had = self.results[i]
                if record is None:
                    self._reparse(i)  # does not validate
                elif had is not None and had.listing is not None:
                    # Its listing (read with it, checked by the index's crc32) stays the one the
                    # checks and the choice of meetings used.
                    self.results[i] = FileResult(record, [], had.digest, had.listing)
                else:
                    self.results[i] = _result(record, [], self.kept[i].digest)

    def _records(self, batch: list[tuple[int, bytes]], model: type[Meeting] | type[Series]) -> list[Meeting | Series | None]:
        """Validate stored records back through the model, many at a time (None: did not validate)."""
        payloads = [_with_place(payload, self.files[i]) for i, payload in batch]
        clean_text = all(p is not None and _clean_json(p) for p in payloads)
        adapter = _clean_records_adapter(model) if clean_text else _records_adapter(model)
        try:
            if None not in payloads:
                return adapter.validate_json(b"[" + b",".join(payloads) + b"]")  # type: ignore[no-any-return,arg-type]
        except ValueError:
            pass
        records: list[Meeting | Series | None] = []
        for payload in payloads:  # find the entries at fault
            try:
                records.append(adapter.validate_json(b"[" + payload + b"]")[0] if payload is not None else None)
            except ValueError:
                records.append(None)
        return records

    def _reparse(self, i: int, *, warn: bool = True) -> None:
        """A cache entry that cannot be used: read the file instead (and rewrite the cache)."""
        found = self.files[i]
        self.kept.pop(i, None)
        self.dirty = True
        if warn and self.cache is not None:
            self.cache.warn(f"the cache entry for {found.shown} does not validate; read the file instead")
        had = self.results[i]
        self._parse_here(i, want_payload=True)
        if had is not None and had.listing is not None and self.results[i].listing != had.listing:  # type: ignore[union-attr]
            # Its listing was used already (checks, choice): the file now says otherwise.
            self.failed.append(i)
            self.results[i] = FileResult(None, [_changed(found)], self.results[i].digest)  # type: ignore[union-attr]

    # -- parsing ---------------------------------------------------------------------------------

    def _parse(self, todo: list[int], *, want_payload: bool) -> None:
        workers = self.workers if self.workers is not None else _cores()
        if workers > 1 and len(todo) >= PARALLEL_MIN_FILES:
            from concurrent.futures.process import BrokenProcessPool

            try:
                self._parse_parallel(todo, workers, want_payload=want_payload)
                return
            except (OSError, BrokenProcessPool, RuntimeError):
                todo = [i for i in todo if self.results[i] is None]  # finish what the pool did not
        for i in todo:
            self._parse_here(i, want_payload=want_payload)

    def _remember(self, found: _Found, result: FileResult, kind: str, payload: bytes) -> None:
        listing = encode(result.listing) if result.listing is not None else None
        self.entries[found.rel] = Entry(found.size, found.mtime_ns, found.ctime_ns, result.digest, kind, payload, listing)

    def _parse_parallel(self, todo: list[int], workers: int, *, want_payload: bool) -> None:
        """Worker processes and this one share the files, chunk by chunk.

        Workers take chunks from the front and send back JSON, which is validated here once more
        (that is how the cache is read too, and it is faster than unpickling models); this
        process takes chunks from the back and parses them itself, until the two meet.
        """
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # fork only on Linux: macOS's system libraries are not safe to fork (spawn is its default).
        context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
        chunks = [todo[i : i + _CHUNK] for i in range(0, len(todo), _CHUNK)]
        with ProcessPoolExecutor(max_workers=workers - 1, mp_context=context) as pool:
            futures = [pool.submit(_parse_chunk, [self.files[i] for i in chunk]) for chunk in chunks]
            taken = 0  # worker answers validated so far (in order, while this process also parses)
            for future, chunk in zip(reversed(futures), reversed(chunks)):
                if not future.cancel():
                    break  # a worker has it, and every chunk before it
                for i in chunk:
                    self._parse_here(i, want_payload=want_payload)
                while taken < len(futures) and futures[taken].done() and not futures[taken].cancelled():
                    self._take(chunks[taken], futures[taken].result(), want_payload)
                    taken += 1
            for future, chunk in zip(futures[taken:], chunks[taken:]):
                if not future.cancelled():
                    self._take(chunk, future.result(), want_payload)

    def _parse_here(self, i: int, *, want_payload: bool) -> None:
        found = self.files[i]
        result = _load_one(found)
        self.results[i] = result
        if want_payload and result.digest:
            kind, payload = _payload(result)
            self._remember(found, result, kind, payload)

    def _take(self, chunk: list[int], answers: list[tuple[str, str, bytes]], want_payload: bool) -> None:
        """A worker's answers for a chunk: validate its records here (through the models)."""
        records: dict[str, list[tuple[int, bytes]]] = {"m": [], "s": []}
        for i, (digest, kind, payload) in zip(chunk, answers):
            if kind == "p":
                result = FileResult(None, _problems_from(payload, self.files[i]), digest)
                self.results[i] = result
                if want_payload and digest:  # an unreadable file is tried again next time
                    self._remember(self.files[i], result, kind, payload)
            else:
                records[kind].append((i, payload))
        digests = {i: answer[0] for i, answer in zip(chunk, answers)}
        for kind, model in (("m", Meeting), ("s", Series)):
            for (i, payload), record in zip(records[kind], self._records(records[kind], model)):
                digest = digests[i]
                if record is None:  # cannot be: it was just validated
                    self._parse_here(i, want_payload=want_payload)
                    continue
                result = _result(record, [], digest)
                self.results[i] = result
                if want_payload:
                    self._remember(self.files[i], result, kind, payload)


def _result(record: Meeting | Series | None, problems: list[Problem], digest: str) -> FileResult:
    return FileResult(record, problems, digest, listing_of(record) if isinstance(record, Meeting) else None)


def _changed(found: _Found) -> Problem:
    return Problem(path=found.shown, message="changed while it was being read; run the command again")


def _with_place(payload: bytes, found: _Found) -> bytes | None:
    """A stored record as JSON, with the id and path of this run put back (None for a name
    that is not UTF-8: such a file is parsed, not taken from JSON)."""
    try:
        place = b'{"id":' + msgspec.json.encode(found.stem) + b',"path":' + msgspec.json.encode(found.shown)
    except UnicodeEncodeError:
        return None
    return place + (b"," + payload[1:] if payload != b"{}" else b"}")


def _problems_from(payload: bytes, found: _Found) -> list[Problem]:
    """Stored problems, with the path of this run put back; ValueError if they do not validate."""
    try:
        items = msgspec.json.decode(payload)
    except msgspec.DecodeError as exc:
        raise ValueError(str(exc)) from None
    if not isinstance(items, list) or not all(isinstance(p, dict) for p in items):
        raise ValueError("not a list of problems")
    return _problems_adapter().validate_python([{**p, "path": found.shown} for p in items])  # type: ignore[no-any-return]


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
