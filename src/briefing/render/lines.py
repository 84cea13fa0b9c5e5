"""Text reports as lines fitted to the console's width: two columns side by side, a plain table,
an indented block, and a buffer of lines printed in one go (rich's print costs a lot per call).

On a plain console (render.text.PlainConsole: a pipe, NO_COLOR, -o) the lines are plain strings
wrapped by render.plain and written straight out; anywhere else they are rich `Text`, with
styles, wrapped by rich.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefing.render import styles
from briefing.render.plain import wrap_plain

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


def _plain(text: Text | str) -> str:
    """A line's text: a str is already plain (as `t_plain` makes it)."""
    return text if isinstance(text, str) else text.plain


def _rich(text: Text | str) -> Text:
    from rich.text import Text

    return Text(text) if isinstance(text, str) else text


def _wrap_any(console: Console, text: Text | str, width: int) -> list[str]:
    """What `text.wrap(console, width)` gives, as plain strings (a str as a Text with no style)."""
    if isinstance(text, str):
        return wrap_plain(console, text, width)
    if text.justify is None and text.overflow is None and text.no_wrap is None:
        return wrap_plain(console, text.plain, width)
    return [line.plain for line in text.wrap(console, width)]  # a Text with its own way to wrap


def side_by_side(
    console: Console, left: Text | str, right: Text | str, left_width: int, gap: int = 2, width: int | None = None
) -> list[Text] | list[str]:
    """Lines of two columns: `left` wrapped to left_width, `right` to the rest of the width
    (`width`: the console's, which a caller printing many rows may pass once for all).

    Much faster than a rich Table for long lists (a table measures every cell of every row).
    On a plain console (see `print_lines`) the lines are plain strings, and so may the texts be
    (a str is taken as the plain text of a Text: see render.text.styler)."""
    from rich.text import Text

    from briefing.render.text import is_plain

    right_width = max((console.width if width is None else width) - left_width - gap, 20)
    if is_plain(console):
        from rich.cells import cell_len

        plain_lefts = _wrap_any(console, left, left_width) if left_width and _plain(left) else []
        plain_rights = _wrap_any(console, right, right_width)
        plain_lines = []
        for i in range(max(len(plain_lefts), len(plain_rights))):
            a = plain_lefts[i].rstrip() if i < len(plain_lefts) else ""
            b = plain_rights[i].rstrip() if i < len(plain_rights) else ""
            plain_lines.append(a + " " * (left_width + gap - cell_len(a)) + b)
        return plain_lines
    left, right = _rich(left), _rich(right)
    lefts = left.wrap(console, left_width) if left_width and left.plain else []
    rights = right.wrap(console, right_width)
    lines = []
    for i in range(max(len(lefts), len(rights))):
        a = lefts[i].copy() if i < len(lefts) else Text("")
        a.rstrip()
        a.pad_right(max(left_width + gap - a.cell_len, 0))
        b = rights[i] if i < len(rights) else Text("")
        b.rstrip()
        lines.append(a + b)
    return lines


def columns(
    console: Console, header: list[str], rows: list[list[Text]] | list[list[str]], widest: list[int | None], indent: int = 0,
    laid: dict[tuple[str, int, bool], tuple[str, ...]] | None = None,
) -> list[Text] | list[str]:
    """A plain table as lines: each column as wide as its widest cell (at most `widest[i]`; None
    takes the width that is left), cells wrapped within it, columns two spaces apart.
    On a plain console the lines (and the cells may be) plain strings, as in side_by_side; a
    cell's lines are laid out once for each distinct text and width, in `laid` when given (a
    dict a caller keeps for the tables of one console: a series' dates, places and states recur
    down thousands of rows and hundreds of tables)."""
    from rich.cells import cell_len
    from rich.text import Text

    from briefing.render.text import is_plain, t_plain

    gap = 2
    plain = is_plain(console)
    cells = [[t_plain(h) if plain else Text(h, style=styles.LABEL) for h in header], *rows]
    widths = [max(map(cell_len, {_plain(c[i]) for c in cells})) for i in range(len(header))]  # each text measured once
    fixed = [min(w, cap) if cap else w for w, cap in zip(widths, widest)]
    free = console.width - indent - gap * (len(header) - 1) - sum(w for w, cap in zip(fixed, widest) if cap is not None)
    fixed = [max(min(w, free), 8) if cap is None else w for w, cap in zip(fixed, widest)]
    if plain:
        last = len(fixed) - 1
        blanks = [" " * (w + gap) for w in fixed[:last]] + [""]  # a cell with no line left
        laid = {} if laid is None else laid  # (text, width, padded) → its lines
        lead = " " * indent
        plain_lines = []
        for row in cells:
            parts = []
            for j, (cell, width) in enumerate(zip(row, fixed)):
                key = (cell, width, j < last) if isinstance(cell, str) else None
                got = laid.get(key) if key is not None else None
                if got is None:
                    pieces = [p.rstrip() for p in _wrap_any(console, cell, width)] if _plain(cell) else [""]
                    got = tuple(p + " " * (width - cell_len(p) + gap) for p in pieces) if j < last else tuple(pieces)
                    if key is not None:
                        laid[key] = got
                parts.append(got)
            height = max(map(len, parts))
            if height > 1:
                parts = [p + (blank,) * (height - len(p)) for p, blank in zip(parts, blanks)]
            plain_lines.extend((lead + "".join(line)).rstrip() for line in zip(*parts))
        return plain_lines
    lines = []
    for row in cells:
        wrapped = [_rich(cell).wrap(console, width) if _plain(cell) else [Text("")] for cell, width in zip(row, fixed)]
        for i in range(max(len(w) for w in wrapped)):
            line = Text(" " * indent)
            for j, (w, width) in enumerate(zip(wrapped, fixed)):
                part = w[i].copy() if i < len(w) else Text("")
                part.rstrip()
                if j < len(fixed) - 1:
                    part.pad_right(width - part.cell_len + gap)
                line += part
            line.rstrip()
            lines.append(line)
    return lines


def indented(console: Console, text: Text | str, indent: int = 2, width: int | None = None) -> list[Text] | list[str]:
    from rich.text import Text

    from briefing.render.text import is_plain

    return side_by_side(console, "" if is_plain(console) else Text(""), text, 0, indent, width)


def print_lines(console: Console, lines: list[Text] | list[str] | list[Text | str]) -> None:
    """Print lines already fitted to the console's width, in one go.

    On a plain console (render.text.PlainConsole) they are written as they are: what rich prints
    of a line there is its text (tabs expanded); anywhere else rich prints them, with styles."""
    from rich.text import Text

    from briefing.render.text import is_plain

    if not lines:
        return
    if is_plain(console):
        console.write_plain("".join((line if isinstance(line, str) else _plain_line(console, line)) + "\n" for line in lines))
        return
    console.print(Text("\n").join(_rich(line) for line in lines), no_wrap=True, overflow="ignore", crop=False)


def _plain_line(console: Console, line: Text) -> str:
    """What rich prints of a line with no_wrap and overflow="ignore": its text, tabs expanded."""
    if "\t" not in line.plain:
        return line.plain
    line = line.copy()
    line.expand_tabs((console.tab_size if line.tab_size is None else line.tab_size) or 8)
    return line.plain


class LineBuffer:
    """Stands in for a console: Text is wrapped to the width and kept, then printed in one go
    (rich's print costs a lot per call, which tells on a note with hundreds of meetings). Any
    other renderable, such as a table, is printed in its place.

    On a plain console the lines are kept as plain strings, and a str may be printed in place
    of a Text (taken as its plain text: see render.text.styler)."""

    def __init__(self, console: Console) -> None:
        from briefing.render.text import is_plain

        self.console = console
        self.width = console.width
        self.plain = is_plain(console)
        self.lines: list[Text | str] = []

    def print(self, *objects: object) -> None:
        from rich.text import Text

        from briefing.render.layout import wrap

        if not objects:
            self.lines.append("" if self.plain else Text(""))
        for obj in objects:
            if isinstance(obj, (Text, str)):
                if not _plain(obj):
                    self.lines.append("" if self.plain else Text(""))
                elif isinstance(obj, Text) and (obj.justify or obj.overflow or obj.no_wrap):  # its own way to wrap
                    self.lines.extend(_wrap_any(self.console, obj, self.width) if self.plain else obj.wrap(self.console, self.width))
                else:  # dates kept whole, bullets hanging (render.layout)
                    self.lines.extend(wrap(_plain(obj) if self.plain else _rich(obj), self.width))
            else:
                self.flush()
                self.console.print(obj)

    def add(self, lines: list[Text] | list[str]) -> None:
        self.lines.extend(lines)

    def add_indented(self, texts: list[Text] | list[str], indent: int = 2) -> None:
        """Each text wrapped to the width less the indent, and indented."""
        for text in texts:
            self.lines.extend(indented(self.console, text, indent, self.width))

    def flush(self) -> None:
        print_lines(self.console, self.lines)
        self.lines = []
