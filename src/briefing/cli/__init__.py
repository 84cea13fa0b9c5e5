"""The `briefing` command: typer app, "did you mean" for commands, and the last-resort handler."""

from __future__ import annotations

import difflib
import errno
import os
import sys
from typing import Annotated, Any, NoReturn, Optional

import typer
from typer.core import TyperGroup

from briefing import __version__


class SuggestingGroup(TyperGroup):
    """A command group that answers a mistyped command with the closest ones."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else None
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            close = difflib.get_close_matches(name, self.list_commands(ctx), n=2, cutoff=0.5)
            # A second name only when it is about as close as the first ('chek': check, not schema).
            score = [difflib.SequenceMatcher(None, name, c).ratio() for c in close]
            close = [c for c, r in zip(close, score) if r >= score[0] - 0.1]
            hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            from briefing.text import clean

            ctx.fail(f"No such command '{clean(name)}'.{hint}")
        return super().resolve_command(ctx, args)


app = typer.Typer(
    name="briefing",
    cls=SuggestingGroup,
    help="Briefing notes, timelines and what comes next, from a folder of meeting records.",
    no_args_is_help=True,
    add_completion=False,  # `briefing completion SHELL` instead: typer's scripts do not load in zsh, nor quote in bash
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"briefing {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        Optional[bool], typer.Option("--version", help="Show the version and exit.", callback=_version, is_eager=True)
    ] = None,
) -> None:
    """Briefing notes, timelines and what comes next, from a folder of meeting records.

    Records are TOML files, one meeting per file. Every command reads them from --records, else
    $BRIEFING_RECORDS, else the config file's folder (briefing config), else ./records, else the
    records bundled with the tool.
    Exit codes: 0 fine, 1 problems in the records, 2 usage errors.
    """


# Each command module registers its commands; add new modules to this tuple.
from briefing.cli import authoring as _authoring  # noqa: E402
from briefing.cli import config as _config  # noqa: E402
from briefing.cli import edit as _edit  # noqa: E402
from briefing.cli import export as _export  # noqa: E402
from briefing.cli import life as _life  # noqa: E402
from briefing.cli import people as _people  # noqa: E402
from briefing.cli import records as _records  # noqa: E402
from briefing.cli import reports as _reports  # noqa: E402
from briefing.cli import schema as _schema  # noqa: E402
from briefing.cli import search as _search  # noqa: E402
from briefing.cli import shells as _shells  # noqa: E402

for _module in (_records, _authoring, _schema, _life, _edit, _reports, _people, _search, _export, _config, _shells):
    _module.register(app)


# The signals that ended this command, as `run` catches them (a command may turn the exception a
# signal raised into another: it is still the signal that ended it, not a bug).
ENDED_BY: list[int] = []

# An OSError of these kinds, without a file name, escaping a command: standard output failed
# (typer's own output, such as --help, to a full disk or a closed stream).
_OUTPUT_ERRNOS = {getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EFBIG", "EIO", "EBADF") if hasattr(errno, name)}


def main() -> None:
    """Entry point: expected failures exit 1 or 2; anything else asks for a bug report."""
    from briefing.cli import streams

    streams.guard_standard_streams()
    if os.environ.get("_BRIEFING_COMPLETE"):  # a shell asks for candidates (`briefing completion`)
        from typer.completion import completion_init  # typer's shells; its --install-completion is off

        completion_init()
    try:
        app()
    except SystemExit as exc:
        failed = streams.flush_stdout()
        if failed is not None:
            streams.say(f"briefing: {failed}\n")
            if not exc.code:
                sys.exit(1)
        raise
    except KeyboardInterrupt:
        streams.say("briefing: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        streams.drop_stdout()  # the reader went away (e.g. `| head`): not an error of ours
        sys.exit(0)
    except OSError as exc:
        if exc.filename is not None or exc.errno not in _OUTPUT_ERRNOS:
            _internal_error(exc)
        streams.drop_stdout()
        streams.say(f"briefing: cannot write to standard output: {streams.reason(exc)}\n")
        sys.exit(1)
    except Exception as exc:  # the last resort: no traceback unless asked for
        if ENDED_BY or _interrupted(exc):  # a signal, turned into another error by the code it arrived in
            streams.say("briefing: interrupted\n")
            sys.exit(128 + ENDED_BY[0] if ENDED_BY else 130)
        _internal_error(exc)


def _interrupted(exc: BaseException) -> bool:
    """An exception raised while handling (or because of) a KeyboardInterrupt."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


def _internal_error(exc: BaseException) -> NoReturn:
    """A bug: a short message asking for a report (the traceback only with BRIEFING_DEBUG=1).

    The exception's own message may quote record text: it is shown only in the traceback, which
    is printed (cleaned of control characters, without local variables) on request."""
    from briefing.cli.streams import say

    if os.environ.get("BRIEFING_DEBUG") == "1":
        import traceback

        from briefing.text import clean

        say(clean("".join(traceback.format_exception(exc))))
        hint = "the traceback is above"
    else:
        hint = "set BRIEFING_DEBUG=1 to see the traceback"
    say(
        f"briefing: internal error ({type(exc).__name__}). This is a bug; please report it with the "
        f"command you ran ({hint}).\n"
    )
    sys.exit(70)


def run() -> NoReturn:
    """The installed command: `main`, then output flushed and the process ended at once.

    Nothing is left to write once `main` returns (files are written and closed by the commands,
    the cache too), so ending the process at once loses nothing. Nor does the cyclic garbage collector run: a command is
    short, makes next to no cycles, and the collector walking hundreds of thousands of records
    again and again doubled the time of a big load (reference counting still frees everything
    else as usual). SIGTERM ends the command as Ctrl-C does, by an exception, so that what it
    started (worker processes, temporary files) is cleaned up on the way out: exit 143.
    These are settings of the whole process: they are made here, in the console entry point
    alone, never by the library.
    """
    import gc
    import signal

    from briefing.cli import streams

    gc.disable()

    def terminated(signum: int, frame: object) -> None:
        ENDED_BY.append(signum)
        raise SystemExit(128 + signum)

    def interrupted(signum: int, frame: object) -> None:
        ENDED_BY.append(signum)
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, terminated)
        if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
            # From here on Ctrl-C is a KeyboardInterrupt again (briefing.console made it a quiet
            # exit 130 while the command was starting), and remembered: code it arrives in may
            # turn it into an error of its own (pydantic's serializer does).
            signal.signal(signal.SIGINT, interrupted)
    except (ValueError, OSError):  # not the main thread, or not allowed here
        pass
    try:
        main()
        code = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:
            streams.say(f"{exc.code}\n")
            code = 1
    failed = streams.flush_stdout()
    if failed is not None:
        streams.say(f"briefing: {failed}\n")
        code = code or 1
    try:
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass  # a closed or full standard error never changes the exit code
    os._exit(code)
