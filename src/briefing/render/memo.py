"""The Markdown memo every report's `-f markdown` is written in: title, as-of, command, data,
skipped files, sources as footnotes.

Markdown and JSON are plain strings. A footnote definition `[^1]: ...` is GFM syntax; in plain
CommonMark it must stay a paragraph, never turn into a link reference definition, so every
footnote has at least two words and ends with a full stop.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from briefing.model import Source
from briefing.reports.common import ReportMeta
from briefing.reports.items import source_key
from briefing.render import markdown as md
from briefing.render.sources import source_words

_URL = re.compile(r"https?://[^\s<>\\`]+")


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


def home_words(meta: ReportMeta) -> str:
    """Whose briefing it is, said once at the top of every report."""
    if meta.home is None:
        return "No home side set (briefing.toml or --home): no side is told apart as ours"
    return f"Home side: {meta.home.name} (from {meta.home.set_by})"
