"""Problems in the users' words: pydantic's validation errors as `Problem`s, and "did you mean".

The loader words every problem of a record file here, and `new` words what is wrong with the
values typed on its command line the same way, so a field reads alike wherever it is checked.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from briefing.model import Problem


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


def validation_problems(exc: ValidationError, text: str, shown: str, model: type[Any]) -> list[Problem]:
    """Each error of a record that does not validate, as a problem at the line of its key."""
    from briefing.keylines import key_lines, line_of

    lines = key_lines(text)
    problems = []
    # (Inputs are read only to suggest an allowed value for a mistyped one, never echoed.)
    errors = exc.errors(include_url=False, include_input=True, include_context=True)
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
                field=field_path(loc) or None,
                message=_message(err, loc, model),
            )
        )
    problems.sort(key=lambda p: p.line or 0)  # read top to bottom, as the file is
    return problems


def field_path(loc: tuple[Any, ...]) -> str:
    """('participants', 1, 'name') → 'participants[1].name' (a long key shortened)."""
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
        return f"unknown field{_unknown_field_hint(loc, model)}"
    if kind == "enum":
        expected = err.get("ctx", {}).get("expected", "")
        given = err.get("input")
        names = re.findall(r"'([^']*)'", expected)
        return f"not one of the allowed values: {expected}{did_you_mean(given, names) if isinstance(given, str) else ''}"
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


def _unknown_field_hint(loc: tuple[Any, ...], model: type[Any]) -> str:
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
    names = [info.alias or n for n, info in getattr(current, "model_fields", {}).items() if n not in ("id", "path")]
    return did_you_mean(str(loc[-1]), names) or f" (known fields: {', '.join(names)})"


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
