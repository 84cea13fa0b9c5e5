"""rich helpers: record text always reaches rich as `Text`, never as markup."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text


def t(value: object, style: str = "") -> Text:
    """Record text as a rich Text (no markup parsing, no emoji codes)."""
    return Text("" if value is None else str(value), style=style)


def joined(values: Iterable[object], sep: str = ", ") -> Text:
    return Text(sep.join(str(v) for v in values))
