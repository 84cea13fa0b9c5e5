"""Text laid out for reading: lines wrapped with a hanging indent, dates kept whole (the tables
of aligned columns built on it are in render.tables).

- A line is broken only at a space, never inside a date as the reports write it ("14 Mar 2025? –
  21 Mar 2026?", "c. Aug 2004", "spring 2018") and never at a no-break space; a word wider than
  the line is folded.
- A bullet ("• ", "[1] ", "2. ") hangs: its wrapped lines start under its first word.
- Widths are terminal cells (rich.cells), so wide characters count twice.

Everything here works on plain strings or on rich `Text` (styles kept, through Text.divide), and
gives the same words either way: on a plain console (render.text.PlainConsole) the lines are
strings, anywhere else Text. Only rich's public API is used.
"""

from __future__ import annotations

import re

from rich.cells import cell_len, chop_cells
from rich.text import Text

_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_SEASON = r"(?:spring|summer|autumn|winter)"
# One end of a date as FuzzyDate.display() writes it: 24 Dec 2022, 21–31 Jan 2018, Aug 2004,
# spring 2018, 2018, 1990s; "c. " before it and "?" after it when the record says so; and as
# sources write them: 24 December 2022, December 15, 2022.
_ONE = rf"(?:c\. )?(?:\d{{1,2}}(?:–\d{{1,2}})? {_MONTH} |{_MONTH} (?:\d{{1,2}}, )?|{_SEASON} )?\d{{4}}s?\??"
DATE = re.compile(rf"{_ONE}(?: – {_ONE})?")
# Where a line may break: a run of spaces, but not a no-break space (U+00A0, U+2007, U+202F).
_SPACE = re.compile(r"[^\S\u00a0\u2007\u202f\n]+")
_WORD = re.compile(r"[\S\u00a0\u2007\u202f\n]+")  # what is between them
_YEAR = re.compile(r"\d{4}")  # no date without one
# How far before its first year a date can start: "c. " and "21–31 September " (see _ONE).
_BEFORE_YEAR = len("c. ") + len("21–31 September ")
# What the word before a year and its space ends with when a date starts before the year (_ONE).
_ENDS_BEFORE_YEAR = (".", ",", *"Jan January Feb February Mar March Apr April May Jun June Jul July Aug August Sep September Oct October Nov November Dec December spring summer autumn winter".split())
_BULLET = re.compile(r"( *)(• |\[\d+\] |\d+\. )")


_ONE_CELL: set[str] = set()  # characters met that take one cell each, whatever is around them


def measure(text: str):  # type: ignore[no-untyped-def]
    """How to measure this text and its pieces in cells: `len` when every character takes one
    cell (ASCII, most accented letters, "·", "–"), else rich's cell_len."""
    if text.isascii() or _ONE_CELL.issuperset(text):
        return len
    for char in set(text).difference(_ONE_CELL):
        if char in "\u200d\ufe0f" or cell_len(char) != 1:  # joiners and selectors change their neighbours
            return cell_len
        _ONE_CELL.add(char)
    return len


def words(line: str) -> list[tuple[int, int]]:
    """(start, end) of each word of a line, without the spaces after it. A date is one word; the
    spaces a line starts with belong to its first word."""
    dates = [span for span in _date_spans(line) if " " in line[span[0]:span[1]]]
    if not dates:  # every break allowed: the runs between the spaces
        out = [m.span() for m in _WORD.finditer(line)]
        if out and out[0][0]:
            out[0] = (0, out[0][1])
        return out or ([(0, len(line))] if line else [])
    out = []
    start = 0
    d = 0
    for m in _SPACE.finditer(line):
        s, e = m.span()
        if s == 0:
            continue  # leading spaces: part of the first word
        while d < len(dates) and dates[d][1] <= s:
            d += 1
        if d < len(dates) and dates[d][0] < s:  # inside a date: no break here
            continue
        out.append((start, s))
        start = e
    if start < len(line):
        out.append((start, len(line)))
    return out


def _date_spans(line: str) -> list[tuple[int, int]]:
    """Where DATE.finditer(line) matches, found faster: DATE is slow to try at every position of
    a line, so each search starts at most _BEFORE_YEAR characters before the next year (no date
    starts earlier than that before its year; every year is itself a match). A date starts
    before its year only after "c. ", a month, a season or a day and a comma, each followed by
    a space: a year with none of them just before it is where its date starts."""
    spans = []
    pos = 0
    while (year := _YEAR.search(line, pos)) is not None:
        y = year.start()
        if y == 0 or line[y - 1] != " " or not line.endswith(_ENDS_BEFORE_YEAR, 0, y - 1):
            m = DATE.match(line, y)  # (the year itself matches)
        else:
            m = DATE.search(line, max(pos, y - _BEFORE_YEAR))
        if m is None:
            break
        spans.append(m.span())
        pos = m.end()
    return spans


def _split(text: str) -> list[tuple[int, int]]:
    """(start, end) of the words of a date too wide for a line: its two ends, else at every space."""
    dash = text.find(" – ")
    if dash > 0:
        return [(0, dash + 2), (dash + 3, len(text))]
    out, start = [], 0
    for m in _SPACE.finditer(text):
        if m.start() > 0:
            out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def hang_of(line: str) -> int:
    """How far a bullet's wrapped lines are indented: under its first word (0: not a bullet)."""
    m = _BULLET.match(line)
    return m.end() if m else 0


def breaks(line: str, width: int, hang: int = 0) -> list[int]:
    """Offsets at which to break a line (no newline in it) to fit `width` cells, the lines after
    the first indented by `hang`."""
    cells = measure(line)
    if len(line) <= width and cells(line) <= width:
        return []
    width = max(width, 1)
    rest = max(width - hang, 1)
    simple = _simple_breaks(line, width, rest) if cells is len else None
    return simple if simple is not None else _word_by_word(line, width, rest, cells)


def _word_by_word(line: str, width: int, rest: int, cells) -> list[int]:  # type: ignore[no-untyped-def]
    """breaks(), laying the line out a word at a time (`cells`: how to measure it)."""
    offsets: list[int] = []
    line_start, used, avail = 0, 0, width
    previous_end = 0
    todo = words(line)[::-1]
    ascii = cells is len  # every character one cell: widths are lengths
    while todo:
        start, end = todo.pop()
        word = end - start if ascii else cells(line[start:end])
        if word > rest and _SPACE.search(line, start + 1, end):  # a date wider than a line: at its spaces
            todo.extend([(start + a, start + b) for a, b in _split(line[start:end])][::-1])
            continue
        space = (start - previous_end if ascii else cells(line[previous_end:start])) if start > line_start else 0
        if used + space + word <= avail:
            used += space + word
            previous_end = end
            continue
        if start > line_start:  # to a new line
            offsets.append(start)
            line_start, used, avail = start, 0, rest
            if word <= avail:
                used, previous_end = word, end
                continue
        # A word wider than the line: folded over as many lines as it takes.
        pieces = chop_cells(line[start:end], min(avail, rest))
        position = start
        for piece in pieces[:-1]:
            position += len(piece)
            offsets.append(position)
        line_start, avail = position, rest
        used, previous_end = cells(pieces[-1]) if pieces else 0, end
    return offsets


def _simple_breaks(line: str, width: int, rest: int) -> list[int] | None:
    """breaks() for the usual line, found by searching back from each line's end for a space
    instead of laying it out word by word (a table of thousands of rows wraps thousands of
    cells): every character one cell wide, words one space apart, and every word (a date taken
    whole, with the word around it) at most `rest` wide, so that none is folded or split. None
    for any other line. tests/test_screen.py holds it to the word-by-word layout."""
    line_words = line.split()
    if line.count(" ") + 1 != len(line_words) or max(map(len, line_words)) > rest:
        return None  # spaces at the ends or in runs, other spaces, or a word too wide
    dates: list[tuple[int, int]] = []  # the dates with a space in them: no break inside
    for start, end in _date_spans(line):
        if " " not in line[start:end]:
            continue
        if dates and start < _word_end(line, dates[-1][1]):
            return None  # two dates in one word
        if _word_end(line, end) - (line.rfind(" ", 0, start) + 1) > rest:
            return None  # the date with the word around it is too wide
        dates.append((start, end))
    offsets = []
    start, avail = 0, width
    while start + avail < len(line):
        space = line.rfind(" ", start, start + avail + 1)  # after the last word that fits
        for date_start, date_end in reversed(dates):
            if date_start < space < date_end:
                space = line.rfind(" ", start, date_start)
        if space < 0:
            return None
        start, avail = space + 1, rest
        offsets.append(start)
    return offsets


def _word_end(line: str, position: int) -> int:
    """Where the word at `position` ends: at the next space, else at the line's end."""
    space = line.find(" ", position)
    return len(line) if space < 0 else space


def wrap(text: Text | str, width: int, hang: int | None = None) -> list[Text] | list[str]:
    """A text's lines fitted to `width` cells: broken at spaces (dates whole), a bullet hanging
    (`hang`: the indent of the lines after the first; None: as the bullet says). A str gives str
    lines, a Text gives Text lines with its styles."""
    plain = text if isinstance(text, str) else text.plain
    if len(plain) <= width and "\n" not in plain and "\t" not in plain and measure(plain)(plain) <= width:
        return [text.rstrip()] if isinstance(text, str) else [_stripped(text)]
    if "\t" in plain:  # as rich prints a tab (to the next stop by cells)
        expanded = Text(text) if isinstance(text, str) else text.copy()
        expanded.expand_tabs(8)
        text = plain = expanded.plain if isinstance(text, str) else expanded
        plain = expanded.plain
    if "\n" in plain:
        parts = plain.split("\n") if isinstance(text, str) else list(text.split("\n", allow_blank=True))
        out: list = []
        for part in parts:
            out.extend(wrap(part, width, hang))
        return out
    indent = hang_of(plain) if hang is None else hang
    offsets = breaks(plain, width, indent)
    if isinstance(text, str):
        bounds = [0, *offsets, len(text)]
        pieces = [text[a:b].rstrip() for a, b in zip(bounds, bounds[1:])]
        return [pieces[0], *(" " * indent + p for p in pieces[1:])]
    lines = list(text.divide(offsets)) if offsets else [text.copy()]
    for line in lines:
        line.rstrip()
    return [lines[0], *(Text(" " * indent).append_text(line) for line in lines[1:])]


def _stripped(text: Text) -> Text:
    line = text.copy()
    line.rstrip()
    return line
