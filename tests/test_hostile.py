"""Hostile text: what a record holds is data in every command and every format.

A record's text may carry rich markup, terminal escapes (CSI, OSC title, OSC 8 links), NUL and
other C0 controls, C1 controls, bidi overrides, HTML, Markdown syntax at line starts and inside
lines, and its file name may carry the same. In every command and format:

- text: markup is printed literally; no control character from a record reaches the output (rich's
  own colour codes, SGR `ESC[...m`, are allowed only when colour is on); run in-process (piped,
  and piped with colour forced) and in a real terminal (a pty, colour forced);
- Markdown: the document has exactly the structure it has for plain text (same blocks, same table
  columns), no HTML and no links made from record text (only a source's own `url` may be a link);
- JSON: valid, and it carries the cleaned text;
- ics: valid RFC 5545 with the same components and properties as for plain text.

Every command registered in the app must be listed here (or say why it shows no record text).
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import tempfile
import termios
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import tomli_w
import typer
from markdown_it import MarkdownIt

from briefing.cli import app
from briefing.text import clean

AS_OF = "2024-01-01"

# A little of everything. Words in capitals mark where a piece should still be visible.
PAYLOAD = (
    "WORD [b]M[/b] [bold red]RED[/] [link=https://evil.example/rich]LINK[/link] :smile: "
    "\x1b[2J\x1b[31mCSI \x1b]0;TITLE\x07 \x1b]8;;https://evil.example/osc8\x1b\\OSC8\x1b]8;;\x1b\\ "
    "NUL\x00 BEL\x07 BS\x08 VT\x0b FF\x0c DEL\x7f C1\x9b31m\x85\x90\x9d CR\rX "
    "BIDI\u202eRTL\u202c \u2066ISOLATE\u2069 \u061cALM \u200fRLM \u2028LS\u2029PS \ufeffBOM "
    "<script>alert(1)</script> <img src=x onerror=alert(1)> &amp; &lt;b&gt; &#60;i&#62; "
    "| pipe | cell | *star* _under_ `tick` ``two`` **bold** ~~strike~~ [text](https://evil.example/md) "
    "![img](https://evil.example/i.png) <https://evil.example/auto> <mailto:x@evil.example> "
    "\\ backslash \\* [^1] [ref]: https://evil.example/ref "
    "\n# heading\n## heading two ##\n1. list\n2) list\n- item\n* star\n+ plus\n> quote\n    indented code\n"
    "---\n===\n***\n```\nfence\n~~~\n<div>block</div>\n<!-- comment -->\n[x]: https://evil.example/def\n"
    "| a | b |\n|---|---|\n| c | d |\nEND"
)
BENIGN = "WORD plain"
# The file name of a third record: markup, Markdown, HTML and an OSC sequence (no '/').
HOSTILE_NAME = "2020-06-01-[b]F[i]|*x*_`\x1b]0;T\x07<i>\u202e"
BENIGN_NAME = "2020-06-01-plain"
SAFE_URL = "https://example.org/ok"

# How to run each command so that the hostile records are in its output.
COMMANDS: dict[str, list[str]] = {
    "check": [],
    "show": ["2020-05-01-fictional"],
    "country": ["UZ"],
    "timeline": [],
    "next": [],
    "search": ["word"],
    "compare": ["fictional-series", "1", "3"],  # round 3 is the record with the hostile file name
    "series": ["fictional-series"],
    "people": ["fictional-person"],
}
# Commands that print no record text, and why.
NO_RECORD_TEXT = {
    "new": "writes a record from its options: see test_new_with_hostile_options",
    "schema": "prints the JSON Schema of the record format; no record is read",
    **{
        command: "changes a record in place; its --dry-run diff is cleaned: see test_life.py"
        for command in ("held", "cancel", "postpone", "done", "drop", "edit")
    },
    "completion": "prints a shell script; no record is read",
    "config": "prints the settings in force (each value one line): the home side is the folder settings', no record is read",
    "export": "JSON Lines or CSV, never a terminal: see test_export_keeps_record_text_as_data",
}
FORMATS = ("text", "markdown", "json", "ics")

# A character that must never come from a record: C0 but \t \n, DEL, C1, bidi controls, LS/PS, BOM.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]")
SGR = re.compile(r"\x1b\[[0-9;]*m")


# -- the records ---------------------------------------------------------------------------------


def _source(text: str, url: str) -> dict[str, Any]:
    return {"title": text, "publisher": text, "author": text, "url": url, "published": "2020-01", "kind": "press", "note": text}


def _meeting(text: str, date: str, status: str, round_: int, url: str) -> dict[str, Any]:
    return {
        "title": text, "date": date, "date_text": text, "status": status, "kind": "foreign-ministers",
        "series": "fictional-series", "round": round_, "summary": text, "notes": text,
        "place": {"city": text, "venue": text, "country": "UZ"}, "countries": ["UZ", "JP"],
        "organizations": [text],
        "participants": [
            {"name": text, "role": text, "country": "UZ", "head_of_delegation": True},
            {"name": text + " two", "role": text, "organization": text},
            {"person": "fictional-person", "role": text, "office": text, "level": "minister", "country": "JP"},
            {"office": text, "level": "ambassador", "country": "UZ"},
        ],
        "topics": [text, text + " two"], "outcomes": [text],
        "commitments": [
            {"text": text, "due": "2021-06", "date_text": text, "status": "open", "parties": [text]},
            {"text": text + " two", "status": "open"},
            {"text": text + " three", "due": "2030-06", "status": "open"},
        ],
        "sources": [_source(text, url), _source(text, SAFE_URL)],
    }


def make_records(folder: Path, text: str, third_name: str) -> Path:
    """Three fictional meetings (held, planned, held) and a series, every text field set to `text`."""
    (folder / "series").mkdir(parents=True)
    url = text if text != BENIGN else "https://example.org/a"
    files = {
        "2020-05-01-fictional": _meeting(text, "2020-05-01", "held", 1, url),
        "2030-05-01-fictional-next": _meeting(text, "2030-05", "planned", 2, url),
        third_name: _meeting(text, "2020-06-01", "held", 3, url),
    }
    for name, data in files.items():
        (folder / f"{name}.toml").write_text(tomli_w.dumps(data), encoding="utf-8")
    series = {
        "name": text, "aliases": [text], "dialogue": text, "kind": "foreign-ministers", "established": "2004",
        "members": ["UZ", "JP"], "description": text, "counts": [{"held": 3, "as_of": "2021", "source": text}],
        "sources": [_source(text, url)],
    }
    (folder / "series" / "fictional-series.toml").write_text(tomli_w.dumps(series), encoding="utf-8")
    person = {
        "name": text, "names": [text + " two"], "country": "JP", "notes": text,
        "offices": [{"title": text, "organization": text, "level": "minister", "attested": ["2020-05-01"], "note": text,
                     "sources": [_source(text, url)]}],
        "sources": [_source(text, SAFE_URL)],
    }
    (folder / "people").mkdir()
    (folder / "people" / "fictional-person.toml").write_text(tomli_w.dumps(person), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_records(tmp_path_factory.mktemp("hostile"), PAYLOAD, HOSTILE_NAME)


@pytest.fixture(scope="module")
def benign(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_records(tmp_path_factory.mktemp("benign"), BENIGN, BENIGN_NAME)


# -- running commands ----------------------------------------------------------------------------


def registered() -> dict[str, Any]:
    group = typer.main.get_command(app)
    return dict(group.commands)  # type: ignore[attr-defined]


def argv(command: str, records: Path, fmt: str | None = None) -> list[str]:
    params = {p.name for p in registered()[command].params}
    args = [command, *COMMANDS[command], "--records", str(records)]
    if "as_of" in params:
        args += ["--as-of", AS_OF]
    if fmt is not None:
        args += ["-f", fmt]
    return args


def report_commands() -> list[str]:
    return [c for c in COMMANDS if c in registered()]


def run(args: list[str], **env: str) -> tuple[int, str, str]:
    from tests.helpers import CliRunner

    result = CliRunner().invoke(app, args, env={"NO_COLOR": None, "FORCE_COLOR": None, "BRIEFING_RECORDS": None, **env})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    # stdout_bytes: click's Result.stdout turns CRLF into LF, and ics must keep its CRLF.
    return result.exit_code, result.stdout_bytes.decode("utf-8"), result.stderr


def run_or_skip(command: str, records: Path, fmt: str) -> str:
    code, out, err = run(argv(command, records, fmt))
    if code == 2 and "cannot be written as" in err:
        pytest.skip(f"{command} has no {fmt} output")
    assert code in (0, 1), err
    assert "Traceback" not in out + err
    assert not RAW.search(err), err
    return out


def test_every_command_is_run_with_hostile_records() -> None:
    missing = set(registered()) - set(COMMANDS) - set(NO_RECORD_TEXT)
    assert not missing, f"add these commands to COMMANDS in {__file__}: {sorted(missing)}"


def test_the_hostile_records_load_and_hold_the_payload(hostile: Path) -> None:
    code, out, _ = run(["check", "--records", str(hostile), "--as-of", AS_OF, "-f", "json"])
    assert code == 0, out
    assert json.loads(out)["meetings"] == 3
    code, out, _ = run(["show", "2020-05-01-fictional", "--records", str(hostile), "-f", "json"])
    assert json.loads(out)["title"] == clean(PAYLOAD)


# -- text ----------------------------------------------------------------------------------------


def assert_text_is_safe(out: str, command: str, colour: bool) -> None:
    if colour:
        out = SGR.sub("", out)  # rich's own colour codes; anything else with ESC is not
    assert "\x1b" not in out, repr(out[max(0, out.find("\x1b") - 40) : out.find("\x1b") + 40])
    bad = RAW.search(out)
    assert bad is None, repr(out[max(0, bad.start() - 40) : bad.start() + 40])
    if command != "check":
        assert "[b]M[/b]" in out  # markup printed literally, not applied
        assert "\\x1b]0;TITLE\\x07" in out or "\\x1b]0;" in out  # the escape shown, not sent


@pytest.mark.parametrize("command", list(COMMANDS))
def test_text_piped(command: str, hostile: Path) -> None:
    if command not in registered():
        pytest.skip(f"no '{command}' command yet")
    out = run_or_skip(command, hostile, "text")
    assert_text_is_safe(out, command, colour=False)


def _in_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """Run in a real pseudo-terminal, 120 columns wide; returns code, terminal output, stderr."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 120, 0, 0))
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=err, env=env, close_fds=True)
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        code = proc.wait(timeout=60)
        os.close(master)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return code, b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n"), stderr


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "BRIEFING_RECORDS", "BRIEFING_DEBUG", "COLUMNS")}
    env.update(TERM="xterm-256color", LC_ALL="C.UTF-8", PAGER="cat", **extra)  # a pager that needs no keys
    return env


@pytest.mark.parametrize("command", list(COMMANDS))
def test_text_in_a_terminal_with_colour_forced(command: str, hostile: Path) -> None:
    if command not in registered():
        pytest.skip(f"no '{command}' command yet")
    code, out, err = _in_terminal([sys.executable, "-m", "briefing", *argv(command, hostile)], _env(FORCE_COLOR="1"))
    assert code in (0, 1), err
    assert "Traceback" not in err
    if command != "check":
        assert SGR.search(out), "colour was forced: rich's styling should be there"
    assert_text_is_safe(out, command, colour=True)
    assert not RAW.search(err)


@pytest.mark.parametrize("command", ["show", "timeline", "country"])
def test_text_through_a_pipe_with_colour_forced(command: str, hostile: Path) -> None:
    code, out, err = run(argv(command, hostile), FORCE_COLOR="1", TERM="xterm-256color")
    assert code == 0, err
    assert SGR.search(out), "colour was forced: rich's styling should be there"
    assert_text_is_safe(out, command, colour=True)


# -- Markdown ------------------------------------------------------------------------------------

_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def markdown_shape(text: str) -> tuple[list[tuple[str, str]], list[str], list[str], list[str]]:
    """(block tokens, inline markup tokens, HTML found, link targets) of a Markdown document."""
    blocks: list[tuple[str, str]] = []
    inline: list[str] = []
    html: list[str] = []
    links: list[str] = []
    for tok in _MD.parse(text):
        if tok.type == "html_block":
            html.append(tok.content)
        if tok.type != "inline":
            blocks.append((tok.type, tok.tag))
            continue
        for child in tok.children or []:
            if child.type == "html_inline":
                html.append(child.content)
            if child.type in ("link_open", "image"):
                links.append(str(child.attrs.get("href") or child.attrs.get("src")))
            if child.type == "code_inline" and _EMAIL.fullmatch(child.content):
                continue  # an e-mail address kept whole as code: GitHub would make it a link
            if child.type not in ("text", "softbreak", "hardbreak", "link_close"):
                inline.append(child.type)
    return blocks, inline, html, links


_EMAIL = re.compile(r"[A-Za-z0-9._+-]+@[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+")


@pytest.mark.parametrize("command", list(COMMANDS))
def test_markdown_keeps_its_structure(command: str, hostile: Path, benign: Path) -> None:
    if command not in registered():
        pytest.skip(f"no '{command}' command yet")
    out = run_or_skip(command, hostile, "markdown")
    plain = run_or_skip(command, benign, "markdown")
    assert not RAW.search(out)
    blocks, inline, html, links = markdown_shape(out)
    plain_blocks, plain_inline, _, plain_links = markdown_shape(plain)
    assert html == []
    assert blocks == plain_blocks  # same headings, lists, paragraphs, tables and columns
    # Only a source's own URL, when it is one, may be a link: nothing else in a record makes one.
    assert all(link == SAFE_URL for link in links), links
    assert len(links) == plain_links.count(SAFE_URL)
    # Emphasis, code spans and the like: only those the renderer makes for plain text too.
    assert Counter(t for t in inline if t != "link_open") == Counter(t for t in plain_inline if t != "link_open")


# -- JSON ----------------------------------------------------------------------------------------


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (strings(k) + strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


@pytest.mark.parametrize("command", list(COMMANDS))
def test_json_is_valid_and_carries_the_cleaned_text(command: str, hostile: Path) -> None:
    if command not in registered():
        pytest.skip(f"no '{command}' command yet")
    out = run_or_skip(command, hostile, "json")
    doc = json.loads(out)
    found = strings(doc)
    assert not any(RAW.search(s) for s in found)
    if command != "check":
        assert clean(PAYLOAD) in found or any(clean(PAYLOAD) in s for s in found)


# -- ics -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", list(COMMANDS))
def test_ics_is_valid_with_the_same_components(command: str, hostile: Path, benign: Path) -> None:
    if command not in registered():
        pytest.skip(f"no '{command}' command yet")
    icalendar = pytest.importorskip("icalendar")
    out = run_or_skip(command, hostile, "ics")
    plain = run_or_skip(command, benign, "ics")
    assert not RAW.search(out.replace("\r\n", "\n"))
    assert all(len(line.encode("utf-8")) <= 75 for line in out.split("\r\n")), "lines are folded at 75 octets"

    def shape(text: str) -> list[tuple[str, list[str]]]:
        cal = icalendar.Calendar.from_ical(text)
        return [(c.name, sorted(c.keys())) for c in cal.walk()]

    assert shape(out) == shape(plain)  # no property or component smuggled in by a newline
    cal = icalendar.Calendar.from_ical(out)
    summaries = [str(c.get("summary")) for c in cal.walk() if c.get("summary") is not None]
    assert summaries and all(s.startswith(clean(PAYLOAD)[:200]) for s in summaries)


# -- text that comes from the command line -------------------------------------------------------


def test_hostile_arguments_are_shown_not_sent(hostile: Path) -> None:
    code, out, err = run(["show", "x\x1b]0;T\x07\u202e", "--records", str(hostile)])
    assert code == 2
    assert "\\x1b]0;T\\x07" in err and not RAW.search(err)
    code, out, err = run(["timeline", "--records", str(hostile), "--topic", "\x1b[2J", "-f", "markdown"])
    assert code == 0
    assert "\\x1b[2J" in out and not RAW.search(out)


def test_new_with_hostile_options(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    title = "[b]M[/b] \x1b]0;T\x07 <script>x</script> | # h"
    code, out, err = run(["new", "--records", str(folder), "--title", title, "--date", "2020-01-01",
                          "--source", "https://example.org/ok", "--summary", PAYLOAD, "--as-of", AS_OF,
                          "--id", "2020-01-01-fictional"])
    assert code == 0, err
    assert not RAW.search(out + err)
    code, out, err = run(["show", "2020-01-01-fictional", "--records", str(folder), "-f", "json"])
    assert code == 0, err
    doc = json.loads(out)
    assert doc["title"] == clean(title)
    assert doc["summary"] == clean(PAYLOAD).strip()


# -- the Markdown escaping itself, for any text ---------------------------------------------------

from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from briefing.render import markdown as md  # noqa: E402
from tests.helpers import examples  # noqa: E402

# Text rich in what Markdown gives meaning to, plus anything else printable.
_MD_TEXT = st.text(
    alphabet=st.one_of(st.sampled_from(list("\\`*_[]<>|&~!#+-=.:)(0123456789 \n\t'\"^$%{}/;@")), st.characters(blacklist_categories=("Cs", "Cc"))),
    max_size=60,
)


def _inline_text(source: str, block: str) -> str | None:
    """The text of the only block of a one-block document, or None if it is not one such block."""
    tokens = _MD.parse(source)
    if [t.type for t in tokens] != [f"{block}_open", "inline", f"{block}_close"]:
        return None
    children = tokens[1].children or []
    if any(c.type != "text" for c in children):
        return None
    return "".join(c.content for c in children)


@settings(max_examples=examples(300), deadline=None, derandomize=True)
@given(_MD_TEXT)
@example("Notes on C# ##")  # an ATX closing sequence
@example("#")
@example("a \\#")
@example("1. first")
@example("2) second")
@example("    indented")
@example("<div>x</div>")
@example("[x]: https://example.org/def")
@example("| a | b |")
@example("&amp; &#60;")
@example("***")
@example("```")
def test_escaped_text_reads_back_as_itself(text: str) -> None:
    expected = " ".join(text.split())
    if not expected:
        return
    assert _inline_text(md.escape(text), "paragraph") == expected
    assert _inline_text(md.heading(2, md.escape(text)), "heading") == expected
    # In a table cell: the row keeps its two columns and the cell its text.
    doc = "\n".join(md.table(["a", "b"], [[md.cell(text), "x"]]))
    cells = [t for t in _MD.parse(doc) if t.type == "inline"]
    assert [c.content for c in cells][2:] != [] and len(cells) == 4
    tokens = cells[2].children or []
    assert "".join(c.content for c in tokens if c.type == "text") == expected


@pytest.mark.parametrize("command", ["show", "timeline"])
def test_no_color_in_a_terminal_means_no_escape_codes_at_all(command: str, hostile: Path) -> None:
    code, out, err = _in_terminal([sys.executable, "-m", "briefing", *argv(command, hostile)], _env(NO_COLOR="1"))
    assert code == 0, err
    assert "\x1b" not in out
    assert "[b]M[/b]" in out


def test_shell_completion_never_offers_a_file_name_with_control_characters(tmp_path: Path) -> None:
    """The shell prints candidates on the terminal and reads them one per line."""
    folder = tmp_path / "records"
    (folder / "series").mkdir(parents=True)
    record = tomli_w.dumps(_meeting(BENIGN, "2020-01-01", "held", 1, SAFE_URL))
    for name in ("2020-plain", "2020-x\x1b]0;T\x07", "2020-line\nbreak", "2020-\u202eevil"):
        (folder / f"{name}.toml").write_text(record, encoding="utf-8")
        (folder / "series" / f"{name}.toml").write_text(record, encoding="utf-8")
    script = Path(sys.executable).with_name("briefing")
    for words in ("briefing show 2020", "briefing series 2020"):
        env = {**_env(), "_BRIEFING_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": "2",
               "BRIEFING_RECORDS": str(folder)}
        proc = subprocess.run([str(script)], env=env, capture_output=True, timeout=30)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.decode().split() == ["2020-plain"], proc.stdout


@pytest.mark.parametrize("what", ["meetings", "commitments", "people"])
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_keeps_record_text_as_data(hostile: Path, what: str, fmt: str) -> None:
    code, out, err = run(["export", "--what", what, "-f", fmt, "--records", str(hostile), "--as-of", AS_OF])
    assert code == 0, err
    bad = RAW.search(out.replace("\r\n", "\n"))
    assert bad is None, repr(out[max(0, bad.start() - 40) : bad.start() + 40])
    assert "\x1b" not in out
    if what != "people":
        assert "[b]M[/b]" in out  # markup kept as text
