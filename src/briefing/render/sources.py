"""A record's sources in words: as a line of plain text (text reports, the calendar) and the
pieces a Markdown memo cites them with."""

from __future__ import annotations

from briefing.model import Source


def source_words(s: Source) -> list[str]:
    """A source's facts in citation order (without its note)."""
    bits = [s.author, s.publisher, s.published.display() if s.published else None, s.kind.value if s.kind else None]
    return [b for b in bits if b]


def source_text(s: Source) -> str:
    """A source as one line of plain text (for text output)."""
    line = ", ".join([f"“{s.title}”", *source_words(s)])
    return f"{line}. {s.url}" if s.url else f"{line}."
