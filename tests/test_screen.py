"""Text on the screen: --width, COLUMNS and FORCE_COLOR piped, the pager and the spinner at a
(pseudo-)terminal, one style for each meaning, `next` and `timeline` as tables whose dates are
never split."""

from __future__ import annotations

import fcntl
import json
import os
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from tests.helpers import REPO

SGR = re.compile(r"\x1b\[[0-9;]*m")
REPORTS = ("country", "timeline", "next", "compare", "series", "people", "search", "show")
AS_OF = "2026-11-22"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "BRIEFING_RECORDS", "PAGER", "LESS")}
    env.update(TERM="xterm-256color", LC_ALL="C.UTF-8", **extra)
    return env


@pytest.fixture
def piped(invoke):  # type: ignore[no-untyped-def]
    """`piped(*args, **env)`: a command's output with standard output not a terminal, in an
    environment as `_env` makes it. Run in this process: what these tests hold is how COLUMNS,
    FORCE_COLOR, NO_COLOR and PAGER are read where the output is not a terminal, the same as in
    a process of its own (the terminal itself: the pseudo-terminal tests below)."""

    def run(*args: str, **env: str) -> str:
        cleared: dict[str, str | None] = {k: None for k in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "BRIEFING_RECORDS", "PAGER", "LESS")}
        result = invoke(*args, env={**cleared, "TERM": "xterm-256color", **env})
        assert result.exit_code == 0, result.stderr
        return result.stdout

    return run


def in_terminal(args: list[str], env: dict[str, str], *, rows: int = 24, columns: int = 80, stderr_tty: bool = False) -> tuple[str, str]:
    """Run in a pseudo-terminal (standard input and output; standard error too if asked):
    what the terminal showed, and standard error."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    err_master, err_slave = os.openpty() if stderr_tty else (None, None)
    err_file = subprocess.PIPE if err_slave is None else err_slave
    proc = subprocess.Popen([sys.executable, "-m", "briefing", *args], stdin=slave, stdout=slave, stderr=err_file, env=env, close_fds=True)
    os.close(slave)
    if err_slave is not None:
        os.close(err_slave)
    out = _drain(master)
    err = _drain(err_master) if err_master is not None else proc.stderr.read()  # type: ignore[union-attr]
    assert proc.wait(timeout=120) == 0, err
    return out.decode("utf-8", "replace").replace("\r\n", "\n"), err.decode("utf-8", "replace")


def _drain(fd: int) -> bytes:
    chunks = []
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(fd)
    return b"".join(chunks)


# -- the options, the same on every report command -----------------------------------------------


@pytest.mark.parametrize("command", REPORTS)
def test_every_report_command_takes_width_and_no_pager(command: str, invoke) -> None:
    help_text = invoke(command, "--help").stdout
    assert "--width" in help_text and "--no-pager" in help_text, command


def test_width_lays_text_out_that_wide(invoke) -> None:
    for width in (60, 100, 140):
        out = invoke("timeline", "--as-of", AS_OF, "--width", str(width)).stdout
        lines = out.splitlines()
        assert max(len(line) for line in lines) <= width
        assert max(len(line) for line in lines) > width - 10  # it does use the width
    assert invoke("timeline", "--width", "10").exit_code == 2  # too narrow to read: a usage error


def test_columns_is_honoured_piped(piped) -> None:  # type: ignore[no-untyped-def]
    wide = piped("next", "--as-of", AS_OF, COLUMNS="120")
    assert 80 < max(len(line) for line in wide.splitlines()) <= 120
    narrow = piped("next", "--as-of", AS_OF)
    assert max(len(line) for line in narrow.splitlines()) <= 80
    assert piped("next", "--as-of", AS_OF, "--width", "90", COLUMNS="120").splitlines() == piped(
        "next", "--as-of", AS_OF, "--width", "90"
    ).splitlines()  # --width wins


def test_force_color_is_honoured_piped_and_no_color_wins(piped) -> None:  # type: ignore[no-untyped-def]
    coloured = piped("timeline", "--as-of", AS_OF, FORCE_COLOR="1")
    assert SGR.search(coloured)
    plain = piped("timeline", "--as-of", AS_OF)
    assert "\x1b" not in plain
    assert [SGR.sub("", line).rstrip() for line in coloured.splitlines()] == plain.splitlines()  # the same words
    assert "\x1b" not in piped("timeline", "--as-of", AS_OF, FORCE_COLOR="1", NO_COLOR="1")


def test_a_file_is_always_plain(tmp_path: Path, piped) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "timeline.txt"
    piped("timeline", "--as-of", AS_OF, "-o", str(out), FORCE_COLOR="1", COLUMNS="120")
    text = out.read_text(encoding="utf-8")
    assert "\x1b" not in text and max(len(line) for line in text.splitlines()) <= 80


# -- next and timeline at 80 columns: tables, dates whole ---------------------------------------------


def _dates(doc: object) -> set[str]:
    """Every date the JSON of a report shows (its `display`), of more than one word."""
    found: set[str] = set()
    if isinstance(doc, dict):
        if isinstance(doc.get("display"), str) and " " in doc["display"]:
            found.add(doc["display"])
        for value in doc.values():
            found |= _dates(value)
    elif isinstance(doc, list):
        for value in doc:
            found |= _dates(value)
    return found


@pytest.mark.parametrize("command", ["next", "timeline", "country uzbekistan", "search japan"])
@pytest.mark.parametrize("width", [80, 140])
def test_no_line_over_the_width_and_no_date_split(command: str, width: int, invoke) -> None:
    args = [*command.split(), "--as-of", AS_OF]
    text = invoke(*args, "--width", str(width)).stdout
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width  # characters, not bytes
    dates = _dates(json.loads(invoke(*args, "-f", "json").stdout))
    assert any("–" in d for d in dates)  # the bundled records have a range: 14 Mar 2025? – 21 Mar 2026?
    joined = " ".join(line.strip() for line in lines)
    for date in dates:
        assert joined.count(date) == sum(line.count(date) for line in lines), f"{date!r} split across lines"


def test_next_is_a_table_of_date_what_with_whom_state(invoke) -> None:
    out = invoke("next", "--as-of", AS_OF).stdout
    headers = [line for line in out.splitlines() if line.startswith("Date ")]
    assert headers and all(h.split() == ["Date", "What", "With", "whom", "State"] for h in headers)
    assert len({h.index("What") for h in headers}) == 1  # the columns line up across sections
    row = next(line for line in out.splitlines() if line.startswith("Aug 2024"))
    assert row.index("First Central Asia") == headers[0].index("What")


# -- one style for each meaning ---------------------------------------------------------------------


def test_no_renderer_has_a_style_of_its_own() -> None:
    """Styles come from render/styles.py: no style written out anywhere else."""
    style = re.compile(r"""["'](?:[a-z ]*\b)?(bold|dim|italic|underline|reverse|red|green|yellow|cyan|blue|magenta)\b[a-z ]*["']""")
    offenders = []
    for path in sorted((REPO / "src" / "briefing" / "render").glob("*.py")):
        if path.name == "styles.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if style.search(line) and not line.lstrip().startswith("#"):
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert offenders == []


def _style_before(out: str, words: str) -> str:
    """The SGR codes in force where `words` start."""
    at = out.index(words)
    codes = SGR.findall(out[:at])
    return codes[-1] if codes else ""


def test_each_meaning_looks_the_same_in_every_report(invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    from rich.console import Console

    from briefing.render.styles import CONTEXT, OVERDUE, TITLE, UNCERTAIN

    def sgr(style: str) -> str:
        console = Console(force_terminal=True, color_system="standard", width=80)
        with console.capture() as cap:
            console.print("x", style=style, end="")
        return SGR.findall(cap.get())[0]

    country = invoke("country", "türkiye", "--as-of", AS_OF).stdout
    nxt = invoke("next", "--as-of", AS_OF).stdout
    timeline = invoke("timeline", "--as-of", AS_OF).stdout
    assert _style_before(country, "OVERDUE") == _style_before(nxt, "OVERDUE") == sgr(OVERDUE)  # was red in one, bold in the other
    assert _style_before(nxt, "about 3 years") == sgr(UNCERTAIN)
    # A timeline's detail line is context, not bold like its title.
    assert _style_before(timeline, "1st Central Asia plus Japan") == sgr(TITLE)
    assert _style_before(timeline, "Kazakhstan · foreign") == sgr(CONTEXT)


# -- the pager and the spinner, at a pseudo-terminal ---------------------------------------------------


def test_the_pager_takes_a_report_taller_than_the_screen(tmp_path: Path) -> None:
    got = tmp_path / "paged.txt"
    env = _env(PAGER=f"cat > {got}")
    shown, _ = in_terminal(["country", "uzbekistan", "--as-of", AS_OF], env, rows=24)
    paged = got.read_text(encoding="utf-8")
    assert "Briefing: Uzbekistan" in SGR.sub("", paged) and SGR.search(paged)  # whole, in colour
    assert len(paged.splitlines()) > 24
    assert "Briefing: Uzbekistan" not in shown  # not also printed on the terminal
    got.unlink()
    shown, _ = in_terminal(["country", "uzbekistan", "--as-of", AS_OF, "--no-pager"], env, rows=24)
    assert not got.exists() and "Briefing: Uzbekistan" in shown
    shown, _ = in_terminal(["series", "--as-of", AS_OF], env, rows=200)
    assert not got.exists() and "series" in shown.lower()  # shorter than the screen: no pager


def test_less_gets_colour_unless_less_is_set(tmp_path: Path) -> None:
    got = tmp_path / "less.txt"
    shown, _ = in_terminal(["timeline", "--as-of", AS_OF], _env(PAGER=f'echo "$LESS" > {got}'), rows=10)
    assert got.read_text().strip() == "FRX"
    in_terminal(["timeline", "--as-of", AS_OF], _env(PAGER=f'echo "$LESS" > {got}', LESS="-S"), rows=10)
    assert got.read_text().strip() == "-S"


def test_never_a_pager_when_piped(tmp_path: Path, piped) -> None:  # type: ignore[no-untyped-def]
    got = tmp_path / "paged.txt"
    out = piped("country", "uzbekistan", "--as-of", AS_OF, PAGER=f"cat > {got}", LINES="10")
    assert not got.exists() and "Briefing: Uzbekistan" in out


def test_the_spinner_shows_on_stderr_at_a_terminal_and_goes(tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    env = _env(BRIEFING_STATUS_AFTER="0", BRIEFING_NO_CACHE="1", PAGER="cat")
    shown, err = in_terminal(["next", "--as-of", AS_OF], env, rows=200, stderr_tty=True)
    assert "Reading the records in" in err
    assert "What comes next" in shown and "Reading the records" not in shown
    # piped: standard output (and here standard error) not a terminal, never a spinner
    result = invoke("next", "--as-of", AS_OF, env={"BRIEFING_STATUS_AFTER": "0", "BRIEFING_NO_CACHE": "1"})
    assert result.exit_code == 0 and "What comes next" in result.stdout and "Reading the records" not in result.stderr


def test_no_spinner_when_loading_is_quick(tmp_path: Path) -> None:
    env = _env(BRIEFING_STATUS_AFTER="30", PAGER="cat")
    _, err = in_terminal(["next", "--as-of", AS_OF], env, rows=200, stderr_tty=True)
    assert "Reading the records" not in err


# -- the layout itself ---------------------------------------------------------------------------------

from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from rich.cells import cell_len  # noqa: E402
from rich.text import Text  # noqa: E402

from briefing.render.layout import wrap  # noqa: E402
from tests.helpers import examples  # noqa: E402

DATES = ["14 Mar 2025? – 21 Mar 2026?", "c. Aug 2004", "spring 2018", "28 Dec 2017", "21–31 Jan 2018", "24 December 2022", "2018"]
WORDS = ["a", "word", "the", "meeting", "Türkiye", "日本", "ministerial-level", "x" * 30, "(28 Dec 2017)", "—", "•"]
texts = st.lists(st.sampled_from(WORDS + DATES), min_size=1, max_size=30).map(" ".join)


@settings(max_examples=examples(300), deadline=None)
@given(texts, st.integers(min_value=28, max_value=120), st.sampled_from(["", "• "]))
def test_wrap_keeps_every_word_within_the_width_and_dates_whole(text: str, width: int, bullet: str) -> None:
    text = bullet + text
    for lines in (wrap(text, width), [line.plain for line in wrap(Text(text), width)]):
        assert all(cell_len(line) <= width for line in lines)
        assert "".join(text.split()) == "".join("".join(lines).split())  # nothing lost, nothing added
        if bullet:
            assert all(line.startswith("  ") for line in lines[1:])  # the bullet hangs
        joined = " ".join(line.strip() for line in lines)
        for date in DATES:
            if " " in date and cell_len(date) <= width - 2:
                assert joined.count(date) == sum(line.count(date) for line in lines), (date, lines)
    assert wrap(text, width) == [line.plain for line in wrap(Text(text), width)]  # plain and styled alike


PIECES = [*DATES, "c. ", "21–31 September ", "September 15, ", "autumn ", "1990s", "12345", "20", " – ", "?", "(", "Mar", " ", "x",
          "by ", "(Jul ", "May", "June", "winter", "15,", ",", ".", "c.", "xc. "]


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=20).map("".join))
@example("made at it (c. 21–31 September 2018) and c. 21–31 September 2019?")  # the longest start before a year
@example("made at talks (Jul 2014), due by 2026 or (1997) – 2001, in June 2024 or winter 2025, not Mayday 2020")
def test_the_dates_of_a_line_are_found_as_the_date_pattern_finds_them(line: str) -> None:
    from briefing.render.layout import DATE, _date_spans

    assert _date_spans(line) == [m.span() for m in DATE.finditer(line)]


@settings(max_examples=examples(500), deadline=None)
@given(
    st.lists(st.sampled_from([*WORDS, *DATES, "c. 21–31 September 2018", "(1 Jan 2017)/(2 Jan 2018)", "", " "]), min_size=1, max_size=14).map(" ".join),
    st.integers(min_value=1, max_value=60),
    st.sampled_from([0, 2, 4]),
)
@example("made at it (c. 21–31 September 2018) and c. 21–31 September 2019?", 24, 0)
def test_a_plain_line_breaks_where_laid_out_word_by_word(line: str, width: int, hang: int) -> None:
    from briefing.render.layout import _simple_breaks, _word_by_word

    rest = max(width - hang, 1)
    simple = _simple_breaks(line, width, rest)
    if simple is not None:
        assert simple == _word_by_word(line, width, rest, len)
