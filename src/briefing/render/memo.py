"""The frame every report shares: the Markdown memo (title, as-of, command, data, skipped files,
sources as footnotes), the JSON dump, and the text header and footer.

Markdown and JSON are plain strings. A footnote definition `[^1]: ...` is GFM syntax; in plain
CommonMark it must stay a paragraph, never turn into a link reference definition, so every
footnote has at least two words and ends with a full stop.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

from pydantic import BaseModel

from briefing.model import Source
from briefing.reports.common import ReportMeta
from briefing.reports.items import source_key
from briefing.render import markdown as md

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

_URL = re.compile(r"https?://[^\s<>\\`]+")


def dump_json(report: BaseModel) -> str:
    """The report model as JSON: dates as objects with ISO days, display and precision.

    Serialised by pydantic-core (the same text as json.dumps(indent=2, ensure_ascii=False) of
    model_dump(mode="json"), five times faster: a 10,000-meeting timeline is 9 MB)."""
    return report.model_dump_json(indent=2) + "\n"


# -- sources ---------------------------------------------------------------------------------------


def source_words(s: Source) -> list[str]:
    """A source's facts in citation order (without its note)."""
    bits = [s.author, s.publisher, s.published.display() if s.published else None, s.kind.value if s.kind else None]
    return [b for b in bits if b]


def source_text(s: Source) -> str:
    """A source as one line of plain text (for text output)."""
    line = ", ".join([f"“{s.title}”", *source_words(s)])
    return f"{line}. {s.url}" if s.url else f"{line}."


def code_span(text: str) -> str:
    """Inline code holding any text: a fence longer than any run of backticks inside."""
    text = " ".join(text.split())
    longest = max((len(r) for r in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


class Memo:
    """A Markdown memo under construction. Cite sources with `cite`; `render` adds the footnotes."""

    def __init__(self, title: str, meta: ReportMeta) -> None:
        self.meta = meta
        self.lines: list[str] = [md.heading(1, md.escape(title)), ""]
        self.lines.append(
            f"As of {meta.as_of.isoformat()}. Made with {code_span(meta.command)} "
            f"from {meta.records} meeting record{'s' if meta.records != 1 else ''} "
            f"(records digest {code_span(meta.digest or 'none')})."
        )
        self.lines += ["", md.escape(home_words(meta)) + "."]
        if meta.skipped:
            names = ", ".join(code_span(p) for p in meta.skipped)
            self.lines += [
                "",
                f"> **Incomplete:** {len(meta.skipped)} record file{'s' if len(meta.skipped) != 1 else ''} "
                f"failed to load and {'are' if len(meta.skipped) != 1 else 'is'} not in this memo: {names}. "
                "Run `briefing check` for details.",
            ]
        self._notes: dict[tuple[str, str | None, str | None], int] = {}
        self._sources: list[Source] = []

    def section(self, title: str, level: int = 2) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
        self.lines += [md.heading(level, md.escape(title)), ""]

    def para(self, text: str) -> None:
        """An already-escaped paragraph."""
        self.lines += ["", text] if self.lines and self.lines[-1] != "" else [text]

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def table(self, headers: list[str], rows: list[list[str]]) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
        self.lines += md.table(headers, rows)

    def cite(self, sources: Iterable[Source]) -> str:
        """Footnote markers for these sources: `[^1][^2]`; identical sources share a number."""
        marks = []
        for s in sources:
            key = source_key(s)
            if key not in self._notes:
                self._sources.append(s)
                self._notes[key] = len(self._sources)
            mark = f"[^{self._notes[key]}]"
            if mark not in marks:
                marks.append(mark)
        return "".join(marks)

    def render(self) -> str:
        out = list(self.lines)
        if self._sources:
            out += ["", md.heading(2, "Sources"), ""]
            for number, s in enumerate(self._sources, start=1):
                out.append(f"[^{number}]: {footnote(s)}")
        while out and out[-1] == "":
            out.pop()
        return "\n".join(out) + "\n"


def footnote(s: Source) -> str:
    words = [md.escape(w) for w in source_words(s)]
    body = ", ".join([f"“{md.escape(s.title)}”", *words]) if words else f"“{md.escape(s.title)}”, no author, publisher or date given"
    if s.url:
        url = " ".join(s.url.split())
        link = f"<{url}>" if _URL.fullmatch(url) else md.escape(url)
        body += f", {link}"
    return body + "."


# -- text ------------------------------------------------------------------------------------------


def home_words(meta: ReportMeta) -> str:
    """Whose briefing it is, said once at the top of every report."""
    if meta.home is None:
        return "No home side set (briefing.toml or --home): no side is told apart as ours"
    return f"Home side: {meta.home.name} (from {meta.home.set_by})"


def text_header(console: Console | LineBuffer, title: str, meta: ReportMeta, extra: str = "") -> None:
    from briefing.render.text import t

    console.print(t(title, "bold"))
    line = f"as of {meta.as_of.isoformat()} · {meta.records} meeting records"
    line += f" · home side: {meta.home.name}" if meta.home is not None else " · no home side set"
    if meta.skipped:
        line += f" · {len(meta.skipped)} file(s) skipped"
    console.print(t(line + (f" · {extra}" if extra else ""), "dim"))


def text_sources(console: Console | LineBuffer, sources: Iterable[Source], title: str = "Sources") -> None:
    from rich.text import Text
    from briefing.render.text import styler, t

    items = list(sources)
    if not items:
        return
    console.print()
    console.print(Text(title, style="bold underline"))
    mk = styler(console) if isinstance(console, LineBuffer) else t  # a str goes only to a LineBuffer
    for number, s in enumerate(items, start=1):
        console.print(mk(f"[{number}] ") + mk(source_text(s)))


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
    """`Text(text).wrap(console, width)` as plain strings, without making Text: the same lines.

    Each line is wrapped as Text.wrap does it, with rich's break points (rich._wrap.divide_line;
    for a line of one-cell characters, the same steps counting characters), trailing spaces
    trimmed by characters, cropped to the width in cells. A line with a tab goes to Text.wrap."""
    from rich.text import Text

    lines: list[str] = []
    for line in text.split("\n"):  # as Text.split("\n", allow_blank=True)
        if _one_cell_each(line):  # (a tab is not: it takes no cell)
            if len(line) <= width:
                lines.append(line)
                continue
            offsets = _divide_one_cell(line, width)
            if offsets is not None:
                lines.extend(_wrap_line(line, width, offsets, one_cell=True))
                continue
        if fits(line, width):
            lines.append(line)
        elif "\t" in line or _divide_line() is None:
            lines.extend(part.plain for part in Text(line).wrap(console, width))
        else:
            lines.extend(_wrap_line(line, width, _divide_line()(line, width, fold=True)))
    return lines


@cache
def _divide_line():  # type: ignore[no-untyped-def]
    """rich's break points for a line (what Text.wrap uses), or None if this rich has none."""
    try:
        from rich._wrap import divide_line
    except ImportError:  # then Text.wrap does all the wrapping
        return None
    return divide_line


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


_WORD = re.compile(r"(\s*\S+)\s*")  # a word and the spaces after it, as in rich._wrap


def _divide_one_cell(text: str, width: int) -> list[int] | None:
    """rich._wrap.divide_line(text, width, fold=True) for a line of one-cell characters.

    divide_line goes word by word, counting the cells used on the line so far: a word that fits
    (without its trailing spaces) is added; one wider than the whole width is folded over lines
    (rich.cells.chop_cells); any other goes to a new line. With one cell per character, the
    cells used when word j comes up are (start of j) - (start of the line), so the first word
    that does not fit is the first whose end without spaces passes (line start) + width: found
    by bisection instead of a step per word. None: do it with divide_line itself."""
    from bisect import bisect_right

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


def _wrap_line(line: str, width: int, offsets: list[int], one_cell: bool = False) -> list[str]:
    """Text(line).wrap(console, width) for a line with no newline or tab (default justify and
    overflow "fold") broken at these offsets, step by step, as plain strings. `one_cell`: every
    character of the line takes one cell."""
    from rich.cells import cell_len, set_cell_size

    if offsets:
        bounds = [0, *offsets, len(line)]
        pieces = [line[start:end] for start, end in zip(bounds, bounds[1:])]
    else:
        pieces = [line]
    out = []
    for piece in pieces:
        if len(piece) > width:  # Text.rstrip_end(width)
            spaces = _TRAILING_SPACE.search(piece)
            if spaces is not None:
                piece = piece[: -min(len(spaces.group()), len(piece) - width)]
        if (len(piece) if one_cell else cell_len(piece)) > width:  # Text.truncate(width, overflow="fold")
            piece = set_cell_size(piece, width)
        out.append(piece)
    return out


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
    console: Console, header: list[str], rows: list[list[Text]] | list[list[str]], widest: list[int | None], indent: int = 0
) -> list[Text] | list[str]:
    """A plain table as lines: each column as wide as its widest cell (at most `widest[i]`; None
    takes the width that is left), cells wrapped within it, columns two spaces apart.
    On a plain console the lines (and the cells may be) plain strings, as in side_by_side."""
    from rich.cells import cell_len
    from rich.text import Text

    from briefing.render.text import is_plain, t_plain

    gap = 2
    plain = is_plain(console)
    cells = [[t_plain(h) if plain else Text(h, style="bold") for h in header], *rows]
    widths = [max(cell_len(_plain(c[i])) for c in cells) for i in range(len(header))]
    fixed = [min(w, cap) if cap else w for w, cap in zip(widths, widest)]
    free = console.width - indent - gap * (len(header) - 1) - sum(w for w, cap in zip(fixed, widest) if cap is not None)
    fixed = [max(min(w, free), 8) if cap is None else w for w, cap in zip(fixed, widest)]
    if plain:
        plain_lines = []
        last = len(fixed) - 1
        for row in cells:
            texts = [_wrap_any(console, cell, width) if _plain(cell) else [""] for cell, width in zip(row, fixed)]
            for i in range(max(len(w) for w in texts)):
                parts = []
                for j, (w, width) in enumerate(zip(texts, fixed)):
                    part = w[i].rstrip() if i < len(w) else ""
                    if j < last:
                        part += " " * (width - cell_len(part) + gap)
                    parts.append(part)
                plain_lines.append((" " * indent + "".join(parts)).rstrip())
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

        if not objects:
            self.lines.append("" if self.plain else Text(""))
        for obj in objects:
            if isinstance(obj, (Text, str)):
                if not _plain(obj):
                    self.lines.append("" if self.plain else Text(""))
                elif self.plain:
                    self.lines.extend(_wrap_any(self.console, obj, self.width))
                else:
                    self.lines.extend(_rich(obj).wrap(self.console, self.width))
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


def text_section(console: Console | LineBuffer, title: str) -> None:
    from rich.text import Text

    console.print()
    console.print(Text(title, style="bold underline"))
