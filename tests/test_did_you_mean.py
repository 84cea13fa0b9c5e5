"""Every closed list answers a typo with the closest name: kinds, statuses, modes, formats, ..."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.wording import closest, did_you_mean
from tests.helpers import write


def test_closest() -> None:
    assert closest("sumit", ["summit", "visit"]) == "summit"
    assert closest("SUMMIT", ["summit"]) == "summit"  # any case
    assert closest("foreign", ["foreign-ministers", "forum"]) == "foreign-ministers"  # the start of one name
    assert closest("fo", ["foreign-ministers", "forum"]) is None  # of two: no guess
    assert closest("zzz", ["summit"]) is None and did_you_mean("zzz", ["summit"]) == ""
    assert did_you_mean("plannd", ["held", "planned"]) == " (did you mean 'planned'?)"


RECORD = """
    title = "A fictional meeting"
    date = "2021-03-04"
    {line}
    [[sources]]
    title = "A fictional source"
    {source}
"""


@pytest.mark.parametrize(
    "line, source, says",
    [
        ('kind = "sumit"', "", "kind: not one of the allowed values: 'summit'"),
        ('status = "plannd"', "", "(did you mean 'planned'?)"),
        ('mode = "vidéo"', "", "(did you mean 'video'?)"),
        ('kind = "sumit"', "", "(did you mean 'summit'?)"),
        ("", 'kind = "ofical"', "sources[0].kind: not one of the allowed values: 'official', 'press' or 'analysis' (did you mean 'official'?)"),
        ('[[commitments]]\ntext = "Do it"\nstatus = "don"', "", "commitments[0].status: not one of the allowed values: 'open', 'done' or 'dropped' (did you mean 'done'?)"),
    ],
)
def test_record_values(invoke, tmp_path: Path, line: str, source: str, says: str) -> None:
    text = RECORD.format(line=line.replace("\n", "\n    "), source=source)
    if line.startswith("[[commitments]]"):  # a table after [[sources]] would belong to it: put it last
        text = RECORD.format(line="", source="") + line.replace("\n", "\n") + "\n"
    write(tmp_path, "2021-03-04-fictional.toml", text)
    result = invoke("check", "--records", tmp_path)
    assert result.exit_code == 1
    assert says in result.stdout, result.stdout


@pytest.mark.parametrize(
    "args, says",
    [
        (["timeline", "--kind", "sumit"], "--kind: 'sumit' is not one of: summit, "),
        (["timeline", "--kind", "sumit"], "(did you mean 'summit'?)"),
        (["search", "x", "--status", "plannd"], "(did you mean 'planned'?)"),
        (["timeline", "-f", "markdwn"], "--format: 'markdwn' is not one of: text, markdown, json (did you mean 'markdown'?)"),
        (["timeline", "-f", "md"], "(did you mean 'markdown'?)"),
        (["check", "-f", "jsno"], "(did you mean 'json'?)"),
        (["new", "--title", "T", "--date", "2020", "--source", "S", "--kind", "sumit"], "(did you mean 'summit'?)"),
        (["new", "--title", "T", "--date", "2020", "--source", "S", "--status", "hled"], "(did you mean 'held'?)"),
    ],
)
def test_options(invoke, tmp_path: Path, args: list[str], says: str) -> None:
    result = invoke(*args, "--records", tmp_path)
    assert result.exit_code == 2
    assert says in result.stderr, result.stderr
