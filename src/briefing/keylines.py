"""Where each key of a TOML file is: a key path such as ('participants', 1, 'name') → line and column.

pydantic says where an error is as a path of keys and indexes, not as a place in the file. This
module scans the file's text once, following TOML's grammar in full — the four kinds of string,
bare, quoted and dotted keys, tables and arrays of tables, inline tables and arrays over several
lines, comments — and records every key, table and array item with the line and column where it
first appears. Only LF and CRLF end a line (not U+2028, U+0085 or a lone CR, which
`str.splitlines` would count); columns count characters, from 1.

It reads files that a TOML parser has already accepted; on anything else it never raises and
never loops: what it cannot follow, it skips to the end of the line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import NamedTuple

Path = tuple[str | int, ...]


class Where(NamedTuple):
    line: int  # from 1
    column: int  # from 1, in characters


_WS = re.compile(r"[ \t]*")
_BARE = re.compile(r"[A-Za-z0-9_-]+")
_BASIC = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
_LITERAL = re.compile(r"'([^'\n]*)'")
_ML_BASIC = re.compile(r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*""""{0,2}')
_ML_LITERAL = re.compile(r"'''(?:[^']|'(?!''))*''''{0,2}")
_SCALAR = re.compile(r"[^,\]}#\n\[{\"' \t]+")  # numbers, dates, times, booleans, inf, nan
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|x([0-9A-Fa-f]{2})|(.))", re.DOTALL)
_SIMPLE_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", "e": "\x1b", '"': '"', "\\": "\\"}


def _unescape(body: str) -> str:
    if "\\" not in body:
        return body

    def one(m: re.Match[str]) -> str:
        code = m.group(1) or m.group(2) or m.group(3)
        if code is not None:
            try:
                return chr(int(code, 16))
            except (ValueError, OverflowError):
                return m.group(0)
        return _SIMPLE_ESCAPES.get(m.group(4), m.group(0))

    return _ESCAPE.sub(one, body)


class _Scanner:
    """One pass over the text; `found` collects (path, offset) for every key, table and item."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.end = len(text)
        self.found: list[tuple[Path, int]] = []

    # -- small pieces -----------------------------------------------------------------------

    def ws(self, i: int) -> int:
        return _WS.match(self.text, i).end()  # type: ignore[union-attr]

    def to_line_end(self, i: int) -> int:
        """Past the next LF (or the end of the text)."""
        j = self.text.find("\n", i)
        return self.end if j < 0 else j + 1

    def blank(self, i: int) -> int:
        """Skip whitespace, comments and newlines (as between the items of an array)."""
        text = self.text
        while i < self.end:
            i = self.ws(i)
            if i >= self.end:
                break
            c = text[i]
            if c == "#":
                j = text.find("\n", i)
                i = self.end if j < 0 else j
            elif c == "\n":
                i += 1
            elif c == "\r" and text.startswith("\r\n", i):
                i += 2
            else:
                break
        return i

    def simple_key(self, i: int) -> tuple[str, int] | None:
        """A bare or quoted key at i: (its name, where it ends)."""
        text = self.text
        if i >= self.end:
            return None
        c = text[i]
        if c == '"':
            m = _BASIC.match(text, i)
            return (_unescape(m.group(1)), m.end()) if m else None
        if c == "'":
            m = _LITERAL.match(text, i)
            return (m.group(1), m.end()) if m else None
        m = _BARE.match(text, i)
        return (m.group(0), m.end()) if m else None

    def key(self, i: int, base: Path) -> tuple[Path, list[tuple[Path, int]], int] | None:
        """A dotted key at i under base: its full path, each part's (path, offset), and its end."""
        parts: list[tuple[Path, int]] = []
        path = base
        while True:
            got = self.simple_key(i)
            if got is None:
                return None
            name, after = got
            path = (*path, name)
            parts.append((path, i))
            j = self.ws(after)
            if j < self.end and self.text[j] == ".":
                i = self.ws(j + 1)
                continue
            return path, parts, j

    # -- values -------------------------------------------------------------------------------

    def value(self, i: int, path: Path) -> int:
        """Skip the value at i (recording the keys and items inside it); return where it ends."""
        text = self.text
        if i >= self.end:
            return i
        c = text[i]
        if c == '"':
            m = _ML_BASIC.match(text, i) if text.startswith('"""', i) else _BASIC.match(text, i)
        elif c == "'":
            m = _ML_LITERAL.match(text, i) if text.startswith("'''", i) else _LITERAL.match(text, i)
        elif c == "[":
            return self.array(i + 1, path)
        elif c == "{":
            return self.inline_table(i + 1, path)
        else:
            m = _SCALAR.match(text, i)
            if m:
                # A date and a time may be apart by one space: 1979-05-27 07:32:00Z.
                after = m.end()
                if text.startswith(" ", after):
                    more = _SCALAR.match(text, after + 1)
                    if more and text[after + 1].isdigit():
                        return more.end()
                return after
        return m.end() if m else self.to_line_end(i)

    def array(self, i: int, path: Path) -> int:
        index = 0
        while True:
            i = self.blank(i)
            if i >= self.end:
                return i
            c = self.text[i]
            if c == "]":
                return i + 1
            if c == ",":
                i += 1
                continue
            item = (*path, index)
            self.found.append((item, i))
            after = self.value(i, item)
            index += 1
            if after <= i:
                return self.to_line_end(i)
            i = after

    def inline_table(self, i: int, path: Path) -> int:
        while True:
            i = self.blank(i)  # TOML 1.1: newlines and comments inside { ... }
            if i >= self.end:
                return i
            c = self.text[i]
            if c == "}":
                return i + 1
            if c == ",":
                i += 1
                continue
            after = self.keyval(i, path)
            if after <= i:
                return self.to_line_end(i)
            i = after

    def keyval(self, i: int, base: Path) -> int:
        got = self.key(i, base)
        if got is None:
            return self.to_line_end(i)
        path, parts, j = got
        self.found.extend(parts)
        if j >= self.end or self.text[j] != "=":
            return self.to_line_end(i)
        return self.value(self.ws(j + 1), path)

    # -- the document -------------------------------------------------------------------------

    def document(self) -> list[tuple[Path, int]]:
        text = self.text
        current: Path = ()
        arrays: dict[Path, int] = {}  # an array of tables (its resolved path) → items so far
        i = 0
        if text.startswith("\ufeff"):
            i = 1
        while i < self.end:
            i = self.blank(i)
            if i >= self.end:
                break
            if text[i] == "[":
                double = text.startswith("[[", i)
                got = self.key(self.ws(i + (2 if double else 1)), ())
                if got is None:
                    i = self.to_line_end(i)
                    continue
                _, parts, j = got
                resolved: Path = ()
                for n, (part, offset) in enumerate(parts):
                    resolved = (*resolved, part[-1])
                    last = n == len(parts) - 1
                    if last and double:
                        count = arrays.get(resolved, 0)
                        arrays[resolved] = count + 1
                        self.found.append((resolved, offset))
                        resolved = (*resolved, count)
                    elif not last and resolved in arrays:
                        self.found.append((resolved, offset))
                        resolved = (*resolved, arrays[resolved] - 1)
                        continue
                    self.found.append((resolved, offset))
                current = resolved
                i = self.to_line_end(j)
                continue
            after = self.keyval(i, current)
            # After a value: whitespace, a comment, then the end of the line.
            i = self.to_line_end(after) if after > i else self.to_line_end(i)
        return self.found


def key_offsets(text: str) -> list[tuple[Path, int]]:
    """Every key, table and array item of a TOML text, each time it appears: (path, offset)."""
    return _Scanner(text).document()


class Places:
    """Turns offsets of one text into lines and columns (the text's LFs found once)."""

    def __init__(self, text: str) -> None:
        self.newlines = [m.start() for m in re.finditer("\n", text)]

    def where(self, offset: int) -> Where:
        line = bisect_right(self.newlines, offset - 1)  # LFs before offset
        start = self.newlines[line - 1] + 1 if line else 0
        return Where(line + 1, offset - start + 1)


def key_occurrences(text: str) -> Iterator[tuple[Path, Where]]:
    """Every key, table and array item of a TOML text, each time it appears, in file order."""
    places = Places(text)
    for path, offset in key_offsets(text):
        yield path, places.where(offset)


def key_positions(text: str) -> dict[Path, Where]:
    """Every key path in the file → where it first appears (line and column)."""
    positions: dict[Path, Where] = {}
    for path, where in key_occurrences(text):
        if path not in positions:
            positions[path] = where
    return positions


def position_of(positions: dict[Path, Where], loc: Path) -> Where | None:
    """The place of the longest prefix of `loc` found in the file (None if none is)."""
    for end in range(len(loc), 0, -1):
        found = positions.get(loc[:end])
        if found is not None:
            return found
    return None


def key_lines(text: str) -> dict[Path, int]:
    """Every key path in the file → its first line."""
    return {path: where.line for path, where in key_positions(text).items()}


def line_of(lines: dict[Path, int], loc: Path) -> int:
    """The line of the longest prefix of `loc` found in the file (1 if none)."""
    for end in range(len(loc), 0, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return 1
