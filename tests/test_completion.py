"""Shell completion: the program run as the shell runs it on Tab, printing only candidates, fast."""

from __future__ import annotations

import functools
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing.cli import complete

BIN = shutil.which("briefing", path=str(Path(sys.executable).parent)) or shutil.which("briefing")
pytestmark = pytest.mark.skipif(BIN is None, reason="the briefing command is not installed")

MEETING = 'title = "T"\ndate = "2020"\n[[sources]]\ntitle = "Invented"\n'
SERIES = 'name = "S"\n[[sources]]\ntitle = "Invented"\n'
LIMIT_SECONDS = 2.0  # generous for a loaded CI machine; measured ~0.2-0.3 s


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "recs"
    (root / "series").mkdir(parents=True)
    (root / "2019").mkdir()
    for name in ("2020-lakes-1", "2021-lakes-2", "2021-harbour", "2019/2019-fjord"):
        (root / f"{name}.toml").write_text(MEETING, encoding="utf-8")
    for name in ("lakes", "harbour-talks"):
        (root / "series" / f"{name}.toml").write_text(SERIES, encoding="utf-8")
    (root / ".hidden.toml").write_text(MEETING, encoding="utf-8")
    (root / "notes.txt").write_text("not a record", encoding="utf-8")
    return root


def bash(words: str, records: Path | None, cwd: Path) -> tuple[list[str], float]:
    """What the installed `briefing` prints for bash on Tab after `words` (the last word being
    completed), started as the shell starts it; and how long it took. The `tab` fixture asks the
    CLI the same in this process (the candidates, without the process: what a real process adds,
    the quick answer for a record id and the time, is held by the tests that call this)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("_BRIEFING") and k != "BRIEFING_RECORDS"}
    env.update(_BRIEFING_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=str(len(words.split()) - (0 if words.endswith(" ") else 1)))
    if records is not None:
        env["BRIEFING_RECORDS"] = str(records)
    started = time.perf_counter()
    proc = subprocess.run([BIN, *[]], env=env, cwd=cwd, capture_output=True, text=True, timeout=30)
    took = time.perf_counter() - started
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # nothing but candidates
    return [line for line in proc.stdout.splitlines() if line], took


@pytest.fixture()
def tab(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path):  # type: ignore[no-untyped-def]
    """`tab(words, records)`: what the CLI prints for bash on Tab after `words`, asked in this
    process as the installed command asks it (`cli_output`); nothing on standard error."""
    monkeypatch.chdir(tmp_path)

    def ask(words: str, records: Path | None) -> list[str]:
        out, err = cli_output(words, records, monkeypatch, capsys)
        assert err == ""  # nothing but candidates
        return [line for line in out.splitlines() if line]

    return ask


def test_record_ids_for_show(folder: Path, tmp_path: Path, tab) -> None:  # type: ignore[no-untyped-def]
    found, took = bash("briefing show 202", folder, tmp_path)
    assert found == ["2020-lakes-1", "2021-harbour", "2021-lakes-2"]  # file names, series and hidden files left out
    assert took < LIMIT_SECONDS
    found = tab("briefing show ", folder)
    assert found == ["2019-fjord", "2020-lakes-1", "2021-harbour", "2021-lakes-2"]  # subfolders too


def test_records_option_on_the_line_is_honoured(folder: Path, tab) -> None:  # type: ignore[no-untyped-def]
    assert tab(f"briefing show --records {folder} 2021-l", None) == ["2021-lakes-2"]


def test_series_ids(folder: Path, tab) -> None:  # type: ignore[no-untyped-def]
    assert tab("briefing timeline --series ", folder) == ["harbour-talks", "lakes"]
    assert tab("briefing new --series l", folder) == ["lakes"]
    assert tab("briefing search x --series h", folder) == ["harbour-talks"]


def test_countries(folder: Path, tmp_path: Path, tab) -> None:  # type: ignore[no-untyped-def]
    found, took = bash("briefing country uzb", folder, tmp_path)  # the whole CLI loads for it: still quick
    assert found == ["uzbekistan"]
    assert took < LIMIT_SECONDS
    assert tab("briefing timeline --country Uzb", folder) == ["Uzbekistan"]
    assert tab("briefing new --country UZ", folder) == ["UZ", "UZBEKISTAN"]
    assert tab("briefing search x --country Kyrg", folder) == ["Kyrgyz\\ Republic", "Kyrgyzstan"]  # official name, escaped for bash
    # accents ignored, and offered as typed
    assert "türkiye" in tab("briefing country tür", folder)
    # bash inserts a candidate as it is: spaces escaped
    assert "united\\ kingdom" in tab("briefing country united", folder)


def test_kinds_and_statuses(folder: Path, tab) -> None:  # type: ignore[no-untyped-def]
    assert tab("briefing new --kind fo", folder) == ["foreign-ministers", "forum"]
    assert tab("briefing timeline --status p", folder) == ["planned", "postponed"]


def test_nothing_printed_for_a_missing_folder(tmp_path: Path, tab) -> None:  # type: ignore[no-untyped-def]
    # (The quick answer's own output for a missing folder: test_the_fast_answer_offers_nothing_on_trouble.)
    assert tab("briefing show 20", tmp_path / "nope") == []
    assert tab("briefing timeline --series ", tmp_path / "nope") == []


def test_zsh_and_fish_formats(folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    zsh = cli_output("", folder, monkeypatch, capsys, {"_BRIEFING_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "briefing country united\\ k"})
    assert zsh[1] == ""
    assert '"united kingdom":"United Kingdom"' in zsh[0]  # zsh quotes it: spaces are fine there
    fish = cli_output("", folder, monkeypatch, capsys, {"_BRIEFING_COMPLETE": "complete_fish", "_TYPER_COMPLETE_FISH_ACTION": "get-args",
                                                         "_TYPER_COMPLETE_ARGS": "briefing show 2021-h"})
    assert fish[1] == ""
    assert fish[0].split() == ["2021-harbour"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_the_bash_script_really_completes(folder: Path, tmp_path: Path) -> None:
    script = (
        'eval "$(_BRIEFING_COMPLETE=source_bash briefing)"; '
        "COMP_WORDS=(briefing show 2021-l); COMP_CWORD=2; _briefing_completion briefing; "
        'printf "%s\\n" "${COMPREPLY[@]}"'
    )
    env = {**os.environ, "PATH": f"{Path(BIN).parent}{os.pathsep}{os.environ.get('PATH', '')}", "BRIEFING_RECORDS": str(folder)}
    proc = subprocess.run(["bash", "--norc", "-c", script], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=30)
    assert proc.stdout.split() == ["2021-lakes-2"]


def test_completers_never_raise(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Context:
        def __init__(self, records: object) -> None:
            self.params = {"records": records}

    assert complete.record_ids(Context(folder), "2021-h") == ["2021-harbour"]
    assert complete.record_ids(Context(12345), "") == []  # not a path: swallowed, nothing offered

    def boom(*a, **k):  # type: ignore[no-untyped-def]
        raise OSError("disk on fire")

    monkeypatch.setattr("briefing.loader.scan.scan_folder", boom)
    assert complete.record_ids(Context(folder), "") == []


# -- a record id after its command: answered before the CLI loads (briefing.tab) -----------------


@functools.cache
def click_command():  # type: ignore[no-untyped-def]
    """The CLI as click's command, built once (typer builds it anew on every call of the app)."""
    import typer.main

    from briefing.cli import app

    return typer.main.get_command(app)


def cli_output(words: str, folder: Path | None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
               shell: dict[str, str] | None = None) -> tuple[str, str]:
    """What the CLI itself (typer's completion, no fast answer) prints, on standard output and
    error, for bash on Tab after `words` (or for the request in `shell`'s variables)."""
    from typer.completion import completion_init

    completion_init()  # as briefing.cli.main does for a shell's request
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    for key in [k for k in os.environ if k.startswith("_BRIEFING") or k.startswith("_TYPER") or k.startswith("COMP_")]:
        monkeypatch.delenv(key)
    request = shell or {"_BRIEFING_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    for key, value in request.items():
        monkeypatch.setenv(key, value)
    if folder is None:
        monkeypatch.delenv("BRIEFING_RECORDS", raising=False)
    else:
        monkeypatch.setenv("BRIEFING_RECORDS", str(folder))
    capsys.readouterr()
    with pytest.raises(SystemExit) as ended:
        click_command().main(args=[], prog_name="briefing")
    assert ended.value.code in (0, None)
    return capsys.readouterr()


def cli_answer(words: str, folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    """What the CLI itself prints for bash on Tab after `words` (its standard output)."""
    return cli_output(words, folder, monkeypatch, capsys)[0]


def tab_answer(words: str, folder: Path) -> str | None:
    from briefing.tab import answer

    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    found = answer({"_BRIEFING_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword), "BRIEFING_RECORDS": str(folder)})
    return None if found is None else found + "\n"


def test_the_fast_answer_is_the_clis_for_every_command(folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """For every command and what may follow it, the fast answer is either none (the CLI answers)
    or exactly what the CLI prints; and it answers for just the commands whose first argument is
    a record id, so a command added or changed cannot drift from it."""
    from briefing.tab import RECORD_ID_FIRST

    (folder / "2022 harbour, again.toml").write_text(MEETING, encoding="utf-8")  # a space and a comma in a name
    monkeypatch.setenv("BRIEFING_RECORDS", str(folder))
    ids_line = "2019-fjord\n2020-lakes-1\n2021-harbour\n2021-lakes-2\n2022 harbour, again\n"
    offers_ids = set()
    for command in click_command().commands:  # click's public list of commands
        for typed in (f"briefing {command} ", f"briefing {command} 2021", f"briefing {command} -", f"briefing {command} x y"):
            fast = tab_answer(typed, folder)
            assert fast is None or fast == cli_answer(typed, folder, monkeypatch, capsys), typed
        if cli_answer(f"briefing {command} ", folder, monkeypatch, capsys) == ids_line:
            offers_ids.add(command)
    assert offers_ids == RECORD_ID_FIRST
    assert tab_answer("briefing show 2021", folder) == "2021-harbour\n2021-lakes-2\n"
    assert tab_answer("briefing show --records x ", folder) is None  # options are the CLI's
    assert tab_answer("briefing show '2021", folder) is None  # so is quoting
    assert tab_answer("briefing timeline ", folder) is None


def test_the_fast_answer_offers_nothing_on_trouble(tmp_path: Path) -> None:
    assert tab_answer("briefing show ", tmp_path / "nope") == "\n"  # as the CLI: an empty line


def test_a_record_id_on_tab_is_quick(folder: Path, tmp_path: Path) -> None:
    """The fast answer really is taken by the installed command (it does not load the CLI)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("_BRIEFING")}
    env.update(_BRIEFING_COMPLETE="complete_bash", COMP_WORDS="briefing show 2021", COMP_CWORD="2", BRIEFING_RECORDS=str(folder),
               PYTHONVERBOSE="1")  # the imports, one a line on stderr
    proc = subprocess.run([BIN], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0 and proc.stdout == "2021-harbour\n2021-lakes-2\n"
    assert "import 'briefing.tab'" in proc.stderr and "import 'typer" not in proc.stderr and "import 'pydantic" not in proc.stderr


def test_compare_offers_a_series_or_a_record_then_another_record(folder: Path, tab) -> None:  # type: ignore[no-untyped-def]
    assert tab("briefing compare l", folder) == ["lakes"]
    assert tab("briefing compare 2021", folder) == ["2021-harbour", "2021-lakes-2"]
    assert tab("briefing compare 2021-harbour 20", folder) == ["2019-fjord", "2020-lakes-1", "2021-lakes-2"]
    assert tab("briefing compare lakes ", folder) == []  # round numbers are typed


def test_series_command_offers_series_ids(folder: Path, tab) -> None:  # type: ignore[no-untyped-def]
    assert tab("briefing series ", folder) == ["harbour-talks", "lakes"]


# -- the scripts of `briefing completion SHELL`, in the real shells ------------------------------


def shell_env(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("_BRIEFING") and k != "BRIEFING_RECORDS"}
    return {**env, "PATH": f"{Path(BIN).parent}{os.pathsep}{os.environ.get('PATH', '')}", "BRIEFING_RECORDS": str(folder)}


def rounds_folder(folder: Path) -> Path:
    for n, day in ((1, "2019-05-06"), (2, "2020-06"), (4, "2022")):
        (folder / f"lakes-{n}.toml").write_text(
            f'title = "Lake talks {n}"\ndate = "{day}"\nseries = "lakes"\nround = {n}\n[[sources]]\ntitle = "Invented"\n', encoding="utf-8"
        )
    return folder


def bash_tabs(folder: Path, cwd: Path, *typed: tuple[str, ...]) -> list[list[str]]:
    """COMPREPLY after Tab on each of `typed` (words, the last being completed), with our script
    loaded once, in one real bash: each Tab runs the installed command as bash runs it."""
    script = 'eval "$(briefing completion bash)"; '
    for words in typed:
        quoted = " ".join(shlex.quote(w) for w in words)
        script += (
            f"COMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}; COMPREPLY=(); _briefing_completion briefing; "
            'printf "%s\\n" "${COMPREPLY[@]}" "--end of one Tab--"; '
        )
    proc = subprocess.run(["bash", "--norc", "-c", script], env=shell_env(folder), cwd=cwd, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    answers = proc.stdout.split("--end of one Tab--\n")
    assert len(answers) == len(typed) + 1 and answers[-1] == "", proc.stdout
    return [[line for line in answer.splitlines() if line] for answer in answers[:-1]]


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_bash_completes_whole_names_of_several_words(folder: Path, tmp_path: Path) -> None:
    # What readline hands over for `united\ k`: the word with its backslash.
    assert bash_tabs(
        folder, tmp_path,
        ("briefing", "country", "united\\ k"),
        ("briefing", "country", "'united st"),
        ("briefing", "timeline", "--country", "the\\ neth"),
        ("briefing", "show", "2021-l"),
    ) == [
        ["united\\ kingdom", "united\\ kingdom\\ of\\ great\\ britain\\ and\\ northern\\ ireland"],
        ["united\\ states", "united\\ states\\ minor\\ outlying\\ islands", "united\\ states\\ of\\ america"],
        ["the\\ netherlands", "the\\ netherlands\\ antilles"],
        ["2021-lakes-2"],
    ]


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_compare_offers_the_rounds_on_record(folder: Path, tmp_path: Path) -> None:
    rounds_folder(folder)
    assert bash_tabs(
        folder, tmp_path,
        ("briefing", "compare", "lakes", ""),
        ("briefing", "compare", "lakes", "2", ""),
        ("briefing", "compare", "harbour-talks", ""),
    ) == [["1", "2", "4"], ["1", "4"], []]  # (harbour-talks: none on record)


def test_rounds_carry_their_date_for_zsh_and_fish(folder: Path, tmp_path: Path) -> None:
    rounds_folder(folder)
    env = {**shell_env(folder), "_BRIEFING_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "briefing compare lakes "}
    zsh = subprocess.run([BIN], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=30)
    assert '"1":"6 May 2019, held"' in zsh.stdout and '"4":"2022, held"' in zsh.stdout


@pytest.mark.skipif(shutil.which("zsh") is None, reason="no zsh")
def test_the_zsh_script_loads_from_fpath_and_completes_at_once(folder: Path, tmp_path: Path) -> None:
    functions = tmp_path / "zfunc"
    functions.mkdir()
    script = subprocess.run([BIN, "completion", "zsh"], env=shell_env(folder), capture_output=True, text=True, timeout=30).stdout
    assert script.splitlines()[0] == "#compdef briefing"  # what compinit looks for, on the first line
    (functions / "_briefing").write_text(script, encoding="utf-8")
    home = tmp_path / "zdot"
    home.mkdir()
    (home / ".zshrc").write_text(f"PS1='> '\nfpath=({functions} $fpath)\nautoload -Uz compinit && compinit -u -d {home}/.zcompdump\n", encoding="utf-8")
    registered = subprocess.run(["zsh", "-i", "-c", "print -r -- $_comps[briefing]"], env={**shell_env(folder), "ZDOTDIR": str(home)},
                                cwd=tmp_path, capture_output=True, text=True, timeout=30)
    assert registered.stdout.strip() == "_briefing"
    # A real interactive zsh on a pseudo-terminal: the very first Tab completes.
    driver = tmp_path / "tab.zsh"
    driver.write_text(
        'zmodload zsh/zpty\nzpty z "ZDOTDIR=$1 zsh -i"\nzpty -w -n z "$2"$\'\\t\'\nlocal all="" chunk i\n'
        'for i in {1..150}; do sleep 0.1; while zpty -r -t z chunk; do all+=$chunk; done; [[ $all == *"$3"* ]] && break; done\n'
        'zpty -d z\nprint -r -- "$all"\n',
        encoding="utf-8",
    )
    for typed, expected in (("briefing country united\\ k", "united\\ kingdom"), ("briefing show 2021-h", "2021-harbour")):
        run = subprocess.run(["zsh", "-f", str(driver), str(home), typed, expected], env=shell_env(folder), cwd=tmp_path,
                             capture_output=True, text=True, timeout=60)
        assert expected in run.stdout, run.stdout[-500:]


@pytest.mark.skipif(shutil.which("fish") is None, reason="no fish")
def test_the_fish_script_completes(folder: Path, tmp_path: Path) -> None:
    rounds_folder(folder)
    run = subprocess.run(
        ["fish", "--no-config", "-c", 'briefing completion fish | source; complete -C "briefing country united\\ k"; complete -C "briefing compare lakes "'],
        env=shell_env(folder), cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert "united kingdom\tUnited Kingdom" in lines and "2\tJun 2020, held" in lines


def test_completion_command(tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    """`briefing completion` prints or installs a script: run in this process (the scripts
    themselves run the installed command, in the real shells above)."""
    for shell in ("bash", "zsh", "fish", "powershell"):
        shown = invoke("completion", shell)
        assert shown.exit_code == 0 and "briefing" in shown.stdout
    typo = invoke("completion", "zhs")
    assert typo.exit_code == 2 and "(did you mean 'zsh'?)" in typo.stderr
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "XDG_DATA_HOME": None, "XDG_CONFIG_HOME": None}
    done = invoke("completion", "zsh", "--install", env=env)
    assert done.exit_code == 0, done.stderr
    installed = home / ".zfunc" / "_briefing"
    assert installed.read_text(encoding="utf-8").startswith("#compdef briefing\n")
    again = invoke("completion", "zsh", "--install", env=env)
    assert again.exit_code == 1 and "already exists" in again.stderr  # never replaced without --force
    assert invoke("completion", "zsh", "--install", "--force", env=env).exit_code == 0
    fish = invoke("completion", "--install", env={**env, "SHELL": "/usr/bin/fish"})
    assert fish.exit_code == 0 and (home / ".config" / "fish" / "completions" / "briefing.fish").exists()
