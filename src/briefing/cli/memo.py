"""What a Markdown memo carries from the command line: its provenance line (the report's own
arguments, as typed, without where it was read from or written to) and its header block
(`--to`, `--from`, `--subject`, `--marking`; defaults from the environment and the config file)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from briefing.cli.common import Format, fail

if TYPE_CHECKING:
    from briefing.render.memo import MemoHeader

# Parameters that say how a report is read or written, not what it says: left out of the line
# a memo says it was made with (a path of the user's, a file it was written to, --force).
NOT_THE_REPORTS = frozenset({"records", "output", "force", "strict", "to", "from_", "subject", "marking", "width", "pager", "no_pager"})

_PANEL = "Memo header (-f markdown)"
ToOpt = Annotated[Optional[str], typer.Option("--to", help="Memo header: who it is for [default: $BRIEFING_MEMO_TO, else memo.to in the config file].", show_default=False, rich_help_panel=_PANEL)]
FromOpt = Annotated[Optional[str], typer.Option("--from", help="Memo header: who it is from [default: $BRIEFING_MEMO_FROM, else memo.from in the config file].", show_default=False, rich_help_panel=_PANEL)]
SubjectOpt = Annotated[Optional[str], typer.Option("--subject", help="Memo header: its subject [default: the memo's title].", show_default=False, rich_help_panel=_PANEL)]
MarkingOpt = Annotated[
    Optional[str],
    typer.Option("--marking", help="Memo header: a handling marking, first and last line (e.g. OFFICIAL) [default: $BRIEFING_MEMO_MARKING, else memo.marking in the config file].", show_default=False, rich_help_panel=_PANEL),
]


def report_arguments(command: Any, args: list[str]) -> list[str]:
    """The arguments as typed, less the options in NOT_THE_REPORTS and their values.
    `command`: the command's parsed form (typer.Context.command)."""
    dropped: set[str] = set()
    takes_value: set[str] = set()
    for param in command.params:
        if getattr(param, "param_type_name", None) != "option":
            continue
        names = [*param.opts, *param.secondary_opts]
        if not param.is_flag and not param.count:
            takes_value.update(param.opts)
        if param.name in NOT_THE_REPORTS:
            dropped.update(names)
    kept: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            kept += args[i:]
            break
        if arg.startswith("--"):
            name, attached = arg.split("=", 1)[0], "=" in arg
        elif arg.startswith("-") and len(arg) > 1:
            name, attached = arg[:2], len(arg) > 2
        else:
            name, attached = "", False
        step = 2 if name in takes_value and not attached else 1
        if name not in dropped:
            kept += args[i : i + step]
        i += step
    return kept


def memo_header(params: dict[str, Any], fmt: Format) -> MemoHeader | None:
    """The header block for a Markdown memo: the options, else the config file's defaults.
    A header option with another format is a usage error."""
    given = {name: params.get(name) for name in ("to", "from_", "subject", "marking")}
    if fmt is not Format.markdown:
        typed = [f"--{name.rstrip('_')}" for name, value in given.items() if value is not None]
        if typed:
            fail(f"{', '.join(typed)}: the header is for a Markdown memo; add -f markdown (or -o FILE.md)")
        return None
    from briefing.render.memo import MemoHeader

    from briefing.cli.config import memo_default

    for name in ("to", "from_", "marking"):
        if given[name] is None:
            given[name] = memo_default(name.rstrip("_"))
    return MemoHeader(**given)
