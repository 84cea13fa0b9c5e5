"""Map a key path such as ('participants', 1, 'name') to the line of a TOML file that holds it.

pydantic reports where an error is as a path of keys and indexes but not as a line; this module
reads the file's text once, without a full TOML parse, and records the line of every table header
and key. It is only used for files that have a problem, so it is written for clarity, not speed.
"""

from __future__ import annotations

import re

Path = tuple[str | int, ...]

_KEY = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")
_PART = re.compile(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""")


def _parts(dotted: str) -> tuple[str, ...]:
    return tuple(p.strip("\"'") for p in _PART.findall(dotted))


def key_lines(text: str) -> dict[Path, int]:
    """Every table header and key path in the file → its first line (1-based)."""
    lines: dict[Path, int] = {}
    counters: dict[tuple[str, ...], int] = {}
    current: Path = ()
    in_multiline: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline:
            if line.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        stripped = line.strip()
        if stripped.startswith("[["):
            name = _parts(stripped[2:].split("]]", 1)[0])
            index = counters.get(name, -1) + 1
            counters[name] = index
            current = (*_resolve_prefix(name, counters), index)
            lines.setdefault(current, number)
            lines.setdefault(current[:-1], number)
            continue
        if stripped.startswith("["):
            name = _parts(stripped[1:].split("]", 1)[0])
            current = _resolve_prefix(name, counters)
            lines.setdefault(current, number)
            continue
        m = _KEY.match(line)
        if m:
            path = (*current, *_parts(m.group(1)))
            lines.setdefault(path, number)
            rest = line[m.end() :]
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2 == 1:
                    in_multiline = quote
                    break
    return lines


def _resolve_prefix(name: tuple[str, ...], counters: dict[tuple[str, ...], int]) -> Path:
    """Insert the current index of any array of tables that `name` is nested in."""
    out: list[str | int] = []
    for i, part in enumerate(name):
        out.append(part)
        prefix = name[: i + 1]
        if i < len(name) - 1 and prefix in counters:
            out.append(counters[prefix])
    return tuple(out)


def line_of(lines: dict[Path, int], loc: Path) -> int:
    """The line of the longest prefix of `loc` found in the file (1 if none)."""
    for end in range(len(loc), 0, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return 1
