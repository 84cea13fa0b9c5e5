"""Plain helpers the tests import (`from tests.helpers import ...`); fixtures live in conftest.py.

`tests` is a package, so bare `pytest` and `python -m pytest` both import every test module
once, by one name (`tests.test_x`), with the repository root on the path.
"""

from __future__ import annotations

import os
import shlex
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typer
import typer.main
from typer.testing import CliRunner as _TyperRunner
from typer.testing import Result

REPO = Path(__file__).resolve().parent.parent

# Property tests: `HYPOTHESIS_PROFILE=ci` (.ci/run sets it) runs each with its full number of
# examples; a developer's run (the default profile, `dev`) runs a quarter of them, at least 5.
# The profiles themselves are registered in conftest.py.
THOROUGH = os.environ.get("HYPOTHESIS_PROFILE", "dev") == "ci"


def examples(full: int) -> int:
    """How many examples a property test runs: `full` in CI, a quarter of it locally."""
    return full if THOROUGH else max(5, full // 4)


def write(folder: Path, name: str, text: str) -> Path:
    """Write a record file (dedented) and return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


MINIMAL = """
    title = "{title}"
    date = {date}
    [[sources]]
    title = "A fictional source"
"""


# -- running the CLI in this process ---------------------------------------------------------------

_COMMANDS: dict[int, Any] = {}


def command_of(app: typer.Typer) -> Any:
    """The app's click command, built once per test session (as the program builds it once per
    run: building it costs more than most commands do on a small folder)."""
    built = _COMMANDS.get(id(app))
    if built is None:
        built = _COMMANDS[id(app)] = (app, typer.main.get_command(app))  # the app kept: its id stays its own
    return built[1]


class CliRunner(_TyperRunner):
    """typer's CliRunner, invoking the app's command built once (`command_of`); the rest as
    typer's own `invoke` does it, through the runner's public `isolation`."""

    def invoke(  # type: ignore[override]
        self, app: typer.Typer, args: str | Sequence[str] | None = None, input: bytes | str | None = None,
        env: Any = None, catch_exceptions: bool = True, color: bool = False, **extra: Any,
    ) -> Result:
        cli = command_of(app)
        exc_info = None
        with self.isolation(input=input, env=env, color=color) as outstreams:
            return_value = None
            exception: BaseException | None = None
            exit_code = 0
            if isinstance(args, str):
                args = shlex.split(args)
            prog_name = extra.pop("prog_name", None) or self.get_default_prog_name(cli)
            try:
                return_value = cli.main(args=args or (), prog_name=prog_name, **extra)
            except SystemExit as e:
                exc_info = sys.exc_info()
                code = 0 if e.code is None else e.code
                if code != 0:
                    exception = e
                if not isinstance(code, int):
                    sys.stdout.write(f"{code}\n")
                    code = 1
                exit_code = code
            except Exception as e:
                if not catch_exceptions:
                    raise
                exception, exit_code, exc_info = e, 1, sys.exc_info()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                stdout, stderr, output = (s.getvalue() for s in outstreams[:3])
        return Result(runner=self, stdout_bytes=stdout, stderr_bytes=stderr, output_bytes=output, return_value=return_value,
                      exit_code=exit_code, exception=exception, exc_info=exc_info)  # type: ignore[arg-type]
