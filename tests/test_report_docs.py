"""Keep docs/readme/reports.md true: every `$ briefing ...` in its console blocks prints exactly
what the page shows (run as tests/test_readme.py runs the README: repo root, today 2026-11-22)."""

from __future__ import annotations

import datetime as dt
import re
import shlex

import pytest

from tests.conftest import REPO

DOC = REPO / "docs" / "readme" / "reports.md"
DOC_TODAY = dt.date(2026, 11, 22)


def examples() -> list[tuple[str, str]]:
    if not DOC.exists():
        return []
    out = []
    for block in re.findall(r"```console\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S):
        for part in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = part.partition("\n")
            out.append((command, output))
    return out


def test_the_page_shows_every_report_and_format() -> None:
    if not DOC.exists():
        pytest.skip("merged into the README")
    commands = [c for c, _ in examples()]
    for report in ("country", "timeline", "next", "compare", "series"):
        assert any(c.startswith(f"briefing {report} ") or c == f"briefing {report}" for c in commands), report
    for fmt in ("markdown", "json", "ics"):
        assert any(f"-f {fmt}" in c for c in commands), fmt
    assert "briefing country uzbekistan" in commands


@pytest.mark.parametrize("command, expected", examples(), ids=[c for c, _ in examples()])
def test_commands_print_what_the_page_shows(command: str, expected: str, invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    import briefing.cli.common as common

    real = common.today_or
    monkeypatch.setattr(common, "today_or", lambda as_of: real(as_of) if as_of else DOC_TODAY)
    monkeypatch.chdir(REPO)
    result = invoke(*shlex.split(command)[1:])
    assert result.exit_code == 0, result.output
    assert result.output.rstrip() == expected.rstrip()
