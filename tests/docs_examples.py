"""Run the console examples of README.md and docs/**/*.md, to check them or to bring them up to date.

A ```console block holds `$ command` lines (a line ending in `\\` continues on the next), each
followed by what the command prints. The commands of one page run in order, in one temporary
folder holding a copy of the bundled `records/`, `tests/errors/` and `tests/config/`, as of README_TODAY, so a page
can write a record with `briefing new` and show it with `cat`. What a command prints must be what
a terminal shows: its standard output and standard error lines, each stream in order, merged in
some way. A command is `briefing ...` (after optional `VAR=value` settings, the value quoted if it
holds spaces, before an optional
`| head -n N`, which takes standard output only), `cat FILE` or `echo $?`. Anything else fails the
check: show commands it cannot run in a ```sh block.

    python -m tests.docs_examples            # check every page (the README test does this too)
    python -m tests.docs_examples --update   # rewrite the output shown under each command
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import shlex
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.helpers import CliRunner

from tests.helpers import REPO

DOCS = REPO / "docs"
# The day the example output was made: commands that depend on today run as of then.
README_TODAY = dt.date(2026, 11, 22)

# A fence of three backticks or more: a page shows a memo that holds a ``` fence (its Mermaid
# diagram) in a ````console block.
_BLOCK = re.compile(r"^(?P<fence>`{3,})console\n(?P<body>.*?)^(?P=fence)$", flags=re.S | re.M)
_ENV_SETTING = re.compile(r"""^([A-Z_][A-Z0-9_]*)=('[^']*'|"[^"]*"|\S*)\s+""")
_HEAD = re.compile(r"\s+\|\s+head -n (\d+)$")


def pages() -> list[Path]:
    return [REPO / "README.md", *sorted(DOCS.rglob("*.md"))]


def page_name(page: Path) -> str:
    return page.relative_to(REPO).as_posix()


@dataclass
class Step:
    command: str  # as shown, continuation lines joined
    lines: list[str]  # the `$ ` line and its continuation lines, as written
    shown: str  # the output the page shows under it


def blocks(text: str) -> list[tuple[re.Match[str], list[Step]]]:
    """Every console block of a page with its steps."""
    found = []
    for block in _BLOCK.finditer(text):
        lines = block['body'].splitlines()
        if not lines or not lines[0].startswith("$ "):
            raise ValueError(f"a console block starts with a `$ ` command: {block['body'][:60]!r}")
        steps, i = [], 0
        while i < len(lines):
            written = [lines[i]]
            command = lines[i][2:]
            while command.endswith("\\") and i + 1 < len(lines):
                i += 1
                written.append(lines[i])
                command = command[:-1].rstrip() + " " + lines[i].strip()
            i += 1
            output = []
            while i < len(lines) and not lines[i].startswith("$ "):
                output.append(lines[i])
                i += 1
            steps.append(Step(command, written, "\n".join(output)))
        found.append((block, steps))
    return found


def steps(text: str) -> list[Step]:
    return [step for _, found in blocks(text) for step in found]


def trimmed(lines: list[str]) -> list[str]:
    lines = [ln.rstrip() for ln in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def interleaves(shown: list[str], out: list[str], err: list[str]) -> bool:
    """Is `shown` the lines of `out` and `err`, each in its own order, merged in some way?"""
    if len(shown) != len(out) + len(err):
        return False
    # can[j] (in row i): the first i + j shown lines are out[:i] and err[:j] merged
    can = [True] * (len(err) + 1)
    for j in range(1, len(err) + 1):
        can[j] = can[j - 1] and err[j - 1] == shown[j - 1]
    for i in range(1, len(out) + 1):
        can[0] = can[0] and out[i - 1] == shown[i - 1]
        for j in range(1, len(err) + 1):
            line = shown[i + j - 1]
            can[j] = (can[j] and out[i - 1] == line) or (can[j - 1] and err[j - 1] == line)
    return can[-1]


class Session:
    """One page's commands: a temporary folder with the records, the clock at README_TODAY."""

    def __init__(self, folder: Path) -> None:
        import briefing.cli.common as common
        from briefing.cli import app

        self.app, self.runner, self.last_exit = app, CliRunner(), None
        self.patch = pytest.MonkeyPatch()
        real = common.today_or
        self.patch.setattr(common, "today_or", lambda as_of: real(as_of) if as_of else README_TODAY)
        self.patch.delenv("BRIEFING_RECORDS", raising=False)
        self.patch.setenv("NO_COLOR", "1")
        shutil.copytree(REPO / "records", folder / "records")
        shutil.copytree(REPO / "tests" / "errors", folder / "tests" / "errors")
        shutil.copytree(REPO / "tests" / "config", folder / "tests" / "config")
        self.patch.setenv("BRIEFING_CONFIG_DIR", "config")  # empty: never the user's own config file
        for name in ("BRIEFING_HOME_SIDE", "BRIEFING_MEMO_TO", "BRIEFING_MEMO_FROM", "BRIEFING_MEMO_MARKING"):
            self.patch.delenv(name, raising=False)
        self.patch.chdir(folder)

    def close(self) -> None:
        self.patch.undo()

    def run(self, command: str) -> tuple[list[str], list[str]]:
        """Run one shown command; returns its (stdout, stderr) lines."""
        if command == "echo $?":
            return [str(self.last_exit)], []
        words = shlex.split(command)
        if words[0] == "cat" and len(words) == 2:
            self.last_exit = 0
            return Path(words[1]).read_text(encoding="utf-8").splitlines(), []
        head = _HEAD.search(command)
        if head:
            command = command[: head.start()]
        with self.patch.context() as env:
            while setting := _ENV_SETTING.match(command):
                env.setenv(setting[1], shlex.split(setting[2])[0] if setting[2][:1] in "'\"" else setting[2])
                command = command[setting.end() :]
            args = shlex.split(command)
            if args[0] != "briefing":
                raise ValueError(f"a console block may show only briefing, cat and echo $?: {command!r}")
            result = self.runner.invoke(self.app, args[1:])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"{command}: {result.exception!r}") from result.exception
        self.last_exit = result.exit_code
        out = result.stdout.splitlines()
        if head:
            out = out[: int(head[1])]  # head takes standard output only; standard error still shows
        return trimmed(out), trimmed(result.stderr.splitlines())


def check_page(page: Path, folder: Path) -> list[str]:
    """What differs between the page and what its commands print (empty: the page is true)."""
    session, wrong = Session(folder), []
    try:
        for step in steps(page.read_text(encoding="utf-8")):
            out, err = session.run(step.command)
            shown = trimmed(step.shown.splitlines())
            if step.shown.strip() and not interleaves(shown, out, err):
                diff = difflib.unified_diff(shown, out + err, "shown", "printed (stdout, then stderr)", lineterm="")
                wrong.append(f"$ {step.command}\n" + "\n".join(diff))
    finally:
        session.close()
    return wrong


def update_page(page: Path, folder: Path) -> bool:
    """Rewrite the output under each command that no longer matches; True if the page changed."""
    text = page.read_text(encoding="utf-8")
    session, pieces, at = Session(folder), [], 0
    try:
        for block, found in blocks(text):
            body = []
            for step in found:
                out, err = session.run(step.command)
                shown = trimmed(step.shown.splitlines())
                keep = not step.shown.strip() or interleaves(shown, out, err)
                body += step.lines + (step.shown.splitlines() if keep else out + err)
            pieces += [text[at : block.start('body')], "\n".join(body) + "\n"]
            at = block.end('body')
    finally:
        session.close()
    new = "".join(pieces) + text[at:]
    if new != text:
        page.write_text(new, encoding="utf-8")
    return new != text


def main(argv: list[str]) -> int:
    update = "--update" in argv
    chosen = [Path(a).resolve() for a in argv if a != "--update"] or pages()
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        status = 0
        for n, page in enumerate(chosen):
            with pytest.MonkeyPatch.context() as env:
                env.setenv("BRIEFING_CACHE_DIR", str(cache))
                folder = Path(tmp) / f"page{n}"
                folder.mkdir()
                if update:
                    if update_page(page, folder):
                        print(f"updated {page_name(page)}")
                elif wrong := check_page(page, folder):
                    status = 1
                    print(f"{page_name(page)}:\n" + "\n\n".join(wrong) + "\n")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
