"""Text reports on the screen: how wide, in colour or not, through a pager or not; and a spinner
while records load.

- Width: `--width N`; else at a terminal its width, piped `$COLUMNS`, else 80. A file (`-o`) is
  `--width` wide, else 80.
- Colour: at a terminal, unless `NO_COLOR` is set; piped only when `FORCE_COLOR` is set (and
  `NO_COLOR` is not: it wins); never in a file. Without colour the text is plain: no escape codes,
  no trailing spaces.
- Pager: at a terminal (standard input and output), a report taller than the screen goes to
  `$PAGER` (else less, else more);
  less gets `LESS=FRX` unless `LESS` is set, so it shows the colours and quits on a short page.
  `--no-pager` prints straight out; piped or with `-o` there is never a pager.
- Spinner: at a terminal (standard output and error both), loading records that takes more than
  a second shows a spinner on standard error, gone once the records are read; never when piped.

The options are declared once here (`WidthOpt`, `PagerOpt`) and every report command takes them;
their values are kept for the command that is running (`settings`), which `text_output` reads.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Optional

import typer

from briefing.cli.streams import drop_stdout, is_utf8

MIN_WIDTH, MAX_WIDTH = 40, 1000
STATUS_AFTER = 1.0  # seconds of loading before the spinner shows ($BRIEFING_STATUS_AFTER)


@dataclass
class Settings:
    width: int | None = None  # --width
    pager: bool = True  # --no-pager: False


settings = Settings()


def _set_width(value: Optional[int]) -> Optional[int]:
    settings.width = value
    return value


def _set_pager(value: bool) -> bool:
    settings.pager = value
    return value


WidthOpt = Annotated[
    Optional[int],
    typer.Option(
        "--width", metavar="N", min=MIN_WIDTH, max=MAX_WIDTH, callback=_set_width, show_default=False,
        help=f"Lay text out N columns wide ({MIN_WIDTH}-{MAX_WIDTH}) [default: the terminal's; piped, $COLUMNS, else 80].",
    ),
]
PagerOpt = Annotated[
    bool,
    typer.Option(
        "--pager/--no-pager", callback=_set_pager,
        help="At a terminal, show text taller than the screen in $PAGER (else less) [default: --pager].", show_default=False,
    ),
]


# -- width and colour --------------------------------------------------------------------------------


def _columns() -> int | None:
    value = os.environ.get("COLUMNS", "").strip()
    return int(value) if value.isdigit() and MIN_WIDTH <= int(value) <= MAX_WIDTH else None


def terminal_size() -> os.terminal_size:
    try:
        return os.get_terminal_size(sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        return os.terminal_size((80, 24))


def text_width(output: Path | None = None) -> int:
    """The width of text output: --width; for a file 80; at a terminal its width ($COLUMNS if
    set, as rich reads it); piped $COLUMNS, else 80."""
    if settings.width is not None:
        return settings.width
    if output is not None:
        return 80
    if sys.stdout.isatty():
        columns = _columns() or terminal_size().columns
        return columns if columns >= MIN_WIDTH else 80
    return _columns() or 80


def in_colour(output: Path | None = None) -> bool:
    if output is not None or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty() or bool(os.environ.get("FORCE_COLOR"))


# -- writing a report ----------------------------------------------------------------------------------


def text_output(render, output: Path | None, force: bool) -> None:  # type: ignore[no-untyped-def]
    """Render a text report with rich and write it: see the module's docstring for the width,
    the colour and the pager. Plain text is written a piece at a time (a long timeline is never
    held twice); text for the pager is held whole, to count its lines."""
    from briefing.cli.common import emit

    width = text_width(output)
    paging = output is None and settings.pager and sys.stdout.isatty() and _is_tty(sys.stdin)  # (as pydoc: keys to read)
    if not in_colour(output):
        if paging:
            _show(plain_text(render, width))
        else:
            emit(plain_chunks(render, width), output, force)
        return
    from rich.console import Console

    if not paging and sys.stdout.isatty() and is_utf8(getattr(sys.stdout, "encoding", None)):
        _live(lambda: render(_console(width)))
        return
    # Held whole: for the pager, or piped with FORCE_COLOR, or in an encoding other than UTF-8
    # (a character it cannot hold then fails before anything is written).
    console: Console = _console(width, force_terminal=True)
    with console.capture() as captured:
        render(console)
    text = captured.get()
    if paging:
        _show(text)
    else:
        emit(text, None, False)


def _console(width: int, force_terminal: bool | None = None):  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(width=width, force_terminal=force_terminal, highlight=False, emoji=False, markup=False, soft_wrap=False)


def _live(write) -> None:  # type: ignore[no-untyped-def]
    """Write to the terminal as rich prints: a reader gone or a failed write as emit treats them."""
    from briefing.cli.common import EXIT_OK, EXIT_PROBLEMS, fail

    try:
        write()
        sys.stdout.flush()
    except BrokenPipeError:
        drop_stdout()
        raise typer.Exit(EXIT_OK) from None
    except OSError as exc:
        drop_stdout()
        fail(f"cannot write to standard output: {exc.strerror or exc}", EXIT_PROBLEMS)


def _show(text: str) -> None:
    """Text for a terminal: through the pager when taller than the screen, else straight out."""
    from briefing.cli.common import emit

    if text.count("\n") < terminal_size().lines:
        emit(text, None, False)
        return
    if not is_utf8(getattr(sys.stdout, "encoding", None)) or not page(text):
        emit(text, None, False)


def page(content: str) -> bool:
    """Show text in the pager (`ScreenPager`, rich's pager interface); False if there is none."""
    from rich.pager import Pager

    class ScreenPager(Pager):
        """rich's pager interface, run as git runs one: $PAGER through the shell, else less (with
        LESS=FRX unless LESS is set: colours, and no pager for a short page), else more. `show` is
        False when there is none to run (then the caller prints the text itself)."""

        def show(self, content: str) -> bool:  # type: ignore[override]
            import shutil
            import subprocess

            command = os.environ.get("PAGER", "").strip() or next((p for p in ("less", "more") if shutil.which(p)), "")
            if not command:
                return False
            env = {**os.environ, "LESS": os.environ.get("LESS", "FRX"), "LV": os.environ.get("LV", "-c")}
            try:
                proc = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
            except OSError:
                return False
            assert proc.stdin is not None
            try:
                proc.stdin.write(content.encode("utf-8"))
                proc.stdin.close()
            except OSError:  # the reader quit before the end (BrokenPipeError)
                pass
            while True:
                try:
                    proc.wait()
                    break
                except KeyboardInterrupt:  # the pager has the terminal: Ctrl-C is for it
                    continue
            return proc.returncode != 127  # 127: the shell found no such command; print the text instead

    return ScreenPager().show(content)


def plain_text(render, width: int = 80) -> str:  # type: ignore[no-untyped-def]
    """What `render` prints on a console of this width, as plain text."""
    return b"".join(plain_chunks(render, width)).decode("utf-8")


def plain_chunks(render, width: int = 80, chunk: int = 1 << 20) -> Iterator[bytes]:  # type: ignore[no-untyped-def]
    """What `render` prints on a console of this width, as UTF-8, a megabyte at a time, each
    line without trailing spaces: a timeline of thirty thousand meetings is never held twice.

    The console is a PlainConsole: a rich console on which the long reports write the lines
    they fitted themselves straight out, without rich's print (the same text, much faster)."""
    import io

    from briefing.render.text import PlainConsole

    buffer = io.StringIO()
    console = PlainConsole(
        file=buffer, width=width, color_system=None, force_terminal=False, highlight=False, emoji=False, markup=False
    )
    render(console)
    text = buffer.getvalue()
    buffer.close()
    start = 0
    while start < len(text):
        end = text.find("\n", start + chunk)  # pieces end at a line's end (text holds no \r)
        end = len(text) if end < 0 else end + 1
        yield "".join(line.rstrip() + "\n" for line in text[start:end].splitlines()).encode("utf-8")
        start = end


# -- a spinner while records load --------------------------------------------------------------------


@contextmanager
def loading(folder: Path) -> Iterator[None]:
    """A transient spinner on standard error while the records load, once loading has taken
    more than STATUS_AFTER seconds, at a terminal only (standard output and error both)."""
    if not (_is_tty(sys.stderr) and _is_tty(sys.stdout)) or os.environ.get("TERM") == "dumb":
        yield
        return
    import threading

    from rich.console import Console
    from rich.text import Text

    from briefing.text import one_line

    try:
        after = float(os.environ.get("BRIEFING_STATUS_AFTER", STATUS_AFTER))
    except ValueError:
        after = STATUS_AFTER
    console = Console(stderr=True, highlight=False, emoji=False, markup=False)
    status = console.status(Text(f"Reading the records in {one_line(str(folder))}…"), spinner="dots")
    lock = threading.Lock()
    done = False

    def begin() -> None:
        with lock:
            if not done:
                status.start()
                status.update()  # drawn now, not at the first tick

    timer = threading.Timer(after, begin)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            done = True
            status.stop()


def _is_tty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False
