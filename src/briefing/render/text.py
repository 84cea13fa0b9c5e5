"""rich helpers: record text always reaches rich as `Text`, never as markup."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from rich.console import Console
from rich.control import STRIP_CONTROL_CODES, strip_control_codes
from rich.text import Text

_STRIPPED = re.compile("[" + "".join(re.escape(chr(code)) for code in STRIP_CONTROL_CODES) + "]")


def t(value: object, style: str = "") -> Text:
    """Record text as a rich Text (no markup parsing, no emoji codes). The style is a span over
    the text, not the Text's own style: pieces joined with `+` keep each its own style (a title's
    bold does not spread to the context after it)."""
    text = Text("" if value is None else str(value))
    if style:
        text.stylize(style)
    return text


def t_plain(value: object) -> str:
    """`t(value).plain` without making a Text: the text less the control codes rich drops."""
    text = "" if value is None else str(value)
    if text.isprintable():  # no control code at all (the usual text): quicker to tell than searching
        return text
    return strip_control_codes(text) if _STRIPPED.search(text) else text


def joined(values: Iterable[object], sep: str = ", ") -> Text:
    return Text(sep.join(str(v) for v in values))


class PlainConsole(Console):
    """A console for plain text (no terminal, no colour), on which the long reports may skip
    rich: lines they have fitted to the width as plain strings are written straight out.

    Anything printed through rich prints as on any console, so a report that knows nothing of
    this class writes the same text. `render.lines` decides when a line can skip rich (only where
    the result is certain to be the same)."""

    def write_plain(self, text: str) -> None:
        """Write text as it is, after everything printed so far (each `print` has already
        reached the file: nothing here prints inside `with console:`)."""
        self.file.write(text)


def is_plain(console: object) -> bool:
    """Whether this console (or the console behind a render.lines.LineBuffer) is plain."""
    return isinstance(console, PlainConsole) or isinstance(getattr(console, "console", None), PlainConsole)


def _plain_t(value: object, style: str = "") -> str:
    return t_plain(value)


def styler(console: object) -> Callable[..., Text | str]:
    """`t` for this console: a styled Text, or on a plain console just its plain text as a str
    (t_plain), which render.lines' helpers take in place of a Text. Pieces join with `+`
    either way: `mk = styler(console); mk(title, styles.TITLE) + mk(" (held)", styles.CONTEXT)`."""
    return _plain_t if is_plain(console) else t
