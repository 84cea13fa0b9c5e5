"""Hostile records cost time in proportion to their size, and fill no screen.

One file with thousands of the same fault (bench/hostile.py makes them; `python bench/hostile.py`
measures them at full size): the cost of `check` must grow linearly — four times the faults, at
most about four times the time (the ratio of two sizes in one run, never an absolute time) — and
a file's problems are capped, with one more that counts the rest.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import time
from pathlib import Path

import pytest

from briefing import loader
from tests.helpers import REPO

_spec = importlib.util.spec_from_file_location("hostile", REPO / "bench" / "hostile.py")
hostile = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(hostile)  # type: ignore[union-attr]

TODAY = dt.date(2024, 1, 1)
MAX_PROBLEMS_PER_FILE = 100  # shown per file (docs/guarantees.md); one more counts the rest
SIZES = {"dangling": 600, "countries": 500, "unknown-keys": 3000, "unknown-nested": 900}


def check_seconds(folder: Path) -> float:
    """The best of three: `check` of the folder, loaded and its problems worded, in CPU seconds of this
    process (what other processes on the machine do is not counted)."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        "\n".join(str(p) for p in loader.load(folder, TODAY).problems)  # as check prints them
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("case", sorted(SIZES))
def test_four_times_the_faults_cost_about_four_times_the_time(case: str, tmp_path: Path) -> None:
    n = SIZES[case]
    small = hostile.write_case(case, n, tmp_path / "small")
    large = hostile.write_case(case, 4 * n, tmp_path / "large")
    check_seconds(small)  # warm up: imports, country names
    ratio = check_seconds(large) / check_seconds(small)
    assert ratio < 7, f"{case}: 4x the size took {ratio:.1f}x the time (linear is 4x, quadratic 16x)"


@pytest.mark.parametrize("case", sorted(SIZES))
def test_a_file_shows_at_most_so_many_problems_and_counts_the_rest(case: str, tmp_path: Path) -> None:
    n = SIZES[case]
    result = loader.load(hostile.write_case(case, n, tmp_path), TODAY)
    mine = [p for p in result.problems if p.path.endswith("2020-01-01-hostile.toml")]
    assert len(mine) == MAX_PROBLEMS_PER_FILE + 1
    *shown, rest = mine
    assert all(p.line and p.field for p in shown)
    assert f"and {n - MAX_PROBLEMS_PER_FILE:,} more problem(s)" in rest.message
    assert [p.line for p in shown] == sorted(p.line for p in shown)  # top to bottom
    # The good record beside it still loads (and so does the hostile one, if its only fault is
    # that its references point nowhere).
    assert result.count == (2 if case == "dangling" else 1)


def test_did_you_mean_is_given_on_the_first_of_many(tmp_path: Path) -> None:
    (tmp_path / "2020-01-01-x.toml").write_text(
        hostile.HEAD + "".join(f'\n[[participants]]\nname = "P{i}"\ncountry = "{name}"\n' for i, name in enumerate(["Uzbekstan"] * 300 + ["Kazakstan"])),
        encoding="utf-8",
    )
    problems = loader.load(tmp_path, TODAY).problems
    assert problems[0].message == "unknown country 'Uzbekstan' (did you mean Uzbekistan?)"
    assert problems[0].field == "participants[0].country" and problems[0].line == 9
    assert len(problems) == MAX_PROBLEMS_PER_FILE + 1
