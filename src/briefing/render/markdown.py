"""Markdown helpers: record text is escaped so it can never change a memo's structure."""

from __future__ import annotations

import re

# Characters with meaning in CommonMark/GFM inline syntax, wherever they stand.
_INLINE = re.compile(r"([\\`*_\[\]<>|&~!])")
# Block markers, which only matter at the start of a line.
_LEADING = re.compile(r"^([#+=-]|\d+[.)])")


# GFM's autolinks, which need no markup at all: an e-mail address (kept whole in a code span:
# GitHub links one even with its '@' escaped), and a scheme's "://" or "www." (the ':' or the
# '.' escaped, which GitHub does not link and shows as written).
_EMAIL = re.compile(r"[A-Za-z0-9._+-]+@[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+")
_SCHEME = re.compile(r"(?<=[A-Za-z0-9]):(?=//)")
_WWW = re.compile(r"(?<![A-Za-z0-9])(www)\.", re.IGNORECASE)


def escape(text: str) -> str:
    """Escape record text for Markdown: no markup, no HTML, no link, one line."""
    text = " ".join(text.split())  # newlines and runs of spaces → one space
    pieces = []
    start = 0
    for m in _EMAIL.finditer(text):
        pieces.append(_escape_inline(text[start : m.start()]))
        pieces.append(f"`{m.group()}`")  # (an address holds no backtick or pipe)
        start = m.end()
    pieces.append(_escape_inline(text[start:]))
    return _LEADING.sub(lambda m: m.group()[:-1] + "\\" + m.group()[-1], "".join(pieces))


def _escape_inline(text: str) -> str:
    text = _INLINE.sub(r"\\\1", text)
    return _WWW.sub(r"\1\\.", _SCHEME.sub(r"\\:", text))


def cell(text: str) -> str:
    """Escape text for a table cell (pipes included; never empty)."""
    return escape(text) or " "


def table(headers: list[str], rows: list[list[str]]) -> list[str]:
    """A GFM table from already-escaped cells."""
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(c or " " for c in row) + " |" for row in rows]
    return out


def heading(level: int, text: str) -> str:
    # A title ending in '#' would lose it as an ATX closing sequence ("Notes ##" → "Notes").
    body = text[:-1]
    if text.endswith("#") and (len(body) - len(body.rstrip("\\"))) % 2 == 0:  # not escaped yet
        text = body + "\\#"
    return f"{'#' * level} {text}"
