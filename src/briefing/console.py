"""The installed command's first lines (`briefing`, and `python -m briefing`).

Before anything heavy is imported, Ctrl-C is made to end the command quietly: for the few tenths
of a second in which Python imports the CLI and its libraries, an interrupt prints "briefing:
interrupted" and exits 130, never a traceback of an import. Once the command runs, `cli.run`
gives Ctrl-C back to Python (KeyboardInterrupt), so that what a command started (temporary
files, worker processes) is cleaned up on the way out. A Ctrl-C while Python itself starts,
before this module runs, is Python's to handle.
"""

from __future__ import annotations

import os
import signal


def _interrupted_while_starting(signum: int, frame: object) -> None:
    try:
        os.write(2, b"briefing: interrupted\n")
    except OSError:
        pass  # standard error closed: the exit code says it
    os._exit(130)  # nothing to clean up yet: no file written, no worker started


def run() -> None:
    try:
        # (A command started with Ctrl-C ignored, as a shell starts one in the background, keeps
        # ignoring it.)
        if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
            signal.signal(signal.SIGINT, _interrupted_while_starting)
    except (ValueError, OSError):  # not the main thread, or not allowed here
        pass
    if os.environ.get("_BRIEFING_COMPLETE"):  # the shell asks for candidates on Tab
        _complete_before_the_cli()
    from briefing.cli import run as run_command

    run_command()


def _complete_before_the_cli() -> None:
    """A record id after its command, in bash: answered from the scan, without loading the CLI
    (`briefing.tab`); ends the process when it answers, returns when the CLI must."""
    import sys

    from briefing.tab import answer

    found = answer(os.environ)
    if found is None:
        return
    try:
        sys.stdout.write(found + "\n")
        sys.stdout.flush()
    except (OSError, ValueError, AttributeError):
        pass  # a shell that stopped listening: nothing to tell it
    os._exit(0)
