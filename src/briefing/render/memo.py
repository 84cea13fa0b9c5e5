"""The frame every report shares: the Markdown memo (title, as-of, command, data, skipped files,
sources as footnotes), the JSON dump, and the text header and footer.

Markdown and JSON are plain strings. A footnote definition `[^1]: ...` is GFM syntax; in plain
CommonMark it must stay a paragraph, never turn into a link reference definition, so every
footnote has at least two words and ends with a full stop.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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


def text_header(console: Console | LineBuffer, title: str, meta: ReportMeta, extra: str = "") -> None:
    from briefing.render.text import t

    console.print(t(title, "bold"))
    line = f"as of {meta.as_of.isoformat()} · {meta.records} meeting records"
    if meta.skipped:
        line += f" · {len(meta.skipped)} file(s) skipped"
    console.print(t(line + (f" · {extra}" if extra else ""), "dim"))


def text_sources(console: Console | LineBuffer, sources: Iterable[Source], title: str = "Sources") -> None:
    from rich.text import Text
    from briefing.render.text import t

    items = list(sources)
    if not items:
        return
    console.print()
    console.print(Text(title, style="bold underline"))
    for number, s in enumerate(items, start=1):
        console.print(Text(f"[{number}] ") + t(source_text(s)))


def side_by_side(console: Console, left: Text, right: Text, left_width: int, gap: int = 2) -> list[Text]:
    """Lines of two columns: `left` wrapped to left_width, `right` to the rest of the width.

    Much faster than a rich Table for long lists (a table measures every cell of every row)."""
    from rich.text import Text

    right_width = max(console.width - left_width - gap, 20)
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


def columns(console: Console, header: list[str], rows: list[list[Text]], widest: list[int | None], indent: int = 0) -> list[Text]:
    """A plain table as lines: each column as wide as its widest cell (at most `widest[i]`; None
    takes the width that is left), cells wrapped within it, columns two spaces apart."""
    from rich.text import Text

    gap = 2
    cells = [[Text(h, style="bold") for h in header], *rows]
    widths = [max(c[i].cell_len for c in cells) for i in range(len(header))]
    fixed = [min(w, cap) if cap else w for w, cap in zip(widths, widest)]
    free = console.width - indent - gap * (len(header) - 1) - sum(w for w, cap in zip(fixed, widest) if cap is not None)
    fixed = [max(min(w, free), 8) if cap is None else w for w, cap in zip(fixed, widest)]
    lines = []
    for row in cells:
        wrapped = [cell.wrap(console, width) if cell.plain else [Text("")] for cell, width in zip(row, fixed)]
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


def indented(console: Console, text: Text, indent: int = 2) -> list[Text]:
    from rich.text import Text

    return side_by_side(console, Text(""), text, 0, indent)


def print_lines(console: Console, lines: list[Text]) -> None:
    """Print lines already fitted to the console's width, in one go."""
    from rich.text import Text

    if lines:
        console.print(Text("\n").join(lines), no_wrap=True, overflow="ignore", crop=False)


class LineBuffer:
    """Stands in for a console: Text is wrapped to the width and kept, then printed in one go
    (rich's print costs a lot per call, which tells on a note with hundreds of meetings). Any
    other renderable, such as a table, is printed in its place."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.width = console.width
        self.lines: list[Text] = []

    def print(self, *objects: object) -> None:
        from rich.text import Text

        if not objects:
            self.lines.append(Text(""))
        for obj in objects:
            if isinstance(obj, Text):
                self.lines.extend(obj.wrap(self.console, self.width) if obj.plain else [Text("")])
            else:
                self.flush()
                self.console.print(obj)

    def add(self, lines: list[Text]) -> None:
        self.lines.extend(lines)

    def flush(self) -> None:
        print_lines(self.console, self.lines)
        self.lines = []


def text_section(console: Console | LineBuffer, title: str) -> None:
    from rich.text import Text

    console.print()
    console.print(Text(title, style="bold underline"))
