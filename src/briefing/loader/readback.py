"""What the cache keeps of a parsed file, and reading it back through the models.

A record is kept as its JSON without its id and path (they come from the file's name and from
where the command runs); a file with problems as the list of its problems, without their path.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import msgspec

from briefing.dates import COMPACT
from briefing.loader.parse import FileResult
from briefing.loader.scan import Found
from briefing.model import Meeting, Problem, Series
from briefing.text import clean, is_clean

_PLACE = {"id", "path"}  # not stored: they come from the file's name and where the command runs
_COMPACT = {COMPACT: True}  # dates as their text: read back through the models, they are whole again


def payload_of(result: FileResult) -> tuple[str, bytes]:
    """What the cache keeps of a parsed file: its kind and its record or problems as JSON."""
    if result.record is not None:
        kind = "s" if isinstance(result.record, Series) else "m"
        return kind, result.record.__pydantic_serializer__.to_json(result.record, exclude_unset=True, exclude=_PLACE, context=_COMPACT)
    return "p", problems_adapter().dump_json(result.problems, exclude={"__all__": {"path"}}, exclude_unset=True)


def with_place(payload: bytes, found: Found) -> bytes | None:
    """A stored record as JSON, with the id and path of this run put back (None for a name
    that is not UTF-8: such a file is parsed, not taken from JSON)."""
    try:
        place = b'{"id":' + msgspec.json.encode(found.stem) + b',"path":' + msgspec.json.encode(found.shown)
    except UnicodeEncodeError:
        return None
    return place + (b"," + payload[1:] if payload != b"{}" else b"}")


def problems_from(payload: bytes, found: Found) -> list[Problem]:
    """Stored problems, with the path of this run put back; ValueError if they do not validate."""
    try:
        items = msgspec.json.decode(payload)
    except msgspec.DecodeError as exc:
        raise ValueError(str(exc)) from None
    if not isinstance(items, list) or not all(isinstance(p, dict) for p in items):
        raise ValueError("not a list of problems")
    return problems_adapter().validate_python([{**p, "path": found.shown} for p in items])  # type: ignore[no-any-return]


def records_from(payloads: list[bytes | None], model: type[Meeting] | type[Series]) -> list[Meeting | Series | None]:
    """Validate stored records (with their place) back through the model, many at a time
    (None: did not validate)."""
    clean_text = all(p is not None and clean_json(p) for p in payloads)
    adapter = clean_records_adapter(model) if clean_text else records_adapter(model)
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


@lru_cache(maxsize=1)
def problems_adapter() -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(list[Problem])


@lru_cache(maxsize=2)
def records_adapter(model: type[Meeting] | type[Series]) -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(list[model])  # type: ignore[valid-type]


@lru_cache(maxsize=2)
def clean_records_adapter(model: type[Meeting] | type[Series]) -> Any:
    """Validates a list of records as the model does, all but `clean`: for JSON in which no
    text holds a character that `clean` would change (`clean_json`), where cleaning changes
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


def clean_json(payload: bytes) -> bool:
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
