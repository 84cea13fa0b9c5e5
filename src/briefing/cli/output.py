"""Which format a command writes, and where: `-f`, `-o`, and what the one says about the other.

- `-o -` is standard output (a file named "-" is `-o ./-`; the option is read as a string so that
  the two differ).
- Without `-f`, the extension of `-o` picks the format: `briefing next -o next.ics` writes a
  calendar. An extension that names no format (`-o notes.out`) leaves the command's default.
- An extension that names another format than `-f` is a usage error (exit 2), found before any
  record is read: `-f json -o memo.md` would write JSON into a file every tool takes for Markdown.
  The one exception is `.txt`, which holds any plain text: a Markdown memo may be saved as one.

Formats are closed lists per command; a typo gets "did you mean" like every other closed list.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from briefing.cli.common import Format, fail, require_format

# What an extension says a file holds.
EXTENSIONS: dict[str, Format] = {
    ".txt": Format.text,
    ".text": Format.text,
    ".md": Format.markdown,
    ".markdown": Format.markdown,
    ".json": Format.json,
    ".ics": Format.ics,
    ".ical": Format.ics,
    ".ifb": Format.ics,
    ".jsonl": Format.jsonl,
    ".ndjson": Format.jsonl,
    ".csv": Format.csv,
}
# (format asked for, extension) pairs that are no contradiction.
_FITS = {(Format.markdown, ".txt"), (Format.markdown, ".text")}


def format_option(*formats: Format, default: Format = Format.text) -> Any:
    """The `-f/--format` option of a command that writes these formats (help and Tab list them)."""
    names = [f.value for f in formats]

    def complete(incomplete: str) -> list[str]:
        return [n for n in names if n.startswith(incomplete.lower())]

    extensions = ", ".join(extension_of(f) for f in formats if f is not default)
    by_extension = f", or as the --output file's extension says: {extensions}" if extensions else ""
    return Annotated[
        Optional[str],
        typer.Option(
            "--format",
            "-f",
            metavar="|".join(names),
            help=f"Output format: {', '.join(names)} [default: {default.value}{by_extension}].",
            show_default=False,
            autocompletion=complete,
        ),
    ]


def extension_of(fmt: Format) -> str:
    """The usual extension of a format's files."""
    return next(e for e, f in EXTENSIONS.items() if f is fmt)


def parse_format(value: str | None, allowed: tuple[Format, ...], command: str) -> Format | None:
    """`-f` as typed (any case) → a Format; exit 2 on a name that is no format at all."""
    if value is None:
        return None
    try:
        fmt = Format(value.strip().lower())
    except ValueError:
        from briefing.wording import did_you_mean

        names = [f.value for f in allowed]
        shown = value if len(value) <= 40 else value[:37] + "..."
        by_extension = EXTENSIONS.get("." + value.strip().lower())  # -f md, -f ical
        hint = f" (did you mean '{by_extension.value}'?)" if by_extension in allowed else did_you_mean(value, names)
        fail(f"--format: '{shown}' is not one of: {', '.join(names)}{hint}")
    require_format(fmt, allowed, command)
    return fmt


def destination(
    value: str | None,
    output: str | None,
    allowed: tuple[Format, ...],
    command: str,
    default: Format = Format.text,
) -> tuple[Format, Path | None]:
    """(the format to write, the file to write it to or None for standard output).

    Called before any work: a bad pairing exits 2 with nothing read or written."""
    fmt = parse_format(value, allowed, command)
    target = None if output is None or output == "-" else Path(output)
    if target is not None and target.is_dir():
        fail(f"--output {target}: is a folder; give a file name")
    extension = target.suffix.lower() if target is not None else ""
    said = EXTENSIONS.get(extension)
    if fmt is None:
        fmt = said if said is not None else default
        if said is not None and said not in allowed:
            names = ", ".join(f.value for f in allowed)
            fail(f"--output {target}: a {extension} file is for {said.value}, and '{command}' writes {names}; "
                 f"name the file for one of those")
    elif said is not None and said is not fmt and (fmt, extension) not in _FITS:
        fail(f"--output {target}: a {extension} file is for {said.value}, not {fmt.value}; "
             f"name it {target.stem}{extension_of(fmt)}, or leave out -f to write {said.value}")
    return fmt, target
