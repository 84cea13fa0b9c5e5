"""The catalogue of broken files: each gives exit 1, its path:line, a clear message, no traceback.

Every file in tests/errors/ starts with `# expect: LINE: MESSAGE` naming what `briefing check`
must say about it. Each file is checked alone, in a folder of its own, beside one good record
that must keep loading.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import MINIMAL, write

CATALOGUE = sorted((Path(__file__).parent / "errors").glob("*.toml"))


def expectation(path: Path) -> tuple[int, str]:
    first = path.read_bytes().split(b"\n", 1)[0].decode("ascii")
    assert first.startswith("# expect: "), f"{path.name} has no '# expect:' line"
    line, message = first.removeprefix("# expect: ").split(": ", 1)
    return int(line), message


def test_catalogue_covers_the_kinds_of_error() -> None:
    names = {p.stem for p in CATALOGUE}
    for kind in ("syntax-error", "duplicate-key", "impossible-date", "wrong-encoding", "deep-nesting",
                 "unknown-key", "missing-title", "wrong-type", "unknown-country"):
        assert kind in names


@pytest.mark.parametrize("path", CATALOGUE, ids=[p.stem for p in CATALOGUE])
def test_broken_file_is_reported_with_its_line(path: Path, tmp_path: Path, invoke) -> None:
    line, message = expectation(path)
    shutil.copy(path, tmp_path / path.name)
    write(tmp_path, "2020-01-01-good.toml", MINIMAL.format(title="A good fictional meeting", date="2020-01-01"))
    result = invoke("check", "--records", tmp_path, "--as-of", "2024-01-01")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [ln for ln in result.output.splitlines() if path.name in ln]
    assert lines, result.output
    assert any(f"{path.name}:{line}: " in ln and message in ln for ln in lines), lines
    # The good record still loads: nothing is said about it.
    assert "2020-01-01-good.toml" not in result.output


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path, invoke) -> None:
    for path in CATALOGUE[:5]:
        shutil.copy(path, tmp_path / path.name)
    result = invoke("check", "--records", tmp_path)
    assert result.exit_code == 1
    for path in CATALOGUE[:5]:
        assert path.name in result.output
