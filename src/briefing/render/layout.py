"""Text laid out for reading: lines wrapped with a hanging indent, dates kept whole, and tables
of aligned columns (`next`, `timeline`) that fit the width.

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
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from rich.cells import cell_len, chop_cells
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console

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
GAP = 2  # between the columns of a table


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


def _plain(cell: Text | str) -> str:
    return cell if isinstance(cell, str) else cell.plain


def _narrowest(cell: Text | str) -> int:
    """The width a cell cannot be narrower than without folding its longest word."""
    text = _plain(cell)
    return max(map(measure(text), text.split()), default=0)


def _widest(cell: Text | str) -> int:
    text = _plain(cell)
    return max(map(measure(text), text.split("\n")), default=0)


def column_widths(
    header: Sequence[str],
    rows: Sequence[Sequence[Text | str]],
    width: int,
    caps: Sequence[int | None],
    least: int = 20,
    spill: int | None = 0,
) -> list[int] | None:
    """Widths for a table's columns in `width` cells: each as wide as its widest cell, at most
    its cap (None: the column that takes what is left, at least `least`; the caps are for 80
columns, and grow by a quarter of the columns beyond); a capped column gives
    way down to its longest word when the free column would be narrower than `least`. A cell of
    the `spill` column wider than its column is not wrapped: it takes a line of its own above
    its row (see table_lines), and the column grows to its widest cell where the room is there.
    None when the columns cannot fit even so (lay the rows out one under another instead)."""
    count = len(header)
    # Each distinct text of a column measured once: most columns (dates, parties, states) repeat
    # the same few texts down thousands of rows.
    texts = [{header[i], *(_plain(r[i]) for r in rows)} for i in range(count)]
    widths_of = [{text: _widest(text) for text in column} for column in texts]
    widest = [max(column.values()) for column in widths_of]
    narrowest = [0 if i == spill else max(map(_narrowest, texts[i])) for i in range(count)]
    free = list(caps).index(None)
    extra = max(width - 80, 0) // 4  # a wider screen: the capped columns a quarter of what it adds
    caps = [cap if cap is None or i == spill else cap + extra for i, cap in enumerate(caps)]
    widths = [w if cap is None else max(min(w, cap), narrowest[i]) for i, (w, cap) in enumerate(zip(widest, caps))]
    if spill is not None and caps[spill] is not None and widest[spill] > caps[spill]:  # as wide as the cells that fit
        widths[spill] = max(w for w in widths_of[spill].values() if w <= caps[spill])  # (the header fits)
    room = width - GAP * (count - 1)
    left = room - sum(w for i, w in enumerate(widths) if i != free)
    if spill is not None and left > widest[free]:  # room to spare: the spilling column whole
        grow = min(left - widest[free], widest[spill] - widths[spill])
        widths[spill] += grow
        left -= grow
    while left < min(least, widest[free]):
        givers = [i for i in range(count) if i != free and widths[i] > max(narrowest[i], len(header[i]))]
        if not givers:
            break
        i = max(givers, key=lambda j: widths[j] - narrowest[j])
        widths[i] -= 1
        left += 1
    if left < min(least, widest[free]) and left < max(narrowest[free], 12):
        return None
    widths[free] = max(min(widest[free], left), 1)
    return widths


def table_lines(
    console: Console,
    header: Sequence[str],
    rows: Sequence[Sequence[Text | str]],
    widths: Sequence[int],
    header_style: str = "",
    spaced: bool = False,
    spill: int | None = 0,
    show_header: bool = True,
) -> list[Text] | list[str]:
    """A table as lines: each cell wrapped to its column (several lines where it holds "\\n"),
    columns GAP apart, no trailing spaces (`spaced`: a blank line between rows). A first cell
    wider than its column (`spill`: 0, the first column, or None) is never wrapped: it takes a
    line of its own, and the rest of its row starts under it. Plain strings on a plain console,
    else Text."""
    from briefing.render.text import is_plain

    plain = is_plain(console)
    head = [h if plain else Text(h, style=header_style) for h in header]
    out: list = []
    last = len(widths) - 1
    columns = [(w, j == last) for j, w in enumerate(widths)]
    blanks = [" " * (w + GAP) for w in widths[:last]] + [""]  # a plain cell with no line left
    for n, row in enumerate((head, *rows) if show_header else ((), *rows)):
        if n == 0 and not show_header:
            continue
        if spaced and n > 1:
            out.append("" if plain else Text())
        first = _plain(row[0])
        if spill is not None and "\n" not in first and cell_len(first) > widths[0]:  # (spill is 0 here)
            out.append(first if plain else _as_text(row[0]))  # on a line of its own, whole
            row = ["" if plain else Text(), *row[1:]]
        if plain:
            cells = [_padded(_plain(cell), w, is_last) for cell, (w, is_last) in zip(row, columns)]
            height = max(map(len, cells))
            if height > 1:
                cells = [c + (blank,) * (height - len(c)) for c, blank in zip(cells, blanks)]
            out.extend(map(str.rstrip, map("".join, zip(*cells))))
            continue
        cells = [wrap(_as_text(cell), w, 0) for cell, w in zip(row, widths)]
        for i in range(max(len(c) for c in cells)):
            line = Text()
            for j, (c, w) in enumerate(zip(cells, widths)):
                piece = c[i] if i < len(c) else Text()
                line.append_text(piece)
                if j != last:
                    line.append(" " * (w - piece.cell_len + GAP))
            line.rstrip()
            out.append(line)
    return out


@lru_cache(maxsize=32768)
def _padded(text: str, width: int, last: bool) -> tuple[str, ...]:
    """A plain cell's lines in a column `width` cells wide, each padded to the next column
    (GAP after it) unless it is the last column. The same cell recurs (a meeting's context
    under each of its commitments): laid out once."""
    if "\n" in text and "\t" not in text:  # each line of it alone (they recur too)
        lines = [piece for part in text.split("\n") for piece in _padded(part, width, True)]
    else:
        lines = wrap(text, width, 0)
    if last:
        return tuple(lines)
    cells = measure(text)  # (its lines are pieces of it)
    return tuple(piece + " " * (width - cells(piece) + GAP) for piece in lines)


def stacked_lines(console: Console, rows: Sequence[Sequence[Text | str]], width: int) -> list[Text] | list[str]:
    """Rows too wide for columns, one under another: the first cell on a line of its own, the
    others under it, indented."""
    from briefing.render.text import is_plain

    plain = is_plain(console)
    out: list = []
    for row in rows:
        first, *others = row
        out.extend(wrap(_plain(first) if plain else _as_text(first), width, 2))
        for cell in others:
            parts = _plain(cell).split("\n") if plain else list(_as_text(cell).split("\n", allow_blank=True))
            for part in parts:
                if _plain(part):
                    out.extend(wrap(("  " + part) if plain else Text("  ").append_text(part), width, 2))
    return out


def _as_text(cell: Text | str) -> Text:
    return Text(cell) if isinstance(cell, str) else cell
