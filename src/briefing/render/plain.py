"""Plain text wrapped to a width as rich wraps it, without making a rich `Text` for every line.

On a plain console (a pipe, NO_COLOR, -o) the long reports fit their lines themselves: for a
note of ten thousand meetings, a `Text` and `Text.wrap` for every cell cost a third more time
for `timeline` and half again for `next` (measured on 10,000 generated records). A line that
fits is kept as it is; a line whose every character takes one cell is broken by the same greedy
word wrap rich uses (done here by bisection, which one-cell characters allow); any other line
(wide characters, joiners, tabs) goes to rich's own `Text.wrap`. tests/test_plain_render.py
holds every path to `Text.wrap`'s lines.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def fits(line: str, width: int) -> bool:
    """Whether rich's wrap keeps this line of text whole at this width, as it is.

    Text.wrap leaves a line alone when it fits: no tab to expand, at most `width` cells and
    characters (it trims trailing spaces by characters), and measured as the sum of its
    characters' cells, which joiners and emoji selectors (ZWJ, VS16) are not."""
    from rich.cells import cell_len

    return (
        len(line) <= width
        and "\t" not in line
        and "\u200d" not in line
        and "\ufe0f" not in line
        and cell_len(line) <= width
    )


def wrap_plain(console: Console, text: str, width: int) -> list[str]:
    """`Text(text).wrap(console, width)` as plain strings: the same lines.

    A line of one-cell characters is wrapped here (see the module's note); any other line that
    does not fit as it is goes to Text.wrap."""
    from rich.text import Text

    lines: list[str] = []
    for line in text.split("\n"):  # as Text.split("\n", allow_blank=True)
        if _one_cell_each(line):  # (a tab is not: it takes no cell)
            if len(line) <= width:
                lines.append(line)
                continue
            offsets = _divide_one_cell(line, width)
            if offsets is not None:
                lines.extend(_wrap_line(line, width, offsets))
                continue
        if fits(line, width):
            lines.append(line)
        else:
            lines.extend(part.plain for part in Text(line).wrap(console, width))
    return lines


_ONE_CELL: set[str] = set()  # characters met that take one cell
_NOT_ONE_CELL: set[str] = set()  # and those that do not (wide, zero-width, joiners, controls)


def _one_cell_each(line: str) -> bool:
    """Whether every character of the line takes one cell: then rich measures any part of it
    (rich.cells.cell_len) as its number of characters."""
    if _ONE_CELL.issuperset(line):
        return True
    if not _NOT_ONE_CELL.isdisjoint(line):
        return False
    from rich.cells import get_character_cell_size

    for char in set(line).difference(_ONE_CELL):
        if char in "\u200d\ufe0f" or get_character_cell_size(char) != 1:
            _NOT_ONE_CELL.add(char)
            return False
        _ONE_CELL.add(char)
    return True


_WORD = re.compile(r"(\s*\S+)\s*")  # a word and the spaces after it, as rich splits a line


def _divide_one_cell(text: str, width: int) -> list[int] | None:
    """Where rich's wrap (fold overflow) breaks a line of one-cell characters: offsets of the
    lines after the first.

    rich goes word by word, counting the cells used on the line so far: a word that fits
    (without its trailing spaces) is added; one wider than the whole width is folded over lines
    (rich.cells.chop_cells); any other goes to a new line. With one cell per character, the
    cells used when word j comes up are (start of j) - (start of the line), so the first word
    that does not fit is the first whose end without spaces passes (line start) + width: found
    by bisection instead of a step per word. None: leave the line to Text.wrap."""
    from rich.cells import chop_cells

    words = [(m.start(), m.end(1), m.end()) for m in _WORD.finditer(text)]
    ends = [end for _, end, _ in words]  # increasing
    breaks: list[int] = []
    line_start = 0
    j = 0
    while True:
        j = bisect_right(ends, line_start + width, j)  # the first word that does not fit
        if j == len(words):
            return breaks
        start, end, after = words[j]
        if end - start > width:  # fold the word over lines
            pieces = chop_cells(text[start:after], width)
            if not pieces:
                return None
            for piece in pieces[:-1]:
                if start:
                    breaks.append(start)
                start += len(piece)
            if start:
                breaks.append(start)
            line_start = after - len(pieces[-1])
        else:  # to a new line (it is not the first on this one, or it would fit)
            breaks.append(start)
            line_start = start
        j += 1


_TRAILING_SPACE = re.compile(r"\s+$")  # as rich.text's


def _wrap_line(line: str, width: int, offsets: list[int]) -> list[str]:
    """Text(line).wrap(console, width) for a line of one-cell characters (default justify and
    overflow "fold") broken at these offsets, as plain strings."""
    bounds = [0, *offsets, len(line)]
    out = []
    for start, end in zip(bounds, bounds[1:]):
        piece = line[start:end]
        if len(piece) > width:  # Text.rstrip_end(width)
            spaces = _TRAILING_SPACE.search(piece)
            if spaces is not None:
                piece = piece[: -min(len(spaces.group()), len(piece) - width)]
        out.append(piece[:width])  # Text.truncate(width, overflow="fold"): one cell a character
    return out


class PlainBlock:
    """A rich renderable that prints a plain text as `Text(text)` does on a plain console (no
    style: the same lines, the same measure), wrapped by `wrap_plain` and yielded a line at a
    time: a summary of four megabytes is wrapped in a second, where rich's own wrap, and its
    cutting of one long segment into lines, took twenty. Anything this does not do the same way
    as rich (text whose characters are not one cell each, a justify, overflow or no_wrap asked
    of it) it leaves to `Text` itself."""

    def __init__(self, text: str) -> None:
        self.text = text  # plain already: no control code rich would drop (render.text.t_plain)
        self.one_cell = _one_cell_each(text.replace("\n", ""))  # each of its lines, and so its words

    def _as_rich(self, options) -> bool:  # type: ignore[no-untyped-def]
        return not self.one_cell or options.no_wrap or options.justify not in (None, "default") or options.overflow not in (None, "fold")

    def __rich_console__(self, console, options):  # type: ignore[no-untyped-def]
        from rich.segment import Segment
        from rich.text import Text

        if self._as_rich(options):
            yield Text(self.text)
            return
        newline = Segment("\n")
        for line in wrap_plain(console, self.text, options.max_width):
            yield Segment(line)
            yield newline

    def __rich_measure__(self, console, options):  # type: ignore[no-untyped-def]
        from rich.measure import Measurement
        from rich.text import Text

        if not self.one_cell:
            return Measurement.get(console, options, Text(self.text))
        widest = max(map(len, self.text.splitlines()), default=0)  # one cell a character
        longest_word = max(map(len, self.text.split()), default=widest)
        return Measurement(longest_word, widest)
