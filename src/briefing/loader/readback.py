"""What the cache keeps of a parsed file, and reading it back as structs.

A record is kept as its JSON (as the model writes it, dates as their text, fields the file did
not set left out) without its id and path, which come from the file's name and from where the
command runs; a file with problems as the list of its problems, without their path. A record is
read back into its struct (`briefing.structs`): typed and checked by msgspec, and validated
through the model again if its text holds anything `clean` would change (a cache only ever holds
clean text: such an entry was not written by this tool).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import msgspec
from msgspec.structs import force_setattr

from briefing import structs
from briefing.dates import COMPACT
from briefing.loader.parse import MODELS, FileResult
from briefing.loader.scan import Found
from briefing.model import Problem, Series
from briefing.text import one_line

KINDS = {"meeting": "m", "series": "s"}  # a row's kind for a file's
STRUCTS = {"m": structs.Meeting, "s": structs.Series}
_PLACE = {"id", "path"}  # not stored: they come from the file's name and where the command runs
_COMPACT = {COMPACT: True}  # dates as their text: read back, they are whole again


def payload_of(result: FileResult) -> tuple[str, bytes]:
    """What the cache keeps of a parsed file: its kind and its record or problems as JSON."""
    record = result.record
    if record is not None:
        kind = "s" if isinstance(record, (Series, structs.Series)) else "m"
        return kind, record.model_dump_json(exclude_unset=True, exclude=_PLACE, context=_COMPACT).encode("utf-8")
    return "p", problems_adapter().dump_json(result.problems, exclude={"__all__": {"path"}}, exclude_unset=True)


def place_of(found: Found) -> tuple[str, str] | None:
    """The id and path a stored record takes in this run, cleaned as the models clean them
    (None for a name that is not UTF-8: such a file is parsed, not taken from JSON)."""
    stem, shown = found.stem, found.shown
    if stem.isprintable() and shown.isprintable():  # (as one_line does, at C speed; no surrogates)
        return stem, shown
    stem, shown = one_line(stem), one_line(shown)
    try:
        stem.encode("utf-8"), shown.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return stem, shown


# A stored record has no id and path: it is decoded with these, and given its own after (the
# strings of the scan itself, not copies of them).
_NO_PLACE = b'{"id":"","path":""'


def _placed(payload: bytes) -> bytes:
    return _NO_PLACE + (b"," + payload[1:] if payload != b"{}" else b"}")


def records_from(kind: str, items: list[tuple[Found, bytes]], shared: dict[Any, Any] | None = None) -> list[Any]:
    """Stored records of one kind ("m" or "s") as structs, many at a time (None: an entry that
    does not decode or validate). `shared`: values met before in this load (see `share`)."""
    cls = STRUCTS[kind]
    places = [place_of(found) for found, _ in items]
    payloads = [_placed(payload) if place is not None and clean_json(payload) else None for (_, payload), place in zip(items, places)]
    records: list[Any] | None = None
    if None not in payloads:
        try:
            records = structs.decoder(cls).decode(b"[" + b",".join(payloads) + b"]")  # type: ignore[arg-type,operator]
        except msgspec.DecodeError:
            pass
    if records is None:
        records = []
        for (found, payload), placed in zip(items, payloads):  # one at a time: find the entries at fault
            try:
                if placed is not None:
                    records.append(structs.decoder(cls).decode(b"[" + placed + b"]")[0])
                else:
                    records.append(_validated(kind, payload, found))
            except (msgspec.DecodeError, ValueError):
                records.append(None)
    for record, placed, place in zip(records, payloads, places):
        if record is not None and placed is not None:
            force_setattr(record, "id", place[0])  # type: ignore[index]
            force_setattr(record, "path", place[1])  # type: ignore[index]
    if shared is not None and kind == "m":
        share(records, shared)
    return records


def share(meetings: list[Any], seen: dict[Any, Any]) -> None:
    """Values that repeat across meetings held once: a folder's meetings name the same titles,
    series, countries and participants' roles and countries over and over, and each decoded
    copy is an object of its own (a hundred thousand generated meetings: about 80 MB of copies).
    The records are immutable, so a value equal to one met before can be that one. It costs a
    few µs a meeting (each value hashed once), so the loader does it only for big folders
    (`folder.SHARE_FROM` files)."""
    one = seen.setdefault
    for m in meetings:
        if m is None:
            continue
        force_setattr(m, "title", one(m.title, m.title))  # a series' rounds often share their title
        if m.series is not None:
            force_setattr(m, "series", one(m.series, m.series))
        if m.countries:
            force_setattr(m, "countries", one(m.countries, m.countries))
        for p in m.participants:
            if p.role is not None:
                force_setattr(p, "role", one(p.role, p.role))
            if p.country is not None:
                force_setattr(p, "country", one(p.country, p.country))


def _validated(kind: str, payload: bytes, found: Found) -> Any:
    """A stored record validated through its model (which cleans its text), as a struct."""
    model = MODELS["series" if kind == "s" else "meeting"]
    data = msgspec.json.decode(payload)
    if not isinstance(data, dict):
        raise ValueError("not a record")
    record = model.model_validate({**data, "id": found.stem, "path": found.shown})
    return structs.to_struct(STRUCTS[kind], record)


def problems_from(payload: bytes, found: Found) -> list[Problem]:
    """Stored problems, with the path of this run put back; ValueError if they do not validate."""
    try:
        items = msgspec.json.decode(payload)
    except msgspec.DecodeError as exc:
        raise ValueError(str(exc)) from None
    if not isinstance(items, list) or not all(isinstance(p, dict) for p in items):
        raise ValueError("not a list of problems")
    return problems_adapter().validate_python([{**p, "path": found.shown} for p in items])  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def problems_adapter() -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(list[Problem])


_ESCAPE = re.compile(rb"\\[ubfr]")  # JSON escapes of characters `clean` changes (\t and \n it keeps)
# The UTF-8 of the other characters `clean` changes (text._UNSAFE: DEL, C1 controls, bidi marks
# and overrides, separators, BOM, annotation controls, surrogates), each led by its own lead
# byte (a test holds this to `clean`, character by character), and those lead bytes.
_UNSAFE_UTF8 = re.compile(
    rb"\x7f|\xc2[\x80-\x9f]|\xd8\x9c|\xe2\x80[\x8e\x8f\xa8-\xae]|\xe2\x81[\xa6-\xa9]|\xed[\xa0-\xbf]|\xef\xbb\xbf|\xef\xbf[\xb9-\xbb]"
)
_LEADS = (b"\x7f", b"\xc2", b"\xd8", b"\xe2", b"\xed", b"\xef")


def clean_json(payload: bytes) -> bool:
    """True when no string in this JSON can hold a character `clean` would change: no escapes
    of one (the cache writes non-ASCII as UTF-8, and escapes only controls; raw C0 controls are
    not JSON) and no other character `clean` changes, found in the bytes without decoding them
    (bytes that are not UTF-8 pass here, but not the JSON decoder)."""
    if _ESCAPE.search(payload):
        return False
    if payload.isascii():
        return b"\x7f" not in payload
    if any(lead in payload for lead in _LEADS):
        return _UNSAFE_UTF8.search(payload) is None
    return True
