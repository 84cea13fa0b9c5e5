"""The Markdown memo every report's `-f markdown` is written in: an optional header block (handling
marking, To, From, Date, Subject), title, as-of and provenance, the report, and its sources.

Sources are numbered references to one list: `[1]` or `[1, 3]` in the text (escaped brackets,
so never a link), and `## Sources` an ordered list, number n the source cited as n. This renders
the same in pandoc, GitHub (cmark-gfm) and markdown-it: a footnote per citation would not (pandoc
makes a note of every use of a footnote, 14 notes for 3 sources). The memo is plain text, never
hard-wrapped: a renderer fits paragraphs to its own page.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

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
    """A Markdown memo under construction. Cite sources with `cite`; `render` adds the list."""

    def __init__(self, title: str, meta: ReportMeta) -> None:
        self.meta = meta
        self.lines: list[str] = [md.heading(1, md.escape(title)), ""]
        self.lines.append(
            f"As of {meta.as_of.isoformat()}. Made with {code_span(meta.command)} "
            f"from {meta.records} meeting record{'s' if meta.records != 1 else ''} "
            f"(records digest {code_span(meta.digest or 'none')})."
            + (f" Left out: {meta.later} record{'s' if meta.later != 1 else ''} made after that day." if meta.later else "")
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
        """The reference to these sources: `\\[1, 2\\]` (shown as [1, 2]); identical sources
        share a number, numbered as first cited; '' for none."""
        numbers: list[int] = []
        for s in sources:
            key = source_key(s)
            if key not in self._notes:
                self._sources.append(s)
                self._notes[key] = len(self._sources)
            if self._notes[key] not in numbers:
                numbers.append(self._notes[key])
        return "\\[" + ", ".join(str(n) for n in numbers) + "\\]" if numbers else ""

    def render(self) -> str:
        out = list(self.lines)
        if self._sources:
            out += ["", md.heading(2, "Sources"), ""]
            for number, s in enumerate(self._sources, start=1):
                out.append(f"{number}. {reference(s)}")
        while out and out[-1] == "":
            out.pop()
        return "\n".join(out) + "\n"


def reference(s: Source) -> str:
    """A source as an item of the memo's Sources list."""
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


@dataclass(frozen=True)
class MemoHeader:
    """The header block of a memo that is sent: who to, who from, what about, its handling
    marking (shown first and last, as on a paper memo). Empty values are left out."""

    to: str | None = None
    from_: str | None = None
    subject: str | None = None
    marking: str | None = None

    def __bool__(self) -> bool:
        return any((v or "").strip() for v in (self.to, self.from_, self.subject, self.marking))


def day_words(day: dt.date) -> str:
    """2 December 2026."""
    return f"{day.day} {day:%B %Y}"


def with_header(memo: str, header: MemoHeader | None, as_of: dt.date) -> str:
    """The memo with its header block under the title (To, From, Date, Subject; the subject is the
    title unless given) and its marking as the first and the last line. No header: as it is."""
    if not header:
        return memo
    title, _, rest = memo.partition("\n")
    fields = [("To", header.to), ("From", header.from_), ("Date", day_words(as_of)), ("Subject", header.subject or title[2:])]
    shown = [f"**{name}:** {value if name == 'Subject' and not header.subject else md.escape(value)}" for name, value in fields if value and value.strip()]
    block = "\\\n".join(shown)  # a backslash at a line's end: a hard line break in CommonMark and pandoc
    marking = f"**{md.escape(header.marking)}**" if header.marking and header.marking.strip() else None
    lines = [*([marking, ""] if marking else []), title, "", block, "", rest.lstrip("\n")]
    text = "\n".join(lines)
    return text + f"\n{marking}\n" if marking else text
