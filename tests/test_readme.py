"""Keep the README and docs/ true: the Quick start, the format examples, every command they show.

How console examples are run, and how to bring their output up to date: tests/docs_examples.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing import loader
from tests import docs_examples
from tests.docs_examples import DOCS, README_TODAY, page_name
from tests.helpers import REPO

PAGES = docs_examples.pages()
README = (REPO / "README.md").read_text(encoding="utf-8")


def blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", text, flags=re.S | re.M)


def readme_commands() -> list[str]:
    return [step.command for step in docs_examples.steps(README)]


@pytest.mark.parametrize("page", [p for p in PAGES if docs_examples.steps(p.read_text(encoding="utf-8"))], ids=page_name)
def test_console_examples_print_what_they_show(page: Path, tmp_path: Path) -> None:
    wrong = docs_examples.check_page(page, tmp_path)
    assert not wrong, f"{page_name(page)}: the output shown is not what the command prints (python -m tests.docs_examples --update rewrites it):\n\n" + "\n\n".join(wrong)


def quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    [block] = re.findall(r"```\w*\n(.*?)```", section, flags=re.S)
    return [ln.strip() for ln in block.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def test_quick_start_has_exactly_two_commands() -> None:
    install, tests = quick_start()
    assert "briefing country uzbekistan" in install
    assert "pytest" in tests


def test_quick_start_needs_no_active_environment() -> None:
    """The first command makes the virtual environment it installs into; both then use it."""
    install, tests = quick_start()
    assert install.startswith("python3 -m venv .venv && .venv/bin/python -m pip install ")
    assert install.endswith("&& .venv/bin/briefing country uzbekistan")
    assert tests.startswith(".venv/bin/python -m pytest")


def test_ci_runs_the_quick_start_as_written() -> None:
    """.ci/run runs the README's two commands, each as a line of its own, install first."""
    ci = [ln.strip() for ln in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    install, tests = quick_start()
    assert install in ci and tests in ci
    assert ci.index(install) < ci.index(tests)
    assert "export HYPOTHESIS_PROFILE=ci" in ci[: ci.index(tests)], "CI runs the property tests in full"


def test_format_examples_load(tmp_path: Path) -> None:
    toml_blocks = [b for page in PAGES for b in blocks(page.read_text(encoding="utf-8"), "toml")]
    meeting = next(b for b in toml_blocks if b.lstrip().startswith("# An invented example"))
    series = next(b for b in toml_blocks if "records/series/example-talks.toml" in b)
    (tmp_path / "series").mkdir()
    (tmp_path / "series" / "example-talks.toml").write_text(series, encoding="utf-8")
    (tmp_path / "2019-05-14-example-talks-3.toml").write_text(meeting, encoding="utf-8")
    result = loader.load(tmp_path, README_TODAY)
    # The example's fulfilled_by names a record the example does not include; nothing else may fail.
    assert [p.field for p in result.problems] == ["commitments[0].fulfilled_by"]
    assert len(result.meetings) == 1 and len(result.series) == 1


def test_readme_shows_every_report_and_format() -> None:
    commands = readme_commands()
    for report in ("country", "timeline", "next", "compare", "series", "search", "check"):
        assert any(c == f"briefing {report}" or c.startswith(f"briefing {report} ") for c in commands), report
    for fmt in ("markdown", "json", "ics"):
        assert any(f"-f {fmt}" in c for c in commands), fmt
    assert "briefing country uzbekistan" in " ".join(commands)


def test_readme_tours_every_command(invoke) -> None:
    """Each command `briefing --help` lists is shown in the README, in a console or sh block."""
    help_text = invoke("--help").output
    listed = re.findall(r"^  (\w[\w-]*)  ", help_text.split("Commands:", 1)[1], flags=re.M)
    assert "country" in listed
    shown = "\n".join(blocks(README, "console") + blocks(README, "sh"))
    settings = r"""(?:[A-Z_][A-Z0-9_]*=(?:'[^']*'|"[^"]*"|\S+) +)*"""  # EDITOR='sed -i ...' briefing edit
    missing = [name for name in listed if not re.search(rf"^\$ {settings}briefing {name}\b", shown, flags=re.M)]
    assert not missing, f"add a short example of these commands to the README's tour: {missing}"


def test_readme_is_short() -> None:
    assert len(README.splitlines()) < 400, "the reference belongs in docs/; the README is for a newcomer"


def test_every_docs_page_is_listed_and_every_link_leads_somewhere() -> None:
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    for page in DOCS.rglob("*.md"):
        if page.name != "README.md":
            assert f"]({page.relative_to(DOCS).as_posix()}" in index, f"list {page_name(page)} in docs/README.md"
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
            if "://" in target or target.startswith("mailto:"):
                continue
            assert (page.parent / target).exists(), f"{page_name(page)} links to {target}, which does not exist"
