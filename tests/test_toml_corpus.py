"""Files that break the TOML specification, one tiny file per kind of violation it names.

Each file in tests/toml_corpus/ starts with `# spec: <section>: <what the spec says>` and
`# expect line: N`. `briefing check` must refuse it with exit 1 and one clean line
`path:N: <message>` (no traceback, a short message), while a good record beside it keeps loading.
The files hold raw control characters, lone CRs and bad bytes on purpose (see .gitattributes).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import MINIMAL, write

CORPUS_DIR = Path(__file__).parent / "toml_corpus"
CORPUS = sorted(CORPUS_DIR.glob("*.toml"))
# Files whose header cannot be read as UTF-8 (that is their point): their line is given here.
UNREADABLE_HEADER = {"utf16": 1}


def header(path: Path) -> tuple[str, int]:
    if path.stem in UNREADABLE_HEADER:
        return "", UNREADABLE_HEADER[path.stem]
    first, second = path.read_bytes().split(b"\n")[:2]
    spec = first.decode("utf-8").removeprefix("# spec: ")
    line = int(second.decode("ascii").removeprefix("# expect line: "))
    return spec, line


def problem_lines(output: str, name: str) -> list[str]:
    return [ln for ln in output.splitlines() if ln.startswith(name + ":") or f"/{name}:" in ln]


def test_corpus_names_every_part_of_the_spec() -> None:
    sections = {header(p)[0].split(":", 1)[0] for p in CORPUS if p.stem not in UNREADABLE_HEADER}
    for section in ("Spec", "Comment", "Key/Value Pair", "Keys", "String", "Integer", "Float", "Boolean",
                    "Local Date", "Offset Date-Time", "Local Date-Time", "Array", "Table", "Inline Table",
                    "Array of Tables"):
        assert section in sections, f"no corpus file for the spec's section {section!r}"
    assert len(CORPUS) >= 80


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_violation_gives_path_line_and_a_clean_message(path: Path, tmp_path: Path, invoke) -> None:
    _, line = header(path)
    shutil.copy(path, tmp_path / path.name)
    write(tmp_path, "2020-01-01-good.toml", MINIMAL.format(title="A good fictional meeting", date="2020-01-01"))
    result = invoke("check", "--records", tmp_path, "--as-of", "2024-01-01")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = problem_lines(result.output, path.name)
    assert len(lines) == 1, result.output
    where, message = re.match(rf"^(.*{re.escape(path.name)}:\d+): (.*)$", lines[0]).groups()  # type: ignore[union-attr]
    assert where.endswith(f"{path.name}:{line}"), lines[0]
    assert message.startswith(("TOML syntax: ", "not UTF-8 text")), message
    assert len(message) < 200
    # Nothing raw from the file comes back: no control characters in what was printed.
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.output)
    # The good record beside it still loads.
    assert "1 meeting(s)" in result.output
    assert "2020-01-01-good" not in result.output


def test_every_violation_is_reported_in_one_run(tmp_path: Path, invoke) -> None:
    for path in CORPUS:
        shutil.copy(path, tmp_path / path.name)
    write(tmp_path, "2020-01-01-good.toml", MINIMAL.format(title="A good fictional meeting", date="2020-01-01"))
    result = invoke("check", "--records", tmp_path, "-f", "json")
    assert result.exit_code == 1
    import json

    doc = json.loads(result.output)
    assert doc["errors"] == len(CORPUS)
    assert doc["meetings"] == 1
    reported = {Path(p["path"]).name: p["line"] for p in doc["problems"]}
    assert reported == {p.name: header(p)[1] for p in CORPUS}


def test_violations_do_not_stop_reports(tmp_path: Path) -> None:
    """A real run (subprocess, piped): a report still prints the good record and names the skipped files."""
    for path in CORPUS[:20]:
        shutil.copy(path, tmp_path / path.name)
    write(tmp_path, "2020-01-01-good.toml", MINIMAL.format(title="A good fictional meeting", date="2020-01-01"))
    proc = subprocess.run(
        [sys.executable, "-m", "briefing", "show", "2020-01-01-good", "--records", str(tmp_path), "-f", "json"],
        capture_output=True, timeout=60, env={**os.environ, "LC_ALL": "C.UTF-8"},
    )
    assert proc.returncode == 0, proc.stderr
    assert b"A good fictional meeting" in proc.stdout
    assert b"Traceback" not in proc.stderr
    assert b"skipped 20 file(s)" in proc.stderr


# TOML 1.1 (which tomli implements) relaxed some 1.0 rules. Such files are read, not refused, and
# what they can smuggle in (\e and \x escapes for ESC) is cleaned like any other control character.
TOML_1_1 = {
    "newline-in-inline-table": ('place = { city = "Tokyo",\n  country = "JP" }\n', ("place", "city"), "Tokyo"),
    "trailing-comma-in-inline-table": ('place = { city = "Tokyo", }\n', ("place", "city"), "Tokyo"),
    "escape-e": ('summary = "\\e[2J cleared"\n', ("summary",), "\\x1b[2J cleared"),
    "escape-x": ('summary = "\\x1b]0;title\\x07"\n', ("summary",), "\\x1b]0;title\\x07"),
}


@pytest.mark.parametrize("name", sorted(TOML_1_1))
def test_toml_1_1_relaxations_are_read(name: str, tmp_path: Path, invoke) -> None:
    body, field, expected = TOML_1_1[name]
    write(tmp_path, "2020-01-01-fictional.toml", f'title = "A fictional meeting"\ndate = 2020-01-01\n{body}[[sources]]\ntitle = "A fictional source"\n')
    result = invoke("show", "2020-01-01-fictional", "--records", tmp_path, "-f", "json")
    assert result.exit_code == 0, result.output
    import json

    value = json.loads(result.output)
    for key in field:
        value = value[key]
    assert value == expected
    assert "\x1b" not in result.output and "\x07" not in result.output
