"""Problems in the users' words: pydantic's validation errors as `Problem`s, and "did you mean".

The loader words every problem of a record file here, and `new` words what is wrong with the
values typed on its command line the same way, so a field reads alike wherever it is checked.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any

from pydantic import ValidationError

from briefing.model import Problem
from briefing.text import field_path


def closest(value: str, names: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The known name closest to a mistyped one (any case), if any is close enough; else the one
    name it begins, if it begins only one ('foreign' → 'foreign-ministers'; 'fo' is no guess)."""
    by_key = {name.casefold(): name for name in names}
    key = value.casefold()
    close = difflib.get_close_matches(key, list(by_key), n=1, cutoff=cutoff)
    if not close and key:
        close = [k for k in by_key if k.startswith(key)]
    return by_key[close[0]] if len(close) == 1 else None


def did_you_mean(value: str, names: Iterable[str], cutoff: float = 0.6) -> str:
    """" (did you mean 'x'?)" for the closest known name, or "" when none is close."""
    close = closest(value, names, cutoff)
    return f" (did you mean '{close}'?)" if close is not None else ""


# Problems shown for one file; past these, one more problem says how many were left out (a
# file with 358,000 unknown keys must not make 358,000 lines, each with a "did you mean").
MAX_PROBLEMS_PER_FILE = 100


class Suggester:
    """did_you_mean for many values against one list of names (the ids of every record): the names
    sorted once, each distinct value worked out once, and only the first `limit` distinct values
    worked out at all (past that, no guess: a record with thousands of references that point
    nowhere must not cost a search of every id for each)."""

    def __init__(self, names: Iterable[str], limit: int = 50) -> None:
        self.names = sorted(names)
        self.limit = limit
        self.known: dict[str, str] = {}

    def __call__(self, value: str) -> str:
        hint = self.known.get(value)
        if hint is None:
            hint = did_you_mean(value, self.names) if len(self.known) < self.limit else ""
            self.known[value] = hint
        return hint


def validation_problems(
    exc: ValidationError | None, text: str, shown: str, model: type[Any], unknown: Sequence[Loc] = ()
) -> list[Problem]:
    """Each error of a record that does not validate, as a problem at the line and column of its
    key, top to bottom; at most MAX_PROBLEMS_PER_FILE of them, and one that counts the rest.
    `unknown`: unknown keys taken out of the data before it was validated (see `unknown_keys`)."""
    from briefing.keylines import key_positions, position_of

    positions = key_positions(text)
    # (Inputs are read only to suggest an allowed value for a mistyped one, never echoed.)
    errors = exc.errors(include_url=False, include_input=True, include_context=True) if exc is not None else []
    errors += [{"type": "extra_forbidden", "loc": loc} for loc in unknown]
    # pydantic adds "at least 1 item" when the items of a list all failed: their errors say more.
    failed = {tuple(e["loc"][:i]) for e in errors for i, part in enumerate(e["loc"]) if isinstance(part, int)}
    placed = []
    for n, err in enumerate(errors):
        loc = tuple(err["loc"])
        if err["type"] == "too_short" and loc in failed:
            continue
        # A tagged/union type adds the type name to loc; keep only the document path.
        where = position_of(positions, loc)
        placed.append(((where.line, where.column) if where else (1, 0), n, loc, err))
    placed.sort(key=lambda p: p[:2])  # read top to bottom, as the file is
    hints = _Hints()
    problems = [
        Problem(path=shown, line=line, column=column or None, field=field_path(loc) or None, message=_message(err, loc, model, hints))
        for (line, column), _, loc, err in placed[:MAX_PROBLEMS_PER_FILE]
    ]
    if len(placed) > MAX_PROBLEMS_PER_FILE:
        rest = len(placed) - MAX_PROBLEMS_PER_FILE
        (line, _), *_ = placed[MAX_PROBLEMS_PER_FILE]
        problems.append(Problem(path=shown, line=line, message=f"and {rest:,} more problem(s) in this file, from this line on (not shown)"))
    return problems


Loc = tuple[Any, ...]


def unknown_keys(data: dict[str, Any], model: type[Any]) -> list[Loc]:
    """The keys of parsed TOML that the model has no field for, where pydantic would find them
    (in a table where a model is expected, in a list of tables where a list of models is)."""
    found: list[Loc] = []
    missing = object()

    def walk(table: dict[str, Any], current: Any, loc: Loc) -> None:
        fields = _nested_models(current)
        for key, value in table.items():
            inner = fields.get(key, missing)
            if inner is missing:
                found.append((*loc, key))
                continue
            if inner is None:
                continue
            if isinstance(value, dict):
                walk(value, inner, (*loc, key))
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, dict):
                        walk(item, inner, (*loc, key, i))

    walk(data, model, ())
    return found


def without(data: dict[str, Any], locs: Sequence[Loc]) -> None:
    """Take these keys out of parsed TOML (in place)."""
    for loc in locs:
        table: Any = data
        for part in loc[:-1]:
            table = table[part]
        del table[loc[-1]]


class _Hints:
    """"Did you mean" among long lists (countries, allowed values) for one file: each distinct
    value worked out once, and only for the first MAX_HINTS distinct values (past that, advice
    without a guess)."""

    MAX_HINTS = 50

    def __init__(self) -> None:
        self.known: dict[tuple[str, str], str] = {}

    def get(self, kind: str, value: str, work_out: Callable[[str], str], otherwise: str = "") -> str:
        key = (kind, value)
        if key not in self.known:
            self.known[key] = work_out(value) if len(self.known) < self.MAX_HINTS else otherwise
        return self.known[key]


def field_loc(field: str | None) -> tuple[str | int, ...]:
    """field_path's text back to a key path ('commitments[3].fulfilled_by' → ('commitments', 3,
    'fulfilled_by')), for the fields that problems across files name (bare keys)."""
    loc: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", field or ""):
        loc.append(int(index) if index else name)
    return tuple(loc)


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


def _message(err: dict[str, Any], loc: tuple[Any, ...], model: type[Any], hints: _Hints | None = None) -> str:
    hints = hints if hints is not None else _Hints()
    kind = err["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return f"unknown field{_unknown_field_hint(loc, model)}"
    if kind == "unknown_country":
        given = err.get("input")
        message = str(err["msg"])
        if not isinstance(given, str):
            return message
        return message + hints.get("country", given, _country_hint, otherwise=_COUNTRY_ADVICE)
    if kind == "enum":
        expected = err.get("ctx", {}).get("expected", "")
        given = err.get("input")
        names = re.findall(r"'([^']*)'", expected)
        return f"not one of the allowed values: {expected}{hints.get('enum', expected + chr(0) + given, lambda _: did_you_mean(given, names)) if isinstance(given, str) else ''}"
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


_COUNTRY_ADVICE = " (use an ISO code such as UZ, or a name)"


def _country_hint(value: str) -> str:
    from briefing.countries import suggest

    close = suggest(value)
    return f" (did you mean {' or '.join(close)}?)" if close else _COUNTRY_ADVICE


def _unknown_field_hint(loc: tuple[Any, ...], model: type[Any]) -> str:
    """Find the model the unknown key sits in, and the closest field name there; a key of the
    table around it (a meeting's `outcomes` written below its `[[sources]]`) says so."""
    current: Any = model
    models: list[Any] = [model]  # the model at each depth of loc[:-1]
    for part in loc[:-1]:
        if isinstance(part, int):
            models.append(current)
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return ""
        current = _inner_model(info.annotation)
        if current is None:
            return ""
        models.append(current)
    key = str(loc[-1])
    misplaced = _below_a_table(loc, models, key)
    if misplaced:
        return misplaced
    names = [info.alias or n for n, info in getattr(current, "model_fields", {}).items() if n not in ("id", "path")]
    return did_you_mean(key, names) or f" (known fields: {', '.join(names)})"


_WHOSE = {"MeetingFile": "the meeting", "Meeting": "the meeting", "SeriesFile": "the series", "Series": "the series", "Commitment": "the commitment"}


def _below_a_table(loc: tuple[Any, ...], models: list[Any], key: str) -> str:
    """A key of the enclosing record (or commitment) that TOML put in the table written above it:
    every key below a `[[sources]]` (or `[place]`) line belongs to that table, up to the next one."""
    if len(loc) < 2:
        return ""
    array = isinstance(loc[-2], int)
    table_at = len(loc) - (3 if array else 2)  # index in loc of the table's key
    if table_at < 0 or not isinstance(loc[table_at], str):
        return ""
    owner = models[table_at]
    fields = getattr(owner, "model_fields", {})
    if not any((info.alias or name) == key for name, info in fields.items()):
        return ""
    whose = _WHOSE.get(getattr(owner, "__name__", ""), "the table above")
    dotted = ".".join(str(p) for p in loc[: table_at + 1] if isinstance(p, str))
    header = f"[[{dotted}]]" if array else f"[{dotted}]"
    if table_at == 0:
        where = "above the file's first [...] or [[...]] line"
    else:
        where = f"above the first {header} of {whose}"
    return (
        f": '{key}' is a key of {whose}, but TOML reads a key written below a {header} line as part of "
        f"that table; move it {where}"
    )


@lru_cache(maxsize=None)
def _nested_models(model: type[Any]) -> dict[str, Any]:
    """Each field of a model and the model found inside its annotation (None for plain values),
    worked out once per model: `unknown_keys` runs on every file parsed, and unwrapping the
    annotations afresh for each key cost more than parsing the file."""
    return {name: _inner_model(info.annotation) for name, info in model.model_fields.items()}


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
