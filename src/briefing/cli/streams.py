"""Standard output and error as expected failures: closed, full, gone, or in a narrow encoding.

- Standard output that cannot take the report (a full disk, closed, an I/O error) is exit 1 with
  one line saying so; a reader that goes away (`| head`) is not an error (exit 0).
- An encoding of standard output that cannot hold a character of a text, Markdown or iCalendar
  report (PYTHONIOENCODING=latin-1, an ascii locale) is exit 1 before anything is written:
  a report is quoted, and a replaced character would be a misquote. JSON is written whole in
  any encoding, the characters the encoding lacks as \\u escapes (the same JSON data).
- Standard error closed or full never changes the exit code: diagnostics are then lost, not fatal.
"""

from __future__ import annotations

import codecs
import errno
import os
import sys
import unicodedata
from collections.abc import Iterable


class OutputFailed(Exception):
    """Standard output could not take the report; the message is for the user."""


class _Closed:
    """Stands in for a standard stream that was closed before the command started."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.encoding = "utf-8"
        self.errors = "strict"

    def _fail(self, *args: object) -> None:
        raise OSError(errno.EBADF, "it is closed")

    write = writelines = _fail

    def flush(self) -> None:
        pass  # nothing was written, so nothing is lost

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(errno.EBADF, "it is closed")

    @property
    def buffer(self) -> _Closed:
        return self


def guard_standard_streams() -> None:
    """Before anything else: a closed standard stream gets /dev/null on its descriptor (so no file
    the command opens can land on 0, 1 or 2); a closed stdout then fails every write with a clear
    message, a closed stderr takes diagnostics and drops them."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            try:
                held = os.open(os.devnull, os.O_RDWR)
            except OSError:
                continue
            if held != fd:  # cannot be (the lowest free descriptor is taken), but never keep a stray one
                os.close(held)
    if sys.stdout is None:
        sys.stdout = _Closed("stdout")  # type: ignore[assignment]
    if sys.stderr is None:
        try:
            sys.stderr = open(os.devnull, "w", encoding="utf-8", errors="backslashreplace")
        except OSError:
            sys.stderr = _Closed("stderr")  # type: ignore[assignment]


def say(text: str) -> None:
    """Write a diagnostic to standard error; if it cannot take it (closed, full), drop it."""
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass


def reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def is_utf8(encoding: str | None) -> bool:
    try:
        return codecs.lookup(encoding or "utf-8").name == "utf-8"
    except LookupError:
        return False


def _json_escape(exc: UnicodeError) -> tuple[str, int]:
    """Characters an encoding lacks, as JSON escapes (\\uXXXX, a surrogate pair above U+FFFF)."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for ch in exc.object[exc.start : exc.end]:
        code = ord(ch)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), exc.end


codecs.register_error("briefing.json", _json_escape)


def _encoded(text: str, encoding: str, json: bool) -> bytes:
    """The text in this encoding, or OutputFailed naming the first character it cannot hold."""
    try:
        return text.encode(encoding, "briefing.json" if json else "strict")
    except UnicodeEncodeError as exc:
        ch = exc.object[exc.start]
        line = exc.object.count("\n", 0, exc.start) + 1
        name = unicodedata.name(ch, "")
        raise OutputFailed(
            f"standard output is {encoding}, which cannot hold U+{ord(ch):04X}{' ' + name if name else ''} "
            f"(first on line {line}); nothing was written. Set PYTHONIOENCODING=utf-8 (or use a UTF-8 "
            "locale), or write a file with --output (always UTF-8)"
        ) from None


def write_stdout(content: str | Iterable[bytes], *, json: bool = False) -> None:
    """Write a report (text, or UTF-8 in pieces) to standard output and flush it.

    BrokenPipeError passes through (the caller treats a reader that went away as success); any
    other failure is OutputFailed. In an encoding other than UTF-8 the whole report is encoded
    before a byte is written, so a character it cannot hold leaves standard output empty.
    """
    out = sys.stdout
    encoding = getattr(out, "encoding", None) or "utf-8"
    try:
        if is_utf8(encoding):
            if isinstance(content, str):
                out.write(content)
            else:
                out.flush()
                _widen_pipe(out)
                for chunk in content:
                    out.buffer.write(chunk)
        else:
            text = content if isinstance(content, str) else b"".join(content).decode("utf-8")
            data = _encoded(text, encoding, json)
            out.flush()
            out.buffer.write(data)
        out.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputFailed(f"cannot write to standard output: {reason(exc)}") from None


def _widen_pipe(stream: object) -> None:
    """Megabytes written to a pipe go 64 KiB at a time, each waiting for the reader to take the
    last: on Linux a pipe can hold up to a megabyte (fs.pipe-max-size), so ask for that."""
    import stat

    try:
        import fcntl

        fd = stream.fileno()  # type: ignore[attr-defined]
        if stat.S_ISFIFO(os.fstat(fd).st_mode):
            fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError, ValueError):  # not Linux, not a pipe, not allowed
        pass


def drop_stdout() -> None:
    """Standard output failed or its reader went away: what is still buffered for it must not be
    written at exit, where it would fail again (and Python would print "Exception ignored")."""
    try:
        if sys.stdout is sys.__stdout__ and sys.stdout is not None:
            null = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(null, sys.stdout.fileno())  # the stream's last flush goes nowhere, quietly
            finally:
                os.close(null)
    except (OSError, ValueError, AttributeError):
        pass
    try:
        sys.stdout = open(os.devnull, "w")
    except OSError:
        pass


def flush_stdout() -> str | None:
    """Flush standard output at the end of a command: None if fine (or the reader went away),
    else the message for a failure."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        drop_stdout()
    except (OSError, ValueError) as exc:
        drop_stdout()
        return f"cannot write to standard output: {reason(exc) if isinstance(exc, OSError) else exc}"
    return None
