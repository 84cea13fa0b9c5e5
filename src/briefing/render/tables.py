"""Tables of aligned columns that fit the width (`next`, `timeline`, `search`): each column as
wide as its cells allow, cells wrapped as render.layout wraps text (dates kept whole), a first
cell too wide for its column on a line of its own, and rows one under another when no columns
fit. Plain strings on a plain console (render.text.PlainConsole), else rich `Text`; only rich's
public API is used.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text

from briefing.render.layout import measure, wrap

if TYPE_CHECKING:
    from rich.console import Console

GAP = 2  # between the columns of a table


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
