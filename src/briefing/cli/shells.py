"""`briefing completion SHELL`: the script that makes bash, zsh, fish or PowerShell complete
`briefing` on Tab.

Each script asks the program for candidates on every Tab, through the protocol typer's own
scripts use (`_BRIEFING_COMPLETE=complete_<shell>`); the candidates themselves come from
`briefing.cli.complete`. The scripts are ours rather than typer's because typer's do not load or
do not quote: its zsh script starts with a blank line, so zsh, which looks for `#compdef` on the
first line of a file on `$fpath`, never loads it, and defines the completion only on the first Tab
instead of completing; its bash script inserts what the program prints as it is, so a candidate
of several words ("united kingdom") must come pre-escaped and then no longer matches what was
typed past its first space. Ours quote in the shell (`printf %q`), and the zsh one works both
placed on `$fpath` and sourced.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from briefing.cli.common import EXIT_PROBLEMS, fail

SHELLS = ("bash", "zsh", "fish", "powershell")

BASH = r"""# bash completion for briefing (made by `briefing completion bash`).
# Load it from ~/.bashrc (eval "$(briefing completion bash)"), or save it as
# ~/.local/share/bash-completion/completions/briefing where bash-completion is installed.
_briefing_completion() {
    local IFS=$'\n' candidate
    local -a found
    found=( $(env COMP_WORDS="${COMP_WORDS[*]}" COMP_CWORD="$COMP_CWORD" \
                  _BRIEFING_COMPLETE=complete_bash _BRIEFING_COMPLETE_QUOTED=1 "$1" 2>/dev/null) )
    COMPREPLY=()
    # Candidates arrive as plain text, one a line; bash inserts them as shell words: quote them.
    for candidate in "${found[@]}"; do
        COMPREPLY+=( "$(printf '%q' "$candidate")" )
    done
    return 0
}
complete -o default -F _briefing_completion briefing
"""

ZSH = r"""#compdef briefing
# zsh completion for briefing (made by `briefing completion zsh`).
# Save it as _briefing in a folder on $fpath before compinit runs (e.g. ~/.zfunc, with
# `fpath=(~/.zfunc $fpath)` in ~/.zshrc before `autoload -Uz compinit && compinit`),
# or source it after compinit.
_briefing() {
  eval "$(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" _BRIEFING_COMPLETE=complete_zsh briefing 2>/dev/null)"
}
if [[ "${zsh_eval_context[-1]}" == loadautofunc ]]; then
  _briefing "$@"  # autoloaded from $fpath on the first Tab: complete now
else
  compdef _briefing briefing  # sourced
fi
"""

FISH = r"""# fish completion for briefing (made by `briefing completion fish`).
# Save it as ~/.config/fish/completions/briefing.fish (fish loads it on the first Tab).
complete --command briefing --no-files --arguments "(env _BRIEFING_COMPLETE=complete_fish _TYPER_COMPLETE_FISH_ACTION=get-args _TYPER_COMPLETE_ARGS=(commandline -cp) briefing 2>/dev/null)" --condition "env _BRIEFING_COMPLETE=complete_fish _TYPER_COMPLETE_FISH_ACTION=is-args _TYPER_COMPLETE_ARGS=(commandline -cp) briefing 2>/dev/null"
"""

# typer's own PowerShell script (MIT licence, as typer), unchanged but for the program's name: it
# passes the word being completed apart, so it has neither problem of typer's bash and zsh ones.
POWERSHELL = r"""# PowerShell completion for briefing (made by `briefing completion powershell`).
# Add to your $PROFILE: briefing completion powershell | Out-String | Invoke-Expression
Import-Module PSReadLine
Set-PSReadLineKeyHandler -Chord Tab -Function MenuComplete
$scriptblock = {
    param($wordToComplete, $commandAst, $cursorPosition)
    $Env:_BRIEFING_COMPLETE = "complete_powershell"
    $Env:_TYPER_COMPLETE_ARGS = $commandAst.ToString()
    $Env:_TYPER_COMPLETE_WORD_TO_COMPLETE = $wordToComplete
    briefing | ForEach-Object {
        $commandArray = $_ -Split ":::"
        $command = $commandArray[0]
        $helpString = $commandArray[1]
        [System.Management.Automation.CompletionResult]::new(
            $command, $command, 'ParameterValue', $helpString)
    }
    $Env:_BRIEFING_COMPLETE = ""
    $Env:_TYPER_COMPLETE_ARGS = ""
    $Env:_TYPER_COMPLETE_WORD_TO_COMPLETE = ""
}
Register-ArgumentCompleter -Native -CommandName briefing -ScriptBlock $scriptblock
"""

SCRIPTS = {"bash": BASH, "zsh": ZSH, "fish": FISH, "powershell": POWERSHELL}


def install_path(shell: str, home: Path) -> Path:
    """Where each shell looks for a completion of its own accord (zsh: once ~/.zfunc is on $fpath)."""
    data = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    return {
        "bash": data / "bash-completion" / "completions" / "briefing",
        "zsh": home / ".zfunc" / "_briefing",
        "fish": config / "fish" / "completions" / "briefing.fish",
    }[shell]


_AFTER_INSTALL = {
    "bash": "bash-completion loads it on the first Tab; without bash-completion, add to ~/.bashrc: "
    'eval "$(briefing completion bash)"',
    "zsh": "add to ~/.zshrc, before compinit runs: fpath=(~/.zfunc $fpath)   (then open a new shell)",
    "fish": "fish loads it on the first Tab",
}


def _complete_shell(incomplete: str) -> list[str]:
    return [s for s in SHELLS if s.startswith(incomplete)]


def completion(
    shell: Annotated[
        Optional[str],
        typer.Argument(metavar="[bash|zsh|fish|powershell]", show_default=False, autocompletion=_complete_shell,
                       help="The shell [default: the one $SHELL names]."),
    ] = None,
    install: Annotated[bool, typer.Option("--install", help="Write the script where the shell looks for it (never replaces another file).")] = False,
    force: Annotated[bool, typer.Option("--force", help="With --install: replace a script written before.")] = False,
) -> None:
    """Print the shell's completion script (or --install it): Tab then completes commands, options,
    record and series ids, rounds, countries, kinds and statuses."""
    import sys

    name = (shell or Path(os.environ.get("SHELL", "")).name).strip().lower()
    name = {"pwsh": "powershell"}.get(name, name)
    if name not in SHELLS:
        from briefing.wording import did_you_mean

        given = shell if shell is not None else f"$SHELL ({os.environ.get('SHELL', 'not set')})"
        fail(f"no completion for {given}; choose one of: {', '.join(SHELLS)}{did_you_mean(name, SHELLS) if shell else ''}")
    script = SCRIPTS[name]
    if not install:
        sys.stdout.write(script)
        return
    if name == "powershell":  # its profile is a script of the user's own: never written to
        fail("PowerShell has no folder of completions: add this line to your $PROFILE instead: "
             "briefing completion powershell | Out-String | Invoke-Expression")
    from briefing.atomic import WriteError, write_atomic

    try:
        home = Path.home()
    except (RuntimeError, KeyError):  # no $HOME and no home in the password database
        fail("no home folder ($HOME is not set) to install into; print the script instead: briefing completion " + name, EXIT_PROBLEMS)
    if not home.is_dir():
        what = "is not a folder" if home.exists() else "does not exist"
        fail(f"the home folder {home} {what}; nothing was written (a home folder is never made)", EXIT_PROBLEMS)
    target = install_path(name, home)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, script.encode("utf-8"), overwrite=force)
    except WriteError as exc:
        fail(str(exc), EXIT_PROBLEMS)
    except OSError as exc:
        fail(f"cannot write {target}: {exc.strerror or exc}; nothing was written", EXIT_PROBLEMS)
    sys.stderr.write(f"wrote {target}\n{_AFTER_INSTALL[name]}\n")


def register(app: typer.Typer) -> None:
    app.command()(completion)
