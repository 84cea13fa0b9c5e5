"""Keep the README true: the Quick start, the format examples, and every command it shows."""

from __future__ import annotations

import datetime as dt
import re
import shlex
from pathlib import Path

import pytest

from briefing import loader
from tests.helpers import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
# The day the README's example output was made: commands that depend on today run as of then.
README_TODAY = dt.date(2026, 11, 22)


def blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def test_quick_start_has_exactly_two_commands() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    [block] = re.findall(r"```\w*\n(.*?)```", section, flags=re.S)
    commands = [ln for ln in block.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    assert len(commands) == 2
    assert "briefing country uzbekistan" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    section = README.split("## Quick start", 1)[1]
    test_command = re.findall(r"```\w*\n(.*?)```", section, flags=re.S)[0].strip().splitlines()[1].strip()
    assert test_command in (REPO / ".ci" / "run").read_text()


def test_format_examples_load(tmp_path: Path) -> None:
    toml_blocks = blocks("toml")
    meeting = next(b for b in toml_blocks if b.lstrip().startswith("# An invented example"))
    series = next(b for b in toml_blocks if "records/series/example-talks.toml" in b)
    (tmp_path / "series").mkdir()
    (tmp_path / "series" / "example-talks.toml").write_text(series, encoding="utf-8")
    (tmp_path / "2019-05-14-example-talks-3.toml").write_text(meeting, encoding="utf-8")
    result = loader.load(tmp_path, README_TODAY)
    # The example's fulfilled_by names a record the example does not include; nothing else may fail.
    assert [p.field for p in result.problems] == ["commitments[0].fulfilled_by"]
    assert len(result.meetings) == 1 and len(result.series) == 1


def console_examples() -> list[tuple[str, str]]:
    """(command, expected output) for every `$ briefing ...` line in a console block."""
    out = []
    for block in blocks("console"):
        parts = re.split(r"^\$ ", block, flags=re.M)
        for part in parts[1:]:
            command, _, output = part.partition("\n")
            if command.startswith("briefing "):
                out.append((command, output))
    return out


@pytest.mark.parametrize("command, expected", console_examples(), ids=[c for c, _ in console_examples()])
def test_readme_commands_print_what_it_shows(command: str, expected: str, invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    import briefing.cli.common as common

    real = common.today_or
    monkeypatch.setattr(common, "today_or", lambda as_of: real(as_of) if as_of else README_TODAY)
    monkeypatch.chdir(REPO)
    args = shlex.split(command)[1:]
    result = invoke(*args)
    if not expected.strip():
        return  # a command shown without output: it must at least run
    assert result.output.rstrip() == expected.rstrip()


def test_readme_shows_every_report_and_format() -> None:
    commands = [c for c, _ in console_examples()]
    for report in ("country", "timeline", "next", "compare", "series", "search", "check"):
        assert any(c == f"briefing {report}" or c.startswith(f"briefing {report} ") for c in commands), report
    for fmt in ("markdown", "json", "ics"):
        assert any(f"-f {fmt}" in c for c in commands), fmt
    assert "briefing country uzbekistan" in commands
